"""Helpers for lowerings that torch.compile traces in compiled plans (client/jit.py), so that a
segment stays one graph: every `.item()` / `int(tensor)` or host check on a value is a graph
break (the graph is cut there, and the rest of the lowering is compiled again for each op that
uses it).

- `host_int`: an axis or a size from a scalar input. torch.compile folds `.tolist()` of a
  constant it traces (client/jit_codegen.py rebuilds small folded constants inside the traced
  code), where `int()` and `.item()` always break its graph.
- `traced_number`: a scalar constant input (a hyper-parameter) as a Python number, read when
  the plan was compiled (a Python number in the traced code is a constant there).
- `checked_in_graph`: a check of the data (an index or label out of range) that the compiled
  graph makes itself, with `torch._assert_async`. When it fails, the runner reruns the plan
  eagerly, where the lowering raises TF's own error (`DATA_CHECK` marks the failure).
- `checked_after_segment`: the same check for an op with an effect (a variable update), which
  a rerun would repeat: the compiled code computes the check's flag and the lowering turns its
  own effect into a no-op when the flag is set; the runner reads the flags when the compiled
  code returns and raises TF's error then (client/jit.py).
"""
from __future__ import annotations

import torch

# the message of a failed in-graph check: client/jit.py reruns the plan eagerly on it
DATA_CHECK = "tfcompat: a data check of a compiled plan failed"


def host_int(value) -> int:
    """`int(value)` for a one-element integer tensor (or a number), foldable by torch.compile."""
    if isinstance(value, torch.Tensor) and value.numel() == 1 and \
            not value.dtype.is_floating_point and not value.dtype.is_complex:
        number = value.tolist()
        while isinstance(number, list):
            number = number[0]
        return int(number)
    return int(value)


def host_ints(value) -> list:
    """`[int(v) for v in value.tolist()]` (a shape, the sizes of a split), foldable likewise."""
    return [int(v) for v in value.tolist()]


def traced_number(ctx, index):
    """While torch.compile traces: the value of input `index` when a scalar Const op makes it
    (client/jit.py reads them when it compiles the plan), else None."""
    return getattr(ctx, "numbers", {}).get(index)


def checked_in_graph(ctx, bad) -> bool:
    """True when the compiled code checks that no element of the bool tensor `bad` is set (the
    lowering then skips its own host check); False when the lowering must check on the host
    (eager plans; plans that cannot rerun an op safely: see client/jit.py; devices other than
    the CPU, where a failed device assert would poison the CUDA context)."""
    if not (torch.compiler.is_compiling() and getattr(ctx, "checks_in_graph", False)) or \
            bad.device.type != "cpu":
        return False
    torch._assert_async(torch.logical_not(bad.any()), DATA_CHECK)
    return True


def checked_after_segment(ctx, bad, report, *args):
    """While torch.compile traces an op with an effect: a scalar bool tensor, set when any
    element of `bad` is (the lowering then leaves its variable as it is), recorded with the
    module-level function `report(*args) -> (error class, message)` that the runner calls to
    raise after the compiled code returned; None where the lowering must check on the host
    (as `checked_in_graph`)."""
    pending = getattr(ctx, "deferred_checks", None)
    if not torch.compiler.is_compiling() or pending is None or bad.device.type != "cpu":
        return None
    flag = bad.any()
    pending.append((flag, report, args))
    return flag
