"""2-D max pooling in compiled plans (tfcompat/ops/nn_pool_opaque.py): while torch.compile traces
a pool whose input needs a gradient (on the CPU, in a plan whose compiler keeps the lowerings'
layouts), the MaxPool lowering calls one opaque op for the pool and one for its gradient, running
ATen's kernels, so compiled plans give eager's values exactly."""
import types

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import tfcompat as tf
from tfcompat.ops import nn_pool_opaque
from tfcompat.ops import nn_pool_ops

pytestmark = pytest.mark.tfcompat_only


def _channels_last(*shape):
    x = torch.randn(*shape, dtype=torch.float64)
    x[0, 0, 0, :2] = 0.5          # a tie: the first maximum alone gets the gradient
    return x.contiguous(memory_format=torch.channels_last)


def test_opaque_ops_are_atens_pool_and_its_gradients():
    x = _channels_last(2, 3, 6, 5).requires_grad_()
    xr = x.detach().clone().requires_grad_()
    y, idx = nn_pool_opaque.max_pool2d(x, [2, 2], [2, 2], [0, 0])
    yr, idxr = F.max_pool2d(xr, 2, 2, return_indices=True)
    assert torch.equal(y, yr) and torch.equal(idx, idxr)
    assert y.is_contiguous(memory_format=torch.channels_last)
    g = torch.randn_like(y)
    (gx,) = torch.autograd.grad(y, x, g, create_graph=True)
    (gxr,) = torch.autograd.grad(yr, xr, g, create_graph=True)
    assert torch.equal(gx, gxr)
    # second order: the gradient's gradient with respect to the incoming gradient
    gg = torch.randn_like(gx)
    g1 = g.clone().requires_grad_()
    (gx1,) = torch.autograd.grad(y, x, g1, create_graph=True)
    g2 = g.clone().requires_grad_()
    (gx2,) = torch.autograd.grad(yr, xr, g2, create_graph=True)
    assert torch.equal(torch.autograd.grad(gx1, g1, gg)[0], torch.autograd.grad(gx2, g2, gg)[0])


def test_opaque_ops_pass_torch_library_checks():
    x = _channels_last(2, 3, 6, 6).requires_grad_()
    torch.library.opcheck(nn_pool_opaque.max_pool2d, (x, [3, 3], [2, 2], [1, 1]))
    y, idx = nn_pool_opaque.max_pool2d(x, [3, 3], [2, 2], [1, 1])
    torch.library.opcheck(nn_pool_opaque.max_pool2d_grad,
                          (torch.randn_like(y), x.detach(), idx, [3, 3], [2, 2], [1, 1]))


def _pool_graph(padding, data_format):
    shape = [3, 7, 7, 4] if data_format == "NHWC" else [3, 4, 7, 7]
    x = tf.placeholder(tf.float32, shape)
    k = [1, 3, 3, 1] if data_format == "NHWC" else [1, 1, 3, 3]
    s = [1, 2, 2, 1] if data_format == "NHWC" else [1, 1, 2, 2]
    y = tf.nn.max_pool(tf.nn.relu(x), k, s, padding, data_format=data_format)
    loss = tf.reduce_sum(tf.square(y))
    (gx,) = tf.gradients(loss, [x])
    # NOTE: no second-order gradient here: compiled plans give zeros for those (any op).
    return x, [y, gx]


@pytest.mark.parametrize("padding,data_format", [("SAME", "NHWC"), ("VALID", "NCHW")])
def test_compiled_plan_gives_eager_values(monkeypatch, padding, data_format):
    # torch.compile's tracing without code generation (fast); opcheck above covers the fake
    # kernels AOT autograd and inductor trace with
    monkeypatch.setenv("TFCOMPAT_JIT_BACKEND", "eager")
    monkeypatch.setenv("TFCOMPAT_JIT_CHOICE", "compiled")
    torch._dynamo.reset()
    value = np.random.RandomState(0).randn(*([3, 7, 7, 4] if data_format == "NHWC"
                                              else [3, 4, 7, 7])).astype(np.float32)
    value[0, 0, 0, 0] = value[0, 0, 1, 0] = 2.0       # tied maxima
    # as in a plan whose compiler keeps the lowerings' layouts (client/jit.py's keeps_layouts)
    wanted, keeps = nn_pool_ops._opaque_pool_wanted, types.SimpleNamespace(keeps_layouts=True)
    monkeypatch.setattr(nn_pool_ops, "_opaque_pool_wanted", lambda ctx, xc: wanted(keeps, xc))
    results, opaque_calls = [], []
    real = nn_pool_opaque.max_pool2d
    monkeypatch.setattr(nn_pool_opaque, "max_pool2d",
                        lambda *a: opaque_calls.append(1) or real(*a))
    for jit in (False, True):
        config = tf.ConfigProto()
        if jit:
            config.graph_options.optimizer_options.global_jit_level = tf.OptimizerOptions.ON_1
        with tf.Graph().as_default():
            x, fetches = _pool_graph(padding, data_format)
            with tf.Session(config=config) as sess:
                results.append(sess.run(fetches, {x: value}))
        assert bool(opaque_calls) == jit    # traced lowerings only
    torch._dynamo.reset()
    for eager, compiled in zip(*results):
        np.testing.assert_array_equal(compiled, eager)

