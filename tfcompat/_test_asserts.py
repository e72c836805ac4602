"""The assertions of `tf.test.TestCase` (TF's test_util.TensorFlowTestCase and the absltest
ones TF1 tests used), with TF's failure texts: "Not equal to tolerance ...", "not close where
= ...", "Mismatched value: a[k][0] is different from b[k][0].", "Shape mismatch: ...",
"1 of the 3 element(s) are outside the range [0, 1]. ..." (mixed into tfcompat/test.py)."""
from __future__ import annotations

import collections.abc
import contextlib
import difflib
import itertools
import math
import re
import unittest

import numpy as np
from tfcompat._lazy import lazy_module
from tfcompat.errors import InvalidArgumentError
from tfcompat.errors import OpError
from tfcompat.framework.device import DeviceSpec
from tfcompat.framework.operation import Operation
from tfcompat.framework.operation import is_tensor_like
from tfcompat.io.graph_def import MIN_CONSUMER
from tfcompat.io.graph_def import PRODUCER
from tfcompat.ragged.ragged_tensor import RaggedTensor
from tfcompat.ragged.ragged_value import RaggedTensorValue

text_format = lazy_module("google.protobuf.text_format")

__all__ = ["TFAssertions"]


def _is_graph_value(a) -> bool:
    return is_tensor_like(a) or isinstance(a, Operation)


def _is_ragged(a) -> bool:
    return isinstance(a, (RaggedTensor, RaggedTensorValue))


def _ragged_rank(a) -> int:
    return a.ragged_rank if _is_ragged(a) else 0


class TFAssertions:
    """Mixin for a unittest.TestCase that has `evaluate`."""

    maxDiff = 80 * 20   # absltest's
    longMessage = True

    # -- conversions ---------------------------------------------------------------------------
    def _GetNdArray(self, a):  # noqa: N802 - TF's names
        if _is_graph_value(a):
            a = self.evaluate(a)
        if not isinstance(a, np.ndarray):
            try:
                return np.array(a)
            except ValueError as e:
                if "inhomogeneous shape" in str(e):
                    return np.array(a, dtype=object)
                raise
        return a

    def evaluate_if_both_tensors(self, a, b):
        if _is_graph_value(a) and _is_graph_value(b):
            return self.evaluate((a, b))
        return (a, b)

    # -- closeness -----------------------------------------------------------------------------
    def _assertArrayLikeAllClose(self, a, b, rtol=1e-6, atol=1e-6, msg=None):  # noqa: N802
        (a, b) = self.evaluate_if_both_tensors(a, b)
        a, b = self._GetNdArray(a), self._GetNdArray(b)
        if a.shape != b.shape and (b.ndim <= 3 or b.size < 500):
            shape_msg = "Shape mismatch: expected %s, got %s with contents %s." % (
                a.shape, b.shape, b)
        else:
            shape_msg = "Shape mismatch: expected %s, got %s." % (a.shape, b.shape)
        self.assertEqual(a.shape, b.shape, shape_msg)
        msgs = [msg]
        a_dtype = a.dtype
        if a.dtype.name == "bfloat16":
            a = a.astype(np.float32)
        if b.dtype.name == "bfloat16":
            b = b.astype(np.float32)
        if not np.allclose(a, b, rtol=rtol, atol=atol):
            cond = np.logical_or(np.abs(a - b) > atol + rtol * np.abs(b),
                                 np.isnan(a) != np.isnan(b))
            if a.ndim:
                x, y = a[np.where(cond)], b[np.where(cond)]
                msgs.append("not close where = {}".format(np.where(cond)))
            else:
                x, y = a, b
            msgs.append("not close lhs = {}".format(x))
            msgs.append("not close rhs = {}".format(y))
            msgs.append("not close dif = {}".format(np.abs(x - y)))
            msgs.append("not close tol = {}".format(atol + rtol * np.abs(y)))
            msgs.append("dtype = {}, shape = {}".format(a_dtype, a.shape))
            np.testing.assert_allclose(a, b, rtol=rtol, atol=atol, err_msg="\n".join(msgs),
                                       equal_nan=True)

    def _assertAllCloseRecursive(self, a, b, rtol=1e-6, atol=1e-6, path=None,  # noqa: N802
                                 msg=None):
        if _is_ragged(a) or _is_ragged(b):
            return self._assertRaggedClose(a, b, rtol, atol, msg)
        path = path or []
        path_str = ("[" + "][".join(str(p) for p in path) + "]") if path else ""
        msg = msg if msg else ""
        a = a._asdict() if hasattr(a, "_asdict") else a
        b = b._asdict() if hasattr(b, "_asdict") else b
        a_is_dict = isinstance(a, collections.abc.Mapping)
        if a_is_dict != isinstance(b, collections.abc.Mapping):
            raise ValueError("Can't compare dict to non-dict, a%s vs b%s. %s"
                             % (path_str, path_str, msg))
        mismatch = "Mismatched value: a%s is different from b%s. %s" % (path_str, path_str, msg)
        if a_is_dict:
            self.assertItemsEqual(a.keys(), b.keys(), msg="mismatched keys: a%s has keys %s, "
                                  "but b%s has keys %s. %s" % (path_str, a.keys(), path_str,
                                                               b.keys(), msg))
            for k in a:
                path.append(k)
                self._assertAllCloseRecursive(a[k], b[k], rtol, atol, path, msg)
                del path[-1]
        elif isinstance(a, (list, tuple)):
            try:
                (a, b) = self.evaluate_if_both_tensors(a, b)
                self._assertArrayLikeAllClose(self._GetNdArray(a), self._GetNdArray(b),
                                              rtol=rtol, atol=atol, msg=mismatch)
            except (ValueError, TypeError, NotImplementedError):
                if len(a) != len(b):
                    raise ValueError("Mismatched length: a%s has %d items, but b%s has %d "
                                     "items. %s" % (path_str, len(a), path_str, len(b), msg))
                for idx, (a_ele, b_ele) in enumerate(zip(a, b)):
                    path.append(str(idx))
                    self._assertAllCloseRecursive(a_ele, b_ele, rtol, atol, path, msg)
                    del path[-1]
        else:
            try:
                self._assertArrayLikeAllClose(a, b, rtol=rtol, atol=atol, msg=mismatch)
            except TypeError as e:
                msg = "Error: a%s has %s, but b%s has %s. %s" % (path_str, type(a), path_str,
                                                                 type(b), msg)
                e.args = ((e.args[0] + " : " + msg,) + e.args[1:])
                raise

    def assertAllClose(self, a, b, rtol=1e-6, atol=1e-6, msg=None):
        """Nested structures (dicts, namedtuples, lists) of arrays or Tensors are close:
        |a - b| <= atol + rtol * |b| elementwise."""
        self._assertAllCloseRecursive(a, b, rtol=rtol, atol=atol, msg=msg)

    def assertAllCloseAccordingToType(self, a, b, rtol=1e-6, atol=1e-6, float_rtol=1e-6,
                                      float_atol=1e-6, half_rtol=1e-3, half_atol=1e-3,
                                      bfloat16_rtol=1e-2, bfloat16_atol=1e-2, msg=None):
        (a, b) = self.evaluate_if_both_tensors(a, b)
        a, b = self._GetNdArray(a), self._GetNdArray(b)
        kinds = {a.dtype.name, b.dtype.name}
        if kinds & {"float32", "complex64"}:
            rtol, atol = max(rtol, float_rtol), max(atol, float_atol)
        if "float16" in kinds:
            rtol, atol = max(rtol, half_rtol), max(atol, half_atol)
        if "bfloat16" in kinds:
            rtol, atol = max(rtol, bfloat16_rtol), max(atol, bfloat16_atol)
        self.assertAllClose(a, b, rtol=rtol, atol=atol, msg=msg)

    def assertNotAllClose(self, a, b, rtol=1e-6, atol=1e-6, msg=None):
        try:
            self.assertAllClose(a, b, rtol=rtol, atol=atol, msg=msg)
        except AssertionError:
            return
        raise AssertionError("The two values are close at all elements. %s" % (msg or ""))

    # -- equality ------------------------------------------------------------------------------
    def assertAllEqual(self, a, b, msg=None):
        if _is_ragged(a) or _is_ragged(b):
            return self._assertRaggedEqual(a, b, msg)
        msg = msg if msg else ""
        (a, b) = self.evaluate_if_both_tensors(a, b)
        a, b = self._GetNdArray(a), self._GetNdArray(b)
        if b.ndim <= 3 or b.size < 500:
            self.assertEqual(a.shape, b.shape, "Shape mismatch: expected %s, got %s. Contents: "
                             "%r. \n%s." % (a.shape, b.shape, b, msg))
        else:
            self.assertEqual(a.shape, b.shape, "Shape mismatch: expected %s, got %s. %s"
                             % (a.shape, b.shape, msg))
        same = a == b
        if a.dtype.kind in "fc" or a.dtype.name == "bfloat16":
            same = np.logical_or(same, np.logical_and(np.isnan(a), np.isnan(b)))
        if np.all(same):
            return
        msgs = [msg]
        diff = np.logical_not(same)
        if a.ndim:
            x, y = a[np.where(diff)], b[np.where(diff)]
            msgs.append("not equal where = {}".format(np.where(diff)))
        else:
            x, y = a, b
        msgs.append("not equal lhs = %r" % x)
        msgs.append("not equal rhs = %r" % y)
        if a.dtype.kind != b.dtype.kind and {a.dtype.kind, b.dtype.kind} <= {"U", "S", "O"}:
            a, b = (np.array([item.encode("utf-8") if isinstance(item, str) else item
                              for item in arr.flat]) for arr in (a, b))
        np.testing.assert_array_equal(a, b, err_msg="\n".join(msgs))

    def assertNotAllEqual(self, a, b, msg=None):
        try:
            self.assertAllEqual(a, b)
        except AssertionError:
            return
        raise AssertionError("The two values are equal at all elements. %s" % (msg or ""))

    # -- ragged values (compared as nested Python lists) ---------------------------------------
    def _GetPyList(self, a):  # noqa: N802
        if isinstance(a, RaggedTensor):
            return self.evaluate(a).to_list()
        if is_tensor_like(a):
            a = self.evaluate(a)
            return a.tolist() if isinstance(a, np.ndarray) else a
        if isinstance(a, np.ndarray):
            return a.tolist()
        if isinstance(a, RaggedTensorValue):
            return a.to_list()
        return np.array(a, dtype=object).tolist()

    def _assertRaggedEqual(self, a, b, msg):  # noqa: N802
        self.assertEqual(self._GetPyList(a), self._GetPyList(b), msg)
        if not (isinstance(a, (list, tuple)) or isinstance(b, (list, tuple))):
            self.assertEqual(_ragged_rank(a), _ragged_rank(b), msg)

    def _assertRaggedClose(self, a, b, rtol, atol, msg=None):  # noqa: N802
        self._assertListCloseRecursive(self._GetPyList(a), self._GetPyList(b), rtol, atol, msg)
        if not (isinstance(a, (list, tuple)) or isinstance(b, (list, tuple))):
            self.assertEqual(_ragged_rank(a), _ragged_rank(b), msg)

    def _assertListCloseRecursive(self, a, b, rtol, atol, msg, path="value"):  # noqa: N802
        self.assertEqual(type(a), type(b))
        if isinstance(a, (list, tuple)):
            self.assertLen(a, len(b), "Length differs for %s" % path)
            for i in range(len(a)):
                self._assertListCloseRecursive(a[i], b[i], rtol, atol, msg,
                                               "%s[%s]" % (path, i))
        else:   # TF passes the path string on as the path (so it prints "[v][a][l][u][e][[][1][]]")
            self._assertAllCloseRecursive(a, b, rtol, atol, path, msg)

    # -- order and ranges ----------------------------------------------------------------------
    def assertAllGreater(self, a, comparison_target):
        (a, comparison_target) = self.evaluate_if_both_tensors(a, comparison_target)
        self.assertGreater(np.min(self._GetNdArray(a)), comparison_target)

    def assertAllLess(self, a, comparison_target):
        (a, comparison_target) = self.evaluate_if_both_tensors(a, comparison_target)
        self.assertLess(np.max(self._GetNdArray(a)), comparison_target)

    def assertAllGreaterEqual(self, a, comparison_target):
        (a, comparison_target) = self.evaluate_if_both_tensors(a, comparison_target)
        self.assertGreaterEqual(np.min(self._GetNdArray(a)), comparison_target)

    def assertAllLessEqual(self, a, comparison_target):
        (a, comparison_target) = self.evaluate_if_both_tensors(a, comparison_target)
        self.assertLessEqual(np.max(self._GetNdArray(a)), comparison_target)

    def _format_subscripts(self, subscripts, value, limit=10, indent=2):
        lines = []
        subscripts = np.transpose(subscripts)
        prefix = " " * indent
        if np.ndim(value) == 0:
            return [prefix + "[0] : " + str(value)]
        for subscript in itertools.islice(subscripts, limit):
            lines.append(prefix + str(subscript) + " : " + str(value[tuple(subscript)]))
        if len(subscripts) > limit:
            lines.append(prefix + "...")
        return lines

    def assertAllInRange(self, target, lower_bound, upper_bound, open_lower_bound=False,
                         open_upper_bound=False):
        target = self._GetNdArray(target)
        if not (np.issubdtype(target.dtype, np.floating)
                or np.issubdtype(target.dtype, np.integer)):
            raise AssertionError("The value of %s does not have an ordered numeric type, "
                                 "instead it has type: %s" % (target, target.dtype))
        nan_subscripts = np.where(np.isnan(target))
        if np.size(nan_subscripts):
            raise AssertionError(
                "%d of the %d element(s) are NaN. Subscripts(s) and value(s) of the NaN "
                "element(s):\n" % (len(nan_subscripts[0]), np.size(target))
                + "\n".join(self._format_subscripts(nan_subscripts, target)))
        range_str = (("(" if open_lower_bound else "[") + str(lower_bound) + ", "
                     + str(upper_bound) + (")" if open_upper_bound else "]"))
        violations = (np.less_equal(target, lower_bound) if open_lower_bound
                      else np.less(target, lower_bound))
        violations = np.logical_or(violations, np.greater_equal(target, upper_bound)
                                   if open_upper_bound else np.greater(target, upper_bound))
        subscripts = np.where(violations)
        if np.size(subscripts):
            raise AssertionError(
                "%d of the %d element(s) are outside the range %s. " % (
                    len(subscripts[0]), np.size(target), range_str)
                + "Subscript(s) and value(s) of the offending elements:\n"
                + "\n".join(self._format_subscripts(subscripts, target)))

    def assertAllInSet(self, target, expected_set):
        target = self._GetNdArray(target)
        diff = np.setdiff1d(target.flatten(), list(expected_set))
        if np.size(diff):
            raise AssertionError("%d unique element(s) are not in the set %s: %s"
                                 % (np.size(diff), expected_set, diff))

    def assertNear(self, f1, f2, err, msg=None):
        f1, f2 = np.squeeze(f1), np.squeeze(f2)
        if f1 != f2:
            diff = math.fabs(f1 - f2)
            self.assertTrue(diff <= err, "%f != %f +/- %f (difference: %g)%s" % (
                f1, f2, err, diff, " (%s)" % msg if msg is not None else ""))

    def assertArrayNear(self, farray1, farray2, err, msg=None):
        self.assertEqual(len(farray1), len(farray2), msg=msg)
        for f1, f2 in zip(farray1, farray2):
            self.assertNear(float(f1), float(f2), err, msg=msg)

    def assertNDArrayNear(self, ndarray1, ndarray2, err, msg=None):
        self.assertTrue(np.linalg.norm(ndarray1 - ndarray2) < err, msg=msg)

    # -- types, shapes, devices ----------------------------------------------------------------
    def assertDTypeEqual(self, target, expected_dtype):
        self.assertEqual(self._GetNdArray(target).dtype, expected_dtype)

    def assertShapeEqual(self, input_a, input_b, msg=None):
        """Static shapes of Tensors (or numpy shapes) are equal."""
        for label, value in (("input_a", input_a), ("input_b", input_b)):
            if not (isinstance(value, (np.ndarray, np.generic)) or is_tensor_like(value)):
                raise TypeError("%s must be a Numpy ndarray, Numpy scalar, or a Tensor."
                                "Instead received %s" % (label, type(value)))
        shape_a, shape_b = (v.get_shape().as_list() if is_tensor_like(v) else v.shape
                            for v in (input_a, input_b))
        self.assertAllEqual(shape_a, shape_b, msg=msg)

    def assertDeviceEqual(self, device1, device2, msg=None):
        device1 = DeviceSpec.from_string(device1 or "").to_string()
        device2 = DeviceSpec.from_string(device2 or "").to_string()
        self.assertEqual(device1, device2, "Devices %s and %s are not equal. %s"
                         % (device1, device2, msg))

    def assertDictEqual(self, a, b, msg=None):
        try:
            super().assertDictEqual(a, b, msg)
        except Exception:  # noqa: BLE001 - TF's: arrays inside make == ambiguous
            self.assertSameElements(a.keys(), b.keys())
            for k, v in a.items():
                a_k, b_k = self.evaluate_if_both_tensors(v, b[k])
                if np.issubdtype(self._GetNdArray(a_k).dtype, np.floating):
                    self.assertAllClose(v, b[k], msg=k)
                else:
                    self.assertAllEqual(v, b[k], msg=k)

    # -- exceptions ----------------------------------------------------------------------------
    def assertRaisesWithPredicateMatch(self, exception_type, expected_err_re_or_predicate):
        """Context manager: the block raises `exception_type` whose message (for an OpError,
        plus "Caused by: <op name>") matches the regex, or satisfies the predicate."""
        if callable(expected_err_re_or_predicate):
            predicate = expected_err_re_or_predicate
        else:
            def predicate(e):
                if isinstance(e, OpError):
                    err_str, op = e.message, e.op
                else:
                    err_str, op = str(e), None
                while op is not None:
                    err_str += "\nCaused by: " + op.name
                    op = getattr(op, "_original_op", None)
                return re.search(expected_err_re_or_predicate, err_str)
        return _RaisesPredicate(self, exception_type, predicate)

    def assertRaisesOpError(self, expected_err_re_or_predicate):
        return self.assertRaisesWithPredicateMatch(OpError, expected_err_re_or_predicate)

    def assertRaisesIncompatibleShapesError(self, exception_type=None):
        return self.assertRaisesWithPredicateMatch(
            exception_type or InvalidArgumentError,
            r"Incompatible shapes|Dimensions must be equal|required broadcastable shapes")

    # -- protos --------------------------------------------------------------------------------
    def assertProtoEquals(self, expected_message_maybe_ascii, validate_message, msg=None,
                          relative_tolerance=None):
        """`validate_message` equals the proto (or its text format) `expected...`."""
        if isinstance(expected_message_maybe_ascii, type(validate_message)):
            expected = expected_message_maybe_ascii
        elif isinstance(expected_message_maybe_ascii, (str, bytes)):
            expected = type(validate_message)()
            text_format.Merge(expected_message_maybe_ascii, expected)
        else:
            raise AssertionError("Can't compare protos of type %s and %s." % (
                type(expected_message_maybe_ascii), type(validate_message)))
        if expected != validate_message:
            self.assertMultiLineEqual(text_format.MessageToString(expected),
                                      text_format.MessageToString(validate_message), msg=msg)

    def assertProtoEqualsVersion(self, expected, actual, producer=PRODUCER,
                                 min_consumer=MIN_CONSUMER, msg=None):
        expected = "versions { producer: %d min_consumer: %d };\n%s" % (producer, min_consumer,
                                                                       expected)
        self.assertProtoEquals(expected, actual, msg=msg)

    # -- absltest's ----------------------------------------------------------------------------
    def fail(self, msg=None, user_msg=None):
        super().fail(self._formatMessage(user_msg, msg))

    def assertMultiLineEqual(self, first, second, msg=None, **kwargs):
        if first == second:
            return
        lines = [msg + ":\n" if msg else "\n"]
        for line in difflib.ndiff(first.splitlines(True), second.splitlines(True)):
            lines.append(line if line.endswith("\n") else line + "\n")
        raise self.failureException("".join(lines))

    def assertStartsWith(self, actual, expected_start, msg=None):
        if not actual.startswith(expected_start):
            self.fail("%r does not start with %r" % (actual, expected_start)
                      + (" : %r" % msg if msg else ""))

    def assertLen(self, container, expected_len, msg=None):
        if len(container) != expected_len:
            self.fail("%s has length of %d, expected %d." % (
                unittest.util.safe_repr(container), len(container), expected_len), msg)

    def assertEmpty(self, container, msg=None):
        if len(container):
            self.fail("%r has length of %d." % (container, len(container)), msg)

    def assertNotEmpty(self, container, msg=None):
        if not len(container):
            self.fail("%r has length of 0." % (container,), msg)

    def assertBetween(self, value, minv, maxv, msg=None):
        msg = self._formatMessage(msg, '"%r" unexpectedly not between "%r" and "%r"'
                                  % (value, minv, maxv))
        self.assertLessEqual(minv, value, msg)
        self.assertGreaterEqual(maxv, value, msg)

    def assertSameElements(self, expected_seq, actual_seq, msg=None):
        if isinstance(expected_seq, (str, bytes)) or isinstance(actual_seq, (str, bytes)):
            self.fail("Passing string/bytes to assertSameElements is usually a bug. Did you "
                      "mean to use assertEqual?\nExpected: %s\nActual: %s"
                      % (expected_seq, actual_seq))
        try:
            expected = dict.fromkeys(expected_seq)
            actual = dict.fromkeys(actual_seq)
            missing = sorted(e for e in expected if e not in actual)
            unexpected = sorted(e for e in actual if e not in expected)
        except TypeError:   # unhashable elements: absltest compares the sorted lists
            missing, unexpected = _sorted_list_difference(sorted(expected_seq),
                                                          sorted(actual_seq))
        errors = [msg, ":\n"] if msg else []
        if missing:
            errors.append("Expected, but missing:\n  %r\n" % (missing,))
        if unexpected:
            errors.append("Unexpected, but present:\n  %r\n" % (unexpected,))
        if missing or unexpected:
            self.fail("".join(errors))

    def assertContainsSubset(self, expected_subset, actual_set, msg=None):
        missing = set(expected_subset) - set(actual_set)
        if missing:
            self.fail("Missing elements %s\nExpected: %s\nActual: %s"
                      % (missing, expected_subset, actual_set), msg)

    def assertNoCommonElements(self, expected_seq, actual_seq, msg=None):
        common = set(expected_seq) & set(actual_seq)
        if common:
            self.fail("Common elements %s\nExpected: %s\nActual: %s"
                      % (common, expected_seq, actual_seq), msg)

    def assertSequenceStartsWith(self, prefix, whole, msg=None):
        try:
            prefix_len = len(prefix)
        except (TypeError, NotImplementedError):
            prefix, prefix_len = [prefix], 1
        if isinstance(whole, (collections.abc.Mapping, collections.abc.Set)):
            self.fail("For whole: Mapping or Set objects are not supported, found type: %s"
                      % type(whole), msg)
        whole_len = len(whole)
        assert prefix_len <= whole_len, self._formatMessage(
            msg, "Prefix length (%d) is longer than whole length (%d)." % (prefix_len,
                                                                          whole_len))
        if not prefix_len and whole_len:
            self.fail("Prefix length is 0 but whole length is %d: %s" % (len(whole), whole),
                      msg)
        try:
            self.assertSequenceEqual(prefix, whole[:prefix_len], msg)
        except AssertionError:
            self.fail("prefix: %s not found at start of whole: %s." % (prefix, whole), msg)

    def assertNotStartsWith(self, actual, unexpected_start, msg=None):
        if actual.startswith(unexpected_start):
            self.fail("%r does start with %r" % (actual, unexpected_start), msg)

    def assertEndsWith(self, actual, expected_end, msg=None):
        if not actual.endswith(expected_end):
            self.fail("%r does not end with %r" % (actual, expected_end), msg)

    def assertNotEndsWith(self, actual, unexpected_end, msg=None):
        if actual.endswith(unexpected_end):
            self.fail("%r does end with %r" % (actual, unexpected_end), msg)

    def assertIsSubclass(self, cls, superclass, msg=None):
        if not isinstance(cls, type):
            self.fail(self._formatMessage(msg, "%r is not a class" % (cls,)))
        if not issubclass(cls, superclass):
            self.fail(self._formatMessage(msg, "%r is not a subclass of %s%r" % (
                cls, "any of " if isinstance(superclass, tuple) else "", superclass)))

    def assertNotIsSubclass(self, cls, superclass, msg=None):
        if not isinstance(cls, type):
            self.fail(self._formatMessage(msg, "%r is not a class" % (cls,)))
        if issubclass(cls, superclass):
            if isinstance(superclass, tuple):
                superclass = next(x for x in superclass if issubclass(cls, x))
            self.fail(self._formatMessage(msg, "%r is a subclass of %r" % (cls, superclass)))

    def assertContainsInOrder(self, strings, target, msg=None):
        strings = (strings,) if isinstance(strings, (bytes, str)) else strings
        current_index, last_string = 0, None
        for string in strings:
            index = target.find(str(string), current_index)
            if index == -1 and current_index == 0:
                self.fail("Did not find %r in %r" % (string, target), msg)
            elif index == -1:
                self.fail("Did not find %r after %r in %r" % (string, last_string, target), msg)
            last_string, current_index = string, index

    def assertRaisesWithLiteralMatch(self, expected_exception, expected_exception_message,
                                     callable_obj=None, *args, **kwargs):
        """The block (or call) raises `expected_exception` whose str() is exactly the text."""
        context = self._literal_match(expected_exception, expected_exception_message)
        if callable_obj is None:
            return context
        with context:
            callable_obj(*args, **kwargs)

    @contextlib.contextmanager
    def _literal_match(self, expected_exception, message):
        with self.assertRaises(expected_exception) as caught:
            yield caught
        actual = str(caught.exception)
        self.assertEqual(message, actual, "Exception message does not match.\nExpected: %r\n"
                         "Actual: %r" % (message, actual))

    assertItemsEqual = unittest.TestCase.assertCountEqual
    assertRaisesRegexp = unittest.TestCase.assertRaisesRegex   # gone from unittest in 3.12
    assertRegexpMatches = unittest.TestCase.assertRegex


def _sorted_list_difference(expected, actual):
    """absltest's: (in `expected` only, in `actual` only) of two sorted lists, each element
    once."""
    i = j = 0
    missing, unexpected = [], []
    while i < len(expected) and j < len(actual):
        e, a = expected[i], actual[j]
        if e < a:
            missing.append(e)
        elif e > a:
            unexpected.append(a)
        while i < len(expected) and expected[i] == e and not e > a:
            i += 1
        while j < len(actual) and actual[j] == a and not a > e:
            j += 1
    missing.extend(expected[i:])
    unexpected.extend(actual[j:])
    return missing, unexpected


class _RaisesPredicate:
    def __init__(self, test, exception_type, predicate):
        self.test, self.type, self.predicate = test, exception_type, predicate

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:   # TF's fail() lands in its own `except`, so it is reported so
            exc_type, exc = AssertionError, AssertionError(self.type.__name__ + " not raised")
        if not issubclass(exc_type, Exception):
            return False
        if not issubclass(exc_type, self.type) or not self.predicate(exc):
            raise AssertionError("Exception of type %s: %s" % (str(exc_type), str(exc)))
        return True
