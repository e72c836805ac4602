"""Host memory for torch's CPU tensors: kept and reused, as a framework's allocator keeps it.

torch allocates CPU tensors with glibc's malloc. glibc serves a block above its mmap threshold
(128 KiB, rising with use to at most 32 MiB) with a fresh `mmap` and unmaps it when it is freed,
so every tensor over 32 MiB that a step makes arrives as untouched pages: the kernel that first
writes it takes a page fault and a zero-fill for each 4 KiB. A training step makes the same
large tensors every time (a [1120, 10000] float32 logits of a language model is 45 MB), and pays
for them every time. Measured on the reference machine (2-core EPYC, torch 2.13): `x * 0.5` of
such a tensor 13.4 ms with glibc's defaults, 5.6 ms when the block is reused; `torch.zeros` 12.0
against 3.1 ms; bench/bench_lstm.py's step 148 ms against 104 ms (the same model written by hand
in torch: 140 against 103 ms in one process). TF does not pay it either: its allocators (BFC,
and the oneDNN CPU allocator) keep what they got.

So the first session of a process raises glibc's mmap and trim thresholds to 1 GiB: blocks up to
1 GiB come from malloc's heap and go back to it when freed, and up to 1 GiB of freed heap is
kept for the next step instead of being returned to the system. The cost is that memory: a
process's resident size stays near its peak, as a TF process's does, and somewhat above it,
because torch asks for 64-byte-aligned blocks and glibc's heap settles after a few steps with a
few spare copies of the largest ones (bench_lstm.py: 660 MB resident from the 10th step on,
against a 573 MB peak and 445 MB between steps with glibc's defaults). It applies to the whole
process (torch code running beside the session gets the same reuse) and stays for its life.
`TFCOMPAT_CPU_ALLOCATOR=system` leaves malloc as it is. Nothing is done where the C library is
not glibc (musl, macOS, Windows keep their own policies).
"""
from __future__ import annotations

import ctypes
import os

ENV = "TFCOMPAT_CPU_ALLOCATOR"
_CHOICES = ("reuse", "system")
# mallopt parameters (malloc.h)
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
KEEP_BYTES = 1 << 30

_state = {"applied": None}   # None until the first session; then True (thresholds set) / False


def policy(environ=os.environ) -> str:
    """The host-memory policy asked for in the environment: "reuse" (default) or "system"."""
    value = environ.get(ENV, "").strip().lower() or "reuse"
    if value not in _CHOICES:
        raise ValueError("%s=%r is not a host-memory policy tfcompat knows: expected one of %s "
                         "(\"reuse\": keep freed tensors' memory for the next step, the "
                         "default; \"system\": leave glibc's malloc settings alone)"
                         % (ENV, environ.get(ENV), ", ".join(repr(c) for c in _CHOICES)))
    return value


def _glibc_mallopt():
    """glibc's `mallopt`, or None where the C library is another one."""
    try:
        if not os.confstr("CS_GNU_LIBC_VERSION").startswith("glibc"):
            return None
        mallopt = ctypes.CDLL(None).mallopt
    except (AttributeError, ValueError, OSError):
        return None
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return mallopt


def reuse_host_memory() -> bool:
    """Called as each session is made; the first call sets glibc's thresholds (unless the
    policy is "system"). Returns whether large host blocks are reused in this process."""
    if _state["applied"] is None:
        wanted = policy() == "reuse"
        mallopt = _glibc_mallopt() if wanted else None
        _state["applied"] = bool(mallopt and mallopt(_M_MMAP_THRESHOLD, KEEP_BYTES)
                                 and mallopt(_M_TRIM_THRESHOLD, KEEP_BYTES))
    return _state["applied"]
