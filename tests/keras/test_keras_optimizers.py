"""tf.keras.optimizers in graph mode: `get_updates` under the `training` name scope (as
Model.fit calls it), the variables Keras creates (`training/<Opt>/iter`, the hyper parameters,
the slots `training/<Opt>/<var>/<slot>`), three steps' values of each optimizer, configs and
`get`. Expected values recorded from TF 2.21 compat.v1 (TF_USE_LEGACY_KERAS=1)."""
import numpy as np
import pytest


def _train(tf, make_optimizer, steps=3):
    w = tf.Variable([[1., -2.], [0.5, 3.]], name="dense/kernel", use_resource=True)
    b = tf.Variable([0.1, -0.2], name="dense/bias", use_resource=True)
    x = tf.constant([[1., 2.], [3., -1.]])
    loss = tf.reduce_sum(tf.square(tf.matmul(x, w) + b - 1.))
    opt = make_optimizer(tf.keras.optimizers)
    with tf.name_scope("training"):
        updates = opt.get_updates(loss, [w, b])
    names = [v.name for v in tf.global_variables()][2:]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(steps):
            sess.run(updates)
        values = sess.run([w, b, opt.iterations])
    return opt, names, values


# (optimizer, kernel, bias after 3 steps), recorded from TF 2.21 compat.v1
STEPS = {
    "sgd": (lambda o: o.SGD(0.01), [[0.722555, -0.689886], [0.464085, 2.165599]],
            [-0.029166, 0.123077]),
    "momentum": (lambda o: o.SGD(0.01, momentum=0.9), [[0.464399, 0.528426], [0.432621, 1.412407]],
                 [-0.148794, 0.430013]),
    "nesterov": (lambda o: o.SGD(0.01, momentum=0.9, nesterov=True),
                 [[0.390712, 0.883203], [0.404527, 0.970528]], [-0.188401, 0.455809]),
    "adam": (lambda o: o.Adam(0.01), [[0.970024, -1.970005], [0.470122, 2.970003]],
             [0.070029, -0.170007]),
    "amsgrad": (lambda o: o.Adam(0.01, amsgrad=True), [[0.970024, -1.970005], [0.470122, 2.970003]],
                [0.070029, -0.170007]),
    "rmsprop": (lambda o: o.RMSprop(0.01), [[0.928118, -1.926666], [0.434736, 2.926483]],
                [0.028461, -0.12678]),
    "rmsprop_centered_momentum": (lambda o: o.RMSprop(0.01, momentum=0.5, centered=True),
                                  [[0.884381, -1.881719], [0.397552, 2.88139]],
                                  [-0.014969, -0.081923]),
    "rmsprop_centered": (lambda o: o.RMSprop(0.01, centered=True),
                         [[0.921033, -1.919221], [0.429527, 2.918994]], [0.021462, -0.119361]),
    "adagrad": (lambda o: o.Adagrad(0.1), [[0.793643, -1.776175], [0.380681, 2.774222]],
                [-0.102735, 0.022553]),
    "adadelta": (lambda o: o.Adadelta(1.0), [[0.995716, -1.995711], [0.495737, 2.99571]],
                 [0.095718, -0.195711]),
    "adamax": (lambda o: o.Adamax(0.01), [[0.970322, -1.970056], [0.471289, 2.97002]],
               [0.070383, -0.170078]),
    "ftrl": (lambda o: o.Ftrl(0.1), [[0.769819, -1.765152], [0.36068, 2.744784]],
             [-0.101657, 0.026624]),
    "nadam": (lambda o: o.Nadam(0.01), [[0.97448, -1.974325], [0.475093, 2.974305]],
              [0.074516, -0.174338]),
    "get_adam": (lambda o: o.get("adam"), [[0.997, -1.997], [0.497001, 2.997]], [0.097, -0.197]),
    "sgd_decay": (lambda o: o.SGD(learning_rate=0.1, decay=0.1),
                  [[-0.228788, 3.781818], [0.39697, -0.030303]], [-0.456061, 1.412121]),
}


@pytest.mark.parametrize("name", sorted(STEPS))
def test_three_steps(tf, name):
    make, kernel, bias = STEPS[name]
    _, _, (w, b, iterations) = _train(tf, make)
    np.testing.assert_allclose(w, kernel, rtol=2e-5, atol=2e-6)
    np.testing.assert_allclose(b, bias, rtol=2e-5, atol=2e-6)
    assert iterations == 3


# recorded from TF 2.21 compat.v1: tf.global_variables() after get_updates
VARIABLES = {
    "adam": ["training/Adam/iter:0", "training/Adam/beta_1:0", "training/Adam/beta_2:0",
             "training/Adam/decay:0", "training/Adam/learning_rate:0",
             "training/Adam/dense/kernel/m:0", "training/Adam/dense/bias/m:0",
             "training/Adam/dense/kernel/v:0", "training/Adam/dense/bias/v:0"],
    "momentum": ["training/SGD/iter:0", "training/SGD/decay:0", "training/SGD/learning_rate:0",
                 "training/SGD/momentum:0", "training/SGD/dense/kernel/momentum:0",
                 "training/SGD/dense/bias/momentum:0"],
    "rmsprop": ["training/RMSprop/iter:0", "training/RMSprop/decay:0",
                "training/RMSprop/learning_rate:0", "training/RMSprop/momentum:0",
                "training/RMSprop/rho:0", "training/RMSprop/dense/kernel/rms:0",
                "training/RMSprop/dense/bias/rms:0"],
    "adagrad": ["training/Adagrad/iter:0", "training/Adagrad/decay:0",
                "training/Adagrad/learning_rate:0", "training/Adagrad/dense/kernel/accumulator:0",
                "training/Adagrad/dense/bias/accumulator:0"],
    "nadam": ["training/Nadam/iter:0", "training/Nadam/beta_1:0", "training/Nadam/beta_2:0",
              "training/Nadam/decay:0", "training/Nadam/learning_rate:0",
              "training/Nadam/momentum_cache:0", "training/Nadam/dense/kernel/m:0",
              "training/Nadam/dense/bias/m:0", "training/Nadam/dense/kernel/v:0",
              "training/Nadam/dense/bias/v:0"],
    "ftrl": ["training/Ftrl/iter:0", "training/Ftrl/beta:0", "training/Ftrl/decay:0",
             "training/Ftrl/l1_regularization_strength:0",
             "training/Ftrl/l2_regularization_strength:0", "training/Ftrl/learning_rate:0",
             "training/Ftrl/learning_rate_power:0", "training/Ftrl/dense/kernel/accumulator:0",
             "training/Ftrl/dense/kernel/linear:0", "training/Ftrl/dense/bias/accumulator:0",
             "training/Ftrl/dense/bias/linear:0"],
}


@pytest.mark.parametrize("name", sorted(VARIABLES))
def test_variable_names(tf, name):
    opt, names, _ = _train(tf, STEPS[name][0], steps=0)
    assert names == VARIABLES[name]
    weights = [n for n in VARIABLES[name]
               if n.count("/") > 2 or n.endswith(("iter:0", "momentum_cache:0"))]
    assert [v.name for v in opt.weights] == weights


def test_configs(tf):
    o = tf.keras.optimizers
    # recorded from TF 2.21 compat.v1 (hyper parameters read back as float32 once created)
    assert o.Adam(0.01).get_config() == {"name": "Adam", "learning_rate": 0.01, "decay": 0.0,
                                         "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07,
                                         "amsgrad": False}
    assert o.SGD(momentum=0.5, nesterov=True).get_config() == {
        "name": "SGD", "learning_rate": 0.01, "decay": 0.0, "momentum": 0.5, "nesterov": True}
    assert o.RMSprop().get_config() == {"name": "RMSprop", "learning_rate": 0.001, "decay": 0.0,
                                        "rho": 0.9, "momentum": 0.0, "epsilon": 1e-07,
                                        "centered": False}
    assert o.Adagrad().get_config() == {"name": "Adagrad", "learning_rate": 0.001, "decay": 0.0,
                                        "initial_accumulator_value": 0.1, "epsilon": 1e-07}
    assert type(o.get("sgd")).__name__ == "SGD" and type(o.get("RMSprop")).__name__ == "RMSprop"
    adam = o.get({"class_name": "Adam", "config": {"learning_rate": 0.5}})
    assert adam.get_config()["learning_rate"] == 0.5


def test_errors(tf):
    o = tf.keras.optimizers
    with pytest.raises(ValueError, match="Could not interpret optimizer identifier: 3"):
        o.get(3)
    with pytest.raises(ValueError, match="Unknown optimizer: 'nope'"):
        o.get("nope")
    with pytest.raises(TypeError, match="Unexpected keyword argument passed to optimizer: foo"):
        o.SGD(foo=1)
    with pytest.raises(ValueError, match="`momentum` must be between \\[0, 1\\]"):
        o.SGD(momentum=2.)
    with pytest.raises(ValueError, match="Expected decay >= 0, received: -1.0"):
        o.Adam(decay=-1.)


def test_minimize_and_weights(tf):
    w = tf.Variable([1., 2.], name="w", use_resource=True)
    opt = tf.keras.optimizers.SGD(0.1)
    # recorded from TF 2.21 compat.v1: a tensor loss needs a GradientTape there
    with pytest.raises(ValueError, match="`tape` is required when a `Tensor` loss is passed"):
        opt.minimize(tf.reduce_sum(w * w), [w])
    op = opt.minimize(lambda: tf.reduce_sum(w * w * 2.), [w])
    assert type(op).__name__ == "Operation" and op.name.startswith("SGD/SGD/AssignAdd")
    assert opt.lr.name == "SGD/learning_rate:0" and opt.learning_rate is opt.lr
    sess = tf.Session()
    tf.keras.backend.set_session(sess)
    sess.run(tf.global_variables_initializer())
    sess.run(op)
    np.testing.assert_allclose(sess.run(w), [0.6, 1.2], rtol=1e-6)
    assert opt.get_weights() == [1]
    opt.set_weights([np.int64(7)])
    assert opt.get_weights() == [7]
    with pytest.raises(ValueError, match="with a  weight list of length 2, but the optimizer "
                                         "was expecting 1 weights"):
        opt.set_weights([1, 2])
    opt.learning_rate = 0.5
    assert tf.keras.backend.get_value(opt.lr) == 0.5


def test_tf_train_optimizer_in_compile(tf):
    model = tf.keras.models.Sequential([tf.keras.layers.Dense(1, input_shape=(2,),
                                                              kernel_initializer="ones")])
    model.compile(optimizer=tf.train.GradientDescentOptimizer(0.1), loss="mse")
    assert type(model.optimizer).__name__ == "TFOptimizer"
    history = model.fit(np.ones((4, 2), np.float32), np.zeros((4, 1), np.float32), epochs=2,
                        verbose=0)
    # recorded from TF 2.21 compat.v1
    np.testing.assert_allclose(history.history["loss"], [4.0, 0.64], rtol=1e-6)
    assert [v.name for v in tf.global_variables()] == [
        "dense/kernel:0", "dense/bias:0", "TFOptimizer/iterations:0"]
    assert tf.keras.backend.get_value(model.optimizer.iterations) == 2


def _train_schedule(tf, make_optimizer, steps=4):
    w = tf.Variable([[1., -2.], [0.5, 3.]], name="dense/kernel", use_resource=True)
    x = tf.constant([[1., 2.], [3., -1.]])
    loss = tf.reduce_sum(tf.square(tf.matmul(x, w) - 1.))
    opt = make_optimizer(tf.keras.optimizers)
    with tf.name_scope("training"):
        updates = opt.get_updates(loss, [w])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(steps):
            sess.run(updates)
        return opt, sess.run(w)


# recorded from TF 2.21 compat.v1: kernel after 4 steps
SCHEDULES = {
    "exponential": (lambda o: o.SGD(o.schedules.ExponentialDecay(0.05, 2, 0.5)),
                    [[0.440724, 0.523527], [0.353464, 0.752927]]),
    "staircase": (lambda o: o.SGD(o.schedules.ExponentialDecay(0.05, 2, 0.5, staircase=True)),
                  [[0.437988, 0.493225], [0.334362, 0.6228]]),
    "inverse_time": (lambda o: o.Adam(o.schedules.InverseTimeDecay(0.1, 1, 0.5)),
                     [[0.74619, -1.743745], [0.314605, 2.743707]]),
    "piecewise": (lambda o: o.SGD(o.schedules.PiecewiseConstantDecay([1, 2], [0.05, 0.02, 0.01])),
                  [[0.440516, 0.510192], [0.347256, 0.712216]]),
    "polynomial": (lambda o: o.SGD(o.schedules.PolynomialDecay(0.05, 3, 0.01, power=2.)),
                   [[0.444013, 0.565498], [0.378811, 0.924808]]),
    "cosine": (lambda o: o.SGD(o.schedules.CosineDecay(0.05, 3, alpha=0.1)),
               [[0.443089, 0.544653], [0.367789, 0.85124]]),
    "polynomial_cycle": (lambda o: o.SGD(o.schedules.PolynomialDecay(0.05, 2, cycle=True)),
                         [[0.445847, 0.592903], [0.394671, 1.031835]]),
}


@pytest.mark.parametrize("name", sorted(SCHEDULES))
def test_learning_rate_schedules(tf, name):
    make, kernel = SCHEDULES[name]
    _, w = _train_schedule(tf, make)
    np.testing.assert_allclose(w, kernel, rtol=2e-5, atol=2e-6)


def test_schedule_config_round_trip(tf):
    o = tf.keras.optimizers
    adam = o.Adam(o.schedules.ExponentialDecay(0.1, 2, 0.3))
    config = o.Adam.from_config(adam.get_config()).get_config()
    assert config["learning_rate"] == {
        "class_name": "ExponentialDecay",
        "config": {"initial_learning_rate": 0.1, "decay_steps": 2, "decay_rate": 0.3,
                   "staircase": False, "name": None}}
    with pytest.raises(ValueError, match="The length of boundaries should be 1 less than"):
        o.schedules.PiecewiseConstantDecay([1], [1, 2, 3])


# recorded from TF 2.21 compat.v1: rows 0 and 2 of an embedding after 3 sparse steps (rows 1
# and 3 get no gradient and must not move)
SPARSE = {
    "sgd": (lambda o: o.SGD(0.1), [[0.488, 0.5392, 0.5904], [0.9136, 0.9352, 0.9568]]),
    "momentum": (lambda o: o.SGD(0.1, momentum=0.9),
                 [[0.938, 0.9442, 0.9504], [1.216, 1.162, 1.108]]),
    "nesterov": (lambda o: o.SGD(0.1, momentum=0.9, nesterov=True),
                 [[1.108352, 1.097517, 1.086682], [1.173318, 1.129989, 1.086659]]),
    "adam": (lambda o: o.Adam(0.1),
             [[0.298413, 0.398145, 0.497779], [0.892604, 0.98671, 1.06718]]),
    "adagrad": (lambda o: o.Adagrad(0.1),
                [[0.217701, 0.316207, 0.414263], [0.800718, 0.888674, 0.962708]]),
    "ftrl": (lambda o: o.Ftrl(0.1),
             [[0.217701, 0.300182, 0.378716], [0.704405, 0.748506, 0.743705]]),
    "rmsprop_momentum": (lambda o: o.RMSprop(0.1, momentum=0.5),
                         [[0.9236, 0.998367, 1.065087], [1.141634, 1.068129, 0.960367]]),
}


@pytest.mark.parametrize("name", sorted(SPARSE))
def test_sparse_gradients(tf, name):
    make, rows = SPARSE[name]
    emb = tf.Variable(np.arange(12, dtype=np.float32).reshape(4, 3) / 10., name="emb",
                      use_resource=True)
    loss = tf.reduce_sum(tf.square(tf.gather(emb, tf.constant([0, 2, 2])) - 1.))
    opt = make(tf.keras.optimizers)
    with tf.name_scope("training"):
        updates = opt.get_updates(loss, [emb])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(updates)
        value = sess.run(emb)
    np.testing.assert_allclose(value[[0, 2]], rows, rtol=2e-5, atol=2e-6)
    np.testing.assert_allclose(value[[1, 3]], [[0.3, 0.4, 0.5], [0.9, 1.0, 1.1]], rtol=1e-6)


# kernel and bias of Dense(2, kernel_initializer='ones') after 3 train_on_batch steps, and the
# update op Keras emits, recorded from TF 2.21 compat.v1 (TF_USE_LEGACY_KERAS=1)
KERAS_KERNELS = {
    "momentum": (lambda o: o.SGD(0.1, momentum=0.9), "ResourceApplyKerasMomentum",
                 [[0.6883745, 1.2250001], [0.9431868, 1.0667492], [1.1980002, 0.9084996]],
                 [0.2548124, -0.1582502]),
    "nesterov": (lambda o: o.SGD(0.1, momentum=0.9, nesterov=True),
                 "ResourceApplyKerasMomentum",
                 [[-36.567242, -33.101715], [-52.357182, -48.254433], [-68.14711, -63.40715]],
                 [-15.789941, -15.152716]),
    "amsgrad": (lambda o: o.Adam(0.1, amsgrad=True), "ResourceApplyAdamWithAmsgrad",
                [[0.701903, 0.7023608], [0.7019964, 0.7022834], [0.70205, 0.7022439]],
                [-0.2977535, -0.2978776]),
}


@pytest.mark.parametrize("name", sorted(KERAS_KERNELS))
def test_keras_momentum_and_amsgrad_ops(tf, name):
    make, op_type, kernel, bias = KERAS_KERNELS[name]
    m = tf.keras.Sequential([tf.keras.layers.Dense(2, input_shape=(3,),
                                                   kernel_initializer="ones")])
    m.compile(make(tf.keras.optimizers), "mse")
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    y = np.array([[1, -1], [0.5, 2]], np.float32)
    for _ in range(3):
        m.train_on_batch(x, y)
    ops = [op for op in tf.get_default_graph().get_operations() if "Apply" in op.type]
    assert [op.name for op in ops] == [
        "training/%s/%s/update_dense/%s/%s" % (type(m.optimizer).__name__,
                                               type(m.optimizer).__name__, v, op_type)
        for v in ("kernel", "bias")]
    assert all(op.type == op_type and op.get_attr("use_locking") for op in ops)
    if op_type == "ResourceApplyKerasMomentum":
        assert ops[0].get_attr("use_nesterov") == (name == "nesterov")
    np.testing.assert_allclose(m.get_weights()[0], kernel, rtol=2e-6, atol=1e-6)
    np.testing.assert_allclose(m.get_weights()[1], bias, rtol=2e-6, atol=1e-6)
