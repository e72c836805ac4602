"""TF's Philox-4x32-10 counter RNG and the sample transforms of its CPU kernels
(philox_random.h, random_distributions.h), in numpy, so that the stateless random ops give
TF's numbers bit for bit: the same key and counter give the same uint32 stream, and the same
bits become the same floats.

A stream is addressed by (key: 2 uint32, counter: 4 uint32, the 128-bit block index); block i
of a stream is the Philox output for counter + i. Floats built with log/sin/cos (Box-Muller)
are computed in float64 and rounded, which agrees with TF's libm to the last bit in nearly all
cases (glibc's logf/sincosf are not correctly rounded; a rare 1-ulp difference remains).
"""
from __future__ import annotations

import numpy as np

_M32 = np.uint64(0xFFFFFFFF)
_S32 = np.uint64(32)
_MUL_A, _MUL_B = np.uint64(0xD2511F53), np.uint64(0xCD9E8D57)
_KEY_A, _KEY_B = np.uint64(0x9E3779B9), np.uint64(0xBB67AE85)
# the key StatelessRandomGetKeyCounter (TF's GenerateKey) scrambles a seed with
_SEED_KEY = (0x3EC8F720, 0x02461E29)
# the variable-length samplers (truncated normal) give each output group a fresh window of
# this many uint32 per output, so groups do not depend on each other (kReservedSamplesPerOutput)
_RESERVED_PER_OUTPUT = 256


def blocks(key, counter, start, count) -> np.ndarray:
    """Philox blocks `start .. start+count-1` of the stream: a (count, 4) uint32 array."""
    return blocks_at(key, counter, np.arange(start, start + count, dtype=np.uint64))


# up to this many blocks, Python integers compute them faster than numpy's vector ops (about
# 130 numpy calls per call whatever the count; measured: one block 9 us against 92 us): the
# draws of per-element dataset functions (a random crop's offsets, a flip's coin) are one block
_FEW_BLOCKS = 16
_M128 = (1 << 128) - 1


def blocks_at(key, counter, index) -> np.ndarray:
    """The Philox blocks at the given block indices (any shape): index.shape + (4,) uint32."""
    index = np.asarray(index, dtype=np.uint64)
    if index.size <= _FEW_BLOCKS:
        return _few_blocks_at(key, counter, index)
    low = (np.uint64(counter[0]) | (np.uint64(counter[1]) << _S32)) + index
    carry = (low < index).astype(np.uint64)   # wrapped around 2**64
    high = (np.uint64(counter[2]) | (np.uint64(counter[3]) << _S32)) + carry
    c = [low & _M32, low >> _S32, high & _M32, high >> _S32]
    k0, k1 = np.uint64(key[0]), np.uint64(key[1])
    for _ in range(10):
        p0, p1 = _MUL_A * c[0], _MUL_B * c[2]
        c = [(p1 >> _S32) ^ c[1] ^ k0, p1 & _M32, (p0 >> _S32) ^ c[3] ^ k1, p0 & _M32]
        k0, k1 = (k0 + _KEY_A) & _M32, (k1 + _KEY_B) & _M32
    return np.stack(c, axis=-1).astype(np.uint32)


def _few_blocks_at(key, counter, index) -> np.ndarray:
    """`blocks_at` in Python integers, block by block (the same arithmetic, exact)."""
    base = int(counter[0]) | int(counter[1]) << 32 | int(counter[2]) << 64 | int(counter[3]) << 96
    out = []
    for i in index.reshape(-1).tolist():
        full = (base + i) & _M128   # the 128-bit counter plus the block index, wrapping
        c0, c1, c2, c3 = (full & 0xFFFFFFFF, full >> 32 & 0xFFFFFFFF, full >> 64 & 0xFFFFFFFF,
                          full >> 96)
        k0, k1 = int(key[0]), int(key[1])
        for _ in range(10):
            p0, p1 = 0xD2511F53 * c0, 0xCD9E8D57 * c2
            c0, c1, c2, c3 = (p1 >> 32) ^ c1 ^ k0, p1 & 0xFFFFFFFF, (p0 >> 32) ^ c3 ^ k1, \
                p0 & 0xFFFFFFFF
            k0, k1 = (k0 + 0x9E3779B9) & 0xFFFFFFFF, (k1 + 0xBB67AE85) & 0xFFFFFFFF
        out.append((c0, c1, c2, c3))
    return np.array(out, dtype=np.uint32).reshape(index.shape + (4,))


def stream(key, counter, n_uint32, start_block=0) -> np.ndarray:
    """The first `n_uint32` uint32 of the stream from block `start_block` (TF's
    SingleSampleAdapter reads a block's 4 words in order)."""
    n_blocks = -(-n_uint32 // 4)
    return blocks(key, counter, start_block, n_blocks).reshape(-1)[:n_uint32]


def key_counter_from_seed(seed0, seed1):
    """TF's GenerateKey: the key and counter a (seed0, seed1) pair selects. A seed is widened
    to uint64 as C++ converts int32/int64 (sign-extended)."""
    s0, s1 = (int(np.int64(s)) & 0xFFFFFFFFFFFFFFFF for s in (seed0, seed1))
    counter = (s0 & 0xFFFFFFFF, s0 >> 32, s1 & 0xFFFFFFFF, s1 >> 32)
    mix = blocks(_SEED_KEY, counter, 0, 1)[0]
    return (int(mix[0]), int(mix[1])), (0, 0, int(mix[2]), int(mix[3]))


def op_key_counter(seed, seed2, start_block=0):
    """The stream of a stateful random op with TF's (`seed`, `seed2`) attrs (GuardedPhiloxRandom:
    `PhiloxRandom(seed, seed2)` keys with `seed` and puts `seed2` in the counter's high half),
    `start_block` blocks on: how far the op's earlier runs in this session advanced it."""
    s0 = int(seed) & 0xFFFFFFFFFFFFFFFF     # an int64 attr widened as C++ does (two's complement)
    full = (((int(seed2) & 0xFFFFFFFFFFFFFFFF) << 64) + int(start_block)) % (1 << 128)
    counter = tuple((full >> shift) & 0xFFFFFFFF for shift in (0, 32, 64, 96))
    return (s0 & 0xFFFFFFFF, s0 >> 32), counter


class Uint32Stream:
    """The uint32 of the stream at (key, counter) one at a time, in order (TF's
    SingleSampleAdapter / SimplePhilox, as shuffle buffers, shuffle queues and crop sampling
    read it); made 1,024 at a time. `Uint32Stream.of_seeds(seed, seed2)` reads
    PhiloxRandom(seed, seed2)."""

    def __init__(self, key, counter):
        self.key, self.counter = key, counter
        self.block = 0
        self.words: list = []
        self.pos = 0

    @classmethod
    def of_seeds(cls, seed, seed2):
        return cls(*op_key_counter(seed, seed2))

    def __call__(self) -> int:
        if self.pos == len(self.words):
            self.words = blocks(self.key, self.counter, self.block, 256).reshape(-1).tolist()
            self.block += 256
            self.pos = 0
        self.pos += 1
        return self.words[self.pos - 1]


def shuffle_permutation(key, counter, size) -> np.ndarray:
    """The permutation TF's RandomShuffle applies to `size` rows: a forward Fisher-Yates in
    which step i swaps row i with row i + (one uint32 % (size - i)), size - 1 draws."""
    perm = np.arange(size, dtype=np.int64)
    if size <= 1:
        return perm
    spans = np.arange(size, 1, -1, dtype=np.uint64)
    offsets = (stream(key, counter, size - 1).astype(np.uint64) % spans).astype(np.int64)
    for i, j in enumerate((offsets + np.arange(size - 1)).tolist()):
        perm[i], perm[j] = perm[j], perm[i]
    return perm


def split_key(key64: int):
    return key64 & 0xFFFFFFFF, key64 >> 32


def split_counter(c0: int, c1: int):
    return c0 & 0xFFFFFFFF, c0 >> 32, c1 & 0xFFFFFFFF, c1 >> 32


# -- bits to numbers (random_distributions.h) ----------------------------------------------------

def uint32_to_float(bits) -> np.ndarray:
    """[0, 1) float32 from the low 23 bits (Uint32ToFloat)."""
    bits = np.asarray(bits, dtype=np.uint32)
    return ((bits & np.uint32(0x7FFFFF)) | np.uint32(0x3F800000)).view(np.float32) - np.float32(1)


def uint64_to_double(x0, x1) -> np.ndarray:
    """[0, 1) float64: 20 mantissa bits from x0, 32 from x1 (Uint64ToDouble)."""
    man = ((np.asarray(x0, np.uint64) & np.uint64(0xFFFFF)) << _S32) | np.asarray(x1, np.uint64)
    return (man | (np.uint64(1023) << np.uint64(52))).view(np.float64) - 1.0


def uint16_to_half(bits) -> np.ndarray:
    man = np.asarray(bits, np.uint32).astype(np.uint16) & np.uint16(0x3FF)
    return (man | np.uint16(15 << 10)).view(np.float16) - np.float16(1)


def uint16_to_bfloat16_as_float(bits) -> np.ndarray:
    """bfloat16 in [0, 1) from 7 mantissa bits, returned as exact float32 values."""
    man = np.asarray(bits, np.uint32) & np.uint32(0x7F)
    return ((man | np.uint32(127 << 7)) << np.uint32(16)).view(np.float32) - np.float32(1)


def box_muller_float(x0, x1):
    """Two float32 normals from two uint32 each (BoxMullerFloat)."""
    u1 = np.maximum(uint32_to_float(x0), np.float32(1e-7))
    v1 = (2.0 * np.pi * uint32_to_float(x1).astype(np.float64)).astype(np.float32)
    u2 = np.sqrt(np.float32(-2.0) * np.log(u1.astype(np.float64)).astype(np.float32))
    f0 = np.sin(v1.astype(np.float64)).astype(np.float32) * u2
    f1 = np.cos(v1.astype(np.float64)).astype(np.float32) * u2
    return f0, f1


def box_muller_double(x0, x1, x2, x3):
    u1 = np.maximum(uint64_to_double(x0, x1), 1e-7)
    v1 = 2 * np.pi * uint64_to_double(x2, x3)
    u2 = np.sqrt(-2.0 * np.log(u1))
    return np.sin(v1) * u2, np.cos(v1) * u2


# -- whole outputs (FillPhiloxRandom over a distribution) ----------------------------------------

def uniform(key, counter, size, kind) -> np.ndarray:
    """`size` uniform [0, 1) values: kind 'float32' | 'float64' | 'float16' | 'bfloat16' (the
    last as float32 values exactly representable in bfloat16)."""
    if kind == "float64":
        words = stream(key, counter, 4 * -(-size // 2)).reshape(-1, 2)
        return uint64_to_double(words[:, 0], words[:, 1])[:size]
    words = stream(key, counter, size)
    if kind == "float16":
        return uint16_to_half(words)
    if kind == "bfloat16":
        return uint16_to_bfloat16_as_float(words)
    return uint32_to_float(words)


def normal(key, counter, size, kind) -> np.ndarray:
    """`size` standard normals (float32 Box-Muller for the half types, then rounded)."""
    if kind == "float64":
        w = stream(key, counter, 4 * -(-size // 2)).reshape(-1, 4)
        d0, d1 = box_muller_double(w[:, 0], w[:, 1], w[:, 2], w[:, 3])
        return np.stack([d0, d1], axis=-1).reshape(-1)[:size]
    w = stream(key, counter, 4 * -(-size // 4)).reshape(-1, 2)
    f0, f1 = box_muller_float(w[:, 0], w[:, 1])
    return np.stack([f0, f1], axis=-1).reshape(-1)[:size]


def truncated_normal(key, counter, size, kind) -> np.ndarray:
    """`size` standard normals within (-2, 2): each group of outputs (4 floats, 2 doubles)
    rejection-samples from its own window of the stream (TruncatedNormalDistribution)."""
    group = 2 if kind == "float64" else 4
    skip = group * _RESERVED_PER_OUTPUT // 4        # blocks per group window
    n_groups = -(-size // group)
    dtype = np.float64 if kind == "float64" else np.float32
    if not n_groups:
        return np.zeros(0, dtype)
    out = np.empty((n_groups, group), dtype)
    starts = np.arange(n_groups, dtype=np.uint64) * np.uint64(skip)
    todo = np.arange(n_groups)
    # all groups at once from the first 2 blocks of their windows (enough for all but ~1e-3
    # of groups), then 8 for those, then the rare rest one by one
    for width in (2, 8):
        words = blocks_at(key, counter, starts[todo, None] + np.arange(width, dtype=np.uint64))
        candidates = _box_muller_rows(words.reshape(len(todo), -1), kind)
        accepted = np.abs(candidates) < 2.0
        enough = accepted.sum(axis=1) >= group
        order = np.argsort(~accepted[enough], axis=1, kind="stable")[:, :group]
        out[todo[enough]] = np.take_along_axis(candidates[enough], order, axis=1)
        todo = todo[~enough]
        if not len(todo):
            break
    for g in todo:
        out[g] = _truncated_group(key, counter, int(g) * skip, group, kind)
    return out.reshape(-1)[:size]


def _box_muller_rows(words, kind):
    """Normals from each row of uint32 words, in stream order."""
    if kind == "float64":
        w = words.reshape(len(words), -1, 4)
        pairs = box_muller_double(w[..., 0], w[..., 1], w[..., 2], w[..., 3])
    else:
        w = words.reshape(len(words), -1, 2)
        pairs = box_muller_float(w[..., 0], w[..., 1])
    return np.stack(pairs, axis=-1).reshape(len(words), -1)


def _truncated_group(key, counter, start_block, group, kind):
    found, block = [], start_block
    while True:
        words = blocks(key, counter, block, 8).reshape(-1)
        block += 8
        if kind == "float64":
            w = words.reshape(-1, 4)
            pairs = np.stack(box_muller_double(w[:, 0], w[:, 1], w[:, 2], w[:, 3]), -1)
        else:
            w = words.reshape(-1, 2)
            pairs = np.stack(box_muller_float(w[:, 0], w[:, 1]), -1)
        for value in pairs.reshape(-1):
            if abs(value) < 2.0:
                found.append(value)
                if len(found) == group:
                    return np.array(found)


def uniform_int(key, counter, size, low, high, np_dtype) -> np.ndarray:
    """lo + bits % (hi - lo): one uint32 per 32-bit value, two per 64-bit value."""
    wide = np.dtype(np_dtype).itemsize == 8
    span = np.uint64((int(high) - int(low)) & (0xFFFFFFFFFFFFFFFF if wide else 0xFFFFFFFF))
    bits = _int_bits(key, counter, size, wide)
    return (np.asarray(low).astype(np.uint64) + bits % span).astype(np_dtype)


def full_int(key, counter, size, np_dtype) -> np.ndarray:
    """Every value of the dtype equally likely (UniformFullIntDistribution): the raw bits."""
    wide = np.dtype(np_dtype).itemsize == 8
    bits = _int_bits(key, counter, size, wide)
    return (bits if wide else bits.astype(np.uint32)).view(np_dtype)


def _int_bits(key, counter, size, wide):
    if not wide:
        return stream(key, counter, size).astype(np.uint64)
    w = stream(key, counter, 4 * -(-size // 2)).reshape(-1, 2).astype(np.uint64)
    return (w[:, 0] | (w[:, 1] << _S32))[:size]


def categorical(key, counter, logits: np.ndarray, num_samples: int) -> np.ndarray:
    """Class indices drawn from each row of `logits` (TF's CPU MultinomialFunctor): a
    float64 CDF of exp(logit - max) over the finite logits, searched with a uniform double per
    sample; the rows read one continuous stream, two uint32 per sample."""
    batch, classes = logits.shape
    words = stream(key, counter, 2 * batch * num_samples).reshape(batch, num_samples, 2)
    out = np.zeros((batch, num_samples), dtype=np.int64)
    for b in range(batch):
        row = logits[b]
        finite = np.isfinite(row)
        top = row[finite].max() if finite.any() else np.finfo(row.dtype).min
        weights = np.where(finite, np.exp(row.astype(np.float64) - float(top)), 0.0)
        cdf = np.cumsum(weights)
        draws = uint64_to_double(words[b, :, 0], words[b, :, 1]) * (cdf[-1] if classes else 0)
        out[b] = np.searchsorted(cdf, draws, side="right")
    return out
