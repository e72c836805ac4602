"""Helpers of the update kernels (training_ops.py) that keep TF's rounding while making fewer
passes over a large variable's memory: `cache_blocks` and `one_pass_step`."""
from __future__ import annotations

import torch

# per tensor and thread: a block's ~6 tensors stay in a 2 MiB L2. With several threads each op
# on a block is a parallel region of its own, and small ones cost more than they save: there a
# thread's share is twice as large (measured on the MLP benchmark's Adam, two threads: blocks of
# 64K float32 1.33x slower than whole tensors, 256K-1M about even; one thread: 64K 10% faster)
_BLOCK_BYTES = 256 * 1024


def cache_blocks(*tensors):
    """`tensors` (same shape, CPU, contiguous) as aligned flat slices small enough that an update's
    chain of elementwise ops finds each slice still in the cache (the whole tensors where that
    does not apply). An update of a large variable is memory-bound: run op by op over whole
    tensors, each op streams them through memory again (measured: ApplyAdam on a 784x512
    float32 variable, 1.9 ms whole, 0.8 ms in blocks, one thread). Elementwise results do not
    depend on the split, so the rounding is the same."""
    first = tensors[0]
    if torch.compiler.is_compiling() or first.device.type != "cpu":
        return [tensors]    # (compiled: one fused kernel already makes one pass)
    threads = max(1, torch.get_num_threads())
    block = _BLOCK_BYTES // first.element_size() * threads * (1 if threads == 1 else 2)
    n = first.numel()
    if n <= 2 * block or not all(t.is_contiguous() and t.numel() == n for t in tensors):
        return [tensors]
    flat = [t.view(-1) for t in tensors]
    return [[t[i:i + block] for t in flat] for i in range(0, n, block)]


def one_pass_step(dtype, alpha) -> bool:
    """Whether `var.addcdiv_(m, d, value=-alpha)` rounds exactly as TF's var -= m * alpha / d
    (with alpha a Python number): in float32/float64 it computes var + (-alpha * m) / d, and
    negating is exact and no fused multiply-add can span the division; one pass instead of
    three. Not in float16/bfloat16, which torch computes in float32 and rounds once."""
    return isinstance(alpha, float) and dtype in (torch.float32, torch.float64)
