"""Tiny-op stress (issue 16): a chain of 1,000 small elementwise ops on an 8-element tensor fed
by `feed_dict`, where per-op overhead is everything. Prints the per-op time of tfcompat (eager
plan, and compiled plan: global_jit_level ON_1 -> torch.compile, with its compile time), the
same chain in hand-written eager PyTorch and under torch.compile, and TF1's (its C++ executor)
in its own process when a Python with TensorFlow is found. On CUDA (used automatically when
available) the chain runs on the GPU.

    python bench/bench_tiny_ops.py [--ops 1000] [--runs 50] [--tf-python PYTHON_WITH_TF]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np

SIZE = 8


def _chain(ops, mul, add, tanh, x):
    """x -> 1,000 elementwise ops: *1.0001, +0.0001, tanh, in turn."""
    for i in range(ops):
        x = (mul, add, tanh)[i % 3](x)
    return x


def graph_step(tf, ops, config=None):
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [SIZE])
        y = _chain(ops, lambda v: v * 1.0001, lambda v: v + 0.0001, tf.tanh, x)
        sess = tf.Session(config=config)
    value = np.linspace(-1, 1, SIZE).astype(np.float32)
    return lambda: sess.run(y, {x: value})


def torch_step(ops, compiled):
    import torch
    device = "cuda" if torch.cuda.is_available() else "cpu"

    def chain(x):
        return _chain(ops, lambda v: v * 1.0001, lambda v: v + 0.0001, torch.tanh, x)

    run = torch.compile(chain) if compiled else chain
    value = np.linspace(-1, 1, SIZE).astype(np.float32)
    return lambda: run(torch.from_numpy(value).to(device)).cpu().numpy()


def _time(step, runs):
    t0 = time.perf_counter()
    first = step()
    first_s = time.perf_counter() - t0
    for _ in range(3):
        step()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        step()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples), first_s, first


def worker_tf1(ops, runs):
    import tensorflow.compat.v1 as tf
    tf.disable_v2_behavior()
    median, _, value = _time(graph_step(tf, ops, tf.ConfigProto(
        intra_op_parallelism_threads=1, inter_op_parallelism_threads=1)), runs)
    print(json.dumps({"median": median, "value": value.tolist()}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ops", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--tf-python", default=None)
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker == "tf1":
        worker_tf1(args.ops, args.runs)
        return
    import torch

    import tfcompat as tf
    config = tf.ConfigProto()
    config.graph_options.optimizer_options.global_jit_level = tf.OptimizerOptions.ON_1
    steps = {"tfcompat": graph_step(tf, args.ops), "tfcompat jit": graph_step(tf, args.ops, config),
             "torch": torch_step(args.ops, False), "torch.compile": torch_step(args.ops, True)}
    results = {name: _time(step, args.runs) for name, step in steps.items()}
    tf1, tf1_err = _run_tf1(args)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    print("Tiny-op stress: %d chained elementwise ops on float32[%d]; device %s; %d torch "
          "threads; load average %.1f" % (args.ops, SIZE, device, torch.get_num_threads(),
                                          os.getloadavg()[0]))
    for name, (median, first_s, _) in results.items():
        compiling = " (first run, compiling: %.1f s)" % first_s if name in (
            "tfcompat jit", "torch.compile") else ""
        print("  %-13s %9.3f ms a run, %7.3f us/op%s" % (name, median * 1e3,
                                                         median * 1e6 / args.ops, compiling))
    reference = results["tfcompat"][2]
    for name, (_, _, value) in results.items():
        np.testing.assert_allclose(value, reference, rtol=1e-5, atol=1e-6, err_msg=name)
    if tf1 is None:
        print("  tf1           not run: %s" % tf1_err)
        return
    np.testing.assert_allclose(tf1["value"], reference, rtol=1e-5, atol=1e-6, err_msg="tf1")
    per_op = tf1["median"] * 1e6 / args.ops
    print("  %-13s %9.3f ms a run, %7.3f us/op (own process)" % ("tf1", tf1["median"] * 1e3,
                                                                 per_op))
    print("  tfcompat jit / tf1 per-op time: %.3f (target <= 1)"
          % (results["tfcompat jit"][0] * 1e6 / args.ops / per_op))


def _run_tf1(args):
    python = args.tf_python or os.environ.get("TFCOMPAT_TF_PYTHON")
    if python is None:
        import importlib.util
        python = sys.executable if importlib.util.find_spec("tensorflow") else None
    if python is None:
        return None, "tensorflow is not importable (pass --tf-python)"
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", TF_USE_LEGACY_KERAS="1")
    cmd = [python, os.path.abspath(__file__), "--worker", "tf1", "--ops", str(args.ops),
           "--runs", str(args.runs)]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        return None, (out.stderr.strip().splitlines() or ["no output"])[-1]
    return json.loads(lines[-1]), None


if __name__ == "__main__":
    main()
