"""Imitates tensorflow/models research/attention_ocr model.py: conv tower with batch norm, encode_coordinates_fn
(meshgrid + one_hot location features), attention LSTM decoder with one-hot char embeddings of the previous
label, label-smoothed weighted sequence loss, char ids mapped to text with a lookup table and reduce_join,
scalar/histogram/text/image summaries read back with tf.train.summary_iterator."""
import os
import numpy as np
TAGS = ['train', 'rnn', 'summary', 'lookup', 'layers']
TOLERANCE = {'*': (1e-4, 1e-5)}


def encode_coordinates_fn(tf, net):
    batch_size, h, w, _ = net.shape.as_list()
    x, y = tf.meshgrid(tf.range(w), tf.range(h))
    w_loc = tf.one_hot(x, depth=w)
    h_loc = tf.one_hot(y, depth=h)
    loc = tf.concat([h_loc, w_loc], 2)
    loc = tf.tile(tf.expand_dims(loc, 0), [batch_size, 1, 1, 1])
    return tf.concat([net, loc], 3)


def main(tf):
    tf.set_random_seed(23)
    rng = np.random.RandomState(8)
    B, num_char_classes, seq_length, null_code = 2, 6, 4, 5
    images = tf.constant(rng.rand(B, 8, 16, 3).astype(np.float32))
    labels = tf.constant([[0, 2, 3, 5], [1, 1, 5, 5]], tf.int64)
    with tf.variable_scope('conv_tower_fn/INCE'):
        net = tf.layers.conv2d(images, 4, 3, padding='same', activation=tf.nn.relu, name='Conv2d_1a',
                               kernel_initializer=tf.variance_scaling_initializer(seed=1))
        net = tf.layers.max_pooling2d(net, 2, 2, name='MaxPool_2a')
        net = tf.layers.batch_normalization(net, training=True, name='BN')
    net = encode_coordinates_fn(tf, net)
    feat_shape = net.get_shape().as_list()
    net_flat = tf.reshape(net, [B, -1, feat_shape[-1]])
    num_units = 5
    cell = tf.nn.rnn_cell.LSTMCell(num_units, use_peepholes=False, cell_clip=10.0, state_is_tuple=True,
                                   initializer=tf.orthogonal_initializer(seed=3))
    char_emb = tf.one_hot(labels, num_char_classes)  # one-hot char embeddings
    state = cell.zero_state(B, tf.float32)
    att_w = tf.get_variable('attention/W', [feat_shape[-1], num_units],
                            initializer=tf.truncated_normal_initializer(stddev=0.1, seed=4))
    att_v = tf.get_variable('attention/v', [num_units], initializer=tf.truncated_normal_initializer(stddev=0.1, seed=5))
    keys = tf.tensordot(net_flat, att_w, axes=[[2], [0]])
    logits_list, alignments = [], []
    prev = tf.zeros([B, num_char_classes])
    with tf.variable_scope('sequence_logit_fn'):
        for t in range(seq_length):
            if t > 0:
                tf.get_variable_scope().reuse_variables()
                prev = char_emb[:, t - 1]
            query = tf.expand_dims(state.h, 1)
            score = tf.reduce_sum(att_v * tf.tanh(keys + query), [2])
            a = tf.nn.softmax(score)
            alignments.append(a)
            context = tf.reduce_sum(tf.expand_dims(a, 2) * net_flat, 1)
            output, state = cell(tf.concat([prev, context], 1), state)
            logits_list.append(tf.layers.dense(output, num_char_classes, name='char_logits',
                                               kernel_initializer=tf.glorot_uniform_initializer(seed=6)))
    chars_logit = tf.stack(logits_list, axis=1)
    log_prob = tf.nn.log_softmax(chars_logit)
    ids = tf.to_int32(tf.argmax(log_prob, axis=2), name='predicted_chars')
    scores = tf.reduce_max(tf.nn.softmax(chars_logit), axis=2)
    weights = tf.to_float(tf.not_equal(labels, null_code))
    onehot = tf.one_hot(labels, num_char_classes, on_value=0.9 + 0.1 / num_char_classes,
                        off_value=0.1 / num_char_classes)
    loss = tf.losses.softmax_cross_entropy(tf.reshape(onehot, [-1, num_char_classes]),
                                           tf.reshape(chars_logit, [-1, num_char_classes]),
                                           weights=tf.reshape(weights, [-1]))
    charset = {0: 'a', 1: 'b', 2: 'c', 3: 'd', 4: 'e', 5: ''}
    table = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(
        tf.constant(list(charset.keys()), tf.int64), tf.constant(list(charset.values()))), default_value='?')
    text = tf.reduce_join(table.lookup(tf.to_int64(ids)), axis=1)
    gt_text = tf.reduce_join(table.lookup(labels), axis=1)
    acc = tf.reduce_mean(tf.to_float(tf.equal(text, gt_text)))
    tf.summary.scalar('CharacterAccuracy', acc)
    tf.summary.histogram('Alignments', tf.stack(alignments))
    tf.summary.text('PredictedText', text)
    tf.summary.image('Image', images, max_outputs=1)
    update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    with tf.control_dependencies(update_ops):
        train = tf.train.MomentumOptimizer(0.5, 0.9, use_nesterov=True).minimize(loss)
    summ = tf.summary.merge_all()
    out = {'feat_shape': feat_shape, 'vars': [v.op.name for v in tf.global_variables()],
           'ids_name': ids.op.name, 'text_shape': text.get_shape().as_list()}
    with tf.Session() as s:
        s.run([tf.global_variables_initializer(), tf.tables_initializer()])
        w = tf.summary.FileWriter('logs')
        ls = []
        for i in range(5):
            l, _, sm = s.run([loss, train, summ])
            ls.append(l)
            w.add_summary(sm, i)
        w.close()
        out['losses'] = np.array(ls)
        out['text'] = list(s.run(text)); out['gt'] = list(s.run(gt_text))
        out['scores'] = s.run(scores)
    kinds = []
    for fn in sorted(os.listdir('logs')):
        for e in tf.train.summary_iterator(os.path.join('logs', fn)):
            for v in e.summary.value:
                kinds.append('%d %s %s' % (e.step, v.tag, v.WhichOneof('value')))
                if v.HasField('histo'):
                    out['histo_%d' % e.step] = [v.histo.min, v.histo.max, v.histo.num, v.histo.sum]
                if v.HasField('image'):
                    out['img'] = [v.image.height, v.image.width, v.image.colorspace]
    out['kinds'] = kinds
    return out
