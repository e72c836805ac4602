"""A Horovod-style TF1 training script, run by the distributed tests under torchrun (or with
RANK/WORLD_SIZE/MASTER_* set by hand). Usage: hvd_train_script.py MODE [CKPT_DIR [DIE_AT]]

MODE: "plain" (tf.Session + hvd.broadcast_global_variables), "monitored"
(MonitoredTrainingSession + BroadcastGlobalVariablesHook + StopAtStepHook, checkpoints every 4
steps; with DIE_AT, rank 1 dies before that step), "sync" (tf.train.SyncReplicasOptimizer and
its hook), "fault" (rank 1 dies at step 3), "hang" (rank 1 stops responding at step 3).
Rank 0 prints one JSON line: {"losses": [...]} or {"error": class name, "message": ...}.
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dist_model_helper as helper  # noqa: E402

import tfcompat as tf  # noqa: E402
import tfcompat.horovod as hvd  # noqa: E402


def build(mode):
    x_data, y_data, init = helper.data()
    n = helper.BATCH // hvd.size()
    part = slice(hvd.rank() * n, (hvd.rank() + 1) * n)
    x = tf.placeholder(tf.float32, [None, 8])
    y = tf.placeholder(tf.int32, [None])
    loss = helper.tower_loss(tf, x, y, init)
    step = tf.train.get_or_create_global_step()
    if mode == "sync":
        opt = tf.train.SyncReplicasOptimizer(helper.optimizer(tf), replicas_to_aggregate=2,
                                             total_num_replicas=2)
    else:
        opt = hvd.DistributedOptimizer(helper.optimizer(tf))
    train = opt.minimize(loss, global_step=step)
    # rank 1 starts from other values: the broadcast must replace them with rank 0's
    scramble = tf.group(*[v.assign(v * 3.0 + 1.0) for v in tf.trainable_variables()])
    return {x: x_data[part], y: y_data[part]}, hvd.allreduce(loss), train, scramble, opt


def main(mode, ckpt_dir=None, die_at=None):
    hvd.init()
    with tf.Graph().as_default():
        return train_loop(mode, ckpt_dir, int(die_at) if die_at else None)


def train_loop(mode, ckpt_dir, die_at):
    feed, avg_loss, train, scramble, opt = build(mode)
    losses = []
    if mode in ("plain", "fault", "hang"):
        bcast = hvd.broadcast_global_variables(0)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            if hvd.rank() == 1:
                sess.run(scramble)
            sess.run(bcast)
            for i in range(helper.STEPS):
                if mode == "fault" and hvd.rank() == 1 and i == 3:
                    os._exit(17)   # dies without a word, mid-training
                if mode == "hang" and hvd.rank() == 1 and i == 3:
                    time.sleep(60)
                    os._exit(18)
                losses.append(float(sess.run([avg_loss, train], feed)[0]))
        return losses
    step_before = tf.train.get_global_step() + 0     # the step's value before each run
    hooks = [tf.train.StopAtStepHook(last_step=helper.STEPS)]
    hooks.append(opt.make_session_run_hook(hvd.rank() == 0) if mode == "sync"
                 else hvd.BroadcastGlobalVariablesHook(0))
    with tf.train.MonitoredTrainingSession(
            is_chief=hvd.rank() == 0, checkpoint_dir=ckpt_dir if hvd.rank() == 0 else None,
            hooks=hooks, save_checkpoint_steps=4, save_summaries_steps=None,
            log_step_count_steps=None) as sess:
        while not sess.should_stop():
            step, loss, _ = sess.run([step_before, avg_loss, train], feed)
            if die_at and hvd.rank() == 1 and step + 1 == die_at:
                os._exit(19)
            losses.append((int(step) + 1, float(loss)))
    return losses


if __name__ == "__main__":
    start = time.time()
    try:
        result = {"losses": main(*sys.argv[1:])}
    except Exception as e:  # noqa: BLE001 - reported to the test
        result = {"error": type(e).__name__, "message": str(e)}
    result["seconds"] = time.time() - start
    if int(os.environ.get("RANK", "0")) == 0:
        print(json.dumps(result), flush=True)
