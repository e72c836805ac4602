"""Keras `Embedding`: an `embeddings` [input_dim, output_dim] table looked up by integer ids
(`embedding/embedding_lookup`)."""
from __future__ import annotations

from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.keras import backend
from tfcompat.keras import constraints
from tfcompat.keras import initializers
from tfcompat.keras import regularizers
from tfcompat.keras.engine.base_layer import Layer
from tfcompat.keras.layers.core import serialize_fields
from tfcompat.ops import math_ops
from tfcompat.ops.nn_impl import embedding_lookup


class Embedding(Layer):
    """Turns ids [batch, ...] into vectors [batch, ..., output_dim]."""

    def __init__(self, input_dim, output_dim, embeddings_initializer="uniform",
                 embeddings_regularizer=None, activity_regularizer=None,
                 embeddings_constraint=None, mask_zero=False, input_length=None, **kwargs):
        if "input_shape" not in kwargs:
            kwargs["input_shape"] = (input_length,) if input_length else (None,)
        if input_dim <= 0 or output_dim <= 0:
            raise ValueError("Both `input_dim` and `output_dim` should be positive, Received "
                             "input_dim = %s and output_dim = %s" % (input_dim, output_dim))
        kwargs.setdefault("dtype", backend.floatx())
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.input_dim, self.output_dim = input_dim, output_dim
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.mask_zero = mask_zero
        self.input_length = input_length

    def build(self, input_shape):
        self.embeddings = self.add_weight(
            "embeddings", shape=(self.input_dim, self.output_dim),
            initializer=self.embeddings_initializer, regularizer=self.embeddings_regularizer,
            constraint=self.embeddings_constraint)
        self.built = True

    def call(self, inputs):
        if inputs.dtype.base_dtype.name not in ("int32", "int64"):
            inputs = math_ops.cast(inputs, "int32")
        return embedding_lookup(self.embeddings, inputs)

    def compute_mask(self, inputs, mask=None):
        """With `mask_zero`, id 0 is padding: the mask is `inputs != 0`."""
        if not self.mask_zero:
            return None
        return math_ops.not_equal(inputs, 0)

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape).concatenate([self.output_dim])

    def get_config(self):
        return serialize_fields(
            self, input_dim=self.input_dim, output_dim=self.output_dim,
            embeddings_initializer=self.embeddings_initializer,
            embeddings_regularizer=self.embeddings_regularizer,
            activity_regularizer=self.activity_regularizer,
            embeddings_constraint=self.embeddings_constraint, mask_zero=self.mask_zero,
            input_length=self.input_length)
