"""Higher-order functions over the first dimension: `tf.map_fn`, `tf.scan`, `tf.foldl`,
`tf.foldr`, built as TF builds them (TensorArrays carried through a `tf.while_loop`), so their
names, static shapes and gradients follow from the loop machinery.
"""
from __future__ import annotations

from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import constant
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.ops import control_flow_nest as nest
from tfcompat.ops.control_flow_tensor_array import TensorArray
from tfcompat.ops.control_flow_while import while_loop
from tfcompat.ops.array_ops import shape

__all__ = ["map_fn", "scan", "foldl", "foldr"]


def _packers(structure, is_seq):
    def flatten(x):
        return nest.flatten(x) if is_seq else [x]

    def pack(x):
        return nest.pack_sequence_as(structure, x) if is_seq else x[0]

    return flatten, pack


def _length(elems_flat):
    static = elems_flat[0].shape
    if static.ndims is not None and static.ndims < 1:
        raise ValueError("Elements in elems must be 1+ dimensional Tensors, not scalars")
    if static.ndims is not None and static.as_list()[0] is not None:
        return static.as_list()[0]
    return shape(elems_flat[0])[0]


def _check_leading_dims(elems_flat):
    """map_fn's elems must agree on their static length, checked before the loop is built."""
    n_static = tensor_shape.Dimension(elems_flat[0].shape.with_rank_at_least(1)[0].value)
    for elem in elems_flat[1:]:
        n_static.assert_is_compatible_with(
            tensor_shape.Dimension(elem.shape.with_rank_at_least(1)[0].value))


def _set_leading_dim(results_flat, elems_flat):
    n_static = tensor_shape.Dimension(None)
    for elem in elems_flat:
        shape = elem.shape.with_rank_at_least(1)
        n_static = n_static.merge_with(shape.dims[0] if shape.dims else None)
    for r in results_flat:
        rest = r.shape[1:] if r.shape.ndims else tensor_shape.unknown_shape()
        r.set_shape(tensor_shape.TensorShape([n_static]).concatenate(rest))


def map_fn(fn, elems, dtype=None, parallel_iterations=None, back_prop=True, swap_memory=False,
           infer_shape=True, name=None):
    """TF1 `tf.map_fn`: `fn` applied to each slice of `elems` along dimension 0, stacked.

    >>> tf.map_fn(lambda x: x * x, tf.constant([1, 2, 3]))   # -> [1, 4, 9]
    """
    if not callable(fn):
        raise TypeError("fn must be callable.")
    parallel_iterations = parallel_iterations or 10
    in_seq = nest.is_sequence(elems)
    in_flatten, in_pack = _packers(elems, in_seq)
    if dtype is None:
        out_flatten, out_pack = in_flatten, in_pack
    else:
        out_flatten, out_pack = _packers(dtype, nest.is_sequence(dtype))
    elems_flat = in_flatten(elems)
    with name_scope(name, "map", elems_flat):
        elems_flat = [convert_to_tensor(e, name="elem") for e in elems_flat]
        dtype = dtype or in_pack([e.dtype for e in elems_flat])
        dtype_flat = out_flatten(dtype)
        n = _length(elems_flat)
        _check_leading_dims(elems_flat)
        elems_ta = [TensorArray(dtype=e.dtype, size=n, dynamic_size=False, infer_shape=True)
                    for e in elems_flat]
        elems_ta = [ta.unstack(e) for ta, e in zip(elems_ta, elems_flat)]
        i = constant(0)
        accs_ta = [TensorArray(dtype=dt, size=n, dynamic_size=False, infer_shape=infer_shape)
                   for dt in dtype_flat]

        def compute(i, tas):
            packed_values = in_pack([ta.read(i) for ta in elems_ta])
            packed_fn_values = fn(packed_values)
            nest.assert_same_structure(dtype or elems, packed_fn_values)
            flat_fn_values = out_flatten(packed_fn_values)
            tas = [ta.write(i, value) for ta, value in zip(tas, flat_fn_values)]
            return (i + 1, tas)

        _, r_a = while_loop(lambda i, _: i < n, compute, (i, accs_ta),
                            parallel_iterations=parallel_iterations, back_prop=back_prop,
                            swap_memory=swap_memory, maximum_iterations=n)
        results_flat = [r.stack() for r in r_a]
        _set_leading_dim(results_flat, elems_flat)
        return out_pack(results_flat)


def scan(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False,
         infer_shape=True, reverse=False, name=None):
    """TF1 `tf.scan`: the running accumulation `a = fn(a, x)` over dimension 0, stacked."""
    if not callable(fn):
        raise TypeError("fn must be callable.")
    in_seq = nest.is_sequence(elems)
    in_flatten, in_pack = _packers(elems, in_seq)
    if initializer is None:
        out_flatten, out_pack = in_flatten, in_pack
    else:
        out_flatten, out_pack = _packers(initializer, nest.is_sequence(initializer))
    elems_flat = in_flatten(elems)
    with name_scope(name, "scan", elems_flat):
        elems_flat = [convert_to_tensor(e, name="elem") for e in elems_flat]
        n = _length(elems_flat)
        elems_ta = [TensorArray(dtype=e.dtype, size=n, dynamic_size=False,
                                element_shape=e.shape[1:], infer_shape=True)
                    for e in elems_flat]
        elems_ta = [ta.unstack(e) for ta, e in zip(elems_ta, elems_flat)]
        if initializer is None:
            a_flat = [ta.read(n - 1 if reverse else 0) for ta in elems_ta]
            i = 1
        else:
            a_flat = [convert_to_tensor(init) for init in out_flatten(initializer)]
            i = 0
        accs_ta = [TensorArray(dtype=a.dtype, size=n, element_shape=a.shape if infer_shape
                               else None, dynamic_size=False, infer_shape=infer_shape)
                   for a in a_flat]
        if initializer is None:
            accs_ta = [ta.write(n - 1 if reverse else 0, a) for ta, a in zip(accs_ta, a_flat)]

        def compute(i, a_flat, tas):
            packed_elems = in_pack([ta.read(i) for ta in elems_ta])
            a_out = fn(out_pack(a_flat), packed_elems)
            nest.assert_same_structure(elems if initializer is None else initializer, a_out)
            flat_a_out = out_flatten(a_out)
            tas = [ta.write(i, value) for ta, value in zip(tas, flat_a_out)]
            return (i - 1 if reverse else i + 1, flat_a_out, tas)

        if reverse:
            initial_i = n - 1 - i
            condition = lambda i, _1, _2: i >= 0  # noqa: E731
        else:
            initial_i = i
            condition = lambda i, _1, _2: i < n  # noqa: E731
        _, _, r_a = while_loop(condition, compute, (initial_i, a_flat, accs_ta),
                               parallel_iterations=parallel_iterations, back_prop=back_prop,
                               swap_memory=swap_memory, maximum_iterations=n)
        results_flat = [r.stack() for r in r_a]
        _set_leading_dim(results_flat, elems_flat)
        return out_pack(results_flat)


def _elems_tas(elems):
    elems_flat = [convert_to_tensor(e, name="elem") for e in nest.flatten(elems)]
    n = _length(elems_flat)

    def create_ta(elem):
        elem = convert_to_tensor(elem, name="elem")
        return TensorArray(dtype=elem.dtype, size=n, dynamic_size=False,
                           infer_shape=True).unstack(elem)

    return n, nest.map_structure(create_ta, elems)


def foldl(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False,
          name=None):
    """TF1 `tf.foldl`: `a = fn(a, x)` over dimension 0, left to right; the final `a`."""
    if not callable(fn):
        raise TypeError("fn must be callable.")
    with name_scope(name, "foldl", nest.flatten(elems)):
        n, elems_ta = _elems_tas(elems)
        if initializer is None:
            a = nest.map_structure(lambda ta: ta.read(0), elems_ta)
            i = constant(1)
        else:
            a = initializer
            i = constant(0)

        def compute(i, a):
            elem_i = nest.map_structure(lambda ta: ta.read(i), elems_ta)
            return [i + 1, fn(a, elem_i)]

        _, r_a = while_loop(lambda i, a: i < n, compute, [i, a],
                            parallel_iterations=parallel_iterations, back_prop=back_prop,
                            swap_memory=swap_memory, maximum_iterations=n)
        return r_a


def foldr(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False,
          name=None):
    """TF1 `tf.foldr`: `a = fn(a, x)` over dimension 0, right to left; the final `a`."""
    if not callable(fn):
        raise TypeError("fn must be callable.")
    with name_scope(name, "foldr", nest.flatten(elems)):
        n, elems_ta = _elems_tas(elems)
        if initializer is None:
            i = n - 1
            a = nest.map_structure(lambda ta: ta.read(i), elems_ta)
        else:
            i = n
            a = initializer

        def compute(i, a):
            i -= 1
            elem = nest.map_structure(lambda ta: ta.read(i), elems_ta)
            return [i, fn(a, elem)]

        _, r_a = while_loop(lambda i, a: i > 0, compute, [i, a],
                            parallel_iterations=parallel_iterations, back_prop=back_prop,
                            swap_memory=swap_memory, maximum_iterations=n)
        return r_a
