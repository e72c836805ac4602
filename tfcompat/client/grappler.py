"""The grappler rewrite that changes the numbers of ordinary TF sessions: constant folding's
`ReduceDivToReciprocalMul` (grappler/optimizers/constant_folding.cc).

TF strength-reduces a floating-point division by a constant, `RealDiv(x, c)` / `Div(x, c)`,
into `Mul(x, Reciprocal(c))` (`Xdivy(x, c)` into `MulNoNan(x, Reciprocal(c))`), and folds the
reciprocal, so `x / 40.0` is `x * (1 / 40.0)` in float32: off by an ulp from `x / 40.0` for
many x. Learning-rate schedules (`global_step / decay_steps`), means written as sums over
counts and normalisations all run through it, and a long training run amplifies the ulps.
The divisor is "really constant" when TF's folding made it a Const: a `Const`, or ops of
constants only (tfcompat's plan folds the same ones); a fed tensor or anything downstream of
a placeholder (`placeholder_with_default` included) is not. A division whose both sides are
constant is folded as a division, exactly. Only one-element divisors are rewritten here: with a
divisor of several elements TF 2.21's results follow no single rule (exact division for some
constants, a reciprocal computed by Eigen's vectorised approximation for others)."""
from __future__ import annotations

import torch

from tfcompat.framework import registry
from tfcompat.framework.graph_walk import fed_by

_DEFAULT_MIN_GRAPH_NODES = 4   # meta_optimizer.cc kDefaultMinGraphNodes


def enabled(config, graph) -> bool:
    """Whether TF's meta optimizer runs constant folding for a session with `config` on
    `graph`: not when `rewrite_options` turn it (or the whole optimizer) off, nor on a graph
    of fewer nodes than `min_graph_nodes` (4 by default, -1 no minimum; the whole graph's,
    unrelated ops included: `sess.run(x / 40.0)` with x fed divides exactly in a 3-op graph)."""
    rewrite = getattr(getattr(config, "graph_options", None), "rewrite_options", None)
    minimum = _DEFAULT_MIN_GRAPH_NODES
    if rewrite is not None:
        if rewrite.disable_meta_optimizer or rewrite.constant_folding == _OFF:
            return False
        minimum = rewrite.min_graph_nodes or minimum
    return len(graph.get_operations()) >= minimum


_OFF = 2   # RewriterConfig.OFF

# TF op type -> the op type grappler turns it into
_DIV_TO_MUL = {"RealDiv": "Mul", "Div": "Mul", "Xdivy": "MulNoNan"}
_PLACEHOLDERS = frozenset({"Placeholder", "PlaceholderV2", "PlaceholderWithDefault"})


def reciprocal_mul(op, args, consts):
    """(the op def `op` becomes, its inputs' order, the folded reciprocal of its divisor), or
    None where TF keeps `op` a division. `args` are `op`'s input expressions, `consts` the
    plan's folded values. The order is (0, 1): Mul(x, 1 / c); (1, 0) for Xdivy, which TF makes
    MulNoNan(1 / c, x), 0 where x is 0."""
    if op.type not in _DIV_TO_MUL or len(args) != 2:
        return None
    dtype = op._inputs[0].dtype.base_dtype
    if not (dtype.is_floating or dtype.is_complex):
        return None
    if args[0] in consts or args[1] not in consts:
        return None
    divisor = consts[args[1]]
    if not isinstance(divisor, torch.Tensor) or divisor.numel() != 1 \
            or fed_by(op._inputs[1], _PLACEHOLDERS):
        return None
    order = (1, 0) if op.type == "Xdivy" else (0, 1)
    return registry.get_op_def(_DIV_TO_MUL[op.type]), order, torch.ones_like(divisor) / divisor
