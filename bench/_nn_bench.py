"""Shared driver for the nn benchmarks (bench_cnn.py, bench_lstm.py): times a tfcompat model
(eager plans, and compiled plans: global_jit_level ON_1 -> torch.compile) and the same model
written by hand in PyTorch (eager, and its step under torch.compile), alternating step by step
in one process (same threads, data and initial weights), checks that all give the same losses,
and, when a Python with TensorFlow is found, times TF1 in its own process. On CUDA (used
automatically when available) it also reports each one's torch.cuda peak memory.
"tfcompat jit" is what a compiled plan runs: by default the faster of its compiled and eager
forms, measured on its first runs (client/jit.py); TFCOMPAT_JIT_CHOICE=compiled times the
compiled form itself. The report says which ran.

A session makes glibc reuse large host blocks (client/cpu_allocator.py), for the whole process:
the hand-written torch steps alternating beside tfcompat's get that reuse too. A hand port runs
in a process of its own, without it; so the hand-written model is also timed alone in a fresh
process ("own process"), and the targets are stated against that (the in-process ratios are
printed next to them).
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
    return run_worker(script, python, "tf1", steps, warmup, threads)


def run_worker(script, python, worker, steps, warmup, threads):
    """(the worker's JSON line, None) or (None, why not): `worker` run in a fresh process."""
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", TF_ENABLE_ONEDNN_OPTS="0",
               TF_USE_LEGACY_KERAS="1", BENCH_THREADS=str(threads))
    cmd = [python, script, "--worker", worker, "--steps", str(steps), "--warmup", str(warmup)]
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

    def step(i):
        return sess.run([train, loss], {x: xs[i], y: ys[i]})[1]
    step.session = sess
    return step, len(xs)


def jit_choice(step):
    """What tfcompat's compiled training plan runs (client/jit.py's measured choice), or None."""
    plans = getattr(getattr(step, "session", None), "_plans", {})
    for _, plan in plans.values():
        runner = getattr(plan, "jit", None)
        if runner is not None and runner.n_ops > 10:
            if runner.timings is None:
                return runner.chosen or "undecided"
            return "%s (its measured medians: compiled %.1f ms, eager %.1f ms)" % (
                runner.chosen, runner.timings[0] * 1e3, runner.timings[1] * 1e3)
    return None


def jit_config(tf):
    """TF1's switch for compiled plans (tfcompat: torch.compile, client/jit.py)."""
    config = tf.ConfigProto()
    config.graph_options.optimizer_options.global_jit_level = tf.OptimizerOptions.ON_1
    return config


def graph_makers(data, build_graph):
    """(make_tfcompat(jit=False), make_tf1) for a benchmark's `data()` and
    `build_graph(tf, w)`."""
    def make_tfcompat(jit=False):
        import torch

        import tfcompat as tf
        config = jit_config(tf) if jit else tf.ConfigProto()
        # the bench's thread count, stated as a TF1 program states it: a count equal to the
        # CPU count is otherwise taken for torch's default, which sessions lower on a busy
        # machine (client/threads.py)
        config.intra_op_parallelism_threads = torch.get_num_threads()
        step, n = graph_step(tf, data, build_graph, config)
        return step, n, "cuda" if torch.cuda.is_available() else "cpu"

    def make_tf1(threads):
        import tensorflow.compat.v1 as tf
        tf.disable_v2_behavior()
        return graph_step(tf, data, build_graph,
                          tf.ConfigProto(intra_op_parallelism_threads=threads,
                                         inter_op_parallelism_threads=1))

    return make_tfcompat, make_tf1


def tf_python(given):
    """A Python with TensorFlow: --tf-python, $TFCOMPAT_TF_PYTHON, or this one if it has it."""
    if given:
        return given
    if os.environ.get("TFCOMPAT_TF_PYTHON"):
        return os.environ["TFCOMPAT_TF_PYTHON"]
    import importlib.util
    return sys.executable if importlib.util.find_spec("tensorflow") else None


def first_timed(make, runs=1):
    """(step, n, device, seconds of the first `runs` steps): compilation happens there
    (tfcompat's compiled plans: at the second run, the first is eager)."""
    step, n, device = make()
    t0 = time.perf_counter()
    for i in range(runs):
        step(i % n)
    return step, n, device, time.perf_counter() - t0


def _hand_port_alone(make_torch, threads, args):
    """The hand-written model's step times, eager and compiled, in this fresh process: as a
    hand port runs (tfcompat is not imported here, glibc's malloc keeps its defaults)."""
    import torch
    torch.set_num_threads(threads)
    assert "tfcompat" not in sys.modules
    eager, n, _ = make_torch(False)
    steps = {"torch alone": eager, "torch.compile alone": make_torch(True)[0]}
    samples, _ = alternate(steps, n, args.warmup + 2, args.steps)
    return samples


def cuda_peaks(steps_by_name, n):
    """torch.cuda peak memory (MB) of a few steps of each implementation, alone."""
    import torch
    peaks = {}
    for name, step in steps_by_name.items():
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
        for i in range(3):
            step(i % n)
        torch.cuda.synchronize()
        peaks[name] = torch.cuda.max_memory_allocated() / 2 ** 20
    return peaks


IMPLS = ("torch", "torch.compile", "tfcompat", "tfcompat jit")


def main(title, script, make_tfcompat, make_torch, make_tf1_step):
    """`make_*()` return (step(i) -> loss, n_batches, device name); `make_torch(compiled)`
    and `make_tfcompat(jit)` also build the compiled variants."""
    parser = argparse.ArgumentParser(description=title)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: all cores)")
    parser.add_argument("--tf-python", default=None, help="a Python with tensorflow for TF1 "
                        "(default: $TFCOMPAT_TF_PYTHON, or this one if it has tensorflow)")
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    threads = args.threads or int(os.environ.get("BENCH_THREADS", 0)) or os.cpu_count()
    if args.worker == "tf1":
        step, n = make_tf1_step(threads)
        for i in range(2):   # the two first steps the other implementations take before theirs
            step(i % n)
        losses = first_losses(step, n)
        samples, _ = alternate({"tf1": step}, n, args.warmup, args.steps)
        print(json.dumps({"samples": samples["tf1"], "losses": losses}))
        return
    if args.worker == "torch":
        print(json.dumps(_hand_port_alone(make_torch, threads, args)))
        return
    import torch
    torch.set_num_threads(threads)
    # two first steps each (the losses checked next come from the same training state)
    made = {"torch": first_timed(lambda: make_torch(False), runs=2),
            "torch.compile": first_timed(lambda: make_torch(True), runs=2),
            "tfcompat": first_timed(lambda: make_tfcompat(False), runs=2),
            "tfcompat jit": first_timed(lambda: make_tfcompat(True), runs=2)}
    steps = {name: m[0] for name, m in made.items()}
    n, device = made["tfcompat"][1], made["tfcompat"][2]
    first = {name: m[3] for name, m in made.items()}
    check = {name: first_losses(step, n) for name, step in steps.items()}
    samples, _ = alternate(steps, n, args.warmup, args.steps)
    peaks = cuda_peaks(steps, n) if torch.cuda.is_available() else None
    tf1, tf1_err = None, "not run: tensorflow not importable (pass --tf-python)"
    python = tf_python(args.tf_python)
    if python:
        tf1, tf1_err = run_tf1(script, python, args.steps, args.warmup, threads)
    alone, alone_err = run_worker(script, sys.executable, "torch", args.steps, args.warmup,
                                  threads)
    if alone is None:
        print("  hand port in its own process failed: %s" % alone_err)
    else:
        samples.update(alone)
    _report(title, device, threads, args, samples, check, first, peaks, tf1, tf1_err)
    print("  tfcompat jit runs: %s (TFCOMPAT_JIT_CHOICE=%s)" % (
        jit_choice(steps["tfcompat jit"]), os.environ.get("TFCOMPAT_JIT_CHOICE", "measure")))


def _rel(a, b):
    return max(abs(x - y) / max(abs(y), 1e-12) for x, y in zip(a, b))


def _report(title, device, threads, args, samples, check, first, peaks, tf1, tf1_err):
    t = {name: _median_ms(s) for name, s in samples.items()}
    print("%s; device %s; %d torch threads; load average %.1f" % (
        title, device, threads, os.getloadavg()[0]))
    print("  step time, alternating in one process (%d steps each after %d warm-up):"
          % (args.steps, args.warmup))
    for name in IMPLS:
        extra = " (first 2 steps, compiling: %.1f s)" % first[name] \
            if name in ("torch.compile", "tfcompat jit") else ""
        memory = "  cuda peak %8.1f MB" % peaks[name] if peaks else ""
        print("    %-13s median %9.2f ms%s%s" % (name, t[name], memory, extra))
    for name in ("torch alone", "torch.compile alone"):
        if name in t:
            print("    %-13s median %9.2f ms (hand port in its own process, glibc malloc's "
                  "defaults)" % (name.split()[0], t[name]))
    if tf1 is not None:
        print("    %-13s median %9.2f ms (own process)" % ("tf1", _median_ms(tf1["samples"])))
    else:
        print("    tf1           %s" % tf1_err)
    print("  first 10 losses, tfcompat: %s" % " ".join("%.5f" % v for v in check["tfcompat"]))
    for name in ("torch.compile", "tfcompat jit", "torch"):
        print("  max relative loss difference, tfcompat vs %-13s %.2e"
              % (name + ":", _rel(check["tfcompat"], check[name])))
    if tf1 is not None:
        print("  max relative loss difference, tfcompat vs tf1:           %.2e"
              % _rel(check["tfcompat"], tf1["losses"]))
    eager, compiled = (("torch alone", "torch.compile alone") if "torch alone" in t
                       else ("torch", "torch.compile"))
    print("  ratios against the hand port %s (in one process with tfcompat's in brackets):"
          % ("in its own process" if eager != "torch" else "in this process"))
    print("  tfcompat     / torch          step time: %.3f [%.3f] (target <= 1.10)"
          % (t["tfcompat"] / t[eager], t["tfcompat"] / t["torch"]))
    print("  tfcompat jit / torch          step time: %.3f [%.3f] (target <= 0.85)"
          % (t["tfcompat jit"] / t[eager], t["tfcompat jit"] / t["torch"]))
    print("  tfcompat jit / torch.compile  step time: %.3f [%.3f] (target <= 1.05)"
          % (t["tfcompat jit"] / t[compiled], t["tfcompat jit"] / t["torch.compile"]))
    if tf1 is not None:
        print("  tfcompat jit / tf1            step time: %.3f"
              % (t["tfcompat jit"] / _median_ms(tf1["samples"])))
    sys.stdout.flush()
