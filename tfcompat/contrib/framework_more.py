"""More of TF 1.15's `tf.contrib.framework`: reduce_sum_n, with_shape and with_same_shape
(contrib/framework/python/framework/tensor_util.py), py_func (contrib/framework/python/ops/
script_ops.py: tf.py_func over nested args, kwargs and outputs) and smart_cond,
smart_constant_value (python/framework/smart_cond.py); zero_initializer is ops/state_ops.py's."""
from __future__ import annotations

import re

import numpy as np

import tfcompat as tf
from tfcompat.contrib import framework_nest as nest
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.framework.tensor_shape import as_shape
from tfcompat.ops.state_ops import zero_initializer

__all__ = ["reduce_sum_n", "with_shape", "with_same_shape", "py_func", "smart_cond",
           "smart_constant_value", "zero_initializer"]


def reduce_sum_n(tensors, name=None):
    """Reduce each of `tensors` to a scalar with reduce_sum and add them with add_n."""
    if not tensors:
        raise ValueError("No tensors provided.")
    with tf.name_scope(name, "reduce_sum_n", tensors) as name_scope:
        tensors = [tf.reduce_sum(t, name="%s/sum" % t.op.name) for t in tensors]
        if len(tensors) == 1:
            return tensors[0]
        return tf.add_n(tensors, name=name_scope)


def _all_equal(tensor0, tensor1):
    with tf.name_scope("all_equal", values=[tensor0, tensor1]) as scope:
        return tf.reduce_all(tf.equal(tensor0, tensor1, name="equal"), name=scope)


def _is_rank(expected_rank, actual_tensor):
    with tf.name_scope("is_rank", values=[actual_tensor]) as scope:
        expected = tf.convert_to_tensor(expected_rank, name="expected")
        actual = tf.rank(actual_tensor, name="actual")
        return tf.equal(expected, actual, name=scope)


def _is_shape(expected_shape, actual_tensor, actual_shape=None):
    with tf.name_scope("is_shape", values=[actual_tensor]) as scope:
        is_rank = _is_rank(tf.size(expected_shape), actual_tensor)
        if actual_shape is None:
            actual_shape = tf.shape(actual_tensor, name="actual")
        shape_equal = _all_equal(tf.convert_to_tensor(expected_shape, name="expected"),
                                 actual_shape)
        return tf.logical_and(is_rank, shape_equal, name=scope)


def _assert_shape_op(expected_shape, actual_tensor):
    with tf.name_scope("assert_shape", values=[actual_tensor]) as scope:
        actual_shape = tf.shape(actual_tensor, name="actual")
        is_shape = _is_shape(expected_shape, actual_tensor, actual_shape)
        return tf.Assert(is_shape, ["Wrong shape for %s [expected] [actual]."
                                    % actual_tensor.name, expected_shape, actual_shape],
                         name=scope)


def with_same_shape(expected_tensor, tensor):
    """`tensor`, asserted (statically or with an Assert op) to have expected_tensor's shape."""
    with tf.name_scope("%s/" % tensor.op.name, values=[expected_tensor, tensor]):
        tensor_shape = expected_tensor.get_shape()
        expected_shape = (tensor_shape.as_list() if tensor_shape.is_fully_defined()
                          else tf.shape(expected_tensor, name="expected_shape"))
        return with_shape(expected_shape, tensor)


def _check_expected_shape(expected_shape, tensor):
    """`expected_shape` as TF 1.15 checks it: a 1-D int32 tensor or array."""
    if tf.is_tensor(expected_shape):
        if expected_shape.dtype.base_dtype != tf.int32:
            raise ValueError("Invalid dtype %s for shape %s expected of tensor %s."
                             % (expected_shape.dtype, expected_shape, tensor.name))
    if isinstance(expected_shape, (list, tuple)):
        if not expected_shape:
            expected_shape = np.asarray([], dtype=np.int32)
        else:
            np_expected_shape = np.asarray(expected_shape)
            expected_shape = (np.asarray(expected_shape, dtype=np.int32)
                              if np_expected_shape.dtype == np.int64 else np_expected_shape)
    if isinstance(expected_shape, np.ndarray):
        if expected_shape.ndim > 1:
            raise ValueError("Invalid rank %s for shape %s expected of tensor %s."
                             % (expected_shape.ndim, expected_shape, tensor.name))
        if expected_shape.dtype != np.int32:
            raise ValueError("Invalid dtype %s for shape %s expected of tensor %s."
                             % (expected_shape.dtype, expected_shape, tensor.name))
    return expected_shape


def with_shape(expected_shape, tensor):
    """`tensor` with its shape checked against `expected_shape`: statically when both are
    known (ValueError), else by an Assert op the returned identity depends on."""
    if isinstance(tensor, SparseTensor):
        raise ValueError("SparseTensor not supported.")
    expected_shape = _check_expected_shape(expected_shape, tensor)
    actual_shape = tensor.get_shape()
    is_tensor = tf.is_tensor(expected_shape)
    if not actual_shape.is_fully_defined() or is_tensor:
        with tf.name_scope("%s/" % tensor.op.name, values=[tensor]):
            if not is_tensor and len(expected_shape) < 1:
                return tf.reshape(tensor, [])
            with tf.control_dependencies([_assert_shape_op(expected_shape, tensor)]):
                result = tf.identity(tensor)
            if not is_tensor:
                result.set_shape(expected_shape)
            return result
    if not is_tensor and not actual_shape.is_compatible_with(expected_shape):
        if len(expected_shape) < 1 and actual_shape.is_compatible_with([1]):
            with tf.name_scope("%s/" % tensor.op.name, values=[tensor]):
                return tf.reshape(tensor, [])
        raise ValueError("Invalid shape for tensor %s, expected %s, got %s."
                         % (tensor.name, expected_shape, actual_shape))
    return tensor


def py_func(func, args=(), kwargs=None, output_types=None, output_shapes=None, stateful=True,
            name=None):
    """tf.py_func with nested `args`, `kwargs` and `output_types` (callables give the types
    and shapes from the arguments) and optional `output_shapes`."""
    if kwargs is None:
        kwargs = {}
    if not isinstance(args, (list, tuple)):
        raise TypeError("args must be list and not {}. args: {}".format(type(args), args))
    if not isinstance(kwargs, dict):
        raise TypeError("kwargs must be dict and not {}. args: {}".format(type(kwargs), kwargs))
    if callable(output_types):
        output_types = output_types(*args, **kwargs)
    if callable(output_shapes):
        output_shapes = output_shapes(*args, **kwargs)
    flat_output_types = nest.flatten(output_types)
    args = (args, kwargs)
    flat_args = nest.flatten(args)

    def python_function_wrapper(*py_args):
        py_args, py_kwargs = nest.pack_sequence_as(args, py_args)
        ret = func(*py_args, **py_kwargs)
        nest.assert_shallow_structure(output_types, ret)
        return nest.flatten(ret)

    flat_values = tf.py_func(python_function_wrapper, flat_args, flat_output_types,
                             stateful=stateful, name=name)
    if output_shapes is not None:
        output_shapes = nest.map_structure_up_to(output_types, as_shape, output_shapes)
        for ret_t, shape in zip(flat_values, nest.flatten(output_shapes)):
            ret_t.set_shape(shape)
    return nest.pack_sequence_as(output_types, flat_values)


def smart_constant_value(pred):
    """The bool value of `pred` (a Tensor, bool, 1 or 0), or None if it is only known at run
    time."""
    if isinstance(pred, tf.Tensor):
        pred_value = tf.get_static_value(pred)
    elif pred in {0, 1}:
        pred_value = bool(pred)
    elif isinstance(pred, bool):
        pred_value = pred
    else:
        raise TypeError("`pred` must be a Tensor, or a Python bool, or 1 or 0. "
                        "Found instead: %s" % type(pred))
    return pred_value


def smart_cond(pred, true_fn=None, false_fn=None, name=None):
    """`true_fn()` or `false_fn()` when `pred` is known at build time, else tf.cond."""
    if not callable(true_fn):
        raise TypeError("`true_fn` must be callable.")
    if not callable(false_fn):
        raise TypeError("`false_fn` must be callable.")
    pred_value = smart_constant_value(pred)
    if pred_value is not None:
        return true_fn() if pred_value else false_fn()
    return tf.cond(pred, true_fn=true_fn, false_fn=false_fn, name=name)


def strip_name_scope(name, export_scope):
    """TF's `ops.strip_name_scope`: `name` without its leading `export_scope/` (also after a
    control input's `^` or a colocation's `loc:@`)."""
    if not export_scope:
        return name
    if export_scope[-1] == "/":
        export_scope = export_scope[:-1]
    return re.sub(r"([\^]|loc:@|^)" + export_scope + r"[\/]+(.*)", r"\1\2", _as_str(name),
                  count=1)


def prepend_name_scope(name, import_scope):
    """TF's `ops.prepend_name_scope`: `import_scope/name` (after a leading `^` or `loc:@`)."""
    if not import_scope:
        return name
    if import_scope[-1] == "/":
        import_scope = import_scope[:-1]
    return re.sub(r"([\^]|loc:@|^)(.*)", r"\1" + import_scope + r"/\2", _as_str(name))


def _as_str(name):
    return name.decode("utf-8") if isinstance(name, bytes) else name
