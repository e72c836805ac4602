"""magenta image_stylization: conditional instance norm (per-style gamma/beta selected by a
style-weights matrix), reflect-padded VALID convs, resize-convolution upsampling with
resize_nearest_neighbor, SYMMETRIC padding gradients, pad error paths."""
import numpy as np
TAGS = ['cv', 'image', 'variables', 'gradients']
TOLERANCE = {'*': (2e-4, 2e-5)}


def main(tf):
    tf.set_random_seed(11)
    rng = np.random.RandomState(11)
    num_styles = 3

    def conditional_instance_norm(inputs, labels, scope=None, epsilon=1e-5):
        with tf.variable_scope(scope, 'ConditionalInstanceNorm', [inputs, labels]):
            params_shape = inputs.get_shape()[-1:]
            axis = [1, 2]

            def _label_conditioned_variable(name, initializer):
                shape = tf.TensorShape([num_styles]).concatenate(params_shape)
                var = tf.get_variable(name, shape=shape, dtype=inputs.dtype.base_dtype,
                                      initializer=initializer, trainable=True)
                conditioned = tf.matmul(labels, var)
                conditioned = tf.expand_dims(tf.expand_dims(conditioned, 1), 1)
                return conditioned

            beta = _label_conditioned_variable('beta', tf.random_normal_initializer(stddev=0.1, seed=1))
            gamma = _label_conditioned_variable('gamma', tf.random_normal_initializer(1.0, 0.1, seed=2))
            mean, variance = tf.nn.moments(inputs, axis, keep_dims=True)
            outputs = tf.nn.batch_normalization(inputs, mean, variance, beta, gamma, epsilon)
            outputs.set_shape(inputs.get_shape())
            return outputs

    def conv2d(x, k, stride, out, scope, labels, activation=tf.nn.relu):
        with tf.variable_scope(scope):
            pad = (k - 1) // 2
            padded = tf.pad(x, [[0, 0], [pad, pad], [pad, pad], [0, 0]], mode='REFLECT')
            y = tf.layers.conv2d(padded, out, k, stride, padding='valid', use_bias=False,
                                 kernel_initializer=tf.glorot_uniform_initializer(seed=len(scope)))
            y = conditional_instance_norm(y, labels)
            return activation(y) if activation else y

    def upsampling(x, k, stride, out, scope, labels, activation=tf.nn.relu):
        with tf.variable_scope(scope):
            _, height, width, _ = [s.value for s in x.get_shape()]
            upsampled = tf.image.resize_nearest_neighbor(x, [stride * height, stride * width])
            return conv2d(upsampled, k, 1, out, 'conv', labels, activation)

    x = tf.constant(rng.rand(2, 8, 8, 3).astype(np.float32))
    style_weights = tf.constant([[0.0, 1.0, 0.0], [0.3, 0.3, 0.4]])
    with tf.variable_scope('transformer'):
        h = conv2d(x, 3, 1, 4, 'contract1', style_weights)
        h = conv2d(h, 3, 2, 6, 'contract2', style_weights)
        h = upsampling(h, 3, 2, 4, 'expand1', style_weights)
        y = conv2d(h, 3, 1, 3, 'expand2', style_weights, activation=tf.nn.sigmoid)
    loss = tf.reduce_mean(tf.square(y - x))
    tv = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES)
    grads = tf.gradients(loss, tv + [x])
    sym = tf.pad(x[:1, :3, :3, :1], [[0, 0], [2, 1], [1, 2], [0, 0]], mode='symmetric')
    sym_grad = tf.gradients(tf.reduce_sum(sym * 1.5), x)[0]
    refl_small = tf.placeholder(tf.float32, [None, None])
    refl = tf.pad(refl_small, [[2, 2], [0, 1]], mode='REFLECT')
    nn_ac = tf.image.resize_nearest_neighbor(x[:, :3, :3, :1], [5, 5], align_corners=True)
    nn_hp = tf.image.resize_images(x[:, :3, :3, :1], [5, 5],
                                   method=tf.image.ResizeMethod.NEAREST_NEIGHBOR)
    res = {}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        vals = sess.run([loss, y] + grads)
        res['loss'], res['y'] = vals[0], vals[1][1, :2, :2]
        res['grad_norms'] = [float(np.linalg.norm(g)) for g in vals[2:]]
        res['sym'] = sess.run(sym)[0, :, :, 0]
        res['sym_grad'] = sess.run(sym_grad)[0, :4, :4, 0]
        res['refl'] = sess.run(refl, {refl_small: np.arange(6.).reshape(3, 2)})
        try:
            sess.run(refl, {refl_small: np.arange(4.).reshape(2, 2)})
        except tf.errors.InvalidArgumentError as e:
            res['refl_err'] = type(e).__name__
        res['nn_ac'] = sess.run(nn_ac)[0, :, :, 0]
        res['nn_hp'] = sess.run(nn_hp)[0, :, :, 0]
    res['var_names'] = [v.name for v in tv]
    res['shapes'] = [str(t.shape) for t in (h, y, sym, refl, nn_ac, nn_hp)]
    res['pad_type'] = [sym.op.type, refl.op.type, sym.op.get_attr('mode')]
    try:
        tf.pad(x, [[0, 0], [8, 8], [0, 0], [0, 0]], mode='REFLECT')
    except ValueError as e:
        res['static_err'] = str(e)[:120]
    return res
