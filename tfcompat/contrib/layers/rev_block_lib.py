"""TF1 `tf.contrib.layers.recompute_grad` (contrib/layers/python/layers/rev_block_lib.py)."""
from __future__ import annotations

import functools
import inspect

import tfcompat as tf

__all__ = ["recompute_grad"]

_USE_DEFAULT = "__recompute_grad_use_default__"


def recompute_grad(fn, use_data_dep=_USE_DEFAULT, tupleize_grads=False):
    """`fn`, whose activations TF discards and recomputes for `tf.gradients`. `fn` may take an
    `is_recomputing` argument (False on the forward call).

    Differences from TensorFlow: as with `tf.recompute_grad`, tfcompat calls `fn` once (the
    forward call) and its autograd keeps the intermediates, so `fn` never sees
    `is_recomputing=True`; values and gradients are the same. `use_data_dep` and
    `tupleize_grads` order the recomputation in TF's graph and change no value."""
    has_is_recompute_kwarg = "is_recomputing" in inspect.getfullargspec(fn).args

    @functools.wraps(fn)
    def wrapped(*args):
        for arg in args:
            if not isinstance(arg, tf.Tensor):
                raise ValueError("All inputs to function must be Tensors")
        kwargs = {"is_recomputing": False} if has_is_recompute_kwarg else {}
        return tf.recompute_grad(lambda *a: fn(*a, **kwargs))(*args)

    return wrapped
