"""The update kernels of tf.contrib.opt's AdaMax, AddSign and PowerSign (ApplyAdaMax,
ApplyAddSign, ApplyPowerSign and their Resource* forms), run through tf.raw_ops for three
steps. Runs under real TF 2.21 (whose kernels these are) and under tfcompat; the expected
values are TF 2.21's (float32 bit-exact; float64 to 1e-15)."""
import numpy as np
import pytest

# TF 2.21's results of _run: (op, dtype) -> [var, m, v] after three steps (the same for
# ref and resource variables)
EXPECTED = {('ApplyAdaMax', 'float32'): [[-0.5883713364601135,
                               0.09189914166927338,
                               0.10261282324790955,
                               0.2700187563896179,
                               0.9395203590393066,
                               1.0],
                              [0.18738241493701935,
                               -0.22180180251598358,
                               -0.024570295587182045,
                               -0.05827047675848007,
                               -0.0647333487868309,
                               0.0],
                              [1.6871463060379028,
                               1.75296950340271,
                               0.24274908006191254,
                               1.4532414674758911,
                               0.7873459458351135,
                               0.0]],
 ('ApplyAdaMax', 'float64'): [[-0.5883713576294857,
                               0.09189915868869833,
                               0.1026128105355801,
                               0.2700187281305466,
                               0.9395203744435134,
                               1.0],
                              [0.18738238470029014,
                               -0.22180175610405997,
                               -0.024570289340361914,
                               -0.058270455893602455,
                               -0.06473334178650439,
                               0.0],
                              [1.687146342918459,
                               1.7529695820390754,
                               0.2427490786725466,
                               1.4532414124907906,
                               0.7873459714915158,
                               0.0]],
 ('ApplyAddSign', 'float32'): [[-0.7293292880058289,
                                0.25230273604393005,
                                0.1964123696088791,
                                0.5067839622497559,
                                0.9044238328933716,
                                1.0],
                               [0.18738242983818054,
                                -0.22180180251598358,
                                -0.024570295587182045,
                                -0.05827048420906067,
                                -0.0647333487868309,
                                0.0],
                               [0.0, 0.0, 0.0, 0.0, 0.0, 0.0]],
 ('ApplyAddSign', 'float64'): [[-0.7293292424066696,
                                0.2523027138116851,
                                0.19641236180088203,
                                0.5067839920362102,
                                0.9044237847942803,
                                1.0],
                               [0.18738238470029014,
                                -0.22180175610406,
                                -0.024570289340361914,
                                -0.05827045589360247,
                                -0.06473334178650442,
                                0.0],
                               [0.0, 0.0, 0.0, 0.0, 0.0, 0.0]],
 ('ApplyPowerSign', 'float32'): [[-0.7104735970497131,
                                  0.23101036250591278,
                                  0.19432991743087769,
                                  0.5029645562171936,
                                  0.8808048963546753,
                                  1.0],
                                 [0.18738242983818054,
                                  -0.22180180251598358,
                                  -0.024570295587182045,
                                  -0.05827048420906067,
                                  -0.0647333487868309,
                                  0.0],
                                 [0.0, 0.0, 0.0, 0.0, 0.0, 0.0]],
 ('ApplyPowerSign', 'float64'): [[-0.7104736008024454,
                                  0.2310103647871961,
                                  0.19432990393122893,
                                  0.5029645515246834,
                                  0.8808048284784554,
                                  1.0],
                                 [0.18738238470029014,
                                  -0.22180175610406,
                                  -0.024570289340361914,
                                  -0.05827045589360247,
                                  -0.06473334178650442,
                                  0.0],
                                 [0.0, 0.0, 0.0, 0.0, 0.0, 0.0]]}


def _grads():
    rng = np.random.RandomState(7)
    g = rng.randn(3, 6)
    g[:, 5] = 0.0          # sign(0) = 0: the sign terms vanish
    g[1, 2] = -g[0, 2]     # the gradient changes sign against m
    return g


def _run(tf, op_type, dtype, resource):
    np_dt = {tf.float32: np.float32, tf.float64: np.float64}[dtype]
    var = tf.get_variable('var', initializer=np.linspace(-1, 1, 6).astype(np_dt) * 0.7 + 0.3,
                          use_resource=resource)
    m = tf.get_variable('m', initializer=np.zeros(6, np_dt), use_resource=resource)
    v = tf.get_variable('v', initializer=np.zeros(6, np_dt), use_resource=resource)
    g = tf.placeholder(dtype, [6])
    t = tf.placeholder(dtype, [])
    c = lambda x: tf.constant(x, dtype)  # noqa: E731
    name = ('Resource' if resource else '') + op_type
    refs = [var.handle, m.handle] if resource else [var, m]
    if op_type == 'ApplyAdaMax':
        refs.append(v.handle if resource else v)
        args = dict(beta1_power=tf.pow(c(0.9), t), lr=c(0.1), beta1=c(0.9), beta2=c(0.999),
                    epsilon=c(1e-7), grad=g)
        ins = dict(zip(['var', 'm', 'v'], refs))
    elif op_type == 'ApplyAddSign':
        args = dict(lr=c(0.1), alpha=c(1.0), sign_decay=c(0.5), beta=c(0.9), grad=g)
        ins = dict(zip(['var', 'm'], refs))
    else:
        args = dict(lr=c(0.1), logbase=c(np.log(2.0)), sign_decay=c(0.5), beta=c(0.9), grad=g)
        ins = dict(zip(['var', 'm'], refs))
    step = getattr(tf.raw_ops, name)(**ins, **args)
    out = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i, gi in enumerate(_grads()):
            sess.run(step, {g: gi.astype(np_dt), t: i + 1})
        out = sess.run([var, m, v])
    return [np.asarray(x).tolist() for x in out]


def _check(tf, op_type, dtype_name, resource):
    got = _run(tf, op_type, getattr(tf, dtype_name), resource)
    want = EXPECTED[op_type, dtype_name]
    for name, g, w in zip(('var', 'm', 'v'), got, want):
        if dtype_name == 'float32':
            np.testing.assert_array_equal(np.float32(g), np.float32(w), err_msg=name)
        else:
            np.testing.assert_allclose(g, w, rtol=1e-15, atol=1e-15, err_msg=name)


@pytest.mark.parametrize('resource', [False, True])
@pytest.mark.parametrize('dtype_name', ['float32', 'float64'])
@pytest.mark.parametrize('op_type', ['ApplyAdaMax', 'ApplyAddSign', 'ApplyPowerSign'])
def test_contrib_opt_kernels_match_tf_raw_ops(tf, op_type, dtype_name, resource):
    _check(tf, op_type, dtype_name, resource)
