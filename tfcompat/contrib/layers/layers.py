"""tf.contrib.layers layer functions (TF 1.15 definitions): fully_connected, conv2d,
conv2d_transpose, batch_norm, layer_norm, flatten, dropout, pooling, one_hot_encoding and
embed_sequence. Variables are named as TF1 named them (`fully_connected/weights`,
`Conv/biases`, `BatchNorm/moving_mean`, `LayerNorm/gamma`) and also go in MODEL_VARIABLES.
"""
from __future__ import annotations

from tfcompat.contrib.framework import add_arg_scope
from tfcompat.contrib.framework import model_variable
from tfcompat.contrib.layers.initializers import xavier_initializer
from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import GraphKeys
from tfcompat.framework.graph import add_to_collection
from tfcompat.framework.graph import add_to_collections
from tfcompat.framework.graph import get_collection
from tfcompat.framework.graph import control_dependencies
from tfcompat.framework.graph import get_collection_ref
from tfcompat.framework.graph import name_scope
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.layers import convolutional as conv_layers
from tfcompat.layers import core as core_layers
from tfcompat.layers import normalization as norm_layers
from tfcompat.layers.base import static_value
from tfcompat.ops import array_ops
from tfcompat.ops import gather_ops
from tfcompat.ops import indexing_ops
from tfcompat.ops import nn_impl
from tfcompat.ops import nn_ops
from tfcompat import init_ops
from tfcompat.variable_scope import variable_scope
from tfcompat.ops import math_ops

DATA_FORMAT_NHWC = "NHWC"
DATA_FORMAT_NCHW = "NCHW"


def _zeros():
    return init_ops.zeros_initializer()


def _model_variable_getter(getter, name, shape=None, dtype=None, initializer=None,
                           regularizer=None, trainable=True, collections=None,
                           caching_device=None, partitioner=None, rename=None,
                           use_resource=None, **_):
    """Renames `kernel`/`bias` to `weights`/`biases` and makes a model variable."""
    short_name = name.split("/")[-1]
    if rename and short_name in rename:
        name = "/".join(name.split("/")[:-1] + [rename[short_name]])
    return model_variable(name, shape=shape, dtype=dtype, initializer=initializer,
                          regularizer=regularizer, collections=collections, trainable=trainable,
                          caching_device=caching_device, partitioner=partitioner,
                          custom_getter=getter, use_resource=use_resource)


def _fused_params_getter(getter, name, *args, **kwargs):
    """TF's fused contrib batch_norm makes its four parameters model variables and nothing
    else (the zero-debiased mean's `biased` and `local_step` are plain variables)."""
    if name.split("/")[-1] in ("beta", "gamma", "moving_mean", "moving_variance"):
        return _model_variable_getter(getter, name, *args, **kwargs)
    kwargs.pop("rename", None)
    return getter(name, *args, **kwargs)


def _build_variable_getter(rename=None):
    def layer_variable_getter(getter, *args, **kwargs):
        kwargs["rename"] = rename
        return _model_variable_getter(getter, *args, **kwargs)
    return layer_variable_getter


def _add_variable_to_collections(variable, collections_set, collections_name):
    if isinstance(collections_set, dict):
        collections = collections_set.get(collections_name)
    else:
        collections = collections_set
    if isinstance(collections, str):
        collections = [collections]
    # a partitioned variable goes in as its parts, each once (TF's layers.py)
    parts = list(variable) if hasattr(variable, "_get_variable_list") else [variable]
    for collection in collections or []:
        for part in parts:
            if part not in get_collection(collection):
                add_to_collection(collection, part)


def collect_named_outputs(collections, alias, outputs):
    """TF1 `tf.contrib.layers.utils.collect_named_outputs`: `alias` (less a trailing '/') is
    appended to `outputs.aliases`, which slim.utils.convert_collection_to_dict keys by."""
    if collections:
        alias = alias[:-1] if alias.endswith("/") else alias
        if hasattr(outputs, "aliases"):
            outputs.aliases.append(alias)
        else:
            outputs.aliases = [alias]
        add_to_collections(collections, outputs)
    return outputs


def _finish(outputs, normalizer_fn, normalizer_params, activation_fn, outputs_collections,
            sc):
    if normalizer_fn is not None:
        outputs = normalizer_fn(outputs, **(normalizer_params or {}))
    if activation_fn is not None:
        outputs = activation_fn(outputs)
    return collect_named_outputs(outputs_collections, sc.name, outputs)


def _apply_layer(layer, inputs, variables_collections, normalizer_fn, normalizer_params,
                 activation_fn, outputs_collections, sc):
    """Runs a tf.layers layer the contrib way: weights/biases collections, then normalizer and
    activation."""
    outputs = layer.apply(inputs)
    _add_variable_to_collections(layer.kernel, variables_collections, "weights")
    if getattr(layer, "bias", None) is not None:
        _add_variable_to_collections(layer.bias, variables_collections, "biases")
    return _finish(outputs, normalizer_fn, normalizer_params, activation_fn,
                   outputs_collections, sc)


@add_arg_scope
def fully_connected(inputs, num_outputs, activation_fn=nn_ops.relu, normalizer_fn=None,
                    normalizer_params=None, weights_initializer=None,
                    weights_regularizer=None, biases_initializer=_zeros(),
                    biases_regularizer=None, reuse=None, variables_collections=None,
                    outputs_collections=None, trainable=True, scope=None):
    """TF1 `tf.contrib.layers.fully_connected` (activation defaults to relu; variables
    `fully_connected/weights` and `fully_connected/biases`)."""
    if not isinstance(num_outputs, int):
        raise ValueError("num_outputs type should be one of [<class 'int'>], got %s."
                         % type(num_outputs))
    weights_initializer = weights_initializer or xavier_initializer()
    getter = _build_variable_getter({"bias": "biases", "kernel": "weights"})
    with variable_scope(scope, "fully_connected", [inputs], reuse=reuse,
                        custom_getter=getter) as sc:
        inputs = convert_to_tensor(inputs)
        layer = core_layers.Dense(
            units=num_outputs, activation=None,
            use_bias=not normalizer_fn and biases_initializer is not None,
            kernel_initializer=weights_initializer, bias_initializer=biases_initializer,
            kernel_regularizer=weights_regularizer, bias_regularizer=biases_regularizer,
            trainable=trainable, name=sc.name, dtype=inputs.dtype.base_dtype, _scope=sc,
            _reuse=reuse)
        return _apply_layer(layer, inputs, variables_collections, normalizer_fn,
                            normalizer_params, activation_fn, outputs_collections, sc)


@add_arg_scope
def convolution(inputs, num_outputs, kernel_size, stride=1, padding="SAME", data_format=None,
                rate=1, activation_fn=nn_ops.relu, normalizer_fn=None, normalizer_params=None,
                weights_initializer=None, weights_regularizer=None,
                biases_initializer=_zeros(), biases_regularizer=None, reuse=None,
                variables_collections=None, outputs_collections=None, trainable=True,
                scope=None, conv_dims=None):
    """TF1 `tf.contrib.layers.conv2d` / `convolution` (N-d from the input rank; variables
    `Conv/weights` [k..., in, out] and `Conv/biases`)."""
    if data_format not in (None, "NWC", "NCW", "NHWC", "NCHW", "NDHWC", "NCDHW"):
        raise ValueError("Invalid data_format: %r" % (data_format,))
    weights_initializer = weights_initializer or xavier_initializer()
    getter = _build_variable_getter({"bias": "biases", "kernel": "weights"})
    with variable_scope(scope, "Conv", [inputs], reuse=reuse, custom_getter=getter) as sc:
        inputs = convert_to_tensor(inputs)
        rank = inputs.get_shape().ndims
        if conv_dims is not None and conv_dims + 2 != rank:
            raise ValueError("Convolution expects input with rank %d, got %d"
                             % (conv_dims + 2, rank))
        classes = {3: conv_layers.Conv1D, 4: conv_layers.Conv2D, 5: conv_layers.Conv3D}
        if rank not in classes:
            raise ValueError("Convolution not supported for input with rank", rank)
        df = "channels_first" if data_format and data_format.startswith("NC") else \
            "channels_last"
        layer = classes[rank](
            filters=num_outputs, kernel_size=kernel_size, strides=stride, padding=padding,
            data_format=df, dilation_rate=rate, activation=None,
            use_bias=not normalizer_fn and biases_initializer is not None,
            kernel_initializer=weights_initializer, bias_initializer=biases_initializer,
            kernel_regularizer=weights_regularizer, bias_regularizer=biases_regularizer,
            trainable=trainable, name=sc.name, dtype=inputs.dtype.base_dtype, _scope=sc,
            _reuse=reuse)
        return _apply_layer(layer, inputs, variables_collections, normalizer_fn,
                            normalizer_params, activation_fn, outputs_collections, sc)


@add_arg_scope
def convolution2d(inputs, num_outputs, kernel_size, stride=1, padding="SAME", data_format=None,
                  rate=1, activation_fn=nn_ops.relu, normalizer_fn=None, normalizer_params=None,
                  weights_initializer=None, weights_regularizer=None,
                  biases_initializer=_zeros(), biases_regularizer=None, reuse=None,
                  variables_collections=None, outputs_collections=None, trainable=True,
                  scope=None):
    """TF1 `tf.contrib.layers.conv2d`: `convolution` on rank-4 inputs. A function of its own
    as in TF, so `arg_scope([conv2d], ...)` does not reach `convolution` calls (and
    `slim.repeat` names its layers `convolution2d_1`, ...)."""
    return convolution(inputs, num_outputs, kernel_size, stride, padding, data_format, rate,
                       activation_fn, normalizer_fn, normalizer_params, weights_initializer,
                       weights_regularizer, biases_initializer, biases_regularizer, reuse,
                       variables_collections, outputs_collections, trainable, scope,
                       conv_dims=2)


conv2d = convolution2d


@add_arg_scope
def convolution1d(inputs, num_outputs, kernel_size, stride=1, padding="SAME", data_format=None,
                  rate=1, activation_fn=nn_ops.relu, normalizer_fn=None, normalizer_params=None,
                  weights_initializer=None, weights_regularizer=None,
                  biases_initializer=_zeros(), biases_regularizer=None, reuse=None,
                  variables_collections=None, outputs_collections=None, trainable=True,
                  scope=None):
    """TF1 `tf.contrib.layers.conv1d`: `convolution` on rank-3 inputs (scope `Conv`)."""
    return convolution(inputs, num_outputs, kernel_size, stride, padding, data_format, rate,
                       activation_fn, normalizer_fn, normalizer_params, weights_initializer,
                       weights_regularizer, biases_initializer, biases_regularizer, reuse,
                       variables_collections, outputs_collections, trainable, scope,
                       conv_dims=1)


@add_arg_scope
def convolution3d(inputs, num_outputs, kernel_size, stride=1, padding="SAME", data_format=None,
                  rate=1, activation_fn=nn_ops.relu, normalizer_fn=None, normalizer_params=None,
                  weights_initializer=None, weights_regularizer=None,
                  biases_initializer=_zeros(), biases_regularizer=None, reuse=None,
                  variables_collections=None, outputs_collections=None, trainable=True,
                  scope=None):
    """TF1 `tf.contrib.layers.conv3d`: `convolution` on rank-5 inputs (scope `Conv`)."""
    return convolution(inputs, num_outputs, kernel_size, stride, padding, data_format, rate,
                       activation_fn, normalizer_fn, normalizer_params, weights_initializer,
                       weights_regularizer, biases_initializer, biases_regularizer, reuse,
                       variables_collections, outputs_collections, trainable, scope,
                       conv_dims=3)


conv1d = convolution1d
conv3d = convolution3d


@add_arg_scope
def conv2d_transpose(inputs, num_outputs, kernel_size, stride=1, padding="SAME",
                     data_format=DATA_FORMAT_NHWC, activation_fn=nn_ops.relu,
                     normalizer_fn=None, normalizer_params=None, weights_initializer=None,
                     weights_regularizer=None, biases_initializer=_zeros(),
                     biases_regularizer=None, reuse=None, variables_collections=None,
                     outputs_collections=None, trainable=True, scope=None):
    """TF1 `tf.contrib.layers.conv2d_transpose` (scope `Conv2d_transpose`)."""
    weights_initializer = weights_initializer or xavier_initializer()
    getter = _build_variable_getter({"bias": "biases", "kernel": "weights"})
    with variable_scope(scope, "Conv2d_transpose", [inputs], reuse=reuse,
                        custom_getter=getter) as sc:
        if data_format not in (DATA_FORMAT_NCHW, DATA_FORMAT_NHWC):
            raise ValueError("data_format has to be either NCHW or NHWC.")
        inputs = convert_to_tensor(inputs)
        df = "channels_first" if data_format.startswith("NC") else "channels_last"
        layer = conv_layers.Conv2DTranspose(
            filters=num_outputs, kernel_size=kernel_size, strides=stride, padding=padding,
            data_format=df, activation=None,
            use_bias=not normalizer_fn and biases_initializer is not None,
            kernel_initializer=weights_initializer, bias_initializer=biases_initializer,
            kernel_regularizer=weights_regularizer, bias_regularizer=biases_regularizer,
            trainable=trainable, name=sc.name, dtype=inputs.dtype.base_dtype, _scope=sc,
            _reuse=reuse)
        return _apply_layer(layer, inputs, variables_collections, normalizer_fn,
                            normalizer_params, activation_fn, outputs_collections, sc)


convolution2d_transpose = conv2d_transpose


@add_arg_scope
def batch_norm(inputs, decay=0.999, center=True, scale=False, epsilon=0.001, activation_fn=None,
               param_initializers=None, param_regularizers=None,
               updates_collections=GraphKeys.UPDATE_OPS, is_training=True, reuse=None,
               variables_collections=None, outputs_collections=None, trainable=True,
               batch_weights=None, fused=None, data_format=DATA_FORMAT_NHWC,
               zero_debias_moving_mean=False, scope=None, renorm=False, renorm_clipping=None,
               renorm_decay=0.99, adjustment=None):
    """TF1 `tf.contrib.layers.batch_norm` (scope `BatchNorm`; no gamma unless `scale`;
    moving averages with `decay`, updated by the ops in `updates_collections`, or in place
    before the output when it is None).

    Differences from TensorFlow: batch_weights is not supported, and
    zero_debias_moving_mean only on TF's fused path (rank-2 or rank-4 inputs, `fused` not
    False) with a Python `is_training`.
    """
    if batch_weights is not None:
        raise NotImplementedError("tfcompat: contrib batch_norm with batch_weights is not "
                                  "supported")
    if renorm and (updates_collections is not GraphKeys.UPDATE_OPS or zero_debias_moving_mean):
        # TF's own words: renorm needs the core layer, which keeps its updates in UPDATE_OPS
        raise ValueError("renorm is not supported with batch_weights, updates_collections "
                         "or zero_debias_moving_mean")
    if data_format not in (DATA_FORMAT_NCHW, DATA_FORMAT_NHWC):
        raise ValueError("data_format has to be either NCHW or NHWC.")
    getter = _fused_params_getter if zero_debias_moving_mean else _model_variable_getter
    with variable_scope(scope, "BatchNorm", [inputs], reuse=reuse, custom_getter=getter) as sc:
        inputs = convert_to_tensor(inputs)
        rank = inputs.get_shape().ndims
        if rank is None:
            raise ValueError("Inputs %s has undefined rank" % inputs.name)
        x = inputs
        # TF fuses rank-2 inputs as [N, 1, 1, C] unless renorm or adjustment needs the plain ops
        fuse_2d = rank == 2 and fused is not False and not renorm and adjustment is None
        if zero_debias_moving_mean:
            _check_zero_debias_path(rank, fused, adjustment, is_training)
        if fuse_2d:
            x = array_ops.reshape(inputs, [-1, 1, 1, inputs.shape[-1].value])
        axis = 1 if data_format == DATA_FORMAT_NCHW and rank > 2 else -1
        params = param_initializers or {}
        regs = param_regularizers or {}
        layer = norm_layers.BatchNormalization(
            axis=axis, momentum=decay, epsilon=epsilon, center=center, scale=scale,
            beta_initializer=params.get("beta"), gamma_initializer=params.get("gamma"),
            moving_mean_initializer=params.get("moving_mean"),
            moving_variance_initializer=params.get("moving_variance"),
            beta_regularizer=regs.get("beta"), gamma_regularizer=regs.get("gamma"),
            trainable=trainable, name=sc.name, _scope=sc, _reuse=reuse,
            renorm=renorm, renorm_clipping=renorm_clipping, renorm_momentum=renorm_decay,
            adjustment=adjustment, fused=True if fuse_2d else fused)
        if zero_debias_moving_mean:
            layer._zero_debias_decay = decay
        outputs = layer.apply(x, training=is_training)
        if fuse_2d:
            outputs = array_ops.reshape(outputs, array_ops.shape(inputs))
            outputs.set_shape(inputs.get_shape())
        for name in ("beta", "gamma", "moving_mean", "moving_variance"):
            var = getattr(layer, name, None)
            if var is not None:
                _add_variable_to_collections(var, variables_collections, name)
        updates = layer.updates
        if fuse_2d or (fused is not False and rank == 4 and not renorm and adjustment is None
                       and (updates_collections is not GraphKeys.UPDATE_OPS
                            or zero_debias_moving_mean)):
            updates = _as_tf_fused_batch_norm(layer, updates)
        outputs = _route_updates(updates, updates_collections, outputs)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return collect_named_outputs(outputs_collections, sc.name, outputs)


def _check_zero_debias_path(rank, fused, adjustment, is_training):
    """zero_debias_moving_mean where tfcompat follows TF: its fused path (TF's legacy
    implementation, used otherwise, is not written here) with a Python is_training (with a
    tensor, TF's updates run in a cond tfcompat does not build)."""
    if fused is False or rank not in (2, 4) or adjustment is not None or \
            static_value(is_training) is None:
        raise NotImplementedError(
            "tfcompat: contrib batch_norm with zero_debias_moving_mean is supported for "
            "rank-2 or rank-4 inputs with `fused` not False, no `adjustment` and a Python "
            "bool `is_training` (got rank %s, fused=%r, is_training=%r)"
            % (rank, fused, is_training))


def _as_tf_fused_batch_norm(layer, updates):
    """TF's own fused path (rank-2 inputs, or updates outside UPDATE_OPS) makes beta before
    gamma and collects the moving averages' assign tensors rather than their ops."""
    beta, gamma = getattr(layer, "beta", None), getattr(layer, "gamma", None)
    if beta is not None and gamma is not None:
        graph = beta.graph
        for key in graph.get_all_collection_keys():
            ref = graph.get_collection_ref(key)
            if beta in ref and gamma in ref and ref.index(gamma) < ref.index(beta):
                i, j = ref.index(gamma), ref.index(beta)
                ref[i], ref[j] = beta, gamma
    tensors = [u.outputs[0] if getattr(u, "outputs", None) else u for u in updates]
    ref = get_collection_ref(GraphKeys.UPDATE_OPS)
    ref[:] = [tensors[updates.index(u)] if u in updates else u for u in ref]
    return tensors


def _route_updates(updates, updates_collections, outputs):
    if updates_collections is GraphKeys.UPDATE_OPS or updates_collections == [
            GraphKeys.UPDATE_OPS] or not updates:
        return outputs
    ref = get_collection_ref(GraphKeys.UPDATE_OPS)
    ref[:] = [u for u in ref if u not in updates]
    if updates_collections is None:
        with control_dependencies(updates):
            return array_ops.identity(outputs)
    for update in updates:
        add_to_collections(updates_collections, update)
    return outputs


@add_arg_scope
def layer_norm(inputs, center=True, scale=True, activation_fn=None, reuse=None,
               variables_collections=None, outputs_collections=None, trainable=True,
               begin_norm_axis=1, begin_params_axis=-1, scope=None):
    """TF1 `tf.contrib.layers.layer_norm` (variables `LayerNorm/beta`, `LayerNorm/gamma`)."""
    with variable_scope(scope, "LayerNorm", [inputs], reuse=reuse) as sc:
        inputs = convert_to_tensor(inputs)
        shape = inputs.shape
        rank = shape.ndims
        if rank is None:
            raise ValueError("Inputs %s has undefined rank." % inputs.name)
        dtype = inputs.dtype.base_dtype
        if begin_norm_axis < 0:
            begin_norm_axis = rank + begin_norm_axis
        if begin_params_axis >= rank or begin_norm_axis >= rank:
            raise ValueError("begin_params_axis (%d) and begin_norm_axis (%d) must be < "
                             "rank(inputs) (%d)" % (begin_params_axis, begin_norm_axis, rank))
        params_shape = shape[begin_params_axis:]
        if not params_shape.is_fully_defined():
            raise ValueError("Inputs %s: shape(inputs)[%s:] is not fully defined: %s"
                             % (inputs.name, begin_params_axis, shape))
        beta = gamma = None
        if center:
            beta = model_variable("beta", shape=params_shape, dtype=dtype,
                                  initializer=init_ops.zeros_initializer(),
                                  collections=_collections(variables_collections, "beta"),
                                  trainable=trainable)
        if scale:
            gamma = model_variable("gamma", shape=params_shape, dtype=dtype,
                                   initializer=init_ops.ones_initializer(),
                                   collections=_collections(variables_collections, "gamma"),
                                   trainable=trainable)
        mean, variance = nn_impl.moments(inputs, list(range(begin_norm_axis, rank)),
                                        keep_dims=True)
        epsilon = 1e-12 if dtype != dtypes.float16 else 1e-3
        outputs = nn_impl.batch_normalization(inputs, mean, variance, offset=beta, scale=gamma,
                                             variance_epsilon=epsilon)
        outputs.set_shape(shape)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return collect_named_outputs(outputs_collections, sc.name, outputs)


def _collections(collections_set, name):
    if isinstance(collections_set, dict):
        return collections_set.get(name)
    return collections_set


@add_arg_scope
def flatten(inputs, outputs_collections=None, scope=None):
    """TF1 `tf.contrib.layers.flatten`: [batch, ...] -> [batch, k]."""
    with name_scope(scope, "Flatten", [inputs]) as sc:
        outputs = core_layers.flatten(convert_to_tensor(inputs))
        return collect_named_outputs(outputs_collections, sc, outputs)


@add_arg_scope
def dropout(inputs, keep_prob=0.5, noise_shape=None, is_training=True, outputs_collections=None,
            scope=None, seed=None):
    """TF1 `tf.contrib.layers.dropout` (`keep_prob`; only when `is_training`)."""
    with variable_scope(scope, "Dropout", [inputs],
                        custom_getter=_model_variable_getter) as sc:
        inputs = convert_to_tensor(inputs)
        layer = core_layers.Dropout(rate=1 - keep_prob, noise_shape=noise_shape, seed=seed,
                                    name=sc.name, _scope=sc)
        outputs = layer.apply(inputs, training=is_training)
        return collect_named_outputs(outputs_collections, sc.name, outputs)


def _pool2d(cls, default_name, inputs, kernel_size, stride, padding, data_format,
            outputs_collections, scope, formats=(DATA_FORMAT_NCHW, DATA_FORMAT_NHWC)):
    """A tf.layers pooling layer `cls` (also the 3-D ones, given their `formats`)."""
    if data_format not in formats:
        raise ValueError("data_format has to be either %s or %s." % formats)
    with name_scope(scope, default_name, [inputs]) as sc:
        inputs = convert_to_tensor(inputs)
        df = "channels_first" if data_format.startswith("NC") else "channels_last"
        layer = cls(pool_size=kernel_size, strides=stride, padding=padding, data_format=df,
                    _scope=sc)
        return collect_named_outputs(outputs_collections, sc, layer.apply(inputs))


@add_arg_scope
def max_pool2d(inputs, kernel_size, stride=2, padding="VALID", data_format=DATA_FORMAT_NHWC,
               outputs_collections=None, scope=None):
    """TF1 `tf.contrib.layers.max_pool2d` (stride 2, VALID by default)."""
    return _pool2d(conv_layers.MaxPooling2D, "MaxPool2D", inputs, kernel_size, stride, padding,
                   data_format, outputs_collections, scope)


@add_arg_scope
def avg_pool2d(inputs, kernel_size, stride=2, padding="VALID", data_format=DATA_FORMAT_NHWC,
               outputs_collections=None, scope=None):
    """TF1 `tf.contrib.layers.avg_pool2d` (stride 2, VALID by default)."""
    return _pool2d(conv_layers.AveragePooling2D, "AvgPool2D", inputs, kernel_size, stride,
                   padding, data_format, outputs_collections, scope)


@add_arg_scope
def one_hot_encoding(labels, num_classes, on_value=1.0, off_value=0.0,
                     outputs_collections=None, scope=None):
    """TF1 `tf.contrib.layers.one_hot_encoding`."""
    with name_scope(scope, "OneHotEncoding", [labels, num_classes]) as sc:
        labels = convert_to_tensor(labels)
        if labels.dtype == dtypes.int32:
            labels = math_ops.cast(labels, dtypes.int64)
        outputs = indexing_ops.one_hot(labels, num_classes, on_value=on_value,
                                       off_value=off_value)
        return collect_named_outputs(outputs_collections, sc, outputs)


def embed_sequence(ids, vocab_size=None, embed_dim=None, unique=False, initializer=None,
                   regularizer=None, trainable=True, scope=None, reuse=None):
    """TF1 `tf.contrib.layers.embed_sequence`: variable `EmbedSequence/embeddings`."""
    if not (reuse or (vocab_size and embed_dim)):
        raise ValueError("Must specify vocab size and embedding dimension when not reusing. "
                         "Got vocab_size=%s and embed_dim=%s" % (vocab_size, embed_dim))
    with variable_scope(scope, "EmbedSequence", [ids], reuse=reuse):
        shape = [vocab_size, embed_dim] if reuse is None or not reuse else None
        embeddings = model_variable("embeddings", shape=shape, initializer=initializer,
                                    regularizer=regularizer, trainable=trainable)
        return nn_impl.embedding_lookup(embeddings, ids)


def dense_to_sparse(tensor, eos_token=0, outputs_collections=None, scope=None):
    """TF1 `tf.contrib.layers.dense_to_sparse`: the entries of `tensor` other than `eos_token`
    as a SparseTensor of the dense shape (int64), as CTC label code feeds `ctc_loss`."""
    with variable_scope(scope, "dense_to_sparse", [tensor]) as sc:
        tensor = convert_to_tensor(tensor)
        eos = convert_to_tensor(eos_token, dtype=tensor.dtype)
        indices = indexing_ops.where(math_ops.not_equal(tensor, eos))
        values = gather_ops.gather_nd(tensor, indices)
        shape = array_ops.shape(tensor, out_type=dtypes.int64)
        outputs = SparseTensor(indices, values, shape)
        return collect_named_outputs(outputs_collections, sc.name, outputs)
