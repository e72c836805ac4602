"""Saver `.meta` files of models with tf.cond, tf.while_loop, dynamic_rnn (fused CudnnRNN ops and a
GRU loop) and TensorArrays (meta_models.py), both ways: each model is built, run and saved by
tfcompat, trained one step; then (a) `import_meta_graph` + `restore` in a fresh tfcompat graph
give the same outputs and the same training step, and (b) so does real TensorFlow (in a
subprocess, when TFCOMPAT_TF_PYTHON names its interpreter), training through the exported
gradients; where TF cannot compute a gradient as exported, running it fails naming the op.
The losses in TF_LOSSES were recorded from TF 2.21 (compat.v1)."""
from __future__ import annotations

import json
import logging
import os

import numpy as np
import pytest
import tfcompat
from meta_models import MODELS
from meta_models import NO_TF_GRADIENT
from meta_models import X_SEQ
from tfcompat.io.export_attrs import ORIGINAL_ATTR

pytestmark = pytest.mark.tfcompat_only

# Recorded from TF 2.21 compat.v1 building the same models itself (meta_models' builders under
# real TF): the loss with the first feed, before and after one training step.
TF_LOSSES = {
    "cond": (4.267197608947754, 3.8210995197296143),
    "while": (4.878696441650391, 0.021399855613708496),
    "nested": (0.08409050107002258, 0.04491910710930824),
    "rnn_adam": (1.239578127861023, 1.0710090398788452),
    "rnn_variants": (2.0127041339874268, -6.824852466583252),
    "tensor_array": (10.320798873901367, 4.527589321136475),
    "gru": (8.474151611328125, 9.435152053833008),
    "rnn_basic_cell": (8.997031211853027, 1.4225877523422241),
    "rnn_dynamic_steps": (41.16078186035156, 1.166427731513977),
    "select_v2": (10.375, 0.4150000214576721),
    "deconv": (5.81534481048584, 2.1417312622070312),
}


def _run_all(sess, fetches, feeds):
    return [[np.asarray(v) for v in sess.run(fetches, feed)] for feed in feeds]


def _save(name, d):
    """Builds `name`, saves it (.meta + checkpoint), runs it and trains one step: the values
    before the step and after it."""
    tf = tfcompat
    with tf.Graph().as_default():
        fetches, feeds = MODELS[name](tf)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            tf.train.Saver().save(sess, os.path.join(d, "m"))
            before = _run_all(sess, fetches, feeds)  # may change state (a counter's reads)
            sess.run("train", feeds[0])
            after = _run_all(sess, fetches, feeds)
    with open(os.path.join(d, "spec.json"), "w") as f:
        json.dump({"fetches": fetches, "n_feeds": len(feeds)}, f)
    for i, feed in enumerate(feeds):
        np.savez(os.path.join(d, "feed_%d.npz" % i),
                 **{k.replace(":", "__"): np.asarray(v) for k, v in feed.items()})
    return fetches, feeds, before, after


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    logging.getLogger("tensorflow").setLevel(logging.ERROR)  # TensorArray gradients: named
    try:
        return {name: (str(d),) + _save(name, str(d)) for name in MODELS
                for d in [tmp_path_factory.mktemp(name)]}
    finally:
        logging.getLogger("tensorflow").setLevel(logging.NOTSET)


def _assert_close(got, want, rtol, atol):
    assert len(got) == len(want)
    for got_run, want_run in zip(got, want):
        assert len(got_run) == len(want_run)
        for a, b in zip(got_run, want_run):
            b = np.asarray(b)
            if b.dtype.kind in "SUO":  # strings (TF's side writes them decoded)
                assert np.asarray(a).astype(str).tolist() == b.astype(str).tolist()
            else:
                np.testing.assert_allclose(np.asarray(a, np.float64), b.astype(np.float64),
                                           rtol=rtol, atol=atol)


# -- (a) tfcompat -> tfcompat ----------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(MODELS))
def test_meta_restores_runs_and_trains_in_tfcompat(saved, name):
    d, fetches, feeds, before, after = saved[name]
    tf = tfcompat
    with tf.Graph().as_default(), tf.Session() as sess:
        saver = tf.train.import_meta_graph(os.path.join(d, "m.meta"))
        saver.restore(sess, os.path.join(d, "m"))
        got_before = _run_all(sess, fetches, feeds)
        sess.run("train", feeds[0])
        got_after = _run_all(sess, fetches, feeds)
    _assert_close(got_before, before, 1e-6, 1e-7)
    _assert_close(got_after, after, 1e-6, 1e-7)


@pytest.mark.parametrize("name", sorted(TF_LOSSES))
def test_losses_are_tensorflows(saved, name):
    _, _, _, before, after = saved[name]
    tf_before, tf_after = TF_LOSSES[name]
    np.testing.assert_allclose([before[0][0], after[0][0]], [tf_before, tf_after], rtol=1e-5)


def test_fused_rnn_is_written_as_a_call_of_an_unrolled_function():
    tf = tfcompat
    with tf.Graph().as_default() as g:
        MODELS["rnn_adam"](tf)
        graph_def = g.as_graph_def()
    library = {f.signature.name: f for f in graph_def.library.function}
    every_type = {n.op for n in graph_def.node} | {n.op for f in library.values()
                                                    for n in f.node_def}
    assert not every_type & {"CudnnRNN", "CudnnRNNV3"}
    call = next(n for n in graph_def.node if n.name == "lstm/rnn/fused/CudnnRNN")
    assert call.op == "PartitionedCall" and ORIGINAL_ATTR in call.attr
    unrolled = library[call.attr["f"].func.name]
    assert sum(n.op == "MatMul" for n in unrolled.node_def) == 2 * 7  # input, hidden per step
    grads = [n for n in graph_def.node if n.op == "SymbolicGradient"
             and n.attr["f"].func.name == call.attr["f"].func.name]
    assert len(grads) == 1
    with tf.Graph().as_default() as g2:  # tfcompat's importer restores the fused op
        tf.import_graph_def(graph_def, name="")
        assert g2.get_operation_by_name("lstm/rnn/fused/CudnnRNN").type == "CudnnRNN"


def test_fused_rnn_over_unknown_steps_is_written_as_loops():
    tf = tfcompat
    with tf.Graph().as_default() as g:
        MODELS["rnn_dynamic_steps"](tf)
        graph_def = g.as_graph_def()
    library = {f.signature.name: f for f in graph_def.library.function}
    call = next(n for n in graph_def.node if n.name == "lstm/rnn/fused/CudnnRNN")
    assert call.op == "PartitionedCall"
    forward = library[call.attr["f"].func.name]
    assert [n.op for n in forward.node_def if "While" in n.op] == ["StatelessWhile"]
    grad = next(n for n in graph_def.node if n.op == "PartitionedCall"
                and n.name.startswith("gradients/lstm/rnn/fused/CudnnRNN_grad"))
    loops = [n.op for n in library[grad.attr["f"].func.name].node_def if "While" in n.op]
    assert loops == ["StatelessWhile", "StatelessWhile"]  # forward, then backward


def test_long_fused_rnn_is_written_as_a_loop():
    tf = tfcompat
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [2, 40, 3], name="x")  # above UNROLL_MAX_STEPS
        tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(2), x, dtype=tf.float32)
        graph_def = g.as_graph_def()
    library = {f.signature.name: f for f in graph_def.library.function}
    call = next(n for n in graph_def.node if n.name == "rnn/fused/CudnnRNN")
    assert "StatelessWhile" in {n.op for n in library[call.attr["f"].func.name].node_def}


def test_fused_rnn_tensorflow_cannot_run_is_named(caplog):
    tf = tfcompat
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [7, 2, 5], name="x")
        h = tf.placeholder(tf.float32, None, name="h")  # rank unknown
        params = tf.Variable(np.zeros(4 * 3 * (5 + 3 + 2), np.float32), name="params")
        y = tf.raw_ops.CudnnRNN(input=x, input_h=h, input_c=h, params=params)[0]
        tf.gradients(tf.reduce_sum(y), params)
        with caplog.at_level(logging.WARNING, logger="tensorflow"):
            graph_def = g.as_graph_def()
    assert "op 'CudnnRNN' (CudnnRNN) has TensorFlow kernels for GPUs only, and tfcompat " \
        "writes it as TF ops only where input, input_h and input_c have static rank 3" in \
        caplog.text
    assert "TensorFlow has no CPU gradient for op 'CudnnRNN' (CudnnRNN)" in caplog.text
    assert [n.op for n in graph_def.node if n.name == "CudnnRNN"] == ["CudnnRNN"]


def test_fused_rnn_export_feeds_like_the_op():
    """The unrolled function's results are those of the fused op itself, fed the same."""
    tf = tfcompat
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [4, 7, 5], name="x")
        with tf.variable_scope("v", initializer=tf.constant_initializer(0.3)):
            o, s = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(3), x, dtype=tf.float32)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            want = sess.run([o, s.h], {x: X_SEQ})
        graph_def = g.as_graph_def()
    call = next(n for n in graph_def.node if n.op == "PartitionedCall")
    del call.attr[ORIGINAL_ATTR]  # tfcompat now inlines the function instead of the op
    with tf.Graph().as_default() as g2, tf.Session() as sess:
        tf.import_graph_def(graph_def, name="")
        assert "CudnnRNN" not in {op.type for op in g2.get_operations()}
        sess.run([op for op in g2.get_operations() if op.name.endswith("/Assign")])
        got = sess.run([o.name, s.h.name], {"x:0": X_SEQ})
    _assert_close([got], [want], 1e-5, 1e-6)


# -- (b) tfcompat -> TensorFlow --------------------------------------------------------------

_TF_SIDE = """
for name, d in ARGS["models"].items():
    spec = json.load(open(d + "/spec.json"))
    feeds = []
    for i in range(spec["n_feeds"]):
        arrays = np.load(d + "/feed_%d.npz" % i)
        feeds.append({k.replace("__", ":"): arrays[k] for k in arrays.files})
    out = RESULT[name] = {}

    def plain(value):
        value = np.asarray(value)
        return value.astype(str).tolist() if value.dtype.kind in "SO" else value.tolist()

    def run_all(sess):
        return [[plain(v) for v in sess.run(spec["fetches"], f)] for f in feeds]

    with tf.Graph().as_default():
        with tf.Session() as sess:
            saver = tf.train.import_meta_graph(d + "/m.meta")
            saver.restore(sess, d + "/m")
            out["before"] = run_all(sess)
            try:
                sess.run("train", feeds[0])
                out["after"] = run_all(sess)
            except tf.errors.InvalidArgumentError as e:
                out["error"] = e.message
"""


@pytest.fixture(scope="module")
def in_tensorflow(run_tf, saved):
    return run_tf(_TF_SIDE, models={name: v[0] for name, v in saved.items()})


@pytest.mark.tf_interop
@pytest.mark.parametrize("name", sorted(MODELS))
def test_meta_restores_runs_and_trains_in_tensorflow(saved, in_tensorflow, name):
    _, _, _, before, after = saved[name]
    theirs = in_tensorflow[name]
    _assert_close(theirs["before"], before, 1e-5, 1e-6)
    if name in NO_TF_GRADIENT:
        assert "TensorFlow has no gradient function for op type TensorArrayGatherV3" in \
            theirs["error"]
        assert NO_TF_GRADIENT[name] in theirs["error"]
    else:
        assert "error" not in theirs, theirs.get("error")
        _assert_close(theirs["after"], after, 1e-5, 1e-6)
