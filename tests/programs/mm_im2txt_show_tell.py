"""tensorflow/models im2txt ShowAndTellModel: conv stand-in image embedding, seq_embeddings via
embedding_lookup, BasicLSTMCell(state_is_tuple=True) + DropoutWrapper, zero_state then one
lstm_cell(image_embeddings) step in scope 'lstm', reuse_variables, dynamic_rnn with
sequence_length=reduce_sum(mask), tf.contrib.layers-like fully_connected logits, weighted
sparse_softmax loss, tf.losses.add_loss / get_total_loss; inference graph with concat state
placeholder 'lstm/state_feed' and split."""
TAGS = ['rnn', 'train', 'random', 'gradients', 'embedding', 'layers', 'graph']
import numpy as np
TOLERANCE = {'*': (2e-4, 2e-5)}
B, T, V, E, H = 3, 5, 9, 6, 8


def build(tf, mode, images, seqs=None, mask=None):
    init = tf.random_uniform_initializer(-0.08, 0.08, seed=3)
    with tf.variable_scope('InceptionV3'):
        net = tf.layers.conv2d(images, 4, 3, strides=2, activation=tf.nn.relu,
                               kernel_initializer=init, name='Conv2d_1a_3x3')
        net = tf.reduce_mean(net, [1, 2], name='AvgPool')
    with tf.variable_scope('image_embedding'):
        image_embeddings = tf.layers.dense(net, E, kernel_initializer=init, name='fc')
    tf.constant(E, name='embedding_size')
    with tf.variable_scope('seq_embedding'), tf.device('/cpu:0'):
        emb_map = tf.get_variable('map', [V, E], initializer=init)
    lstm_cell = tf.nn.rnn_cell.BasicLSTMCell(H, state_is_tuple=True)
    if mode == 'train':
        lstm_cell = tf.nn.rnn_cell.DropoutWrapper(lstm_cell, input_keep_prob=0.7,
                                                  output_keep_prob=0.7, seed=5)
    with tf.variable_scope('lstm', initializer=init) as lstm_scope:
        zero_state = lstm_cell.zero_state(tf.shape(image_embeddings)[0], tf.float32)
        _, initial_state = lstm_cell(image_embeddings, zero_state)
        lstm_scope.reuse_variables()
        if mode == 'inference':
            tf.concat(axis=1, values=initial_state, name='initial_state')
            input_feed = tf.placeholder(tf.int64, [None], name='input_feed')
            state_feed = tf.placeholder(tf.float32, [None, sum(lstm_cell.state_size)],
                                        name='state_feed')
            seq_emb = tf.nn.embedding_lookup(emb_map, input_feed)
            st = tf.split(value=state_feed, num_or_size_splits=2, axis=1)
            out, state_tuple = lstm_cell(seq_emb, tf.nn.rnn_cell.LSTMStateTuple(*st))
            tf.concat(axis=1, values=state_tuple, name='state')
        else:
            seq_emb = tf.nn.embedding_lookup(emb_map, seqs)
            seq_len = tf.reduce_sum(mask, 1)
            out, _ = tf.nn.dynamic_rnn(lstm_cell, seq_emb, sequence_length=seq_len,
                                       initial_state=initial_state, dtype=tf.float32,
                                       scope=lstm_scope)
    out = tf.reshape(out, [-1, lstm_cell.output_size])
    with tf.variable_scope('logits') as logits_scope:
        logits = tf.layers.dense(out, V, kernel_initializer=init, name=logits_scope.name)
    return logits


def main(tf):
    tf.set_random_seed(1)
    rng = np.random.RandomState(0)
    res = {}
    g = tf.Graph()
    with g.as_default():
        images = tf.constant(rng.rand(B, 9, 9, 3).astype(np.float32))
        seqs = tf.constant(rng.randint(1, V, (B, T)).astype(np.int64))
        mask_np = np.array([[1] * 5, [1] * 3 + [0] * 2, [1] * 4 + [0]], np.int32)
        tgt = tf.constant(rng.randint(0, V, (B, T)).astype(np.int64))
        mask = tf.constant(mask_np)
        logits = build(tf, 'train', images, seqs, mask)
        targets = tf.reshape(tgt, [-1])
        weights = tf.to_float(tf.reshape(mask, [-1]))
        losses = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=targets, logits=logits)
        batch_loss = tf.div(tf.reduce_sum(tf.multiply(losses, weights)),
                            tf.reduce_sum(weights), name='batch_loss')
        tf.losses.add_loss(batch_loss)
        total_loss = tf.losses.get_total_loss()
        step = tf.train.get_or_create_global_step()
        opt = tf.train.GradientDescentOptimizer(0.5)
        gv = opt.compute_gradients(total_loss)
        grads, gnorm = tf.clip_by_global_norm([g for g, _ in gv], 5.0)
        train_op = opt.apply_gradients(zip(grads, [v for _, v in gv]), global_step=step)
        res['vars'] = sorted('%s %s' % (v.op.name, v.shape) for v in tf.trainable_variables())
        res['logits_shape'] = str(logits.shape)
        res['loss_names'] = [t.op.name for t in tf.get_collection(tf.GraphKeys.LOSSES)]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            res['loss0'] = sess.run(total_loss)
            res['gnorm'] = sess.run(gnorm)
            for _ in range(3):
                sess.run(train_op)
            res['loss3'] = sess.run(total_loss)
            res['step'] = sess.run(step)
    g2 = tf.Graph()
    with g2.as_default():
        tf.set_random_seed(1)
        img = tf.placeholder(tf.float32, [None, 9, 9, 3], name='image_feed')
        logits = build(tf, 'inference', img)
        tf.nn.softmax(logits, name='softmax')
        res['inf_ops'] = [n for n in ['lstm/initial_state', 'lstm/state', 'lstm/state_feed',
                                      'lstm/input_feed', 'softmax']
                          if g2.get_operation_by_name(n) is not None]
        res['state_shape'] = str(g2.get_tensor_by_name('lstm/state:0').shape)
        res['init_shape'] = str(g2.get_tensor_by_name('lstm/initial_state:0').shape)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            st = sess.run('lstm/initial_state:0', {'image_feed:0': rng.rand(2, 9, 9, 3)})
            res['init_state'] = st
            sm, nst = sess.run(['softmax:0', 'lstm/state:0'],
                               {'lstm/input_feed:0': [1, 2], 'lstm/state_feed:0': st})
            res['softmax'] = sm
            res['new_state'] = nst
    return res
