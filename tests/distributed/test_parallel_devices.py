"""Several devices in one process: logical CPUs (ConfigProto device_count), plans cut into
per-device tasks that overlap, and the classic multi-tower training pattern, which must reach
real TF's single-device losses (dist_model_helper.REFERENCE_LOSSES)."""
import threading
import time

import dist_model_helper as helper
import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only


def _average_gradients(tf, tower_grads):
    """The CIFAR-10 multi-GPU example's average_gradients."""
    averaged = []
    for grad_and_vars in zip(*tower_grads):
        grads = [tf.expand_dims(g, 0) for g, _ in grad_and_vars]
        grad = tf.reduce_mean(tf.concat(axis=0, values=grads), 0)
        averaged.append((grad, grad_and_vars[0][1]))
    return averaged


def _variables_on_cpu0(device):
    """The multi-GPU examples' device function: variables on /cpu:0, the rest on `device`."""
    return lambda op: "/cpu:0" if op.type in ("VariableV2", "Variable") else device


def _multi_tower_losses(tf, towers, inter_op_threads=0):
    """Trains the helper's MLP with the batch split over `towers` logical CPUs (variables on
    /cpu:0, gradients averaged there); returns (losses, the train step's plan)."""
    x_data, y_data, init = helper.data()
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 8])
        y = tf.placeholder(tf.int32, [None])
        opt = helper.optimizer(tf)
        xs, ys = tf.split(x, towers), tf.split(y, towers)
        tower_grads, losses = [], []
        with tf.variable_scope(tf.get_variable_scope()):
            for i in range(towers):
                with tf.device(_variables_on_cpu0("/cpu:%d" % (i + 1))), \
                        tf.name_scope("tower_%d" % i):
                    loss = helper.tower_loss(tf, xs[i], ys[i], init)
                    tf.get_variable_scope().reuse_variables()
                    losses.append(loss)
                    tower_grads.append(opt.compute_gradients(
                        loss, colocate_gradients_with_ops=True))
        with tf.device("/cpu:0"):
            train = opt.apply_gradients(_average_gradients(tf, tower_grads))
            mean_loss = tf.add_n(losses) / towers
        config = tf.ConfigProto(device_count={"CPU": towers + 1},
                                inter_op_parallelism_threads=inter_op_threads)
        with tf.Session(config=config) as sess:
            sess.run(tf.global_variables_initializer())
            result = [float(sess.run([mean_loss, train], {x: x_data, y: y_data})[0])
                      for _ in range(helper.STEPS)]
            plan = sess._plan((mean_loss,), (train,), frozenset({x, y}))
    return result, plan


@pytest.mark.parametrize("towers", [2, 4])
def test_multi_tower_training_matches_single_device_tf(towers):
    import tfcompat as tf
    losses, plan = _multi_tower_losses(tf, towers)
    np.testing.assert_allclose(losses, helper.REFERENCE_LOSSES, rtol=2e-5)
    assert type(plan).__name__ == "ParallelPlan"
    tower_tasks = {d for d, _ in plan.tasks if not d.endswith("CPU:0")}
    assert len(tower_tasks) == towers


def test_one_inter_op_thread_keeps_the_sequential_plan():
    import tfcompat as tf
    losses, plan = _multi_tower_losses(tf, 2, inter_op_threads=1)
    np.testing.assert_allclose(losses, helper.REFERENCE_LOSSES, rtol=2e-5)
    assert type(plan).__name__ == "Plan"


def _register_sleep_op():
    from tfcompat.framework import registry
    from tfcompat.framework import shape_rules
    if registry.get_op_def("TfcompatTestSleep") is None:
        @registry.register_op("TfcompatTestSleep", inputs=("x: T",), infer=shape_rules.same_shape,
                              attrs={"seconds": 0.0})
        def _lower_tfcompat_test_sleep(ctx, x, *, seconds):
            time.sleep(seconds)                       # releases the GIL, like a big kernel
            return x + threading.get_ident() * 0


def _sleep(x, seconds):
    from tfcompat.framework.op_builder import apply_op
    return apply_op("TfcompatTestSleep", [x], seconds=seconds)


def test_independent_branches_on_two_logical_cpus_overlap():
    import tfcompat as tf
    _register_sleep_op()
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [])
        outs = []
        for d in ("/cpu:0", "/cpu:1"):
            with tf.device(d):
                outs.append(_sleep(_sleep(x, 0.15), 0.15))
        total = outs[0] + outs[1]
        timings = {}
        for name, threads in (("parallel", 2), ("sequential", 1)):
            config = tf.ConfigProto(device_count={"CPU": 2},
                                    inter_op_parallelism_threads=threads)
            with tf.Session(config=config) as sess:
                assert sess.run(total, {x: 1.0}) == 2.0
                start = time.perf_counter()
                sess.run(total, {x: 1.0})
                timings[name] = time.perf_counter() - start
    assert timings["sequential"] >= 0.6
    assert timings["parallel"] < 0.5, timings


def test_single_device_plans_stay_straight_line():
    import tfcompat as tf
    with tf.Graph().as_default():
        a = tf.constant(2.0)
        x = tf.placeholder(tf.float32, [])
        y = x * a + 1.0
        with tf.Session(config=tf.ConfigProto(device_count={"CPU": 2})) as sess:
            assert sess.run(y, {x: 3.0}) == 7.0
            plan = sess._plan((y,), (), frozenset({x}))
    assert type(plan).__name__ == "Plan"


def test_tasks_follow_devices_and_join_where_branches_meet():
    import tfcompat as tf
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [2, 2])
        with tf.device("/cpu:0"):
            a = tf.matmul(x, x, name="a")
            a2 = tf.tanh(a, name="a2")
        with tf.device("/cpu:1"):
            b = tf.matmul(x, x, transpose_a=True, name="b")
            b2 = tf.tanh(b, name="b2")
        with tf.device("/cpu:0"):
            c = tf.add(a2, b2, name="c")
        with tf.Session(config=tf.ConfigProto(device_count={"CPU": 2})) as sess:
            value = sess.run(c, {x: [[1.0, 2.0], [3.0, 4.0]]})
            plan = sess._plan((c,), (), frozenset({x}))
    m = np.array([[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_allclose(value, np.tanh(m @ m) + np.tanh(m.T @ m), rtol=1e-6)
    assert [(d[-5:], names) for d, names in plan.tasks] == [
        ("CPU:0", ["a", "a2"]), ("CPU:1", ["b", "b2"]), ("CPU:0", ["c"])]


def test_a_failing_branch_names_its_op_and_leaves_variables_alone():
    import tfcompat as tf
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None])
        with tf.device("/cpu:0"):
            v = tf.Variable(1.0)
            update = tf.assign_add(v, 1.0)
            ok = tf.reduce_sum(x * 2.0)
        with tf.device("/cpu:1"):
            bad = tf.reshape(x, [3], name="bad_reshape")
        with tf.Session(config=tf.ConfigProto(device_count={"CPU": 2})) as sess:
            sess.run(v.initializer)
            with pytest.raises(tf.errors.InvalidArgumentError) as info:
                sess.run([ok, bad, update], {x: [1.0, 2.0]})
            assert "bad_reshape" in str(info.value)
            assert sess.run(v) == 1.0
            assert sess.run([ok, update], {x: [1.0, 2.0]}) == [6.0, 2.0]


def test_reads_see_values_from_before_the_runs_writes():
    import tfcompat as tf
    with tf.Graph().as_default():
        with tf.device("/cpu:0"):
            v = tf.Variable(10.0)
            inc = tf.assign_add(v, 5.0)
        with tf.device("/cpu:1"):
            doubled = v * 2.0
        with tf.Session(config=tf.ConfigProto(device_count={"CPU": 2})) as sess:
            sess.run(v.initializer)
            assert sess.run([doubled, inc]) == [20.0, 15.0]
            assert sess.run(doubled) == 30.0


@pytest.mark.cuda
def test_two_gpus_train_multi_tower():
    import torch

    import tfcompat as tf
    if torch.cuda.device_count() < 2:
        pytest.skip("needs two GPUs")
    x = np.ones((4, 3), np.float32)
    with tf.Graph().as_default():
        p = tf.placeholder(tf.float32, [4, 3])
        outs = []
        for i in range(2):
            with tf.device("/gpu:%d" % i):
                outs.append(tf.reduce_sum(tf.matmul(p, tf.ones([3, 3]))))
        with tf.device("/cpu:0"):
            total = tf.add_n(outs)
        with tf.Session() as sess:
            assert sess.run(total, {p: x}) == 72.0
