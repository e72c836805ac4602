"""Names and devices of the ops TF builds for instrumentation defaults: a Scaffold's ready ops
(report_uninitialized_variables and report_uninitialized_resources, concatenated) and
verify_tensor_all_finite's gate. Expected values: what TF 2.21 (tf.compat.v1) printed."""
import numpy as np
import pytest


def test_scaffold_ready_ops_concat_variables_and_resources(tf):
    tf.Variable(1.0, name="v")
    init = tf.global_variables_initializer()
    scaffold = tf.train.Scaffold()
    scaffold.finalize()
    assert scaffold.ready_op.name == "concat:0"
    assert scaffold.ready_for_local_init_op.name == "concat_1:0"
    graph = tf.get_default_graph()
    for name in ("report_uninitialized_resources/Const", "report_uninitialized_resources_1/Const",
                 "report_uninitialized_variables/stack",
                 "report_uninitialized_variables/boolean_mask/GatherV2"):
        assert graph.get_operation_by_name(name).device == "/device:CPU:0"
    assert graph.get_operation_by_name(
        "report_uninitialized_variables/IsVariableInitialized").device == ""
    assert graph.get_operation_by_name("concat").type == "ConcatV2"
    with tf.Session() as sess:
        assert list(sess.run(scaffold.ready_op)) == [b"v"]
        assert list(sess.run(scaffold.ready_for_local_init_op)) == [b"v"]
        sess.run(init)
        assert sess.run(scaffold.ready_op).shape == (0,)


def test_report_uninitialized_variables_without_variables_runs_on_cpu(tf):
    empty = tf.report_uninitialized_variables([])
    assert empty.op.name == "report_uninitialized_variables/Const"
    assert empty.op.device == "/device:CPU:0"
    with tf.Session() as sess:
        assert sess.run(empty).shape == (0,)


def test_verify_tensor_all_finite_gate_name(tf):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    v = tf.verify_tensor_all_finite(tf.sqrt(x), "sqrt of x")
    assert v.name == "VerifyFinite/control_dependency:0"
    assert v.op.type == "Identity"
    assert [c.name for c in v.op.control_inputs] == ["VerifyFinite/CheckNumerics"]
    named = tf.debugging.assert_all_finite(x, "x", name="chk")
    assert named.name == "chk/control_dependency:0"
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(v, {x: [[1.0, 4.0, 9.0]]}), [[1.0, 2.0, 3.0]])
        try:
            sess.run(v, {x: [[-1.0, 1.0, 1.0]]})
            raise AssertionError("no error")
        except tf.errors.InvalidArgumentError as e:
            assert "sqrt of x : Tensor had NaN values" in e.message
            assert e.op.name == "VerifyFinite/CheckNumerics"


@pytest.mark.tfcompat_only
def test_monitored_session_run_after_close_says_closed(tf):
    # TF crashes here with AttributeError ('NoneType' object has no attribute 'run'):
    # see tests/differential/known_differences.txt
    v = tf.Variable(1.0)
    with tf.train.MonitoredSession() as sess:
        assert sess.run(v) == 1.0
    with pytest.raises(RuntimeError, match="Session is already closed"):
        sess.run(v)
