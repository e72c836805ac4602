"""Torch's CPU thread count per session: ConfigProto.intra_op_parallelism_threads as given; 0
means the CPUs this process may use (affinity, cgroup quota) that other processes leave free."""
import pytest
import torch

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
