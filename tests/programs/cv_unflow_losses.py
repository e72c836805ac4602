"""UnFlow (simonmeister/UnFlow, 2018) / FlowNet-S style unsupervised flow losses: ternary census
transform via extract_image_patches, charbonnier, second-order smoothness by conv2d with fixed
kernels, forward-backward occlusion masks with stop_gradient, resize_bilinear(align_corners=True)
pyramid downsampling, resize_area, FlowNet-S upconvolution refinement with conv2d_transpose and
leaky relu by tf.maximum, multiscale EPE; values and gradients."""
TAGS = ['cv', 'image', 'train', 'gradients']
import numpy as np
TOLERANCE = {'*': (2e-4, 2e-5)}

def charbonnier(tf, x, mask=None, alpha=0.45, beta=1.0, eps=0.01):
    err = tf.pow(tf.square(x * beta) + tf.square(eps), alpha)
    if mask is not None:
        err = err * mask
    if mask is None:
        return tf.reduce_mean(err)
    return tf.reduce_sum(err) / tf.reduce_sum(mask)

def ternary_loss(tf, im1, im2, mask, max_distance=1):
    patch_size = 2 * max_distance + 1
    def _ternary_transform(image):
        intensities = tf.image.rgb_to_grayscale(image) * 255
        out_channels = patch_size * patch_size
        w = np.eye(out_channels).reshape((patch_size, patch_size, 1, out_channels))
        weights = tf.constant(w, dtype=tf.float32)
        patches = tf.nn.conv2d(intensities, weights, strides=[1, 1, 1, 1], padding='SAME')
        transf = patches - intensities
        return transf / tf.sqrt(0.81 + tf.square(transf))
    def _hamming(t1, t2):
        dist = tf.square(t1 - t2)
        return tf.reduce_sum(dist / (0.1 + dist), 3, keepdims=True)
    t1, t2 = _ternary_transform(im1), _ternary_transform(im2)
    dist = _hamming(t1, t2)
    inner = tf.pad(tf.ones([tf.shape(mask)[0], tf.shape(mask)[1] - 2 * max_distance,
                            tf.shape(mask)[2] - 2 * max_distance, 1]),
                   [[0, 0], [max_distance] * 2, [max_distance] * 2, [0, 0]])
    return charbonnier(tf, dist, mask * inner)

def census_patches(tf, im):
    g = tf.image.rgb_to_grayscale(im)
    p = tf.extract_image_patches(g, [1, 3, 3, 1], [1, 1, 1, 1], [1, 2, 2, 1], 'SAME')
    return p - g

def second_order_smoothness(tf, flow):
    w = np.zeros((3, 3, 1, 4), np.float32)
    w[1, 0, 0, 0] = w[1, 2, 0, 0] = 1; w[1, 1, 0, 0] = -2
    w[0, 1, 0, 1] = w[2, 1, 0, 1] = 1; w[1, 1, 0, 1] = -2
    w[0, 0, 0, 2] = w[2, 2, 0, 2] = 1; w[1, 1, 0, 2] = -2
    w[0, 2, 0, 3] = w[2, 0, 0, 3] = 1; w[1, 1, 0, 3] = -2
    u, v = tf.split(flow, 2, axis=3)
    d = tf.concat([tf.nn.conv2d(u, w, [1, 1, 1, 1], 'VALID'),
                   tf.nn.conv2d(v, w, [1, 1, 1, 1], 'VALID')], 3)
    return charbonnier(tf, d)

def fb_mask(tf, flow_fw, flow_bw_warped):
    mag = tf.reduce_sum(tf.square(flow_fw) + tf.square(flow_bw_warped), 3, keepdims=True)
    diff = tf.reduce_sum(tf.square(flow_fw + flow_bw_warped), 3, keepdims=True)
    occ = tf.cast(diff > 0.01 * mag + 0.5, tf.float32)
    return 1.0 - tf.stop_gradient(occ)

def lrelu(tf, x):
    return tf.maximum(0.1 * x, x)

def main(tf):
    tf.set_random_seed(13)
    rng = np.random.RandomState(13)
    im1_np = rng.rand(2, 16, 16, 3).astype(np.float32)
    im2_np = np.roll(im1_np, 1, axis=2) * 0.9 + 0.05
    im1 = tf.placeholder(tf.float32, [None, 16, 16, 3], 'im1')
    im2 = tf.placeholder(tf.float32, [None, 16, 16, 3], 'im2')
    ki = lambda s: tf.variance_scaling_initializer(2.0, seed=s)
    x = tf.concat([im1, im2], 3)
    c1 = lrelu(tf, tf.layers.conv2d(x, 8, 3, 2, 'same', kernel_initializer=ki(1), name='conv1'))
    c2 = lrelu(tf, tf.layers.conv2d(c1, 12, 3, 2, 'same', kernel_initializer=ki(2), name='conv2'))
    flow2 = tf.layers.conv2d(c2, 2, 3, 1, 'same', kernel_initializer=ki(3), name='predict_flow2')
    up = tf.layers.conv2d_transpose(flow2, 2, 4, 2, 'same', kernel_initializer=ki(4),
                                    name='upsample_flow2to1', use_bias=False)
    dec = lrelu(tf, tf.layers.conv2d_transpose(c2, 6, 4, 2, 'same', kernel_initializer=ki(5),
                                               name='deconv1'))
    flow1 = tf.layers.conv2d(tf.concat([c1, dec, up], 3), 2, 3, 1, 'same',
                             kernel_initializer=ki(6), name='predict_flow1')
    flow_full = tf.image.resize_bilinear(flow1, [16, 16], align_corners=True) * 2.0
    flow_bw = -tf.image.resize_images(flow1, [16, 16],
                                      method=tf.image.ResizeMethod.NEAREST_NEIGHBOR) * 2.0
    mask = fb_mask(tf, flow_full, flow_bw)
    photo = ternary_loss(tf, im1, im2 * 0.5 + tf.reduce_mean(flow_full) * 0.01, mask)
    smooth = second_order_smoothness(tf, flow_full)
    gt = tf.constant(np.ones((2, 16, 16, 2), np.float32) * [1.0, 0.0])
    epe = 0.0
    for w_, f in [(0.32, flow2), (0.08, flow1)]:
        s = f.shape.as_list()[1]
        gts = tf.image.resize_area(gt, [s, s]) * (s / 16.0)
        epe += w_ * tf.reduce_mean(tf.norm(gts - f, axis=3))
    census = census_patches(tf, im1)
    loss = photo + 0.5 * smooth + epe + tf.reduce_mean(tf.abs(census)) * 0.01
    tvars = tf.trainable_variables()
    grads = tf.gradients(loss, tvars)
    opt = tf.train.AdamOptimizer(1e-3, beta1=0.9, beta2=0.999, epsilon=1e-8)
    with tf.control_dependencies(grads):  # every gradient before any update (TF1 ref race)
        barrier = [tf.identity(g) for g in grads]
    step = opt.apply_gradients(zip(barrier, tvars), global_step=tf.train.get_or_create_global_step())
    res = {'shapes': [str(t.shape) for t in (c1, c2, flow2, up, dec, flow1, flow_full, census)],
           'names': [t.name for t in (flow_full, flow_bw, mask, photo, census)]}
    fd = {im1: im1_np, im2: im2_np}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        res.update(sess.run({'photo': photo, 'smooth': smooth, 'epe': epe, 'mask': mask,
                             'census': census, 'flow': flow_full, 'grads': grads}, fd))
        for _ in range(3):
            sess.run(step, fd)
        res['loss_after'], res['mask_after'], res['photo_after'], res['smooth_after'], res['epe_after'] = sess.run([loss, mask, photo, smooth, epe], fd)
    return res
