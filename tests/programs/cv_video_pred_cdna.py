"""Finn et al. 2016 video_prediction (tensorflow/models/research/video_prediction, 2016-2018):
basic_conv_lstm_cell written by hand, layer_norm, CDNA kernels applied with
tf.nn.depthwise_conv2d after a transpose, DNA via extract-by-pad-and-slice, masks by softmax,
scheduled_sample with random_shuffle/gather/dynamic_stitch, conv2d_transpose, gradients."""
TAGS = ['cv', 'rnn', 'gradients', 'random']
import numpy as np
TOLERANCE = {'*': (2e-4, 2e-5)}

def layer_norm(tf, x, scope):
    with tf.variable_scope(scope):
        mean, var = tf.nn.moments(x, [1, 2, 3], keep_dims=True)
        beta = tf.get_variable('beta', x.shape[-1:], initializer=tf.zeros_initializer())
        gamma = tf.get_variable('gamma', x.shape[-1:], initializer=tf.ones_initializer())
        return tf.nn.batch_normalization(x, mean, var, beta, gamma, 1e-12)

def conv_lstm(tf, inputs, state, num_channels, scope, forget_bias=1.0):
    with tf.variable_scope(scope):
        if state is None:
            state = tf.zeros(inputs.get_shape().as_list()[:3] + [2 * num_channels])
        c, h = tf.split(axis=3, num_or_size_splits=2, value=state)
        inputs_h = tf.concat(axis=3, values=[inputs, h])
        i_j_f_o = tf.layers.conv2d(inputs_h, 4 * num_channels, [5, 5], padding='same',
                                   kernel_initializer=tf.glorot_uniform_initializer(seed=3),
                                   name='Gates')
        i, j, f, o = tf.split(value=i_j_f_o, num_or_size_splits=4, axis=3)
        new_c = c * tf.sigmoid(f + forget_bias) + tf.sigmoid(i) * tf.tanh(j)
        new_h = tf.tanh(new_c) * tf.sigmoid(o)
        return new_h, tf.concat(axis=3, values=[new_c, new_h])

def cdna_transformation(tf, prev_image, cdna_input, num_masks, color_channels, K=5):
    batch_size = int(cdna_input.get_shape()[0])
    height = int(prev_image.get_shape()[1])
    width = int(prev_image.get_shape()[2])
    cdna_kerns = tf.layers.dense(cdna_input, K * K * num_masks, name='cdna_params',
                                 kernel_initializer=tf.glorot_uniform_initializer(seed=4))
    cdna_kerns = tf.reshape(cdna_kerns, [batch_size, K, K, 1, num_masks])
    cdna_kerns = tf.nn.relu(cdna_kerns - 1e-12) + 1e-12
    norm_factor = tf.reduce_sum(cdna_kerns, [1, 2, 3], keep_dims=True)
    cdna_kerns /= norm_factor
    cdna_kerns = tf.transpose(cdna_kerns, [1, 2, 0, 4, 3])
    cdna_kerns = tf.reshape(cdna_kerns, [K, K, batch_size, num_masks])
    prev_image = tf.transpose(prev_image, [3, 1, 2, 0])
    transformed = tf.nn.depthwise_conv2d(prev_image, cdna_kerns, [1, 1, 1, 1], 'SAME')
    transformed = tf.reshape(transformed, [color_channels, height, width, batch_size, num_masks])
    transformed = tf.transpose(transformed, [3, 1, 2, 0, 4])
    transformed = tf.unstack(transformed, axis=-1)
    return transformed

def dna_transformation(tf, prev_image, dna_input, K=3):
    prev_image_pad = tf.pad(prev_image, [[0, 0], [1, 1], [1, 1], [0, 0]])
    image_height = int(prev_image.get_shape()[1])
    image_width = int(prev_image.get_shape()[2])
    inputs = []
    for xkern in range(K):
        for ykern in range(K):
            inputs.append(tf.expand_dims(tf.slice(prev_image_pad, [0, xkern, ykern, 0],
                                                  [-1, image_height, image_width, -1]), [3]))
    inputs = tf.concat(axis=3, values=inputs)
    kernel = tf.nn.relu(dna_input - 1e-12) + 1e-12
    kernel = tf.expand_dims(kernel / tf.reduce_sum(kernel, [3], keep_dims=True), [4])
    return tf.reduce_sum(kernel * inputs, [3], keep_dims=False)

def scheduled_sample(tf, ground_truth_x, generated_x, batch_size, num_ground_truth):
    idx = tf.random_shuffle(tf.range(int(batch_size)), seed=9)
    ground_truth_idx = tf.gather(idx, tf.range(num_ground_truth))
    generated_idx = tf.gather(idx, tf.range(num_ground_truth, int(batch_size)))
    ground_truth_examps = tf.gather(ground_truth_x, ground_truth_idx)
    generated_examps = tf.gather(generated_x, generated_idx)
    return tf.dynamic_stitch([ground_truth_idx, generated_idx],
                             [ground_truth_examps, generated_examps])

def main(tf):
    tf.set_random_seed(21)
    rng = np.random.RandomState(21)
    B, H, W, C, T, M = 4, 8, 8, 3, 3, 2
    frames = tf.constant(rng.rand(T, B, H, W, C).astype(np.float32))
    images = tf.unstack(frames, axis=0)
    state, gen, k = None, [], tf.cast(tf.round(B * 0.5), tf.int32)
    for t in range(T - 1):
        reuse = bool(gen)
        prev = images[t] if not gen else scheduled_sample(tf, images[t], gen[-1], B, k)
        with tf.variable_scope('model', reuse=reuse):
            enc = tf.layers.conv2d(prev, 8, 5, strides=2, padding='same', name='scale1_conv1',
                                   kernel_initializer=tf.glorot_uniform_initializer(seed=1))
            enc = layer_norm(tf, enc, 'layer_norm1')
            hidden, state = conv_lstm(tf, enc, state, 8, 'state1')
            hidden = layer_norm(tf, hidden, 'layer_norm2')
            up = tf.layers.conv2d_transpose(hidden, 8, 3, strides=2, padding='same',
                                            name='convt1',
                                            kernel_initializer=tf.glorot_uniform_initializer(seed=2))
            transformed = cdna_transformation(tf, prev, tf.reshape(hidden, [B, -1]), M, C)
            dna_in = tf.layers.conv2d(up, 9, 1, name='dna_conv',
                                      kernel_initializer=tf.glorot_uniform_initializer(seed=5))
            transformed.append(dna_transformation(tf, prev, dna_in))
            masks = tf.layers.conv2d_transpose(up, M + 2, 1, strides=1, padding='same',
                                               name='convt7',
                                               kernel_initializer=tf.glorot_uniform_initializer(seed=6))
            masks = tf.reshape(tf.nn.softmax(tf.reshape(masks, [-1, M + 2])),
                               [B, H, W, M + 2])
            mask_list = tf.split(axis=3, num_or_size_splits=M + 2, value=masks)
            output = mask_list[0] * prev
            for layer, mask in zip(transformed, mask_list[1:]):
                output += layer * mask
            gen.append(output)
    loss = tf.add_n([tf.reduce_mean(tf.square(g - images[i + 1])) for i, g in enumerate(gen)])
    psnr = 10.0 * tf.log(1.0 / loss) / tf.log(10.0)
    tv = tf.trainable_variables()
    grads = tf.gradients(loss, tv)
    res = {'vars': [v.name + str(v.shape) for v in tv], 'out_name': gen[-1].name,
           'shapes': [str(t.shape) for t in transformed]}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out = sess.run({'gen': gen, 'loss': loss, 'psnr': psnr, 'grads': grads})
    res.update(out)
    return res
