"""`run_tf`: real TensorFlow in a subprocess for the interop tests here (skipped without it)."""
from __future__ import annotations

import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "fixtures"))
import tfref  # noqa: E402

# These tests check tfcompat against TensorFlow's files; a run of the suite against real TF
# (TFCOMPAT_TEST_AGAINST_TF=1) has nothing to test here.
if os.environ.get("TFCOMPAT_TEST_AGAINST_TF") == "1":
    collect_ignore_glob = ["test_*.py"]


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "tf_interop: runs real TensorFlow in a subprocess (skipped when unavailable)"
    )


@pytest.fixture(scope="session")
def run_tf():
    runner = tfref.make_runner()
    if runner is None:
        pytest.skip("no TensorFlow interpreter (set TFCOMPAT_TF_PYTHON)")
    return runner
