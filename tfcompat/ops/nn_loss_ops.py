"""Neural-network losses: the fused softmax cross-entropy ops (dense and sparse labels), the
logistic losses composed as TF composes them, and candidate sampling with nce_loss and
sampled_softmax_loss. tf.losses (weights and reductions) lives in tfcompat/losses/.
"""
from __future__ import annotations

import math

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import control_dependencies
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import _philox
from tfcompat.ops import _shape_fns as fns
from tfcompat.ops import array_ops
from tfcompat.ops._traced import checked_in_graph
from tfcompat.ops import check_ops
from tfcompat.ops import indexing_ops
from tfcompat.ops import math_ops
from tfcompat.ops import nn_impl
from tfcompat.ops import nn_ops
from tfcompat.ops import random_ops
from tfcompat.ops import reduction_ops

# -- SoftmaxCrossEntropyWithLogits -----------------------------------------------------------


def _xent_infer(op, features, labels):
    # TF: features of rank 2 merged with labels; failing that, their broadcast, of rank 2
    try:
        shape = features.shape.with_rank(2).merge_with(labels.shape)
    except ValueError:
        shape = shape_rules.broadcast_shape(op, features, labels)
        if shape.ndims != 2:
            rank = "is unknown" if shape.ndims is None else str(shape.ndims)
            raise shape_rules.shape_error("Shape must be broadcasted with rank 2, but is rank "
                                          "%s" % rank, op, [features, labels]) from None
    dtype = features.dtype.base_dtype
    return [(dtype, TensorShape([shape[0].value])), (dtype, shape)]


def _softmax_second_order(features, grad_backprop):
    """TF's term for a gradient arriving at the `backprop` output: the softmax Jacobian applied
    to it, (g - <g, softmax>) * softmax."""
    softmax = torch.softmax(features, dim=-1)
    return (grad_backprop - (grad_backprop * softmax).sum(-1, keepdim=True)) * softmax


class _SoftmaxXent(torch.autograd.Function):
    """TF's fused cross-entropy: the `backprop` output (softmax - labels) is what the gradient
    with respect to the logits is made of, so it is computed once, in the forward pass."""

    @staticmethod
    def forward(ctx, features, labels):
        if features.shape[-1]:
            # TF's kernel: shifted = x - max; loss = sum(labels * (log(sum_exp) - shifted)) (a
            # +0.0 where it is zero); backprop = exp(shifted) / sum_exp - labels (to the last
            # bit, unlike exp(log_softmax)); one pass each
            shifted = features - features.amax(dim=-1, keepdim=True)
            exp = torch.exp(shifted)
            sum_exp = exp.sum(dim=-1, keepdim=True)
            loss = (labels * shifted.neg_().add_(sum_exp.log())).sum(dim=-1)
            backprop = exp.div_(sum_exp).sub_(labels)
        else:   # no classes: an empty sum
            loss, backprop = features.sum(dim=-1), features - labels
        ctx.save_for_backward(features, labels, backprop)
        ctx.set_materialize_grads(False)  # no zero-filled gradient for `backprop`
        return loss, backprop

    @staticmethod
    def backward(ctx, grad_loss, grad_backprop):
        features, labels, backprop = ctx.saved_tensors
        grad_features = grad_labels = None
        if ctx.needs_input_grad[0]:
            if grad_loss is not None:
                if torch.is_grad_enabled():  # higher-order gradients: differentiable recompute
                    backprop = torch.softmax(features, dim=-1) - labels
                grad_features = backprop * grad_loss.unsqueeze(-1)
            if grad_backprop is not None:
                second = _softmax_second_order(features, grad_backprop)
                grad_features = second if grad_features is None else grad_features + second
        if ctx.needs_input_grad[1] and grad_loss is not None:
            # NOTE: as TF's registered gradient, the labels get nothing from `backprop`.
            grad_labels = -torch.log_softmax(features, dim=-1) * grad_loss.unsqueeze(-1)
        return grad_features, grad_labels


@register_op("SoftmaxCrossEntropyWithLogits", inputs=("features: T", "labels: T"),
             infer=_xent_infer)
def _lower_softmax_cross_entropy_with_logits(ctx, features, labels):
    features, labels = torch.broadcast_tensors(features, labels)
    return _SoftmaxXent.apply(features, labels)


def _sparse_xent_infer(op, features, labels):
    inputs = [features, labels]
    dims = nn_ops._with_rank(op, features, 2, inputs).as_list()
    batch = nn_ops._merge_dims(op, dims[0], nn_ops._with_rank(op, labels, 1, inputs)[0].value,
                               inputs)
    dtype = features.dtype.base_dtype
    return [(dtype, TensorShape([batch])), (dtype, TensorShape([batch, dims[1]]))]


class _SparseSoftmaxXent(torch.autograd.Function):
    """As _SoftmaxXent, with integer labels (`labels` holds valid class indices)."""

    @staticmethod
    def forward(ctx, features, labels):
        index = labels.unsqueeze(1)
        if features.shape[1]:
            # TF's kernel, one pass each: shifted = x - max, loss = log(sum_exp) - shifted at
            # the label (+0.0 where they are equal), backprop = exp(shifted) / sum_exp; not a
            # log_softmax and a softmax, two passes more over a language model's logits
            shifted = features - features.amax(dim=-1, keepdim=True)
            picked = shifted.gather(1, index).squeeze(1)
            backprop = shifted.exp_()
            sum_exp = backprop.sum(dim=-1, keepdim=True)
            loss = sum_exp.squeeze(1).log().sub_(picked)
            backprop.div_(sum_exp)
        else:   # no classes (an empty batch: any label would be out of range)
            loss, backprop = features.sum(dim=-1), features.clone()
        backprop.scatter_add_(1, index, torch.full_like(loss, -1.0).unsqueeze(1))
        ctx.save_for_backward(features, labels, backprop)
        ctx.set_materialize_grads(False)  # no zero-filled gradient for `backprop`
        return loss, backprop

    @staticmethod
    def backward(ctx, grad_loss, grad_backprop):
        features, labels, backprop = ctx.saved_tensors
        grad = None
        if grad_loss is not None:
            if torch.is_grad_enabled():  # higher-order gradients: differentiable recompute
                onehot = torch.zeros_like(features).scatter_(1, labels.unsqueeze(1), 1.0)
                backprop = torch.softmax(features, dim=-1) - onehot
            grad = backprop * grad_loss.unsqueeze(1)
        if grad_backprop is not None:
            second = _softmax_second_order(features, grad_backprop)
            grad = second if grad is None else grad + second
        return grad, None


@register_op("SparseSoftmaxCrossEntropyWithLogits",
             inputs=("features: T", "labels: Tlabels"), infer=_sparse_xent_infer)
def _lower_sparse_softmax_cross_entropy_with_logits(ctx, features, labels):
    n_classes = features.shape[1]
    labels = labels.long()
    if features.device.type == "cpu" and labels.numel():
        bad = (labels < 0) | (labels >= n_classes)
        if not checked_in_graph(ctx, bad) and bool(bad.any()):
            value = int(labels[bad][0])
            raise errors.InvalidArgumentError(
                None, ctx.op, "Received a label value of %d which is outside the valid range "
                "of [0, %d).  Label values: %s" % (value, n_classes,
                                                   " ".join(str(int(v)) for v in labels)))
        return _SparseSoftmaxXent.apply(features, labels)
    # NOTE: on GPU, TF gives NaN for an out-of-range label instead of an error.
    invalid = (labels < 0) | (labels >= n_classes)
    loss, backprop = _SparseSoftmaxXent.apply(features, labels.clamp(0, max(n_classes - 1, 0)))
    loss = torch.where(invalid, torch.full_like(loss, float("nan")), loss)
    backprop = torch.where(invalid.unsqueeze(1), torch.full_like(backprop, float("nan")),
                           backprop)
    return loss, backprop


# -- public cross-entropy functions ----------------------------------------------------------

def _ensure_xent_args(name, labels, logits, sentinel=None):
    # TF1's _sentinel: a positional call would otherwise read as "labels missing"
    if sentinel is not None:
        raise ValueError("Only call `%s` with named arguments (labels=..., logits=..., ...)"
                         % name)
    if labels is None or logits is None:
        raise ValueError("Both labels and logits must be provided for %s" % name)


def _flatten_outer_dims(logits):
    """TF's helper: reshaped to [-1, last dim] with `Rank`, `Shape`, `Slice` and `concat`."""
    rank = array_ops.rank(logits)
    last_dim_size = indexing_ops.slice(array_ops.shape(logits), [math_ops.subtract(rank, 1)],
                                       [1])
    output = array_ops.reshape(logits, array_ops.concat([[-1], last_dim_size], 0))
    dims = logits.shape.as_list() if logits.shape.ndims is not None else None
    if dims is not None and None not in dims[:-1]:
        output.set_shape([int(np.prod(dims[:-1], dtype=np.int64)), dims[-1]])
    return output


def _move_dim_to_end(tensor, dim_index, rank):
    return array_ops.transpose(tensor, array_ops.concat(
        [array_ops.range(dim_index), array_ops.range(dim_index + 1, rank), [dim_index]], 0))


def softmax_cross_entropy_with_logits_v2(labels, logits, axis=None, name=None, dim=None):
    """TF1 `tf.nn.softmax_cross_entropy_with_logits_v2`: gradients flow to labels too. Built
    as TF builds it: logits and labels flattened to 2-D, the cost reshaped back."""
    _ensure_xent_args("softmax_cross_entropy_with_logits", labels, logits)
    axis = array_ops._deprecated_arg_lookup("axis", axis, "dim", dim)
    axis = -1 if axis is None else axis
    with name_scope(name, "softmax_cross_entropy_with_logits", [logits, labels]) as name:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(labels, name="labels")
        half = logits.dtype in (dtypes.float16, dtypes.bfloat16)
        precise = math_ops.cast(logits, dtypes.float32) if half else logits
        labels = math_ops.cast(labels, precise.dtype)
        input_rank = array_ops.rank(precise)
        shape = logits.shape
        if axis != -1:
            precise = _move_dim_to_end(precise, axis, input_rank)
            labels = _move_dim_to_end(labels, axis, input_rank)
        input_shape = array_ops.shape(precise)
        precise = _flatten_outer_dims(precise)
        labels = _flatten_outer_dims(labels)
        cost, _ = apply_op("SoftmaxCrossEntropyWithLogits", [precise, labels], name=name)
        output_shape = indexing_ops.slice(input_shape, [0], [math_ops.subtract(input_rank, 1)])
        cost = array_ops.reshape(cost, output_shape)
        if shape.ndims is not None:
            dims = shape.as_list()
            del dims[axis]
            cost.set_shape(dims)
        return math_ops.cast(cost, logits.dtype) if half else cost


def softmax_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, dim=-1,
                                      name=None, axis=None):
    """TF1 `tf.nn.softmax_cross_entropy_with_logits` (v1): no gradient flows into labels."""
    _ensure_xent_args("softmax_cross_entropy_with_logits", labels, logits, _sentinel)
    # NOTE: TF looks `axis` up against `dim`, whose default is -1, so any `axis` raised there
    # (known_differences.txt); here `axis` works alone, and with a non-default `dim` it raises
    axis = array_ops._deprecated_arg_lookup("axis", axis, "dim", None if dim == -1 else dim)
    axis = -1 if axis is None else axis
    with name_scope(name, "softmax_cross_entropy_with_logits_sg", [logits, labels]) as name:
        labels = array_ops.stop_gradient(labels, name="labels_stop_gradient")
    return softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits, axis=axis,
                                                name=name)


def sparse_softmax_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None,
                                             name=None):
    """TF1 `tf.nn.sparse_softmax_cross_entropy_with_logits`: integer class labels. As in TF,
    the op inside the scope keeps the caller's `name` (default: the op type)."""
    _ensure_xent_args("sparse_softmax_cross_entropy_with_logits", labels, logits, _sentinel)
    with name_scope(name, "SparseSoftmaxCrossEntropyWithLogits", [labels, logits]):
        labels = convert_to_tensor(labels)
        logits = convert_to_tensor(logits)
        half = logits.dtype == dtypes.float16
        precise = math_ops.cast(logits, dtypes.float32) if half else logits
        lshape, gshape = labels.shape, logits.shape
        labels_shape = array_ops.shape(labels)
        static = lshape.is_fully_defined() and gshape[:-1].is_fully_defined() \
            if gshape.ndims is not None else False
        if gshape.ndims == 0:
            raise ValueError("`logits` cannot be a scalar. Received logits=%s`" % logits)
        if gshape.ndims is not None and lshape.ndims is not None and \
                lshape.ndims != gshape.ndims - 1:
            raise ValueError("`labels.shape.rank` must equal `logits.shape.rank - 1`. Received: "
                             "labels.shape=%s of rank %d and logits.shape=%s of rank %d"
                             % (lshape, lshape.ndims, gshape, gshape.ndims))
        if static and lshape != gshape[:-1]:
            raise ValueError("`labels.shape` must equal `logits.shape` except for the last "
                             "dimension. Received: labels.shape=%s and logits.shape=%s"
                             % (lshape, gshape))
        op_name = name or "SparseSoftmaxCrossEntropyWithLogits"
        if gshape.ndims == 2:
            cost, _ = apply_op("SparseSoftmaxCrossEntropyWithLogits", [precise, labels],
                               name=op_name)
            return math_ops.cast(cost, dtypes.float16) if half else cost
        checks = [] if static else [check_ops.assert_equal(
            array_ops.shape(labels), array_ops.shape(logits)[:-1])]
        with control_dependencies(checks):
            num_classes = array_ops.shape(logits)[array_ops.rank(logits) - 1]
            precise = array_ops.reshape(precise, [-1, num_classes])
            labels = array_ops.reshape(labels, [-1])
            cost, _ = apply_op("SparseSoftmaxCrossEntropyWithLogits", [precise, labels],
                               name=op_name)
            cost = array_ops.reshape(cost, labels_shape)
            cost.set_shape(lshape)
            return math_ops.cast(cost, dtypes.float16) if half else cost


def sigmoid_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, name=None):
    """TF1 `tf.nn.sigmoid_cross_entropy_with_logits` (the numerically stable form)."""
    _ensure_xent_args("sigmoid_cross_entropy_with_logits", labels, logits, _sentinel)
    with name_scope(name, "logistic_loss", [logits, labels]) as name:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(labels, name="labels")
        try:
            labels.get_shape().assert_is_compatible_with(logits.get_shape())
        except ValueError as e:
            raise ValueError("logits and labels must have the same shape (%s vs %s)"
                             % (logits.get_shape(), labels.get_shape())) from e
        zeros = array_ops.zeros_like(logits, dtype=logits.dtype)
        cond = logits >= zeros
        relu_logits = indexing_ops.where(cond, logits, zeros)
        neg_abs_logits = indexing_ops.where(cond, -logits, logits)
        return math_ops.add(relu_logits - logits * labels,
                            math_ops.log1p(math_ops.exp(neg_abs_logits)), name=name)


def weighted_cross_entropy_with_logits(labels=None, logits=None, pos_weight=None, name=None,
                                       targets=None):
    """TF1 `tf.nn.weighted_cross_entropy_with_logits` (`labels` or the old `targets`)."""
    labels = targets if labels is None else labels
    with name_scope(name, "logistic_loss", [logits, labels]) as name:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(labels, name="labels")
        try:
            labels.get_shape().assert_is_compatible_with(logits.get_shape())
        except ValueError as e:
            raise ValueError("logits and labels must have the same shape (%s vs %s)"
                             % (logits.get_shape(), labels.get_shape())) from e
        log_weight = 1 + (pos_weight - 1) * labels
        return math_ops.add((1 - labels) * logits, log_weight * (
            math_ops.log1p(math_ops.exp(-math_ops.abs(logits))) + nn_ops.relu(-logits)),
            name=name)


def log_poisson_loss(targets, log_input, compute_full_loss=False, name=None):
    """TF1 `tf.nn.log_poisson_loss`."""
    with name_scope(name, "log_poisson_loss", [log_input, targets]) as name:
        log_input = convert_to_tensor(log_input, name="log_input")
        targets = convert_to_tensor(targets, name="targets")
        result = math_ops.exp(log_input) - log_input * targets
        if compute_full_loss:
            point_five = convert_to_tensor(0.5, dtype=targets.dtype)
            two_pi = convert_to_tensor(2 * math.pi, dtype=targets.dtype)
            stirling = (targets * math_ops.log(targets)) - targets + point_five * math_ops.log(
                two_pi * targets)
            zeros = array_ops.zeros_like(targets, dtype=targets.dtype)
            ones = array_ops.ones_like(targets, dtype=targets.dtype)
            cond = math_ops.logical_and(targets >= zeros, targets <= ones)
            result += indexing_ops.where(cond, zeros, stirling)
        return result


# -- candidate samplers ----------------------------------------------------------------------

_SAMPLER_ATTRS = {"num_true": 1, "num_sampled": 1, "unique": True, "range_max": 1, "seed": 0,
                  "seed2": 0}


def _sampler_infer(op, true_classes, **attrs):
    # TF's CandidateSamplerShapeFn: true_classes is [batch, num_true]
    fns.with_rank(op, op.inputs, true_classes.shape, 2)
    batch = true_classes.shape[0].value if true_classes.shape.ndims else None
    n = attrs["num_sampled"]
    return [(dtypes.int64, TensorShape([n])), (dtypes.float32, TensorShape([batch,
                                                                            attrs["num_true"]])),
            (dtypes.float32, TensorShape([n]))]


def _draw(draw_fn, num_sampled, unique):
    """Samples (ids, number of tries); unique sampling rejects repeats, as TF's RangeSampler."""
    if not unique:
        return draw_fn(num_sampled), num_sampled
    chosen, seen, tries = [], set(), 0
    while len(chosen) < num_sampled:
        batch = draw_fn(max(2 * (num_sampled - len(chosen)), 16)).tolist()
        for value in batch:
            tries += 1
            if value not in seen:
                seen.add(value)
                chosen.append(value)
                if len(chosen) == num_sampled:
                    break
    return np.array(chosen, np.int64), tries


def _expected(probs, tries, num_sampled, unique):
    # TF's ExpectedCountHelper on the float32 probability: p * n when no draw was rejected,
    # else 1 - (1 - p)^tries as -expm1(tries * log1p(-p)), each step rounded to float32 as
    # TF's float overloads (log1pf, expm1f) give it; a step is taken in float64 and then
    # rounded, because numpy's float32 log1p is not correctly rounded (libm's log1pf is)
    probs = np.asarray(probs, np.float32)
    if unique and tries != num_sampled:
        with np.errstate(divide="ignore"):
            log_miss = np.log1p(-probs.astype(np.float64)).astype(np.float32)
            exponent = (np.float64(tries) * log_miss).astype(np.float32)
            return (-np.expm1(exponent.astype(np.float64))).astype(np.float32)
    return probs * np.float32(num_sampled)


# TF's candidate samplers reserve 2048 uint32 per sampled candidate from their Philox stream
_SAMPLER_BLOCKS_PER_CANDIDATE = 512


def _tf_stream_draws(ctx, seed, seed2, num_sampled, sample_of_words):
    """`draw(n)` giving the next n samples of a seeded sampler's TF stream (two uint32 per
    sample, read in order as TF's SimplePhilox does); None when the op is unseeded."""
    stream = random_ops.seeded_stream(ctx, seed, seed2,
                                       _SAMPLER_BLOCKS_PER_CANDIDATE * num_sampled)
    if stream is None:
        return None
    cursor = [0]

    def draw(n):
        blocks = -(-n // 2)
        words = _philox.blocks(*stream, cursor[0], blocks).reshape(-1, 2)[:n]
        cursor[0] += blocks
        return sample_of_words(words[:, 0].astype(np.uint64), words[:, 1].astype(np.uint64))
    return draw


def _run_sampler(ctx, true_classes, prob_fn, draw_fn, num_sampled, unique, range_max):
    if unique and num_sampled > range_max:
        raise errors.InvalidArgumentError(None, ctx.op, "Sampler's range is too small.")
    true = true_classes.detach().cpu().numpy()
    outside = true[(true < 0) | (true >= range_max)]
    if outside.size:
        raise errors.InvalidArgumentError(None, ctx.op, "`true_candidate` out of range [0, %d), "
                                          "received %d" % (range_max, outside[0]))
    sampled, tries = _draw(draw_fn, num_sampled, unique)
    true_exp = _expected(prob_fn(true), tries, num_sampled, unique)
    sampled_exp = _expected(prob_fn(sampled), tries, num_sampled, unique)
    dev = ctx.device
    return (torch.as_tensor(sampled, device=dev),
            torch.as_tensor(true_exp.astype(np.float32), device=dev),
            torch.as_tensor(sampled_exp.astype(np.float32), device=dev))


@register_op("LogUniformCandidateSampler", inputs=("true_classes: int64",),
             infer=_sampler_infer, attrs=_SAMPLER_ATTRS, stateful=True, differentiable=False)
def _lower_log_uniform_candidate_sampler(ctx, true_classes, *, num_true, num_sampled, unique,
                                         range_max, seed=0, seed2=0):
    log_range = math.log1p(range_max)
    gen = ctx.generator()

    def values_of(u):
        return (np.exp(u * log_range).astype(np.int64) - 1) % range_max

    def draw_torch(n):
        u = torch.rand(n, generator=gen, dtype=torch.float64, device=gen.device).cpu().numpy()
        return values_of(u)

    draw = _tf_stream_draws(ctx, seed, seed2, num_sampled,
                            lambda x0, x1: values_of(_philox.uint64_to_double(x0, x1)))

    def prob(ids):
        ids = ids.astype(np.float64)
        return np.log((ids + 2.0) / (ids + 1.0)) / log_range

    return _run_sampler(ctx, true_classes, prob, draw or draw_torch, num_sampled, unique,
                        range_max)


@register_op("UniformCandidateSampler", inputs=("true_classes: int64",),
             infer=_sampler_infer, attrs=_SAMPLER_ATTRS, stateful=True, differentiable=False)
def _lower_uniform_candidate_sampler(ctx, true_classes, *, num_true, num_sampled, unique,
                                     range_max, seed=0, seed2=0):
    gen = ctx.generator()

    def draw_torch(n):
        return torch.randint(0, range_max, (n,), generator=gen,
                             device=gen.device).cpu().numpy().astype(np.int64)

    # TF's Uniform64: (lo | hi << 32) % range_max
    draw = _tf_stream_draws(ctx, seed, seed2, num_sampled, lambda lo, hi: (
        (lo | (hi << np.uint64(32))) % np.uint64(range_max)).astype(np.int64))

    def prob(ids):
        return np.full(np.shape(ids), 1.0 / range_max)

    return _run_sampler(ctx, true_classes, prob, draw or draw_torch, num_sampled, unique,
                        range_max)


def _candidate_sampler(op_type, true_classes, num_true, num_sampled, unique, range_max, seed,
                       name):
    s1, s2 = random_ops.get_seed(seed)
    return apply_op(op_type, [true_classes], name=name or op_type, num_true=int(num_true),
                    num_sampled=int(num_sampled), unique=bool(unique), range_max=int(range_max),
                    seed=s1 or 0, seed2=s2 or 0)


def log_uniform_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max,
                                  seed=None, name=None):
    """TF1 `tf.nn.log_uniform_candidate_sampler` (Zipfian over [0, range_max))."""
    return _candidate_sampler("LogUniformCandidateSampler", true_classes, num_true, num_sampled,
                              unique, range_max, seed, name)


def uniform_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max,
                              seed=None, name=None):
    """TF1 `tf.nn.uniform_candidate_sampler`."""
    return _candidate_sampler("UniformCandidateSampler", true_classes, num_true, num_sampled,
                              unique, range_max, seed, name)


# -- nce_loss, sampled_softmax_loss ----------------------------------------------------------

def _sum_rows(x):
    # TF sums a matrix's rows as a MatMul with a column of ones (names: Shape, strided_slice,
    # stack, ones, MatMul, Reshape), which also rounds as TF does
    cols = array_ops.shape(x)[1]
    ones = array_ops.ones(array_ops.stack([cols, 1]), x.dtype)
    return array_ops.reshape(reduction_ops.matmul(x, ones), [-1])


def _compute_sampled_logits(weights, biases, labels, inputs, num_sampled, num_classes,
                            num_true=1, sampled_values=None, subtract_log_q=True,
                            remove_accidental_hits=False, partition_strategy="mod", name=None,
                            seed=None):
    """TF's helper: logits [batch, num_true + num_sampled] and their target probabilities."""
    partitioned = isinstance(weights, (list, tuple)) or hasattr(weights, "_get_variable_list")
    weights = list(weights) if partitioned else [weights]   # a PartitionedVariable: its shards
    with name_scope(name, "compute_sampled_logits"):
        labels = convert_to_tensor(labels)
        if labels.dtype != dtypes.int64:
            labels = math_ops.cast(labels, dtypes.int64)
        labels_flat = array_ops.reshape(labels, [-1])
        if sampled_values is None:
            sampled_values = log_uniform_candidate_sampler(labels, num_true, num_sampled, True,
                                                           num_classes, seed=seed)
        sampled, true_expected, sampled_expected = (array_ops.stop_gradient(s)
                                                    for s in sampled_values)
        sampled = math_ops.cast(sampled, dtypes.int64)
        all_ids = array_ops.concat([labels_flat, sampled], 0)
        all_w = nn_impl.embedding_lookup(weights, all_ids, partition_strategy=partition_strategy)
        n_true = array_ops.shape(labels_flat)[0]
        true_w = indexing_ops.slice(all_w, [0, 0], array_ops.stack([n_true, -1]))
        sampled_w = indexing_ops.slice(all_w, array_ops.stack([n_true, 0]), [-1, -1])
        sampled_logits = reduction_ops.matmul(inputs, sampled_w, transpose_b=True)
        all_b = nn_impl.embedding_lookup(biases, all_ids, partition_strategy=partition_strategy)
        true_b = indexing_ops.slice(all_b, [0], array_ops.shape(labels_flat))
        sampled_b = indexing_ops.slice(all_b, array_ops.shape(labels_flat), [-1])
        dim = array_ops.shape(true_w)[1:2]
        row_wise = math_ops.multiply(array_ops.expand_dims(inputs, 1), array_ops.reshape(
            true_w, array_ops.concat([[-1, num_true], dim], 0)))
        dots = array_ops.reshape(row_wise, array_ops.concat([[-1], dim], 0))
        true_logits = array_ops.reshape(_sum_rows(dots), [-1, num_true])
        true_logits += array_ops.reshape(true_b, [-1, num_true])
        sampled_logits += sampled_b
        if remove_accidental_hits:
            # TF builds a ComputeAccidentalHits op here, which draws an (unused) op seed: draw
            # it too, so the unseeded random ops built after get TF's seeds
            random_ops.get_seed(None)
            hits = math_ops.equal(array_ops.expand_dims(labels, 2),
                                  array_ops.reshape(sampled, [1, 1, -1]))
            hit = reduction_ops.reduce_any(hits, axis=1)
            sampled_logits += indexing_ops.where(
                hit, array_ops.fill(array_ops.shape(sampled_logits), np.float32(-3.4028235e38)),
                array_ops.zeros_like(sampled_logits))
        if subtract_log_q:
            true_logits -= math_ops.log(true_expected)
            sampled_logits -= math_ops.log(sampled_expected)
        out_logits = array_ops.concat([true_logits, sampled_logits], 1)
        out_labels = array_ops.concat([array_ops.ones_like(true_logits) / num_true,
                                       array_ops.zeros_like(sampled_logits)], 1)
        return out_logits, out_labels


def nce_loss(weights, biases, labels, inputs, num_sampled, num_classes, num_true=1,
             sampled_values=None, remove_accidental_hits=False, partition_strategy="mod",
             name="nce_loss"):
    """TF1 `tf.nn.nce_loss`: per-example noise-contrastive estimation loss."""
    logits, labels = _compute_sampled_logits(
        weights, biases, labels, inputs, num_sampled, num_classes, num_true=num_true,
        sampled_values=sampled_values, subtract_log_q=True,
        remove_accidental_hits=remove_accidental_hits, partition_strategy=partition_strategy,
        name=name)
    sampled_losses = sigmoid_cross_entropy_with_logits(labels=labels, logits=logits,
                                                       name="sampled_losses")
    return _sum_rows(sampled_losses)


def sampled_softmax_loss(weights, biases, labels, inputs, num_sampled, num_classes, num_true=1,
                         sampled_values=None, remove_accidental_hits=True,
                         partition_strategy="mod", name="sampled_softmax_loss", seed=None):
    """TF1 `tf.nn.sampled_softmax_loss`: per-example sampled softmax loss."""
    logits, labels = _compute_sampled_logits(
        weights, biases, labels, inputs, num_sampled, num_classes, num_true=num_true,
        sampled_values=sampled_values, subtract_log_q=True,
        remove_accidental_hits=remove_accidental_hits, partition_strategy=partition_strategy,
        name=name, seed=seed)
    labels = array_ops.stop_gradient(labels, name="labels_stop_gradient")
    return softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
