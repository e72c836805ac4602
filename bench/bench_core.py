"""Core overhead benchmark: warm `sess.run(tf.add(3, 5))`, `make_callable`, a fed run, and
building a 10,000-op graph; beside hand-written PyTorch doing the same work, and real TF1 when
`tensorflow` is importable. Prints medians in microseconds.

    python bench/bench_core.py
"""
from __future__ import annotations

import statistics
import time

import numpy as np
import torch


def median_us(fn, repeat=2000, warmup=200):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples) * 1e6


def bench_impl(tf):
    results = {}
    g = tf.Graph()
    with g.as_default():
        a = tf.add(3, 5)
        x = tf.placeholder(tf.float32, [None, 4])
        y = tf.reduce_sum(x * 2.0 + 1.0)
        sess = tf.Session()
        results["warm sess.run(tf.add(3, 5))"] = median_us(lambda: sess.run(a))
        call = sess.make_callable(a)
        results["make_callable(tf.add(3, 5))"] = median_us(call)
        feed = np.ones((8, 4), np.float32)
        results["fed run (mul, add, sum on 8x4)"] = median_us(lambda: sess.run(y, {x: feed}))
        sess.close()
    g = tf.Graph()
    with g.as_default():
        t0 = time.perf_counter()
        t = tf.constant(1.0)
        for _ in range(5000):
            t = tf.identity(tf.add(t, 1.0))
        n_ops = len(g.get_operations())
        results["graph build, per op"] = (time.perf_counter() - t0) / n_ops * 1e6
    return results


def bench_torch():
    three, five = torch.tensor(3, dtype=torch.int32), torch.tensor(5, dtype=torch.int32)
    feed = np.ones((8, 4), np.float32)
    return {
        "warm sess.run(tf.add(3, 5))": median_us(lambda: torch.add(three, five).numpy()),
        "make_callable(tf.add(3, 5))": median_us(lambda: torch.add(three, five).numpy()),
        "fed run (mul, add, sum on 8x4)": median_us(
            lambda: (torch.from_numpy(feed) * 2.0 + 1.0).sum().numpy()),
        "graph build, per op": float("nan"),
    }


def main():
    import tfcompat
    columns = {"tfcompat": bench_impl(tfcompat), "torch (by hand)": bench_torch()}
    try:
        import tensorflow.compat.v1 as tf1
        tf1.disable_v2_behavior()
        columns["TF1"] = bench_impl(tf1)
    except ImportError:
        pass
    print("torch %s, %d threads" % (torch.__version__, torch.get_num_threads()))
    header = "%-34s" % "median, microseconds" + "".join("%18s" % c for c in columns)
    print(header)
    for row in columns["tfcompat"]:
        print("%-34s" % row + "".join("%18.2f" % columns[c][row] for c in columns))


if __name__ == "__main__":
    main()
