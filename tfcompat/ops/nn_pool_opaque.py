"""2-D max pooling as one opaque op (forward and gradient) for compiled plans on the CPU.

torch.compile's inductor lowers `max_pool2d_with_indices_backward` on the CPU to a scalar
scatter-add into a zeroed channels-first buffer: for tfcompat's NHWC pools (channels_last
memory) it then transposes that buffer back, and the pool gradient of the LeNet benchmark
(bench/bench_cnn.py) took 13 ms a step where ATen's channels_last kernel takes 4 ms. These custom
ops run ATen's own kernels (the values are eager's, bit for bit) and inductor calls them as
extern kernels; the elementwise ops around them (bias, ReLU and their gradients) still fuse.
nn_pool_ops.py uses them only while torch.compile traces a lowering whose input needs a
gradient (a forward-only pool is better left to inductor, which fuses it with what comes first),
and only where the compiler keeps the lowerings' memory layouts (see _opaque_pool_wanted there).
"""
from __future__ import annotations

import torch

_ATEN_POOL = torch.ops.aten.max_pool2d_with_indices
_ATEN_POOL_GRAD = torch.ops.aten.max_pool2d_with_indices_backward


@torch.library.custom_op("tfcompat::max_pool2d", mutates_args=())
def max_pool2d(x: torch.Tensor, kernel: list[int], stride: list[int],
               padding: list[int]) -> tuple[torch.Tensor, torch.Tensor]:
    """(y, indices): aten's max_pool2d_with_indices of a channels-first tensor."""
    return _ATEN_POOL(x, kernel, stride, padding)


@max_pool2d.register_fake
def _max_pool2d_fake(x, kernel, stride, padding):
    return _ATEN_POOL(x, kernel, stride, padding)    # aten's meta kernel: shapes and strides


@torch.library.custom_op("tfcompat::max_pool2d_grad", mutates_args=())
def max_pool2d_grad(grad: torch.Tensor, x: torch.Tensor, indices: torch.Tensor,
                    kernel: list[int], stride: list[int], padding: list[int]) -> torch.Tensor:
    """The input's gradient: each output's gradient added at its (first) maximum."""
    return _ATEN_POOL_GRAD(grad, x, kernel, stride, padding, [1, 1], False, indices)


@max_pool2d_grad.register_fake
def _max_pool2d_grad_fake(grad, x, indices, kernel, stride, padding):
    return _ATEN_POOL_GRAD(grad, x, kernel, stride, padding, [1, 1], False, indices)


def _save_pool(ctx, inputs, output):
    x, kernel, stride, padding = inputs
    ctx.save_for_backward(x, output[1])
    ctx.window = (kernel, stride, padding)


def _pool_backward(ctx, grad, _grad_indices):
    x, indices = ctx.saved_tensors
    return max_pool2d_grad(grad, x, indices, *ctx.window), None, None, None


def _save_grad(ctx, inputs, output):
    ctx.save_for_backward(inputs[2])


def _grad_backward(ctx, grad_grad):
    """The gradient's own gradient (second order): the incoming one read at each maximum."""
    (indices,) = ctx.saved_tensors
    flat = grad_grad.flatten(2).gather(2, indices.flatten(2))
    return flat.view(indices.shape), None, None, None, None, None


max_pool2d.register_autograd(_pool_backward, setup_context=_save_pool)
max_pool2d_grad.register_autograd(_grad_backward, setup_context=_save_grad)
