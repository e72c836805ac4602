"""TF 1.15's contrib/quantize/python/quantize.py: inserting FakeQuantWithMinMaxVars ops on the
weights ('weights_quant') and activations ('act_quant', 'conv_quant', 'add_quant',
'post_activation_bypass_quant') of the Conv2D / MatMul / DepthwiseConv2dNative layers."""
from __future__ import annotations

import collections
import re

import tfcompat as tf
from tfcompat import logging
from tfcompat.contrib.quantize import common
from tfcompat.contrib.quantize import graph_matcher
from tfcompat.contrib.quantize import quant_ops

_QUANTIZABLE_TYPES = {"Conv2D", "MatMul", "DepthwiseConv2dNative"}
_ACTIVATION_TYPES = {"Relu", "Relu6"}

_LayerMatch = collections.namedtuple("_LayerMatch", [
    "layer_op", "weight_tensor", "activation_op", "bypass_op", "post_activation_bypass_op",
    "bias_add_op"])


def Quantize(graph, is_training, weight_bits=8, activation_bits=8, symmetric=False,
             ema_decay=0.999, quant_delay=None,
             vars_collection=tf.GraphKeys.GLOBAL_VARIABLES, scope=None):
    """Updates `graph` with quantization operations (only those in `scope`, if given)."""
    if scope and not scope.endswith("/"):
        scope += "/"
    consumers_of = _ConsumerOperations
    common_args = dict(is_training=is_training, ema_decay=ema_decay, quant_delay=quant_delay,
                       vars_collection=vars_collection, symmetric=symmetric)
    for match in _FindLayersToQuantize(graph):
        context = _GetContextFromOp(match.layer_op)
        if match.weight_tensor is not None:
            _InsertQuantOp(context, "weights_quant", match.weight_tensor.op,
                           consumers_of(match.weight_tensor.op), moving_avg=False,
                           narrow_range=True, bits=weight_bits, consumer_scope=scope,
                           **common_args)
        add_context = context
        if match.bypass_op:
            found = re.search(r"^(.*)/([^/]+)", context)
            add_context = found.group(1) if found is not None else ""
        if match.activation_op is not None:
            _InsertQuantOp(add_context, "act_quant", match.activation_op,
                           consumers_of(match.activation_op), moving_avg=True,
                           bits=activation_bits, init_min=0.0, producer_scope=scope,
                           **common_args)
        if match.bypass_op is not None:
            _InsertQuantOp(context, "conv_quant", match.bias_add_op, [match.bypass_op],
                           moving_avg=True, bits=activation_bits, producer_scope=scope,
                           consumer_scope=scope, **common_args)
            consumers = consumers_of(match.bypass_op)
            if any(c.type in _ACTIVATION_TYPES for c in consumers):
                logging.info("Skipping %s, because its followed by an activation.",
                             match.bypass_op.name)
            else:
                _InsertQuantOp(add_context, "add_quant", match.bypass_op, consumers,
                               moving_avg=True, bits=activation_bits, producer_scope=scope,
                               consumer_scope=scope, **common_args)
        if match.post_activation_bypass_op is not None:
            op = match.post_activation_bypass_op
            found = re.search(r"^(.*)/([^/]+)", op.name)
            post_context = found.group(1) if found is not None else ""
            consumers = consumers_of(op)
            if any(c.type in _ACTIVATION_TYPES for c in consumers):
                logging.info("Skipping %s, because its followed by an activation.", op.name)
            else:
                _InsertQuantOp(post_context, "post_activation_bypass_quant", op, consumers,
                               moving_avg=True, bits=activation_bits, producer_scope=scope,
                               **common_args)


def _ConsumerOperations(producer_op):
    """The set of ops reading an output of `producer_op` (TF's InputToOps)."""
    return {c for t in producer_op.outputs for c in t.consumers()}


def _Patterns():
    """The patterns of TF 1.15's _FindLayersToQuantize, as a dict by role."""
    P, Oneof = graph_matcher.OpTypePattern, graph_matcher.OneofPattern
    p = {}
    weight_var = P("Variable|VariableV2")
    partition_identity = P("Identity", inputs=[weight_var])
    partition_concat = P("ConcatV2", inputs=[partition_identity, "*", "*"])
    p["weight_identity"] = P("Identity", inputs=[
        Oneof([partition_identity, partition_concat, weight_var])])
    p["weight_resource_var"] = P("ReadVariableOp")
    p["folded_weight"] = P("Mul")
    p["layer"] = P("|".join(sorted(_QUANTIZABLE_TYPES)), inputs=[
        P("*"), Oneof([p["weight_identity"], p["weight_resource_var"], p["folded_weight"]])],
        ordered_inputs=False)
    batch_to_space = P("BatchToSpaceND", inputs=[p["layer"], "*", "*"])
    layer_output = Oneof([batch_to_space, p["layer"]])
    folded_bias_mul = P("Mul", inputs=[P("*"), layer_output], ordered_inputs=False)
    correction = P("Add|AddV2", inputs=[folded_bias_mul, P("*")], ordered_inputs=False)
    p["folded_bias_add"] = P("Add|AddV2", inputs=[correction, P("*")], ordered_inputs=False)
    batch_norm_identity = P("Identity", inputs=[p["folded_bias_add"]])
    p["bias_add"] = P("Add|AddV2|BiasAdd", inputs=[layer_output, "*"], ordered_inputs=False)
    p["bypass"] = P("Add|AddV2", inputs=[
        Oneof([p["bias_add"], p["folded_bias_add"], batch_norm_identity]), "*"],
        ordered_inputs=False)
    p["activation"] = P("|".join(sorted(_ACTIVATION_TYPES)) + "|Identity", inputs=[
        Oneof([p["bias_add"], p["folded_bias_add"], batch_norm_identity, p["bypass"],
               p["layer"]])])
    p["post_activation_bypass"] = P("Add|AddV2", inputs=["*", p["activation"]],
                                    ordered_inputs=False)
    # separable convolutions: a conv feeding a conv, no activation between them
    p["sep_conv"] = P("|".join(sorted(_QUANTIZABLE_TYPES)), inputs=[layer_output, P("*")],
                      ordered_inputs=False)
    return p


def _WeightTensor(result, p):
    for role in ("weight_identity", "weight_resource_var", "folded_weight"):
        tensor = result.get_tensor(p[role])
        if tensor is not None:
            return tensor
    return None


def _FindLayersToQuantize(graph):
    """The layers to quantize, largest matches first: with a post-activation bypass, ending
    at an activation, final layers (their bias add quantized as the activation), then the
    first conv of separable convolutions (its output quantized as the activation)."""
    p = _Patterns()
    matches, matched = [], set()

    def add(result, activation_op, bypass_op, post_op, bias_add_op):
        layer_op = result.get_op(p["layer"])
        if layer_op not in matched:
            matched.add(layer_op)
            matches.append(_LayerMatch(layer_op, _WeightTensor(result, p), activation_op,
                                       bypass_op, post_op, bias_add_op))

    def bias_add(result):
        op = result.get_op(p["bias_add"])
        return op if op is not None else result.get_op(p["folded_bias_add"])

    for root in ("post_activation_bypass", "activation"):
        for result in graph_matcher.GraphMatcher(p[root]).match_graph(graph):
            add(result, result.get_op(p["activation"]), result.get_op(p["bypass"]),
                result.get_op(p["post_activation_bypass"]), bias_add(result))
    final = graph_matcher.OneofPattern([p["bias_add"], p["folded_bias_add"]])
    for result in graph_matcher.GraphMatcher(final).match_graph(graph):
        add(result, bias_add(result), None, None, None)
    for result in graph_matcher.GraphMatcher(p["sep_conv"]).match_graph(graph):
        add(result, result.get_op(p["layer"]), None, None, None)
    return matches


def _FollowedByFakeQuant(tensor):
    """Whether `tensor` is already quantized (through Reshape/Identity)."""
    fake_quant_ops = {"FakeQuantWithMinMaxVars", "FakeQuantWithMinMaxArgs"}
    pass_through_ops = {"Reshape", "Identity"}
    consumers = list(tensor.consumers())
    while consumers:
        c = consumers.pop()
        if c.type in fake_quant_ops:
            return True
        if c.type in pass_through_ops:
            for output in c.outputs:
                consumers.extend(output.consumers())
    return False


def _InsertQuantOp(context, name, producer, consumers, is_training, moving_avg=True,
                   init_min=-6.0, init_max=6.0, bits=8, symmetric=False, ema_decay=0.999,
                   quant_delay=None, vars_collection=tf.GraphKeys.GLOBAL_VARIABLES,
                   narrow_range=False, producer_scope=None, consumer_scope=None):
    """Inserts a quant op between `producer` and the `consumers` ops."""
    if producer_scope and not producer.name.startswith(producer_scope):
        logging.info("_InsertQuantOp ignores context=%s name=%s because producer %s is not in "
                     "scope %s", context, name, producer.name, producer_scope)
        return
    if consumer_scope:
        consumers_in_scope = [c for c in consumers if c.name.startswith(consumer_scope)]
        if not consumers_in_scope:
            logging.info("_InsertQuantOp context=%s name=%s ignores all consumers because "
                         "none are in scope %s", context, name, consumer_scope)
            return
        consumers = consumers_in_scope
    name_prefix = _AddContextToName(context, name)
    name_scope = tf.get_default_graph().get_name_scope()
    if name_scope:
        name_prefix = common.DropStringPrefix(name_prefix, name_scope + "/")
    inputs = producer.outputs[0]
    if _FollowedByFakeQuant(inputs):
        return
    quant_fn = quant_ops.MovingAvgQuantize if moving_avg else quant_ops.LastValueQuantize
    kwargs = dict(ema_decay=ema_decay) if moving_avg else {}
    quant = quant_fn(inputs, init_min=init_min, init_max=init_max, is_training=is_training,
                     num_bits=bits, symmetric=symmetric, narrow_range=narrow_range,
                     vars_collection=vars_collection, name_prefix=name_prefix, **kwargs)
    if quant_delay and quant_delay > 0:
        activate_quant = tf.greater_equal(common.CreateOrGetQuantizationStep(), quant_delay,
                                          name=name_prefix + "/activate_quant")
        quant = tf.cond(activate_quant, lambda: quant, lambda: inputs,
                        name=name_prefix + "/delayed_quant")
    if consumers:
        if common.RerouteTensor(quant, inputs, can_modify=consumers) < len(consumers):
            raise ValueError("No inputs quantized for ops: [%s]"
                             % ", ".join(consumer.name for consumer in consumers))


def _GetContextFromOp(op):
    """The op's name up to its last '/' ('' at the root)."""
    found = re.search(r"^(.*)/([^/]+)", op.name)
    return found.group(1) if found else ""


def _AddContextToName(context, name):
    return context + "/" + name if context else name
