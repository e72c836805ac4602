"""TF's rejection samplers over the Philox stream (`_philox`), reproduced bit for bit: the
gamma, Poisson and binomial kernels (each output reads its own window of 256 blocks), the
parameterized truncated normal (one continuous stream, as TF's single-shard run) and the Simon
cipher of RandomIndexShuffle. Arithmetic is float64 (float32 where TF's kernel uses float)."""
from __future__ import annotations

import math

import numpy as np

from tfcompat.ops._philox import _RESERVED_PER_OUTPUT
from tfcompat.ops._philox import blocks
from tfcompat.ops._philox import blocks_at
from tfcompat.ops._philox import box_muller_double
from tfcompat.ops._philox import box_muller_float
from tfcompat.ops._philox import uint32_to_float
from tfcompat.ops._philox import uint64_to_double


# -- per-output rejection samplers (each output reads its own window of 256 blocks) -------------

class _Window:
    """The blocks of one output's window, read as TF's distributions read a PhiloxRandom:
    each call takes the next whole block."""

    def __init__(self, key, counter, first_blocks, start):
        self._key, self._counter, self._start = key, counter, start
        self._blocks, self._next = first_blocks, 0

    def block(self):
        if self._next == len(self._blocks):   # rare: a long run of rejections
            more = blocks(self._key, self._counter, self._start + self._next, 16)
            self._blocks = np.concatenate([self._blocks, more])
        words = self._blocks[self._next]
        self._next += 1
        return words

    def normals(self):
        d0, d1 = box_muller_double(*(np.uint32(w) for w in self.block()))
        return [float(d0), float(d1)]

    def uniforms(self):
        w = self.block()
        return [float(uint64_to_double(w[0], w[1])), float(uint64_to_double(w[2], w[3]))]


def _windows(key, counter, n_outputs, prefetch=8):
    starts = np.arange(n_outputs, dtype=np.uint64) * np.uint64(_RESERVED_PER_OUTPUT)
    first = blocks_at(key, counter, starts[:, None] + np.arange(prefetch, dtype=np.uint64))
    return [_Window(key, counter, first[i], int(starts[i])) for i in range(n_outputs)]


def gamma(key, counter, alphas, samples_per_alpha) -> np.ndarray:
    """Gamma(alpha, 1) samples, [samples_per_alpha, num_alphas] flattened (TF's stateless
    gamma kernel: Marsaglia-Tsang in float64, -log1p(-u) for alpha == 1, output i reading
    the window of blocks 256 * i). The first attempt of every output (accepted ~95% of the
    time) is computed for all outputs at once; the others retry one by one."""
    alphas = np.asarray(alphas, np.float64).reshape(-1)
    num_alphas = alphas.size
    n = samples_per_alpha * num_alphas
    out = np.zeros(n, np.float64)
    if not n:
        return out
    output_idx = np.arange(n)
    alpha = alphas[output_idx // samples_per_alpha]
    starts = output_idx.astype(np.uint64) * np.uint64(_RESERVED_PER_OUTPUT)
    w = blocks_at(key, counter, starts[:, None] + np.arange(2, dtype=np.uint64))
    result, done = _gamma_first_attempt(w, alpha)
    for i in np.nonzero(~done)[0]:
        window = _Window(key, counter, blocks(key, counter, int(starts[i]), 8), int(starts[i]))
        result[i] = _gamma_one(window, alpha[i])
    sample_idx = output_idx % samples_per_alpha
    out[sample_idx * num_alphas + output_idx // samples_per_alpha] = result
    return out


def _gamma_first_attempt(w, alpha):
    """`_gamma_one`'s first pass for every output: the normal pair of block 0 (its second
    value first), the uniform pair of block 1 (also from the end)."""
    with np.errstate(all="ignore"):
        result = np.zeros(len(alpha), np.float64)
        one = alpha == 1.0
        result[one] = -np.log1p(-uint64_to_double(w[one, 0, 2], w[one, 0, 3]))
        below = alpha < 1
        d = alpha + np.where(below, 2.0 / 3, -1.0 / 3)
        c = 1.0 / 3 / np.sqrt(d)
        x = box_muller_double(w[:, 0, 0], w[:, 0, 1], w[:, 0, 2], w[:, 0, 3])[1]
        v = 1 + c * x
        positive = v > 0
        v = v * v * v
        u = uint64_to_double(w[:, 1, 2], w[:, 1, 3])
        accept = positive & ((u < 1 - 0.0331 * (x * x) * (x * x))
                             | (np.log(u) < 0.5 * x * x + d * (1 - v + np.log(v))))
        value = d * v
        b = uint64_to_double(w[:, 1, 0], w[:, 1, 1])
        # libm's pow (as TF's std::pow); numpy's vectorized power can differ in the last bit
        for i in np.nonzero(below & accept)[0]:
            value[i] *= math.pow(b[i], 1 / alpha[i])
        take = accept & ~one
        result[take] = value[take]
        return result, one | take


def _gamma_one(window, alpha):
    uniform = []
    if alpha == 1.0:
        return -np.log1p(-window.uniforms()[-1])
    below_one = alpha < 1
    d = alpha + (2.0 / 3 if below_one else -1.0 / 3)
    c = 1.0 / 3 / np.sqrt(d)
    normal = []
    while True:
        if not normal:
            normal = window.normals()
        x = normal.pop()
        v = 1 + c * x
        if v <= 0:
            continue
        v = v * v * v
        if not uniform:
            uniform = window.uniforms()
        u = uniform.pop()
        if u < 1 - 0.0331 * (x * x) * (x * x) or np.log(u) < 0.5 * x * x + d * (1 - v + np.log(v)):
            res = d * v
            if below_one:
                if not uniform:
                    uniform = window.uniforms()
                res *= pow(uniform.pop(), 1 / alpha)
            return res


def poisson(key, counter, rates, samples_per_rate) -> np.ndarray:
    """Poisson(rate) samples laid out as `gamma` (TF's poisson kernel in float64: Knuth's
    product of uniforms below rate 10, Hormann's transformed rejection above)."""
    rates = np.asarray(rates, np.float64).reshape(-1)
    num_rates = rates.size
    out = np.zeros(samples_per_rate * num_rates, np.float64)
    windows = _windows(key, counter, samples_per_rate * num_rates, prefetch=4)
    for output_idx, window in enumerate(windows):
        rate_idx, sample_idx = divmod(output_idx, samples_per_rate)
        out[sample_idx * num_rates + rate_idx] = _poisson_one(window, rates[rate_idx])
    return out


def _poisson_one(window, rate):
    uniform = []

    def draw():
        if not uniform:
            uniform.extend(window.uniforms())
        return uniform.pop()

    if np.isnan(rate):   # TF's kernel never ends on a NaN rate; NaN is the honest sample
        return np.nan
    if rate < 10:   # rate <= 0 gives 0
        exp_neg_rate, prod, x = np.exp(-rate), 1.0, 0.0
        while True:
            prod *= draw()
            if prod <= exp_neg_rate:
                return x
            x += 1
    if np.isinf(rate):
        return np.inf
    log_rate = np.log(rate)
    b = 0.931 + 2.53 * np.sqrt(rate)
    a = -0.059 + 0.02483 * b
    inv_alpha = 1.1239 + 1.1328 / (b - 3.4)
    while True:
        u = draw() - 0.5
        v = draw()
        u_shifted = 0.5 - abs(u)
        k = np.floor((2 * a / u_shifted + b) * u + rate + 0.43)
        if k < 0:
            continue
        if u_shifted >= 0.07 and v <= 0.9277 - 3.6224 / (b - 2):
            return k
        if u_shifted < 0.013 and v > u_shifted:
            continue
        s = np.log(v * inv_alpha / (a / (u_shifted * u_shifted) + b))
        t = -rate + k * log_rate - math.lgamma(k + 1)
        if s <= t:
            return k


_STIRLING_TAIL = [0.0810614667953272, 0.0413406959554092, 0.0276779256849983,
                  0.02079067210376509, 0.0166446911898211, 0.0138761288230707,
                  0.0118967099458917, 0.0104112652619720, 0.00925546218271273,
                  0.00833056343336287]
# binomial inversion needs ~10 uniforms on average; TF reserves 42 blocks per output for it
_INVERSION_BLOCKS = 42


def binomial(key, counter, counts, probs, samples_per_batch) -> np.ndarray:
    """Binomial(count, prob) samples laid out as `gamma` (TF's binomial kernel: inversion
    when count * min(p, 1-p) < 10, Hormann's BTRS above; float64)."""
    counts = np.asarray(counts, np.float64).reshape(-1)
    probs = np.asarray(probs, np.float64).reshape(-1)
    num_batches = counts.size
    out = np.zeros(samples_per_batch * num_batches, np.float64)
    for output_idx in range(samples_per_batch * num_batches):
        batch_idx, sample_idx = divmod(output_idx, samples_per_batch)
        out[sample_idx * num_batches + batch_idx] = _binomial_one(
            key, counter, output_idx, counts[batch_idx], probs[batch_idx])
    return out


def _binomial_one(key, counter, output_idx, count, prob):
    if count <= 0.0 or prob <= 0.0:
        return 0.0
    if prob >= 1.0:
        return count
    if np.isnan(prob):
        return np.nan
    p = prob if prob <= 0.5 else 1.0 - prob
    if count * p >= 10:
        start = _RESERVED_PER_OUTPUT * output_idx
        k = _btrs(_Window(key, counter, blocks(key, counter, start, 4), start), count, p)
    else:
        start = _INVERSION_BLOCKS * output_idx
        k = _inversion(_Window(key, counter, blocks(key, counter, start, 4), start), count, p)
    return k if prob <= 0.5 else count - k


def _uniform_reader(window):
    uniform = []

    def draw():
        if not uniform:
            uniform.extend(window.uniforms())
        return uniform.pop()
    return draw


def _inversion(window, count, prob):
    draw = _uniform_reader(window)
    geom_sum, num_geom = 0.0, 0
    while True:
        geom_sum += np.ceil(np.log(draw()) / np.log1p(-prob))
        if geom_sum > count:
            return float(num_geom)
        num_geom += 1


def _stirling_tail(k):
    if k <= 9:
        return _STIRLING_TAIL[int(k)]
    kp1sq = (k + 1) * (k + 1)
    return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / kp1sq) / kp1sq) / (k + 1)


def _btrs(window, count, prob):
    draw = _uniform_reader(window)
    stddev = np.sqrt(count * prob * (1 - prob))
    b = 1.15 + 2.53 * stddev
    a = -0.0873 + 0.0248 * b + 0.01 * prob
    c = count * prob + 0.5
    v_r = 0.92 - 4.2 / b
    r = prob / (1 - prob)
    alpha = (2.83 + 5.1 / b) * stddev
    m = np.floor((count + 1) * prob)
    while True:
        u = draw()
        v = draw()
        u = u - 0.5
        us = 0.5 - abs(u)
        k = np.floor((2 * a / us + b) * u + c)
        if us >= 0.07 and v <= v_r:
            return k
        if k < 0 or k > count:
            continue
        v = np.log(v * alpha / (a / (us * us) + b))
        upperbound = ((m + 0.5) * np.log((m + 1) / (r * (count - m + 1)))
                      + (count + 1) * np.log((count - m + 1) / (count - k + 1))
                      + (k + 0.5) * np.log(r * (count - k + 1) / (k + 1))
                      + _stirling_tail(m) + _stirling_tail(count - m)
                      - _stirling_tail(k) - _stirling_tail(count - k))
        if v <= upperbound:
            return k


# -- RandomIndexShuffle: a Simon-cipher permutation of [0, max_index], by cycle walking --------

def _rotl(x, r, w):
    mask = (1 << w) - 1
    return ((x << r) | (x >> (w - r))) & mask


def _rotr(x, r, w):
    mask = (1 << w) - 1
    return ((x >> r) | (x << (w - r))) & mask


def _simon_f(x, w):
    return (_rotl(x, 1, w) & _rotl(x, 8, w)) ^ _rotl(x, 2, w)


def _simon_round_keys(key, rounds, w):
    mask = (1 << w) - 1
    c, z = 0xFFFFFFFC & mask, 0x7369F885192C0EF5 & mask
    keys = [k & mask for k in key]
    for i in range(3, rounds):
        keys.append(c ^ (z & 1) ^ keys[i - 3] ^ _rotr(keys[i - 1], 3, w)
                    ^ _rotr(keys[i - 1], 4, w))
        z >>= 1
    return keys


def index_shuffle(index, key, max_index, rounds=4):
    """TF's random::index_shuffle: the position of `index` in the permutation of
    [0, max_index] that the three uint32 `key` words select."""
    if max_index == 0:
        return 0
    block = int(math.ceil(math.log2(max_index)))
    block = max(block + block % 2, 16)
    w = min(block, 64) // 2
    mask = (1 << w) - 1
    keys = _simon_round_keys([int(k) & 0xFFFFFFFF for k in key], rounds, w)
    value = index
    while True:
        left, right = (value >> w) & mask, value & mask
        for i in range(0, len(keys), 2):
            left ^= _simon_f(right, w) ^ keys[i]
            right ^= _simon_f(left, w) ^ keys[i + 1]
        value = (left << w) | right
        if value <= max_index:
            return value


# -- parameterized truncated normal (TruncatedNormalFunctorV2, one shard) ------------------------

_PTN_MAX_ITERATIONS = 1000
_PTN_RANDN_INSIDE = 1.3


class _Stream:
    """One continuous Philox stream read a block at a time as float uniforms or normals of
    `kind` (float32: 4 per block, float64: 2 per block)."""

    def __init__(self, key, counter, kind):
        self._key, self._counter, self._kind, self._next = key, counter, kind, 0
        self._cache, self._cache_start = np.zeros((0, 4), np.uint32), 0

    def _block(self):
        offset = self._next - self._cache_start
        if offset >= len(self._cache):
            self._cache_start, offset = self._next, 0
            self._cache = blocks(self._key, self._counter, self._next, 64)
        self._next += 1
        return self._cache[offset]

    def uniform(self):
        w = self._block()
        if self._kind == "float64":
            return [uint64_to_double(w[0], w[1]), uint64_to_double(w[2], w[3])]
        return list(uint32_to_float(w))

    def normal(self):
        w = self._block()
        if self._kind == "float64":
            return list(box_muller_double(w[0], w[1], w[2], w[3]))
        f0, f1 = box_muller_float(w[0:1], w[1:2])
        g0, g1 = box_muller_float(w[2:3], w[3:4])
        return [f0[0], f1[0], g0[0], g1[0]]


def parameterized_truncated_normal(key, counter, params, samples_per_batch, kind):
    """Samples of N(mean, stddev) truncated to [minval, maxval], laid out as `gamma`;
    `params` is a (num_batches, 4) array of (mean, stddev, minval, maxval). Returns None
    where TF reports "Invalid parameters"."""
    t = np.float64 if kind == "float64" else np.float32
    params = np.asarray(params, t).reshape(-1, 4)
    num_batches = len(params)
    out = np.zeros(samples_per_batch * num_batches, t)
    stream = _Stream(key, counter, kind)
    for batch_idx, (mean, stddev, minval, maxval) in enumerate(params):
        if not (stddev > 0 and minval < maxval and (np.isfinite(minval) or np.isfinite(maxval))):
            return None
        if (np.isinf(minval) and minval < 0) or maxval < mean:
            minval, maxval, stddev = maxval, minval, -stddev
        samples = _ptn_batch(stream, t, mean, stddev, minval, maxval, samples_per_batch)
        out[batch_idx::num_batches] = samples
    return out


def _exp(t, x):
    return t(np.exp(np.float64(x)))


def _ptn_batch(stream, t, mean, stddev, minval, maxval, count):
    norm_min = t((minval - mean) / stddev)
    norm_max = t((maxval - mean) / stddev)
    sqrt_factor = t(np.sqrt(t(norm_min * norm_min) + t(4)))
    cutoff = t(t(2) * _exp(t, t(0.5) + t(norm_min * t(norm_min - sqrt_factor)) / t(4))
               / t(norm_min + sqrt_factor))
    diff = t(norm_max - norm_min)
    inside = t(_PTN_RANDN_INSIDE)
    out = []
    if (norm_min < -inside and norm_max >= 0) or (norm_max > inside and norm_min <= 0):
        while len(out) < count:
            for value in stream.normal():
                if norm_min <= value <= norm_max:
                    out.append(t(t(value) * stddev + mean))
                    if len(out) >= count:
                        break
        return out
    rejected = 0

    def reject():
        nonlocal rejected
        rejected += 1
        if rejected + 1 >= _PTN_MAX_ITERATIONS:
            raise RuntimeError("TruncatedNormal rejection sampler failed to accept a sample.")

    if diff < cutoff:
        plus_factor = t(0) if norm_min < 0 else t(norm_min * norm_min)
        while len(out) < count:
            z = [t(t(r) * diff + norm_min) for r in stream.uniform()]
            u = stream.uniform()
            for zi, ui in zip(z, u):
                if ui <= _exp(t, t(t(plus_factor - t(zi * zi)) / t(2))):
                    out.append(t(zi * stddev + mean))
                    rejected = 0
                    if len(out) >= count:
                        break
                else:
                    reject()
        return out
    alpha = t(t(norm_min + t(np.sqrt(t(norm_min * norm_min) + t(4)))) / t(2))
    while len(out) < count:
        rand = stream.uniform()
        for i in range(0, len(rand), 2):
            z = t(t(-t(np.log(np.float64(rand[i])))) / alpha + norm_min)
            x = t(alpha - z) if norm_min < alpha else t(norm_min - alpha)
            g = _exp(t, t(t(-x * x) / t(2)))
            if rand[i + 1] <= g and z < norm_max:
                out.append(t(z * stddev + mean))
                rejected = 0
                if len(out) >= count:
                    break
            else:
                reject()
    return out
