"""pix2pix (affinelayer/pix2pix-tensorflow): U-Net with batchnorm(training=True), PatchGAN, EPS loss."""
import numpy as np
TAGS = ['cv', 'gan', 'train', 'image']
TOLERANCE = {'*': (2e-4, 2e-5)}
EPS = 1e-12


def main(tf):
    tf.set_random_seed(3)
    rng = np.random.RandomState(3)

    def lrelu(x, a):
        with tf.name_scope("lrelu"):
            x = tf.identity(x)
            return (0.5 * (1 + a)) * x + (0.5 * (1 - a)) * tf.abs(x)

    def batchnorm(inputs):
        return tf.layers.batch_normalization(inputs, axis=3, epsilon=1e-5, momentum=0.1, training=True,
                                             gamma_initializer=tf.random_normal_initializer(1.0, 0.02))

    def gen_conv(x, c):
        init = tf.random_normal_initializer(0, 0.02, seed=1)
        return tf.layers.conv2d(x, c, kernel_size=4, strides=(2, 2), padding="same", kernel_initializer=init)

    def gen_deconv(x, c):
        init = tf.random_normal_initializer(0, 0.02, seed=2)
        return tf.layers.conv2d_transpose(x, c, kernel_size=4, strides=(2, 2), padding="same", kernel_initializer=init)

    def discrim_conv(x, c, stride):
        padded = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]], mode="CONSTANT")
        return tf.layers.conv2d(padded, c, kernel_size=4, strides=(stride, stride), padding="valid",
                                kernel_initializer=tf.random_normal_initializer(0, 0.02, seed=3))

    def preprocess(image):
        with tf.name_scope("preprocess"):
            return image * 2 - 1

    def deprocess(image):
        with tf.name_scope("deprocess"):
            return (image + 1) / 2

    def create_generator(gen_inputs, out_channels, ngf=4):
        layers = []
        with tf.variable_scope("encoder_1"):
            layers.append(gen_conv(gen_inputs, ngf))
        for i, c in enumerate([ngf * 2, ngf * 4]):
            with tf.variable_scope("encoder_%d" % (len(layers) + 1)):
                rect = lrelu(layers[-1], 0.2)
                layers.append(batchnorm(gen_conv(rect, c)))
        num_enc = len(layers)
        for dec, (c, dropout) in enumerate([(ngf * 2, 0.5), (ngf, 0.0)]):
            skip = num_enc - dec - 1
            with tf.variable_scope("decoder_%d" % (skip + 1)):
                inp = layers[-1] if dec == 0 else tf.concat([layers[-1], layers[skip]], axis=3)
                out = batchnorm(gen_deconv(tf.nn.relu(inp), c))
                if dropout > 0.0:
                    out = tf.nn.dropout(out, keep_prob=1 - dropout, seed=5)
                layers.append(out)
        with tf.variable_scope("decoder_1"):
            inp = tf.concat([layers[-1], layers[0]], axis=3)
            layers.append(tf.tanh(gen_deconv(tf.nn.relu(inp), out_channels)))
        return layers[-1]

    def create_discriminator(inputs, targets, ndf=4):
        x = tf.concat([inputs, targets], axis=3)
        with tf.variable_scope("layer_1"):
            x = lrelu(discrim_conv(x, ndf, 2), 0.2)
        with tf.variable_scope("layer_2"):
            x = lrelu(batchnorm(discrim_conv(x, ndf * 2, 2)), 0.2)
        with tf.variable_scope("layer_3"):
            x = tf.sigmoid(discrim_conv(x, 1, 1))
        return x

    a = rng.rand(2, 16, 16, 3).astype(np.float32)
    b = rng.rand(2, 16, 16, 3).astype(np.float32)
    inputs = preprocess(tf.constant(a))
    targets = preprocess(tf.constant(b))
    with tf.variable_scope("generator"):
        outputs = create_generator(inputs, 3)
    with tf.name_scope("real_discriminator"):
        with tf.variable_scope("discriminator"):
            predict_real = create_discriminator(inputs, targets)
    with tf.name_scope("fake_discriminator"):
        with tf.variable_scope("discriminator", reuse=True):
            predict_fake = create_discriminator(inputs, outputs)
    with tf.name_scope("discriminator_loss"):
        discrim_loss = tf.reduce_mean(-(tf.log(predict_real + EPS) + tf.log(1 - predict_fake + EPS)))
    with tf.name_scope("generator_loss"):
        gen_loss_GAN = tf.reduce_mean(-tf.log(predict_fake + EPS))
        gen_loss_L1 = tf.reduce_mean(tf.abs(targets - outputs))
        gen_loss = gen_loss_GAN * 1.0 + gen_loss_L1 * 100.0
    with tf.name_scope("discriminator_train"):
        dvars = [v for v in tf.trainable_variables() if v.name.startswith("discriminator")]
        dopt = tf.train.AdamOptimizer(0.0002, 0.5)
        dgv = dopt.compute_gradients(discrim_loss, var_list=dvars)
        dtrain = dopt.apply_gradients(dgv)
    with tf.name_scope("generator_train"):
        with tf.control_dependencies([dtrain]):
            gvars = [v for v in tf.trainable_variables() if v.name.startswith("generator")]
            gopt = tf.train.AdamOptimizer(0.0002, 0.5)
            ggv = gopt.compute_gradients(gen_loss, var_list=gvars)
            gtrain = gopt.apply_gradients(ggv)
    ema = tf.train.ExponentialMovingAverage(decay=0.99)
    update_losses = ema.apply([discrim_loss, gen_loss_GAN, gen_loss_L1])
    global_step = tf.train.get_or_create_global_step()
    incr = tf.assign(global_step, global_step + 1)
    train = tf.group(update_losses, incr, gtrain)
    converted = tf.image.convert_image_dtype(deprocess(outputs), dtype=tf.uint8, saturate=True)
    png = tf.map_fn(tf.image.encode_png, converted, dtype=tf.string, name="output_pngs")
    decoded = tf.image.decode_png(png[0])
    res = {}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        res['d_loss0'], res['g_l1_0'] = sess.run([discrim_loss, gen_loss_L1])
        for i in range(3):
            sess.run(train)
        res['ema'] = sess.run([ema.average(discrim_loss), ema.average(gen_loss_GAN), ema.average(gen_loss_L1)])
        res['step'] = sess.run(global_step)
        res['decoded_shape'] = list(sess.run(decoded).shape)
        res['converted_mean'] = float(sess.run(tf.reduce_mean(tf.cast(converted, tf.float32))))
    res['vars'] = sorted(v.name for v in tf.global_variables())
    res['n_update_ops'] = len(tf.get_collection(tf.GraphKeys.UPDATE_OPS))
    res['shapes'] = [str(outputs.shape), str(predict_real.shape), str(png.shape), str(decoded.shape)]
    res['ema_names'] = [ema.average_name(discrim_loss), ema.average(gen_loss_L1).op.name]
    return res
