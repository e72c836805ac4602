"""Whole TF1 programs (seeded training with dropout and batch norm, word2vec with NCE and
sampled softmax, a PTB-style LSTM, every optimizer, tf.data pipelines, savers, summaries,
metrics, strings, sparse tensors, shapes, errors...) give what real TF 2.21 gave when it ran
them: goldens/<name>.npz, recorded by record.py. With TFCOMPAT_DIFF_LIVE=1 and
TFCOMPAT_TF_PYTHON set, the goldens are re-recorded with that TF first."""
import os
import subprocess
import sys

import numpy as np
import pytest

import tfcompat as tf

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import _programs  # noqa: E402
import _results  # noqa: E402

pytestmark = pytest.mark.tfcompat_only   # the programs build their own graphs


@pytest.fixture(scope="module")
def goldens(tmp_path_factory):
    python = os.environ.get("TFCOMPAT_TF_PYTHON")
    if os.environ.get("TFCOMPAT_DIFF_LIVE") == "1" and python:
        out = str(tmp_path_factory.mktemp("program_goldens"))
        subprocess.run([python, os.path.join(HERE, "record.py"), "--out", out], check=True,
                       stdout=subprocess.DEVNULL)
        return out
    return os.path.join(HERE, "goldens")


@pytest.mark.parametrize("name", _programs.NAMES)
def test_program_gives_what_tf_gave(name, goldens, tmp_path, monkeypatch):
    module = _programs.load(name)
    _programs.fresh_state(tf)
    monkeypatch.chdir(tmp_path)
    with tf.Graph().as_default():
        got = _results.flatten(module.main(tf))
    with np.load(os.path.join(goldens, name + ".npz"), allow_pickle=False) as stored:
        expected = {key: stored[key] for key in stored.files}
    reasons = _results.differences(expected, got, getattr(module, "TOLERANCE", {}))
    assert not reasons, "%s differs from TF:\n  %s" % (name, "\n  ".join(reasons[:10]))
