"""PAIR-code saliency / Grad-CAM era code on a small conv net: vanilla gradients, SmoothGrad
(random_normal noise averaged), integrated gradients (linspace path), guided backprop via
gradient_override_map + RegisterGradient, Grad-CAM (gradients wrt conv map, reduce_mean over
spatial axes, weighted sum, relu, resize_bilinear)."""
import numpy as np
TAGS = ['gradients', 'cv', 'random']
TOLERANCE = {'*': (2e-3, 2e-4)}

_REG = {}


def register_guided(tf):
    name = 'GuidedReluAdv%d' % id(_REG)   # unique per loaded copy of this module
    if name in _REG:
        return name
    @tf.RegisterGradient(name)
    def _GuidedReluGrad(op, grad):
        gate_g = tf.cast(grad > 0, "float32")
        gate_y = tf.cast(op.outputs[0] > 0, "float32")
        return gate_y * gate_g * grad
    _REG[name] = True
    return name


def net(tf, images):
    with tf.variable_scope('cnn', reuse=tf.AUTO_REUSE):
        w1 = tf.get_variable('w1', [3, 3, 3, 8], initializer=tf.random_normal_initializer(stddev=0.3, seed=1))
        c1 = tf.nn.relu(tf.nn.conv2d(images, w1, [1, 1, 1, 1], 'SAME'), name='relu1')
        p1 = tf.nn.max_pool(c1, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID')
        w2 = tf.get_variable('w2', [3, 3, 8, 6], initializer=tf.random_normal_initializer(stddev=0.3, seed=2))
        conv = tf.nn.relu(tf.nn.conv2d(p1, w2, [1, 1, 1, 1], 'SAME'), name='last_conv')
        gap = tf.reduce_mean(conv, axis=[1, 2])
        w3 = tf.get_variable('w3', [6, 5], initializer=tf.random_normal_initializer(stddev=0.5, seed=3))
        return conv, tf.matmul(gap, w3)


def main(tf):
    tf.set_random_seed(9)
    rng = np.random.RandomState(9)
    img = rng.rand(1, 8, 8, 3).astype(np.float32)
    out = {}
    g = tf.get_default_graph()
    images = tf.placeholder(tf.float32, [None, 8, 8, 3], name='images')
    conv, logits = net(tf, images)
    neuron_selector = tf.placeholder(tf.int32)
    y = logits[0][neuron_selector]
    grad_op = tf.gradients(y, images)[0]
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    out['logits'] = sess.run(logits, {images: img})
    cls = int(out['logits'].argmax())
    out['vanilla'] = sess.run(grad_op, {neuron_selector: cls, images: img})
    # SmoothGrad with numpy noise (as saliency lib does) and graph noise
    stdev = 0.15 * (np.max(img) - np.min(img))
    total = np.zeros_like(img)
    for i in range(5):
        noise = rng.normal(0, stdev, img.shape).astype(np.float32)
        total += sess.run(grad_op, {neuron_selector: cls, images: img + noise})
    out['smoothgrad'] = total / 5
    noisy = images + tf.random_normal(tf.shape(images), stddev=stdev, seed=4)
    _, lg2 = net(tf, noisy)
    sg_t = tf.reduce_mean(tf.stack([tf.gradients(lg2[:, cls], images)[0] for _ in range(1)]), 0)
    out['sg_graph'] = sess.run(sg_t, {images: img})
    out['sg_graph_sq'] = sess.run(tf.square(sg_t), {images: img})
    # integrated gradients with tf.linspace alphas
    steps = 10
    baseline = tf.zeros_like(images)
    alphas = tf.reshape(tf.linspace(0.0, 1.0, steps + 1), [-1, 1, 1, 1])
    path = baseline + alphas * (images - baseline)
    _, lg3 = net(tf, path)
    path_grads = tf.gradients(lg3[:, cls], path)[0]
    ig = (images - baseline) * tf.reduce_mean((path_grads[:-1] + path_grads[1:]) / 2.0, axis=0, keepdims=True)
    out['ig'], out['path_logits'] = sess.run([ig, lg3[:, cls]], {images: img})
    out['ig_sum_vs_delta'] = np.array([out['ig'].sum(), out['path_logits'][-1] - out['path_logits'][0]])
    out['alphas_shape'] = str(alphas.get_shape())
    # guided backprop
    gname = register_guided(tf)
    with g.gradient_override_map({'Relu': gname}):
        gconv, glogits = net(tf, tf.identity(images, name='gb_in'))
    gb = tf.gradients(glogits[:, cls], images)[0]
    out['guided'] = sess.run(gb, {images: img})
    out['relu_types'] = sorted(set(op.type for op in g.get_operations() if 'Relu' in op.type and not op.name.startswith('gradients')))
    # Grad-CAM
    one_hot = tf.one_hot([cls], 5)
    signal = tf.multiply(logits, one_hot)
    loss = tf.reduce_mean(signal)
    grads = tf.gradients(loss, conv)[0]
    norm_grads = tf.divide(grads, tf.sqrt(tf.reduce_mean(tf.square(grads))) + tf.constant(1e-5))
    weights = tf.reduce_mean(norm_grads, axis=(1, 2))
    cam = tf.nn.relu(tf.reduce_sum(conv * weights[:, None, None, :], axis=-1, keepdims=True))
    cam_up = tf.image.resize_bilinear(cam, [8, 8], align_corners=False)
    cam_up = cam_up / (tf.reduce_max(cam_up) + 1e-8)
    out['cam'], out['cam_up'], out['wts'] = sess.run([cam, cam_up, weights], {images: img})
    out['cam_shape'] = str(cam_up.get_shape())
    try:
        @tf.RegisterGradient(gname)
        def _dup(op, grad):
            return grad
    except KeyError as e:
        out['dup_err'] = str(e).split(' (')[0].replace(gname, 'NAME')
    sess.close()
    return out
