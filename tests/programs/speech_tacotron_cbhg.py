"""keithito/tacotron and Rayhane-mamah/Tacotron-2 (2017-2018): prenet (dense+dropout), CBHG (conv1d
bank with batch norm, max_pooling1d, projections, highway, bidirectional GRU), a hand-written
location- sensitive attention decoder in a while_loop with TensorArrays, stop-token loss, L1 mel
loss."""
import numpy as np
TAGS = ['speech', 'rnn', 'control_flow', 'train', 'layers']
TOLERANCE = {'*': (2e-4, 2e-5)}


def prenet(tf, inputs, is_training, layer_sizes, scope):
    x = inputs
    drop_rate = 0.5 if is_training else 0.0
    with tf.variable_scope(scope or 'prenet'):
        for i, size in enumerate(layer_sizes):
            dense = tf.layers.dense(x, units=size, activation=tf.nn.relu, name='dense_%d' % (i + 1),
                                    kernel_initializer=tf.glorot_uniform_initializer(seed=10 + i))
            x = tf.layers.dropout(dense, rate=drop_rate, training=is_training, seed=5,
                                  name='dropout_%d' % (i + 1))
    return x


def conv1d(tf, inputs, kernel_size, channels, activation, is_training, scope, seed):
    with tf.variable_scope(scope):
        conv = tf.layers.conv1d(inputs, filters=channels, kernel_size=kernel_size,
                                activation=activation, padding='same',
                                kernel_initializer=tf.glorot_uniform_initializer(seed=seed))
        return tf.layers.batch_normalization(conv, training=is_training)


def highwaynet(tf, inputs, scope, depth):
    with tf.variable_scope(scope):
        H = tf.layers.dense(inputs, units=depth, activation=tf.nn.relu, name='H',
                            kernel_initializer=tf.glorot_uniform_initializer(seed=21))
        T = tf.layers.dense(inputs, units=depth, activation=tf.nn.sigmoid, name='T',
                            bias_initializer=tf.constant_initializer(-1.0),
                            kernel_initializer=tf.glorot_uniform_initializer(seed=22))
        return H * T + inputs * (1.0 - T)


def cbhg(tf, inputs, input_lengths, is_training, scope, K, projections, depth):
    with tf.variable_scope(scope):
        with tf.variable_scope('conv_bank'):
            conv_outputs = tf.concat(
                [conv1d(tf, inputs, k, 8, tf.nn.relu, is_training, 'conv1d_%d' % k, k)
                 for k in range(1, K + 1)], axis=-1)
        maxpool_output = tf.layers.max_pooling1d(conv_outputs, pool_size=2, strides=1,
                                                 padding='same')
        proj1 = conv1d(tf, maxpool_output, 3, projections[0], tf.nn.relu, is_training, 'proj_1', 31)
        proj2 = conv1d(tf, proj1, 3, projections[1], None, is_training, 'proj_2', 32)
        highway_input = proj2 + inputs
        for i in range(2):
            highway_input = highwaynet(tf, highway_input, 'highway_%d' % (i + 1), depth)
        with tf.variable_scope('birnn', initializer=tf.glorot_uniform_initializer(seed=40)):
            outputs, states = tf.nn.bidirectional_dynamic_rnn(
                tf.nn.rnn_cell.GRUCell(depth // 2), tf.nn.rnn_cell.GRUCell(depth // 2),
                highway_input, sequence_length=input_lengths, dtype=tf.float32)
        return tf.concat(outputs, axis=2)


def main(tf):
    out = {}
    tf.set_random_seed(1)
    rng = np.random.RandomState(1)
    B, Tin, Tout, E, M, A = 2, 7, 6, 16, 5, 10
    ids = tf.constant(rng.randint(1, 20, (B, Tin)).astype(np.int32))
    lens = tf.constant([7, 5])
    mel = tf.constant(rng.rand(B, Tout, M).astype(np.float32))
    stop = tf.constant(np.array([[0, 0, 0, 0, 0, 1], [0, 0, 0, 1, 1, 1]], np.float32))
    emb_table = tf.get_variable('embedding', [20, E], tf.float32,
                                initializer=tf.truncated_normal_initializer(stddev=0.5, seed=2))
    embedded = tf.nn.embedding_lookup(emb_table, ids)
    pre = prenet(tf, embedded, True, [E, E], 'encoder_prenet')
    memory = cbhg(tf, pre, lens, True, 'encoder_cbhg', K=3, projections=[E, E], depth=E)
    out['memory_shape'] = str(memory.get_shape())
    with tf.variable_scope('attention'):
        keys = tf.layers.dense(memory, A, use_bias=False, name='memory_layer',
                               kernel_initializer=tf.glorot_uniform_initializer(seed=50))
        query_layer = tf.layers.Dense(A, use_bias=False, name='query_layer',
                                      kernel_initializer=tf.glorot_uniform_initializer(seed=51))
        location_conv = tf.layers.Conv1D(filters=4, kernel_size=3, padding='same', use_bias=True,
                                         kernel_initializer=tf.glorot_uniform_initializer(seed=52),
                                         name='location_features_convolution')
        location_layer = tf.layers.Dense(A, use_bias=False, name='location_features_layer',
                                         kernel_initializer=tf.glorot_uniform_initializer(seed=53))
        v_a = tf.get_variable('attention_variable', [A],
                              initializer=tf.glorot_uniform_initializer(seed=54))
        b_a = tf.get_variable('attention_bias', [A], initializer=tf.zeros_initializer())
    mask = tf.sequence_mask(lens, Tin, dtype=tf.float32)
    cell = tf.nn.rnn_cell.LSTMCell(12, initializer=tf.glorot_uniform_initializer(seed=60))
    proj = tf.layers.Dense(M + 1, name='frame_projection',
                           kernel_initializer=tf.glorot_uniform_initializer(seed=61))
    go = tf.zeros([B, M])
    mel_ta = tf.TensorArray(tf.float32, size=Tout)
    align_ta = tf.TensorArray(tf.float32, size=Tout)
    inputs_ta = tf.TensorArray(tf.float32, size=Tout).unstack(tf.transpose(mel, [1, 0, 2]))

    def body(t, prev, state, prev_align, cum_align, mel_ta, align_ta):
        with tf.variable_scope('decoder', reuse=tf.AUTO_REUSE):
            x = tf.layers.dense(prev, E, activation=tf.nn.relu, name='dec_prenet',
                                kernel_initializer=tf.glorot_uniform_initializer(seed=70))
            ctx = tf.reduce_sum(tf.expand_dims(prev_align, 2) * memory, 1)
            cell_out, state = cell(tf.concat([x, ctx], -1), state)
        q = tf.expand_dims(query_layer(cell_out), 1)
        f = location_layer(location_conv(tf.expand_dims(cum_align, 2)))
        energy = tf.reduce_sum(v_a * tf.tanh(keys + q + f + b_a), [2])
        energy = energy * mask + (1.0 - mask) * -1e9
        align = tf.nn.softmax(energy, axis=-1)
        frame = proj(tf.concat([cell_out, tf.reduce_sum(tf.expand_dims(align, 2) * memory, 1)], -1))
        mel_ta = mel_ta.write(t, frame)
        align_ta = align_ta.write(t, align)
        return (t + 1, inputs_ta.read(t), state, align, cum_align + align, mel_ta, align_ta)

    init_align = tf.one_hot(tf.zeros([B], tf.int32), Tin)
    loop = tf.while_loop(lambda t, *a: t < Tout, body,
                         (0, go, cell.zero_state(B, tf.float32), init_align, init_align,
                          mel_ta, align_ta), maximum_iterations=Tout, swap_memory=True)
    frames = tf.transpose(loop[5].stack(), [1, 0, 2])
    alignments = tf.transpose(loop[6].stack(), [1, 2, 0])
    mel_out, stop_logits = frames[:, :, :M], frames[:, :, M]
    mel_loss = tf.reduce_mean(tf.abs(mel - mel_out))
    stop_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=stop,
                                                                       logits=stop_logits))
    loss = mel_loss + stop_loss
    update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    with tf.control_dependencies(update_ops):
        opt = tf.train.AdamOptimizer(1e-3, 0.9, 0.999)
        gradients, variables = zip(*opt.compute_gradients(loss))
        clipped, gnorm = tf.clip_by_global_norm(gradients, 1.0)
        train = opt.apply_gradients(zip(clipped, variables))
    out['frames_shape'] = str(frames.get_shape())
    out['align_shape'] = str(alignments.get_shape())
    out['update_ops'] = len(update_ops)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        res = []
        for _ in range(3):
            res.append(sess.run([mel_loss, stop_loss, gnorm, train])[:3])
        out['train'] = np.array(res)
        out['align'] = sess.run(alignments)
        out['moving_mean'] = sess.run(tf.global_variables('encoder_cbhg/conv_bank/conv1d_2')[-2])
    out['vars'] = sorted(v.name for v in tf.trainable_variables())[:12]
    return out
