"""`tf.test`: `TestCase` with TF1's session helpers and array assertions, so legacy TF test
suites run under pytest or unittest unchanged, plus `main`, `is_gpu_available`, `get_temp_dir`,
`compute_gradient(_error)`.

`TestCase.setUp` does what TF's does: clears the default-graph stack and the default graph,
seeds Python's, numpy's and the graph's random generators with 87654321 and skips a method named
`test_session`. `test_session()`/`cached_session()` give the test's one session, installed as
default with its graph, on the CPU unless `use_gpu`; `session()` a new one. The assertions, with
TF's failure texts, are in tfcompat/_test_asserts.py (absltest's on nested data in
tfcompat/_test_absl.py, its temp files and commands in tfcompat/_test_absl_files.py); the
gradient checker in tfcompat/_gradient_checker.py.
"""
from __future__ import annotations

import contextlib
import os
import random
import tempfile
import threading
import unittest
from unittest import mock

import numpy as np
from tfcompat._test_absl import AbslAssertions
from tfcompat._test_absl_files import AbslFixtures
from tfcompat._test_asserts import TFAssertions
from tfcompat.framework.graph import clear_default_graph_stack

__all__ = [
    "TestCase", "main", "is_gpu_available", "gpu_device_name", "is_built_with_cuda",
    "is_built_with_gpu_support", "is_built_with_rocm", "is_built_with_xla", "get_temp_dir",
    "compute_gradient", "compute_gradient_error", "mock",
]

_TEMP_DIR = None


def _tf():
    import tfcompat  # lazy: cycle: the package imports tf.test

    return tfcompat


def main(argv=None):
    """TF `tf.test.main`: runs the tests of the `__main__` module (unittest's runner)."""
    return unittest.main(module="__main__", argv=argv)


def get_temp_dir() -> str:
    """A temporary directory for this process (made on first use)."""
    global _TEMP_DIR
    if _TEMP_DIR is None:
        _TEMP_DIR = tempfile.mkdtemp(prefix="tfcompat_test_")
    return _TEMP_DIR


def is_built_with_cuda() -> bool:
    import torch

    return torch.version.cuda is not None


def is_built_with_rocm() -> bool:
    import torch

    return getattr(torch.version, "hip", None) is not None


def is_built_with_gpu_support() -> bool:
    return is_built_with_cuda() or is_built_with_rocm()


def is_built_with_xla() -> bool:
    return False


def is_gpu_available(cuda_only=False, min_cuda_compute_capability=None) -> bool:
    """True when torch sees a CUDA device (of at least `min_cuda_compute_capability`)."""
    import torch

    if not torch.cuda.is_available():
        return False
    if min_cuda_compute_capability is None:
        return True
    return any(torch.cuda.get_device_capability(i) >= tuple(min_cuda_compute_capability)
               for i in range(torch.cuda.device_count()))


def gpu_device_name() -> str:
    return "/device:GPU:0" if is_gpu_available() else ""


class TestCase(TFAssertions, AbslAssertions, AbslFixtures, unittest.TestCase):
    """TF1 `tf.test.TestCase`: unittest.TestCase plus sessions and numpy-aware assertions.

    >>> class AddTest(tf.test.TestCase):
    ...     def test_add(self):
    ...         with self.test_session() as sess:
    ...             self.assertAllClose(sess.run(tf.add(1.0, 2.0)), 3.0)
    """

    _DEFAULT_SEED = 87654321   # TF's random_seed.DEFAULT_GRAPH_SEED

    def __init__(self, methodName="runTest"):  # noqa: N803 - unittest's name
        super().__init__(methodName)
        self._cached = None   # set here too, for subclasses whose setUp skips super's
        self._tempdir = None
        self._threads = []

    def setUp(self):
        """As TF's: clears the default-graph stack and the default graph, seeds Python's and
        numpy's generators and the new graph, and skips the method named `test_session`."""
        super().setUp()
        self._cached = None
        self._tempdir = None
        self._threads = []
        random.seed(self._DEFAULT_SEED)
        np.random.seed(self._DEFAULT_SEED)
        clear_default_graph_stack()
        tf = _tf()
        tf.reset_default_graph()
        tf.set_random_seed(self._DEFAULT_SEED)
        if self.id().endswith(".test_session"):
            self.skipTest("Not a test.")

    def tearDown(self):
        for thread in getattr(self, "_threads", ()):
            thread.check_termination()
        if getattr(self, "_cached", None) is not None:
            self._cached.close()
            self._cached = None
        super().tearDown()

    # -- sessions --------------------------------------------------------------------------
    def _get_cached_session(self, graph, config, force_gpu, check_args):
        if getattr(self, "_cached", None) is None:
            self._cached = _tf().Session(graph=graph, config=config)
            self._cached_args = (graph, config, force_gpu)
            return self._cached
        if check_args:
            for index, what in enumerate(("graph", "config", "force_gpu value")):
                if self._cached_args[index] is not (graph, config, force_gpu)[index]:
                    raise ValueError("The %s used to get the cached session is different than "
                                     "the one that was used to create the session. Maybe "
                                     "create a new session with self.session()" % what)
        return self._cached

    @contextlib.contextmanager
    def _as_default(self, sess, use_gpu, force_gpu, close):
        device = (gpu_device_name() or "/device:GPU:0") if force_gpu else (
            None if use_gpu else "/device:CPU:0")
        try:
            with sess.graph.as_default(), sess.as_default():
                if device is None:
                    yield sess
                else:
                    with sess.graph.device(device):
                        yield sess
        finally:
            if close:
                sess.close()

    def test_session(self, graph=None, config=None, use_gpu=False, force_gpu=False):
        """The test's cached session (created on the current default graph) or, given
        `graph`, a new session on it closed at the end of the block."""
        if self.id().endswith(".test_session"):
            self.skipTest("Tests that have the name \"test_session\" are automatically skipped "
                          "by TensorFlow test fixture, as the name is reserved for creating "
                          "sessions within tests. Please rename your test if you have a test "
                          "with this name.")
        if graph is not None:
            return self.session(graph, config, use_gpu, force_gpu)
        sess = self._get_cached_session(graph, config, force_gpu, check_args=False)
        return self._as_default(sess, use_gpu, force_gpu, close=False)

    test_session.__test__ = False   # not a test for pytest

    def cached_session(self, graph=None, config=None, use_gpu=False, force_gpu=False):
        """The test's one session, reused by every call in the same test (ValueError when
        called again with another graph, config or force_gpu)."""
        sess = self._get_cached_session(graph, config, force_gpu, check_args=True)
        return self._as_default(sess, use_gpu, force_gpu, close=False)

    def session(self, graph=None, config=None, use_gpu=False, force_gpu=False):
        """A new session, closed at the end of the `with` block."""
        sess = _tf().Session(graph=graph, config=config)
        return self._as_default(sess, use_gpu, force_gpu, close=True)

    def evaluate(self, tensors):
        """Runs `tensors` in the default session (or the test's cached one)."""
        tf = _tf()
        sess = tf.get_default_session()
        if sess is not None:
            return sess.run(tensors)
        with self.test_session() as sess:
            return sess.run(tensors)

    def checkedThread(self, target, args=None, kwargs=None):  # noqa: N802 - TF's name
        """A thread wrapper whose `join()` fails the test if `target` raised; every one must
        be joined before the test ends."""
        thread = _CheckedThread(self, target, args, kwargs)
        self._threads.append(thread)
        return thread

    @contextlib.contextmanager
    def captureWritesToStream(self, stream):  # noqa: N802 - TF's name
        """Captures what is written to `stream`'s file descriptor (sys.stderr for tf.Print)
        inside the block: `with self.captureWritesToStream(sys.stderr) as printed: ...`, then
        `printed.contents()`."""
        stream.flush()
        fd = stream.fileno()
        tmp_file, tmp_file_path = tempfile.mkstemp(dir=self.get_temp_dir())
        orig_fd = os.dup(fd)
        os.dup2(tmp_file, fd)
        try:
            yield _CapturedWrites(tmp_file_path)
        finally:
            stream.flush()
            os.close(tmp_file)
            os.dup2(orig_fd, fd)
            os.close(orig_fd)

    def get_temp_dir(self) -> str:
        if self._tempdir is None:
            self._tempdir = tempfile.mkdtemp(dir=get_temp_dir())
        return self._tempdir


class _CapturedWrites:
    """What `captureWritesToStream` captured: `contents()`."""

    def __init__(self, capture_location):
        self.capture_location = capture_location

    def contents(self):
        with open(self.capture_location) as tmp_file:
            return "".join(tmp_file.readlines())


class _CheckedThread:
    """TF's TestCase._CheckedThread: `start`, `join` (fails the test with "Error in
    checkedThread: ..." if the target raised), `is_alive`, `check_termination`."""

    def __init__(self, testcase, target, args=None, kwargs=None):
        self._testcase, self._target = testcase, target
        self._args, self._kwargs = tuple(args or ()), dict(kwargs or {})
        self._thread = threading.Thread(target=self._protected_run)
        self._exception = None
        self._is_thread_joined = False

    def _protected_run(self):
        try:
            self._target(*self._args, **self._kwargs)
        except Exception as e:  # noqa: BLE001 - reported by join()
            self._exception = e

    def start(self):
        self._thread.start()

    def join(self):
        self._is_thread_joined = True
        self._thread.join()
        if self._exception is not None:
            self._testcase.fail("Error in checkedThread: %s" % str(self._exception))

    def is_alive(self):
        return self._thread.is_alive()

    def check_termination(self):
        if not self._is_thread_joined:
            self._testcase.fail("A checked thread was not joined.")
        elif self.is_alive():
            raise RuntimeError("Thread was not joined with main thread, and is still running "
                               "when the test finished.")


from tfcompat._gradient_checker import compute_gradient  # noqa: E402,F401
from tfcompat._gradient_checker import compute_gradient_error  # noqa: E402,F401

# the smaller helpers (benchmarks, stubs, GraphDef comparison), kept in their own module
from tfcompat.test_tools import Benchmark  # noqa: E402,F401
from tfcompat.test_tools import StubOutForTesting  # noqa: E402,F401
from tfcompat.test_tools import assert_equal_graph_def  # noqa: E402,F401
from tfcompat.test_tools import benchmark_config  # noqa: E402,F401
from tfcompat.test_tools import disable_with_predicate  # noqa: E402,F401
from tfcompat.test_tools import is_cpu_target_available  # noqa: E402,F401
from tfcompat.test_tools import test_src_dir_path  # noqa: E402,F401
from tfcompat.test_tools import with_eager_op_as_function  # noqa: E402,F401

__all__ += ["Benchmark", "StubOutForTesting", "assert_equal_graph_def", "benchmark_config",
            "disable_with_predicate", "is_cpu_target_available", "test_src_dir_path",
            "with_eager_op_as_function"]

from tfcompat._unsupported import missing_attr as _missing_attr  # noqa: E402

__getattr__ = _missing_attr("test", __name__)


def __dir__():
    """The API's names (as dir(tf.test) lists them), not this module's imports."""
    return sorted(__all__)
