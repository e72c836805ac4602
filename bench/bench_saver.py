"""Checkpoint speed: `tf.train.Saver` saving and restoring 100 MB of float32 variables (four
25 MB variables) beside plain numpy file I/O of the same arrays (`np.save` / `np.load` into
the same directory), in the same run. Prints the best of several rounds, in MB/s, and the ratio
(the target is at least 0.5: half numpy's speed).

    python bench/bench_saver.py [--mb 100] [--rounds 5] [--dir /tmp]
"""
from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time

import numpy as np


def best_seconds(fn, rounds):
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def numpy_io(arrays, directory, rounds):
    paths = [os.path.join(directory, "np_%d.npy" % i) for i in range(len(arrays))]

    def save():
        for path, array in zip(paths, arrays):
            np.save(path, array)

    def load():
        return [np.load(path) for path in paths]

    return best_seconds(save, rounds), best_seconds(load, rounds)


def tfcompat_io(arrays, directory, rounds):
    import tfcompat as tf
    prefix = os.path.join(directory, "model.ckpt")
    with tf.Graph().as_default():
        variables = [tf.Variable(np.zeros_like(a), name="v%d" % i) for i, a in enumerate(arrays)]
        saver = tf.train.Saver(variables, max_to_keep=1)
        with tf.Session() as sess:
            for v, a in zip(variables, arrays):
                v.load(a, sess)
            save = best_seconds(lambda: saver.save(sess, prefix, write_meta_graph=False),
                                rounds)
            restore = best_seconds(lambda: saver.restore(sess, prefix), rounds)
            for v, a in zip(variables, arrays):  # the restore really restored
                assert np.array_equal(sess.run(v), a)
    return save, restore


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=100.0)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--dir", default=None)
    args = parser.parse_args()
    count = int(args.mb * 1e6 / 4 / 4)
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(count, dtype=np.float32) for _ in range(4)]
    megabytes = sum(a.nbytes for a in arrays) / 1e6
    directory = tempfile.mkdtemp(dir=args.dir)
    try:
        np_save, np_load = numpy_io(arrays, directory, args.rounds)
        tf_save, tf_restore = tfcompat_io(arrays, directory, args.rounds)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    print("%.0f MB of float32 variables, best of %d rounds, in %s" % (megabytes, args.rounds,
                                                                     directory))
    print("%-28s %10s %10s" % ("", "MB/s", "vs numpy"))
    for name, seconds, base in (("numpy np.save", np_save, np_save),
                                ("tfcompat Saver.save", tf_save, np_save),
                                ("numpy np.load", np_load, np_load),
                                ("tfcompat Saver.restore", tf_restore, np_load)):
        print("%-28s %10.0f %10.2f" % (name, megabytes / seconds, base / seconds))


if __name__ == "__main__":
    main()
