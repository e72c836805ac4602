"""Shared driver for the nn benchmarks (bench_cnn.py, bench_lstm.py): times a tfcompat model
and the same model written by hand in PyTorch, alternating step by step in one process (same
threads, data and initial weights), checks that both give the same losses, and, when a Python
with TensorFlow is given, times TF1 in its own process.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time


def _median_ms(samples):
    return statistics.median(samples) * 1e3


def alternate(steps_by_name, n_batches, warmup, steps):
    for i in range(warmup):
        for step in steps_by_name.values():
            step(i % n_batches)
    samples = {name: [] for name in steps_by_name}
    losses = {name: [] for name in steps_by_name}
    for i in range(steps):
        for name, step in steps_by_name.items():
            t0 = time.perf_counter()
            loss = step(i % n_batches)
            samples[name].append(time.perf_counter() - t0)
            losses[name].append(float(loss))
    return samples, losses


def first_losses(step, n, count=10):
    return [float(step(i % n)) for i in range(count)]


def run_tf1(script, python, steps, warmup, threads):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", TF_ENABLE_ONEDNN_OPTS="0",
               TF_USE_LEGACY_KERAS="1", BENCH_THREADS=str(threads))
    cmd = [python, script, "--worker", "tf1", "--steps", str(steps), "--warmup", str(warmup)]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        return None, (out.stderr.strip().splitlines() or ["no output"])[-1]
    return json.loads(lines[-1]), None


def graph_step(tf, data, build_graph, config=None):
    """A `step(i) -> loss` running one training step of the TF1 graph on batch i."""
    xs, ys, w = data()
    with tf.Graph().as_default():
        x, y, loss, train = build_graph(tf, w)
        sess = tf.Session(config=config)
        sess.run(tf.global_variables_initializer())
    return (lambda i: sess.run([train, loss], {x: xs[i], y: ys[i]})[1]), len(xs)


def graph_makers(data, build_graph):
    """(make_tfcompat, make_tf1) for a benchmark's `data()` and `build_graph(tf, w)`."""
    def make_tfcompat():
        import torch

        import tfcompat as tf
        step, n = graph_step(tf, data, build_graph)
        return step, n, "cuda" if torch.cuda.is_available() else "cpu"

    def make_tf1(threads):
        import tensorflow.compat.v1 as tf
        tf.disable_v2_behavior()
        return graph_step(tf, data, build_graph,
                          tf.ConfigProto(intra_op_parallelism_threads=threads,
                                         inter_op_parallelism_threads=1))

    return make_tfcompat, make_tf1


def main(title, script, make_tfcompat, make_torch, make_tf1_step):
    """`make_*()` return (step(i) -> loss, n_batches, device name)."""
    parser = argparse.ArgumentParser(description=title)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: all cores)")
    parser.add_argument("--tf-python", default=None, help="a Python with tensorflow for TF1")
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    threads = args.threads or int(os.environ.get("BENCH_THREADS", 0)) or os.cpu_count()
    if args.worker == "tf1":
        step, n = make_tf1_step(threads)
        losses = first_losses(step, n)
        samples, _ = alternate({"tf1": step}, n, args.warmup, args.steps)
        print(json.dumps({"samples": samples["tf1"], "losses": losses}))
        return
    import torch
    torch.set_num_threads(threads)
    tfc_step, n, device = make_tfcompat()
    torch_step, _, _ = make_torch()
    check = {"tfcompat": first_losses(tfc_step, n), "torch": first_losses(torch_step, n)}
    samples, _ = alternate({"torch": torch_step, "tfcompat": tfc_step}, n, args.warmup,
                           args.steps)
    tf1, tf1_err = None, "not run (pass --tf-python)"
    if args.tf_python:
        tf1, tf1_err = run_tf1(script, args.tf_python, args.steps, args.warmup, threads)
    _report(title, device, threads, args, samples, check, tf1, tf1_err)


def _rel(a, b):
    return max(abs(x - y) / max(abs(y), 1e-12) for x, y in zip(a, b))


def _report(title, device, threads, args, samples, check, tf1, tf1_err):
    t = {name: _median_ms(s) for name, s in samples.items()}
    print("%s; device %s; %d torch threads" % (title, device, threads))
    print("  step time, alternating in one process (%d steps each after %d warm-up):"
          % (args.steps, args.warmup))
    for name in ("torch", "tfcompat"):
        print("    %-9s median %9.2f ms" % (name, t[name]))
    if tf1 is not None:
        print("    %-9s median %9.2f ms (own process)" % ("tf1", _median_ms(tf1["samples"])))
    else:
        print("    tf1       %s" % tf1_err)
    print("  first 10 losses, tfcompat: %s" % " ".join("%.5f" % v for v in check["tfcompat"]))
    print("  max relative difference to PyTorch: %.2e" % _rel(check["tfcompat"], check["torch"]))
    if tf1 is not None:
        print("  max relative difference to TF1:     %.2e" % _rel(check["tfcompat"],
                                                                 tf1["losses"]))
    print("  tfcompat / PyTorch step time: %.3f (target <= 1.10)" % (t["tfcompat"] / t["torch"]))
    sys.stdout.flush()
