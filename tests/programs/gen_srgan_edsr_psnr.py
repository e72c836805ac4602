"""SRGAN / EDSR style super-resolution: residual blocks with scaling, pixel shuffle via
depth_to_space, VGG-like content loss on a small random net, psnr/ssim, bicubic baseline."""
import numpy as np
TAGS = ['cv', 'image', 'train']
TOLERANCE = {'*': (3e-4, 3e-5)}


def main(tf):
    tf.set_random_seed(21)
    rng = np.random.RandomState(21)
    hr_np = rng.rand(2, 16, 16, 3).astype(np.float32)
    hr = tf.constant(hr_np, name='hr')
    lr_img = tf.image.resize_bicubic(hr, [8, 8], align_corners=False, name='downsample')
    lr_img = tf.clip_by_value(lr_img, 0.0, 1.0)
    mean_rgb = tf.constant([0.4488, 0.4371, 0.4040])

    def res_block(x, f, scale=0.1, name='res'):
        with tf.variable_scope(name):
            t = tf.layers.conv2d(x, f, 3, padding='same', activation=tf.nn.relu, name='conv1',
                                 kernel_initializer=tf.glorot_uniform_initializer(seed=4))
            t = tf.layers.conv2d(t, f, 3, padding='same', name='conv2',
                                 kernel_initializer=tf.glorot_uniform_initializer(seed=5))
            return x + t * scale

    def upsample(x, scale, f):
        x = tf.layers.conv2d(x, f * scale ** 2, 3, padding='same', name='up_conv',
                             kernel_initializer=tf.variance_scaling_initializer(seed=6))
        return tf.depth_to_space(x, scale, name='pixel_shuffle')

    def edsr(x):
        with tf.variable_scope('edsr'):
            x = x - mean_rgb
            x = tf.layers.conv2d(x, 8, 3, padding='same', name='head',
                                 kernel_initializer=tf.glorot_uniform_initializer(seed=7))
            b = x
            for i in range(2):
                b = res_block(b, 8, name='block_%d' % i)
            b = tf.layers.conv2d(b, 8, 3, padding='same', name='body_tail',
                                 kernel_initializer=tf.glorot_uniform_initializer(seed=8))
            x = x + b
            x = upsample(x, 2, 8)
            x = tf.layers.conv2d(x, 3, 3, padding='same', name='tail',
                                 kernel_initializer=tf.glorot_uniform_initializer(seed=9))
            return x + mean_rgb

    sr = edsr(lr_img)

    def vgg_like(x, reuse):
        with tf.variable_scope('vgg', reuse=reuse):
            x = tf.layers.conv2d(x, 6, 3, padding='same', activation=tf.nn.relu, name='conv1_1', trainable=False,
                                 kernel_initializer=tf.truncated_normal_initializer(stddev=0.1, seed=10))
            x = tf.layers.max_pooling2d(x, 2, 2, name='pool1')
            return tf.layers.conv2d(x, 6, 3, padding='same', name='conv2_2', trainable=False,
                                    kernel_initializer=tf.truncated_normal_initializer(stddev=0.1, seed=11))

    feat_sr, feat_hr = vgg_like(sr, False), vgg_like(hr, True)
    content_loss = tf.losses.mean_squared_error(feat_hr, feat_sr)
    l1 = tf.losses.absolute_difference(hr, sr)
    loss = l1 + 0.006 * content_loss
    global_step = tf.train.create_global_step()
    lr_sched = tf.train.piecewise_constant(global_step, [2], [1e-3, 5e-4])
    opt = tf.train.AdamOptimizer(lr_sched, beta1=0.9, beta2=0.999, epsilon=1e-8)
    grads_and_vars = opt.compute_gradients(loss)
    grads_and_vars = [(tf.clip_by_norm(g, 1.0), v) for g, v in grads_and_vars if g is not None]
    train_op = opt.apply_gradients(grads_and_vars, global_step=global_step)
    sr_clip = tf.clip_by_value(sr, 0.0, 1.0)
    psnr = tf.image.psnr(sr_clip, hr, max_val=1.0)
    ssim = tf.image.ssim(sr_clip, hr, max_val=1.0, filter_size=5)
    bicubic = tf.image.resize_images(lr_img, [16, 16], method=tf.image.ResizeMethod.BICUBIC)
    psnr_bic = tf.image.psnr(tf.clip_by_value(bicubic, 0., 1.), hr, max_val=1.0)
    y_sr = tf.image.rgb_to_yuv(sr_clip)[..., 0]
    sr_u8 = tf.image.convert_image_dtype(sr_clip, tf.uint8, saturate=True)
    psnr_u8 = tf.image.psnr(sr_u8, tf.image.convert_image_dtype(hr, tf.uint8), max_val=255)
    res = {'loss': []}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(4):
            l, _ = sess.run([loss, train_op])
            res['loss'].append(l)
        res['psnr'], res['ssim'], res['psnr_bic'], res['psnr_u8'] = sess.run([psnr, ssim, psnr_bic, psnr_u8])
        res['y'] = sess.run(y_sr)[0, :3, :3]
        res['lr_val'] = sess.run(lr_sched)
        res['sr_px'] = sess.run(sr_u8)[1, :2, :2, :]
    res['shapes'] = [str(t.shape) for t in (lr_img, sr, feat_sr, psnr, ssim, y_sr, bicubic)]
    res['trainable'] = [v.name for v in tf.trainable_variables()][:6]
    res['n_train'] = len(tf.trainable_variables())
    res['n_global'] = len(tf.global_variables())
    res['dtypes'] = [psnr.dtype.name, psnr_u8.dtype.name, sr_u8.dtype.name]
    return res
