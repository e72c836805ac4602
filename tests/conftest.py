"""Shared fixtures. `tf` is tfcompat; with TFCOMPAT_TEST_AGAINST_TF=1 (run under a Python that
has TensorFlow) it is real `tensorflow.compat.v1`, so the same tests check their own expected
values against TF itself."""
import os
import re

import pytest

AGAINST_TF = os.environ.get("TFCOMPAT_TEST_AGAINST_TF") == "1"


def _load_tf():
    if AGAINST_TF:
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
        import tensorflow.compat.v1 as tf
        tf.disable_v2_behavior()
        return tf
    import tfcompat as tf
    return tf


@pytest.fixture
def tf():
    module = _load_tf()
    with module.Graph().as_default():
        yield module


def pytest_collection_modifyitems(config, items):
    try:
        import torch
        has_cuda = torch.cuda.is_available()
    except ImportError:
        has_cuda = False
    skip_cuda = pytest.mark.skip(reason="CUDA is not available")
    skip_impl = pytest.mark.skip(reason="tfcompat-only test (running against real TF)")
    # Tests that fork worker processes go first: a fork after the process has run many torch
    # kernels (OpenMP pools, other tests' threads) can deadlock the child in torch.
    items.sort(key=lambda item: "distributed" not in str(item.fspath))
    for item in items:
        if "cuda" in item.keywords and not has_cuda:
            item.add_marker(skip_cuda)
        if AGAINST_TF and "tfcompat_only" in item.keywords:
            item.add_marker(skip_impl)


@pytest.fixture(scope="session")
def run_tf():
    """Real TensorFlow in a subprocess, for interop tests (skipped where it is not installed)."""
    import sys
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures"))
    import tfref
    runner = tfref.make_runner()
    if runner is None:
        pytest.skip("no TensorFlow interpreter (set TFCOMPAT_TF_PYTHON)")
    return runner


def pytest_ignore_collect(collection_path, config):
    """Against real TF (whose interpreter has no tfcompat), test modules that import tfcompat
    itself test its internals: they are not collected there."""
    if AGAINST_TF and collection_path.suffix == ".py" and collection_path.name.startswith("test_"):
        text = collection_path.read_text(encoding="utf-8", errors="ignore")
        if re.search(r"^(import tfcompat|from tfcompat)", text, re.M):
            return True
    return None
