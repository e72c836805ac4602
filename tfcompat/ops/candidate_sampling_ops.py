"""The candidate samplers beside the log-uniform and uniform ones of nn_loss_ops.py
(AllCandidateSampler, FixedUnigramCandidateSampler, LearnedUnigramCandidateSampler) and
ComputeAccidentalHits. The samplers draw from the op's own generator (TF's Philox numbers are
not reproduced); the expected counts follow TF's RangeSampler, so they agree with TF exactly.
"""
from __future__ import annotations

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import random_ops
from tfcompat.ops.nn_loss_ops import _SAMPLER_ATTRS
from tfcompat.ops.nn_loss_ops import _run_sampler
from tfcompat.ops.nn_loss_ops import _sampler_infer

_FLT_MAX = np.float32(3.4028235e38)


# -- AllCandidateSampler ----------------------------------------------------------------------

@register_op("AllCandidateSampler", inputs=("true_classes: int64",), infer=_sampler_infer,
             attrs={"num_true": 1, "num_sampled": 1, "unique": True, "seed": 0, "seed2": 0},
             stateful=True, differentiable=False)
def _lower_all_candidate_sampler(ctx, true_classes, *, num_true, num_sampled, unique, seed=0,
                                 seed2=0):
    # every class of [0, num_sampled) once, each expected exactly once (TF's AllSampler)
    _check_true_classes(ctx, true_classes, num_sampled)
    dev = true_classes.device
    return (torch.arange(num_sampled, dtype=torch.int64, device=dev),
            torch.ones(tuple(true_classes.shape), dtype=torch.float32, device=dev),
            torch.ones(num_sampled, dtype=torch.float32, device=dev))


def _check_true_classes(ctx, true_classes, range_max):
    true = true_classes.detach().cpu().numpy()
    outside = true[(true < 0) | (true >= range_max)]
    if outside.size:
        raise errors.InvalidArgumentError(None, ctx.op, "`true_candidate` out of range [0, %d), "
                                          "received %d" % (range_max, outside[0]))


def all_candidate_sampler(true_classes, num_true, num_sampled, unique, seed=None, name=None):
    """TF1 `tf.nn.all_candidate_sampler`: the classes [0, num_sampled), for testing."""
    true_classes = convert_to_tensor(true_classes, dtype=dtypes.int64)
    s1, s2 = random_ops.get_seed(seed)
    return apply_op("AllCandidateSampler", [true_classes], name=name or "AllCandidateSampler",
                    num_true=int(num_true), num_sampled=int(num_sampled), unique=bool(unique),
                    seed=s1 or 0, seed2=s2 or 0)


# -- FixedUnigramCandidateSampler ---------------------------------------------------------------

def _read_vocab_weights(ctx, vocab_file):
    """The last comma-separated field of each non-empty line of `vocab_file`."""
    try:
        with open(vocab_file) as f:
            lines = [line.strip() for line in f if line.strip()]
    except OSError as e:
        raise errors.NotFoundError(None, ctx.op, "%s: %s" % (vocab_file, e.strerror)) from e
    return [float(line.split(",")[-1]) for line in lines]


def _unigram_weights(ctx, range_max, vocab_file, distortion, num_reserved_ids, num_shards,
                     shard, unigrams):
    """TF's FixedUnigramSampler: reserved ids weigh 0; a shard keeps the ids i with
    i % num_shards == shard, and samples index that kept list."""
    counts = _read_vocab_weights(ctx, vocab_file) if vocab_file else list(unigrams)
    all_weights = [0.0] * num_reserved_ids + [c ** distortion for c in counts]
    weights = np.array([w for i, w in enumerate(all_weights) if i % num_shards == shard],
                       np.float64)
    if len(weights) != range_max:
        raise errors.InvalidArgumentError(
            None, ctx.op, "FixedUnigramCandidateSampler: the unigram distribution has %d ids "
            "in this shard (num_reserved_ids + unigrams) but range_max is %d"
            % (len(weights), range_max))
    return weights


@register_op("FixedUnigramCandidateSampler", inputs=("true_classes: int64",),
             infer=_sampler_infer,
             attrs=dict(_SAMPLER_ATTRS, vocab_file="", distortion=1.0, num_reserved_ids=0,
                        num_shards=1, shard=0, unigrams=()),
             stateful=True, differentiable=False)
def _lower_fixed_unigram_candidate_sampler(ctx, true_classes, *, num_true, num_sampled, unique,
                                           range_max, vocab_file="", distortion=1.0,
                                           num_reserved_ids=0, num_shards=1, shard=0,
                                           unigrams=(), seed=0, seed2=0):
    weights = _unigram_weights(ctx, range_max, vocab_file, distortion, num_reserved_ids,
                               num_shards, shard, unigrams)
    probs = weights / weights.sum()
    return _run_sampler(ctx, true_classes, _prob_fn(probs), _draw_fn(ctx, probs), num_sampled,
                        unique, range_max)


def _prob_fn(probs):
    def prob(ids):
        ids = np.asarray(ids, np.int64)
        inside = (ids >= 0) & (ids < len(probs))
        return np.where(inside, probs[np.clip(ids, 0, len(probs) - 1)], 0.0)
    return prob


def _draw_fn(ctx, probs):
    gen = ctx.generator()
    weights = torch.as_tensor(probs, dtype=torch.float64)

    def draw(n):
        return torch.multinomial(weights, n, replacement=True,
                                 generator=gen if gen.device.type == "cpu" else None
                                 ).numpy().astype(np.int64)
    return draw


def fixed_unigram_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max,
                                    vocab_file="", distortion=1.0, num_reserved_ids=0,
                                    num_shards=1, shard=0, unigrams=(), seed=None, name=None):
    """TF1 `tf.nn.fixed_unigram_candidate_sampler`: samples by given (distorted) unigram
    counts, from `unigrams` or the last field of each line of `vocab_file`."""
    true_classes = convert_to_tensor(true_classes, dtype=dtypes.int64)
    s1, s2 = random_ops.get_seed(seed)
    return apply_op("FixedUnigramCandidateSampler", [true_classes],
                    name=name or "FixedUnigramCandidateSampler", num_true=int(num_true),
                    num_sampled=int(num_sampled), unique=bool(unique),
                    range_max=int(range_max), vocab_file=str(vocab_file),
                    distortion=float(distortion), num_reserved_ids=int(num_reserved_ids),
                    num_shards=int(num_shards), shard=int(shard),
                    unigrams=[float(u) for u in unigrams], seed=s1 or 0, seed2=s2 or 0)


# -- LearnedUnigramCandidateSampler -------------------------------------------------------------

@register_op("LearnedUnigramCandidateSampler", inputs=("true_classes: int64",),
             infer=_sampler_infer, attrs=_SAMPLER_ATTRS, stateful=True, differentiable=False)
def _lower_learned_unigram_candidate_sampler(ctx, true_classes, *, num_true, num_sampled,
                                             unique, range_max, seed=0, seed2=0):
    # TF's UnigramSampler: every class starts with weight 1 and gains 1 each time it is seen
    # as a true class, after the batch is sampled; the counts live with the session
    key = (ctx.op, "LearnedUnigramCandidateSampler")
    with ctx.state.lock:
        counts = ctx.state.resources.get(key)
        if counts is None:
            counts = ctx.state.resources[key] = np.ones(range_max, np.float64)
        probs = counts / counts.sum()
        result = _run_sampler(ctx, true_classes, _prob_fn(probs), _draw_fn(ctx, probs),
                              num_sampled, unique, range_max)
        seen = true_classes.detach().cpu().numpy().reshape(-1)
        np.add.at(counts, seen[(seen >= 0) & (seen < range_max)], 1.0)
    return result


def learned_unigram_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max,
                                      seed=None, name=None):
    """TF1 `tf.nn.learned_unigram_candidate_sampler`: unigram counts of the true classes seen
    so far (in this session), starting from 1 each."""
    true_classes = convert_to_tensor(true_classes, dtype=dtypes.int64)
    s1, s2 = random_ops.get_seed(seed)
    return apply_op("LearnedUnigramCandidateSampler", [true_classes],
                    name=name or "LearnedUnigramCandidateSampler", num_true=int(num_true),
                    num_sampled=int(num_sampled), unique=bool(unique),
                    range_max=int(range_max), seed=s1 or 0, seed2=s2 or 0)


# -- ComputeAccidentalHits ----------------------------------------------------------------------

def _hits_infer(op, true_classes, sampled, **unused):
    n = TensorShape([None])
    return [(dtypes.int32, n), (dtypes.int64, n), (dtypes.float32, n)]


@register_op("ComputeAccidentalHits", inputs=("true_classes: int64", "sampled_candidates: int64"),
             infer=_hits_infer, attrs={"num_true": 1, "seed": 0, "seed2": 0},
             differentiable=False)
def _lower_compute_accidental_hits(ctx, true_classes, sampled, *, num_true, seed=0, seed2=0):
    true = true_classes.detach().cpu().numpy()
    if true.ndim != 2 or true.shape[1] != num_true:
        raise errors.InvalidArgumentError(None, ctx.op, "true_classes must be a matrix with "
                                          "num_true=%d columns, got shape %s"
                                          % (num_true, list(true.shape)))
    # TF's kernel maps each sampled value to its last position only
    position = {value: j for j, value in enumerate(sampled.detach().cpu().numpy().tolist())}
    rows, ids = [], []
    for i, row in enumerate(true.tolist()):
        for value in row:
            if value in position:
                rows.append(i)
                ids.append(position[value])
    dev = true_classes.device
    return (torch.tensor(rows, dtype=torch.int32, device=dev),
            torch.tensor(ids, dtype=torch.int64, device=dev),
            torch.full((len(rows),), -float(_FLT_MAX), dtype=torch.float32, device=dev))


def compute_accidental_hits(true_classes, sampled_candidates, num_true, seed=None, name=None):
    """TF1 `tf.nn.compute_accidental_hits`: (row, sampled position, -FLT_MAX) for each true
    class of a row found among the sampled candidates (at its last position there)."""
    true_classes = convert_to_tensor(true_classes, dtype=dtypes.int64)
    sampled_candidates = convert_to_tensor(sampled_candidates, dtype=dtypes.int64)
    s1, s2 = random_ops.get_seed(seed)
    return apply_op("ComputeAccidentalHits", [true_classes, sampled_candidates],
                    name=name or "ComputeAccidentalHits", num_true=int(num_true),
                    seed=s1 or 0, seed2=s2 or 0)
