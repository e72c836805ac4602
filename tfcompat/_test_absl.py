"""The absltest assertions of `tf.test.TestCase` that TF1 tests call on nested Python data
(TF's TestCase is an absltest.TestCase): assertSameStructure / assertJsonEqual ("a['k'][1] is 2
but b['k'][1] is 3; ..."), assertMappingEqual / assertDictAlmostEqual, assertRegexMatch,
subsequences, assertTotallyOrdered, assertUrlEqual, assertDataclassEqual, with absltest's
failure texts. Mixed into tfcompat/test.py below TFAssertions (whose assertDictEqual falls back
to TF's array comparison), above unittest.TestCase."""
from __future__ import annotations

import collections.abc as abc
import dataclasses
import itertools
import json
import numbers
import re
import unittest
from urllib import parse

__all__ = ["AbslAssertions"]

_TEXT_OR_BINARY_TYPES = (str, bytes)


class AbslAssertions:
    """Mixin for a unittest.TestCase (absltest.TestCase's structural assertions)."""

    # -- nested structures ---------------------------------------------------------------------
    def assertSameStructure(self, a, b, aname="a", bname="b", msg=None):  # noqa: N802
        """Dicts, sequences and sets compared deeply; every difference is reported, joined
        with "; " (at most maxDiff // 80 of them)."""
        problems = []
        _walk_structure_for_problems(a, b, aname, bname, problems, self.assertEqual,
                                     self.failureException)
        if self.maxDiff is not None:
            max_problems_to_show = self.maxDiff // 80
            if len(problems) > max_problems_to_show:
                problems = problems[0:max_problems_to_show - 1] + ["..."]
        if problems:
            self.fail("; ".join(problems), msg)

    def assertJsonEqual(self, first, second, msg=None):  # noqa: N802
        """The JSON texts decode to the same structure (assertSameStructure's report)."""
        decoded = []
        for which, text in (("first", first), ("second", second)):
            try:
                decoded.append(json.loads(text))
            except ValueError as e:
                raise ValueError(self._formatMessage(
                    msg, "could not decode %s JSON value %s: %s" % (which, text, e))) from e
        self.assertSameStructure(decoded[0], decoded[1], aname="first", bname="second",
                                 msg=msg)

    # -- mappings ------------------------------------------------------------------------------
    def assertDictContainsSubset(self, subset, dictionary, msg=None):  # noqa: N802
        self.assertDictEqual({**dictionary}, {**dictionary, **subset}, msg)

    def assertDictEqual(self, a, b, msg=None):  # noqa: N802
        self.assertMappingEqual(a, b, msg, mapping_type=dict)

    def assertDictAlmostEqual(self, a, b, places=None, msg=None, delta=None):  # noqa: N802
        """As assertDictEqual, numbers compared with assertAlmostEqual(places, delta)."""
        def almost_equal_compare(a_value, b_value):
            try:
                if isinstance(a_value, numbers.Number) and isinstance(b_value, numbers.Number):
                    self.assertAlmostEqual(a_value, b_value, places=places, delta=delta)
                else:
                    self.assertEqual(a_value, b_value)
            except self.failureException as err:
                return False, err
            return True, None

        if delta is not None and places is not None:
            raise ValueError("specify delta or places not both\n")
        self.assertMappingEqual(a, b, msg, mapping_type=dict,
                                check_values_equality=almost_equal_compare)

    def assertMappingEqual(self, a, b, msg=None, mapping_type=abc.Mapping,  # noqa: N802
                           check_values_equality=lambda x, y: (x == y, None)):
        """Same keys, and values equal by `check_values_equality` -> (bool, error or None);
        the report lists unexpected, differing and missing entries."""
        for name, value in (("a", a), ("b", b)):
            if not isinstance(value, mapping_type):
                self.fail("%s should be a %s, found type: %s" % (
                    name, mapping_type.__name__, type(value).__name__), msg)
        if a == b:
            return
        missing, different = [], []
        for a_key, a_value in _sorted_if_possible(list(a.items())):
            if a_key not in b:
                missing.append((a_key, a_value))
                continue
            is_equal, err = check_values_equality(a_value, b[a_key])
            if not is_equal:
                different.append((a_key, a_value, b[a_key], err))
        unexpected = [(k, v) for k, v in _sorted_if_possible(list(b.items())) if k not in a]
        if not unexpected and not different and not missing:
            return
        raise self.failureException(_mapping_report(a, b, msg, unexpected, different, missing))

    # -- strings, sequences --------------------------------------------------------------------
    def assertRegexMatch(self, actual_str, regexes, message=None):  # noqa: N802
        """Some regex of the list `regexes` matches a substring of `actual_str` (MULTILINE)."""
        if isinstance(regexes, _TEXT_OR_BINARY_TYPES):
            self.fail("regexes is string or bytes; use assertRegex instead.", message)
        if not regexes:
            self.fail("No regexes specified.", message)
        regex_type = type(regexes[0])
        for regex in regexes[1:]:
            if type(regex) is not regex_type:
                self.fail("regexes list must all be the same type.", message)
        if regex_type is bytes and isinstance(actual_str, str):
            regexes, regex_type = [regex.decode("utf-8") for regex in regexes], str
        elif regex_type is str and isinstance(actual_str, bytes):
            regexes, regex_type = [regex.encode("utf-8") for regex in regexes], bytes
        if regex_type is str:
            regex = "(?:" + ")|(?:".join(regexes) + ")"
        elif regex_type is bytes:
            regex = b"(?:" + b")|(?:".join(regexes) + b")"
        else:
            self.fail("Only know how to deal with unicode str or bytes regexes.", message)
        if not re.search(regex, actual_str, re.MULTILINE):
            self.fail('"%s" does not contain any of these regexes: %s.' % (actual_str, regexes),
                      message)

    def assertContainsSubsequence(self, container, subsequence, msg=None):  # noqa: N802
        first_nonmatching = None
        reversed_container = list(reversed(container))
        subsequence = list(subsequence)
        for e in subsequence:
            if e not in reversed_container:
                first_nonmatching = e
                break
            while e != reversed_container.pop():
                pass
        if first_nonmatching is not None:
            self.fail("%s not a subsequence of %s. First non-matching element: %s"
                      % (subsequence, container, first_nonmatching), msg)

    def assertContainsExactSubsequence(self, container, subsequence, msg=None):  # noqa: N802
        container, subsequence = list(container), list(subsequence)
        longest_match = 0
        for start in range(1 + len(container) - len(subsequence)):
            if longest_match == len(subsequence):
                break
            index = 0
            while index < len(subsequence) and subsequence[index] == container[start + index]:
                index += 1
            longest_match = max(longest_match, index)
        if longest_match < len(subsequence):
            self.fail("%s not an exact subsequence of %s. Longest matching prefix: %s"
                      % (subsequence, container, subsequence[:longest_match]), msg)

    def assertSequenceAlmostEqual(self, expected_seq, actual_seq, places=None,  # noqa: N802
                                  msg=None, delta=None):
        if len(expected_seq) != len(actual_seq):
            self.fail("Sequence size mismatch: %d vs %d" % (len(expected_seq), len(actual_seq)),
                      msg)
        err_list = []
        for idx, (exp_elem, act_elem) in enumerate(zip(expected_seq, actual_seq)):
            try:
                self.assertAlmostEqual(exp_elem, act_elem, places=places, msg=msg, delta=delta)
            except self.failureException as err:
                err_list.append("At index %d: %s" % (idx, err))
        if err_list:
            if len(err_list) > 30:
                err_list = err_list[:30] + ["..."]
            self.fail(self._formatMessage(msg, "\n".join(err_list)))

    # -- ordering, URLs, dataclasses -----------------------------------------------------------
    def assertTotallyOrdered(self, *groups, **kwargs):  # noqa: N802
        """Each group's elements equal (and hash alike), each less than the next group's."""
        msg = kwargs.get("msg")
        for elements in itertools.product(*groups):
            elements = list(elements)
            for index, small in enumerate(elements[:-1]):
                for big in elements[index + 1:]:
                    self._check_order(small, big, msg)
        for group in groups:
            for a in group:
                self._check_equal(a, a, msg)
            for a, b in itertools.product(group, group):
                self._check_equal(a, b, msg)

    def _check_order(self, small, big, msg):
        fmt = self._formatMessage
        self.assertFalse(small == big, fmt(msg, "%r unexpectedly equals %r" % (small, big)))
        self.assertTrue(small != big, fmt(msg, "%r unexpectedly equals %r" % (small, big)))
        self.assertLess(small, big, msg)
        self.assertFalse(big < small, fmt(msg, "%r unexpectedly less than %r" % (big, small)))
        self.assertLessEqual(small, big, msg)
        self.assertFalse(big <= small, fmt(   # absltest passes these two the other way round
            "%r unexpectedly less than or equal to %r" % (big, small), msg))
        self.assertGreater(big, small, msg)
        self.assertFalse(small > big, fmt(msg, "%r unexpectedly greater than %r" % (small, big)))
        self.assertGreaterEqual(big, small)
        self.assertFalse(small >= big, fmt(
            msg, "%r unexpectedly greater than or equal to %r" % (small, big)))

    def _check_equal(self, a, b, msg):
        fmt = self._formatMessage
        self.assertEqual(a, b, msg)
        self.assertFalse(a != b, fmt(msg, "%r unexpectedly unequals %r" % (a, b)))
        if isinstance(a, abc.Hashable) and isinstance(b, abc.Hashable):
            self.assertEqual(hash(a), hash(b), fmt(
                msg, "hash %d of %r unexpectedly not equal to hash %d of %r"
                % (hash(a), a, hash(b), b)))
        self.assertFalse(a < b, fmt(msg, "%r unexpectedly less than %r" % (a, b)))
        self.assertFalse(b < a, fmt(msg, "%r unexpectedly less than %r" % (b, a)))
        self.assertLessEqual(a, b, msg)
        self.assertLessEqual(b, a, msg)
        self.assertFalse(a > b, fmt(msg, "%r unexpectedly greater than %r" % (a, b)))
        self.assertFalse(b > a, fmt(msg, "%r unexpectedly greater than %r" % (b, a)))
        self.assertGreaterEqual(a, b, msg)
        self.assertGreaterEqual(b, a, msg)

    def assertUrlEqual(self, a, b, msg=None):  # noqa: N802
        """The URLs are equal, the order of their query parameters aside."""
        parsed_a, parsed_b = parse.urlparse(a), parse.urlparse(b)
        for part in ("scheme", "netloc", "path", "fragment"):
            self.assertEqual(getattr(parsed_a, part), getattr(parsed_b, part), msg)
        self.assertCountEqual(parsed_a.params.split(";"), parsed_b.params.split(";"), msg)
        self.assertDictEqual(parse.parse_qs(parsed_a.query, keep_blank_values=True),
                             parse.parse_qs(parsed_b.query, keep_blank_values=True), msg)

    def assertDataclassEqual(self, first, second, msg=None):  # noqa: N802
        """Dataclass instances equal; the report lists the compared fields that differ."""
        for which, value in (("First", first), ("Second", second)):
            if not dataclasses.is_dataclass(value) or isinstance(value, type):
                raise self.failureException("%s argument %r is not a dataclass instance."
                                            % (which, value))
        if first == second:
            return
        if type(first) is not type(second):
            self.fail("Found different dataclass types: %s != %s" % (type(first), type(second)),
                      msg)
        different = [(f.name, getattr(first, f.name), getattr(second, f.name))
                     for f in dataclasses.fields(first)
                     if f.compare and getattr(first, f.name) != getattr(second, f.name)]
        safe_repr = unittest.util.safe_repr
        message = ["%s != %s" % (safe_repr(first), safe_repr(second))]
        if different:
            message.append("Fields that differ:")
            message.extend("%s: %s != %s" % (k, safe_repr(first_v), safe_repr(second_v))
                           for k, first_v, second_v in different)
        else:
            message.append("Cannot detect difference by examining the fields of the dataclass.")
        self.fail("\n".join(message), msg)


def _sorted_if_possible(items):
    try:
        return sorted(items)
    except TypeError:
        return items


def _mapping_report(a, b, msg, unexpected, different, missing) -> str:
    safe_repr = unittest.util.safe_repr

    def deterministic_repr(dikt):
        entries = sorted((safe_repr(k), safe_repr(v)) for k, v in dikt.items())
        return "{" + ", ".join("%s: %s" % (k, v) for k, v in entries) + "}"

    message = ["%s != %s%s" % (deterministic_repr(a), deterministic_repr(b),
                               "(" + msg + ")" if msg else "")]
    if unexpected:
        message.append("Unexpected, but present entries:\n" + "".join(
            "%s: %s\n" % (safe_repr(k), safe_repr(v)) for k, v in unexpected))
    if different:
        message.append("repr() of differing entries:\n" + "".join(
            "%s: %s\n" % (safe_repr(k), err if err else "%s != %s" % (safe_repr(a_value),
                                                                     safe_repr(b_value)))
            for k, a_value, b_value, err in different))
    if missing:
        message.append("Missing entries:\n" + "".join(
            "%s: %s\n" % (safe_repr(k), safe_repr(v)) for k, v in missing))
    return "\n".join(message)


def _same_kind(a, b) -> bool:
    both = (lambda cls: isinstance(a, cls) and isinstance(b, cls))
    return (both(int) or both(abc.Set) or both(abc.Mapping)
            or (both(abc.Sequence) and not isinstance(a, _TEXT_OR_BINARY_TYPES)
                and not isinstance(b, _TEXT_OR_BINARY_TYPES)))


def _walk_structure_for_problems(a, b, aname, bname, problem_list, leaf_assert_equal_func,
                                 failure_exception):
    """absltest's recursive comparison behind assertSameStructure."""
    if type(a) != type(b) and not _same_kind(a, b):  # noqa: E721 - absltest's test
        problem_list.append("%s is a %r but %s is a %r" % (aname, type(a), bname, type(b)))
        return
    if isinstance(a, abc.Set):
        problem_list.extend("%s has %r but %s does not" % (aname, k, bname)
                            for k in a if k not in b)
        problem_list.extend("%s lacks %r but %s has it" % (aname, k, bname)
                            for k in b if k not in a)
    elif isinstance(a, abc.Mapping):
        for k in a:
            if k in b:
                _walk_structure_for_problems(a[k], b[k], "%s[%r]" % (aname, k),
                                             "%s[%r]" % (bname, k), problem_list,
                                             leaf_assert_equal_func, failure_exception)
            else:
                problem_list.append("%s has [%r] with value %r but it's missing in %s"
                                    % (aname, k, a[k], bname))
        problem_list.extend("%s lacks [%r] but %s has it with value %r" % (aname, k, bname, b[k])
                            for k in b if k not in a)
    elif isinstance(a, abc.Sequence) and not isinstance(a, _TEXT_OR_BINARY_TYPES):
        minlen = min(len(a), len(b))
        for i in range(minlen):
            _walk_structure_for_problems(a[i], b[i], "%s[%d]" % (aname, i),
                                         "%s[%d]" % (bname, i), problem_list,
                                         leaf_assert_equal_func, failure_exception)
        problem_list.extend("%s has [%d] with value %r but %s does not" % (aname, i, a[i], bname)
                            for i in range(minlen, len(a)))
        problem_list.extend("%s lacks [%d] but %s has it with value %r" % (aname, i, bname, b[i])
                            for i in range(minlen, len(b)))
    else:
        try:
            leaf_assert_equal_func(a, b)
        except failure_exception:
            problem_list.append("%s is %r but %s is %r" % (aname, a, bname, b))
