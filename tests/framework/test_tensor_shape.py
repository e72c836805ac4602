"""Tests for tfcompat/framework/tensor_shape.py.

Expected values and error texts come from the reference TensorFlow in v1 mode
(tensorflow.compat.v1 with disable_v2_behavior(), TF 2.21), except where marked as tfcompat's.
"""

from __future__ import annotations

import operator
import pickle
import re

import numpy as np
import pytest

from tfcompat.framework.tensor_shape import Dimension
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_shape import as_dimension
from tfcompat.framework.tensor_shape import as_shape
from tfcompat.framework.tensor_shape import dimension_at_index
from tfcompat.framework.tensor_shape import dimension_value
from tfcompat.framework.tensor_shape import matrix
from tfcompat.framework.tensor_shape import scalar
from tfcompat.framework.tensor_shape import unknown_shape
from tfcompat.framework.tensor_shape import vector

DIM_TYPE_ERROR = (
    "Dimension value must be integer or None or have an __index__ method, "
    "got value '{0}' with type '{1}'"
)


def raises(exc_type, text):
    """pytest.raises asserting the whole message."""
    return pytest.raises(exc_type, match="^" + re.escape(text) + "$")


# -- Dimension ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, want_repr, want_str",
    [
        (3, "Dimension(3)", "3"),
        (None, "Dimension(None)", "?"),
        (0, "Dimension(0)", "0"),
        (np.int64(4), "Dimension(4)", "4"),
        (Dimension(5), "Dimension(5)", "5"),
        (True, "Dimension(True)", "True"),
    ],
)
def test_dimension_repr_str(value, want_repr, want_str):
    dim = Dimension(value)
    assert repr(dim) == want_repr
    assert str(dim) == want_str


@pytest.mark.parametrize(
    "value, exc_type, text",
    [
        (-1, ValueError, "Dimension -1 must be >= 0"),
        (np.int32(-2), ValueError, "Dimension -2 must be >= 0"),
        (3.0, TypeError, DIM_TYPE_ERROR.format("3.0", "<class 'float'>")),
        ("3", TypeError, DIM_TYPE_ERROR.format("'3'", "<class 'str'>")),
    ],
)
def test_dimension_rejects(value, exc_type, text):
    with raises(exc_type, text):
        Dimension(value)


def test_dimension_value_int_index_bool():
    assert Dimension(4).value == 4 and Dimension(None).value is None
    assert int(Dimension(3)) == 3
    assert [0, 1, 2, 3][Dimension(2)] == 2
    assert (bool(Dimension(0)), bool(Dimension(None)), bool(Dimension(2))) == (False, False, True)
    with raises(TypeError, "__int__ returned non-int (type NoneType)"):
        int(Dimension(None))
    with raises(TypeError, "__index__ returned non-int (type NoneType)"):
        [0, 1][Dimension(None)]


@pytest.mark.parametrize(
    "a, op, b, want",
    [
        (Dimension(3), operator.eq, 3, True),
        (Dimension(3), operator.eq, Dimension(3), True),
        (Dimension(None), operator.eq, 3, None),
        (Dimension(3), operator.eq, Dimension(None), None),
        (Dimension(None), operator.eq, Dimension(None), None),
        (Dimension(3), operator.eq, None, None),
        (Dimension(3), operator.eq, "a", False),
        (Dimension(3), operator.eq, -1, False),
        (Dimension(3), operator.eq, 3.0, False),
        (Dimension(3), operator.ne, 4, True),
        (Dimension(3), operator.ne, 3, False),
        (Dimension(None), operator.ne, Dimension(None), None),
        (Dimension(3), operator.ne, "a", True),
        (Dimension(3), operator.lt, 4, True),
        (Dimension(None), operator.lt, 4, None),
        (Dimension(3), operator.ge, 3, True),
        (Dimension(3), operator.le, 2, False),
        (Dimension(3), operator.gt, Dimension(None), None),
        (4, operator.gt, Dimension(3), True),
    ],
)
def test_dimension_compare(a, op, b, want):
    assert op(a, b) is want


def test_dimension_order_rejects_non_dimension():
    with raises(TypeError, DIM_TYPE_ERROR.format("'a'", "<class 'str'>")):
        Dimension(3) < "a"  # noqa: B015


@pytest.mark.parametrize(
    "a, op, b, want",
    [
        (Dimension(3), operator.add, 2, 5),
        (2, operator.add, Dimension(3), 5),
        (Dimension(3), operator.add, Dimension(4), 7),
        (Dimension(3), operator.sub, 1, 2),
        (5, operator.sub, Dimension(3), 2),
        (Dimension(3), operator.mul, 4, 12),
        (4, operator.mul, Dimension(3), 12),
        (Dimension(7), operator.floordiv, 2, 3),
        (9, operator.floordiv, Dimension(2), 4),
        (Dimension(7), operator.mod, 4, 3),
        (9, operator.mod, Dimension(4), 1),
        (Dimension(None), operator.add, 1, None),
        (1, operator.sub, Dimension(None), None),
        (Dimension(None), operator.mul, Dimension(3), None),
        (Dimension(None), operator.floordiv, 2, None),
        (Dimension(None), operator.mod, 2, None),
        (7, operator.mod, Dimension(None), None),
    ],
)
def test_dimension_arithmetic(a, op, b, want):
    got = op(a, b)
    assert isinstance(got, Dimension)
    assert got.value == want


@pytest.mark.parametrize(
    "thunk, exc_type, text",
    [
        (lambda: Dimension(3) - 5, ValueError, "Dimension -2 must be >= 0"),
        (
            lambda: Dimension(3) / 2,
            TypeError,
            "unsupported operand type(s) for /: 'Dimension' and 'int', please use // instead",
        ),
        (
            lambda: 2 / Dimension(3),
            TypeError,
            "unsupported operand type(s) for /: 'int' and 'Dimension', please use // instead",
        ),
        (
            lambda: Dimension(3) / Dimension(3),
            TypeError,
            "unsupported operand type(s) for /: 'Dimension' and 'Dimension', "
            "please use // instead",
        ),
        (
            lambda: Dimension(3) + "a",
            TypeError,
            "unsupported operand type(s) for +: 'Dimension' and 'str'",
        ),
        (
            lambda: Dimension(3) + 2.5,
            TypeError,
            "unsupported operand type(s) for +: 'Dimension' and 'float'",
        ),
        (
            lambda: Dimension(3) - "a",
            TypeError,
            "unsupported operand type(s) for -: 'Dimension' and 'str'",
        ),
        (
            lambda: "a" - Dimension(3),
            TypeError,
            DIM_TYPE_ERROR.format("'a'", "<class 'str'>"),
        ),
        (
            lambda: Dimension(3) % "a",
            TypeError,
            DIM_TYPE_ERROR.format("'a'", "<class 'str'>"),
        ),
        (lambda: Dimension(3) // 0, ZeroDivisionError, "integer division or modulo by zero"),
    ],
)
def test_dimension_arithmetic_errors(thunk, exc_type, text):
    with raises(exc_type, text):
        thunk()


def test_dimension_compatibility_and_merge():
    assert Dimension(3).is_compatible_with(3)
    assert Dimension(3).is_compatible_with(None)
    assert not Dimension(3).is_compatible_with(Dimension(4))
    assert Dimension(None).is_compatible_with(4)
    Dimension(None).assert_is_compatible_with(4)
    with raises(ValueError, "Dimensions 3 and 4 are not compatible"):
        Dimension(3).assert_is_compatible_with(4)
    assert repr(Dimension(None).merge_with(4)) == "Dimension(4)"
    assert repr(Dimension(4).merge_with(None)) == "Dimension(4)"
    assert repr(Dimension(None).merge_with(None)) == "Dimension(None)"
    with raises(ValueError, "Dimensions 3 and 4 are not compatible"):
        Dimension(3).merge_with(4)
    with raises(TypeError, DIM_TYPE_ERROR.format("'a'", "<class 'str'>")):
        Dimension(3).is_compatible_with("a")


def test_dimension_helpers():
    three = Dimension(3)
    assert as_dimension(three) is three
    assert repr(as_dimension(None)) == "Dimension(None)"
    assert (dimension_value(three), dimension_value(None), dimension_value(5)) == (3, None, 5)
    assert dimension_value(Dimension(None)) is None
    assert repr(dimension_at_index(TensorShape(None), 3)) == "Dimension(None)"
    assert repr(dimension_at_index(TensorShape([1, 2]), 1)) == "Dimension(2)"
    with raises(IndexError, "list index out of range"):
        dimension_at_index(TensorShape([1, 2]), 5)


@pytest.mark.parametrize("value", [3, None])
def test_dimension_pickle(value):
    assert pickle.loads(pickle.dumps(Dimension(value))).value == value


def test_dimension_hash_is_tfcompat_extension():
    # NOTE: TF's Dimension is unhashable; tfcompat hashes it like its value.
    assert hash(Dimension(3)) == hash(3)
    assert {Dimension(3): "x"}[3] == "x"


# -- TensorShape -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "dims, want_repr, want_str",
    [
        (None, "TensorShape(None)", "<unknown>"),
        ([], "TensorShape([])", "()"),
        ([3], "TensorShape([Dimension(3)])", "(3,)"),
        ([None], "TensorShape([Dimension(None)])", "(?,)"),
        ([None, 3], "TensorShape([Dimension(None), Dimension(3)])", "(?, 3)"),
        ((1, None), "TensorShape([Dimension(1), Dimension(None)])", "(1, ?)"),
        ([1, 2, 3], "TensorShape([Dimension(1), Dimension(2), Dimension(3)])", "(1, 2, 3)"),
        (3, "TensorShape([Dimension(3)])", "(3,)"),
        (np.array([2, 3]), "TensorShape([Dimension(2), Dimension(3)])", "(2, 3)"),
        (range(2), "TensorShape([Dimension(0), Dimension(1)])", "(0, 1)"),
        (Dimension(4), "TensorShape([Dimension(4)])", "(4,)"),
        (TensorShape([1]), "TensorShape([Dimension(1)])", "(1,)"),
        ([Dimension(None), Dimension(2)], "TensorShape([Dimension(None), Dimension(2)])", "(?, 2)"),
    ],
)
def test_shape_repr_str(dims, want_repr, want_str):
    shape = TensorShape(dims)
    assert repr(shape) == want_repr
    assert str(shape) == want_str


@pytest.mark.parametrize(
    "dims, exc_type, text",
    [
        (3.5, TypeError, DIM_TYPE_ERROR.format("3.5", "<class 'float'>")),
        ([1.5], TypeError, DIM_TYPE_ERROR.format("1.5", "<class 'float'>")),
        ([-1], ValueError, "Dimension -1 must be >= 0"),
        (
            "ab",
            TypeError,
            "Failed to convert ''ab'' to a shape: ''a''could not be converted to a dimension. "
            "A shape should either be single dimension (e.g. 10), or an iterable of dimensions "
            "(e.g. [1, 10, None]).",
        ),
    ],
)
def test_shape_rejects(dims, exc_type, text):
    with raises(exc_type, text):
        TensorShape(dims)


def test_shape_dims_rank_len():
    shape = TensorShape([None, 3])
    assert repr(shape.dims) == "[Dimension(None), Dimension(3)]"
    assert (shape.ndims, shape.rank, len(shape)) == (2, 2, 2)
    assert repr(list(shape)) == "[Dimension(None), Dimension(3)]"
    assert shape.as_list() == [None, 3]
    assert TensorShape([]).dims == [] and len(TensorShape([])) == 0
    unknown = TensorShape(None)
    assert (unknown.dims, unknown.ndims, unknown.rank) == (None, None, None)
    with raises(ValueError, "Cannot take the length of shape with unknown rank."):
        len(unknown)
    with raises(ValueError, "Cannot iterate over a shape with unknown rank."):
        list(unknown)
    with raises(ValueError, "as_list() is not defined on an unknown TensorShape."):
        unknown.as_list()


@pytest.mark.parametrize(
    "dims, key, want",
    [
        ([None, 3], 0, "Dimension(None)"),
        ([None, 3], -1, "Dimension(3)"),
        ([None, 3], slice(0, 1), "TensorShape([Dimension(None)])"),
        ([None, 3], slice(5, None), "TensorShape([])"),
        ([None, 3], slice(None, None, -1), "TensorShape([Dimension(3), Dimension(None)])"),
        (None, 0, "Dimension(None)"),
        (None, slice(1, 3), "TensorShape([Dimension(None), Dimension(None)])"),
        (None, slice(None, 2), "TensorShape([Dimension(None), Dimension(None)])"),
        (None, slice(None), "TensorShape(None)"),
        (None, slice(-1, None), "TensorShape(None)"),
        (None, slice(1, -1), "TensorShape(None)"),
    ],
)
def test_shape_getitem(dims, key, want):
    assert repr(TensorShape(dims)[key]) == want


def test_shape_getitem_errors():
    with raises(IndexError, "list index out of range"):
        TensorShape([None, 3])[2]
    with raises(TypeError, "list indices must be integers or slices, not str"):
        TensorShape([None, 3])["a"]
    with raises(ValueError, "Steps are not yet handled"):
        TensorShape(None)[::2]


@pytest.mark.parametrize(
    "dims, fully_defined, num_elements",
    [
        ([None, 3], False, None),
        ([2, 3], True, 6),
        ([], True, 1),
        (None, False, None),
        ([2, 0], True, 0),
    ],
)
def test_shape_fully_defined(dims, fully_defined, num_elements):
    shape = TensorShape(dims)
    assert shape.is_fully_defined() is fully_defined
    assert shape.num_elements() == num_elements
    if not fully_defined:
        with raises(ValueError, "Shape %s is not fully defined" % shape):
            shape.assert_is_fully_defined()


@pytest.mark.parametrize(
    "a, b, want",
    [
        ([None, 3], [2, 3], [2, 3]),
        ([None, 3], [2, None], [2, 3]),
        (None, [None, 3], [None, 3]),
        ([None, 3], None, [None, 3]),
        (None, None, None),
    ],
)
def test_shape_merge_with(a, b, want):
    merged = TensorShape(a).merge_with(b)
    assert merged.dims is None if want is None else merged.as_list() == want


@pytest.mark.parametrize(
    "other, text",
    [
        ([2, 4], "Shapes (?, 3) and (2, 4) are not compatible"),
        ([2], "Shapes (?, 3) and (2,) are not compatible"),
        (3, "Shapes (?, 3) and (3,) are not compatible"),
    ],
)
def test_shape_merge_with_errors(other, text):
    with raises(ValueError, text):
        TensorShape([None, 3]).merge_with(other)


@pytest.mark.parametrize(
    "thunk, want",
    [
        (lambda s: s.concatenate([2, 3]), "(?, 3, 2, 3)"),
        (lambda s: s.concatenate(5), "(?, 3, 5)"),
        (lambda s: s.concatenate(None), "<unknown>"),
        (lambda s: TensorShape(None).concatenate([1]), "<unknown>"),
        (lambda s: s + TensorShape([2, 3]), "(?, 3, 2, 3)"),
        (lambda s: s + [1], "(?, 3, 1)"),
        (lambda s: [1] + s, "(1, ?, 3)"),
        (lambda s: (1, 2) + TensorShape([3]), "(1, 2, 3)"),
        (lambda s: s + None, "<unknown>"),
    ],
)
def test_shape_concatenate(thunk, want):
    assert str(thunk(TensorShape([None, 3]))) == want


def test_shape_rank_checks():
    shape = TensorShape([None, 3])
    assert shape.with_rank(2) == shape
    assert str(TensorShape(None).with_rank(2)) == "(?, ?)"
    assert shape.with_rank_at_least(1) is shape and shape.with_rank_at_most(2) is shape
    assert str(TensorShape(None).with_rank_at_most(1)) == "<unknown>"
    assert TensorShape([]).with_rank(0) == []
    with raises(ValueError, "Shape (?, 3) must have rank 3"):
        shape.with_rank(3)
    with raises(ValueError, "Shape () must have rank 1"):
        TensorShape([]).with_rank(1)
    with raises(ValueError, "Shape (?, 3) must have rank at least 3"):
        shape.with_rank_at_least(3)
    with raises(ValueError, "Shape (?, 3) must have rank at most 1"):
        shape.with_rank_at_most(1)
    shape.assert_has_rank(2)
    TensorShape(None).assert_has_rank(2)
    with raises(ValueError, "Shape (?, 3) must have rank 3"):
        shape.assert_has_rank(3)
    shape.assert_same_rank([1, 2])
    TensorShape(None).assert_same_rank([1])
    with raises(ValueError, "Shapes (?, 3) and (1,) must have the same rank"):
        shape.assert_same_rank([1])


@pytest.mark.parametrize(
    "a, b, want",
    [
        ([None, 3], [2, 3], True),
        ([None, 3], [2, 4], False),
        ([None, 3], None, True),
        ([None, 3], [1], False),
        ([], [], True),
        ([], None, True),
    ],
)
def test_shape_is_compatible_with(a, b, want):
    assert TensorShape(a).is_compatible_with(b) is want


@pytest.mark.parametrize(
    "other, text",
    [
        ([2, 4], "Shapes (2, 3) and [2, 4] are incompatible"),
        ((1,), "Shapes (2, 3) and (1,) are incompatible"),
        (TensorShape([None]), "Shapes (2, 3) and (?,) are incompatible"),
    ],
)
def test_shape_assert_is_compatible_with(other, text):
    # NOTE (TF): the message prints `other` as given, so a list prints as a list.
    with raises(ValueError, text):
        TensorShape([2, 3]).assert_is_compatible_with(other)
    TensorShape([2, 3]).assert_is_compatible_with([None, 3])


@pytest.mark.parametrize(
    "a, b, want",
    [
        ([None, 3], [2, 3], "(?, 3)"),
        ([2, 3], [2, 3], "(2, 3)"),
        ([2, 3], [2, 4], "(2, ?)"),
        ([None, 3], [1], "<unknown>"),
        ([None, 3], None, "<unknown>"),
    ],
)
def test_shape_most_specific_compatible_shape(a, b, want):
    assert str(TensorShape(a).most_specific_compatible_shape(b)) == want


@pytest.mark.parametrize(
    "a, b, want",
    [
        (TensorShape([None, 3]), TensorShape([None, 3]), True),
        (TensorShape([None, 3]), [None, 3], True),
        (TensorShape([None, 3]), TensorShape([2, 3]), False),
        (TensorShape(None), TensorShape(None), True),
        (TensorShape(None), None, True),
        (TensorShape([None, 3]), None, False),
        (TensorShape([None, 3]), "x", False),
        (TensorShape([None, 3]), 3.5, False),
        (TensorShape([2, 3]), (2, 3), True),
        (TensorShape([3]), 3, True),
        (TensorShape([]), [], True),
        (TensorShape([]), TensorShape(None), False),
        ([2, 3], TensorShape([2, 3]), True),
    ],
)
def test_shape_eq(a, b, want):
    assert (a == b) is want
    assert (a != b) is (not want)


def test_shape_eq_rejects_bad_dimension():
    with raises(ValueError, "Dimension -1 must be >= 0"):
        TensorShape([None, 3]) == [-1]  # noqa: B015


def test_shape_bool_and_hash():
    assert (bool(TensorShape(None)), bool(TensorShape([])), bool(TensorShape([None]))) == (
        False,
        True,
        True,
    )
    assert hash(TensorShape([1, None])) == hash((1, None))
    assert hash(TensorShape(None)) == hash(None)
    assert len({TensorShape([1, 2]), TensorShape((1, 2))}) == 1


@pytest.mark.parametrize("dims", [[None, 3], None, []])
def test_shape_pickle(dims):
    assert repr(pickle.loads(pickle.dumps(TensorShape(dims)))) == repr(TensorShape(dims))


def test_as_shape_and_unknown_shape():
    shape = TensorShape([7])
    assert as_shape(shape) is shape
    assert repr(as_shape(None)) == "TensorShape(None)"
    assert str(as_shape(4)) == "(4,)" and str(as_shape((2, None))) == "(2, ?)"
    assert repr(unknown_shape()) == "TensorShape(None)"
    assert str(unknown_shape(2)) == "(?, ?)"
    assert str(unknown_shape(0)) == "()"
    assert str(unknown_shape(ndims=1)) == "(?,)"
    assert str(unknown_shape(rank=3)) == "(?, ?, ?)"
    with raises(TypeError, "Unknown argument: {'foo': 1}"):
        unknown_shape(foo=1)
    with raises(TypeError, "Unknown argument: {'foo': 2}"):
        unknown_shape(ndims=1, foo=2)


def test_as_list_holds_plain_ints():
    assert type(TensorShape([2, 3]).as_list()[0]) is int
    assert type(TensorShape([np.int64(2)]).as_list()[0]) is int
    assert type(TensorShape([2, 3]).dims) is list


def test_tf1_shape_constructors():
    # TF1's tensor_shape.scalar/vector/matrix, compared with the equivalent TensorShape.
    assert repr(scalar()) == "TensorShape([])"
    assert repr(vector(3)) == "TensorShape([Dimension(3)])"
    assert repr(vector(None)) == "TensorShape([Dimension(None)])"
    assert repr(matrix(2, None)) == "TensorShape([Dimension(2), Dimension(None)])"
