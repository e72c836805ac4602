"""More tf.contrib.layers functions, as TF 1.15 defined them (contrib/layers/python/layers/
layers.py, embedding_ops.py and python/layers/maxout.py): avg_pool3d, max_pool3d,
conv3d_transpose, maxout, spatial_softmax and safe_embedding_lookup_sparse."""
from __future__ import annotations

import logging

import tfcompat as tf
from tfcompat.contrib.framework import add_arg_scope
from tfcompat.contrib.framework import model_variable
from tfcompat.contrib.layers.initializers import xavier_initializer
from tfcompat.contrib.layers.layers import _pool2d
from tfcompat.contrib.layers.layers import _add_variable_to_collections
from tfcompat.contrib.layers.layers import _build_variable_getter
from tfcompat.contrib.layers.layers import _zeros
from tfcompat.contrib.layers.layers import collect_named_outputs
from tfcompat.layers import convolutional as conv_layers
from tfcompat.layers.base import Layer
from tfcompat.ops.nn_impl_extra import safe_embedding_lookup_sparse as _core_safe_lookup

DATA_FORMAT_NCHW = "NCHW"
DATA_FORMAT_NHWC = "NHWC"
DATA_FORMAT_NCDHW = "NCDHW"
DATA_FORMAT_NDHWC = "NDHWC"


def _pool3d(cls, default_name, inputs, kernel_size, stride, padding, data_format,
            outputs_collections, scope):
    return _pool2d(cls, default_name, inputs, kernel_size, stride, padding, data_format,
                   outputs_collections, scope, formats=(DATA_FORMAT_NCDHW, DATA_FORMAT_NDHWC))


@add_arg_scope
def avg_pool3d(inputs, kernel_size, stride=2, padding="VALID", data_format=DATA_FORMAT_NDHWC,
               outputs_collections=None, scope=None):
    """TF1 `tf.contrib.layers.avg_pool3d` (stride 2, VALID by default)."""
    return _pool3d(conv_layers.AveragePooling3D, "AvgPool3D", inputs, kernel_size, stride,
                   padding, data_format, outputs_collections, scope)


@add_arg_scope
def max_pool3d(inputs, kernel_size, stride=2, padding="VALID", data_format=DATA_FORMAT_NDHWC,
               outputs_collections=None, scope=None):
    """TF1 `tf.contrib.layers.max_pool3d` (stride 2, VALID by default)."""
    return _pool3d(conv_layers.MaxPooling3D, "MaxPool3D", inputs, kernel_size, stride,
                   padding, data_format, outputs_collections, scope)


@add_arg_scope
def conv3d_transpose(inputs, num_outputs, kernel_size, stride=1, padding="SAME",
                     data_format=DATA_FORMAT_NDHWC, activation_fn=tf.nn.relu,
                     normalizer_fn=None, normalizer_params=None, weights_initializer=None,
                     weights_regularizer=None, biases_initializer=_zeros(),
                     biases_regularizer=None, reuse=None, variables_collections=None,
                     outputs_collections=None, trainable=True, scope=None):
    """TF1 `tf.contrib.layers.conv3d_transpose` (scope `Conv3d_transpose`, variables
    `weights` and `biases`)."""
    weights_initializer = weights_initializer or xavier_initializer()
    getter = _build_variable_getter({"bias": "biases", "kernel": "weights"})
    with tf.variable_scope(scope, "Conv3d_transpose", [inputs], reuse=reuse,
                           custom_getter=getter) as sc:
        if data_format not in (DATA_FORMAT_NCDHW, DATA_FORMAT_NDHWC):
            raise ValueError("data_format has to be either NCDHW or NDHWC.")
        inputs = tf.convert_to_tensor(inputs)
        df = "channels_first" if data_format.startswith("NC") else "channels_last"
        layer = conv_layers.Conv3DTranspose(
            filters=num_outputs, kernel_size=kernel_size, strides=stride, padding=padding,
            data_format=df, activation=None,
            use_bias=bool(not normalizer_fn and biases_initializer),
            kernel_initializer=weights_initializer, bias_initializer=biases_initializer,
            kernel_regularizer=weights_regularizer, bias_regularizer=biases_regularizer,
            activity_regularizer=None, trainable=trainable, name=sc.name,
            dtype=inputs.dtype.base_dtype, _scope=sc, _reuse=reuse)
        outputs = layer.apply(inputs)
        _add_variable_to_collections(layer.kernel, variables_collections, "weights")
        if layer.bias is not None:
            _add_variable_to_collections(layer.bias, variables_collections, "biases")
        if normalizer_fn is not None:
            outputs = normalizer_fn(outputs, **(normalizer_params or {}))
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return collect_named_outputs(outputs_collections, sc.name, outputs)


convolution3d_transpose = conv3d_transpose


class MaxOut(Layer):
    """TF 1.15's `tf.layers.MaxOut` (python/layers/maxout.py), behind contrib.layers.maxout:
    the `axis` dimension regrouped as [num_units, rest] and the max taken over the rest."""

    def __init__(self, num_units, axis=-1, name=None, **kwargs):
        super().__init__(name=name, trainable=False, **kwargs)
        self.axis = axis
        self.num_units = num_units

    def call(self, inputs):
        inputs = tf.convert_to_tensor(inputs)
        shape = inputs.get_shape().as_list()
        num_channels = shape[self.axis]
        if num_channels % self.num_units:
            raise ValueError("number of features({}) is not a multiple of num_units({})"
                             .format(num_channels, self.num_units))
        shape[self.axis] = -1
        shape += [num_channels // self.num_units]
        for i in range(len(shape)):
            if shape[i] is None:
                shape[i] = tf.shape(inputs)[i]
        outputs = tf.reduce_max(tf.reshape(inputs, shape), -1, keepdims=False)
        shape = inputs.get_shape().as_list()
        shape[self.axis] = self.num_units
        outputs.set_shape(shape)
        return outputs


def maxout(inputs, num_units, axis=-1, scope=None):
    """TF1 `tf.contrib.layers.maxout` (Goodfellow et al., 2013)."""
    return MaxOut(num_units=num_units, axis=axis, name=scope)(inputs)


@add_arg_scope
def spatial_softmax(features, temperature=None, name=None, variables_collections=None,
                    trainable=True, data_format="NHWC"):
    """TF1 `tf.contrib.layers.spatial_softmax`: each channel's expected (x, y) position
    under a softmax over its spatial extent, as [batch, 2 * channels] in [-1, 1]; with no
    `temperature` a learnable scalar `temperature` (initially 1) is made."""
    shape = tf.shape(features)
    static_shape = features.shape
    if data_format == DATA_FORMAT_NHWC:
        height, width, num_channels = shape[1], shape[2], static_shape[3]
    elif data_format == DATA_FORMAT_NCHW:
        num_channels, height, width = static_shape[1], shape[2], shape[3]
    else:
        raise ValueError("data_format has to be either NCHW or NHWC.")
    if num_channels.value is None:
        raise ValueError("The num_channels dimension of the inputs to `spatial_softmax` "
                         "should be defined. Found `None`.")
    with tf.name_scope(name, "spatial_softmax", [features]):
        pos_x, pos_y = tf.meshgrid(tf.lin_space(-1., 1., num=height),
                                   tf.lin_space(-1., 1., num=width), indexing="ij")
        pos_x = tf.reshape(pos_x, [height * width])
        pos_y = tf.reshape(pos_y, [height * width])
        if temperature is None:
            collections = variables_collections
            if isinstance(collections, dict):
                collections = collections.get("temperature")
            temperature = model_variable("temperature", shape=(), dtype=tf.float32,
                                         initializer=tf.ones_initializer(),
                                         collections=collections, trainable=trainable)
        if data_format == "NCHW":
            features = tf.reshape(features, [-1, height * width])
        else:
            features = tf.reshape(tf.transpose(features, [0, 3, 1, 2]), [-1, height * width])
        softmax_attention = tf.nn.softmax(features / temperature)
        expected_x = tf.reduce_sum(pos_x * softmax_attention, [1], keepdims=True)
        expected_y = tf.reduce_sum(pos_y * softmax_attention, [1], keepdims=True)
        expected_xy = tf.concat([expected_x, expected_y], 1)
        feature_keypoints = tf.reshape(expected_xy, [-1, num_channels.value * 2])
        feature_keypoints.set_shape([None, num_channels.value * 2])
        return feature_keypoints


def safe_embedding_lookup_sparse(embedding_weights, sparse_ids, sparse_weights=None,
                                 combiner=None, default_id=None, name=None,
                                 partition_strategy="div", max_norm=None):
    """TF1 `tf.contrib.layers.safe_embedding_lookup_sparse`: tf.nn's, whose code was copied
    from this one; `combiner=None` warns and means "mean", as in TF 1.15."""
    if combiner is None:
        logging.getLogger("tensorflow").warning(
            "The default value of combiner will change from \"mean\" to \"sqrtn\" after "
            "2016/11/01.")
        combiner = "mean"
    return _core_safe_lookup(embedding_weights, sparse_ids, sparse_weights=sparse_weights,
                             combiner=combiner, default_id=default_id, name=name,
                             partition_strategy=partition_strategy, max_norm=max_norm)
