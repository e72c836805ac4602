"""TF's grappler turns a floating division by a constant into a multiplication by its folded
reciprocal (constant_folding.cc ReduceDivToReciprocalMul): `x / 40.0` is `x * (1 / 40.0)`,
an ulp away from the true quotient for many x; long training runs amplify it (learning-rate
schedules divide global_step by decay_steps). Expected values printed by TF 2.21."""
import numpy as np

X32 = np.float32([1.37, 2.74, 5.48, 9.59, 10.96, 17.81])
# TF: x * (1 / 40) (the true quotients are 0.03424999862909317, 0.06849999725818634, ...)
RECIP = [0.03425000235438347, 0.06850000470876694, 0.13700000941753387, 0.23975001275539398,
         0.27400001883506775, 0.445250004529953]
EXACT = [0.03424999862909317, 0.06849999725818634, 0.13699999451637268, 0.2397499978542328,
         0.27399998903274536, 0.4452499747276306]


def _run(tf, fetches, feeds=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(fetches, feeds)


def test_division_by_constant_is_reciprocal_multiplication(tf):
    s = tf.placeholder(tf.float32, [6])
    got = _run(tf, {'div': s / 40.0, 'cast': s / tf.cast(tf.constant(40), tf.float32),
                    'legacy': tf.div(s, 40.0), 'xdivy': tf.math.xdivy(s, 40.0),
                    'one': s / tf.constant([40.0])}, {s: X32})
    for name, value in got.items():
        assert value.tolist() == RECIP, name


def test_placeholder_with_default_divisor_stays_a_division(tf):
    s = tf.placeholder(tf.float32, [6])
    got = _run(tf, s / tf.placeholder_with_default(40.0, []), {s: X32})
    assert got.tolist() == EXACT


def test_float64_and_constant_numerator(tf):
    s = tf.placeholder(tf.float64, [4])
    x64 = np.float64([1.507, 3.014, 4.521, 6.028])
    got = _run(tf, s / 40.0, {s: x64})
    assert got.tolist() == [0.037675, 0.07535, 0.113025, 0.1507]
    folded = _run(tf, tf.constant(X32) / 40.0)   # both sides constant: folded as a division
    assert folded.tolist() == EXACT


def test_gradient_through_division_by_constant(tf):
    w = tf.Variable(X32)
    y = tf.placeholder(tf.float32, [6])
    g = tf.gradients(tf.reduce_sum(tf.square(w / 40.0 - y) * 0.5), w)[0]
    assert _run(tf, g, {y: -X32}).tolist() == [
        0.03510625287890434, 0.07021250575780869, 0.14042501151561737, 0.2457437515258789,
        0.28085002303123474, 0.456381231546402]


def test_exponential_decay_schedule(tf):
    gs = tf.Variable(7, dtype=tf.int64)
    lr = tf.train.exponential_decay(0.1, gs, 3, 0.96)
    assert _run(tf, lr) == np.float32(0.09091443568468094)


def test_xdivy_by_constant_zero(tf):
    # TF: MulNoNan(1 / c, x): 0 where x is 0, also for a zero divisor
    s = tf.placeholder(tf.float32, [3])
    got = _run(tf, [tf.math.xdivy(s, 0.0), tf.math.xdivy(s, 40.0)],
               {s: np.float32([0.0, 1.37, -2.0])})
    assert got[0].tolist() == [0.0, np.inf, -np.inf]
    assert got[1].tolist() == [0.0, 0.03425000235438347, -0.05000000074505806]


def _divide_in(tf, graph_ops, config=None):
    """x / 40.0 with x fed, in a graph of `graph_ops` ops (3: only Placeholder, Const,
    RealDiv), run in a session with `config`."""
    with tf.Graph().as_default():
        s = tf.placeholder(tf.float32, [6])
        y = s / 40.0
        for i in range(graph_ops - 3):
            tf.constant(float(i))
        with tf.Session(config=config) as sess:
            return sess.run(y, {s: X32}).tolist()


def test_grappler_skips_graphs_under_its_minimum_size(tf):
    assert _divide_in(tf, 3) == EXACT
    assert _divide_in(tf, 4) == RECIP
    config = tf.ConfigProto()
    config.graph_options.rewrite_options.min_graph_nodes = 10
    assert _divide_in(tf, 5, config) == EXACT
    config.graph_options.rewrite_options.min_graph_nodes = -1
    assert _divide_in(tf, 3, config) == RECIP


def test_rewrite_options_that_turn_constant_folding_off(tf):
    off = tf.ConfigProto()
    off.graph_options.rewrite_options.constant_folding = 2      # RewriterConfig.OFF
    assert _divide_in(tf, 5, off) == EXACT
    meta_off = tf.ConfigProto()
    meta_off.graph_options.rewrite_options.disable_meta_optimizer = True
    assert _divide_in(tf, 5, meta_off) == EXACT
    arithmetic_off = tf.ConfigProto()
    arithmetic_off.graph_options.rewrite_options.arithmetic_optimization = 2
    assert _divide_in(tf, 5, arithmetic_off) == RECIP
