"""Run-time queues (the state behind `FIFOQueue`, `RandomShuffleQueue`, `PaddingFIFOQueue`):
a list of elements guarded by a condition variable, held in the session's resources. Blocking
enqueues and dequeues wake up when the queue changes, when it is closed, or when the session
closes (then they are cancelled), so queue-runner threads always stop.
"""
from __future__ import annotations

import threading

import numpy as np
import torch

from tfcompat import errors
from tfcompat.ops import _philox

_POLL_SECONDS = 0.05


def as_host(value):
    if isinstance(value, torch.Tensor) and value.device.type != "cpu":
        return value.cpu()
    return value


def resource_name(state, op) -> str:
    """TF's per-session resource name: `_<n>_<node name>`."""
    with state.lock:
        n = state.resources.get("_resource_counter", 0)
        state.resources["_resource_counter"] = n + 1
    return "_%d_%s" % (n, op.name)


class QueueState:
    """One queue's elements (tuples of component values) in one session."""

    def __init__(self, name, label, capacity, shapes, min_after_dequeue=0, seed=None,
                 padding=False):
        self.name, self.label = name, label
        self.capacity = capacity if capacity is not None and capacity > 0 else None
        self.shapes = shapes
        self.min_after_dequeue = min_after_dequeue
        # a RandomShuffleQueue's draws: PhiloxRandom(seed, seed2), one uint32 per dequeue
        self.draws = _philox.Uint32Stream.of_seeds(*seed) if seed is not None else None
        self.padding = padding
        self.items: list = []
        self.cond = threading.Condition()
        self.closed = False
        self.cancelled = False

    # -- waiting ----------------------------------------------------------------------------
    def _wait(self, ctx, what):
        session = ctx.session
        if session is not None and getattr(session, "_closed", False):
            raise errors.op_error(errors.CancelledError, ctx.op, "%s operation was cancelled"
                                  % what)
        if session is not None and getattr(session, "step_timed_out", None) is not None \
                and session.step_timed_out():
            # TF's DirectSession cancels the step; the error names no op
            error = errors.DeadlineExceededError(None, None, "Timed out waiting for notification")
            error._tfcompat_step_error = True
            raise error
        self.cond.wait(_POLL_SECONDS)

    # -- operations -------------------------------------------------------------------------
    def check_shapes(self, ctx, components, many):
        for i, (value, shape) in enumerate(zip(components, self.shapes)):
            if shape is None or shape.ndims is None:
                continue
            got = tuple(value.shape)[1:] if many else tuple(value.shape)
            if not shape.is_compatible_with(got):
                expected = [d if d is not None else -1 for d in shape.as_list()]
                if many:   # TF's EnqueueMany names the whole batch: [2,2] vs [2,3]
                    expected, got = [value.shape[0]] + expected, tuple(value.shape)
                raise errors.op_error(
                    errors.InvalidArgumentError, ctx.op, "Shape mismatch in tuple component %d. "
                    "Expected [%s], got [%s]" % (i, ",".join(str(d) for d in expected),
                                                 ",".join(str(d) for d in got)))

    def enqueue(self, ctx, elements):
        with self.cond:
            if self.closed:
                raise errors.op_error(errors.CancelledError, ctx.op,
                                      "%s '%s' is closed." % (self.label, self.name))
            for element in elements:
                while self.capacity is not None and len(self.items) >= self.capacity:
                    # a pending enqueue outlives close() unless it cancels pending enqueues
                    if self.cancelled:
                        raise errors.op_error(errors.CancelledError, ctx.op,
                                              "Enqueue operation was cancelled")
                    self._wait(ctx, "Enqueue")
                self.items.append(element)
                self.cond.notify_all()

    def dequeue(self, ctx, n, up_to=False):
        """`n` elements (fewer, down to 1, with `up_to` on a closed queue)."""
        with self.cond:
            held = 0  # what TF's pending attempt would hold: it takes elements as they come
            while True:
                keep = 0 if self.closed else self.min_after_dequeue
                if len(self.items) - keep >= n:
                    return self._take(n)
                if self.closed:
                    if up_to and self.items:
                        return self._take(len(self.items))
                    raise errors.op_error(
                        errors.OutOfRangeError, ctx.op, "%s '%s' is closed and has insufficient "
                        "elements (requested %d, current size %d)"
                        % (self.label, self.name, n - held, len(self.items) - held))
                self._wait(ctx, "Dequeue")
                held = min(n - 1, max(0, len(self.items) - self.min_after_dequeue))

    def _take(self, n):
        if self.draws is None:
            out, self.items = self.items[:n], self.items[n:]
        else:
            out = []
            for _ in range(n):   # TF's DequeueLocked: take a random one, the last fills its place
                j = self.draws() % len(self.items)
                self.items[j], self.items[-1] = self.items[-1], self.items[j]
                out.append(self.items.pop())
        self.cond.notify_all()
        return out

    def close(self, cancel_pending_enqueues):
        with self.cond:
            self.closed = True
            if cancel_pending_enqueues:
                self.cancelled = True
            self.cond.notify_all()

    def size(self) -> int:
        with self.cond:
            return len(self.items)

    # -- batching -----------------------------------------------------------------------------
    def stack(self, ctx, elements):
        out = []
        for index, parts in enumerate(zip(*elements)):
            if self.padding:
                out.append(_pad_stack(parts))
            elif isinstance(parts[0], np.ndarray):
                out.append(np.stack(parts))
            else:
                try:
                    out.append(torch.stack(parts))
                except RuntimeError as e:
                    raise errors.op_error(
                        errors.InvalidArgumentError, ctx.op, "Shape mismatch in tuple component "
                        "%d: elements of different shapes cannot be batched." % index) from e
        return out


def _pad_stack(parts):
    rank = parts[0].ndim
    target = [max(p.shape[d] for p in parts) for d in range(rank)]
    if isinstance(parts[0], np.ndarray):
        out = np.empty([len(parts)] + target, dtype=object)
        out[...] = b""
    else:
        out = torch.zeros([len(parts)] + target, dtype=parts[0].dtype)
    for i, p in enumerate(parts):
        # a scalar string element is a 0-d object array: store its bytes, not the array
        out[(i,) + tuple(slice(0, s) for s in p.shape)] = p[()] if p.ndim == 0 else p
    return out


def split_many(components):
    """Elements (tuples) from components stacked along their first dimension."""
    n = len(components[0]) if components else 0
    for c in components[1:]:
        if len(c) != n:
            raise ValueError("components for enqueue_many have different first dimensions")
    out = []
    for i in range(n):
        element = []
        for c in components:
            v = c[i]
            if isinstance(c, np.ndarray) and not isinstance(v, np.ndarray):
                v = np.array(v, dtype=object)
            element.append(v)
        out.append(tuple(element))
    return out
