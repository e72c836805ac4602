"""`tf.train.sdca_shrink_l1` (`SdcaShrinkL1`): the L1 shrinkage step of TF's SDCA linear
learner, applied in place to the weight variables:
`w <- sign(w) * max(|w| - l1 / l2, 0)` (every weight is zero when `l2` is 0, as in TF)."""
from __future__ import annotations

import torch

from tfcompat.framework.graph import colocate_with
from tfcompat.framework.graph import get_default_graph
from tfcompat.framework.registry import register_op
from tfcompat.ops.state_ops import variable_value

__all__ = ["sdca_shrink_l1"]


def _no_outputs(op, *inputs, **attrs):
    return []


@register_op("SdcaShrinkL1", inputs=("weights: num_features * Ref(float)",), infer=_no_outputs,
             attrs={"num_features": 0, "l1": 0.0, "l2": 0.0},
             ref_inputs=tuple(range(256)),  # every input (up to 256 weight variables)
             stateful=True, mutates=True, differentiable=False)
def _lower_sdca_shrink_l1(ctx, *weights, num_features, l1, l2):
    shrinkage = torch.tensor(float("inf") if l2 == 0 else l1 / l2, dtype=torch.float64)
    for ref in weights:
        var = variable_value(ctx, ref)
        with torch.no_grad():
            shrunk = torch.clamp(var.abs().double() - shrinkage, min=0.0) * torch.sign(var)
            var.copy_(shrunk.to(var.dtype))


def sdca_shrink_l1(weights, l1, l2, name=None):
    """TF1 `tf.train.sdca_shrink_l1`: shrinks the float32 weight variables `weights` in place
    (the op, which has no outputs)."""
    refs = [w._ref() if callable(getattr(w, "_ref", None)) else w for w in weights]
    graph = get_default_graph()
    with colocate_with(refs[0].op if refs else None, ignore_existing=False):
        return graph._create_op("SdcaShrinkL1", refs, {"num_features": len(refs),
                                                       "l1": float(l1), "l2": float(l2)},
                                name or "SdcaShrinkL1")
