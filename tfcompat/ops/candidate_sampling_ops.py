"""The candidate samplers beside the log-uniform and uniform ones of nn_loss_ops.py
(AllCandidateSampler, FixedUnigramCandidateSampler, LearnedUnigramCandidateSampler) and
ComputeAccidentalHits. A seeded sampler reads its run's window of TF's Philox stream one uint32
at a time as TF's SimplePhilox does (the fixed unigram sampler through TF's Walker alias table,
the learned one through its WeightedPicker), so it draws TF's candidates; an unseeded one draws
from the op's own generator. The expected counts follow TF's RangeSampler.
"""
from __future__ import annotations

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import _philox
from tfcompat.ops import _shape_fns as fns
from tfcompat.ops import random_ops
from tfcompat.ops.nn_loss_ops import _SAMPLER_ATTRS
from tfcompat.ops.nn_loss_ops import _SAMPLER_BLOCKS_PER_CANDIDATE
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
    """TF's FixedUnigramSampler, in float32 as TF keeps them: the reserved ids of this shard
    weigh 0; then the counts are numbered on from the number of weights kept so far (TF's
    quirk), and a shard keeps those numbered i with i % num_shards == shard."""
    counts = _read_vocab_weights(ctx, vocab_file) if vocab_file else list(unigrams)
    kept = [0.0 for i in range(num_reserved_ids) if i % num_shards == shard]
    first = len(kept)
    kept += [c for i, c in enumerate(counts, first) if i % num_shards == shard]
    weights = np.array(kept, np.float32)
    weights[first:] = np.power(weights[first:], np.float32(distortion))
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
    total = np.float32(0)
    for w in weights:               # TF sums its float32 total one weight at a time
        total = np.float32(total + w)
    probs = weights / total
    words = _tf_words(ctx, seed, seed2, num_sampled)
    draw = _alias_draw_fn(words, weights) if words else _draw_fn(ctx, probs.astype(np.float64))
    return _run_sampler(ctx, true_classes, _prob_fn(probs), draw, num_sampled, unique,
                        range_max)


def _tf_words(ctx, seed, seed2, num_sampled):
    """The next uint32 of this run's window of a seeded sampler's TF stream, one per call (TF
    reserves 2048 per sampled candidate); None when the op is unseeded."""
    stream = random_ops.seeded_stream(ctx, seed, seed2,
                                       _SAMPLER_BLOCKS_PER_CANDIDATE * num_sampled)
    return None if stream is None else _philox.Uint32Stream(*stream)


def _uniform32(words, n):
    """SimplePhilox::Uniform(n): ExactUniformInt, rejecting the words that would bias `% n`."""
    if n & (n - 1) == 0:
        return words() & (n - 1)
    rem = 0xFFFFFFFF % n + 1
    while True:
        word = words()
        if word >= rem:
            return word % n


def _alias_table(weights):
    """TF's DistributionSampler (Walker's alias method): (float32 probs, alternatives)."""
    n = len(weights)
    total = 0.0
    for w in weights:
        total += float(w)
    scaled = [float(np.float32(w * np.float32(n))) / total for w in weights]   # float * int
    alt = [-1] * n
    low = [i for i in range(n) if scaled[i] < 1.0]
    high = [i for i in range(n) if scaled[i] >= 1.0]
    while high and low:
        small, large = low.pop(), high.pop()
        alt[small] = large
        scaled[large] -= 1.0 - scaled[small]
        (low if scaled[large] < 1.0 else high).append(large)
    prob = np.array(scaled, np.float32)
    for i in high + low:            # rounding leftovers keep themselves
        prob[i], alt[i] = 1.0, i
    return prob, alt


def _alias_draw_fn(words, weights):
    prob, alt = _alias_table(weights)
    n = len(weights)

    def one():
        r = _philox.uint32_to_float(words())
        idx = _uniform32(words, n)
        return idx if r < prob[idx] else alt[idx]

    def draw(count):
        return np.array([one() for _ in range(count)], np.int64)
    return draw


def _picker_draw_fn(words, counts):
    """TF's WeightedPicker over integer weights: an unbiased uniform index into the total
    weight, then the id whose cumulative weight covers it."""
    cumulative = np.cumsum(counts.astype(np.int64))
    total = int(cumulative[-1])

    def draw(count):
        picks = [_uniform32(words, total) for _ in range(count)]
        return np.searchsorted(cumulative, picks, side="right").astype(np.int64)
    return draw


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
        probs = counts.astype(np.float32) / np.float32(counts.sum())
        words = _tf_words(ctx, seed, seed2, num_sampled)
        draw = (_picker_draw_fn(words, counts) if words
                else _draw_fn(ctx, probs.astype(np.float64)))
        result = _run_sampler(ctx, true_classes, _prob_fn(probs), draw, num_sampled, unique,
                              range_max)
        seen = true_classes.detach().cpu().numpy().reshape(-1)
        np.add.at(counts, seen[(seen >= 0) & (seen < range_max)], 1.0)
    return result


def learned_unigram_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max,
                                      seed=None, name=None):
    """TF1 `tf.nn.learned_unigram_candidate_sampler`: unigram counts of the true classes seen
    so far (in this session), starting from 1 each."""
    s1, s2 = random_ops.get_seed(seed)
    return apply_op("LearnedUnigramCandidateSampler", [true_classes],
                    name=name or "LearnedUnigramCandidateSampler", num_true=int(num_true),
                    num_sampled=int(num_sampled), unique=bool(unique),
                    range_max=int(range_max), seed=s1 or 0, seed2=s2 or 0)


# -- ComputeAccidentalHits ----------------------------------------------------------------------

def _hits_infer(op, true_classes, sampled, *, num_true, **unused):
    # TF's shape fn: true_classes a [batch, num_true] matrix, sampled_candidates a vector
    true_shape = fns.with_rank(op, op.inputs, true_classes.shape, 2)
    fns.with_value(op, op.inputs, true_shape[1].value, num_true)
    fns.with_rank(op, op.inputs, sampled.shape, 1)
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
    s1, s2 = random_ops.get_seed(seed)
    return apply_op("ComputeAccidentalHits", [true_classes, sampled_candidates],
                    name=name or "ComputeAccidentalHits", num_true=int(num_true),
                    seed=s1 or 0, seed2=s2 or 0)
