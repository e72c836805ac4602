"""Models with *resource* variables, trained by real TensorFlow, keep training in tfcompat: each
fixture in tests/fixtures/tf_resource_training/ is a `.meta` (gzipped) + checkpoint that TF
2.21 (compat.v1, graph mode) wrote after 3 training steps
(tests/fixtures/make_tf_resource_training.py). Its graph holds VarHandleOp, ReadVariableOp,
AssignVariableOp (initializers, the Saver's restore), VarIsInitializedOp, ResourceGather and the
resource optimizer updates (ResourceApplyAdam, ResourceApplyMomentum, ResourceSparseApplyMomentum,
ResourceApplyGradientDescent, ResourceScatterAdd, ResourceApplyCenteredRMSProp for tf.keras
Dense layers, AssignAddVariableOp for the global step).
tfcompat imports the `.meta`, restores the checkpoint and must compute the losses TF computed
(expected.json, recorded from TF 2.21 compat.v1 doing exactly this), before and after each of
3 more steps."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from tfcompat.framework import registry

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "tf_resource_training"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text())


def _import(tf, name, tmp_path):
    meta = tmp_path / (name + ".meta")       # the bytes TF wrote (stored gzipped)
    meta.write_bytes(gzip.decompress((FIXTURES / (name + ".meta.gz")).read_bytes()))
    return tf.train.import_meta_graph(str(meta))


def _feeds(graph, case):
    feeds = {}
    for name, value in case["feeds"].items():
        tensor = graph.get_tensor_by_name(name)
        feeds[tensor] = np.asarray(value).astype(tensor.dtype.as_numpy_dtype)
    return feeds


@pytest.mark.tfcompat_only
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_op_types_are_registered(name):
    assert [t for t in EXPECTED[name]["op_types"] if registry.get_op_def(t) is None] == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_resume_training(tf, name, tmp_path):
    case = EXPECTED[name]
    saver = _import(tf, name, tmp_path)
    feeds = _feeds(tf.get_default_graph(), case)
    with tf.Session() as sess:
        saver.restore(sess, str(FIXTURES / (name + ".ckpt")))
        before = sess.run(case["loss"], feeds)
        losses = []
        for _ in case["losses"]:
            sess.run(case["train_op"], feeds)
            losses.append(float(sess.run(case["loss"], feeds)))
    np.testing.assert_allclose(before, case["loss_before"], rtol=1e-5)
    np.testing.assert_allclose(losses, case["losses"], rtol=1e-5)


def test_initializers_and_uninitialized_report(tf, tmp_path):
    # the imported resource variables start uninitialized; their initializers (AssignVariableOp)
    # give them values, as VarIsInitializedOp (report_uninitialized_variables) sees
    _import(tf, "mlp_resource_adam", tmp_path)
    with tf.Session() as sess:
        missing = sorted(sess.run(tf.report_uninitialized_variables()))
        assert b"d1/w" in missing and b"step/global_step" in missing
        with pytest.raises(tf.errors.FailedPreconditionError, match="Could not find variable"):
            sess.run("d1/w/Read/ReadVariableOp:0")
        sess.run(tf.global_variables_initializer())
        assert list(sess.run(tf.report_uninitialized_variables())) == []
        assert sess.run("d1/b/Read/ReadVariableOp:0").tolist() == pytest.approx([0.1] * 6)


def test_checkpoint_round_trip(tf, tmp_path):
    # the Saver's SaveV2 reads each variable through its ReadVariableOp snapshot
    saver = _import(tf, "embedding_resource_sgd", tmp_path)
    case = EXPECTED["embedding_resource_sgd"]
    feeds = _feeds(tf.get_default_graph(), case)
    with tf.Session() as sess:
        saver.restore(sess, str(FIXTURES / "embedding_resource_sgd.ckpt"))
        sess.run(case["train_op"], feeds)
        saved = saver.save(sess, str(tmp_path / "again.ckpt"))
        after_one = float(sess.run(case["loss"], feeds))
        sess.run(case["train_op"], feeds)
        saver.restore(sess, saved)
        assert float(sess.run(case["loss"], feeds)) == after_one
    np.testing.assert_allclose(after_one, case["losses"][0], rtol=1e-5)


def _raw_variable(tf, name, shape):
    return tf.raw_ops.VarHandleOp(dtype=tf.float32, shape=shape, shared_name=name, name=name)


@pytest.mark.parametrize("case, error, message", [
    # recorded from TF 2.21 compat.v1 (the last line of each error message)
    ("assign_validated", "InvalidArgumentError",
     "Trying to assign to variable with tensor with wrong shape. Expected [2,2] got [3]"),
    ("assign_add", "InvalidArgumentError",
     "Cannot update variable with shape [2,2] using a Tensor with shape [3], shapes must be "
     "equal."),
    ("gather", "InvalidArgumentError", "indices[0] = 5 is not in [0, 2)"),
    ("scatter", "InvalidArgumentError", "indices[0] = 5 is not in [0, 2)"),
    ("apply_uninitialized", "InternalError", "Invalid variable reference."),
    ("read_uninitialized", "FailedPreconditionError",
     "Could not find variable u. This could mean that the variable has been deleted. In TF1, it "
     "can also mean the variable is uninitialized. Debug info: container=localhost, status "
     "error message=Resource localhost/u/N10tensorflow3VarE does not exist."),
    ("shape_uninitialized", "NotFoundError", "Resource localhost/u/N10tensorflow3VarE does not "
     "exist."),
])
def test_run_time_errors(tf, case, error, message):
    w, u = _raw_variable(tf, "w", [2, 2]), _raw_variable(tf, "u", None)
    p = tf.placeholder(tf.float32, None, name="p")
    init = tf.raw_ops.AssignVariableOp(resource=w, value=np.ones((2, 2), np.float32))
    op = {
        "assign_validated": lambda: tf.raw_ops.AssignVariableOp(resource=w, value=p,
                                                                validate_shape=True),
        "assign_add": lambda: tf.raw_ops.AssignAddVariableOp(resource=w, value=p),
        "gather": lambda: tf.raw_ops.ResourceGather(resource=w, indices=[5], dtype=tf.float32),
        "scatter": lambda: tf.raw_ops.ResourceScatterAdd(resource=w, indices=[5],
                                                         updates=[[1.0, 1.0]]),
        "apply_uninitialized": lambda: tf.raw_ops.ResourceApplyGradientDescent(
            var=u, alpha=1.0, delta=[1.0]),
        "read_uninitialized": lambda: tf.raw_ops.ReadVariableOp(resource=u, dtype=tf.float32),
        "shape_uninitialized": lambda: tf.raw_ops.VariableShape(input=u),
    }[case]()
    with tf.Session() as sess:
        sess.run(init)
        with pytest.raises(getattr(tf.errors, error)) as info:
            sess.run(op, {p: np.ones(3, np.float32)})
    assert message in info.value.message


def test_static_shapes_and_unvalidated_assign(tf):
    w = _raw_variable(tf, "w", [2, 2])
    read = tf.raw_ops.ReadVariableOp(resource=w, dtype=tf.float32)
    gathered = tf.raw_ops.ResourceGather(resource=w, indices=[[1]], dtype=tf.float32)
    assert read.shape.as_list() == [2, 2] and gathered.shape.as_list() == [1, 1, 2]
    with pytest.raises(ValueError, match="Shapes must be equal rank, but are 2 and 1"):
        tf.raw_ops.AssignVariableOp(resource=w, value=[1.0, 2.0])
    p = tf.placeholder(tf.float32, None)
    with tf.Session() as sess:
        sess.run(tf.raw_ops.AssignVariableOp(resource=w, value=np.ones((2, 2), np.float32)))
        before = sess.run(read)
        sess.run(tf.raw_ops.AssignVariableOp(resource=w, value=p), {p: [1.0, 2.0, 3.0]})
        assert sess.run(read).tolist() == [1.0, 2.0, 3.0]   # TF: validate_shape=False replaces
    assert before.tolist() == [[1.0, 1.0], [1.0, 1.0]]
