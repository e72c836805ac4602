"""Checkpoint speed: `tf.train.Saver` saving and restoring 100 MB of float32 variables (four
25 MB variables) beside plain numpy file I/O of the same arrays, in the same run.

Both sides do what a training loop does: each save writes new files (the Saver with a growing
`global_step`, numpy with `np.save` to a new name) and deletes the previous ones (the Saver
through `max_to_keep=1`); each restore reads the latest (`Saver.restore` into the variables,
`np.load`). The steps alternate in every round, so a busy machine slows both sides alike.
Prints the best of several rounds in MB/s and the ratio to numpy (target: at least 0.5).

    python bench/bench_saver.py [--mb 100] [--rounds 7] [--dir /tmp]
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


class NumpyFiles:
    """np.save of each array to new files per round, removing the previous round's."""

    def __init__(self, arrays, directory):
        self.arrays, self.directory, self.round, self.paths = arrays, directory, 0, []

    def save(self):
        self.round += 1
        old, self.paths = self.paths, [os.path.join(self.directory, "np_%d_%d.npy" % (
            self.round, i)) for i in range(len(self.arrays))]
        for path, array in zip(self.paths, self.arrays):
            np.save(path, array)
        for path in old:
            os.remove(path)

    def load(self):
        return [np.load(path) for path in self.paths]


def run_rounds(arrays, directory, rounds) -> dict:
    import tfcompat as tf
    numpy_files = NumpyFiles(arrays, directory)
    prefix = os.path.join(directory, "model.ckpt")
    best = {}
    with tf.Graph().as_default():
        variables = [tf.Variable(np.zeros_like(a), name="v%d" % i) for i, a in enumerate(arrays)]
        saver = tf.train.Saver(variables, max_to_keep=1)
        with tf.Session() as sess:
            for v, a in zip(variables, arrays):
                v.load(a, sess)
            step = [0]

            def tf_save():
                step[0] += 1
                saver.save(sess, prefix, global_step=step[0], write_meta_graph=False)

            steps = {
                "numpy np.save": numpy_files.save,
                "tfcompat Saver.save": tf_save,
                "numpy np.load": numpy_files.load,
                "tfcompat Saver.restore": lambda: saver.restore(sess, saver.last_checkpoints[-1]),
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
    parser.add_argument("--rounds", type=int, default=7)
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
    for name, base in (("numpy np.save", "numpy np.save"),
                       ("tfcompat Saver.save", "numpy np.save"),
                       ("numpy np.load", "numpy np.load"),
                       ("tfcompat Saver.restore", "numpy np.load")):
        print("%-28s %10.0f %10.2f" % (name, megabytes / best[name], best[base] / best[name]))


if __name__ == "__main__":
    main()
