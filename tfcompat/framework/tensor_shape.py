"""TF1's static shapes: Dimension and TensorShape, with unknown dimensions and unknown rank.

This is TF's v1 behaviour only: indexing or iterating a TensorShape gives Dimension objects
and ``repr`` shows them. Shape inference for ops lives in framework/shape_rules.py.
"""

from __future__ import annotations

import functools
import operator
from typing import Any
from typing import Callable
from typing import Iterator
from typing import Optional
from typing import Union

__all__ = [
    "Dimension",
    "TensorShape",
    "as_dimension",
    "as_shape",
    "dimension_at_index",
    "dimension_value",
    "matrix",
    "scalar",
    "unknown_shape",
    "vector",
]

DimensionLike = Union["Dimension", int, None]

# How a shape becomes a TensorShapeProto: the proto formats (io/) register it, so that shapes
# never import protobuf.
_proto_writer: list = [None]


def register_proto_writer(write) -> None:
    """`write(dims or None)` -> TensorShapeProto, for `TensorShape.as_proto`."""
    _proto_writer[0] = write



class Dimension:
    """One dimension of a TensorShape: an int >= 0, or None when unknown (TF1's tf.Dimension).

    Arithmetic with an unknown dimension gives an unknown dimension, and comparisons involving
    one give None (neither True nor False), as in TF1.

    >>> Dimension(3) + 2, Dimension(None) * 4, Dimension(None) == 3
    (Dimension(5), Dimension(None), None)
    """

    __slots__ = ("_value",)

    def __init__(self, value: Any) -> None:
        if isinstance(value, int):
            self._value: Optional[int] = value
        elif value is None:
            self._value = None
        elif isinstance(value, Dimension):
            self._value = value._value
        else:
            try:
                self._value = int(value.__index__())
            except AttributeError:
                raise TypeError(
                    "Dimension value must be integer or None or have an __index__ method, "
                    f"got value '{value!r}' with type '{type(value)!r}'"
                ) from None
        if self._value is not None and self._value < 0:
            raise ValueError("Dimension %d must be >= 0" % self._value)

    @property
    def value(self) -> Optional[int]:
        return self._value

    def __repr__(self) -> str:
        return f"Dimension({self._value!r})"

    def __str__(self) -> str:
        return "?" if self._value is None else str(self._value)

    # NOTE: TF's Dimension defines __eq__ without __hash__ and so is unhashable; tfcompat
    # hashes it like its value, which keeps hash consistent with Dimension(3) == 3.
    def __hash__(self) -> int:
        return hash(self._value)

    def __eq__(self, other: object) -> Optional[bool]:  # type: ignore[override]
        other_dim = _try_as_dimension(other)
        if other_dim is None:
            return NotImplemented
        return _compare(self, other_dim, operator.eq)

    def __ne__(self, other: object) -> Optional[bool]:  # type: ignore[override]
        other_dim = _try_as_dimension(other)
        if other_dim is None:
            return NotImplemented
        return _compare(self, other_dim, operator.ne)

    def __lt__(self, other: DimensionLike) -> Optional[bool]:
        return _compare(self, as_dimension(other), operator.lt)

    def __le__(self, other: DimensionLike) -> Optional[bool]:
        return _compare(self, as_dimension(other), operator.le)

    def __gt__(self, other: DimensionLike) -> Optional[bool]:
        return _compare(self, as_dimension(other), operator.gt)

    def __ge__(self, other: DimensionLike) -> Optional[bool]:
        return _compare(self, as_dimension(other), operator.ge)

    def __bool__(self) -> bool:
        return bool(self._value)

    def __int__(self) -> int:
        return self._value  # type: ignore[return-value]  # TF: TypeError when unknown

    def __index__(self) -> int:
        return self._value  # type: ignore[return-value]

    def is_compatible_with(self, other: DimensionLike) -> bool:
        """True if the two dimensions could be equal (either is unknown, or they are equal)."""
        other = as_dimension(other)
        return self._value is None or other.value is None or self._value == other.value

    def assert_is_compatible_with(self, other: DimensionLike) -> None:
        if not self.is_compatible_with(other):
            raise ValueError("Dimensions %s and %s are not compatible" % (self, other))

    def merge_with(self, other: DimensionLike) -> Dimension:
        """The more specific of two compatible dimensions (ValueError if incompatible)."""
        other = as_dimension(other)
        self.assert_is_compatible_with(other)
        return Dimension(other.value if self._value is None else self._value)

    # Arithmetic. NOTE: which operators return NotImplemented and which raise TypeError for a
    # non-dimension operand follows TF exactly (it decides the error text Python prints).
    def __add__(self, other: DimensionLike) -> Dimension:
        return _arith_or_not_implemented(self, other, operator.add)

    def __radd__(self, other: DimensionLike) -> Dimension:
        return self + other

    def __sub__(self, other: DimensionLike) -> Dimension:
        return _arith_or_not_implemented(self, other, operator.sub)

    def __rsub__(self, other: DimensionLike) -> Dimension:
        return _arith(as_dimension(other), self, operator.sub)

    def __mul__(self, other: DimensionLike) -> Dimension:
        return _arith_or_not_implemented(self, other, operator.mul)

    def __rmul__(self, other: DimensionLike) -> Dimension:
        return self * other

    def __floordiv__(self, other: DimensionLike) -> Dimension:
        return _arith_or_not_implemented(self, other, operator.floordiv)

    def __rfloordiv__(self, other: DimensionLike) -> Dimension:
        return _arith(as_dimension(other), self, operator.floordiv)

    def __mod__(self, other: DimensionLike) -> Dimension:
        return _arith(self, as_dimension(other), operator.mod)

    def __rmod__(self, other: DimensionLike) -> Dimension:
        return as_dimension(other) % self

    def __truediv__(self, other: Any) -> Dimension:
        raise TypeError(
            "unsupported operand type(s) for /: 'Dimension' and '{}', "
            "please use // instead".format(type(other).__name__)
        )

    def __rtruediv__(self, other: Any) -> Dimension:
        raise TypeError(
            "unsupported operand type(s) for /: '{}' and 'Dimension', "
            "please use // instead".format(type(other).__name__)
        )

    def __reduce__(self) -> tuple[type, tuple[Optional[int]]]:
        return Dimension, (self._value,)


def _try_as_dimension(value: Any) -> Optional[Dimension]:
    try:
        return as_dimension(value)
    except (TypeError, ValueError):
        return None


def _compare(a: Dimension, b: Dimension, op: Callable[[int, int], bool]) -> Optional[bool]:
    if a.value is None or b.value is None:
        return None
    return op(a.value, b.value)


def _arith(a: Dimension, b: Dimension, op: Callable[[int, int], int]) -> Dimension:
    if a.value is None or b.value is None:
        return Dimension(None)
    return Dimension(op(a.value, b.value))


def _arith_or_not_implemented(a: Dimension, other: Any, op: Callable[[int, int], int]) -> Any:
    b = _try_as_dimension(other)
    if b is None:
        return NotImplemented
    return _arith(a, b, op)


def as_dimension(value: Any) -> Dimension:
    """``value`` as a Dimension (returned unchanged if it already is one)."""
    return value if isinstance(value, Dimension) else Dimension(value)


def dimension_value(dimension: DimensionLike) -> Optional[int]:
    """tf.dimension_value: the int (or None) held by a Dimension; other values pass through."""
    return dimension.value if isinstance(dimension, Dimension) else dimension


def dimension_at_index(shape: TensorShape, index: int) -> Dimension:
    """tf.compat.dimension_at_index: ``shape[index]``, or an unknown Dimension if rank unknown."""
    assert isinstance(shape, TensorShape), f"expected a TensorShape, got {type(shape)}"
    if shape.rank is None:
        return Dimension(None)
    return shape.dims[index]  # type: ignore[index]


class TensorShape:
    """The static shape of a tensor (TF1's tf.TensorShape, with v1 behaviour).

    The rank may be unknown (``TensorShape(None)``) and each dimension may be unknown
    (``None``). Shapes print the way TF1 prints them:

    >>> s = TensorShape([None, 3])
    >>> str(s), s[1], s.as_list(), s.merge_with([2, None]).as_list()
    ('(?, 3)', Dimension(3), [None, 3], [2, 3])
    """

    __slots__ = ("_dims",)

    def __init__(self, dims: Any) -> None:
        if isinstance(dims, (tuple, list)):
            self._dims: Optional[tuple[Optional[int], ...]] = tuple(
                as_dimension(d).value for d in dims
            )
        elif dims is None:
            self._dims = None
        elif isinstance(dims, TensorShape):
            self._dims = dims._dims
        elif hasattr(dims, "unknown_rank") and hasattr(dims, "dim"):   # a TensorShapeProto
            self._dims = None if dims.unknown_rank else tuple(
                None if d.size == -1 else d.size for d in dims.dim)
        else:
            self._dims = _dims_from_iterable(dims)

    @property
    def dims(self) -> Optional[list[Dimension]]:
        if self._dims is None:
            return None
        return [Dimension(d) for d in self._dims]

    @property
    def rank(self) -> Optional[int]:
        return None if self._dims is None else len(self._dims)

    @property
    def ndims(self) -> Optional[int]:
        return self.rank

    def __repr__(self) -> str:
        return f"TensorShape({self.dims})"

    def __str__(self) -> str:
        if self._dims is None:
            return "<unknown>"
        if len(self._dims) == 1:
            return "(%s,)" % Dimension(self._dims[0])
        return "(%s)" % ", ".join(str(Dimension(d)) for d in self._dims)

    def __len__(self) -> int:
        if self._dims is None:
            raise ValueError("Cannot take the length of shape with unknown rank.")
        return len(self._dims)

    def __bool__(self) -> bool:
        return self._dims is not None

    def __iter__(self) -> Iterator[Dimension]:
        if self._dims is None:
            raise ValueError("Cannot iterate over a shape with unknown rank.")
        return iter(self.dims)  # type: ignore[arg-type]

    def __getitem__(self, key: Union[int, slice]) -> Union[Dimension, TensorShape]:
        if self._dims is not None:
            if isinstance(key, slice):
                return TensorShape(self._dims[key])
            return self.dims[key]  # type: ignore[index]
        if isinstance(key, slice):
            return _unknown_rank_slice(key)
        return Dimension(None)

    def as_list(self) -> list[Optional[int]]:
        if self._dims is None:
            raise ValueError("as_list() is not defined on an unknown TensorShape.")
        return list(self._dims)

    def is_fully_defined(self) -> bool:
        return self._dims is not None and all(d is not None for d in self._dims)

    def assert_is_fully_defined(self) -> None:
        if not self.is_fully_defined():
            raise ValueError("Shape %s is not fully defined" % self)

    def num_elements(self) -> Optional[int]:
        if not self.is_fully_defined():
            return None
        return functools.reduce(operator.mul, self.as_list(), 1)

    def merge_with(self, other: Any) -> TensorShape:
        """The most specific shape compatible with both (ValueError if incompatible)."""
        other = as_shape(other)
        if self._dims is None:
            return other
        if other._dims is None:
            return self
        try:
            self.assert_same_rank(other)
            return TensorShape([a.merge_with(b) for a, b in zip(self.dims, other.dims)])
        except ValueError:
            raise ValueError("Shapes %s and %s are not compatible" % (self, other)) from None

    def concatenate(self, other: Any) -> TensorShape:
        other = as_shape(other)
        if self._dims is None or other._dims is None:
            return unknown_shape()
        return TensorShape(self._dims + other._dims)

    def __add__(self, other: Any) -> TensorShape:
        return self.concatenate(other)

    def __radd__(self, other: Any) -> TensorShape:
        return as_shape(other).concatenate(self)

    def assert_same_rank(self, other: Any) -> None:
        other = as_shape(other)
        if self.rank is not None and other.rank is not None and self.rank != other.rank:
            raise ValueError("Shapes %s and %s must have the same rank" % (self, other))

    def assert_has_rank(self, rank: int) -> None:
        if self.rank not in (None, rank):
            raise ValueError("Shape %s must have rank %d" % (self, rank))

    def as_proto(self):
        """This shape as a `TensorShapeProto` (unknown dimensions -1, unknown rank
        `unknown_rank: true`)."""
        return _proto_writer[0](None if self._dims is None else list(self._dims))

    def with_rank(self, rank: int) -> TensorShape:
        try:
            return self.merge_with(unknown_shape(rank=rank))
        except ValueError:
            raise ValueError("Shape %s must have rank %d" % (self, rank)) from None

    def with_rank_at_least(self, rank: int) -> TensorShape:
        if self.rank is not None and self.rank < rank:
            raise ValueError("Shape %s must have rank at least %d" % (self, rank))
        return self

    def with_rank_at_most(self, rank: int) -> TensorShape:
        if self.rank is not None and self.rank > rank:
            raise ValueError("Shape %s must have rank at most %d" % (self, rank))
        return self

    def is_compatible_with(self, other: Any) -> bool:
        """True if some concrete shape could match both (unknown dims match anything)."""
        other = as_shape(other)
        if self._dims is None or other._dims is None:
            return True
        if len(self._dims) != len(other._dims):
            return False
        return all(a is None or b is None or a == b for a, b in zip(self._dims, other._dims))

    def assert_is_compatible_with(self, other: Any) -> None:
        # NOTE: TF prints `other` as given (a list prints as [2, 4]), not converted.
        if not self.is_compatible_with(other):
            raise ValueError("Shapes %s and %s are incompatible" % (self, other))

    def most_specific_compatible_shape(self, other: Any) -> TensorShape:
        """The most specific shape compatible with both; dims that differ become unknown."""
        other = as_shape(other)
        if self._dims is None or other._dims is None or self.rank != other.rank:
            return unknown_shape()
        return TensorShape([a if a == b else None for a, b in zip(self._dims, other._dims)])

    # NOTE: like the reference TF, equality compares the dims as values, so two shapes with the
    # same unknown dims are equal; anything as_shape() rejects with TypeError is unequal.
    def __eq__(self, other: object) -> bool:
        try:
            other = as_shape(other)
        except TypeError:
            return NotImplemented
        return self._dims == other._dims

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return hash(self._dims)

    def __reduce__(self) -> tuple[type, tuple[Optional[tuple[Optional[int], ...]]]]:
        return TensorShape, (self._dims,)


def _dims_from_iterable(dims: Any) -> tuple[Optional[int], ...]:
    try:
        dims_iter = iter(dims)
    except TypeError:
        return (as_dimension(dims).value,)
    values = []
    for d in dims_iter:
        try:
            values.append(as_dimension(d).value)
        except TypeError as e:
            raise TypeError(
                "Failed to convert '{0!r}' to a shape: '{1!r}'"
                "could not be converted to a dimension. A shape should "
                "either be single dimension (e.g. 10), or an iterable of "
                "dimensions (e.g. [1, 10, None]).".format(dims, d)
            ) from e
    return tuple(values)


def _unknown_rank_slice(key: slice) -> TensorShape:
    start = key.start if key.start is not None else 0
    if key.step is not None:
        raise ValueError("Steps are not yet handled")
    if key.stop is None or start < 0 or key.stop < 0:
        return unknown_shape()
    return unknown_shape(rank=key.stop - start)


def as_shape(shape: Any) -> TensorShape:
    """``shape`` (TensorShape, list, tuple, int or None) as a TensorShape."""
    return shape if isinstance(shape, TensorShape) else TensorShape(shape)


def unknown_shape(rank: Optional[int] = None, **kwargs: Any) -> TensorShape:
    """tf.TensorShape(None), or a shape of ``rank`` unknown dims (``ndims=`` also accepted)."""
    if rank is None and "ndims" in kwargs:
        rank = kwargs.pop("ndims")
    if kwargs:
        raise TypeError("Unknown argument: %s" % kwargs)
    if rank is None:
        return TensorShape(None)
    return TensorShape([None] * rank)


def scalar() -> TensorShape:
    """TF1's tensor_shape.scalar(): the shape ``()``."""
    return TensorShape([])


def vector(length: DimensionLike) -> TensorShape:
    """TF1's tensor_shape.vector(length): the shape ``(length,)``."""
    return TensorShape([length])


def matrix(rows: DimensionLike, cols: DimensionLike) -> TensorShape:
    """TF1's tensor_shape.matrix(rows, cols): the shape ``(rows, cols)``."""
    return TensorShape([rows, cols])
