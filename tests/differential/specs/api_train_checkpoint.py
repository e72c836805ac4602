"""Object-based checkpoints as TF1 programs use them in graph mode: tf.train.Checkpoint (save,
write, restore and the status assertions), tf.train.CheckpointManager and
tf.train.CheckpointOptions, with every Python-side result turned into a constant."""
import os
import tempfile

import numpy as np

from harness import Program


def _tmp():
    return tempfile.mkdtemp(prefix="tfc_diff_")


def _first_line(fn):
    try:
        fn()
    except AssertionError as e:
        return "AssertionError: " + str(e).splitlines()[0][:60]
    return "ok"


def _checkpoint_save_restore(tf):
    d = _tmp()
    v = tf.Variable([1.0, 2.0], name="v")
    w = tf.get_variable("w", [2], use_resource=True, initializer=tf.ones_initializer())
    step = tf.train.get_or_create_global_step()
    loss = tf.reduce_sum(v * w)
    opt = tf.train.AdamOptimizer(0.1)
    train_op = opt.minimize(loss, global_step=step)
    ckpt = tf.train.Checkpoint(v=v, w=w, step=step, optimizer=opt, items=[tf.Variable(3.0)])
    out = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train_op)
        first = ckpt.save(os.path.join(d, "ckpt"))
        second = ckpt.save(os.path.join(d, "ckpt"), session=sess)
        written = ckpt.write(os.path.join(d, "plain"), session=sess)
        out += [os.path.basename(first), os.path.basename(second), os.path.basename(written)]
        out.append(int(sess.run(ckpt.save_counter)))
        saved = sess.run([v, w])
    out += sorted("%s:%s" % kv for kv in tf.train.list_variables(second))
    out.append(os.path.basename(tf.train.latest_checkpoint(d)))
    with tf.Graph().as_default():
        v2 = tf.Variable([0.0, 0.0], name="v")
        extra = tf.Variable(5.0, name="extra")
        status = tf.train.Checkpoint(v=v2, extra=extra).restore(second)
        with tf.Session() as sess:
            status.initialize_or_restore(sess)
            out.append(str(sess.run(v2).tolist()))
            out.append(float(sess.run(extra)))
            out.append(_first_line(status.assert_consumed))
            out.append(_first_line(status.assert_existing_objects_matched))
            out.append(_first_line(status.expect_partial().assert_nontrivial_match))
        none_status = tf.train.Checkpoint(v=v2).restore(None)
        out.append(_first_line(none_status.assert_consumed))
    options = tf.train.CheckpointOptions()
    out.append(str(options.experimental_io_device))
    return {"saved": tf.constant(np.concatenate(saved)),
            "out": tf.constant([str(o) for o in out])}, {}


def _checkpoint_manager(tf):
    d = _tmp()
    v = tf.Variable(1.0, name="v")
    ckpt = tf.train.Checkpoint(v=v)
    out = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        manager = tf.train.CheckpointManager(ckpt, d, max_to_keep=2)
        out.append(str(manager.latest_checkpoint))
        for _ in range(3):
            out.append(os.path.basename(manager.save()))
        out.append(os.path.basename(manager.save(checkpoint_number=10)))
        out += [os.path.basename(p) for p in manager.checkpoints]
        again = tf.train.CheckpointManager(ckpt, d, max_to_keep=3, checkpoint_name="model")
        out.append(os.path.basename(again.latest_checkpoint))
        out.append(os.path.basename(again.save()))
        out += [os.path.basename(p) for p in again.checkpoints]
        out.append(int(sess.run(ckpt.save_counter)))
    out += sorted(f for f in os.listdir(d) if f != "checkpoint")
    return {"out": tf.constant([str(o) for o in out])}, {}


PROGRAMS = [
    Program("train_checkpoint_save_restore", _checkpoint_save_restore),
    Program("train_checkpoint_manager", _checkpoint_manager),
]
