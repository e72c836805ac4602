"""`tf.test`: `TestCase` with TF1's session helpers and array assertions, so legacy TF test
suites run under pytest or unittest unchanged, plus `main`, `is_gpu_available`, `get_temp_dir`,
`compute_gradient(_error)`.

`TestCase.setUp` resets the default graph (as TF1's does); `test_session()`/`cached_session()`
give one session per test, installed as default with the graph, on the CPU unless `use_gpu`.
"""
from __future__ import annotations

import contextlib
import re
import tempfile
import unittest
from unittest import mock

import numpy as np
from tfcompat.framework.device import DeviceSpec
from tfcompat.framework.operation import Operation
from tfcompat.framework.operation import is_tensor_like

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


class TestCase(unittest.TestCase):
    """TF1 `tf.test.TestCase`: unittest.TestCase plus sessions and numpy-aware assertions.

    >>> class AddTest(tf.test.TestCase):
    ...     def test_add(self):
    ...         with self.test_session() as sess:
    ...             self.assertAllClose(sess.run(tf.add(1.0, 2.0)), 3.0)
    """

    def setUp(self):
        super().setUp()
        self._cached = None
        self._tempdir = None
        np.random.seed(87654321)
        _tf().reset_default_graph()

    def tearDown(self):
        if getattr(self, "_cached", None) is not None:
            self._cached.close()
            self._cached = None
        super().tearDown()

    # -- sessions --------------------------------------------------------------------------
    def _session_for(self, graph, config):
        tf = _tf()
        if graph is not None:
            return tf.Session(graph=graph, config=config), False
        cached = getattr(self, "_cached", None)
        if cached is None or cached.graph is not tf.get_default_graph():
            cached = self._cached = tf.Session(config=config)
        return cached, True

    @contextlib.contextmanager
    def _as_default(self, sess, use_gpu, force_gpu, close):
        device = "/device:GPU:0" if force_gpu else (None if use_gpu else "/device:CPU:0")
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
        """A session on `graph` (default: the test's default graph, cached for the test)."""
        sess, cached = self._session_for(graph, config)
        return self._as_default(sess, use_gpu, force_gpu, close=not cached)

    test_session.__test__ = False   # not a test for pytest

    def cached_session(self, graph=None, config=None, use_gpu=False, force_gpu=False):
        """The test's one session, reused by every call in the same test."""
        return self.test_session(graph, config, use_gpu, force_gpu)

    def session(self, graph=None, config=None, use_gpu=False, force_gpu=False):
        """A new session, closed at the end of the `with` block."""
        tf = _tf()
        sess = tf.Session(graph=graph, config=config)
        return self._as_default(sess, use_gpu, force_gpu, close=True)

    def evaluate(self, tensors):
        """Runs `tensors` in the default session (or the test's cached one)."""
        tf = _tf()
        sess = tf.get_default_session()
        if sess is not None:
            return sess.run(tensors)
        with self.cached_session() as sess:
            return sess.run(tensors)

    def get_temp_dir(self) -> str:
        if self._tempdir is None:
            self._tempdir = tempfile.mkdtemp(dir=get_temp_dir())
        return self._tempdir

    # -- assertions ------------------------------------------------------------------------
    def _array(self, a):

        if is_tensor_like(a) or isinstance(a, Operation):
            a = self.evaluate(a)
        return np.asarray(a)

    def _check_shape(self, a, b, msg):
        if a.shape != b.shape:
            self.fail("Shape mismatch: expected %s, got %s with contents %s.%s"
                      % (a.shape, b.shape, b, " " + msg if msg else ""))

    def assertAllClose(self, a, b, rtol=1e-6, atol=1e-6, msg=None):
        """Elementwise |a - b| <= atol + rtol * |b|, recursing into lists, tuples and dicts."""
        if isinstance(a, dict) or isinstance(b, dict):
            self.assertEqual(sorted(a), sorted(b), msg)
            for key in a:
                self.assertAllClose(a[key], b[key], rtol, atol, msg)
            return
        if isinstance(a, (list, tuple)) and a and not _is_numeric_seq(a):
            self.assertEqual(len(a), len(b), msg)
            for x, y in zip(a, b):
                self.assertAllClose(x, y, rtol, atol, msg)
            return
        a, b = self._array(a), self._array(b)
        self._check_shape(a, b, msg)
        np.testing.assert_allclose(b, a, rtol=rtol, atol=atol, err_msg=msg or "",
                                   equal_nan=True)

    def assertAllCloseAccordingToType(self, a, b, rtol=1e-6, atol=1e-6, float_rtol=1e-6,
                                      float_atol=1e-6, half_rtol=1e-3, half_atol=1e-3,
                                      bfloat16_rtol=1e-2, bfloat16_atol=1e-2, msg=None):
        a, b = self._array(a), self._array(b)
        kinds = {a.dtype, b.dtype}
        if np.float32 in kinds:
            rtol, atol = max(rtol, float_rtol), max(atol, float_atol)
        if np.float16 in kinds:
            rtol, atol = max(rtol, half_rtol), max(atol, half_atol)
        if "bfloat16" in {k.name for k in kinds}:
            rtol, atol = max(rtol, bfloat16_rtol), max(atol, bfloat16_atol)
        self.assertAllClose(a, b, rtol, atol, msg)

    def assertNotAllClose(self, a, b, **kwargs):
        try:
            self.assertAllClose(a, b, **kwargs)
        except AssertionError:
            return
        raise AssertionError("The two values are close at all elements")

    def assertAllEqual(self, a, b, msg=None):
        a, b = self._array(a), self._array(b)
        self._check_shape(a, b, msg)
        np.testing.assert_array_equal(a, b, err_msg=msg or "")

    def assertNotAllEqual(self, a, b, msg=None):
        a, b = self._array(a), self._array(b)
        if a.shape == b.shape and np.array_equal(a, b):
            self.fail("Expected %r != %r%s" % (a, b, ": " + msg if msg else ""))

    def _compare_all(self, a, target, op, text):
        a = self._array(a)
        if not np.all(op(a, target)):
            self.fail("Not all elements of %s are %s %s" % (a, text, target))

    def assertAllGreater(self, a, comparison_target):
        self._compare_all(a, comparison_target, np.greater, ">")

    def assertAllGreaterEqual(self, a, comparison_target):
        self._compare_all(a, comparison_target, np.greater_equal, ">=")

    def assertAllLess(self, a, comparison_target):
        self._compare_all(a, comparison_target, np.less, "<")

    def assertAllLessEqual(self, a, comparison_target):
        self._compare_all(a, comparison_target, np.less_equal, "<=")

    def assertAllInRange(self, target, lower_bound, upper_bound, open_lower_bound=False,
                         open_upper_bound=False):
        self._compare_all(target, lower_bound, np.greater if open_lower_bound else
                          np.greater_equal, ">" if open_lower_bound else ">=")
        self._compare_all(target, upper_bound, np.less if open_upper_bound else np.less_equal,
                          "<" if open_upper_bound else "<=")

    def assertAllInSet(self, target, expected_set):
        values = set(self._array(target).ravel().tolist())
        extra = values - set(expected_set)
        if extra:
            self.fail("%d unique element(s) are not in the set %s: %s"
                      % (len(extra), expected_set, sorted(extra)))

    def assertNear(self, f1, f2, err, msg=None):
        self.assertTrue(f1 == f2 or abs(f1 - f2) <= err, "%f != %f +/- %f%s" % (
            f1, f2, err, " (%s)" % msg if msg else ""))

    def assertArrayNear(self, farray1, farray2, err, msg=None):
        self.assertEqual(len(farray1), len(farray2), msg=msg)
        for f1, f2 in zip(farray1, farray2):
            self.assertNear(float(f1), float(f2), err, msg=msg)

    def assertShapeEqual(self, np_array, tf_tensor, msg=None):
        self.assertAllEqual(np.asarray(np_array).shape, tf_tensor.get_shape().as_list(), msg)

    def assertDTypeEqual(self, target, expected_dtype):
        self.assertEqual(self._array(target).dtype, np.dtype(expected_dtype))

    def assertDeviceEqual(self, device1, device2, msg=None):

        spec1 = DeviceSpec.from_string(device1 or "").to_string()
        spec2 = DeviceSpec.from_string(device2 or "").to_string()
        self.assertEqual(spec1, spec2, msg or "Devices %s and %s are not equal" % (
            device1, device2))

    def assertStartsWith(self, actual, expected_start, msg=None):
        if not actual.startswith(expected_start):
            self.fail("%r does not start with %r%s" % (actual, expected_start,
                                                       " : %r" % msg if msg else ""))

    assertItemsEqual = unittest.TestCase.assertCountEqual

    def assertRaisesWithPredicateMatch(self, exception_type, expected_err_re_or_predicate):
        """Context manager: the block raises `exception_type` whose message matches."""
        if callable(expected_err_re_or_predicate):
            predicate = expected_err_re_or_predicate
        else:
            def predicate(e):
                return re.search(expected_err_re_or_predicate, str(e)) is not None
        return _RaisesPredicate(self, exception_type, predicate)

    def assertRaisesOpError(self, expected_err_re_or_predicate):
        return self.assertRaisesWithPredicateMatch(_tf().errors.OpError,
                                                   expected_err_re_or_predicate)


def _is_numeric_seq(a) -> bool:
    try:
        return np.asarray(a).dtype != object
    except (ValueError, TypeError, NotImplementedError):   # ragged, or symbolic Tensors
        return False


class _RaisesPredicate:
    def __init__(self, test, exception_type, predicate):
        self.test, self.type, self.predicate = test, exception_type, predicate

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.test.fail("Exception of type %s not raised" % self.type.__name__)
        if not issubclass(exc_type, self.type) or not self.predicate(exc):
            raise AssertionError("Exception of type %s: %s" % (exc_type.__name__, exc)) from exc
        return True


# -- gradient checker ----------------------------------------------------------------------

def compute_gradient(x, x_shape, y, y_shape, x_init_value=None, delta=1e-3,
                     init_targets=None, extra_feed_dict=None):
    """TF1 `tf.test.compute_gradient`: (theoretical, numerical) Jacobians of `y` w.r.t. `x`,
    each of shape [x_size, y_size], in the default session (x is fed, y is fetched)."""
    tf = _tf()
    sess = tf.get_default_session()
    if sess is None:
        raise ValueError("compute_gradient needs a default session (use `with sess.as_default()`)")
    if init_targets is not None:
        sess.run(init_targets)
    feeds = dict(extra_feed_dict or {})
    dtype = x.dtype.as_numpy_dtype
    x0 = (np.asarray(x_init_value, dtype) if x_init_value is not None
          else np.random.random_sample(x_shape).astype(dtype))
    x_size, y_size = int(np.prod(x_shape)), int(np.prod(y_shape))
    dy = tf.placeholder(y.dtype, y_shape)
    grad = tf.gradients(tf.reduce_sum(y * dy), x)[0]
    theoretical = np.zeros((x_size, y_size), dtype)
    for j in range(y_size):
        onehot = np.zeros(y_size, y.dtype.as_numpy_dtype)
        onehot[j] = 1
        g = sess.run(grad, {**feeds, x: x0, dy: onehot.reshape(y_shape)})
        theoretical[:, j] = np.asarray(g).reshape(-1)
    numerical = np.zeros((x_size, y_size), dtype)
    for i in range(x_size):
        plus, minus = x0.copy().reshape(-1), x0.copy().reshape(-1)
        plus[i] += delta
        minus[i] -= delta
        y_plus = sess.run(y, {**feeds, x: plus.reshape(x_shape)})
        y_minus = sess.run(y, {**feeds, x: minus.reshape(x_shape)})
        numerical[i, :] = ((np.asarray(y_plus) - np.asarray(y_minus)) / (2 * delta)).reshape(-1)
    return theoretical, numerical


def compute_gradient_error(x, x_shape, y, y_shape, x_init_value=None, delta=1e-3,
                           init_targets=None, extra_feed_dict=None):
    """TF1 `tf.test.compute_gradient_error`: max |theoretical - numerical| Jacobian entry."""
    theoretical, numerical = compute_gradient(x, x_shape, y, y_shape, x_init_value, delta,
                                              init_targets, extra_feed_dict)
    return float(np.max(np.abs(theoretical - numerical))) if theoretical.size else 0.0


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
