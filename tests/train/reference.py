"""TensorFlow's numbers for the training tests: the recorded JSON files in this directory, or,
with TFCOMPAT_DIFF_LIVE=1 and a TensorFlow interpreter (TFCOMPAT_TF_PYTHON, see
tests/fixtures/tfref.py), a fresh recording made by make_training_reference.py into a
temporary directory, once per test session."""
import atexit
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "fixtures"))

import make_training_reference as maker  # noqa: E402
import tfref  # noqa: E402

LIVE = os.environ.get("TFCOMPAT_DIFF_LIVE") == "1"


@functools.lru_cache(maxsize=None)
def load(name):
    """The reference `name` ('training', 'kernels' or 'matrix') as a dict."""
    path = os.path.join(HERE, maker.REFERENCES[name])
    if LIVE:
        path = _record_live(name)
    with open(path) as f:
        return json.load(f)


def _record_live(name):
    python = tfref.tf_python()
    if python is None:
        raise RuntimeError("TFCOMPAT_DIFF_LIVE=1 needs a TensorFlow interpreter: set "
                           "TFCOMPAT_TF_PYTHON (default %s)" % tfref.DEFAULT_TF_PYTHON)
    out = tempfile.mkdtemp(prefix="tfcompat_train_ref_")
    atexit.register(shutil.rmtree, out, True)
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="",
               TF_USE_LEGACY_KERAS="1", TF_ENABLE_ONEDNN_OPTS="0")
    subprocess.run([python, os.path.join(HERE, "make_training_reference.py"), "--out", out,
                    "--only", name], env=env, check=True, timeout=1800)
    return os.path.join(out, maker.REFERENCES[name])
