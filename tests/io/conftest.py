"""Shared fixtures for tests/io: fixture paths and a runner for real TensorFlow in a subprocess.

Interop tests are marked ``tf_interop``; they run TensorFlow from the interpreter named by
``TFCOMPAT_TF_PYTHON`` (default /work/tfref/bin/python) and are skipped when it is missing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
sys.path.insert(0, str(FIXTURES))  # dtype_values.py

_DEFAULT_TF_PYTHON = "/work/tfref/bin/python"

# These tests check tfcompat's own file layer (and call TensorFlow in a subprocess for interop);
# a run of the suite against real TF (TFCOMPAT_TEST_AGAINST_TF=1) has nothing to test here.
if os.environ.get("TFCOMPAT_TEST_AGAINST_TF") == "1":
    collect_ignore_glob = ["test_*.py"]


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "tf_interop: runs real TensorFlow in a subprocess (skipped when unavailable)"
    )


def _tf_python() -> str | None:
    path = os.environ.get("TFCOMPAT_TF_PYTHON", _DEFAULT_TF_PYTHON)
    return path if path and os.path.exists(path) else None


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def run_tf():
    """``run_tf(code, **args) -> object``: runs ``code`` under TensorFlow, returns its result.

    The code sees ``tf`` (compat.v1, graph mode), ``np``, ``ARGS`` (the keyword arguments) and
    ``FIXTURES``, may import dtype_values, and sets ``RESULT`` to something JSON-serialisable.
    """
    python = _tf_python()
    if python is None:
        pytest.skip("no TensorFlow interpreter (set TFCOMPAT_TF_PYTHON)")

    def run(code: str, **args):
        script = _PRELUDE + textwrap.dedent(code) + _EPILOGUE
        env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")
        proc = subprocess.run(
            [python, "-c", script, json.dumps(args), str(FIXTURES)],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
        if proc.returncode != 0:
            raise AssertionError(f"TensorFlow script failed:\n{proc.stderr[-4000:]}")
        return json.loads(proc.stdout.strip().splitlines()[-1])

    return run


_PRELUDE = """
import json, sys
import numpy as np
import tensorflow.compat.v1 as tf
tf.disable_v2_behavior()
ARGS = json.loads(sys.argv[1])
FIXTURES = sys.argv[2]
sys.path.insert(0, FIXTURES)
RESULT = None
"""

_EPILOGUE = """
print()
print(json.dumps(RESULT))
"""
