"""Benchmarks for issue 8 (several devices, several processes). Prints its figures as text and,
with --json, one JSON object.

1. Data-parallel training: the 784-512-512-10 MLP of bench_train_mlp.py (Adam, batch 128 per
   worker) with `hvd.DistributedOptimizer` in 1 and 2 processes on 127.0.0.1 (gloo, launched
   the way torchrun does). Throughput = samples/s of the whole job; scaling = 2-process
   throughput / 1-process throughput (target >= 1.6 with >= 4 cores). Each worker of the
   2-process job gets cores / 2 torch threads; the 1-process baseline is the faster of all
   cores and cores / 2 threads (on a loaded machine, OpenMP with all cores can be slower).
2. The all-reduce alone: a fused all-reduce of the MLP's gradient size (and other sizes) in 2
   processes: time per call and bandwidth, against a 1-process step.
3. Two independent branches (chains of 384x384 matmuls) on two logical CPU devices
   (ConfigProto(device_count={'CPU': 2})): run concurrently (inter_op_parallelism_threads=2) vs
   one after the other (inter_op_parallelism_threads=1), one intra-op thread each, alternating
   run by run. Target: concurrent <= 0.65x sequential.

    python bench/bench_distributed.py [--steps 60] [--rounds 3] [--json]
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SIZES = (784, 512, 512, 10)
BATCH = 128


# -- 1 and 2: workers ------------------------------------------------------------------------

def _mlp_worker(steps, warmup):
    import tfcompat as tf
    import tfcompat.horovod as hvd
    hvd.init()
    rng = np.random.RandomState(hvd.rank())
    xs = rng.normal(size=(8, BATCH, SIZES[0])).astype(np.float32)
    ys = rng.randint(0, SIZES[-1], size=(8, BATCH)).astype(np.int32)
    x = tf.placeholder(tf.float32, [None, SIZES[0]])
    y = tf.placeholder(tf.int32, [None])
    h = x
    for i, n in enumerate(SIZES[1:]):
        h = tf.layers.dense(h, n, activation=tf.nn.relu if i < len(SIZES) - 2 else None)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=h))
    train = hvd.DistributedOptimizer(tf.train.AdamOptimizer(1e-3)).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(hvd.broadcast_global_variables(0))
        step = sess.make_callable(train, [x, y])
        for i in range(warmup):
            step(xs[i % 8], ys[i % 8])
        times = []
        for i in range(steps):
            t0 = time.perf_counter()
            step(xs[i % 8], ys[i % 8])
            times.append(time.perf_counter() - t0)
    return {"step_s": statistics.median(times), "size": hvd.size()}


def _allreduce_worker(steps, warmup):
    import torch

    import tfcompat.horovod as hvd
    from tfcompat.distribute import comm
    hvd.init()
    n_grad = sum(a * b + b for a, b in zip(SIZES[:-1], SIZES[1:]))
    out = {}
    for n in (16 * 1024, 256 * 1024, n_grad, 4 * 1024 * 1024):
        t = torch.randn(n)
        for _ in range(warmup):
            comm.allreduce([t])
        times = []
        for _ in range(steps):
            t0 = time.perf_counter()
            comm.allreduce([t])
            times.append(time.perf_counter() - t0)
        out[str(n)] = statistics.median(times)
    return {"allreduce_s": out, "grad_floats": n_grad}


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _launch(kind, nproc, threads, steps, warmup):
    """Runs `nproc` workers of this script (as torchrun would); rank 0's JSON result."""
    port = str(_free_port())
    procs = []
    for rank in range(nproc):
        env = dict(os.environ, RANK=str(rank), WORLD_SIZE=str(nproc), LOCAL_RANK=str(rank),
                   LOCAL_WORLD_SIZE=str(nproc), MASTER_ADDR="127.0.0.1", MASTER_PORT=port,
                   OMP_NUM_THREADS=str(threads))
        procs.append(subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--worker", kind, "--threads",
             str(threads), "--steps", str(steps), "--warmup", str(warmup)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    outs = [p.communicate(timeout=900) for p in procs]
    for p, (_, err) in zip(procs, outs):
        if p.returncode:
            raise RuntimeError("worker failed:\n" + err[-2000:])
    return json.loads(outs[0][0].strip().splitlines()[-1])


# -- 3: branches on logical CPUs --------------------------------------------------------------

def _branches(steps, n=384, depth=8):
    import torch

    import tfcompat as tf
    torch.set_num_threads(1)
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [n, n])
        outs = []
        for device in ("/cpu:0", "/cpu:1"):
            with tf.device(device):
                h = x
                for _ in range(depth):
                    h = tf.tanh(tf.matmul(h, x) * 0.01)
                outs.append(tf.reduce_sum(h))
        total = tf.add_n(outs)
        data = np.random.RandomState(0).rand(n, n).astype(np.float32)
        runs = {}
        for name, inter in (("concurrent", 2), ("sequential", 1)):
            config = tf.ConfigProto(device_count={"CPU": 2}, intra_op_parallelism_threads=1,
                                    inter_op_parallelism_threads=inter)
            sess = tf.Session(config=config)
            runs[name] = sess.make_callable(total, [x])
            runs[name](data)
        times = {k: [] for k in runs}
        for _ in range(steps):           # alternate, so load changes hit both alike
            for name, run in runs.items():
                t0 = time.perf_counter()
                run(data)
                times[name].append(time.perf_counter() - t0)
    return {k: statistics.median(v) for k, v in times.items()}


def _raw_threads(steps, n=384, depth=8):
    """The machine's own limit: the same two chains in plain torch, on two Python threads
    (one intra-op thread each) vs one after the other."""
    import threading

    import torch
    torch.set_num_threads(1)
    x = torch.rand(n, n)

    def chain():
        torch.set_num_threads(1)
        h = x
        for _ in range(depth):
            h = torch.tanh(torch.matmul(h, x) * 0.01)
        return h.sum()

    def concurrent():
        other = threading.Thread(target=chain)
        other.start()
        chain()
        other.join()

    times = {"concurrent": [], "sequential": []}
    for _ in range(steps):
        for name, fn in (("concurrent", concurrent), ("sequential", lambda: chain() + chain())):
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    return {k: statistics.median(v) for k, v in times.items()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--worker", choices=["mlp", "allreduce"])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.worker:
        import torch
        torch.set_num_threads(max(1, args.threads))
        fn = _mlp_worker if args.worker == "mlp" else _allreduce_worker
        print(json.dumps(fn(args.steps, args.warmup)), flush=True)
        return
    cores = os.cpu_count() or 1
    runs = {"one": [], "one_1t": [], "two": []}
    for _ in range(args.rounds):        # interleaved, so load changes hit all alike
        runs["one"].append(_launch("mlp", 1, cores, args.steps, args.warmup)["step_s"])
        runs["one_1t"].append(_launch("mlp", 1, max(1, cores // 2), args.steps,
                                      args.warmup)["step_s"])
        runs["two"].append(_launch("mlp", 2, max(1, cores // 2), args.steps,
                                   args.warmup)["step_s"])
    one, one_1t, two = (statistics.median(runs[k]) for k in ("one", "one_1t", "two"))
    best_one = min(one, one_1t)
    reduce2 = _launch("allreduce", 2, max(1, cores // 2), args.steps, args.warmup)
    branches = _branches(max(10, args.steps // 2))
    raw = _raw_threads(max(10, args.steps // 2))
    result = {
        "cores": cores,
        "mlp_1proc_step_s": one, "mlp_1proc_half_threads_step_s": one_1t,
        "mlp_2proc_step_s": two,
        "mlp_1proc_samples_per_s": BATCH / best_one,
        "mlp_2proc_samples_per_s": 2 * BATCH / two,
        "scaling_2proc": (2 * BATCH / two) / (BATCH / best_one),
        "allreduce_2proc_s": reduce2["allreduce_s"], "grad_floats": reduce2["grad_floats"],
        "branches_concurrent_s": branches["concurrent"],
        "branches_sequential_s": branches["sequential"],
        "branches_ratio": branches["concurrent"] / branches["sequential"],
        "raw_threads_ratio": raw["concurrent"] / raw["sequential"],
    }
    if args.json:
        print(json.dumps(result))
        return
    _report(result)


def _report(r):
    print("cores: %d (load average %.1f)" % (r["cores"], os.getloadavg()[0]))
    print("data-parallel MLP 784-512-512-10, Adam, batch %d per worker, gloo:" % BATCH)
    print("  1 process : %.2f ms/step with %d threads, %.2f ms/step with %d -> best %.0f "
          "samples/s" % (r["mlp_1proc_step_s"] * 1e3, r["cores"],
                         r["mlp_1proc_half_threads_step_s"] * 1e3, max(1, r["cores"] // 2),
                         r["mlp_1proc_samples_per_s"]))
    print("  2 processes: %.2f ms/step  %.0f samples/s  -> scaling %.2fx (target >= 1.6 on "
          ">= 4 cores)" % (r["mlp_2proc_step_s"] * 1e3, r["mlp_2proc_samples_per_s"],
                           r["scaling_2proc"]))
    print("all-reduce alone, 2 processes (fused, float32):")
    for n, t in r["allreduce_2proc_s"].items():
        marker = "  <- the MLP's gradients" if int(n) == r["grad_floats"] else ""
        print("  %9d floats: %.3f ms  %.2f GB/s%s" % (int(n), t * 1e3, 4 * int(n) / t / 1e9,
                                                       marker))
    grad = r["allreduce_2proc_s"][str(r["grad_floats"])]
    print("  gradient all-reduce = %.0f%% of a 2-process step" % (100 * grad
                                                               / r["mlp_2proc_step_s"]))
    print("two independent branches on two logical CPUs (1 intra-op thread):")
    print("  sequential %.2f ms, concurrent %.2f ms -> %.2fx (target <= 0.65)" % (
        r["branches_sequential_s"] * 1e3, r["branches_concurrent_s"] * 1e3,
        r["branches_ratio"]))
    print("  (plain torch on two threads, the machine's limit: %.2fx)" % r["raw_threads_ratio"])


if __name__ == "__main__":
    main()
