"""Training-step benchmark (issues 3, 16): a 784-512-512-10 ReLU MLP, softmax cross-entropy,
Adam, batch 128, fed by `feed_dict`, in tfcompat (eager plans, and compiled plans: TF's
global_jit_level ON_1 -> torch.compile), in hand-written PyTorch (eager torch.optim.Adam, and
the same step under torch.compile), and in real TF1 where it can be run. Prints each one's
median step time and peak resident memory, and tfcompat's ratios to PyTorch.

    python bench/bench_train_mlp.py [--steps 300] [--threads N] [--tf-python /path/to/python]

Step times: the four torch-based variants run in one process with the same torch threads, the
same data and the same initial weights, alternating step by step, so machine load affects all
alike (compiled variants report their first, compiling step apart; on CUDA, each one's
torch.cuda peak memory). Then each implementation (TF1 too, possibly in another interpreter)
runs alone in fresh processes, interleaved over `--rounds` rounds: their peak RSS, and the
step times compared with TF1. On CUDA (when available) tfcompat and PyTorch run on the GPU.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

import numpy as np

import _nn_bench

SIZES = (784, 512, 512, 10)
BATCH = 128


def _data(n_batches=16):
    rng = np.random.RandomState(0)
    xs = rng.normal(size=(n_batches, BATCH, SIZES[0])).astype(np.float32)
    ys = rng.randint(0, SIZES[-1], size=(n_batches, BATCH)).astype(np.int32)
    weights = []
    for fan_in, fan_out in zip(SIZES[:-1], SIZES[1:]):
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        weights.append((rng.uniform(-limit, limit, (fan_in, fan_out)).astype(np.float32),
                        np.zeros(fan_out, np.float32)))
    return xs, ys, weights


def _time_steps(step, n_batches, warmup, steps):
    for i in range(warmup):
        step(i % n_batches)
    samples = []
    for i in range(steps):
        t0 = time.perf_counter()
        step(i % n_batches)
        samples.append(time.perf_counter() - t0)
    return samples


def _graph_model(tf, weights):
    x = tf.placeholder(tf.float32, [None, SIZES[0]], name="x")
    y = tf.placeholder(tf.int32, [None], name="y")
    h = x
    for i, (w0, b0) in enumerate(weights):
        with tf.variable_scope("dense_%d" % i):
            w = tf.get_variable("kernel", initializer=w0)
            b = tf.get_variable("bias", initializer=b0)
        h = tf.matmul(h, w) + b
        if i < len(weights) - 1:
            h = tf.nn.relu(h)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=h))
    train = tf.train.AdamOptimizer(1e-3).minimize(loss)
    return x, y, loss, train


def worker_graph(impl, steps, warmup):
    if impl == "tf1":
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        import tensorflow.compat.v1 as tf
        tf.disable_v2_behavior()
        config = tf.ConfigProto(intra_op_parallelism_threads=int(os.environ["BENCH_THREADS"]),
                                inter_op_parallelism_threads=1)
    else:
        import tfcompat as tf
        config = None
    xs, ys, weights = _data()
    with tf.Graph().as_default():
        x, y, loss, train = _graph_model(tf, weights)
        sess = tf.Session(config=config)
        sess.run(tf.global_variables_initializer())
        samples = _time_steps(lambda i: sess.run([train, loss], {x: xs[i], y: ys[i]}),
                              len(xs), warmup, steps)
    return samples


def _torch_step_fn(compiled=False):
    import torch
    import torch.nn.functional as F
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    xs, ys, weights = _data()
    layers = torch.nn.ModuleList()
    for w0, b0 in weights:
        layer = torch.nn.Linear(w0.shape[0], w0.shape[1])
        with torch.no_grad():
            layer.weight.copy_(torch.from_numpy(w0.T))
            layer.bias.copy_(torch.from_numpy(b0))
        layers.append(layer)
    layers.to(device)
    opt = torch.optim.Adam(layers.parameters(), lr=1e-3)

    def train_step(x, y):
        h = x
        for j, layer in enumerate(layers):
            h = layer(h)
            if j < len(layers) - 1:
                h = F.relu(h)
        loss = F.cross_entropy(h, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss

    run = torch.compile(train_step) if compiled else train_step

    def step(i):
        x = torch.from_numpy(xs[i]).to(device)
        y = torch.from_numpy(ys[i]).to(device).long()
        return run(x, y).item()

    return step, len(xs)


def _tfcompat_step_fn(jit=False):
    import tfcompat as tf
    xs, ys, weights = _data()
    config = _nn_bench.jit_config(tf) if jit else tf.ConfigProto()
    config.intra_op_parallelism_threads = int(os.environ["BENCH_THREADS"])   # as _nn_bench
    with tf.Graph().as_default():
        x, y, loss, train = _graph_model(tf, weights)
        sess = tf.Session(config=config)
        sess.run(tf.global_variables_initializer())
    return (lambda i: sess.run([train, loss], {x: xs[i], y: ys[i]})[1]), len(xs)


ALTERNATING = ("torch", "torch.compile", "tfcompat", "tfcompat jit")


def worker_alternating(steps, warmup):
    """Median step times of PyTorch and tfcompat, eager and compiled, alternating step by
    step; the first (compiling) step of each apart; CUDA peak memory where CUDA is used."""
    import torch
    torch.set_num_threads(int(os.environ["BENCH_THREADS"]))
    makers = {"torch": lambda: _torch_step_fn(False), "torch.compile": lambda: _torch_step_fn(True),
              "tfcompat": lambda: _tfcompat_step_fn(False),
              "tfcompat jit": lambda: _tfcompat_step_fn(True)}
    step_fns, first = {}, {}
    for name in ALTERNATING:
        # two first steps each: a compiled tfcompat plan compiles at its second run
        step_fns[name], n, _, first[name] = _nn_bench.first_timed(
            lambda: makers[name]() + (None,), runs=2)
    samples, _ = _nn_bench.alternate(step_fns, n, warmup, steps)
    peaks = _nn_bench.cuda_peaks(step_fns, n) if torch.cuda.is_available() else {}
    device = "cuda" if torch.cuda.is_available() else "cpu"
    print(json.dumps({"samples": samples, "device": device, "first": first, "peaks": peaks}))


def worker_alone(impl, steps, warmup):
    """One implementation alone: its step times and peak RSS."""
    if impl == "tf1":
        samples = worker_graph(impl, steps, warmup)
        device = "cpu"
    else:
        import torch
        torch.set_num_threads(int(os.environ["BENCH_THREADS"]))
        step, n = _torch_step_fn() if impl == "torch" else _tfcompat_step_fn()
        samples = _time_steps(step, n, warmup, steps)
        device = "cuda" if torch.cuda.is_available() else "cpu"
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"impl": impl, "samples": samples, "peak_rss_mb": rss_kb / 1024.0,
                      "device": device}))


def _run_worker(python, worker, args, env, steps):
    cmd = [python, os.path.abspath(__file__), "--worker", worker, "--steps", str(steps),
           "--warmup", str(args.warmup)]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        return None, (out.stderr.strip().splitlines() or ["no output"])[-1]
    return json.loads(lines[-1]), None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds of the "
                        "single-implementation runs")
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: all cores)")
    parser.add_argument("--tf-python", default=None, help="a Python with tensorflow for TF1")
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker == "alternating":
        worker_alternating(args.steps, args.warmup)
        return
    if args.worker:
        worker_alone(args.worker, args.steps, args.warmup)
        return
    threads = args.threads or os.cpu_count()
    env = dict(os.environ, BENCH_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
    env["PYTHONPATH"] = os.pathsep.join(
        [os.path.dirname(os.path.dirname(os.path.abspath(__file__)))]
        + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    timing, err = _run_worker(sys.executable, "alternating", args, env, args.steps)
    if timing is None:
        raise SystemExit("benchmark failed: %s" % err)
    impls = [("torch", sys.executable), ("tfcompat", sys.executable)]
    tf_python = _nn_bench.tf_python(args.tf_python)
    tf1_err = "tensorflow is not importable (use --tf-python)"
    if tf_python:
        impls.append(("tf1", tf_python))
    alone = {name: None for name, _ in impls}
    for _ in range(args.rounds):  # interleaved, so slow drifts in machine load hit all alike
        for name, python in impls:
            res, err = _run_worker(python, name, args, env, max(50, args.steps // args.rounds))
            if res is None:
                if name != "tf1":
                    raise SystemExit("benchmark failed (%s): %s" % (name, err))
                tf1_err = err
                continue
            if alone[name] is None:
                alone[name] = res
            else:
                alone[name]["samples"] += res["samples"]
                alone[name]["peak_rss_mb"] = max(alone[name]["peak_rss_mb"], res["peak_rss_mb"])
    _report(timing, alone, alone.get("tf1"), tf1_err, threads, args)


def _ms(samples):
    return statistics.median(samples) * 1e3


def _report(timing, alone, tf1, tf1_err, threads, args):
    print("MLP %s, batch %d, Adam, feed_dict; %d torch threads; device %s; load average %.1f"
          % ("-".join(map(str, SIZES)), BATCH, threads, timing["device"], os.getloadavg()[0]))
    t = {name: _ms(samples) for name, samples in timing["samples"].items()}
    print("  step time, alternating in one process (%d steps each):" % args.steps)
    for name in ALTERNATING:
        extra = " (first 2 steps, compiling: %.1f s)" % timing["first"][name] \
            if name in ("torch.compile", "tfcompat jit") else ""
        memory = "  cuda peak %8.1f MB" % timing["peaks"][name] if timing["peaks"] else ""
        print("    %-13s median %8.3f ms%s%s" % (name, t[name], memory, extra))
    print("  each alone in fresh processes (%d interleaved rounds):" % args.rounds)
    for name in ("torch", "tfcompat"):
        print("    %-9s peak RSS %7.1f MB   median step %8.3f ms"
              % (name, alone[name]["peak_rss_mb"], _ms(alone[name]["samples"])))
    if tf1 is not None:
        print("    %-9s peak RSS %7.1f MB   median step %8.3f ms (%d TF intra-op threads)"
              % ("tf1", tf1["peak_rss_mb"], _ms(tf1["samples"]), threads))
    else:
        print("    tf1       not run: %s" % tf1_err)
    print("  tfcompat / PyTorch step time: %.3f (target <= 1.10)" % (t["tfcompat"] / t["torch"]))
    print("  tfcompat jit / PyTorch step time: %.3f (target <= 0.85)"
          % (t["tfcompat jit"] / t["torch"]))
    print("  tfcompat jit / torch.compile step time: %.3f (target <= 1.05)"
          % (t["tfcompat jit"] / t["torch.compile"]))
    print("  tfcompat / PyTorch peak RSS:  %.3f (target <= 1.20)"
          % (alone["tfcompat"]["peak_rss_mb"] / alone["torch"]["peak_rss_mb"]))
    if tf1 is not None:
        print("  tfcompat / TF1 step time (each alone): %.3f (target < 1)"
              % (_ms(alone["tfcompat"]["samples"]) / _ms(tf1["samples"])))


if __name__ == "__main__":
    main()
