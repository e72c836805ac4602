"""Large host tensors are reused across steps (tfcompat/client/cpu_allocator.py): after a session
is made, a freed 64 MiB tensor's pages serve the next one instead of being faulted in afresh."""
import os
import resource
import subprocess
import sys

import pytest
import torch

from tfcompat.client import cpu_allocator

pytestmark = [
    pytest.mark.tfcompat_only,
    pytest.mark.skipif(not sys.platform.startswith("linux")
                       or not os.confstr("CS_GNU_LIBC_VERSION").startswith("glibc"),
                       reason="the host-memory policy applies to glibc's malloc"),
]

_PAGES = (64 << 20) // resource.getpagesize()


def steady_faults():
    """Page faults of a 64 MiB tensor made and freed as each step of a loop makes it, once the
    loop has run a while (the first few steps grow the heap: see cpu_allocator.py)."""
    for _ in range(16):
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        torch.empty(16 << 20).fill_(1.0)
        faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
    return faults


_PROBE = """
import tfcompat as tf
from tests.core.test_cpu_allocator import steady_faults
tf.Session(graph=tf.Graph()).close()
print(steady_faults())
"""


def _second_tensor_faults(policy):
    env = dict(os.environ, OMP_NUM_THREADS="1")
    env.pop(cpu_allocator.ENV, None)
    if policy is not None:
        env[cpu_allocator.ENV] = policy
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    out = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                         env=env, timeout=120, cwd=root)
    assert out.returncode == 0, out.stderr
    return int(out.stdout.split()[-1])


def test_freed_large_tensor_is_reused_by_the_next_step():
    assert _second_tensor_faults(None) < _PAGES // 10


def test_system_policy_leaves_malloc_alone():
    # glibc's default: a block over 32 MiB is a fresh mmap, every page faulted in again
    assert _second_tensor_faults("system") > _PAGES // 2


def test_policy_is_applied_by_session_in_this_process():
    import tfcompat as tf
    tf.Session(graph=tf.Graph()).close()
    if cpu_allocator.policy() == "reuse":
        assert cpu_allocator.reuse_host_memory()
        assert steady_faults() < _PAGES // 10


def test_unknown_policy_is_a_clear_error():
    with pytest.raises(ValueError, match="TFCOMPAT_CPU_ALLOCATOR='bogus' is not a host-memory "
                                         "policy tfcompat knows: expected one of 'reuse', "
                                         "'system'"):
        cpu_allocator.policy({cpu_allocator.ENV: "bogus"})
    assert cpu_allocator.policy({}) == "reuse"
    assert cpu_allocator.policy({cpu_allocator.ENV: " System "}) == "system"
