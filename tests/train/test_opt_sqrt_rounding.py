"""Optimizer updates whose TF CPU kernels take a square root (Ftrl, centered RMSProp,
AdagradDA, and tf.sqrt itself) round as TF's do: TF's float32 Sqrt is correctly rounded, torch's
vectorized float32 CPU sqrt is not (an ulp off for ~15 percent of values on an AVX2 CPU), so
tfcompat takes float32 roots in float64 (tfcompat/ops/math_grad.py exact_sqrt). Dense and
sparse (IndexedSlices with a repeated index) gradients, five steps, bit for bit."""
import numpy as np

# TF 2.21's values (printed with repr), variable w (10) then the embedding e (4x2)
EXPECTED = {
    'adagrad_da': [
        -0.15120674669742584, 0.07363851368427277, -0.11512168496847153,
        0.025485504418611526, 0.07742965966463089, -0.13065391778945923,
        0.15641167759895325, 0.193761944770813, 0.1638687252998352, -0.022027984261512756,
        -0.1305031031370163, -0.006448793224990368, 0.5052993893623352, -0.2613564133644104,
        -0.14964313805103302, -0.04340468719601631, 0.5545803308486938, 0.12388090789318085],
    'ftrl': [
        0.11621958017349243, -0.24545952677726746, -0.1270628124475479,
        -0.025653813034296036, -0.12825655937194824, -0.15809600055217743,
        0.19296111166477203, -1.08622145652771, 0.6240665912628174, 0.5049293637275696,
        -0.6622941493988037, -0.028800440952181816, 0.5052993893623352, -0.2613564133644104,
        -0.20434783399105072, -0.3612368702888489, 0.5545803308486938, 0.12388090789318085],
    'rms_centered': [
        1.639163613319397, -0.43584972620010376, -0.009743880480527878, 0.4026505649089813,
        -0.7672844529151917, -0.038925446569919586, 0.05274197459220886,
        -1.6816147565841675, 1.073346495628357, 0.5946665406227112, -0.675207793712616,
        -0.17450067400932312, 0.5052993893623352, -0.2613564133644104, -0.29388487339019775,
        -1.4633491039276123, 0.5545803308486938, 0.12388090789318085],
}


def _five_steps(tf):
    f = np.float32
    rng = np.random.RandomState(7)
    w0 = rng.randn(10).astype(f); e0 = rng.randn(4, 2).astype(f)
    gw = rng.randn(5, 10).astype(f); ge = rng.randn(5, 3, 2).astype(f)
    idx = np.array([2, 0, 2], np.int32)
    makers = {
        'ftrl': lambda: tf.train.FtrlOptimizer(0.1, l1_regularization_strength=0.001,
                                              l2_regularization_strength=0.01,
                                              l2_shrinkage_regularization_strength=0.05),
        'rms_centered': lambda: tf.train.RMSPropOptimizer(0.01, decay=0.7, momentum=0.3,
                                                          centered=True),
        'adagrad_da': lambda: tf.train.AdagradDAOptimizer(
            0.1, tf.train.get_or_create_global_step(), l1_regularization_strength=0.01,
            l2_regularization_strength=0.02),
    }
    out = {}
    for name, make in sorted(makers.items()):
        with tf.Graph().as_default():
            w = tf.get_variable('w', initializer=w0)
            e = tf.get_variable('e', initializer=e0)
            g1 = tf.placeholder(tf.float32, [10]); g2 = tf.placeholder(tf.float32, [3, 2])
            train = make().apply_gradients(
                [(g1, w), (tf.IndexedSlices(g2, tf.constant(idx), tf.constant([4, 2])), e)],
                global_step=tf.train.get_global_step())
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                for s in range(5):
                    sess.run(train, {g1: gw[s], g2: ge[s]})
                out[name] = np.concatenate([sess.run(w), sess.run(e).ravel()])
    return out


def test_sqrt_is_correctly_rounded(tf):
    x = np.random.RandomState(1).rand(1000).astype(np.float32) * 10
    with tf.Session() as sess:
        got = sess.run(tf.sqrt(tf.constant(x)))
    # TF's float32 Sqrt gives the correctly rounded root of every one of these values
    np.testing.assert_array_equal(got, np.sqrt(x.astype(np.float64)).astype(np.float32))


def test_sqrt_optimizers_match_tf_bit_for_bit(tf):
    got = _five_steps(tf)
    for name, want in EXPECTED.items():
        np.testing.assert_array_equal(got[name], np.array(want, np.float32), err_msg=name)
