"""tf.train optimizers on resource variables: TF's ResourceApply* / ResourceSparseApply* ops
(and ResourceScatterAdd for GradientDescent's and Adam's sparse updates), slots of the
primary's kind, and values identical to the ref-variable path. Op types and slot kinds were
recorded from TF 2.21 compat.v1 (`disable_v2_behavior`, standing in for TF 1.15); run against
it with TFCOMPAT_TEST_AGAINST_TF=1."""
import numpy as np
import pytest

_OPTIMIZERS = {
    "gd": (lambda tf, step: tf.train.GradientDescentOptimizer(0.1),
           "ResourceApplyGradientDescent", "ResourceScatterAdd", 0),
    "momentum": (lambda tf, step: tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True),
                 "ResourceApplyMomentum", "ResourceSparseApplyMomentum", 1),
    "adam": (lambda tf, step: tf.train.AdamOptimizer(0.1),
             "ResourceApplyAdam", "ResourceScatterAdd", 2),
    "adagrad": (lambda tf, step: tf.train.AdagradOptimizer(0.1),
                "ResourceApplyAdagrad", "ResourceSparseApplyAdagrad", 1),
    "adadelta": (lambda tf, step: tf.train.AdadeltaOptimizer(1.0),
                 "ResourceApplyAdadelta", "ResourceSparseApplyAdadelta", 2),
    "rmsprop": (lambda tf, step: tf.train.RMSPropOptimizer(0.1, momentum=0.5, centered=True),
                "ResourceApplyCenteredRMSProp", "ResourceSparseApplyCenteredRMSProp", 3),
    "ftrl": (lambda tf, step: tf.train.FtrlOptimizer(
        0.1, l1_regularization_strength=0.01, l2_shrinkage_regularization_strength=0.1),
        "ResourceApplyFtrlV2", "ResourceSparseApplyFtrlV2", 2),
    "proximal_gd": (lambda tf, step: tf.train.ProximalGradientDescentOptimizer(
        0.1, l1_regularization_strength=0.01),
        "ResourceApplyProximalGradientDescent", "ResourceSparseApplyProximalGradientDescent", 0),
    "proximal_adagrad": (lambda tf, step: tf.train.ProximalAdagradOptimizer(
        0.1, l1_regularization_strength=0.01),
        "ResourceApplyProximalAdagrad", "ResourceSparseApplyProximalAdagrad", 1),
    "adagrad_da": (lambda tf, step: tf.train.AdagradDAOptimizer(0.1, step),
                   "ResourceApplyAdagradDA", "ResourceSparseApplyAdagradDA", 2),
}
_INIT = [[1.0, -2.0], [3.0, 0.5], [0.2, 0.1]]


def _train(tf, name, sparse, use_resource):
    make = _OPTIMIZERS[name][0]
    step = tf.train.get_or_create_global_step()
    v = tf.get_variable("v%d" % use_resource, initializer=_INIT, use_resource=use_resource)
    x = tf.nn.embedding_lookup(v, [0, 2, 0]) if sparse else v
    opt = make(tf, step)
    return v, opt, opt.minimize(tf.reduce_sum(x * x * [1.0, 2.0]))


@pytest.mark.parametrize("sparse", [False, True], ids=["dense", "sparse"])
@pytest.mark.parametrize("name", sorted(_OPTIMIZERS))
def test_resource_path_matches_ref_path(tf, name, sparse):
    _, dense_type, sparse_type, n_slots = _OPTIMIZERS[name]
    ref, _, ref_train = _train(tf, name, sparse, False)
    res, opt, res_train = _train(tf, name, sparse, True)
    graph = tf.get_default_graph()
    types = {op.type for op in graph.get_operations()
             if "update_v1" in op.name and op.type.startswith("Resource")}
    assert types == {sparse_type if sparse else dense_type}
    slots = [opt.get_slot(res, n) for n in opt.get_slot_names()]
    assert len(slots) == n_slots
    assert all(type(s).__name__ == "ResourceVariable" for s in slots)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(ref_train)
            sess.run(res_train)
        a, b = sess.run([ref, res])
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(b, _INIT)


def test_adam_names_and_non_slot_variables(tf):
    v = tf.get_variable("v", initializer=[1.0, 2.0, 3.0], use_resource=True)
    opt = tf.train.AdamOptimizer(0.1)
    train = opt.minimize(tf.reduce_sum(v * v) + tf.reduce_sum(v))
    assert [(x.name, type(x).__name__) for x in opt.variables()] == [
        ("beta1_power:0", "ResourceVariable"), ("beta2_power:0", "ResourceVariable"),
        ("v/Adam:0", "ResourceVariable"), ("v/Adam_1:0", "ResourceVariable")]
    graph = tf.get_default_graph()
    update = graph.get_operation_by_name("Adam/update_v/ResourceApplyAdam")
    assert [t.name for t in update.inputs[:3]] == ["v:0", "v/Adam:0", "v/Adam_1:0"]
    assert update.inputs[3].name == "Adam/update_v/ResourceApplyAdam/ReadVariableOp:0"
    assert graph.get_operation_by_name("Adam/AssignVariableOp").inputs[0].name == \
        "beta1_power:0"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        # recorded from TF
        np.testing.assert_allclose(sess.run(v), [0.9, 1.9, 2.9], rtol=1e-6)
        np.testing.assert_allclose(sess.run(opt.get_slot(v, "m")), [0.3, 0.5, 0.7], rtol=1e-6)


def test_sparse_gradient_descent_scatter(tf):
    v = tf.get_variable("v", initializer=[1.0, 2.0, 3.0], use_resource=True)
    e = tf.nn.embedding_lookup(v, [0, 2, 0])
    tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(e * e))
    graph = tf.get_default_graph()
    assert [(op.name, op.type) for op in graph.get_operations()
            if op.name.startswith("GradientDescent/update_v/")] == [
        ("GradientDescent/update_v/Neg", "Neg"), ("GradientDescent/update_v/mul", "Mul"),
        ("GradientDescent/update_v/ResourceScatterAdd", "ResourceScatterAdd")]


def test_constraint_on_resource_variable(tf):
    v = tf.get_variable("v", initializer=[1.0, -2.0], use_resource=True,
                        constraint=lambda x: tf.clip_by_value(x, 0.0, 0.5))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(v))
    with tf.Session() as sess:
        sess.run(v.initializer)
        sess.run(train)
        np.testing.assert_allclose(sess.run(v), [0.5, 0.0])


def test_resource_global_step_in_monitored_session(tf):
    tf.enable_resource_variables()
    try:
        step = tf.train.get_or_create_global_step()
        v = tf.get_variable("v", initializer=[1.0, 2.0])
        train = tf.train.AdamOptimizer(0.1).minimize(tf.reduce_sum(v * v), global_step=step)
    finally:
        tf.disable_resource_variables()
    assert type(step).__name__ == "ResourceVariable"
    assert (train.name, train.type) == ("Adam", "AssignAddVariableOp")
    runs = 0
    hooks = [tf.train.StopAtStepHook(last_step=3)]
    with tf.train.MonitoredTrainingSession(hooks=hooks) as sess:
        while not sess.should_stop():
            sess.run(train)
            runs += 1
        # the hooks read the step before the run's increment, as in TF
        assert runs == 3
    with tf.train.MonitoredTrainingSession() as sess:
        assert sess.run(step) == 0
