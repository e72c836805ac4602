"""The CNN of bench_cnn.py on a busy machine (issue 16, "a busy CPU"): background processes keep
every core busy (by default one per core) while tfcompat (default ConfigProto, imported first as
a TF1 program imports tensorflow: tfcompat/_openmp.py, tfcompat/client/threads.py), hand-written
PyTorch (torch's defaults) and TF1 (its default pools) each run training steps in their own
process. The same background processes run throughout; the implementations take turns, round
after round, so that other load on the machine falls on all of them alike. Reported: the median
over rounds of each run's median step, and the CPU time a step took. Target: tfcompat <= 1.5x
TF1.

    python bench/bench_contended.py [--busy N] [--rounds 3] [--steps 6]
        [--tf-python /work/venv-tf/bin/python] [--kinds tfcompat,torch,tf1,tfcompat-torch-first]

`tfcompat-torch-first` imports torch before tfcompat (torch's OpenMP threads then keep their
long spin, and tfcompat's default thread count leaves out the busy cores instead).
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

KINDS = ("tfcompat", "torch", "tf1", "tfcompat-torch-first")


def _spin(stop):
    while not stop.is_set():
        sum(i * i for i in range(10000))


def _make_step(kind):
    if kind == "tf1":
        import tensorflow.compat.v1 as tf
        tf.disable_v2_behavior()
        import _nn_bench
        import bench_cnn
        return _nn_bench.graph_step(tf, bench_cnn._data, bench_cnn.build_graph) + (None,)
    if kind == "tfcompat":
        import tfcompat  # noqa: F401 - first, as a TF1 program imports tensorflow first
    import torch   # "torch", "tfcompat-torch-first": OpenMP's default wait

    import bench_cnn
    step, n, _ = bench_cnn.make_torch() if kind == "torch" else bench_cnn.make_tfcompat()
    return step, n, torch


def _worker(kind, steps, warmup):
    step, n, torch = _make_step(kind)
    for i in range(warmup):
        step(i % n)
    times = []
    cpu0 = time.process_time()
    for i in range(steps):
        t0 = time.perf_counter()
        step(i % n)
        times.append(time.perf_counter() - t0)
    cpu = (time.process_time() - cpu0) / steps
    print(json.dumps({"ms": statistics.median(times) * 1e3, "cpu_ms": cpu * 1e3,
                      "threads": torch.get_num_threads() if torch else None,
                      "spincount": os.environ.get("GOMP_SPINCOUNT"),
                      "wait_policy": os.environ.get("OMP_WAIT_POLICY")}))


def _measure(python, kind, steps, warmup):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", TF_USE_LEGACY_KERAS="1")
    out = subprocess.run([python, os.path.abspath(__file__), "--worker", kind, "--steps",
                          str(steps), "--warmup", str(warmup)], capture_output=True, text=True,
                         env=env, timeout=3600)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        return None, (out.stderr.strip().splitlines() or ["no output"])[-1]
    return json.loads(lines[-1]), None


def _rounds(runs, args):
    """{kind: [result per round]}; the order of the kinds rotates from round to round."""
    results = {kind: [] for kind, _ in runs}
    for r in range(args.rounds):
        for kind, python in runs[r % len(runs):] + runs[:r % len(runs)]:
            result, err = _measure(python, kind, args.steps, args.warmup)
            if result is None:
                print("  %-21s failed: %s" % (kind, err))
                continue
            results[kind].append(result)
            print("  round %d %-21s %8.1f ms/step, CPU %6.1f ms/step, torch threads %s, "
                  "OMP_WAIT_POLICY %s" % (r + 1, kind, result["ms"], result["cpu_ms"],
                                          result["threads"], result.get("wait_policy")),
                  flush=True)
    return results


def _report(results):
    medians = {kind: statistics.median(r["ms"] for r in rs) for kind, rs in results.items() if rs}
    print("median over rounds:")
    for kind, ms in medians.items():
        cpu = statistics.median(r["cpu_ms"] for r in results[kind])
        print("  %-21s %8.1f ms/step  (CPU %.1f ms/step)" % (kind, ms, cpu))
    if "tf1" in medians:
        for kind in ("tfcompat", "tfcompat-torch-first"):
            if kind in medians:
                print("  %s / TF1: %.2f (target <= 1.5)" % (kind, medians[kind] / medians["tf1"]))
    if "torch" in medians and "tfcompat" in medians:
        print("  tfcompat / hand-written torch: %.2f" % (medians["tfcompat"] / medians["torch"]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--busy", type=int, default=0, help="busy processes (default: one per core)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--steps", type=int, default=6)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--tf-python", default=None)
    ap.add_argument("--kinds", default="tfcompat,torch,tf1")
    ap.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        _worker(args.worker, args.steps, args.warmup)
        return
    kinds = args.kinds.split(",")
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        ap.error("unknown --kinds %s (choose from %s)" % (",".join(unknown), ",".join(KINDS)))
    runs = [(k, args.tf_python if k == "tf1" else sys.executable) for k in kinds]
    for kind, python in runs:
        if python is None:
            print("  %-21s not run (pass --tf-python)" % kind)
    runs = [(k, p) for k, p in runs if p is not None]
    cores = len(os.sched_getaffinity(0))
    busy = args.busy or cores
    stop = multiprocessing.Event()
    spinners = [multiprocessing.Process(target=_spin, args=(stop,), daemon=True)
                for _ in range(busy)]
    for p in spinners:
        p.start()
    time.sleep(2.0)
    try:
        print("LeNet CNN training step, %d cores, %d busy background processes, load %s"
              % (cores, busy, open("/proc/loadavg").read().split()[:4]))
        _report(_rounds(runs, args))
    finally:
        stop.set()
        for p in spinners:
            p.join(5)


if __name__ == "__main__":
    main()
