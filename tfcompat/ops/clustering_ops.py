"""TF's k-means kernels (tensorflow/core/kernels/clustering_ops.cc), used by
`tf.contrib.factorization.KMeans`:

- `NearestNeighbors(points, centers, k)`: the k nearest centers of each point by squared
  euclidean distance, computed as TF does (`2 * (|p|^2/2 + (|c|^2/2 - <p, c>))`), ties to the
  lower center index;
- `KmeansPlusPlusInitialization(points, num_to_sample, seed, num_retries_per_sample)`: k-means++
  seeding with TF's own RNG (a fresh `PhiloxRandom(seed)` read through `SimplePhilox` on every
  run), so a seed picks the same rows as in TF;
- `KMC2ChainInitialization(distances, seed)`: one Markov chain of k-MC2 with the same RNG.
"""
from __future__ import annotations

import collections
import math

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_shape import unknown_shape
from tfcompat.framework import dtypes
from tfcompat.ops import _philox

__all__ = ["nearest_neighbors", "kmeans_plus_plus_initialization", "kmc2_chain_initialization"]

NearestNeighbors = collections.namedtuple(
    "NearestNeighbors", ["nearest_center_indices", "nearest_center_distances"])


def _rng(seed):
    """SimplePhilox over PhiloxRandom(seed): (rand32, rand_float, uniform64)."""
    words = _philox.Uint32Stream(*_philox.op_key_counter(int(seed), 0))

    def rand_float():
        return float(_philox.uint32_to_float(words()))

    def uniform64(n):
        if n & (n - 1) == 0:
            return (words() | (words() << 32)) & (n - 1)
        rem = 0xFFFFFFFFFFFFFFFF % n + 1
        while True:
            rnd = words() | (words() << 32)
            if rnd >= rem:
                return rnd % n
    return rand_float, uniform64


def _scalar(ctx, value, name):
    if value.dim() != 0:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Input %s should be a scalar." % name)
    return int(value.item())


def _matrix(ctx, value, name):
    if value.dim() != 2:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Input %s should be a matrix." % name)


def _kpp_infer(op, points, num_to_sample, seed, num_retries, **attrs):
    return [(dtypes.float32, unknown_shape())]     # TF registers no shape function


@register_op("KmeansPlusPlusInitialization",
             inputs=("points: float", "num_to_sample: int64", "seed: int64",
                     "num_retries_per_sample: int64"),
             infer=_kpp_infer, differentiable=False)
def _lower_kmeans_plus_plus(ctx, points, num_to_sample, seed, num_retries):
    _matrix(ctx, points, "points")
    n_sample = _scalar(ctx, num_to_sample, "num_to_sample")
    seed = _scalar(ctx, seed, "seed")
    retries = _scalar(ctx, num_retries, "num_retries_per_sample")
    if retries < 0:
        retries = 2 + int(math.log(n_sample)) if n_sample > 0 else 2
    n = points.shape[0]
    for ok, msg in ((n > 0, "Expected points.rows() > 0."),
                    (n_sample > 0, "Expected num_to_sample > 0."),
                    (n_sample <= n, "Expected num_to_sample <= points.rows(). %d vs %d."
                     % (n_sample, n))):
        if not ok:
            raise errors.op_error(errors.InvalidArgumentError, ctx.op, msg)
    chosen = kmeans_plus_plus_indices(points.detach().cpu().numpy(), n_sample, seed, retries)
    return points[torch.as_tensor(chosen, device=points.device)]


def kmeans_plus_plus_indices(points, num_to_sample, seed, retries):
    """The row indices TF's kernel picks, in order (float32 arithmetic as Eigen does it)."""
    points = points.astype(np.float32)
    n = points.shape[0]
    half_norm = (np.float32(0.5) * (points * points).sum(axis=1, dtype=np.float32))
    rand_float, uniform64 = _rng(seed)
    min_dist = np.full(n, np.inf, np.float32)
    cumsum = np.zeros(n, np.float32)
    chosen, taken = [], set()

    def draw():
        if not taken:
            return uniform64(n)
        while True:
            total = cumsum[-1]
            if not total > 0:
                index = uniform64(n)
            else:
                v = np.float32(rand_float()) * total
                index = min(int(np.searchsorted(cumsum, v, side="right")), n - 1)
            if index not in taken:
                return index

    def distances_to(i):
        return (half_norm - points @ points[i]) + half_norm[i]

    for step in range(num_to_sample):
        if step > 0:
            cumsum = np.cumsum(min_dist, dtype=np.float32)
        best, best_pot, best_dist = 0, np.inf, min_dist
        for _ in range(1 + retries):
            index = draw()
            new_dist = np.minimum(min_dist, distances_to(index))
            potential = new_dist.sum(dtype=np.float32)
            if retries == 0 or potential < best_pot:
                best, best_pot, best_dist = index, potential, new_dist
        min_dist = best_dist
        index = min(best, n - 1)
        chosen.append(index)
        taken.add(index)
    return chosen


def _kmc2_infer(op, distances, seed, **attrs):
    return [(dtypes.int64, TensorShape([]))]


@register_op("KMC2ChainInitialization", inputs=("distances: float", "seed: int64"),
             infer=_kmc2_infer, differentiable=False)
def _lower_kmc2_chain(ctx, distances, seed):
    if distances.dim() != 1:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Input distances should be a vector.")
    seed = _scalar(ctx, seed, "seed")
    dist = distances.detach().cpu().numpy().astype(np.float32)
    if dist.shape[0] == 0:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Expected distances_tensor.size() > 0.")
    rand_float, _ = _rng(seed)
    selected, selected_dist = 0, dist[0]
    for i in range(1, dist.shape[0]):
        if dist[i] > np.float32(rand_float()) * selected_dist:
            selected, selected_dist = i, dist[i]
    return torch.tensor(selected, dtype=torch.int64, device=distances.device)


def _nn_infer(op, points, centers, k, **attrs):
    return [(dtypes.int64, unknown_shape()), (dtypes.float32, unknown_shape())]


@register_op("NearestNeighbors", inputs=("points: float", "centers: float", "k: int64"),
             infer=_nn_infer, differentiable=False)
def _lower_nearest_neighbors(ctx, points, centers, k):
    _matrix(ctx, points, "points")
    _matrix(ctx, centers, "centers")
    if k.dim() != 0:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op, "Input k should be a scalar.")
    if points.shape[0] == 0:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Expected points.rows() > 0.")
    if points.shape[1] != centers.shape[1]:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Expected point_dimensions == center_dimensions: %d vs %d."
                              % (points.shape[1], centers.shape[1]))
    k = int(k.item())
    if k < 0:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op, "Expected k >= 0.")
    k = min(k, centers.shape[0])
    partial = 0.5 * (centers * centers).sum(1)[None, :] - points @ centers.t()
    values, indices = torch.sort(partial, dim=1, stable=True)
    point_half = 0.5 * (points * points).sum(1, keepdim=True)
    return indices[:, :k].contiguous(), (2.0 * (point_half + values[:, :k])).contiguous()


def nearest_neighbors(points, centers, k, name=None):
    """gen_clustering_ops.nearest_neighbors: (nearest_center_indices, nearest_center_distances)."""
    return NearestNeighbors(*apply_op("NearestNeighbors", [points, centers, k],
                                      name=name or "NearestNeighbors"))


def kmeans_plus_plus_initialization(points, num_to_sample, seed, num_retries_per_sample,
                                    name=None):
    return apply_op("KmeansPlusPlusInitialization",
                    [points, num_to_sample, seed, num_retries_per_sample],
                    name=name or "KmeansPlusPlusInitialization")


def kmc2_chain_initialization(distances, seed, name=None):
    return apply_op("KMC2ChainInitialization", [distances, seed],
                    name=name or "KMC2ChainInitialization")
