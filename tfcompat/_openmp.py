"""How torch's idle CPU threads wait, set before torch is loaded (issue 16, "a busy CPU").

torch's CPU kernels run on GNU OpenMP threads (Linux wheels). Between parallel regions an idle
thread spins GOMP_SPINCOUNT times before it sleeps: 300,000 by default, about 3 ms. On a machine
that other processes keep busy, those spinning threads take cores from them and from this
program's own working thread (measured in client/threads.py); TF's Eigen pool sleeps soon.
OpenMP reads the setting once, when torch is loaded, so `import tfcompat` on a machine other
processes keep busy (`machine_busy`; on an idle one spinning threads are faster) sets
OMP_WAIT_POLICY=PASSIVE (no spinning; measured faster than spin counts of 1,000 and 10,000 on
a 2-core machine, with or without a CPU-bound process per core) before its own imports load
torch, unless torch is already loaded or the program chose a wait policy itself
(OMP_WAIT_POLICY or GOMP_SPINCOUNT, which it keeps). A program that imports torch before
tfcompat can set OMP_WAIT_POLICY=PASSIVE in its environment, or be run with `tfcompat run`,
which imports tfcompat first. The variable stays in the environment, so child
processes that load torch (or another OpenMP runtime) wait the same way.

This module imports nothing that loads torch.
"""
from __future__ import annotations

import os
import re
import sys
import time

WAIT_POLICY = "PASSIVE"   # the OMP_WAIT_POLICY tfcompat sets: an idle thread sleeps at once
SHORT_SPINS = 100_000     # at most ~1 ms (~100,000 spins a ms): the core is soon given back

# how GNU OpenMP reads GOMP_SPINCOUNT ("10000", "10k", "infinite") and what it spins without one
_UNITS = {"": 1, "k": 10 ** 3, "m": 10 ** 6, "g": 10 ** 9, "t": 10 ** 12}
_BY_POLICY = {"passive": 0, "active": 30_000_000_000}
_UNSET = 300_000


def machine_busy(read_loadavg=None, samples: int = 3, gap: float = 0.002) -> bool:
    """Whether other processes keep a CPU busy now: the median, over a few samples 2 ms apart,
    of the threads runnable on the machine (/proc/loadavg's fourth field), less this process's
    own (numpy's BLAS threads spin for a while after `import numpy`)."""
    counts = []
    for i in range(samples):
        fields = (read_loadavg or _read_loadavg)()
        if not fields or len(fields) < 4 or "/" not in fields[3]:
            return False
        own = 1 if read_loadavg else max(1, _own_running())
        counts.append(int(fields[3].split("/")[0]) - own)
        if i + 1 < samples:
            time.sleep(gap)
    return sorted(counts)[len(counts) // 2] >= 1


def _own_running() -> int:
    """This process's threads that are running or runnable (state R in /proc/self/task)."""
    running = 0
    try:
        for tid in os.listdir("/proc/self/task"):
            with open("/proc/self/task/%s/stat" % tid, encoding="ascii", errors="replace") as f:
                running += f.read().rpartition(")")[2].split()[0] == "R"
    except OSError:
        return 1
    return running


def _read_loadavg():
    try:
        with open("/proc/loadavg", encoding="ascii") as f:
            return f.read().split()
    except OSError:
        return None


def set_wait_policy(environ, modules, busy=None) -> bool:
    """Sets OMP_WAIT_POLICY in `environ` unless torch is in `modules` already, the program
    chose a wait policy, or the machine is idle (`busy`: measured when None); returns whether
    it did. On an idle machine spinning threads are faster (measured on 2 cores: an MLP step
    4.0-4.4 ms with torch's spinning threads, 6.7-7.5 ms with sleeping ones), so the default
    stays; a program started on a busy machine gets sleeping threads (and client/threads.py
    then uses every CPU, as TF does)."""
    if "torch" in modules or {"OMP_WAIT_POLICY", "GOMP_SPINCOUNT"} & set(environ):
        return False
    if not (machine_busy() if busy is None else busy):
        return False
    environ["OMP_WAIT_POLICY"] = WAIT_POLICY
    return True


def idle_spins(environ) -> int:
    """How many times an idle OpenMP thread spins before it sleeps, as GNU OpenMP reads
    `environ` when torch is loaded: GOMP_SPINCOUNT, else by OMP_WAIT_POLICY."""
    text = environ.get("GOMP_SPINCOUNT", "").strip().lower()
    if text[:8] in ("infinite", "infinity") and not text[8:].strip():
        return 2 ** 64 - 1
    count = re.fullmatch(r"(\d+)\s*([kmgt]?)\s*", text)
    if count:
        return int(count.group(1)) * _UNITS[count.group(2)]
    return _BY_POLICY.get(environ.get("OMP_WAIT_POLICY", "").strip().lower(), _UNSET)


TORCH_LOADED_FIRST = "torch" in sys.modules   # the decision came too late (see module docs)
set_wait_policy(os.environ, sys.modules)
