"""Patch-based training (NiftyNet / DeepMedic): extract_image_patches with rates and both paddings,
extract_volume_patches on 3-D volumes, reconstruction by gradients, and patch static shapes."""
import numpy as np
TAGS = ['cv', 'image', 'shapes']


def main(tf):
    rs = np.random.RandomState(2)
    img_np = rs.rand(2, 7, 8, 3).astype(np.float32)
    vol_np = rs.rand(1, 6, 5, 7, 2).astype(np.float32)
    img = tf.constant(img_np)
    vol = tf.constant(vol_np)
    out, shapes = {}, {}
    cfg = [('a', [1, 3, 3, 1], [1, 2, 2, 1], [1, 1, 1, 1], 'VALID'),
           ('b', [1, 3, 2, 1], [1, 2, 3, 1], [1, 1, 1, 1], 'SAME'),
           ('c', [1, 2, 2, 1], [1, 1, 1, 1], [1, 2, 3, 1], 'VALID'),
           ('d', [1, 3, 3, 1], [1, 3, 2, 1], [1, 2, 2, 1], 'SAME')]
    for name, ks, st, rt, pad in cfg:
        p = tf.extract_image_patches(img, ks, st, rt, pad, name='patches_' + name)
        out['img_' + name] = p
        shapes['img_' + name] = str(p.shape)
        out['img_grad_' + name] = tf.gradients(tf.reduce_sum(p * p), img)[0]
    vcfg = [('a', [1, 2, 2, 3, 1], [1, 2, 2, 2, 1], 'VALID'), ('b', [1, 3, 2, 2, 1], [1, 2, 3, 2, 1], 'SAME'),
            ('c', [1, 1, 1, 1, 1], [1, 1, 1, 1, 1], 'VALID')]
    for name, ks, st, pad in vcfg:
        p = tf.extract_volume_patches(vol, ks, st, pad)
        out['vol_' + name] = p
        shapes['vol_' + name] = str(p.shape)
        shapes['vol_name_' + name] = p.op.type
    ph = tf.placeholder(tf.float32, [None, None, 10, 1])
    shapes['ph'] = str(tf.extract_image_patches(ph, [1, 4, 4, 1], [1, 4, 4, 1], [1, 1, 1, 1], 'VALID').shape)
    phv = tf.placeholder(tf.float32, [None, 8, 8, 8, None])
    shapes['phv'] = str(tf.extract_volume_patches(phv, [1, 4, 4, 4, 1], [1, 4, 4, 4, 1], 'SAME').shape)
    # reconstruct via gradient of patch extraction (commonly used "patches to image")
    x0 = tf.zeros([1, 8, 8, 1])
    pt = tf.extract_image_patches(x0, [1, 4, 4, 1], [1, 2, 2, 1], [1, 1, 1, 1], 'VALID')
    weights = tf.gradients(pt, x0, grad_ys=tf.ones_like(pt))[0]
    patches_in = tf.constant(rs.rand(1, 3, 3, 16).astype(np.float32))
    recon = tf.gradients(pt, x0, grad_ys=patches_in)[0] / weights
    out['recon'] = recon
    out['overlap'] = weights
    # space_to_depth style patching for 3-D via reshape/transpose
    v = tf.reshape(vol[..., :1], [1, 3, 2, 5, 1, 7, 1])
    out['blocks'] = tf.transpose(v, [0, 1, 3, 5, 2, 4, 6])
    errs = {}
    for name, fn in [('bad_ksize', lambda: tf.extract_image_patches(img, [2, 3, 3, 1], [1, 1, 1, 1], [1, 1, 1, 1], 'VALID')),
                     ('bad_rank', lambda: tf.extract_image_patches(img[0], [1, 3, 3, 1], [1, 1, 1, 1], [1, 1, 1, 1], 'VALID')),
                     ('vol_big', lambda: tf.extract_volume_patches(vol, [1, 7, 2, 2, 1], [1, 1, 1, 1, 1], 'VALID'))]:
        try:
            errs[name] = 'built ' + str(fn().shape)
        except Exception as e:  # noqa
            errs[name] = '%s: %s' % (type(e).__name__, str(e).split('\n')[0])
    with tf.Session() as sess:
        res = sess.run(out)
    res['shapes'] = shapes
    res['errs'] = errs
    return res
