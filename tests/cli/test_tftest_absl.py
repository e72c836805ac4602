"""tf.test.TestCase's absltest assertions as TF's (an absltest.TestCase): assertSameStructure,
assertJsonEqual, assertMappingEqual / assertDictAlmostEqual / assertDictContainsSubset,
assertRegexMatch, subsequences, assertSequenceAlmostEqual, assertTotallyOrdered, assertUrlEqual,
assertDataclassEqual, assertCommandSucceeds / assertCommandFails, record_property, and the
failure texts of TF's own ones (assertNotAllClose, assertAllGreater..., assertNDArrayNear,
assertStartsWith, assertBetween, assertLen, assertSameElements ...). Expected (exception class,
message) pairs are what TF 2.21 (absl-py 2.x) gave for each call."""
import collections
import dataclasses

import numpy as np
import pytest


@dataclasses.dataclass
class DC:
    x: int
    y: str = 'a'

class A:
    def __init__(self, x): self.x = x
    def __eq__(self, o): return self.x == o.x
    def __ne__(self, o): return self.x != o.x
    def __lt__(self, o): return self.x < o.x
    def __le__(self, o): return self.x <= o.x
    def __gt__(self, o): return self.x > o.x
    def __ge__(self, o): return self.x >= o.x
    def __hash__(self): return hash(self.x)
    def __repr__(self): return 'A(%d)' % self.x

class Bad(A):
    def __lt__(self, o): return False


def _cases():
    cases = {
        'same_struct_ok': lambda t: t.assertSameStructure({'a': [1, 2, {'b': (3,)}]}, {'a': [1, 2, {'b': [3]}]}),
        'same_struct_leaf': lambda t: t.assertSameStructure({'a': [1, 2]}, {'a': [1, 3]}),
        'same_struct_type': lambda t: t.assertSameStructure({'a': 1}, {'a': 'x'}),
        'same_struct_missing': lambda t: t.assertSameStructure({'a': 1, 'b': 2}, {'a': 1, 'c': 3}, aname='exp', bname='act'),
        'same_struct_len': lambda t: t.assertSameStructure([1, 2, 3], [1], msg='hello'),
        'same_struct_len2': lambda t: t.assertSameStructure([1], [1, 2, 3]),
        'same_struct_set': lambda t: t.assertSameStructure({1, 2}, frozenset({2, 3})),
        'same_struct_top': lambda t: t.assertSameStructure(1, 2.5),
        'same_struct_many': lambda t: t.assertSameStructure(list(range(40)), list(range(1, 41))),
        'same_struct_int_float': lambda t: t.assertSameStructure([1], [1.0]),
        'same_struct_str': lambda t: t.assertSameStructure(['ab'], ['ac']),
        'json_ok': lambda t: t.assertJsonEqual('{"a": [1, 2]}', '{ "a" : [1,2] }'),
        'json_diff': lambda t: t.assertJsonEqual('{"a": [1, 2], "b": null}', '{"a": [1, 3], "c": true}'),
        'json_bad': lambda t: t.assertJsonEqual('{"a": ', '{}'),
        'json_bad2': lambda t: t.assertJsonEqual('{}', '[1,', msg='m'),
        'items_equal': lambda t: t.assertItemsEqual([1, 2, 2], [2, 1, 3]),
        'count_equal': lambda t: t.assertCountEqual('abc', 'abd'),
        'dict_subset': lambda t: t.assertDictContainsSubset({'a': 1, 'b': 2}, {'a': 1, 'b': 3, 'c': 4}),
        'dict_subset2': lambda t: t.assertDictContainsSubset({'z': 1}, {'a': 1}, 'mm'),
        'dict_subset_ok': lambda t: t.assertDictContainsSubset({'a': 1}, {'a': 1, 'b': 2}),
        'dict_equal': lambda t: t.assertDictEqual({'a': 1, 'b': 2}, {'a': 1, 'b': 3, 'c': 4}),
        'dict_equal_type': lambda t: t.assertDictEqual([1], {'a': 1}),
        'dict_equal_np': lambda t: t.assertDictEqual({'a': np.array([1.0, 2.0])}, {'a': np.array([1.0, 2.5])}),
        'dict_almost': lambda t: t.assertDictAlmostEqual({'a': 1.0, 'b': 'x'}, {'a': 1.0001, 'b': 'y'}),
        'dict_almost_ok': lambda t: t.assertDictAlmostEqual({'a': 1.0}, {'a': 1.00000001}),
        'dict_almost_places': lambda t: t.assertDictAlmostEqual({'a': 1.0}, {'a': 1.01}, places=1),
        'dict_almost_both': lambda t: t.assertDictAlmostEqual({'a': 1.0}, {'a': 1.01}, places=1, delta=0.1),
        'mapping_equal': lambda t: t.assertMappingEqual(collections.OrderedDict(a=1), {'a': 2}),
        'mapping_type': lambda t: t.assertMappingEqual([1], {'a': 2}),
        'regex': lambda t: t.assertRegex('hello world', r'^wor'),
        'regex_match': lambda t: t.assertRegexMatch('hello\nworld', [r'^wor', r'xyz']),
        'regex_match_fail': lambda t: t.assertRegexMatch('hello', [r'xyz', r'abc'], 'mmm'),
        'regex_match_str': lambda t: t.assertRegexMatch('hello', 'h'),
        'regex_match_empty': lambda t: t.assertRegexMatch('hello', []),
        'regex_match_mixed': lambda t: t.assertRegexMatch('hello', ['h', b'h']),
        'regex_match_bytes': lambda t: t.assertRegexMatch(b'hello', ['ell']),
        'not_all_close': lambda t: t.assertNotAllClose([1.0, 2.0], [1.0, 2.0]),
        'not_all_close_msg': lambda t: t.assertNotAllClose([1.0, 2.0], [1.0, 2.0], msg='boo'),
        'all_greater': lambda t: t.assertAllGreater([1, 2, 3], 2),
        'all_less': lambda t: t.assertAllLess(np.array([1.5, 2.5]), 2.0),
        'all_ge': lambda t: t.assertAllGreaterEqual([1, 2, 3], 2),
        'all_le': lambda t: t.assertAllLessEqual([1, 2, 3], 2),
        'nd_near': lambda t: t.assertNDArrayNear(np.array([1.0, 2.0]), np.array([1.0, 2.5]), 0.1),
        'nd_near_msg': lambda t: t.assertNDArrayNear(np.array([1.0, 2.0]), np.array([1.0, 2.5]), 0.1, 'nm'),
        'starts_with': lambda t: t.assertStartsWith('hello', 'he2'),
        'starts_with_msg': lambda t: t.assertStartsWith('hello', 'he2', 'mm'),
        'not_starts_with': lambda t: t.assertNotStartsWith('hello', 'he', 'mm'),
        'ends_with': lambda t: t.assertEndsWith('hello', 'xo', 'mm'),
        'between': lambda t: t.assertBetween(5, 1, 3),
        'between_msg': lambda t: t.assertBetween(0, 1, 3, 'mm'),
        'len': lambda t: t.assertLen([1, 2], 3),
        'len_msg': lambda t: t.assertLen('abc', 1, 'mm'),
        'empty': lambda t: t.assertEmpty([1], 'mm'),
        'not_empty': lambda t: t.assertNotEmpty([]),
        'seq_starts': lambda t: t.assertSequenceStartsWith([1, 2], [1, 3, 4]),
        'seq_starts2': lambda t: t.assertSequenceStartsWith([1, 2, 3], [1, 2]),
        'seq_starts3': lambda t: t.assertSequenceStartsWith([], [1, 2]),
        'seq_starts4': lambda t: t.assertSequenceStartsWith([1], {1: 2}),
        'seq_starts5': lambda t: t.assertSequenceStartsWith(1, [1, 2]),
        'contains_subset': lambda t: t.assertContainsSubset([1, 5], [1, 2, 3]),
        'contains_subset_msg': lambda t: t.assertContainsSubset({'a'}, ['b'], 'mm'),
        'no_common': lambda t: t.assertNoCommonElements([1, 2], [2, 3]),
        'same_elements': lambda t: t.assertSameElements([1, 2, 2], [2, 3]),
        'same_elements_msg': lambda t: t.assertSameElements([1], [2], 'mm'),
        'same_elements_str': lambda t: t.assertSameElements('ab', 'ba'),
        'same_elements_unhashable': lambda t: t.assertSameElements([[1], [2]], [[2], [3]]),
        'contains_in_order': lambda t: t.assertContainsInOrder(['a', 'z'], 'abc'),
        'contains_subseq': lambda t: t.assertContainsSubsequence([0, 1, 3, 2], [1, 2, 3]),
        'contains_subseq_ok': lambda t: t.assertContainsSubsequence([0, 1, 0, 2, 3], [1, 2, 3]),
        'contains_exact_subseq': lambda t: t.assertContainsExactSubsequence([0, 1, 2, 0, 3], [1, 2, 3]),
        'contains_exact_subseq_ok': lambda t: t.assertContainsExactSubsequence([0, 1, 2, 3], [1, 2, 3]),
        'seq_almost': lambda t: t.assertSequenceAlmostEqual([1.0, 2.0, 3.0], [1.0, 2.1, 3.3]),
        'seq_almost_len': lambda t: t.assertSequenceAlmostEqual([1.0], [1.0, 2.0], msg='mm'),
        'seq_almost_delta': lambda t: t.assertSequenceAlmostEqual([1.0, 2.0], [1.05, 2.5], delta=0.1),
        'totally_ordered_ok': lambda t: t.assertTotallyOrdered([A(1)], [A(2), A(2)], [A(3)]),
        'totally_ordered_bad': lambda t: t.assertTotallyOrdered([A(2)], [A(1)]),
        'totally_ordered_bad2': lambda t: t.assertTotallyOrdered([Bad(1)], [Bad(2)], msg='mm'),
        'url_equal': lambda t: t.assertUrlEqual('http://a.com/p?x=1&y=2', 'http://a.com/p?y=2&x=1'),
        'url_diff': lambda t: t.assertUrlEqual('http://a.com/p?x=1', 'http://a.com/p?x=2'),
        'url_diff_path': lambda t: t.assertUrlEqual('http://a.com/p', 'http://a.com/q'),
        'dataclass_eq': lambda t: t.assertDataclassEqual(DC(1), DC(2, 'b')),
        'dataclass_notdc': lambda t: t.assertDataclassEqual(1, DC(2)),
        'cmd_ok': lambda t: t.assertCommandSucceeds(['/bin/echo', 'hi']),
        'cmd_fail': lambda t: t.assertCommandSucceeds('exit 3'),
        'cmd_fails_ok': lambda t: t.assertCommandFails('echo boom; exit 2', [b'boom']),
        'cmd_fails_bad': lambda t: t.assertCommandFails(['/bin/echo', 'x'], ['x']),
        'cmd_fails_noregex': lambda t: t.assertCommandFails('echo boom; exit 2', ['zzz']),
        'raises_literal': lambda t: t.assertRaisesWithLiteralMatch(ValueError, 'abc', int, 'x'),
        'incompatible': lambda t: (lambda c: (c.__enter__(), c.__exit__(ValueError, ValueError('Dimensions must be equal'), None)))(t.assertRaisesIncompatibleShapesError(ValueError)),
        'incompatible_no': lambda t: (lambda c: (c.__enter__(), c.__exit__(None, None, None)))(t.assertRaisesIncompatibleShapesError()),
        'multiline': lambda t: t.assertMultiLineEqual('a\nb\n', 'a\nc\n'),
        'is_subclass': lambda t: t.assertIsSubclass(int, str),
        'all_in_set': lambda t: t.assertAllInSet([1, 2, 5], {1, 2}),
        'all_in_range': lambda t: t.assertAllInRange([1.0, 5.0], 0, 3),
        'near': lambda t: t.assertNear(1.0, 1.5, 0.1, 'mm'),
        'array_near': lambda t: t.assertArrayNear([1.0, 2.0], [1.0, 2.5], 0.1),
        'all_close': lambda t: t.assertAllClose({'a': [1.0]}, {'a': [1.5]}),
        'all_equal': lambda t: t.assertAllEqual([1, 2], [1, 3]),
        'not_all_equal': lambda t: t.assertNotAllEqual([1, 2], [1, 2], msg='q'),
        'dtype_equal': lambda t: t.assertDTypeEqual(np.array([1]), np.float32),
        'device_equal': lambda t: t.assertDeviceEqual('/cpu:0', '/gpu:0'),
        'shape_equal': lambda t: t.assertShapeEqual(np.zeros([2]), np.zeros([3])),
        'recorded': lambda t: (t.record_property('k', 3), t.get_recorded_properties())[1],
        'tempfile_cleanup': lambda t: str(t.tempfile_cleanup),
    }
    return cases


EXPECTED = {
    'same_struct_ok': ('ok', ''),
    'same_struct_leaf': ('AssertionError', "a['a'][1] is 2 but b['a'][1] is 3"),
    'same_struct_type': ('AssertionError', "a['a'] is a <class 'int'> but b['a'] is a <class 'str'>"),
    'same_struct_missing': ('AssertionError', "exp has ['b'] with value 2 but it's missing in act; exp lacks ['c'] but act has it with value 3"),
    'same_struct_len': ('AssertionError', 'a has [1] with value 2 but b does not; a has [2] with value 3 but b does not : hello'),
    'same_struct_len2': ('AssertionError', 'a lacks [1] but b has it with value 2; a lacks [2] but b has it with value 3'),
    'same_struct_set': ('AssertionError', 'a has 1 but b does not; a lacks 3 but b has it'),
    'same_struct_top': ('AssertionError', "a is a <class 'int'> but b is a <class 'float'>"),
    'same_struct_many': ('AssertionError', 'a[0] is 0 but b[0] is 1; a[1] is 1 but b[1] is 2; a[2] is 2 but b[2] is 3; a[3] is 3 but b[3] is 4; a[4] is 4 but b[4] is 5; a[5] is 5 but b[5] is 6; a[6] is 6 but b[6] is 7; a[7] is 7 but b[7] is 8; a[8] is 8 but b[8] is 9; a[9] is 9 but b[9] is 10; a[10] is 10 but b[10] is 11; a[11] is 11 but b[11] is 12; a[12] is 12 but b[12] is 13; a[13] is 13 but b[13] is 14; a[14] is 14 but b[14] is 15; a[15] is 15 but b[15] is 16; a[16] is 16 but b[16] is 17; a[17] is 17 but b[17] is 18; a[18] is 18 but b[18] is 19; ...'),
    'same_struct_int_float': ('AssertionError', "a[0] is a <class 'int'> but b[0] is a <class 'float'>"),
    'same_struct_str': ('AssertionError', "a[0] is 'ab' but b[0] is 'ac'"),
    'json_ok': ('ok', ''),
    'json_diff': ('AssertionError', "first['a'][1] is 2 but second['a'][1] is 3; first has ['b'] with value None but it's missing in second; first lacks ['c'] but second has it with value True"),
    'json_bad': ('ValueError', 'could not decode first JSON value {"a": : Expecting value: line 1 column 7 (char 6)'),
    'json_bad2': ('ValueError', 'could not decode second JSON value [1,: Expecting value: line 1 column 4 (char 3) : m'),
    'items_equal': ('AssertionError', 'Element counts were not equal:\nFirst has 2, Second has 1:  2\nFirst has 0, Second has 1:  3'),
    'count_equal': ('AssertionError', "Element counts were not equal:\nFirst has 1, Second has 0:  'c'\nFirst has 0, Second has 1:  'd'"),
    'dict_subset': ('AssertionError', '\nArrays are not equal\nb\nnot equal lhs = array(3)\nnot equal rhs = array(2)\nMismatched elements: 1 / 1 (100%)\nMax absolute difference among violations: 1\nMax relative difference among violations: 0.5\n ACTUAL: array(3)\n DESIRED: array(2)'),
    'dict_subset2': ('AssertionError', "Unexpected, but present:\n  ['z']\n"),
    'dict_subset_ok': ('ok', ''),
    'dict_equal': ('AssertionError', "Unexpected, but present:\n  ['c']\n"),
    'dict_equal_type': ('AttributeError', "'list' object has no attribute 'keys'"),
    'dict_equal_np': ('AssertionError', '\nNot equal to tolerance rtol=1e-06, atol=1e-06\nMismatched value: a is different from b. a\nnot close where = (array([1]),)\nnot close lhs = [2.]\nnot close rhs = [2.5]\nnot close dif = [0.5]\nnot close tol = [3.5e-06]\ndtype = float64, shape = (2,)\nMismatched elements: 1 / 2 (50%)\nMismatch at index:\n [1]: 2.0 (ACTUAL), 2.5 (DESIRED)\nMax absolute difference among violations: 0.5\nMax relative difference among violations: 0.2\n ACTUAL: array([1., 2.])\n DESIRED: array([1. , 2.5])'),
    'dict_almost': ('AssertionError', "{'a': 1.0, 'b': 'x'} != {'a': 1.0001, 'b': 'y'}\nrepr() of differing entries:\n'a': 1.0 != 1.0001 within 7 places (9.999999999998899e-05 difference)\n'b': \n- x\n+ y\n\n"),
    'dict_almost_ok': ('ok', ''),
    'dict_almost_places': ('ok', ''),
    'dict_almost_both': ('ValueError', 'specify delta or places not both\n'),
    'mapping_equal': ('AssertionError', "{'a': 1} != {'a': 2}\nrepr() of differing entries:\n'a': 1 != 2\n"),
    'mapping_type': ('AssertionError', 'a should be a Mapping, found type: list'),
    'regex': ('AssertionError', "Regex didn't match: '^wor' not found in 'hello world'"),
    'regex_match': ('ok', ''),
    'regex_match_fail': ('AssertionError', '"hello" does not contain any of these regexes: [\'xyz\', \'abc\']. : mmm'),
    'regex_match_str': ('AssertionError', 'regexes is string or bytes; use assertRegex instead.'),
    'regex_match_empty': ('AssertionError', 'No regexes specified.'),
    'regex_match_mixed': ('AssertionError', 'regexes list must all be the same type.'),
    'regex_match_bytes': ('ok', ''),
    'not_all_close': ('AssertionError', 'The two values are close at all elements. '),
    'not_all_close_msg': ('AssertionError', 'The two values are close at all elements. boo'),
    'all_greater': ('AssertionError', 'np.int64(1) not greater than 2'),
    'all_less': ('AssertionError', 'np.float64(2.5) not less than 2.0'),
    'all_ge': ('AssertionError', 'np.int64(1) not greater than or equal to 2'),
    'all_le': ('AssertionError', 'np.int64(3) not less than or equal to 2'),
    'nd_near': ('AssertionError', 'np.False_ is not true'),
    'nd_near_msg': ('AssertionError', 'np.False_ is not true : nm'),
    'starts_with': ('AssertionError', "'hello' does not start with 'he2'"),
    'starts_with_msg': ('AssertionError', "'hello' does not start with 'he2' : 'mm'"),
    'not_starts_with': ('AssertionError', "'hello' does start with 'he' : mm"),
    'ends_with': ('AssertionError', "'hello' does not end with 'xo' : mm"),
    'between': ('AssertionError', '3 not greater than or equal to 5 : "5" unexpectedly not between "1" and "3"'),
    'between_msg': ('AssertionError', '1 not less than or equal to 0 : "0" unexpectedly not between "1" and "3" : mm'),
    'len': ('AssertionError', '[1, 2] has length of 2, expected 3.'),
    'len_msg': ('AssertionError', "'abc' has length of 3, expected 1. : mm"),
    'empty': ('AssertionError', '[1] has length of 1. : mm'),
    'not_empty': ('AssertionError', '[] has length of 0.'),
    'seq_starts': ('AssertionError', 'prefix: [1, 2] not found at start of whole: [1, 3, 4].'),
    'seq_starts2': ('AssertionError', 'Prefix length (3) is longer than whole length (2).'),
    'seq_starts3': ('AssertionError', 'Prefix length is 0 but whole length is 2: [1, 2]'),
    'seq_starts4': ('AssertionError', "For whole: Mapping or Set objects are not supported, found type: <class 'dict'>"),
    'seq_starts5': ('ok', ''),
    'contains_subset': ('AssertionError', 'Missing elements {5}\nExpected: [1, 5]\nActual: [1, 2, 3]'),
    'contains_subset_msg': ('AssertionError', "Missing elements {'a'}\nExpected: {'a'}\nActual: ['b'] : mm"),
    'no_common': ('AssertionError', 'Common elements {2}\nExpected: [1, 2]\nActual: [2, 3]'),
    'same_elements': ('AssertionError', 'Expected, but missing:\n  [1]\nUnexpected, but present:\n  [3]\n'),
    'same_elements_msg': ('AssertionError', 'mm:\nExpected, but missing:\n  [1]\nUnexpected, but present:\n  [2]\n'),
    'same_elements_str': ('AssertionError', 'Passing string/bytes to assertSameElements is usually a bug. Did you mean to use assertEqual?\nExpected: ab\nActual: ba'),
    'same_elements_unhashable': ('AssertionError', 'Expected, but missing:\n  [[1]]\nUnexpected, but present:\n  [[3]]\n'),
    'contains_in_order': ('AssertionError', "Did not find 'z' in 'abc'"),
    'contains_subseq': ('AssertionError', '[1, 2, 3] not a subsequence of [0, 1, 3, 2]. First non-matching element: 3'),
    'contains_subseq_ok': ('ok', ''),
    'contains_exact_subseq': ('AssertionError', '[1, 2, 3] not an exact subsequence of [0, 1, 2, 0, 3]. Longest matching prefix: [1, 2]'),
    'contains_exact_subseq_ok': ('ok', ''),
    'seq_almost': ('AssertionError', 'At index 1: 2.0 != 2.1 within 7 places (0.10000000000000009 difference)\nAt index 2: 3.0 != 3.3 within 7 places (0.2999999999999998 difference)'),
    'seq_almost_len': ('AssertionError', 'Sequence size mismatch: 1 vs 2 : mm'),
    'seq_almost_delta': ('AssertionError', 'At index 1: 2.0 != 2.5 within 0.1 delta (0.5 difference)'),
    'totally_ordered_ok': ('ok', ''),
    'totally_ordered_bad': ('AssertionError', 'A(2) not less than A(1)'),
    'totally_ordered_bad2': ('AssertionError', 'A(1) not less than A(2) : mm'),
    'url_equal': ('ok', ''),
    'url_diff': ('AssertionError', "\nArrays are not equal\nx\nnot equal where = (array([0]),)\nnot equal lhs = array(['1'], dtype='<U1')\nnot equal rhs = array(['2'], dtype='<U1')\nMismatched elements: 1 / 1 (100%)\nMismatch at index:\n [0]: 1 (ACTUAL), 2 (DESIRED)\n ACTUAL: array(['1'], dtype='<U1')\n DESIRED: array(['2'], dtype='<U1')"),
    'url_diff_path': ('AssertionError', '\n- /p\n+ /q\n'),
    'dataclass_eq': ('AssertionError', "DC(x=1, y='a') != DC(x=2, y='b')\nFields that differ:\nx: 1 != 2\ny: 'a' != 'b'"),
    'dataclass_notdc': ('AssertionError', 'First argument 1 is not a dataclass instance.'),
    'cmd_ok': ('ok', ''),
    'cmd_fail': ('AssertionError', '3 != 0 : Running command\n8<-----------\nexit 3\n----------->8\n failed with error code 3 and message\n8<-----------\n\n----------->8\n'),
    'cmd_fails_ok': ('ok', ''),
    'cmd_fails_bad': ('AssertionError', "0 == 0 : The following command succeeded while expected to fail:\n8<-----------\n'/bin/echo' 'x'\n----------->8\n"),
    'cmd_fails_noregex': ('AssertionError', '"b\'boom\\n\'" does not contain any of these regexes: [b\'zzz\']. : Running command\n8<-----------\necho boom; exit 2\n----------->8\n failed with error code 2 and message\n8<-----------\nboom\n\n----------->8\n which matches no regex in [b\'zzz\']'),
    'raises_literal': ('AssertionError', 'Exception message does not match.\nExpected: \'abc\'\nActual: "invalid literal for int() with base 10: \'x\'":\n- abc\n+ invalid literal for int() with base 10: \'x\'\n'),
    'incompatible': ('ok', ''),
    'incompatible_no': ('AssertionError', "Exception of type <class 'AssertionError'>: InvalidArgumentError not raised"),
    'multiline': ('AssertionError', '\n  a\n- b\n+ c\n'),
    'is_subclass': ('AssertionError', "<class 'int'> is not a subclass of <class 'str'>"),
    'all_in_set': ('AssertionError', '1 unique element(s) are not in the set {1, 2}: [5]'),
    'all_in_range': ('AssertionError', '1 of the 2 element(s) are outside the range [0, 3]. Subscript(s) and value(s) of the offending elements:\n  [1] : 5.0'),
    'near': ('AssertionError', 'False is not true : 1.000000 != 1.500000 +/- 0.100000 (difference: 0.5) (mm)'),
    'array_near': ('AssertionError', 'False is not true : 2.000000 != 2.500000 +/- 0.100000 (difference: 0.5)'),
    'all_close': ('AssertionError', '\nNot equal to tolerance rtol=1e-06, atol=1e-06\nMismatched value: a[a] is different from b[a]. \nnot close where = (array([0]),)\nnot close lhs = [1.]\nnot close rhs = [1.5]\nnot close dif = [0.5]\nnot close tol = [2.5e-06]\ndtype = float64, shape = (1,)\nMismatched elements: 1 / 1 (100%)\nMismatch at index:\n [0]: 1.0 (ACTUAL), 1.5 (DESIRED)\nMax absolute difference among violations: 0.5\nMax relative difference among violations: 0.33333333\n ACTUAL: array([1.])\n DESIRED: array([1.5])'),
    'all_equal': ('AssertionError', '\nArrays are not equal\n\nnot equal where = (array([1]),)\nnot equal lhs = array([2])\nnot equal rhs = array([3])\nMismatched elements: 1 / 2 (50%)\nMismatch at index:\n [1]: 2 (ACTUAL), 3 (DESIRED)\nMax absolute difference among violations: 1\nMax relative difference among violations: 0.33333333\n ACTUAL: array([1, 2])\n DESIRED: array([1, 3])'),
    'not_all_equal': ('AssertionError', 'The two values are equal at all elements. q'),
    'dtype_equal': ('AssertionError', "dtype('int64') != <class 'numpy.float32'>"),
    'device_equal': ('AssertionError', 'Devices /device:CPU:0 and /device:GPU:0 are not equal. None:\n- /device:CPU:0\n?         ^\n+ /device:GPU:0\n?         ^\n'),
    'shape_equal': ('AssertionError', '\nArrays are not equal\n\nnot equal where = (array([0]),)\nnot equal lhs = array([2])\nnot equal rhs = array([3])\nMismatched elements: 1 / 1 (100%)\nMismatch at index:\n [0]: 2 (ACTUAL), 3 (DESIRED)\nMax absolute difference among violations: 1\nMax relative difference among violations: 0.33333333\n ACTUAL: array([2])\n DESIRED: array([3])'),
    'recorded': ('ok', "{'k': 3}"),
    'tempfile_cleanup': ('ok', "'TempFileCleanup.ALWAYS'"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_assertion_result_and_failure_text(tf, name):
    class T(tf.test.TestCase):
        def runTest(self):
            pass

    t = T()
    t.setUp()
    try:
        r = _cases()[name](t)
        got = ("ok", repr(r) if r is not None and name in ("recorded", "tempfile_cleanup")
               else "")
    except Exception as e:  # noqa: BLE001 - the class and text are what is checked
        got = (type(e).__name__, str(e))
    assert got == EXPECTED[name]


def test_members_of_absltest(tf):
    names = set(dir(tf.test.TestCase))
    for name in ("assertSameStructure", "assertJsonEqual", "assertDictAlmostEqual",
                 "assertMappingEqual", "assertRegexMatch", "assertContainsSubsequence",
                 "assertContainsExactSubsequence", "assertSequenceAlmostEqual",
                 "assertTotallyOrdered", "assertUrlEqual", "assertDataclassEqual",
                 "assertCommandSucceeds", "assertCommandFails", "create_tempdir",
                 "create_tempfile", "enter_context", "record_property",
                 "get_recorded_properties", "tempfile_cleanup", "assertItemsEqual",
                 "assertCountEqual", "assertDictContainsSubset", "assertRegex",
                 "assertNoCommonElements", "assertContainsSubset", "checkedThread",
                 "assertRaisesIncompatibleShapesError"):
        assert name in names, name


def test_dir_of_tf_test_lists_the_api(tf):
    names = set(dir(tf.test))
    assert {"TestCase", "main", "get_temp_dir", "compute_gradient", "mock"} <= names
    assert not {"np", "os", "unittest", "contextlib", "threading"} & names
