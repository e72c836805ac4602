"""TensorList ops (tfcompat/ops/tensor_list_ops.py): TF 2.x's TensorArrays and while-loop
gradient stacks in control flow v2 graphs. Built through `tf.raw_ops` in graph mode; a list is a
variant, so each program fetches what reads it (stack, get, length, element shape)."""
from __future__ import annotations

from harness import Program


def _raw(tf):
    return tf.raw_ops


def _c(tf, value, dtype=None):
    return tf.constant(value, dtype=dtype or tf.float32)


def _reserve_set_get_stack(tf):
    r = _raw(tf)
    shape = tf.constant([2], tf.int32)
    lst = r.TensorListReserve(element_shape=shape, num_elements=3, element_dtype=tf.float32)
    x = _c(tf, [1.0, 2.0])
    lst = r.TensorListSetItem(input_handle=lst, index=1, item=x * 3.0)
    got = r.TensorListGetItem(input_handle=lst, index=1, element_shape=shape,
                              element_dtype=tf.float32)
    unset = r.TensorListGetItem(input_handle=lst, index=0, element_shape=shape,
                                element_dtype=tf.float32)
    stacked = r.TensorListStack(input_handle=lst, element_shape=shape, element_dtype=tf.float32,
                                num_elements=3)
    length = r.TensorListLength(input_handle=lst)
    eshape = r.TensorListElementShape(input_handle=lst, shape_type=tf.int32)
    grad, = tf.gradients(tf.reduce_sum(stacked * stacked), [x])
    return {"got": got, "unset": unset, "stacked": stacked, "length": length,
            "eshape": eshape, "grad": grad}, {}


def _unknown_shape_lists(tf):
    r = _raw(tf)
    unknown = tf.constant(-1, tf.int32)
    lst = r.TensorListReserve(element_shape=unknown, num_elements=2, element_dtype=tf.int32)
    lst = r.TensorListSetItem(input_handle=lst, index=0, item=tf.constant([[1, 2, 3]]))
    stacked = r.TensorListStack(input_handle=lst, element_shape=unknown,
                                element_dtype=tf.int32)
    eshape = r.TensorListElementShape(input_handle=lst, shape_type=tf.int64)
    partial = r.TensorListReserve(element_shape=tf.constant([-1, 2], tf.int64), num_elements=1,
                                  element_dtype=tf.float64)
    return {"stacked": stacked, "eshape": eshape,
            "partial_shape": r.TensorListElementShape(input_handle=partial,
                                                      shape_type=tf.int32)}, {}


def _from_tensor_gather_scatter(tf):
    r = _raw(tf)
    t = tf.reshape(tf.range(12.0), [4, 3])
    lst = r.TensorListFromTensor(tensor=t, element_shape=tf.constant([3], tf.int32))
    gathered = r.TensorListGather(input_handle=lst, indices=tf.constant([3, 0, 3]),
                                  element_shape=tf.constant([-1], tf.int32),
                                  element_dtype=tf.float32)
    lst2 = r.TensorListScatterIntoExistingList(input_handle=lst, tensor=-t[:2],
                                               indices=tf.constant([4, 1]))
    stacked = r.TensorListStack(input_handle=lst2, element_shape=tf.constant([3], tf.int32),
                                element_dtype=tf.float32)
    return {"gathered": gathered, "stacked": stacked,
            "length": r.TensorListLength(input_handle=lst2),
            "original": r.TensorListStack(input_handle=lst, element_shape=tf.constant(
                [3], tf.int32), element_dtype=tf.float32)}, {}


def _push_pop_resize(tf):
    r = _raw(tf)
    shape = tf.constant([-1], tf.int32)
    lst = r.EmptyTensorList(element_shape=shape, max_num_elements=-1, element_dtype=tf.float32)
    lst = r.TensorListPushBack(input_handle=lst, tensor=_c(tf, [1.0, 2.0]))
    lst = r.TensorListPushBack(input_handle=lst, tensor=_c(tf, [3.0, 4.0]))
    rest, last = r.TensorListPopBack(input_handle=lst, element_shape=shape,
                                     element_dtype=tf.float32)
    bigger = r.TensorListResize(input_handle=rest, size=3)
    smaller = r.TensorListResize(input_handle=lst, size=1)
    return {"last": last, "rest_len": r.TensorListLength(input_handle=rest),
            "bigger": r.TensorListStack(input_handle=bigger, element_shape=shape,
                                        element_dtype=tf.float32),
            "smaller": r.TensorListStack(input_handle=smaller, element_shape=shape,
                                         element_dtype=tf.float32)}, {}


def _concat_split(tf):
    r = _raw(tf)
    t = tf.reshape(tf.range(10.0), [5, 2])
    lst = r.TensorListSplit(tensor=t, element_shape=tf.constant([-1, 2], tf.int32),
                            lengths=tf.constant([2, 0, 3], tf.int64))
    concat, lengths = r.TensorListConcatV2(input_handle=lst,
                                           element_shape=tf.constant([-1, 2], tf.int32),
                                           leading_dims=tf.constant([], tf.int64),
                                           element_dtype=tf.float32)
    second = r.TensorListGetItem(input_handle=lst, index=2,
                                 element_shape=tf.constant([-1, 2], tf.int32),
                                 element_dtype=tf.float32)
    return {"concat": concat, "lengths": lengths, "second": second}, {}


def _empty_stack(tf):
    r = _raw(tf)
    lst = r.EmptyTensorList(element_shape=tf.constant([2, 3], tf.int32), max_num_elements=4,
                            element_dtype=tf.float32)
    return {"stacked": r.TensorListStack(input_handle=lst, element_shape=tf.constant(
        [2, 3], tf.int32), element_dtype=tf.float32)}, {}


def _fed_index(tf):
    r = _raw(tf)
    i = tf.placeholder(tf.int32, [])
    lst = r.TensorListFromTensor(tensor=_c(tf, [[1.0], [2.0]]),
                                 element_shape=tf.constant([1], tf.int32))
    got = r.TensorListGetItem(input_handle=lst, index=i, element_shape=tf.constant(
        [1], tf.int32), element_dtype=tf.float32)
    return {"got": got}, {i: 1}


def _add_and_zeros_like(tf):
    """AddN and ZerosLike of variant lists (what TF's gradients of list ops build): an unset
    element counts as zero."""
    r = _raw(tf)
    shape = tf.constant([2], tf.int32)
    a = r.TensorListReserve(element_shape=shape, num_elements=3, element_dtype=tf.float32)
    a = r.TensorListSetItem(input_handle=a, index=0, item=_c(tf, [1.0, 2.0]))
    a = r.TensorListSetItem(input_handle=a, index=1, item=_c(tf, [3.0, 4.0]))
    b = r.TensorListReserve(element_shape=shape, num_elements=3, element_dtype=tf.float32)
    b = r.TensorListSetItem(input_handle=b, index=1, item=_c(tf, [10.0, 20.0]))
    b = r.TensorListSetItem(input_handle=b, index=2, item=_c(tf, [5.0, 6.0]))
    total = r.AddN(inputs=[a, b, a])
    zeros = r.ZerosLike(x=a)
    return {"total": r.TensorListStack(input_handle=total, element_shape=shape,
                                       element_dtype=tf.float32),
            "zeros": r.TensorListGetItem(input_handle=zeros, index=1, element_shape=shape,
                                         element_dtype=tf.float32),
            "zeros_len": r.TensorListLength(input_handle=zeros)}, {}


def _scatter_new_lists(tf):
    r = _raw(tf)
    t = tf.reshape(tf.range(6.0), [3, 2])
    shape = tf.constant([2], tf.int32)
    v2 = r.TensorListScatterV2(tensor=t, indices=tf.constant([4, 0, 2]), element_shape=shape,
                               num_elements=6)
    short = r.TensorListScatterV2(tensor=t, indices=tf.constant([1, 0, 2]),
                                  element_shape=shape, num_elements=-1)
    v1 = r.TensorListScatter(tensor=t, indices=tf.constant([2, 1, 0]), element_shape=shape)
    stack = lambda lst: r.TensorListStack(input_handle=lst, element_shape=shape,  # noqa: E731
                                          element_dtype=tf.float32)
    return {"v2": stack(v2), "short": stack(short), "v1": stack(v1)}, {}


def _scatter_hole(tf):
    """A scatter past the end leaves a hole (index 4). TF fills it with an empty (0-element)
    tensor, so its stack shifts the rows after it and ends in uninitialized memory, and its
    get of the hole returns shape [0]: tfcompat reads the hole as zeros of the element shape
    (known_differences.txt)."""
    r = _raw(tf)
    t = tf.reshape(tf.range(12.0), [4, 3])
    shape = tf.constant([3], tf.int32)
    lst = r.TensorListFromTensor(tensor=t, element_shape=shape)
    lst = r.TensorListScatterIntoExistingList(input_handle=lst, tensor=-t[:2],
                                              indices=tf.constant([5, 1]))
    return {"stacked": r.TensorListStack(input_handle=lst, element_shape=shape,
                                         element_dtype=tf.float32),
            "hole": r.TensorListGetItem(input_handle=lst, index=4, element_shape=shape,
                                        element_dtype=tf.float32)}, {}


def _error(make):
    def build(tf):
        return {"out": make(tf, _raw(tf))}, {}
    return build


def _get_out_of_range(tf, r):
    lst = r.TensorListReserve(element_shape=tf.constant([1], tf.int32), num_elements=2,
                              element_dtype=tf.float32)
    return r.TensorListGetItem(input_handle=lst, index=tf.constant(2),
                               element_shape=tf.constant([1], tf.int32),
                               element_dtype=tf.float32)


def _get_unset_unknown(tf, r):
    lst = r.TensorListReserve(element_shape=tf.constant(-1, tf.int32), num_elements=2,
                              element_dtype=tf.float32)
    return r.TensorListGetItem(input_handle=lst, index=0,
                               element_shape=tf.constant(-1, tf.int32),
                               element_dtype=tf.float32)


def _set_out_of_range(tf, r):
    lst = r.TensorListReserve(element_shape=tf.constant([1], tf.int32), num_elements=1,
                              element_dtype=tf.float32)
    lst = r.TensorListSetItem(input_handle=lst, index=tf.constant(3), item=_c(tf, [1.0]))
    return r.TensorListLength(input_handle=lst)


def _set_bad_shape(tf, r):
    lst = r.TensorListReserve(element_shape=tf.constant([2], tf.int32), num_elements=1,
                              element_dtype=tf.float32)
    item = tf.placeholder_with_default(_c(tf, [1.0, 2.0, 3.0]), [None])
    lst = r.TensorListSetItem(input_handle=lst, index=0, item=item)
    return r.TensorListLength(input_handle=lst)


def _pop_empty(tf, r):
    lst = r.EmptyTensorList(element_shape=tf.constant([1], tf.int32), max_num_elements=-1,
                            element_dtype=tf.float32)
    return r.TensorListPopBack(input_handle=lst, element_shape=tf.constant([1], tf.int32),
                               element_dtype=tf.float32)[1]


def _push_full(tf, r):
    lst = r.EmptyTensorList(element_shape=tf.constant([1], tf.int32), max_num_elements=1,
                            element_dtype=tf.float32)
    lst = r.TensorListPushBack(input_handle=lst, tensor=_c(tf, [1.0]))
    lst = r.TensorListPushBack(input_handle=lst, tensor=_c(tf, [2.0]))
    return r.TensorListLength(input_handle=lst)


def _stack_wrong_count(tf, r):
    lst = r.TensorListReserve(element_shape=tf.constant([1], tf.int32), num_elements=2,
                              element_dtype=tf.float32)
    return r.TensorListStack(input_handle=lst, element_shape=tf.constant([1], tf.int32),
                             element_dtype=tf.float32, num_elements=3)


def _stack_empty_unknown(tf, r):
    lst = r.EmptyTensorList(element_shape=tf.constant([-1], tf.int32), max_num_elements=-1,
                            element_dtype=tf.float32)
    return r.TensorListStack(input_handle=lst, element_shape=tf.constant([-1], tf.int32),
                             element_dtype=tf.float32)


def _reserve_negative(tf, r):
    lst = r.TensorListReserve(element_shape=tf.constant([1], tf.int32),
                              num_elements=tf.placeholder_with_default(-2, []),
                              element_dtype=tf.float32)
    return r.TensorListLength(input_handle=lst)


def _from_scalar(tf, r):
    lst = r.TensorListFromTensor(tensor=tf.placeholder_with_default(1.0, None),
                                 element_shape=tf.constant(-1, tf.int32))
    return r.TensorListLength(input_handle=lst)


def _scatter_negative(tf, r):
    lst = r.TensorListScatterV2(tensor=_c(tf, [[1.0]]), indices=tf.placeholder_with_default(
        [-1], [1]), element_shape=tf.constant([1], tf.int32), num_elements=-1)
    return r.TensorListLength(input_handle=lst)


def _scatter_rows(tf, r):
    lst = r.TensorListScatter(tensor=_c(tf, [[1.0], [2.0]]), indices=tf.placeholder_with_default(
        [0, 1, 2], [None]), element_shape=tf.constant([1], tf.int32))
    return r.TensorListLength(input_handle=lst)


ERRORS = [_get_out_of_range, _get_unset_unknown, _set_out_of_range, _set_bad_shape, _pop_empty,
          _push_full, _stack_wrong_count, _stack_empty_unknown, _reserve_negative, _from_scalar,
          _scatter_negative, _scatter_rows]

PROGRAMS = [
    Program("reserve_set_get_stack", _reserve_set_get_stack,
            covers=("TensorListReserve", "TensorListSetItem", "TensorListGetItem",
                    "TensorListStack", "TensorListLength", "TensorListElementShape")),
    Program("unknown_shape_lists", _unknown_shape_lists),
    Program("from_tensor_gather_scatter", _from_tensor_gather_scatter,
            covers=("TensorListFromTensor", "TensorListGather",
                    "TensorListScatterIntoExistingList")),
    Program("push_pop_resize", _push_pop_resize,
            covers=("EmptyTensorList", "TensorListPushBack", "TensorListPopBack",
                    "TensorListResize")),
    Program("concat_split", _concat_split, covers=("TensorListSplit", "TensorListConcatV2")),
    Program("empty_stack", _empty_stack),
    Program("tensor_list_scatter_hole", _scatter_hole),
    Program("scatter_new_lists", _scatter_new_lists,
            covers=("TensorListScatterV2", "TensorListScatter")),
    Program("add_and_zeros_like", _add_and_zeros_like),
    Program("fed_index", _fed_index),
] + [Program("error" + f.__name__, _error(f)) for f in ERRORS]
