"""How many threads torch's CPU kernels use, picked per session as TF picks its pools.

`ConfigProto.intra_op_parallelism_threads` > 0 is used as given. 0 (the default) means, as in
TF, "as many as the machine has" — but counted the way a container sees it: the CPUs this process
may run on (`sched_getaffinity`), capped by a cgroup CPU quota (`cpu.max`, or the v1
`cpu.cfs_quota_us`); torch counts the host's cores instead. A count the program chose itself
(`torch.set_num_threads`, before or after `import tfcompat`, or `OMP_NUM_THREADS`) is left alone.

On a busy machine what matters is how torch's idle OpenMP threads wait. GNU OpenMP spins about
3 ms (GOMP_SPINCOUNT 300,000) before it sleeps, so between kernels a spinning thread keeps a core
from the other processes and from this program's own threads. Measured on 2 cores that other
work also loads, medians of interleaved runs: with a CPU-bound process on each core
(bench/bench_contended.py) a LeNet training step took 2.9 s on torch's 2 spinning threads,
0.53-0.56 s on one (this module's choice while threads spin), 0.25-0.48 s on 2 threads that
sleep at once (OMP_WAIT_POLICY=PASSIVE); TF1 0.17-0.19 s. Without those processes, 2 sleeping
threads against one: MLP step 11.5 ms against 25, LeNet 77 ms against 158 (in a busier hour
the MLP took 38 ms against 28: load from other login sessions is shared out per session first).
TF's Eigen pool sleeps soon. So `import tfcompat` before torch is loaded makes idle threads
sleep at once (tfcompat/_openmp.py), and where they do the default is every available CPU, as
TF's. Where the threads spin long (torch was imported first, or the program asked for
OMP_WAIT_POLICY=active) the default also leaves out the cores other processes keep busy when the
session is made (runnable threads, `busy_cpus`), never going below one thread. That choice is
made per session, not while it runs: a process that gets busy later is not seen.

A process forked after torch's OpenMP pool ran with several threads hangs in its first parallel
kernel (GNU OpenMP is not fork-safe; plain torch hangs the same way). TF1 programs fork: a
`multiprocessing` pool of data workers, a saver process. So a forked child runs torch's kernels
on one thread, as PyTorch's own DataLoader workers do (tests/differential/known_differences.txt).
"""
from __future__ import annotations

import math
import os
import time

import torch

from tfcompat import _openmp

_CGROUP_V2 = "/sys/fs/cgroup/cpu.max"
_CGROUP_V1 = ("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "/sys/fs/cgroup/cpu/cpu.cfs_period_us")


def _read(path):
    try:
        with open(path, encoding="ascii") as f:
            return f.read().split()
    except OSError:
        return None


def cgroup_cpu_limit() -> float | None:
    """The CPU quota of this process's cgroup in cores, None when there is none."""
    v2 = _read(_CGROUP_V2)
    if v2 and len(v2) == 2 and v2[0] != "max":
        return int(v2[0]) / int(v2[1])
    quota, period = _read(_CGROUP_V1[0]), _read(_CGROUP_V1[1])
    if quota and period and int(quota[0]) > 0:
        return int(quota[0]) / int(period[0])
    return None


def available_cpus() -> int:
    """CPUs this process may use: its affinity mask, capped by the cgroup quota."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    limit = cgroup_cpu_limit()
    if limit is not None:
        cpus = min(cpus, max(1, math.ceil(limit)))
    return max(1, cpus)


# torch is loaded (by this module's import) before this line runs: the environment now is the
# one its OpenMP runtime read, unless the program changed it in between
_SHORT_SPINS = _openmp.idle_spins(os.environ) <= _openmp.SHORT_SPINS

_SAMPLES, _SAMPLE_GAP, _REUSE_FOR = 5, 0.002, 2.0
_last: list = [0.0, 0.0]      # [when measured, busy CPUs then]


def busy_cpus() -> float:
    """How many CPUs other processes keep busy now: the median, over a few samples 2 ms apart,
    of the threads runnable on the machine (/proc/loadavg), less this one. Not the load
    *average*: it lags by a minute, so a program would count its own previous work as someone
    else's. Measured at most every 2 s (sessions are often made in quick succession)."""
    now = time.monotonic()
    if now - _last[0] < _REUSE_FOR:
        return _last[1]
    samples = []
    for i in range(_SAMPLES):
        fields = _read("/proc/loadavg")
        if not fields or len(fields) < 4 or "/" not in fields[3]:
            break
        samples.append(max(0, int(fields[3].split("/")[0]) - 1))
        if i + 1 < _SAMPLES:
            time.sleep(_SAMPLE_GAP)
    busy = float(sorted(samples)[len(samples) // 2]) if samples else 0.0
    _last[:] = [now, busy]
    return busy


def default_threads() -> int:
    """Threads for intra_op_parallelism_threads=0: the available CPUs; where idle threads spin
    long, those other processes leave free (at least one)."""
    cpus = available_cpus()
    if _SHORT_SPINS:
        return cpus
    return max(1, min(cpus, int(round(cpus - busy_cpus()))))


def _chosen_by_program() -> bool:
    """Whether torch's thread count at `import tfcompat` was the program's choice: set with
    `torch.set_num_threads` before the import (torch's own default is one thread per CPU of the
    affinity mask), or through the OpenMP/MKL environment variables."""
    if os.environ.get("OMP_NUM_THREADS") or os.environ.get("MKL_NUM_THREADS"):
        return True
    try:
        return torch.get_num_threads() != len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return torch.get_num_threads() != (os.cpu_count() or 1)


# thread counts torch had at import (unless the program chose it) or that a session set; any
# other count was set by the program itself, and a session without an explicit count keeps it
_OURS = set() if _chosen_by_program() else {torch.get_num_threads()}


def _one_thread_in_forked_child() -> None:
    torch.set_num_threads(1)
    _OURS.clear()   # the child's count is now its own: sessions made there keep it


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_one_thread_in_forked_child)


def apply(config) -> int:
    """Sets torch's intra-op thread count for a session with `config`; returns it."""
    wanted = getattr(config, "intra_op_parallelism_threads", 0) or 0
    current = torch.get_num_threads()
    if wanted <= 0 and current not in _OURS:
        return current
    threads = wanted if wanted > 0 else default_threads()
    if current != threads:
        torch.set_num_threads(threads)
        _OURS.add(threads)
    return threads
