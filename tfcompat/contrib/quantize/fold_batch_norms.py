"""TF 1.15's contrib/quantize/python/fold_batch_norms.py: folding fused batch norms into the
Conv2D / DepthwiseConv2dNative / MatMul before them ('..._Fold' layer, 'mul_fold' weights,
'add_fold' bias; in training, the batch_norm_correction factors and freeze_bn_delay)."""
from __future__ import annotations

import collections
import re

import tfcompat as tf
from tfcompat.contrib.quantize import common
from tfcompat.contrib.quantize import graph_matcher
from tfcompat.contrib.slim import utils as _slim_utils
from tfcompat.ops.custom_gradient import RegisterGradient

_FUSED_TYPES = "FusedBatchNorm|FusedBatchNormV3"
_LAYER_TYPES = "Conv2D|DepthwiseConv2dNative|MatMul"


def FoldBatchNorms(graph, is_training, freeze_batch_norm_delay=None):
    """Finds batch norm layers and folds them into the preceding layers (Conv2D, fully
    connected, depthwise convolution)."""
    _FoldFusedBatchNorms(graph, is_training, freeze_batch_norm_delay=freeze_batch_norm_delay)
    _RefuseUnfusedBatchNorms(graph)


_BatchNormMatch = collections.namedtuple("_BatchNormMatch", [
    "layer_op", "bn_op", "output_tensor", "input_tensor", "weight_tensor", "gamma_tensor",
    "beta_tensor", "mean_tensor", "variance_tensor", "moving_mean_tensor",
    "moving_variance_tensor", "bn_decay_mean_tensor", "bn_decay_var_tensor", "batch_epsilon"])


def _FoldFusedBatchNorms(graph, is_training, freeze_batch_norm_delay):
    for match in _FindFusedBatchNorms(graph):
        scope, sep, _ = match.layer_op.name.rpartition("/")
        with graph.as_default(), graph.name_scope(scope + sep):
            with graph.name_scope(scope + sep + "BatchNorm_Fold" + sep):
                # new weights = old weights * gamma / sqrt(variance + epsilon)
                # new biases = -mean * gamma / sqrt(variance + epsilon) + beta
                multiplier_tensor = match.gamma_tensor * tf.rsqrt(
                    match.variance_tensor + match.bn_op.get_attr("epsilon"))
                bias_tensor = tf.subtract(match.beta_tensor,
                                          match.mean_tensor * multiplier_tensor, name="bias")
                correction_scale = correction_recip = correction_offset = None
                if is_training:
                    correction_scale, correction_recip, correction_offset = (
                        _ComputeBatchNormCorrections("", match, freeze_batch_norm_delay))
                weights = match.weight_tensor
                if match.layer_op.type == "DepthwiseConv2dNative":
                    new_shape = match.weight_tensor.get_shape().as_list()[2:4]
                    multiplier_tensor = tf.reshape(multiplier_tensor, new_shape,
                                                   name="scale_reshape")
                    if correction_scale is not None:
                        correction_scale = tf.reshape(correction_scale, new_shape,
                                                      name="correction_reshape")
            if correction_scale is not None:
                weights = tf.multiply(correction_scale, weights, name="correction_mult")
            scaled_weight_tensor = tf.multiply(weights, multiplier_tensor, name="mul_fold")
            new_layer_tensor = _CloneWithNewOperands(match.layer_op, match.input_tensor,
                                                     scaled_weight_tensor)
            if correction_recip is not None:
                new_layer_tensor = tf.multiply(correction_recip, new_layer_tensor,
                                               name="post_conv_mul")
                new_layer_tensor = tf.add(new_layer_tensor, correction_offset,
                                          "correction_add")
            new_layer_tensor = tf.add(new_layer_tensor, bias_tensor, name="add_fold")
            if common.RerouteTensor(new_layer_tensor, match.output_tensor) == 0:
                raise ValueError("Folding batch norms failed, %s had no outputs."
                                 % match.output_tensor.name)


def _FindFusedBatchNorms(graph):
    """Yields a _BatchNormMatch for each fused batch norm after a layer op."""
    input_pattern = graph_matcher.OpTypePattern("*")
    weight_pattern = graph_matcher.OpTypePattern("*")
    gamma_pattern = graph_matcher.OpTypePattern("*")
    beta_pattern = graph_matcher.OpTypePattern("*")
    mean_pattern = graph_matcher.OpTypePattern("*")
    variance_pattern = graph_matcher.OpTypePattern("*")
    layer_pattern = graph_matcher.OpTypePattern(_LAYER_TYPES,
                                                inputs=[input_pattern, weight_pattern])
    # MatMul has a Reshape between it and FusedBatchNorm.
    matmul_reshape_pattern = graph_matcher.OpTypePattern("Reshape", inputs=[layer_pattern, "*"])
    batch_norm_pattern = graph_matcher.OpTypePattern(_FUSED_TYPES, inputs=[
        graph_matcher.OneofPattern([matmul_reshape_pattern, layer_pattern]),
        gamma_pattern, beta_pattern, mean_pattern, variance_pattern])
    matmul_bn_output_reshape_pattern = graph_matcher.OpTypePattern(
        "Reshape", inputs=[batch_norm_pattern, "*"])
    bn_matcher = graph_matcher.GraphMatcher(graph_matcher.OneofPattern(
        [matmul_bn_output_reshape_pattern, batch_norm_pattern]))
    for result in bn_matcher.match_graph(graph):
        layer_op = result.get_op(layer_pattern)
        bn_op = result.get_op(batch_norm_pattern)
        output_tensor = bn_op.outputs[0]
        if layer_op.type == "MatMul":
            output_reshape_op = result.get_op(matmul_bn_output_reshape_pattern)
            if output_reshape_op is None:
                continue  # matched again below, from the Reshape
            output_tensor = output_reshape_op.outputs[0]
        if not output_tensor.consumers():
            continue  # a dangling node, not a match
        moving = (None, None, None, None)
        if bn_op.get_attr("is_training"):
            mean_tensor, variance_tensor, moving = _TrainingStatistics(
                graph, bn_op, result.get_tensor(layer_pattern))
        else:
            mean_tensor = result.get_tensor(mean_pattern)
            variance_tensor = result.get_tensor(variance_pattern)
        yield _BatchNormMatch(
            layer_op, bn_op, output_tensor, result.get_tensor(input_pattern),
            result.get_tensor(weight_pattern), result.get_tensor(gamma_pattern),
            result.get_tensor(beta_pattern), mean_tensor, variance_tensor,
            moving[0], moving[1], moving[2], moving[3], bn_op.get_attr("epsilon"))


def _TrainingStatistics(graph, bn_op, layer_tensor):
    """(batch mean, unbiased-undone batch variance, (moving mean, moving variance, mean decay,
    variance decay)) of a fused batch norm in training mode."""
    # FusedBatchNormGrad has no gradient for the batch_mean / batch_variance outputs.
    bn_op._set_attr("_gradient_op_type", b"FoldFusedBatchNormGrad")  # pylint: disable=W0212
    mean_tensor = bn_op.outputs[1]
    scope, sep, _ = bn_op.name.rpartition("/")
    with graph.as_default(), graph.name_scope(scope + sep):
        # outputs[2] has Bessel's correction (N/(N-1)); the forward pass used the biased one
        n = tf.cast(tf.size(layer_tensor) / tf.size(mean_tensor), tf.float32)
        variance_tensor = tf.multiply(bn_op.outputs[2], (n - 1) / n,
                                      name="Undo_Bessel_Correction")
    moving = [None, None, None, None]
    sub_pattern = graph_matcher.OpTypePattern("Sub", inputs=["*", "*"])
    mul_pattern = graph_matcher.OpTypePattern("Mul", inputs=[sub_pattern, "*"])
    for result in graph_matcher.GraphMatcher(mul_pattern).match_graph(graph):
        sub_op = result.get_op(sub_pattern)
        if sub_op.inputs[1] is bn_op.outputs[1]:
            moving[0] = sub_op.inputs[0]
            moving[2] = result.get_op(mul_pattern).inputs[1]
        if sub_op.inputs[1] is bn_op.outputs[2]:
            moving[1] = sub_op.inputs[0]
            moving[3] = result.get_op(mul_pattern).inputs[1]
    if moving[0] is None or moving[1] is None:
        raise ValueError("Folding batch norms failed: no moving mean/variance updates of %s "
                         "(fused batch norms in training need their update ops)" % bn_op.name)
    return mean_tensor, variance_tensor, moving


def _ComputeBatchNormCorrections(context, match, freeze_batch_norm_delay):
    """(correction_scale, correction_recip, correction_offset). Before freezing: batch
    statistics, scale = sigma_b/sigma_mv, recip = 1/scale, offset = 0; after (step >=
    freeze_batch_norm_delay): recip = 1, offset = gamma*(mu_b/sigma_b - mu_mv/sigma_mv), and the
    moving averages stop updating."""
    g = tf.get_default_graph()
    prefix = context + "/" if context else ""
    with g.name_scope(prefix + "batch_norm_correction"):
        recip_sigma_mv = tf.rsqrt(match.moving_variance_tensor + match.batch_epsilon)
        recip_sigma = tf.rsqrt(match.variance_tensor + match.batch_epsilon)
        correction_scale = tf.divide(recip_sigma_mv, recip_sigma, name="scale_compute")
        correction_scale = tf.identity(correction_scale, name="correction_scale")
        correction_recip = tf.reciprocal(correction_scale, name="reciprocal_compute")
        correction_offset = tf.multiply(
            match.gamma_tensor,
            match.mean_tensor * recip_sigma - match.moving_mean_tensor * recip_sigma_mv,
            name="offset_compute")
        if freeze_batch_norm_delay is not None:
            use_mv_avg = tf.greater_equal(common.CreateOrGetQuantizationStep(),
                                          freeze_batch_norm_delay, name="use_moving_average")
        else:
            use_mv_avg = False
        bn_decay_zero = 0.0
        bn_decay_mean_consumers = list(match.bn_decay_mean_tensor.consumers())
        bn_decay_mean_out = _slim_utils.smart_cond(
            use_mv_avg, lambda: bn_decay_zero, lambda: match.bn_decay_mean_tensor,
            name="freeze_moving_mean")
        common.RerouteTensor(tf.convert_to_tensor(bn_decay_mean_out),
                             match.bn_decay_mean_tensor, can_modify=bn_decay_mean_consumers)
        bn_decay_var_consumers = list(match.bn_decay_var_tensor.consumers())
        bn_decay_var_out = _slim_utils.smart_cond(
            use_mv_avg, lambda: bn_decay_zero, lambda: match.bn_decay_var_tensor,
            name="freeze_moving_var")
        common.RerouteTensor(tf.convert_to_tensor(bn_decay_var_out),
                             match.bn_decay_var_tensor, can_modify=bn_decay_var_consumers)
        correction_recip = _slim_utils.smart_cond(
            use_mv_avg, lambda: tf.ones(correction_scale.shape), lambda: correction_recip,
            name="correction_recip")
        correction_offset = _slim_utils.smart_cond(
            use_mv_avg, lambda: correction_offset, lambda: tf.zeros(correction_offset.shape),
            name="correction_offset")
    return correction_scale, correction_recip, correction_offset


def _CloneWithNewOperands(layer_op, input_tensor, weight_tensor):
    """The layer op again, named '<name>_Fold', reading `input_tensor` and `weight_tensor`."""
    new_layer_name = layer_op.name.split("/")[-1] + "_Fold"
    if layer_op.type == "Conv2D":
        return tf.nn.conv2d(input_tensor, weight_tensor,
                            strides=layer_op.get_attr("strides"),
                            padding=_Text(layer_op.get_attr("padding")),
                            dilations=layer_op.get_attr("dilations"),
                            data_format=_Text(layer_op.get_attr("data_format")),
                            name=new_layer_name)
    if layer_op.type == "MatMul":
        return tf.matmul(input_tensor, weight_tensor,
                         transpose_a=layer_op.get_attr("transpose_a"),
                         transpose_b=layer_op.get_attr("transpose_b"), name=new_layer_name)
    if layer_op.type == "DepthwiseConv2dNative":
        return tf.nn.depthwise_conv2d(input_tensor, weight_tensor,
                                      strides=layer_op.get_attr("strides"),
                                      padding=_Text(layer_op.get_attr("padding")),
                                      name=new_layer_name)
    raise ValueError("Cannot handle operation of type: %s" % layer_op.type)


def _Text(value):
    return value.decode() if isinstance(value, bytes) else value


def _RefuseUnfusedBatchNorms(graph):
    """TF folds unfused batch norms ('<layer>/BatchNorm/batchnorm/...' after the layer) too;
    tfcompat does not: refuse rather than leave the layer unquantized."""
    layer = graph_matcher.OpTypePattern(_LAYER_TYPES)
    mul = graph_matcher.OpTypePattern("Mul", inputs=[layer, "*"])
    for result in graph_matcher.GraphMatcher(mul).match_graph(graph):
        op = result.get_op(mul)
        found = re.search(r"^(.+/BatchNorm)/batchnorm(_\d+)?/mul(_\d+)?$", op.name)
        if found and op.outputs[0].consumers():
            raise NotImplementedError(
                "tf.contrib.quantize: folding the unfused batch norm %s into %s is not "
                "supported by tfcompat; build the batch norm with fused=True."
                % (found.group(1), result.get_op(layer).name))


@RegisterGradient("FoldFusedBatchNormGrad")
def _FoldFusedBatchNormGrad(op, unused_grad_y, grad_mean, grad_var, *unused):
    x = op.inputs[0]
    if grad_mean is None:
        grad_mean = tf.zeros_like(op.outputs[1])
    if grad_var is None:
        grad_var = tf.zeros_like(op.outputs[2])
    n = tf.cast(tf.size(x) / tf.size(grad_mean), tf.float32)
    dmean_dx = grad_mean / n
    dvar_dx = 2 * grad_var * (x - op.outputs[1]) / (n - 1)
    return (dmean_dx + dvar_dx), None, None, None, None
