"""Torch's CPU thread count per session: ConfigProto.intra_op_parallelism_threads as given; 0
means the CPUs this process may use (affinity, cgroup quota), less those other processes keep
busy where torch's idle OpenMP threads spin long. How they wait is set before torch loads."""
import os
import subprocess
import sys

import pytest
import torch

from tfcompat import _openmp
from tfcompat.client import threads

pytestmark = pytest.mark.tfcompat_only


@pytest.fixture
def machine(monkeypatch):
    before = torch.get_num_threads()
    state = {"affinity": set(range(8)), "load": 0.0, "cgroup": None}
    monkeypatch.setattr(threads, "_OURS", {before})
    monkeypatch.setattr(threads.os, "sched_getaffinity", lambda pid: state["affinity"])
    monkeypatch.setattr(threads, "busy_cpus", lambda: state["load"])
    monkeypatch.setattr(threads, "cgroup_cpu_limit", lambda: state["cgroup"])
    monkeypatch.setattr(threads, "_SHORT_SPINS", False)   # torch loaded with OpenMP's long spin
    yield state
    torch.set_num_threads(before)


def test_explicit_count_wins(tf, machine):
    machine["load"] = 20.0
    with tf.Session(config=tf.ConfigProto(intra_op_parallelism_threads=3)):
        assert torch.get_num_threads() == 3


def test_default_uses_the_free_available_cpus(tf, machine):
    with tf.Session():
        assert torch.get_num_threads() == 8
    machine["affinity"] = {0, 1, 2, 3}                # taskset / a CPU set
    with tf.Session():
        assert torch.get_num_threads() == 4
    machine["cgroup"] = 1.5                            # a container quota of 1.5 CPUs
    with tf.Session():
        assert torch.get_num_threads() == 2
    machine["cgroup"], machine["load"] = None, 2.6     # other processes keep ~3 cores busy
    with tf.Session():
        assert torch.get_num_threads() == 1
    machine["load"] = 9.0                              # a saturated machine: one thread
    with tf.Session():
        assert torch.get_num_threads() == 1


def test_with_short_spins_the_default_is_every_available_cpu(tf, machine, monkeypatch):
    monkeypatch.setattr(threads, "_SHORT_SPINS", True)   # idle threads sleep soon, as TF's
    machine["load"] = 9.0
    with tf.Session():
        assert torch.get_num_threads() == 8
    machine["cgroup"] = 1.5
    with tf.Session():
        assert torch.get_num_threads() == 2


def test_short_spins_are_set_only_before_torch_loads_and_never_over_the_programs():
    env = {"PATH": "/bin"}
    assert _openmp.set_wait_policy(env, {}, busy=True) and env["OMP_WAIT_POLICY"] == "PASSIVE"
    env = {"PATH": "/bin"}   # an idle machine: torch's spinning threads are faster
    assert not _openmp.set_wait_policy(env, {}, busy=False) and env == {"PATH": "/bin"}
    for chosen in ({"OMP_WAIT_POLICY": "active"}, {"GOMP_SPINCOUNT": "300000"},
                   {"OMP_WAIT_POLICY": "PASSIVE", "GOMP_SPINCOUNT": "5"}):
        env = dict(chosen)
        assert not _openmp.set_wait_policy(env, {}, busy=True) and env == chosen
    env = {}
    assert not _openmp.set_wait_policy(env, {"torch": torch}, busy=True) and env == {}


def test_machine_busy_is_the_median_of_runnable_threads_but_this_one():
    def reads(*runnable):
        lines = iter(runnable)
        return lambda: ["0.5", "0.4", "0.3", "%d/300" % next(lines), "99"]
    assert not _openmp.machine_busy(reads(1, 1, 1), gap=0)
    assert not _openmp.machine_busy(reads(1, 4, 1), gap=0)   # one spike is not load
    assert _openmp.machine_busy(reads(2, 3, 2), gap=0)
    assert not _openmp.machine_busy(lambda: None, gap=0)       # no /proc: leave torch's default


@pytest.mark.parametrize("env, spins", [
    ({}, 300_000),                                       # GNU OpenMP's default, ~3 ms
    ({"OMP_WAIT_POLICY": " Passive "}, 0),
    ({"OMP_WAIT_POLICY": "ACTIVE"}, 30_000_000_000),
    ({"OMP_WAIT_POLICY": "sometimes"}, 300_000),         # invalid: GNU OpenMP ignores it
    ({"GOMP_SPINCOUNT": "10000"}, 10_000),
    ({"GOMP_SPINCOUNT": "10k", "OMP_WAIT_POLICY": "active"}, 10_000),   # the count wins
    ({"GOMP_SPINCOUNT": " 2 M"}, 2_000_000),
    ({"GOMP_SPINCOUNT": "infinite"}, 2 ** 64 - 1),
    ({"GOMP_SPINCOUNT": "lots", "OMP_WAIT_POLICY": "passive"}, 0),   # invalid count: policy
])
def test_idle_spins_read_as_gnu_openmp_reads_them(env, spins):
    assert _openmp.idle_spins(env) == spins


def _without_wait_policy():
    return {k: v for k, v in os.environ.items() if k not in ("OMP_WAIT_POLICY", "GOMP_SPINCOUNT")}


def test_tfcompat_imported_first_or_run_by_the_cli_sets_short_spins(tmp_path):
    script = tmp_path / "train.py"   # imports torch itself, first: `tfcompat run` still comes first
    script.write_text("import os\nimport torch\nimport tensorflow as tf\n"
                      "from tfcompat import _openmp\n"
                      "print(_openmp.TORCH_LOADED_FIRST)\n")
    out = subprocess.run([sys.executable, "-c", "import tfcompat_cli, sys; "
                          "sys.exit(tfcompat_cli.main(['run', %r]))" % str(script)],
                         capture_output=True, text=True, timeout=120, env=_without_wait_policy())
    assert out.stdout.split() == ["False"], out.stderr   # decided before the script's torch


def test_a_count_the_program_set_is_kept(tf, machine):
    torch.set_num_threads(5)
    with tf.Session():
        assert torch.get_num_threads() == 5
    with tf.Session(config=tf.ConfigProto(intra_op_parallelism_threads=2)):
        assert torch.get_num_threads() == 2


def test_busy_cpus_counts_runnable_threads(monkeypatch):
    samples = iter(["4/300", "3/300", "9/300", "4/300", "5/300"])
    monkeypatch.setattr(threads, "_read", lambda path: ["0.1", "0.2", "0.3", next(samples), "7"])
    monkeypatch.setattr(threads, "_last", [-1e9, 0.0])
    monkeypatch.setattr(threads.time, "sleep", lambda s: None)
    assert threads.busy_cpus() == 3          # median runnable (4), less this process
    assert threads.busy_cpus() == 3          # reused for 2 s
    monkeypatch.setattr(threads, "_last", [-1e9, 0.0])
    monkeypatch.setattr(threads, "_read", lambda path: None)
    assert threads.busy_cpus() == 0


def test_cgroup_files_are_read(tmp_path, monkeypatch):
    v2 = tmp_path / "cpu.max"
    v2.write_text("150000 100000\n")
    monkeypatch.setattr(threads, "_CGROUP_V2", str(v2))
    assert threads.cgroup_cpu_limit() == 1.5
    v2.write_text("max 100000\n")
    monkeypatch.setattr(threads, "_CGROUP_V1", (str(tmp_path / "no"), str(tmp_path / "no")))
    assert threads.cgroup_cpu_limit() is None


_CHILD_AFTER_FORK = r"""
import os, sys
import torch
import tfcompat as tf
x = tf.placeholder(tf.float32, [None])
total = tf.reduce_sum(x * 2.0)
big = [1.0] * 4_000_000   # large enough for torch's kernels to run on its OpenMP pool
with tf.Session(config=tf.ConfigProto(intra_op_parallelism_threads=2)) as sess:
    sess.run(total, {x: big})
    pid = os.fork()
    if pid == 0:   # GNU OpenMP is not fork-safe: without tfcompat's at-fork hook this hangs
        ok = sess.run(total, {x: big}) == 8_000_000.0 and torch.get_num_threads() == 1
        os._exit(0 if ok else 3)
    print(torch.get_num_threads(), os.waitpid(pid, 0)[1], flush=True)
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_forked_child_runs_kernels_on_one_thread():
    out = subprocess.run([sys.executable, "-c", _CHILD_AFTER_FORK], capture_output=True,
                         text=True, timeout=60)
    assert out.stdout.split() == ["2", "0"], out.stderr


def test_a_count_set_before_import_is_kept():
    # torch loaded first: its OpenMP runtime read the environment already, tfcompat leaves it
    program = ("import os\nimport torch\ntorch.set_num_threads(1)\nimport tfcompat as tf\n"
               "from tfcompat.client import threads\n"
               "with tf.Session():\n    print(torch.get_num_threads())\n"
               "print(os.environ.get('OMP_WAIT_POLICY'), threads._SHORT_SPINS)\n")
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                         timeout=120, env=_without_wait_policy())
    assert out.stdout.split() == ["1", "None", "False"], out.stderr
