"""The process group behind `tfcompat.horovod` and `SyncReplicasOptimizer`: torch.distributed,
set up from the environment `torchrun` gives each worker (RANK, WORLD_SIZE, LOCAL_RANK,
LOCAL_WORLD_SIZE, MASTER_ADDR, MASTER_PORT), with gloo for CPU tensors and NCCL for CUDA ones.

Without that environment (a plain `python script.py`) there is one process: rank 0 of 1, and
every collective returns its input, as Horovod does when run without a launcher.

Collectives time out after `TFCOMPAT_COLLECTIVE_TIMEOUT` seconds (default 300): a worker that
dies or hangs makes the others fail with `tf.errors.InternalError` (Horovod's
HorovodInternalError) instead of waiting forever. Not UnavailableError: a MonitoredSession would
take that for a preemption and retry, but a torch.distributed job that lost a process cannot
continue; the launcher (torchrun --max-restarts) restarts the job, which resumes from the last
checkpoint.
"""
from __future__ import annotations

import atexit
import datetime
import os
import threading

import torch

from tfcompat import errors

_TIMEOUT_ENV = "TFCOMPAT_COLLECTIVE_TIMEOUT"


class _World:
    """What `init()` found: this process's place in the job."""

    def __init__(self):
        self.initialized = False
        self.owns_group = False      # we created the process group (so shutdown destroys it)
        self.rank, self.size = 0, 1
        self.local_rank, self.local_size = 0, 1
        self.cross_rank, self.cross_size = 0, 1
        self.lock = threading.Lock()  # one collective at a time: every rank issues them in order


_WORLD = _World()


def timeout_seconds() -> float:
    return float(os.environ.get(_TIMEOUT_ENV, "300"))


def init():
    """Joins the job described by the launcher's environment (idempotent)."""
    import torch.distributed as dist
    w = _WORLD
    if w.initialized:
        return
    env = os.environ
    size = int(env.get("WORLD_SIZE", "1"))
    if dist.is_available() and dist.is_initialized():
        w.rank, w.size = dist.get_rank(), dist.get_world_size()
    elif size > 1:
        if not dist.is_available():
            raise RuntimeError("tfcompat.horovod needs torch.distributed, which this PyTorch "
                               "build lacks")
        _check_rendezvous_env(env)
        backend = "gloo"
        if torch.cuda.is_available():
            backend = "cpu:gloo,cuda:nccl"
            local = int(env.get("LOCAL_RANK", "0"))
            if local < torch.cuda.device_count():
                torch.cuda.set_device(local)
        dist.init_process_group(backend, timeout=datetime.timedelta(seconds=timeout_seconds()))
        w.owns_group = True
        atexit.register(shutdown)
        w.rank, w.size = dist.get_rank(), dist.get_world_size()
    w.local_rank = int(env.get("LOCAL_RANK", w.rank if w.size > 1 else 0))
    w.local_size = int(env.get("LOCAL_WORLD_SIZE", w.size))
    w.cross_size = max(1, w.size // max(1, w.local_size))
    w.cross_rank = int(env.get("GROUP_RANK", w.rank // max(1, w.local_size)))
    w.initialized = True


def _check_rendezvous_env(env):
    missing = [k for k in ("MASTER_ADDR", "MASTER_PORT", "RANK") if k not in env]
    if missing:
        raise RuntimeError(
            "WORLD_SIZE=%s but %s not set: launch the workers with `torchrun "
            "--nproc_per_node=N script.py` (or set MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE "
            "yourself)" % (env.get("WORLD_SIZE"), ", ".join(missing)))


def shutdown():
    import torch.distributed as dist
    w = _WORLD
    if w.owns_group and dist.is_initialized():
        dist.destroy_process_group()
    _WORLD.__init__()


def world() -> _World:
    if not _WORLD.initialized:
        raise ValueError("Horovod has not been initialized; use hvd.init().")
    return _WORLD


def is_initialized() -> bool:
    return _WORLD.initialized


# -- collectives on torch tensors (called from op lowerings) -------------------------------

def _distributed() -> bool:
    return world().size > 1


def _run(what, fn):
    """Runs one collective, turning a dead or silent peer into tf.errors.InternalError."""
    w = world()
    try:
        with w.lock:
            return fn()
    except errors.OpError:
        raise
    except RuntimeError as e:
        raise errors.InternalError(
            None, None, "%s failed on rank %d of %d: %s. Another worker probably died or "
            "stopped responding (collective timeout %gs; set %s to change it); the job "
            "cannot continue. Restart it: a MonitoredTrainingSession resumes from the last "
            "checkpoint." % (what, w.rank, w.size, str(e).strip().splitlines()[0] if str(e)
                             else type(e).__name__, timeout_seconds(), _TIMEOUT_ENV)) from e


def _reduce_op(op: str):
    import torch.distributed as dist
    return {"sum": dist.ReduceOp.SUM, "average": dist.ReduceOp.SUM, "min": dist.ReduceOp.MIN,
            "max": dist.ReduceOp.MAX, "product": dist.ReduceOp.PRODUCT}[op]


def allreduce(tensors, op="average"):
    """The element-wise reduction over all ranks of each tensor in `tensors` (one fused
    collective per call; `average` divides the sum by the number of ranks)."""
    import torch.distributed as dist
    tensors = list(tensors)
    if not _distributed() or not tensors:
        return [t.clone() for t in tensors]
    flat = torch.cat([t.detach().reshape(-1) for t in tensors])
    _run("Horovod allreduce", lambda: dist.all_reduce(flat, op=_reduce_op(op)))
    if op == "average":
        flat = flat / world().size if flat.is_floating_point() or flat.is_complex() \
            else flat // world().size
    out, start = [], 0
    for t in tensors:
        out.append(flat[start:start + t.numel()].view(t.shape))
        start += t.numel()
    return out


def allgather(tensor):
    """Concatenation along dimension 0 of every rank's `tensor` (first dims may differ)."""
    import torch.distributed as dist
    if not _distributed():
        return tensor.clone()
    tensor = tensor.detach().contiguous()
    size = world().size
    first = torch.tensor([tensor.shape[0] if tensor.dim() else 1], dtype=torch.int64,
                         device=tensor.device)
    firsts = [torch.zeros_like(first) for _ in range(size)]
    _run("Horovod allgather", lambda: dist.all_gather(firsts, first))
    firsts = [int(f.item()) for f in firsts]
    longest = max(firsts)
    padded = tensor.reshape((-1,) + tuple(tensor.shape[1:])) if tensor.dim() else tensor[None]
    if padded.shape[0] < longest:
        pad = padded.new_zeros((longest - padded.shape[0],) + tuple(padded.shape[1:]))
        padded = torch.cat([padded, pad])
    parts = [torch.empty_like(padded) for _ in range(size)]
    _run("Horovod allgather", lambda: dist.all_gather(parts, padded))
    return torch.cat([p[:n] for p, n in zip(parts, firsts)])


def broadcast(tensor, root_rank):
    """`tensor` as rank `root_rank` has it."""
    import torch.distributed as dist
    if not _distributed():
        return tensor.clone()
    if not 0 <= root_rank < world().size:
        raise errors.InvalidArgumentError(
            None, None, "broadcast root_rank %d is not a rank of this job (size %d)"
            % (root_rank, world().size))
    out = tensor.detach().clone().contiguous()
    _run("Horovod broadcast", lambda: dist.broadcast(out, src=root_rank))
    return out


def barrier():
    import torch.distributed as dist
    if _distributed():
        _run("Horovod barrier", dist.barrier)
