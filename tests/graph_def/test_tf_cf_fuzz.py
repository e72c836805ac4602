"""A fuzz of random small control-flow graphs made by real TensorFlow: each imports into a fresh
tfcompat graph and computes what TF computed.

tests/fixtures/tf_cf_fuzz/cases.bin.xz holds 1,000 GraphDefs written by
tests/fixtures/make_tf_cf_fuzz.py under TF 2.21 compat.v1 (nested `tf.cond`, `tf.case`, nested
`tf.while_loop`s in conds and conds in loops, loop-invariant captures, growing loop variables,
TensorArrays written and read in loops, map_fn/scan/foldl, `tf.gradients` through all of it;
three cases in four with control flow v1, one in four with control flow v2), with their feeds and
TF's outputs, recorded from TF 2.21 compat.v1 running the same GraphDef imported into a fresh
graph. Floats must agree to 1e-5 (relative), ints and bools exactly; odd cases are imported under
a name scope. The fast suite runs the first 150 cases; TFCOMPAT_CF_FUZZ_CASES=1000 runs them
all."""
from __future__ import annotations

import functools
import lzma
import os
import sys
from pathlib import Path

import numpy as np
import pytest

import tfcompat as tf
from tfcompat.io.proto import graph_pb2

pytestmark = pytest.mark.tfcompat_only
FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "tf_cf_fuzz" / "cases.bin.xz"
sys.path.insert(0, str(FIXTURE.parent.parent))
from cf_fuzz_records import read_records  # noqa: E402
CASES = int(os.environ.get("TFCOMPAT_CF_FUZZ_CASES", "150"))
# Bugs the fuzz found, and the first cases that fail without their fix (all in the first 150):
# 19, a TensorList of optionals or of lists (v2 while gradients' accumulators) checked as
# tensors; 88, a gradient frame's Enter nothing reads; 99, build-time folding of TensorList ops;
# 126, a Const in a cond in a v1 loop's cond function (in the frame only by a control edge from
# the loop's Merge). More cases past 150 that hit the last one, run in the fast suite too:
REGRESSIONS = [268, 274]


@functools.lru_cache(maxsize=1)
def _records():
    return read_records(lzma.decompress(FIXTURE.read_bytes()))


def _array(stored):
    return np.asarray(stored["value"], dtype=stored["dtype"]).reshape(stored["shape"])


def test_fixture_holds_1000_cases_of_both_control_flow_versions():
    records = _records()
    assert len(records) == 1000
    assert [meta["index"] for meta, _ in records] == list(range(1000))
    assert sum(meta["v2"] for meta, _ in records) == 250


def _check(index):
    meta, graph_bytes = _records()[index]
    graph_def = graph_pb2.GraphDef.FromString(graph_bytes)
    prefix = "" if index % 2 == 0 else "fuzz/"   # odd cases import under a name scope
    with tf.Graph().as_default() as graph:
        tf.import_graph_def(graph_def, name=prefix.rstrip("/"))
        fetches = [prefix + name for name in meta["fetches"]]
        with tf.Session(graph=graph) as sess:
            for run_index, run in enumerate(meta["runs"]):
                feeds = {prefix + name: _array(v) for name, v in run["feeds"].items()}
                got = sess.run(fetches, feeds)
                for name, value, stored in zip(meta["fetches"], got, run["outputs"]):
                    want = _array(stored)
                    what = "case %d (seed %d, v%d) run %d fetch %s" % (
                        index, meta["seed"], 2 if meta["v2"] else 1, run_index, name)
                    value = np.asarray(value)
                    assert value.dtype == want.dtype, what
                    assert value.shape == want.shape, what
                    if want.dtype.kind == "f":
                        np.testing.assert_allclose(value, want, rtol=1e-5, atol=1e-5,
                                                   err_msg=what)
                    else:
                        np.testing.assert_array_equal(value, want, err_msg=what)


@pytest.mark.parametrize("index", REGRESSIONS)
def test_cases_that_found_bugs(index):
    _check(index)


@pytest.mark.parametrize("block", range(0, CASES, 25))
def test_tf_made_control_flow_graphs_compute_what_tf_computed(block):
    failures = []
    for index in range(block, min(block + 25, CASES)):
        try:
            _check(index)
        except Exception as e:  # noqa: BLE001 - collect every case of the block, then fail
            failures.append("%s: %s" % (type(e).__name__, str(e)[:400]))
    assert not failures, "\n".join(failures)
