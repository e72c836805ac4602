"""`tf.keras.layers.DenseFeatures` of TF 1.x (tf_keras's v1 DenseFeatures): feature columns to
one dense [batch, n] tensor, as `tf.feature_column.input_layer` does, but as a Keras layer
whose variables are its weights (`dense_features/<column>/embedding_weights`, in the global
and trainable collections, not in the model variables) and are reused by every call.
"""
from __future__ import annotations

import re

from tfcompat.feature_column._base import _DenseColumn
from tfcompat.feature_column._base import _LazyBuilder
from tfcompat.feature_column._base import normalize_feature_columns
from tfcompat.feature_column._base import verify_static_batch_size_equality
from tfcompat.framework.graph import GraphKeys
from tfcompat.framework.graph import get_collection
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.keras import backend
from tfcompat.keras.engine.base_layer import Layer
from tfcompat.ops import array_ops
from tfcompat.ops.array_ops_join import concat
from tfcompat.variable_scope import AUTO_REUSE
from tfcompat.variable_scope import variable_scope


def _sanitize_column_name_for_variable_scope(name):
    return re.sub("[^A-Za-z0-9_.\\-]", "_", name)


class DenseFeatures(Layer):
    """The dense columns' tensors, each flattened to [batch, n], side by side in the order of
    the columns' names."""

    def __init__(self, feature_columns, trainable=True, name=None, partitioner=None,
                 **kwargs):
        super().__init__(name=name, trainable=trainable, **kwargs)
        self._feature_columns = sorted(normalize_feature_columns(feature_columns),
                                       key=lambda column: column.name)
        self._partitioner = partitioner
        for column in self._feature_columns:
            if not isinstance(column, _DenseColumn):
                raise ValueError("Items of feature_columns must be a {}. You can wrap a "
                                 "categorical column with an embedding_column or "
                                 "indicator_column. Given: {}".format(_DenseColumn, column))

    def _maybe_build(self, inputs):
        # the columns make their variables when first called (tfcompat's columns are TF1's)
        self.built = True

    def call(self, features, cols_to_output_tensors=None, training=None):
        if not isinstance(features, dict):
            raise ValueError("We expected a dictionary here. Instead we got: ", features)
        builder = _LazyBuilder(features)
        outputs = []
        for column in self._feature_columns:
            tensor = self._column_tensor(column, builder)
            batch = array_ops.shape(tensor)[0]
            tensor = array_ops.reshape(
                tensor, (batch, column._variable_shape.num_elements()))
            if cols_to_output_tensors is not None:
                cols_to_output_tensors[column] = tensor
            outputs.append(tensor)
        verify_static_batch_size_equality(outputs, self._feature_columns)
        return concat(outputs, -1)

    def _column_tensor(self, column, builder):
        """The column's dense tensor; its variables (made once, under `<layer>/<column>/`)
        become the layer's weights."""
        with variable_scope(self.name, partitioner=self._partitioner, reuse=AUTO_REUSE,
                            auxiliary_name_scope=False):
            with variable_scope(_sanitize_column_name_for_variable_scope(column.name)) as scope:
                tensor = column._get_dense_tensor(
                    builder, weight_collections=[GraphKeys.GLOBAL_VARIABLES],
                    trainable=self.trainable)
                self._track(get_collection(GraphKeys.GLOBAL_VARIABLES, scope=scope.name + "/"))
        return tensor

    def _track(self, variables):
        trainable = get_collection(GraphKeys.TRAINABLE_VARIABLES)
        for variable in variables:
            if any(variable is v for v in self._trainable_weights + self._non_trainable_weights):
                continue
            backend.track_variable(variable)
            target = self._trainable_weights if any(variable is v for v in trainable) \
                else self._non_trainable_weights
            target.append(variable)

    def compute_output_shape(self, input_shape):
        total = sum(column._variable_shape.num_elements() for column in self._feature_columns)
        return TensorShape([input_shape[0], total])

    def get_config(self):
        # the columns themselves (tfcompat has no feature-column serialization): from_config
        # rebuilds the layer in the same program
        return dict(super().get_config(), feature_columns=list(self._feature_columns),
                    partitioner=self._partitioner)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return cls(**config)
