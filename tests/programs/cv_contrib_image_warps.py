"""Frame-interpolation / video-augmentation code of 2017-2018 on tf.contrib.image: rotate and
translate clips (BILINEAR and NEAREST), transform with compose_transforms and output_shape,
dense_image_warp backward-warping a frame by a flow (gradients to the image AND the flow),
photometric + smoothness loss. Under TF 2.21 (no contrib) TF 1.15's code is written out on
ImageProjectiveTransformV2 and core ops."""
TAGS = ['cv', 'image', 'contrib', 'gradients']
import numpy as np
TOLERANCE = {'*': (1e-4, 1e-5)}

def _ref_image(tf):
    def angles_to_projective_transforms(angles, h, w):
        angles = tf.convert_to_tensor(angles, dtype=tf.float32)
        if len(angles.get_shape()) == 0:
            angles = angles[None]
        xo = ((w - 1) - (tf.cos(angles) * (w - 1) - tf.sin(angles) * (h - 1))) / 2.0
        yo = ((h - 1) - (tf.sin(angles) * (w - 1) + tf.cos(angles) * (h - 1))) / 2.0
        n = tf.shape(angles)[0]
        return tf.concat([tf.cos(angles)[:, None], -tf.sin(angles)[:, None], xo[:, None],
                          tf.sin(angles)[:, None], tf.cos(angles)[:, None], yo[:, None],
                          tf.zeros((n, 2), tf.float32)], axis=1)

    def translations_to_projective_transforms(tr):
        tr = tf.convert_to_tensor(tr, dtype=tf.float32)
        if tr.get_shape().ndims == 1:
            tr = tr[None]
        n = tf.shape(tr)[0]
        return tf.concat([tf.ones((n, 1)), tf.zeros((n, 1)), -tr[:, 0, None], tf.zeros((n, 1)),
                          tf.ones((n, 1)), -tr[:, 1, None], tf.zeros((n, 2))], axis=1)

    def flat_to_m(t):
        n = tf.shape(t)[0]
        return tf.reshape(tf.concat([t, tf.ones([n, 1])], axis=1), (-1, 3, 3))

    def compose_transforms(*ts):
        composed = flat_to_m(ts[0])
        for t in ts[1:]:
            composed = tf.matmul(composed, flat_to_m(t))
        composed = tf.reshape(composed, (-1, 9))
        return composed[:, :8] / composed[:, 8:9]

    def transform(images, transforms, interpolation='NEAREST', output_shape=None):
        images = tf.convert_to_tensor(images)
        transforms = tf.convert_to_tensor(transforms, dtype=tf.float32)
        if transforms.get_shape().ndims == 1:
            transforms = transforms[None]
        if output_shape is None:
            output_shape = tf.shape(images)[1:3]
        return tf.raw_ops.ImageProjectiveTransformV2(
            images=images, transforms=transforms, output_shape=tf.convert_to_tensor(
                output_shape, tf.int32), interpolation=interpolation.upper(),
            fill_mode='CONSTANT')

    class NS(object):
        pass
    ns = NS()
    ns.transform = transform
    ns.compose_transforms = compose_transforms
    ns.angles_to_projective_transforms = angles_to_projective_transforms
    ns.translations_to_projective_transforms = translations_to_projective_transforms
    ns.rotate = lambda im, a, interpolation='NEAREST': transform(
        im, angles_to_projective_transforms(a, tf.cast(tf.shape(im)[1], tf.float32)[None],
                                            tf.cast(tf.shape(im)[2], tf.float32)[None]),
        interpolation)
    ns.translate = lambda im, t, interpolation='NEAREST': transform(
        im, translations_to_projective_transforms(t), interpolation)
    ns.dense_image_warp = lambda im, fl: _dense_warp(tf, im, fl)
    return ns

def _dense_warp(tf, image, flow):
    b, h, w, c = image.shape.as_list()
    gx, gy = tf.meshgrid(tf.range(w), tf.range(h))
    q = tf.reshape(tf.cast(tf.stack([gy, gx], axis=2), flow.dtype)[None] - flow, [b, h * w, 2])
    alphas, floors, ceils = [], [], []
    for dim, qd in enumerate(tf.unstack(q, axis=2)):
        size = [h, w][dim]
        floor = tf.minimum(tf.maximum(0.0, tf.floor(qd)), float(size - 2))
        fi = tf.cast(floor, tf.int32)
        floors.append(fi)
        ceils.append(fi + 1)
        alphas.append(tf.expand_dims(tf.minimum(tf.maximum(0.0, qd - floor), 1.0), 2))
    flat = tf.reshape(image, [b * h * w, c])
    off = tf.reshape(tf.range(b) * h * w, [b, 1])
    g = lambda y, x: tf.reshape(tf.gather(flat, off + y * w + x), [b, h * w, c])
    tl, tr = g(floors[0], floors[1]), g(floors[0], ceils[1])
    bl, br = g(ceils[0], floors[1]), g(ceils[0], ceils[1])
    top = alphas[1] * (tr - tl) + tl
    bot = alphas[1] * (br - bl) + bl
    return tf.reshape(alphas[0] * (bot - top) + top, [b, h, w, c])

def main(tf):
    tf.set_random_seed(2)
    rng = np.random.RandomState(2)
    ci = tf.contrib.image if getattr(tf, 'contrib', None) else _ref_image(tf)
    clip = tf.Variable(rng.rand(3, 7, 9, 2).astype(np.float32), name='clip')
    flow = tf.Variable((rng.randn(3, 7, 9, 2) * 1.5).astype(np.float32), name='flow')
    rot = ci.rotate(clip, tf.constant([0.3, -0.7, 1.2]), interpolation='BILINEAR')
    rot_n = ci.rotate(clip, 0.5)
    tra = ci.translate(clip, [[1.5, -0.5], [0.0, 2.0], [-3.0, 1.0]], interpolation='BILINEAR')
    t1 = ci.angles_to_projective_transforms(0.2, 7.0, 9.0)
    t2 = ci.translations_to_projective_transforms([1.0, 2.0])
    comp = ci.compose_transforms(t1, t2)
    big = ci.transform(clip, comp, interpolation='BILINEAR', output_shape=[10, 6])
    warped = ci.dense_image_warp(clip, flow)
    target = tf.constant(rng.rand(3, 7, 9, 2).astype(np.float32))
    photo = tf.reduce_mean(tf.sqrt(tf.square(warped - target) + 0.001 ** 2))
    du, dv = tf.image.image_gradients(flow)
    smooth = tf.reduce_mean(tf.abs(du)) + tf.reduce_mean(tf.abs(dv))
    loss = photo + 0.1 * smooth + tf.reduce_sum(rot * 0.01) + tf.reduce_sum(tra ** 2) * 0.01 \
        + tf.reduce_mean(big)
    gclip, gflow = tf.gradients(loss, [clip, flow])
    res = {'shapes': [str(t.shape) for t in (rot, rot_n, tra, big, warped, comp)]}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        res.update(sess.run({'rot': rot, 'rot_n': rot_n, 'tra': tra, 'comp': comp, 'big': big,
                             'warped': warped, 'loss': loss, 'gclip': gclip, 'gflow': gflow}))
    return res
