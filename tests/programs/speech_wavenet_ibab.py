"""ibab/tensorflow-wavenet (2016-2017): mu-law encode/decode, one-hot input, causal dilated conv
via time_to_batch/batch_to_time (pad/reshape/transpose), gated tanh*sigmoid units, residual +
skip connections, softmax loss with l2 regularisation, Adam; fast generation with FIFO queues."""
import numpy as np
TAGS = ['speech', 'nn', 'queue', 'train']
TOLERANCE = {'*': (2e-4, 2e-5)}


def mu_law_encode(tf, audio, quantization_channels):
    with tf.name_scope('encode'):
        mu = tf.to_float(quantization_channels - 1)
        safe_audio_abs = tf.minimum(tf.abs(audio), 1.0)
        magnitude = tf.log1p(mu * safe_audio_abs) / tf.log1p(mu)
        signal = tf.sign(audio) * magnitude
        return tf.to_int32((signal + 1) / 2 * mu + 0.5)


def mu_law_decode(tf, output, quantization_channels):
    with tf.name_scope('decode'):
        mu = quantization_channels - 1
        signal = 2 * (tf.to_float(output) / mu) - 1
        magnitude = (1 / mu) * ((1 + mu)**abs(signal) - 1)
        return tf.sign(signal) * magnitude


def time_to_batch(tf, value, dilation, name=None):
    with tf.name_scope('time_to_batch'):
        shape = tf.shape(value)
        pad_elements = dilation - 1 - (shape[1] + dilation - 1) % dilation
        padded = tf.pad(value, [[0, 0], [0, pad_elements], [0, 0]])
        reshaped = tf.reshape(padded, [-1, dilation, shape[2]])
        transposed = tf.transpose(reshaped, perm=[1, 0, 2])
        return tf.reshape(transposed, [shape[0] * dilation, -1, shape[2]])


def batch_to_time(tf, value, dilation, name=None):
    with tf.name_scope('batch_to_time'):
        shape = tf.shape(value)
        prepared = tf.reshape(value, [dilation, -1, shape[2]])
        transposed = tf.transpose(prepared, perm=[1, 0, 2])
        return tf.reshape(transposed, [tf.div(shape[0], dilation), -1, shape[2]])


def causal_conv(tf, value, filter_, dilation, name='causal_conv'):
    with tf.name_scope(name):
        filter_width = tf.shape(filter_)[0]
        if dilation > 1:
            transformed = time_to_batch(tf, value, dilation)
            conv = tf.nn.conv1d(transformed, filter_, stride=1, padding='VALID')
            restored = batch_to_time(tf, conv, dilation)
        else:
            restored = tf.nn.conv1d(value, filter_, stride=1, padding='VALID')
        out_width = tf.shape(value)[1] - (filter_width - 1) * dilation
        return tf.slice(restored, [0, 0, 0], [-1, out_width, -1])


def main(tf):
    out = {}
    Q, R, D, S = 16, 8, 8, 12
    dilations = [1, 2, 4, 1, 2]
    audio = np.sin(np.linspace(0, 12, 40))[None, :, None].astype(np.float32) * 0.7
    init = tf.contrib.layers.xavier_initializer_conv2d(seed=3) if getattr(
        tf, 'contrib', None) else tf.glorot_uniform_initializer(seed=3)
    V = {}
    with tf.variable_scope('wavenet'):
        with tf.variable_scope('causal_layer'):
            V['causal'] = tf.get_variable('filter', [2, Q, R], initializer=init)
        for i, d in enumerate(dilations):
            with tf.variable_scope('dilated_stack/layer{}'.format(i)):
                for n, shp in (('filter', [2, R, D]), ('gate', [2, R, D]), ('dense', [1, D, R]),
                               ('skip', [1, D, S])):
                    V['%s%d' % (n, i)] = tf.get_variable(n, shp, initializer=init)
                V['gate_bias%d' % i] = tf.get_variable('gate_bias', [D],
                                                       initializer=tf.constant_initializer(0.1))
        with tf.variable_scope('postprocessing'):
            V['post1'] = tf.get_variable('postprocess1', [1, S, S], initializer=init)
            V['post2'] = tf.get_variable('postprocess2', [1, S, Q], initializer=init)
    audio_in = tf.placeholder(tf.float32, [1, None, 1])
    encoded = mu_law_encode(tf, audio_in, Q)
    one_hot = tf.one_hot(encoded, depth=Q, dtype=tf.float32)
    one_hot = tf.reshape(one_hot, [1, -1, Q])
    receptive = 2 + sum(dilations)
    network_input = tf.slice(one_hot, [0, 0, 0], [-1, tf.shape(one_hot)[1] - 1, -1])
    current = causal_conv(tf, network_input, V['causal'], 1)
    outputs = []
    output_width = tf.shape(network_input)[1] - receptive + 1
    for i, d in enumerate(dilations):
        conv_filter = causal_conv(tf, current, V['filter%d' % i], d)
        conv_gate = causal_conv(tf, current, V['gate%d' % i], d) + V['gate_bias%d' % i]
        out_ = tf.tanh(conv_filter) * tf.sigmoid(conv_gate)
        transformed = tf.nn.conv1d(out_, V['dense%d' % i], stride=1, padding='SAME')
        skip_cut = tf.shape(out_)[1] - output_width
        out_skip = tf.slice(out_, [0, skip_cut, 0], [-1, -1, -1])
        outputs.append(tf.nn.conv1d(out_skip, V['skip%d' % i], stride=1, padding='SAME'))
        input_cut = tf.shape(current)[1] - tf.shape(transformed)[1]
        current = tf.slice(current, [0, input_cut, 0], [-1, -1, -1]) + transformed
    total = sum(outputs)
    raw_output = tf.nn.conv1d(tf.nn.relu(tf.nn.conv1d(tf.nn.relu(total), V['post1'], 1, 'SAME')),
                              V['post2'], 1, 'SAME')
    target_output = tf.slice(tf.reshape(one_hot, [1, -1, Q]), [0, receptive, 0], [-1, -1, -1])
    target_output = tf.reshape(target_output, [-1, Q])
    prediction = tf.reshape(raw_output, [-1, Q])
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(logits=prediction, labels=target_output)
    reduced_loss = tf.reduce_mean(loss)
    l2 = 1e-3 * tf.add_n([tf.nn.l2_loss(v) for v in tf.trainable_variables()
                          if 'bias' not in v.name])
    total_loss = reduced_loss + l2
    train = tf.train.AdamOptimizer(1e-2, epsilon=1e-4).minimize(total_loss)
    proba = tf.nn.softmax(tf.cast(prediction, tf.float64))
    decoded = mu_law_decode(tf, tf.argmax(prediction, 1), Q)
    # fast generation: one queue per dilated layer holding past activations
    gen_in = tf.placeholder(tf.int32, [])
    q = tf.FIFOQueue(2, dtypes=tf.float32, shapes=(1, Q))
    q_init = q.enqueue_many(tf.zeros((2, 1, Q)))
    x = tf.one_hot(tf.reshape(gen_in, [1]), Q)
    past = q.dequeue()
    push = q.enqueue([x])
    w = V['causal']
    gen_out = tf.matmul(past, w[0, :, :]) + tf.matmul(x, w[1, :, :])
    with tf.control_dependencies([push]):
        gen_out = tf.identity(gen_out)
    feed = {audio_in: audio}
    out['shapes'] = [str(t.get_shape()) for t in (encoded, one_hot, current, raw_output)]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out['encoded'] = sess.run(encoded, feed)
        out['mu_roundtrip'] = sess.run(mu_law_decode(tf, encoded, Q), feed)
        out['width'] = sess.run(output_width, feed)
        out['losses'] = np.array([sess.run([total_loss, train], feed)[0] for _ in range(4)])
        out['proba'] = sess.run(proba, feed)[:4]
        out['decoded'] = sess.run(decoded, feed)
        sess.run(q_init)
        gens = [sess.run(gen_out, {gen_in: s}) for s in (3, 7, 15, 0)]
        out['gen'] = np.concatenate(gens)
        out['qsize'] = sess.run(q.size())
    return out
