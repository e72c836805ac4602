"""Models trained by real TensorFlow keep training in tfcompat: each fixture in
tests/fixtures/tf_training/ is a `.meta` (gzipped) + checkpoint that TF 2.21 (compat.v1, graph
mode) wrote after 3 training steps (tests/fixtures/make_tf_training_graphs.py). Its graph holds
TF's own gradient ops (BiasAddGrad, ReluGrad, MaxPoolGrad, FusedBatchNormGradV3,
BroadcastGradientArgs, ConcatOffset, ...) and optimizer update ops. tfcompat imports the
`.meta`, restores the checkpoint, and must compute the loss TF computed, before and after each
of 5 more steps (3 for the LSTM language model and the GAN) with the same feeds (expected.json,
recorded from TF 2.21 compat.v1 doing exactly this). The LSTM language model's `dynamic_rnn` is
v1 control flow (a while loop over TensorArrays, its gradient loop popping StackV2 stacks); the
GAN has two losses and two optimizers, each on its own var_list, run in turn each step;
cond_batchnorm_adam updates its moving averages through RefSwitch (ops/control_flow_v1_refs.py)."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from tfcompat.framework import registry

pytestmark = pytest.mark.tfcompat_only
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "tf_training"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text())


def _feeds(graph, case):
    feeds = {}
    for name, value in case["feeds"].items():
        tensor = graph.get_tensor_by_name(name)
        feeds[tensor] = np.asarray(value).astype(tensor.dtype.as_numpy_dtype)
    return feeds


# a v1 while loop's frame ops, which the importer rewrites into one While op
# (interchange/v1_frames.py): they never become ops of a tfcompat graph
_FRAME_OPS = {"Enter", "RefEnter", "Exit", "RefExit", "NextIteration", "RefNextIteration",
              "LoopCond"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_op_types_are_registered(name):
    missing = [t for t in EXPECTED[name]["op_types"]
               if t not in _FRAME_OPS and registry.get_op_def(t) is None]
    assert missing == []


def _listed(x):
    return list(x) if isinstance(x, list) else [x]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_resume_training(tf, name, tmp_path):
    case = EXPECTED[name]
    loss_names, train_ops = _listed(case["loss"]), _listed(case["train_op"])
    meta = tmp_path / (name + ".meta")       # the bytes TF wrote (stored gzipped)
    meta.write_bytes(gzip.decompress((FIXTURES / (name + ".meta.gz")).read_bytes()))
    saver = tf.train.import_meta_graph(str(meta))
    graph = tf.get_default_graph()
    assert [t.name for t in tf.get_collection("loss")] == loss_names
    assert set(train_ops) <= {op.name for op in tf.get_collection("train_op")}
    feeds = _feeds(graph, case)
    with tf.Session() as sess:
        saver.restore(sess, str(FIXTURES / (name + ".ckpt")))
        before = sess.run(loss_names, feeds)
        losses = []
        for _ in case["losses"]:             # a step runs each train op in turn (GAN: D, G)
            for op in train_ops:
                sess.run(op, feeds)
            losses.append([float(v) for v in sess.run(loss_names, feeds)])
    np.testing.assert_allclose(before, _listed(case["loss_before"]), rtol=1e-4)
    np.testing.assert_allclose(losses, [_listed(v) for v in case["losses"]], rtol=1e-4)
