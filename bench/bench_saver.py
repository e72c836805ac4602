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


def seconds(fn):
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def run_rounds(arrays, directory, rounds) -> dict:
    """Best time of each of the four steps; the steps alternate in every round, so a busy
    machine slows both sides alike."""
    import tfcompat as tf
    paths = [os.path.join(directory, "np_%d.npy" % i) for i in range(len(arrays))]
    prefix = os.path.join(directory, "model.ckpt")
    best = {}
    with tf.Graph().as_default():
        variables = [tf.Variable(np.zeros_like(a), name="v%d" % i) for i, a in enumerate(arrays)]
        saver = tf.train.Saver(variables, max_to_keep=1)
        with tf.Session() as sess:
            for v, a in zip(variables, arrays):
                v.load(a, sess)
            steps = {
                "numpy np.save": lambda: [np.save(p, a) for p, a in zip(paths, arrays)],
                "tfcompat Saver.save": lambda: saver.save(sess, prefix, write_meta_graph=False),
                "numpy np.load": lambda: [np.load(p) for p in paths],
                "tfcompat Saver.restore": lambda: saver.restore(sess, prefix),
            }
            for _ in range(rounds + 1):  # the first round warms up (plans, page cache)
                for name, fn in steps.items():
                    best.setdefault(name, []).append(seconds(fn))
            for v, a in zip(variables, arrays):  # the restore really restored
                assert np.array_equal(sess.run(v), a)
    return {name: min(times[1:]) for name, times in best.items()}


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
        best = run_rounds(arrays, directory, args.rounds)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    print("%.0f MB of float32 variables, best of %d rounds, in %s" % (megabytes, args.rounds,
                                                                     directory))
    print("%-28s %10s %10s" % ("", "MB/s", "vs numpy"))
    for name, base in (("numpy np.save", "numpy np.save"), ("tfcompat Saver.save", "numpy np.save"),
                       ("numpy np.load", "numpy np.load"),
                       ("tfcompat Saver.restore", "numpy np.load")):
        print("%-28s %10.0f %10.2f" % (name, megabytes / best[name], best[base] / best[name]))


if __name__ == "__main__":
    main()
