"""`tf.IdentityReader` (`IdentityReaderV2`): a reader whose records are the queued work items
themselves, each read once as both key and value (TF's IdentityReader)."""
from __future__ import annotations

from tfcompat.framework.registry import register_op
from tfcompat.ops import reader_ops
from tfcompat.ops._queue_state import resource_name
from tfcompat.ops.queue_ops import queue_state

__all__ = ["IdentityReader"]


def _identity_source(work: bytes):
    yield work, work


class _IdentityReaderState(reader_ops.ReaderState):
    """A reader whose "file" is the work string itself (no file is opened)."""

    @staticmethod
    def _next_file(ctx, queue_handle):
        (element,) = queue_state(ctx, queue_handle).dequeue(ctx, 1)
        work = element[0]
        work = work.reshape(-1)[0] if hasattr(work, "reshape") else work
        return work if isinstance(work, bytes) else str(work).encode()


@register_op("IdentityReaderV2", infer=reader_ops._handle_infer,
             attrs={"container": "", "shared_name": ""}, stateful=True, host_only=True,
             differentiable=False)
def _lower_identity_reader_v2(ctx, *, container="", shared_name=""):
    key = shared_name or ctx.op.name
    resources = ctx.state.resources
    with ctx.state.lock:
        if ("reader", key) not in resources:
            resources[("reader", key)] = _IdentityReaderState(resource_name(ctx.state, ctx.op),
                                                              _identity_source)
    return key


class IdentityReader(reader_ops.ReaderBase):
    """TF1 `tf.IdentityReader`: `read` returns each queued string as (key, value)."""

    supports_serialize = True

    def __init__(self, name=None):
        super().__init__("IdentityReaderV2", name)
