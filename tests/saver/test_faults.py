"""Checkpoints under faults: a training loop saving with `tf.train.Saver` is killed with SIGKILL
(at every file system step of a save, and at random times) and must always restore a complete,
consistent checkpoint; a save hitting a full disk, a read-only directory or a directory that
disappears raises a tf.errors class naming the path and leaves the previous checkpoint intact.

The kill loops fork the savers from one worker process (importing tfcompat once), so a kill
costs milliseconds. TFCOMPAT_LONG_FAULT_TESTS=1 runs the long versions (20 MB of variables,
100+ random kills on one prefix and 100+ on new prefixes); the default run does the fast ones.
TF's behaviour quoted here was recorded with TF 2.21 (compat.v1).
"""
from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter

import numpy as np
import pytest

from tfcompat import errors
from tfcompat.io import _atomic
from tfcompat.io import read_bundle
from tfcompat.io import write_bundle

pytestmark = [pytest.mark.tfcompat_only,
              pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")]

LONG = os.environ.get("TFCOMPAT_LONG_FAULT_TESTS") == "1"
N_VARS = 5
SIZE = 1_000_000 if LONG else 10_000  # floats per variable: 20 MB in all (long), 200 KB (fast)
RANDOM_KILLS = 110 if LONG else 6
# A save cycle (bundle, state file, meta graph, old checkpoint deleted) changes the file system
# 12 times or fewer: crash points 1..16 (1..32 in the long run, two saves) hit every step.
CRASH_POINTS = 32 if LONG else 16

# A worker that builds a training graph once, then forks savers on request ("fork DIR MODE
# START COUNT CRASH_AT" -> "pid N"; "wait N" -> "status S"). A saver assigns step i + k to
# variable k and saves, for i = START, START+1, ...; CRASH_AT > 0 kills it with SIGKILL right
# before its CRASH_AT-th file system change (rename, link or removal).
_WORKER = r"""
import os, signal, sys, traceback
import torch
torch.set_num_threads(1)  # no thread pool before fork
import tfcompat as tf
n_vars, size = int(sys.argv[1]), int(sys.argv[2])
value = tf.placeholder(tf.int64, [], name="value")
step = tf.Variable(tf.constant(0, tf.int64), name="step")
variables = [tf.Variable(tf.zeros([size]), name="v%d" % k) for k in range(n_vars)]
assign = tf.group(step.assign(value), *[
    v.assign(tf.fill([size], tf.cast(value, tf.float32) + k)) for k, v in enumerate(variables)])
saver = tf.train.Saver(max_to_keep=3)
sess = tf.Session()  # made and warmed up before forking: each saver starts at once
sess.run(tf.global_variables_initializer())
sess.run(assign, {value: 0})
saver.save(sess, os.path.join(sys.argv[3], "warm"), write_state=False)

def crash_at(n):
    calls = [0]
    def wrap(fn):
        def changed(*args, **kwargs):
            calls[0] += 1
            if calls[0] == n:
                os.kill(os.getpid(), signal.SIGKILL)
            return fn(*args, **kwargs)
        return changed
    for name in ("replace", "rename", "link", "remove", "unlink"):
        setattr(os, name, wrap(getattr(os, name)))

def train(directory, mode, start, count, crash):
    if crash:
        crash_at(crash)
    state = tf.train.get_checkpoint_state(directory)
    if state:
        saver.recover_last_checkpoints(list(state.all_model_checkpoint_paths))
    i = start
    while count < 0 or i < start + count:
        sess.run(assign, {value: i})
        saver.save(sess, os.path.join(directory, "model.ckpt"),
                   global_step=i if mode == "new" else None)
        i += 1

print("ready", flush=True)
for line in sys.stdin:
    cmd = line.split()
    if cmd[0] == "fork":
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                train(cmd[1], cmd[2], int(cmd[3]), int(cmd[4]), int(cmd[5]))
            except BaseException:
                traceback.print_exc()
                code = 1
            os._exit(code)
        print("pid", pid, flush=True)
    elif cmd[0] == "wait":
        print("status", os.waitpid(int(cmd[1]), 0)[1], flush=True)
"""


class _Worker:
    def __init__(self, scratch):
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _WORKER, str(N_VARS), str(SIZE), scratch],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True, bufsize=1)
        assert self._read() == ["ready"]

    def _read(self):
        line = self.proc.stdout.readline()
        assert line, "the saver worker died"
        return line.split()

    def fork(self, directory, mode, start, count=-1, crash=0) -> int:
        self.proc.stdin.write(f"fork {directory} {mode} {start} {count} {crash}\n")
        return int(self._read()[1])

    def wait(self, pid) -> int:
        self.proc.stdin.write(f"wait {pid}\n")
        return int(self._read()[1])

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


@pytest.fixture(scope="module")
def worker(tmp_path_factory):
    w = _Worker(str(tmp_path_factory.mktemp("warm")))
    yield w
    w.close()


class _Checker:
    """Restores the newest checkpoint of a directory into a graph like the worker's and checks
    it is complete and consistent: variable k holds step + k, and steps never go back."""

    def __init__(self, tf, directory):
        self.tf, self.directory, self.last = tf, directory, -1
        self.step = tf.Variable(tf.constant(-1, tf.int64), name="step")
        self.vars = [tf.Variable(tf.zeros([SIZE]), name="v%d" % k) for k in range(N_VARS)]
        self.saver = tf.train.Saver()
        self.sess = tf.Session()
        self.outcomes = Counter()

    def check(self):
        latest = self.tf.train.latest_checkpoint(self.directory)
        assert latest is not None, "no checkpoint found"
        self.sess.run(self.tf.global_variables_initializer())
        self.saver.restore(self.sess, latest)
        step, values = self.sess.run([self.step, self.vars])
        for k, v in enumerate(values):
            assert (v == step + k).all(), "variable v%d does not hold step %d + %d" % (k, step, k)
        assert step >= self.last, "restored step %d is older than step %d" % (step, self.last)
        fell_back = _atomic.readable_prefix(latest) != latest
        self.outcomes["restored the backup" if fell_back else "restored"] += 1
        self.last = step
        return step


def _kill_loop(tf, worker, directory, mode):
    """Crash points first (every file system step of a save), then random kills."""
    checker = _Checker(tf, directory)
    start = 1
    assert worker.wait(worker.fork(directory, mode, start, count=1)) == 0
    checker.check()
    for crash in range(1, CRASH_POINTS + 1):
        start += 100
        status = worker.wait(worker.fork(directory, mode, start, count=2, crash=crash))
        assert os.WIFSIGNALED(status) or os.WEXITSTATUS(status) == 0, status
        checker.check()
    rng = random.Random(1234)
    per_save = 0.08 if LONG else 0.02
    for _ in range(RANDOM_KILLS):
        start += 10000
        pid = worker.fork(directory, mode, start)
        time.sleep(rng.uniform(0.0, 6 * per_save))
        os.kill(pid, signal.SIGKILL)
        assert os.WIFSIGNALED(worker.wait(pid))
        checker.check()
    kills = CRASH_POINTS + RANDOM_KILLS
    # A clean save after all that: no temporary files or backup left behind.
    assert worker.wait(worker.fork(directory, mode, start + 10000, count=1)) == 0
    assert checker.check() == start + 10000
    left = [n for n in os.listdir(directory) if "tempstate" in n or "tfcompat-backup" in n]
    assert left == []
    # A save to a new prefix killed between its two renames leaves a data file without an
    # index (not a checkpoint, never in the state file; TF leaves these too).
    names = os.listdir(directory)
    checker.outcomes["orphan data files"] = sum(
        n.endswith(".data-00000-of-00001") and n[:-20] + ".index" not in names for n in names)
    print("\n%s prefix: %d kills (%d at crash points, %d random): %s" % (
        mode, kills, CRASH_POINTS, RANDOM_KILLS, dict(checker.outcomes)))
    return checker.outcomes


def test_kill_during_saves_to_one_prefix_never_loses_the_checkpoint(tf, worker, tmp_path):
    outcomes = _kill_loop(tf, worker, str(tmp_path), "same")
    assert outcomes["restored the backup"] > 0  # some kills hit the window between renames
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "model.ckpt.data-00000-of-00001",
                                            "model.ckpt.index", "model.ckpt.meta"]


def test_kill_during_saves_to_new_prefixes_never_loses_the_checkpoint(tf, worker, tmp_path):
    _kill_loop(tf, worker, str(tmp_path), "new")
    state = tf.train.get_checkpoint_state(str(tmp_path))
    for path in state.all_model_checkpoint_paths:
        assert read_bundle(path).get_variable_to_shape_map()["v0"] == [SIZE]


# -- the backup protocol, state by state -------------------------------------------------------

def _values(prefix):
    reader = read_bundle(prefix)
    return {k: reader.get_tensor(k).tolist() for k in reader.keys()}


def test_every_intermediate_state_of_a_save_reads_a_complete_checkpoint(tmp_path):
    """The states a save to an existing prefix passes through (io/_atomic.py), frozen."""
    prefix = str(tmp_path / "m")
    write_bundle(prefix, {"a": np.arange(3.0), "b": np.array([1, 2])})
    old = _values(prefix)
    data, index = prefix + ".data-00000-of-00001", prefix + ".index"
    new_dir = tmp_path / "new"
    new_dir.mkdir()
    write_bundle(str(new_dir / "m"), {"a": np.arange(3.0) + 10, "b": np.array([5, 6])})
    new = _values(str(new_dir / "m"))
    backup = _atomic.backup_prefix(prefix)
    os.link(data, backup + ".data-00000-of-00001")          # step 2: data linked
    assert _values(prefix) == old
    os.link(index, backup + ".index")                       # step 2 done: backup complete
    assert _values(prefix) == old
    os.replace(new_dir / "m.data-00000-of-00001", data)     # step 3: new data, old index
    assert _values(prefix) == old                           # read through the backup
    assert _atomic.readable_prefix(prefix) == backup
    os.replace(new_dir / "m.index", index)                  # step 3 done: new pair
    assert _values(prefix) == new
    os.remove(backup + ".index")                            # step 4
    assert _values(prefix) == new


def test_a_save_after_a_killed_one_keeps_the_complete_backup(tmp_path):
    prefix = str(tmp_path / "m")
    write_bundle(prefix, {"a": np.zeros(4)})
    backup = _atomic.backup_prefix(prefix)
    for suffix in (".data-00000-of-00001", ".index"):
        os.link(prefix + suffix, backup + suffix)
    with open(prefix + ".data-00000-of-00001", "r+b") as f:  # a new data file, old index
        f.write(b"\x01" * 8)
    write_bundle(prefix, {"a": np.ones(4)})
    assert _values(prefix) == {"a": [1.0] * 4}
    assert sorted(os.listdir(tmp_path)) == ["m.data-00000-of-00001", "m.index"]


def test_temporary_files_of_dead_savers_are_removed(tmp_path):
    prefix = str(tmp_path / "m")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    stale = "%s.index.tempstate-%s-%s-%s" % (prefix, dead, "0" * 16, _atomic._HOST)
    alive = "%s.index.tempstate-%d-%s-%s" % (prefix, os.getpid(), "1" * 16, _atomic._HOST)
    other_host = "%s.index.tempstate-%s-%s-elsewhere" % (prefix, dead, "2" * 16)
    for path in (stale, alive, other_host):
        open(path, "wb").close()
    write_bundle(prefix, {"a": np.zeros(1)})
    left = sorted(os.listdir(tmp_path))
    assert os.path.basename(stale) not in left
    assert os.path.basename(alive) in left and os.path.basename(other_host) in left


# -- full disk, no permission, directory gone --------------------------------------------------

class _FailingFile:
    """A file whose writes fail with `err` once `budget` bytes were written."""

    def __init__(self, f, err, budget):
        self._f, self._err, self._budget = f, err, budget

    def write(self, data):
        self._budget -= len(data)
        if self._budget < 0:
            raise OSError(self._err, os.strerror(self._err))
        return self._f.write(data)

    def __getattr__(self, name):
        return getattr(self._f, name)


def _inject(monkeypatch, err, target="", budget=0, fail_open=False):
    """File system failure `err` for the temporary files whose name contains `target`: at
    open (`fail_open`) or once `budget` bytes were written to the file."""
    real_open = open

    def fake_open(path, mode="r", *args, **kwargs):
        name = os.path.basename(str(path))
        if "tempstate" in name and target in name and "w" in mode:
            if fail_open:
                raise OSError(err, os.strerror(err), path)
            return _FailingFile(real_open(path, mode, *args, **kwargs), err, budget)
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr(_atomic, "open", fake_open, raising=False)


def _model(tf):
    v = tf.Variable(tf.zeros([1000]), name="v")
    return v, tf.train.Saver()


@pytest.mark.parametrize("target, budget", [(".data-", 0), (".data-", 1000), (".index", 0),
                                            ("checkpoint.", 0), (".meta", 100)])
def test_full_disk_raises_resource_exhausted_and_keeps_a_checkpoint(tf, tmp_path, monkeypatch,
                                                                    target, budget):
    # TF 2.21 on a full tmpfs: ResourceExhaustedError "<prefix>.data-00000-of-00001.tempstate
    # <n>; No space left on device", the previous checkpoint and no temporary file left.
    v, saver = _model(tf)
    prefix = str(tmp_path / "model")
    with tf.Session() as sess:
        sess.run(v.assign(tf.ones([1000])))
        saver.save(sess, prefix)
        before = sorted(os.listdir(tmp_path))
        sess.run(v.assign(tf.fill([1000], 2.0)))
        _inject(monkeypatch, errno.ENOSPC, target, budget)
        with pytest.raises(errors.ResourceExhaustedError,
                           match=r"tempstate\S*; No space left on device"):
            saver.save(sess, prefix)
        monkeypatch.undo()
        assert sorted(os.listdir(tmp_path)) == before
        sess.run(v.assign(tf.zeros([1000])))
        saver.restore(sess, tf.train.latest_checkpoint(str(tmp_path)))
        # the bundle fails: the old values; the state file or meta graph fails: the new ones
        assert (sess.run(v) == (1 if target in (".data-", ".index") else 2)).all()


def test_full_disk_while_writing_the_state_file_keeps_the_latest(tf, tmp_path, monkeypatch):
    v, saver = _model(tf)
    prefix = str(tmp_path / "model")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver.save(sess, prefix, global_step=1)
        _inject(monkeypatch, errno.ENOSPC, "checkpoint.")
        with pytest.raises(errors.ResourceExhaustedError, match=r"checkpoint\.tempstate"):
            saver.save(sess, prefix, global_step=2)
        monkeypatch.undo()
        assert tf.train.latest_checkpoint(str(tmp_path)) == prefix + "-1"
        assert not [n for n in os.listdir(tmp_path) if "tempstate" in n]


def test_read_only_directory_raises_permission_denied(tf, tmp_path, monkeypatch):
    # TF 2.21, as a user who may not write the directory: PermissionDeniedError
    # "<prefix>.data-00000-of-00001.tempstate<n>; Permission denied".
    v, saver = _model(tf)
    prefix = str(tmp_path / "model")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver.save(sess, prefix)
        before = sorted(os.listdir(tmp_path))
        _inject(monkeypatch, errno.EACCES, fail_open=True)
        with pytest.raises(errors.PermissionDeniedError,
                           match=r"model\.data-00000-of-00001\.tempstate\S*; Permission denied"):
            saver.save(sess, prefix)
        monkeypatch.undo()
        assert sorted(os.listdir(tmp_path)) == before
        saver.restore(sess, prefix)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only directories")
def test_really_read_only_directory(tf, tmp_path):
    v, saver = _model(tf)
    prefix = str(tmp_path / "ro" / "model")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver.save(sess, prefix)
        os.chmod(tmp_path / "ro", 0o555)
        try:
            with pytest.raises(errors.PermissionDeniedError, match="Permission denied"):
                saver.save(sess, prefix)
            saver.restore(sess, prefix)
        finally:
            os.chmod(tmp_path / "ro", 0o755)


def test_directory_that_disappears(tf, tmp_path, monkeypatch):
    v, saver = _model(tf)
    d = tmp_path / "run"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver.save(sess, str(d / "model"))
        shutil.rmtree(d)  # TF 2.21 makes the directory again (one level) and saves
        assert saver.save(sess, str(d / "model")) == str(d / "model")
        with pytest.raises(ValueError, match="Parent directory of .*/gone/deeper/model doesn't "
                                             "exist, can't save."):  # TF's message
            saver.save(sess, str(tmp_path / "gone" / "deeper" / "model"))
        real = _atomic.PendingFile.finish

        def finish(self):  # the directory vanishes while the files are being written
            real(self)
            shutil.rmtree(d, ignore_errors=True)

        monkeypatch.setattr(_atomic.PendingFile, "finish", finish)
        with pytest.raises(ValueError, match="Parent directory of .*run/model doesn't") as info:
            saver.save(sess, str(d / "model"))
        assert isinstance(info.value.__cause__, errors.NotFoundError)
        assert "No such file or directory" in str(info.value.__cause__)


# -- real TensorFlow reads what the crash-safe writer leaves --------------------------------------

_TF_READS = """
out = {}
for prefix in ARGS["prefixes"]:
    with tf.Graph().as_default():
        v = tf.Variable(tf.zeros([4]), name="v")
        with tf.Session() as sess:
            tf.train.Saver().restore(sess, prefix)
            out[os.path.basename(prefix)] = sess.run(v).tolist()
RESULT["values"] = out
RESULT["latest"] = tf.train.latest_checkpoint(ARGS["dir"])
"""


@pytest.mark.tf_interop
def test_tensorflow_restores_same_prefix_saves_and_the_backup(tf, run_tf, tmp_path):
    v = tf.Variable(tf.zeros([4]), name="v")
    saver = tf.train.Saver()
    prefix = str(tmp_path / "model.ckpt")
    with tf.Session() as sess:
        for i in range(3):
            sess.run(v.assign(tf.fill([4], float(i))))
            saver.save(sess, prefix)
    # A save killed between its renames: new data, old index, the old pair as the backup.
    backup = _atomic.backup_prefix(prefix)
    for suffix in (".data-00000-of-00001", ".index"):
        os.link(prefix + suffix, backup + suffix)
    write_bundle(str(tmp_path / "new"), {"v": np.full(4, 9.0, np.float32)})
    os.replace(tmp_path / "new.data-00000-of-00001", prefix + ".data-00000-of-00001")
    with tf.Session() as sess:  # tfcompat reads the backup through the prefix
        saver.restore(sess, prefix)
        assert sess.run(v).tolist() == [2.0] * 4
    result = run_tf(_TF_READS, prefixes=[backup], dir=str(tmp_path))
    assert result["values"] == {"model.ckpt.tfcompat-backup": [2.0] * 4}
    assert result["latest"] == prefix
    with tf.Session() as sess:  # the next save completes: TF reads the prefix itself
        sess.run(v.assign(tf.fill([4], 3.0)))
        saver.save(sess, prefix)
    assert not os.path.exists(backup + ".index")
    result = run_tf(_TF_READS, prefixes=[prefix], dir=str(tmp_path))
    assert result["values"] == {"model.ckpt": [3.0] * 4}


def test_a_restore_graph_of_several_restore_ops_restores_all_or_nothing(tf, tmp_path):
    # Two RestoreV2 ops behind Reshapes (as TF's sharded savers build): the run would assign
    # `a` before `b`'s op finds its bytes damaged, so every tensor is checked first.
    from tfcompat.io.proto import saver_pb2
    from tfcompat.ops import io_ops
    prefix = str(tmp_path / "m")
    write_bundle(prefix, {"a": np.ones(3, np.float32), "b": np.full(3, 2, np.float32)})
    data = bytearray(open(prefix + ".data-00000-of-00001", "rb").read())
    data[-1] ^= 1  # in b
    open(prefix + ".data-00000-of-00001", "wb").write(bytes(data))
    a, b = tf.Variable(tf.zeros([3]), name="a"), tf.Variable(tf.zeros([3]), name="b")
    filename = tf.placeholder_with_default(prefix, [], name="filename")
    restores = [io_ops.restore_v2(filename, [k], [""], [tf.float32])[0] for k in "ab"]
    restore_all = tf.group(*[tf.assign(v, tf.reshape(r, [3])) for v, r in zip((a, b), restores)])
    saver = tf.train.Saver(saver_def=saver_pb2.SaverDef(
        filename_tensor_name=filename.name, save_tensor_name=filename.name,
        restore_op_name=restore_all.name))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        with pytest.raises(errors.DataLossError, match="Checksum does not match.*key b"):
            saver.restore(sess, prefix)
        assert sess.run(a).tolist() == [0.0] * 3 and sess.run(b).tolist() == [0.0] * 3
