"""tf.contrib.opt's VariableClippingOptimizer, MultitaskOptimizerWrapper and
clip_gradients_by_global_norm. TF 2.21 has no contrib: under real TF the tests run TF 1.15's
code transcribed in copt_reference.py, and EXPECTED holds those runs' values."""
import os

import numpy as np
import pytest

from copt_reference import reference_wrappers

AGAINST_TF = bool(os.environ.get("TFCOMPAT_TEST_AGAINST_TF"))

# the runs of _clipping and _multitask under TF 2.21 with copt_reference.py (flattened
# variables; multitask: e, w, z, u, z's and u's momentum, the global norms)
EXPECTED = {'clip[0, 1]': [[0.26872318983078003,
                 0.06558115035295486,
                 0.014497760683298111,
                 -0.20298932492733002,
                 -0.9617138504981995,
                 -0.4922921359539032,
                 -0.012431064620614052,
                 -0.09420045465230942,
                 -0.006583232898265123,
                 -0.6215288043022156,
                 -0.1980968564748764,
                 -0.6683236360549927,
                 0.13240905106067657,
                 0.2568459212779999,
                 0.007517044432461262],
                [-0.9703394770622253,
                 -1.0141971111297607,
                 -0.25631922483444214,
                 -1.057565689086914,
                 -0.49194225668907166,
                 0.32087257504463196]],
 'clip[1]': [[1.7886284589767456,
              0.4365098476409912,
              0.09649746865034103,
              -0.03653232753276825,
              -0.5970896482467651,
              -0.46568262577056885,
              -0.08274148404598236,
              -0.6270006895065308,
              -0.043818168342113495,
              -0.8357970714569092,
              -0.21483339369297028,
              -1.226902723312378,
              0.8813180327415466,
              1.7095730304718018,
              0.05003364384174347],
             [-1.4870620965957642,
              -0.9341282844543457,
              0.12611708045005798,
              -1.1282399892807007,
              0.1507999300956726,
              0.32323166728019714]],
 'multitask': [[1.7886284589767456,
                0.4365098476409912,
                0.09649746865034103,
                -1.6215784549713135,
                -0.42069733142852783,
                -0.02562905102968216,
                -0.08274148404598236,
                -0.6270006895065308,
                -0.043818168342113495,
                -1.5840144157409668,
                0.7316432595252991,
                -1.4103939533233643,
                0.8813180327415466,
                1.7095730304718018,
                0.05003364384174347],
               [-0.6835500001907349,
                -0.6279079914093018,
                -1.114027738571167,
                -0.11598968505859375,
                -0.8416851162910461,
                -0.3229936361312866],
               [0.8854773044586182, 0.8854773044586182],
               [0.8999999761581421,
                0.8999999761581421,
                1.0,
                1.0,
                0.800000011920929,
                0.800000011920929],
               [1.1452271938323975, 1.1452271938323975],
               [1.0, 1.0, 0.0, 0.0, 2.0, 2.0],
               [10.952125549316406, 6.985513210296631, 3.404405355453491]]}


def _api(tf):
    return reference_wrappers(tf) if AGAINST_TF else vars(tf.contrib.opt)


def _model(tf, use_resource):
    rng = np.random.RandomState(3)
    e = tf.get_variable('e', initializer=rng.randn(5, 3).astype(np.float32),
                        use_resource=use_resource)
    w = tf.get_variable('w', initializer=rng.randn(3, 2).astype(np.float32),
                        use_resource=use_resource)
    mask = tf.placeholder(tf.float32, [])
    h = tf.nn.embedding_lookup(e, [1, 3, 1])
    loss = tf.reduce_sum(tf.square(tf.matmul(h, w) - 1.0)) + mask * tf.reduce_sum(tf.square(w))
    return e, w, mask, loss


def _clipping(tf, use_resource, dims):
    api = _api(tf)
    e, w, mask, loss = _model(tf, use_resource)
    opt = api['VariableClippingOptimizer'](tf.train.MomentumOptimizer(0.2, 0.5),
                                           {e: dims, w: [0]}, 1.5)
    train = opt.minimize(loss)
    assert opt.get_slot_names() == ['momentum']
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for s in range(3):
            sess.run(train, {mask: float(s == 1)})
        return [np.ravel(x).tolist() for x in sess.run([e, w])]


def _multitask(tf, use_resource):
    api = _api(tf)
    e, w, mask, loss = _model(tf, use_resource)
    z = tf.get_variable('z', initializer=np.ones(2, np.float32), use_resource=use_resource)
    u = tf.get_variable('u', initializer=np.ones((3, 2), np.float32), use_resource=use_resource)
    # z's dense and u's sparse gradients are all zeros when mask is 0
    loss = (loss + mask * tf.reduce_sum(tf.square(z))
            + mask * tf.reduce_sum(tf.nn.embedding_lookup(u, [2, 0, 2])))
    opt = api['MultitaskOptimizerWrapper'](tf.train.MomentumOptimizer(0.1, 0.9))
    gv = opt.compute_gradients(loss, [e, w, z, u])
    # TF 1.15's clip_gradients_by_global_norm takes no IndexedSlices (its tf.cond of zeros
    # or the gradient: "Incompatible return values of true_fn and false_fn")
    sparse = [(g, v) for g, v in gv if not isinstance(g, tf.Tensor)]
    gv, norm = api['clip_gradients_by_global_norm'](
        [(g, v) for g, v in gv if isinstance(g, tf.Tensor)], 4.0)
    gv += sparse
    train = opt.apply_gradients(gv)
    norms = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for m in (0.0, 1.0, 0.0):
            norms.append(float(sess.run(norm, {mask: m})))
            sess.run(train, {mask: m})
        out = sess.run([e, w, z, u, opt.get_slot(z, 'momentum'), opt.get_slot(u, 'momentum')])
    return [np.ravel(x).tolist() for x in out] + [norms]


@pytest.mark.parametrize('dims', [[1], [0, 1]])
def test_variable_clipping(tf, dims):
    want = EXPECTED['clip%s' % dims]
    for g, w in zip(_clipping(tf, False, dims), want):
        np.testing.assert_allclose(g, w, rtol=2e-6, atol=1e-7)


def test_multitask_wrapper_skips_zero_gradients(tf):
    for g, w in zip(_multitask(tf, False), EXPECTED['multitask']):
        np.testing.assert_allclose(g, w, rtol=2e-6, atol=1e-7)


@pytest.mark.tfcompat_only
def test_wrappers_on_resource_variables(tf):
    """TF 1.15's resource path runs the same code (resource gathers and scatters)."""
    for dims in ([1], [0, 1]):
        with tf.Graph().as_default():
            got = _clipping(tf, True, dims)
        for g, w in zip(got, EXPECTED['clip%s' % dims]):
            np.testing.assert_allclose(g, w, rtol=2e-6, atol=1e-7)
    with tf.Graph().as_default():
        got = _multitask(tf, True)
    for g, w in zip(got, EXPECTED['multitask']):
        np.testing.assert_allclose(g, w, rtol=2e-6, atol=1e-7)


def test_multitask_wrapper_needs_an_optimizer(tf):
    with pytest.raises(TypeError, match='Supplied optimizer must be an instance of '
                                        'tf.train.Optimizer'):
        _api(tf)['MultitaskOptimizerWrapper'](object())

