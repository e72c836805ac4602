"""marcoancona/DeepExplain (2017): one RegisterGradient('DeepExplainGrad') that dispatches on a
global method object; gradient_override_map over Relu/Elu/Sigmoid/Tanh/Softplus; epsilon-LRP
(grad * output / (input + eps*sign)), DeepLIFT rescale with a reference, Gradient*Input,
occlusion via sliding windows, plus Saliency (abs of gradients)."""
import numpy as np
TAGS = ['gradients', 'nn']
TOLERANCE = {'*': (2e-3, 2e-4)}

SUPPORTED_ACTIVATIONS = ['Relu', 'Elu', 'Sigmoid', 'Tanh', 'Softplus']
UNSUPPORTED_ACTIVATIONS = ['CRelu', 'Relu6', 'Softsign']
_ENABLED_METHOD_CLASS = None
_GRAD_OVERRIDE_CHECKFLAG = 0
_REGISTERED = []
GRAD_NAME = "DeepExplainGrad%d" % id(_REGISTERED)   # unique per loaded copy of this module


def original_grad(tf, op, grad):
    opname = '_%sGrad' % op.type
    if op.type == 'Relu':
        return grad * tf.cast(op.outputs[0] > 0, grad.dtype)
    if op.type == 'Sigmoid':
        y = op.outputs[0]
        return grad * y * (1 - y)
    if op.type == 'Tanh':
        y = op.outputs[0]
        return grad * (1 - y * y)
    if op.type == 'Softplus':
        return grad * tf.nn.sigmoid(op.inputs[0])
    if op.type == 'Elu':
        y = op.outputs[0]
        return grad * tf.where(y > 0, tf.ones_like(y), y + 1)
    raise RuntimeError(opname)


class EpsilonLRP(object):
    eps = 1e-4

    def nonlinearity_grad_override(self, tf, op, grad):
        output = op.outputs[0]
        input = op.inputs[0]
        return grad * output / (input + self.eps * tf.where(input >= 0, tf.ones_like(input), -1 * tf.ones_like(input)))


class DeepLIFTRescale(object):
    def __init__(self):
        self._deeplift_ref = {}

    def nonlinearity_grad_override(self, tf, op, grad):
        output = op.outputs[0]
        input = op.inputs[0]
        ref_input = self._deeplift_ref[op.name]
        ref_output = ref_input_out(tf, op.type, ref_input)
        delta_out = output - ref_output
        delta_in = input - ref_input
        instant_grad = original_grad(tf, op, grad)
        return tf.where(tf.abs(delta_in) > 1e-5, grad * delta_out / delta_in, instant_grad)


def ref_input_out(tf, typ, t):
    return {'Relu': tf.nn.relu, 'Elu': tf.nn.elu, 'Sigmoid': tf.nn.sigmoid, 'Tanh': tf.nn.tanh,
            'Softplus': tf.nn.softplus}[typ](t)


def register(tf):
    if _REGISTERED:
        return
    @tf.RegisterGradient(GRAD_NAME)
    def deepexplain_grad(op, grad):
        global _GRAD_OVERRIDE_CHECKFLAG
        _GRAD_OVERRIDE_CHECKFLAG = 1
        if _ENABLED_METHOD_CLASS is not None:
            return _ENABLED_METHOD_CLASS.nonlinearity_grad_override(tf, op, grad)
        return original_grad(tf, op, grad)
    _REGISTERED.append(1)


def build(tf, x, rng):
    W1 = tf.constant(rng.randn(6, 8).astype(np.float32))
    W2 = tf.constant(rng.randn(8, 8).astype(np.float32) * 0.5)
    W3 = tf.constant(rng.randn(8, 2).astype(np.float32))
    h = tf.nn.relu(tf.matmul(x, W1))
    h = tf.nn.tanh(tf.matmul(h, W2))
    h2 = tf.nn.softplus(tf.matmul(h, W2))
    h3 = tf.nn.elu(tf.matmul(h2, W2) - 1.0)
    return tf.matmul(tf.nn.sigmoid(h3), W3)


def main(tf):
    global _ENABLED_METHOD_CLASS
    rng = np.random.RandomState(17)
    register(tf)
    xs = rng.randn(3, 6).astype(np.float32)
    g = tf.get_default_graph()
    out = {}
    with g.gradient_override_map({a: GRAD_NAME for a in SUPPORTED_ACTIVATIONS}):
        x = tf.placeholder(tf.float32, [None, 6])
        T = build(tf, x, np.random.RandomState(0))
    target = T[:, 1]
    sess = tf.Session()
    # plain gradients (no method), saliency, grad*input
    _ENABLED_METHOD_CLASS = None
    grad0 = tf.gradients(target, x)[0]
    out['flag'] = _GRAD_OVERRIDE_CHECKFLAG
    out['saliency'] = sess.run(tf.abs(grad0), {x: xs})
    out['grad_input'] = sess.run(grad0 * x, {x: xs})
    # epsilon-LRP
    _ENABLED_METHOD_CLASS = EpsilonLRP()
    out['elrp'] = sess.run(tf.gradients(target, x)[0] * x, {x: xs})
    # DeepLIFT: reference activations
    m = DeepLIFTRescale()
    ops = [op for op in g.get_operations() if op.type in SUPPORTED_ACTIVATIONS and op.name.startswith(('Relu', 'Tanh', 'Softplus', 'Elu', 'Sigmoid'))]
    out['nonlin'] = [op.name for op in ops]
    ref = np.zeros((1, 6), np.float32)
    ins = sess.run([op.inputs[0] for op in ops], {x: ref})
    for op, v in zip(ops, ins):
        m._deeplift_ref[op.name] = tf.constant(v)
    _ENABLED_METHOD_CLASS = m
    dl = tf.gradients(target, x)[0] * (x - ref)
    out['deeplift'] = sess.run(dl, {x: xs})
    out['dl_sum_vs_delta'] = np.stack([out['deeplift'].sum(1), sess.run(target, {x: xs}) - sess.run(target, {x: ref})[0]])
    # occlusion
    base = sess.run(target, {x: xs})
    occ = np.zeros_like(xs)
    for i in range(6):
        xo = xs.copy()
        xo[:, i] = 0
        occ[:, i] = base - sess.run(target, {x: xo})
    out['occlusion'] = occ
    _ENABLED_METHOD_CLASS = None
    try:
        with g.gradient_override_map({'Relu': 'NoSuchGrad'}):
            z = tf.nn.relu(x)
        tf.gradients(z, x)
    except LookupError as e:
        out['lookup'] = str(e)
    sess.close()
    return out
