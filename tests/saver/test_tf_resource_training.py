"""Models with *resource* variables, trained by real TensorFlow, keep training in tfcompat: each
fixture in tests/fixtures/tf_resource_training/ is a `.meta` (gzipped) + checkpoint that TF
2.21 (compat.v1, graph mode) wrote after 3 training steps
(tests/fixtures/make_tf_resource_training.py). Its graph holds VarHandleOp, ReadVariableOp,
AssignVariableOp (initializers, the Saver's restore), VarIsInitializedOp, ResourceGather and the
resource optimizer updates (ResourceApplyAdam, ResourceApplyMomentum, ResourceSparseApplyMomentum,
ResourceApplyGradientDescent, ResourceScatterAdd, AssignAddVariableOp for the global step).
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

pytestmark = pytest.mark.tfcompat_only
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
