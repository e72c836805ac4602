"""tfcompat.horovod and SyncReplicasOptimizer over torch.distributed (gloo on 127.0.0.1): two
processes train to the single-process losses of real TF (dist_model_helper.REFERENCE_LOSSES),
collectives give the values numpy gives, and a dead or hung worker makes the others fail with
a clear error within a bounded time; a restarted job resumes from its last checkpoint.
"""
import json
import os
import subprocess
import sys
import time

import dist_model_helper as helper
import hvd_train_script
import numpy as np
import pytest
from dist_launch_helper import run_ranks

pytestmark = pytest.mark.tfcompat_only
HERE = os.path.dirname(os.path.abspath(__file__))
REF = np.array(helper.REFERENCE_LOSSES)


def _losses(result):
    assert "value" in result, result
    return np.array([v[1] if isinstance(v, (list, tuple)) else v for v in result["value"]])


def test_horovod_script_under_torchrun_matches_single_process(tmp_path):
    torchrun = os.path.join(os.path.dirname(sys.executable), "torchrun")
    out = subprocess.run(
        [torchrun, "--standalone", "--nproc_per_node=2",
         os.path.join(HERE, "hvd_train_script.py"), "monitored", str(tmp_path / "ckpt")],
        capture_output=True, text=True, timeout=120,
        env=dict(os.environ, OMP_NUM_THREADS="1", TFCOMPAT_COLLECTIVE_TIMEOUT="30"))
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert [s for s, _ in result["losses"]] == list(range(1, helper.STEPS + 1))
    np.testing.assert_allclose([v for _, v in result["losses"]], REF, rtol=2e-5)
    # only the chief saved
    assert sorted(p.name for p in (tmp_path / "ckpt").glob("*.index")) == [
        "model.ckpt-0.index", "model.ckpt-12.index", "model.ckpt-4.index", "model.ckpt-8.index"]


@pytest.mark.parametrize("mode", ["plain", "sync"])
def test_two_processes_train_to_single_process_losses(mode, tmp_path):
    results = run_ranks(hvd_train_script.main, (mode, str(tmp_path / mode)), timeout=60)
    assert sorted(results) == [0, 1], results
    np.testing.assert_allclose(_losses(results[0]), REF, rtol=2e-5)
    np.testing.assert_allclose(_losses(results[1]), REF, rtol=2e-5)


def _collectives():
    import tfcompat as tf
    import tfcompat.horovod as hvd
    hvd.init()
    r = hvd.rank()
    with tf.Graph().as_default():
        v = tf.constant([r + 1.0, 2.0 * (r + 1)])
        rows = tf.fill([r + 1, 2], float(r))                  # rank 0: 1 row, rank 1: 2 rows
        w = tf.Variable([1.0, 1.0])
        grad = tf.gradients(tf.reduce_sum(hvd.allreduce(w * v, op=hvd.Sum)), w)[0]
        fetches = {
            "avg": hvd.allreduce(v), "sum": hvd.allreduce(v, op=hvd.Sum),
            "min": hvd.allreduce(v, op=hvd.Min), "max": hvd.allreduce(v, op=hvd.Max),
            "gather": hvd.allgather(rows), "bcast": hvd.broadcast(v, root_rank=1),
            "grouped": hvd.grouped_allreduce([v, tf.constant([r], tf.int32)], op=hvd.Sum),
            "fp16": hvd.allreduce(v, compression=hvd.Compression.fp16), "grad": grad,
            "ids": (hvd.size(), hvd.rank(), hvd.local_size(), hvd.local_rank())}
        with tf.Session() as sess:
            sess.run(w.initializer)
            out = sess.run({k: f for k, f in fetches.items() if k != "ids"})
    out["ids"] = fetches["ids"]
    return {k: np.asarray(v).tolist() if k != "grouped" else [x.tolist() for x in v]
            for k, v in out.items()}


def test_collectives_give_numpy_values():
    results = run_ranks(_collectives, timeout=60)
    for rank in (0, 1):
        got = results[rank]["value"]
        assert got["ids"] == [2, rank, 2, rank]
        assert got["avg"] == [1.5, 3.0] and got["sum"] == [3.0, 6.0]
        assert got["min"] == [1.0, 2.0] and got["max"] == [2.0, 4.0]
        assert got["gather"] == [[0.0, 0.0], [1.0, 1.0], [1.0, 1.0]]
        assert got["bcast"] == [2.0, 4.0]
        assert got["grouped"] == [[3.0, 6.0], [1]]
        assert got["fp16"] == [1.5, 3.0]
        # d/dw sum(allreduce_sum(w * v)): the all-reduced upstream gradient (2) times this v
        assert got["grad"] == [2.0 * (rank + 1), 4.0 * (rank + 1)]


@pytest.mark.parametrize("mode,limit", [("fault", 20.0), ("hang", 20.0)])
def test_lost_worker_fails_the_others_within_bounded_time(mode, limit, tmp_path):
    start = time.time()
    results = run_ranks(hvd_train_script.main, (mode,), timeout=40, wait_for=(0,),
                        env={"TFCOMPAT_COLLECTIVE_TIMEOUT": "4"})
    elapsed = results[0]["at"] - start
    assert 1 not in results
    assert results[0]["error"] == "InternalError", results[0]
    message = results[0]["message"]
    assert "Horovod allreduce failed on rank 0 of 2" in message
    assert "Another worker probably died or stopped responding" in message
    assert "HorovodGroupedAllreduce" in message           # names the op, TF style
    assert elapsed < limit


def test_restarted_job_resumes_from_last_checkpoint(tmp_path):
    ckpt = str(tmp_path / "ckpt")
    first = run_ranks(hvd_train_script.main, ("monitored", ckpt, 6), timeout=60,
                      env={"TFCOMPAT_COLLECTIVE_TIMEOUT": "4"})
    assert first[0]["error"] == "InternalError" and 1 not in first
    second = run_ranks(hvd_train_script.main, ("monitored", ckpt), timeout=60)
    steps = [s for s, _ in second[0]["value"]]
    assert steps == list(range(5, helper.STEPS + 1))      # from the step-4 checkpoint
    np.testing.assert_allclose(_losses(second[0]), REF[4:], rtol=2e-5)
    np.testing.assert_allclose(_losses(second[1]), REF[4:], rtol=2e-5)


def test_one_process_without_a_launcher():
    import tfcompat as tf
    import tfcompat.horovod as hvd
    from tfcompat.distribute import comm
    saved = {k: os.environ.pop(k, None) for k in ("WORLD_SIZE", "RANK", "LOCAL_RANK")}
    try:
        comm.shutdown()
        hvd.init()
        assert (hvd.size(), hvd.rank(), hvd.local_rank(), hvd.local_size()) == (1, 0, 0, 1)
        with tf.Graph().as_default():
            x = tf.constant([1.0, 2.0])
            opt = hvd.DistributedOptimizer(tf.train.GradientDescentOptimizer(0.1))
            assert opt.get_name() == "DistributedGradientDescentOptimizer"
            with tf.Session() as sess:
                assert sess.run(hvd.allreduce(x)).tolist() == [1.0, 2.0]
                assert sess.run(hvd.allgather(x)).tolist() == [1.0, 2.0]
        with pytest.raises(ValueError, match="supersedes average"):
            hvd.allreduce(x, average=True, op=hvd.Sum)
    finally:
        comm.shutdown()
        os.environ.update({k: v for k, v in saved.items() if v is not None})


def test_uninitialized_horovod_says_so():
    import tfcompat.horovod as hvd
    from tfcompat.distribute import comm
    comm.shutdown()
    with pytest.raises(ValueError, match=r"Horovod has not been initialized; use hvd.init\(\)"):
        hvd.rank()


def test_tfcompat_run_maps_horovod_tensorflow():
    import tfcompat.horovod
    from tfcompat import _import_hook
    _import_hook.install()
    try:
        import horovod.tensorflow as hvd
        assert hvd is tfcompat.horovod
    finally:
        _import_hook.uninstall()
    assert "horovod.tensorflow" not in sys.modules
