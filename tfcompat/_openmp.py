"""How torch's idle CPU threads wait, set before torch is loaded (issue 16, "a busy CPU").

torch's CPU kernels run on GNU OpenMP threads (Linux wheels). Between parallel regions an idle
thread spins GOMP_SPINCOUNT times before it sleeps: 300,000 by default, about 3 ms. On a machine
that other processes keep busy, those spinning threads take cores from them and from this
program's own working thread (measured in client/threads.py); TF's Eigen pool sleeps soon.
OpenMP reads the setting once, when torch is loaded, so `import tfcompat` sets
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

WAIT_POLICY = "PASSIVE"   # the OMP_WAIT_POLICY tfcompat sets: an idle thread sleeps at once
SHORT_SPINS = 100_000     # at most ~1 ms (~100,000 spins a ms): the core is soon given back

# how GNU OpenMP reads GOMP_SPINCOUNT ("10000", "10k", "infinite") and what it spins without one
_UNITS = {"": 1, "k": 10 ** 3, "m": 10 ** 6, "g": 10 ** 9, "t": 10 ** 12}
_BY_POLICY = {"passive": 0, "active": 30_000_000_000}
_UNSET = 300_000


def set_wait_policy(environ, modules) -> bool:
    """Sets OMP_WAIT_POLICY in `environ` unless torch is in `modules` already or the program
    chose a wait policy; returns whether it did."""
    if "torch" in modules or {"OMP_WAIT_POLICY", "GOMP_SPINCOUNT"} & set(environ):
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


set_wait_policy(os.environ, sys.modules)
