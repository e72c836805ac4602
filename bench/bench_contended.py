"""The CNN of bench_cnn.py on a busy machine (issue 16, "a busy CPU"): background processes keep
every core busy while tfcompat (default ConfigProto: its thread count follows the free CPUs,
tfcompat/client/threads.py), hand-written PyTorch (torch's default thread count) and TF1 (its
default pools) each run training steps in their own process. Target: tfcompat <= 1.5x TF1.

    python bench/bench_contended.py [--busy N] [--steps 6] [--tf-python /work/tfref/bin/python]
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def _spin(stop):
    while not stop.is_set():
        sum(i * i for i in range(10000))


def _worker(kind, steps, warmup):
    import bench_cnn

    if kind == "tfcompat":
        step, n, _ = bench_cnn.make_tfcompat()
    elif kind == "torch":
        step, n, _ = bench_cnn.make_torch()
    else:
        import tensorflow.compat.v1 as tf
        tf.disable_v2_behavior()
        import _nn_bench
        step, n = _nn_bench.graph_step(tf, bench_cnn._data, bench_cnn.build_graph)
    for i in range(warmup):
        step(i % n)
    times = []
    for i in range(steps):
        t0 = time.perf_counter()
        step(i % n)
        times.append(time.perf_counter() - t0)
    import torch
    print(json.dumps({"ms": statistics.median(times) * 1e3, "threads": torch.get_num_threads()}))


def _measure(python, kind, steps, warmup):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", TF_USE_LEGACY_KERAS="1")
    out = subprocess.run([python, os.path.abspath(__file__), "--worker", kind, "--steps",
                          str(steps), "--warmup", str(warmup)], capture_output=True, text=True,
                         env=env, timeout=3600)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        return None, (out.stderr.strip().splitlines() or ["no output"])[-1]
    return json.loads(lines[-1]), None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--busy", type=int, default=0, help="busy processes (default: 3 per core)")
    ap.add_argument("--steps", type=int, default=6)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--tf-python", default=None)
    ap.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        _worker(args.worker, args.steps, args.warmup)
        return
    cores = len(os.sched_getaffinity(0))
    busy = args.busy or 3 * cores
    stop = multiprocessing.Event()
    spinners = [multiprocessing.Process(target=_spin, args=(stop,), daemon=True)
                for _ in range(busy)]
    for p in spinners:
        p.start()
    time.sleep(2.0)
    try:
        print("LeNet CNN training step, %d cores, %d busy background processes, load %s"
              % (cores, busy, open("/proc/loadavg").read().split()[:4]))
        results = {}
        for kind, python in (("tfcompat", sys.executable), ("torch", sys.executable),
                             ("tf1", args.tf_python)):
            if python is None:
                print("  %-9s not run (pass --tf-python)" % kind)
                continue
            result, err = _measure(python, kind, args.steps, args.warmup)
            if result is None:
                print("  %-9s failed: %s" % (kind, err))
                continue
            results[kind] = result["ms"]
            print("  %-9s median %9.1f ms/step  (%d torch threads)" % (kind, result["ms"],
                                                                      result["threads"]))
        if "tf1" in results:
            print("  tfcompat / TF1: %.2f (target <= 1.5)" % (results["tfcompat"] / results["tf1"]))
        if "torch" in results:
            print("  tfcompat / hand-written torch: %.2f" % (results["tfcompat"] / results["torch"]))
    finally:
        stop.set()
        for p in spinners:
            p.join(5)


if __name__ == "__main__":
    main()
