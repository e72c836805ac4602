"""Keras merge layers: Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot and
their functional forms (`add([a, b])`), built from the same ops as tf_keras (`add/add`,
`multiply/mul`, `concatenate/concat`)."""
from __future__ import annotations

from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.keras import backend
from tfcompat.keras.engine.base_layer import Layer
from tfcompat.keras.layers.core import serialize_fields
from tfcompat.ops import math_ops
from tfcompat.ops import nn_impl


class _Merge(Layer):
    """Element-wise merge of a list of same-shape tensors."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def build(self, input_shape):
        if not isinstance(input_shape, (list, tuple)) or len(input_shape) < 1:
            raise ValueError("A merge layer should be called on a list of inputs. Received: "
                             "input_shape=%s (not a list of shapes)" % (input_shape,))
        shapes = [_shape_tuple(s) for s in input_shape]
        batch_sizes = {s[0] for s in shapes if s} - {None}
        if len(batch_sizes) > 1:
            raise ValueError("Cannot merge tensors with different batch sizes. Got tensors "
                             "with shapes %s" % (shapes,))
        output_shape = None if shapes[0] is None else shapes[0][1:]
        for shape in shapes[1:]:
            output_shape = _elementwise_shape(output_shape,
                                              None if shape is None else shape[1:])
        self.built = True

    def call(self, inputs):
        if not isinstance(inputs, (list, tuple)):
            raise ValueError("A merge layer should be called on a list of inputs. Received: "
                             "inputs=%s (not a list of tensors)" % (inputs,))
        return self._merge_function(list(inputs))


def _shape_tuple(shape):
    shape = TensorShape(shape)
    return None if shape.ndims is None else tuple(shape.as_list())


def _elementwise_shape(shape1, shape2):
    """Keras' `_compute_elemwise_op_output_shape`: the broadcast shape (size-1 dims stretch),
    or its ValueError naming the two shapes."""
    if shape1 is None or shape2 is None:
        return None
    if len(shape1) < len(shape2):
        return _elementwise_shape(shape2, shape1)
    if not shape2:
        return shape1
    output_shape = list(shape1[:-len(shape2)])
    for i, j in zip(shape1[-len(shape2):], shape2):
        if i is None or j is None:
            output_shape.append(None)
        elif i == 1 or j == 1:
            output_shape.append(j if i == 1 else i)
        elif i != j:
            raise ValueError("Inputs have incompatible shapes. Received shapes %s and %s"
                             % (shape1, shape2))
        else:
            output_shape.append(i)
    return tuple(output_shape)


class Add(_Merge):
    def _merge_function(self, inputs):
        output = inputs[0]
        for x in inputs[1:]:
            output = output + x
        return output


class Subtract(_Merge):
    def _merge_function(self, inputs):
        if len(inputs) != 2:
            raise ValueError("A `Subtract` layer should be called on exactly 2 inputs. "
                             "Received: inputs=%s" % (inputs,))
        return inputs[0] - inputs[1]


class Multiply(_Merge):
    def _merge_function(self, inputs):
        output = inputs[0]
        for x in inputs[1:]:
            output = output * x
        return output


class Average(_Merge):
    def _merge_function(self, inputs):
        output = inputs[0]
        for x in inputs[1:]:
            output = output + x
        return output / len(inputs)


class Maximum(_Merge):
    def _merge_function(self, inputs):
        output = inputs[0]
        for x in inputs[1:]:
            output = math_ops.maximum(output, x)
        return output


class Minimum(_Merge):
    def _merge_function(self, inputs):
        output = inputs[0]
        for x in inputs[1:]:
            output = math_ops.minimum(output, x)
        return output


class Concatenate(_Merge):
    """Joins the inputs along `axis` (-1)."""

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def build(self, input_shape):
        if not isinstance(input_shape, (list, tuple)) or len(input_shape) < 1:
            raise ValueError("A `Concatenate` layer should be called on a list of at least 1 "
                             "input. Received: input_shape=%s" % (input_shape,))
        shapes = [_shape_tuple(s) for s in input_shape]
        self.built = True
        if all(shape is None for shape in shapes):
            return
        reduced = set()
        for shape in shapes:
            dims = list(shape)
            del dims[self.axis]
            reduced.add(tuple(dims))
        if len(reduced) == 1:
            return
        message = ("A `Concatenate` layer requires inputs with matching shapes except for the "
                   "concatenation axis. Received: input_shape=%s" % (shapes,))
        ranks = {len(shape) for shape in reduced}
        if len(ranks) != 1:
            raise ValueError(message)
        for axis in range(1, ranks.pop()):
            if len({shape[axis] for shape in reduced if shape[axis] is not None}) > 1:
                raise ValueError(message)

    def _merge_function(self, inputs):
        return backend.concatenate(inputs, axis=self.axis)

    def get_config(self):
        return serialize_fields(self, axis=self.axis)


class Dot(_Merge):
    """Dot product of two [batch, n] tensors along `axes` (optionally l2-normalized)."""

    def __init__(self, axes, normalize=False, **kwargs):
        super().__init__(**kwargs)
        self.axes = axes
        self.normalize = normalize

    def build(self, input_shape):
        self.built = True

    def _merge_function(self, inputs):
        x, y = inputs
        axes = self.axes if isinstance(self.axes, (list, tuple)) else [self.axes] * 2
        # a negative axis counts from the end of its own input, as tf_keras' Dot
        axes = [a % t.shape.ndims if a < 0 else a for a, t in zip(axes, (x, y))]
        if self.normalize:
            x = nn_impl.l2_normalize(x, axis=axes[0])
            y = nn_impl.l2_normalize(y, axis=axes[1])
        return backend.batch_dot(x, y, axes)

    def get_config(self):
        return serialize_fields(self, axes=self.axes, normalize=self.normalize)


def _functional(cls, doc):
    def merge(inputs, **kwargs):
        return cls(**kwargs)(inputs)
    merge.__name__ = cls.__name__.lower()
    merge.__doc__ = doc
    return merge


add = _functional(Add, "`Add()(inputs)`.")
subtract = _functional(Subtract, "`Subtract()(inputs)`.")
multiply = _functional(Multiply, "`Multiply()(inputs)`.")
average = _functional(Average, "`Average()(inputs)`.")
maximum = _functional(Maximum, "`Maximum()(inputs)`.")
minimum = _functional(Minimum, "`Minimum()(inputs)`.")


def concatenate(inputs, axis=-1, **kwargs):
    """`Concatenate(axis)(inputs)`."""
    return Concatenate(axis=axis, **kwargs)(inputs)


def dot(inputs, axes, normalize=False, **kwargs):
    """`Dot(axes, normalize)(inputs)`."""
    return Dot(axes=axes, normalize=normalize, **kwargs)(inputs)


__all__ = ["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate", "Dot",
           "add", "subtract", "multiply", "average", "maximum", "minimum", "concatenate", "dot"]
