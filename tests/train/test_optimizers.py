"""Optimizer API: TF1's op, slot and variable names, compute/apply_gradients, global step,
errors, learning-rate schedules and ExponentialMovingAverage. (Update formulas are checked
step by step in test_train_against_tf.py.) Expected values were checked against real TF
(TFCOMPAT_TEST_AGAINST_TF=1)."""
import numpy as np
import pytest


def _dense_model(tf):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    with tf.variable_scope("dense"):
        w = tf.get_variable("kernel", [3, 2], initializer=tf.constant_initializer(0.1))
        b = tf.get_variable("bias", [2], initializer=tf.zeros_initializer())
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b))
    return x, w, b, loss


def test_adam_names_and_slots(tf):
    x, w, _, loss = _dense_model(tf)
    step = tf.train.get_or_create_global_step()
    opt = tf.train.AdamOptimizer(0.01)
    train = opt.minimize(loss, global_step=step)
    assert train.name == "Adam" and train.type == "AssignAdd"
    assert train.control_inputs == []  # the increment's constant carries the dependency
    assert [c.name for c in train.inputs[1].op.control_inputs] == ["Adam/update"]
    assert [v.name for v in tf.global_variables()] == [
        "dense/kernel:0", "dense/bias:0", "global_step:0", "beta1_power:0", "beta2_power:0",
        "dense/kernel/Adam:0", "dense/kernel/Adam_1:0", "dense/bias/Adam:0",
        "dense/bias/Adam_1:0"]
    assert opt.get_slot_names() == ["m", "v"]
    assert opt.get_slot(w, "m").name == "dense/kernel/Adam:0"
    assert opt.get_slot(w, "nope") is None
    assert [v.name for v in opt.variables()] == [
        "beta1_power:0", "beta2_power:0", "dense/bias/Adam:0", "dense/bias/Adam_1:0",
        "dense/kernel/Adam:0", "dense/kernel/Adam_1:0"]
    update = tf.get_default_graph().get_operation_by_name("Adam/update_dense/kernel/ApplyAdam")
    assert update.type == "ApplyAdam"
    assert tf.get_collection(tf.GraphKeys.TRAIN_OP) == [train]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(train, {x: np.ones((2, 3), np.float32)})
        assert sess.run(step) == 3
        assert sess.run(opt._get_beta_accumulators()[0]) == pytest.approx(0.9 ** 4)


@pytest.mark.parametrize("make, slots", [
    (lambda tf: tf.train.MomentumOptimizer(0.1, 0.9), ["dense/kernel/Momentum:0"]),
    (lambda tf: tf.train.RMSPropOptimizer(0.1, centered=True),
     ["dense/kernel/RMSProp:0", "dense/kernel/RMSProp_1:0", "dense/kernel/RMSProp_2:0"]),
    (lambda tf: tf.train.AdadeltaOptimizer(0.1),
     ["dense/kernel/Adadelta:0", "dense/kernel/Adadelta_1:0"]),
    (lambda tf: tf.train.AdagradOptimizer(0.1), ["dense/kernel/Adagrad:0"]),
    (lambda tf: tf.train.FtrlOptimizer(0.1), ["dense/kernel/Ftrl:0", "dense/kernel/Ftrl_1:0"]),
])
def test_slot_names(tf, make, slots):
    _, w, _, loss = _dense_model(tf)
    make(tf).minimize(loss, var_list=[w])
    assert [v.name for v in tf.global_variables()][2:] == slots


def test_rmsprop_and_adagrad_slot_initial_values(tf):
    _, w, b, loss = _dense_model(tf)
    rms = tf.train.RMSPropOptimizer(0.1)
    ada = tf.train.AdagradOptimizer(0.1, initial_accumulator_value=0.3)
    rms.minimize(loss)
    ada.minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run(rms.get_slot(w, "rms")), np.ones((3, 2)))
        np.testing.assert_allclose(sess.run(rms.get_slot(w, "momentum")), np.zeros((3, 2)))
        np.testing.assert_allclose(sess.run(ada.get_slot(b, "accumulator")), [0.3, 0.3])


def test_compute_and_apply_gradients(tf):
    x, w, _, loss = _dense_model(tf)
    opt = tf.train.GradientDescentOptimizer(0.5)
    grads_and_vars = opt.compute_gradients(loss, var_list=[w])
    assert len(grads_and_vars) == 1 and grads_and_vars[0][1] is w
    clipped = [(tf.clip_by_value(g, -0.01, 0.01), v) for g, v in grads_and_vars]
    train = opt.apply_gradients(clipped, name="clipped_step")
    assert train.name == "clipped_step" and train.type == "NoOp"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train, {x: np.ones((2, 3), np.float32)})
        np.testing.assert_allclose(sess.run(w), np.full((3, 2), 0.1 - 0.5 * 0.01), rtol=1e-6)


def test_optimizer_errors(tf):
    opt = tf.train.GradientDescentOptimizer(0.1)
    with pytest.raises(ValueError, match="No variables to optimize."):
        opt.minimize(tf.constant(1.0))
    v = tf.Variable(1.0, name="v")
    with pytest.raises(ValueError, match="No gradients provided for any variable, check your "
                                         "graph for ops that do not support gradients"):
        opt.minimize(tf.constant(1.0) * 2.0)
    with pytest.raises(ValueError, match="Invalid type tf.int32 for Const"):
        opt.minimize(tf.constant(1))
    with pytest.raises(ValueError, match="No gradients provided for any variable"):
        opt.apply_gradients([(None, v)])
    with pytest.raises(ValueError, match="No variables provided."):
        opt.apply_gradients([])
    with pytest.raises(ValueError, match="initial_accumulator_value must be positive"):
        tf.train.AdagradOptimizer(0.1, initial_accumulator_value=0.0)


def test_non_scalar_loss_sums_and_failed_step_changes_nothing(tf):
    w = tf.Variable([1.0, 2.0], name="w")
    x = tf.placeholder(tf.float32, [2])
    train = tf.train.GradientDescentOptimizer(0.1).minimize(w * x)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train, {x: [1.0, 3.0]})
        np.testing.assert_allclose(sess.run(w), [0.9, 1.7], rtol=1e-6)
        with pytest.raises(ValueError):
            sess.run(train, {x: [1.0, 2.0, 3.0]})
        np.testing.assert_allclose(sess.run(w), [0.9, 1.7], rtol=1e-6)


def test_global_step_helpers(tf):
    assert tf.train.get_global_step() is None
    step = tf.train.get_or_create_global_step()
    assert step.name == "global_step:0" and step.dtype.base_dtype == tf.int64
    assert tf.train.get_global_step() is step
    assert tf.get_collection(tf.GraphKeys.GLOBAL_STEP) == [step]
    assert step not in tf.trainable_variables()
    with pytest.raises(ValueError, match='"global_step" already exists.'):
        tf.train.create_global_step()
    with tf.Session() as sess:
        sess.run(step.initializer)
        assert tf.train.global_step(sess, step) == 0


def test_learning_rate_schedules(tf):
    step = tf.placeholder(tf.int64, [])
    rates = [
        tf.train.exponential_decay(0.1, step, 10, 0.5),
        tf.train.exponential_decay(0.1, step, 10, 0.5, staircase=True),
        tf.train.natural_exp_decay(0.1, step, 10, 0.5),
        tf.train.inverse_time_decay(0.1, step, 10, 0.5, staircase=True),
        tf.train.polynomial_decay(0.1, step, 20, 0.01, power=2.0),
        tf.train.polynomial_decay(0.1, step, 20, 0.01, cycle=True),
        tf.train.cosine_decay(0.1, step, 20, alpha=0.1),
        tf.train.piecewise_constant(step, [5, 15], [1.0, 0.5, 0.1]),
        tf.train.cosine_decay_restarts(0.1, step, 4),
        tf.train.cosine_decay_restarts(0.1, step, 4, t_mul=1.0, m_mul=0.5),
        tf.train.linear_cosine_decay(0.1, step, 20),
    ]
    with pytest.raises(ValueError):
        tf.train.exponential_decay(0.1, None, 10, 0.5)
    with tf.Session() as sess:
        got = [sess.run(rates, {step: s}) for s in (0, 5, 15, 25)]
    expected = [
        [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 1.0, 0.1, 0.1, 0.1001],
        [0.07071068, 0.1, 0.07788008, 0.1, 0.0606250, 0.0775, 0.0868198, 1.0, 0.09619398,
         0.04267767, 0.06411651],
        [0.03535534, 0.05, 0.04723666, 0.06666667, 0.0156250, 0.0325, 0.0231802, 0.5,
         0.09157348, 0.00183058, 0.00376117],
        [0.01767767, 0.025, 0.02865048, 0.05, 0.01, 0.04375, 0.01, 0.1, 0.00842652,
         0.00133368, 0.0001],
    ]
    np.testing.assert_allclose(got, expected, rtol=1e-5)


def test_exponential_moving_average(tf):
    v = tf.Variable(10.0, name="v")
    t = tf.Variable([1.0, 2.0], name="t")
    ema = tf.train.ExponentialMovingAverage(0.5)
    update = ema.apply([v, t])
    avg = ema.average(v)
    assert update.name == "ExponentialMovingAverage" and avg.name == "v/ExponentialMovingAverage:0"
    assert ema.average_name(t) == "t/ExponentialMovingAverage"
    assert sorted(ema.variables_to_restore()) == ["t/ExponentialMovingAverage",
                                                  "v/ExponentialMovingAverage"]
    assert tf.moving_average_variables() == [v, t]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(v.assign(20.0))
        sess.run(update)
        assert sess.run(avg) == pytest.approx(15.0)
        sess.run(update)
        assert sess.run(avg) == pytest.approx(17.5)
    num = tf.train.ExponentialMovingAverage(0.99, num_updates=tf.constant(1))
    upd = num.apply([v])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(v.assign(0.0))
        sess.run(upd)
        assert sess.run(num.average(v)) == pytest.approx(10.0 - 10.0 * (1 - 2.0 / 11.0))


@pytest.mark.tfcompat_only
def test_assign_moving_average_zero_debias(tf):
    from tfcompat.train.moving_averages import assign_moving_average
    v = tf.Variable(0.0, name="avg", trainable=False)
    value = tf.placeholder(tf.float32, [])
    op = assign_moving_average(v, value, 0.9)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(op, {value: 4.0}) == pytest.approx(4.0)
        assert sess.run(op, {value: 2.0}) == pytest.approx((0.9 * 0.4 + 0.2) / (1 - 0.81))
