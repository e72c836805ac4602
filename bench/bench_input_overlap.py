"""Input overlapping compute (issue 16, item 4): does a tf.data pipeline run while the model
trains, as TF's does?

The pipeline: `TFRecordDataset` of small raw images (36x36x3 uint8, written to a temp dir) ->
`map(parse_single_example + decode_raw + a py_func doing numpy augmentation: random 32x32 crop,
random flip, normalization, num_parallel_calls=2)` -> `batch(32)` -> `prefetch(2)` (map and
batch run fused, as TF's default map_and_batch_fusion runs them: the map's threads fill whole
batches); the model: a small CNN (two 3x3 convolutions, max pooling, a dense layer) trained
with momentum SGD.
Measured, in one process:

  compute  the training step fed from memory (feed_dict of ready batches)
  input    the pipeline alone (get_next per batch)
  step     the training step reading the pipeline
  serial   the same with map run inline and no prefetch (what step costs without overlap)

(alternating blocks of consecutive steps, medians) and `step / max(input, compute)`: 1.0 is
perfect overlap, (input + compute) / max(input, compute) none (target <= 1.15). Where Linux
reports it (/proc/thread-self/schedstat), each mode's median time per call that the main
thread spent ready to run but waiting for a CPU is printed too: tfcompat runs the step's
kernels on that thread, so when it is more than a small part of the call, other processes had
the CPUs and the figures measure the load (TF1 runs its kernels on its own threads). With
--tf-python (default: /work/venv-tf/bin/python where it exists) the same figures for TF1 are
measured in a subprocess. Overlap needs an idle CPU for the pipeline: on a machine whose load
average exceeds its CPU count neither framework gets it, so the load is printed too.

With --io-ms, each image also waits that long without holding the GIL (as a read from remote
storage does): the part of input work that threads can overlap with compute in one Python
process. Python work in the pipeline (a py_func, tfcompat's dataset functions) holds the GIL,
which tfcompat's training step needs between its kernels, so that part cannot overlap.

    python bench/bench_input_overlap.py [--steps 80] [--threads 1] [--io-ms 0] [--tf-python P]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

SIDE, CROP, CHANNELS, BATCH, N_RECORDS = 36, 32, 3, 32, 2048
PARALLEL = 2
TF_PYTHON = "/work/venv-tf/bin/python"


def load(impl):
    if impl == "tf1":
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        import tensorflow.compat.v1 as tf
        tf.disable_v2_behavior()
        tf.get_logger().setLevel("ERROR")
        return tf
    import tfcompat as tf
    return tf


def write_records(tf, path):
    rng = np.random.RandomState(0)
    with tf.io.TFRecordWriter(path) as writer:
        for i in range(N_RECORDS):
            image = rng.randint(0, 256, (SIDE, SIDE, CHANNELS), dtype=np.uint8)
            feature = {
                "image": tf.train.Feature(bytes_list=tf.train.BytesList(value=[image.tobytes()])),
                "label": tf.train.Feature(int64_list=tf.train.Int64List(value=[i % 10]))}
            example = tf.train.Example(features=tf.train.Features(feature=feature))
            writer.write(example.SerializeToString())


IO_WAIT_S = 0.0  # --io-ms: a wait per image that holds no GIL (reading remote storage)


def augment(image, label):
    """Per-image numpy work: a random crop, a random flip, normalization (about what a
    real input pipeline does in Python); the randomness is seeded by the image."""
    if IO_WAIT_S:
        time.sleep(IO_WAIT_S)
    rng = np.random.RandomState(int(image[:2, :2].sum()) * 10 + int(label))
    top, left = rng.randint(0, SIDE - CROP + 1, 2)
    out = image[top:top + CROP, left:left + CROP].astype(np.float32)
    if rng.rand() < 0.5:
        out = out[:, ::-1]
    out = (out - out.mean()) / (out.std() + 1e-6)
    return np.ascontiguousarray(out, dtype=np.float32)


def pipeline(tf, path, parallel):
    features = {"image": tf.io.FixedLenFeature([], tf.string),
                "label": tf.io.FixedLenFeature([], tf.int64)}

    def parse(record):
        parsed = tf.io.parse_single_example(record, features)
        image = tf.reshape(tf.io.decode_raw(parsed["image"], tf.uint8), [SIDE, SIDE, CHANNELS])
        image = tf.py_func(augment, [image, parsed["label"]], tf.float32)
        image.set_shape([CROP, CROP, CHANNELS])
        return image, tf.cast(parsed["label"], tf.int32)

    ds = tf.data.TFRecordDataset(path).repeat()
    ds = ds.map(parse, num_parallel_calls=PARALLEL if parallel else None).batch(BATCH)
    return ds.prefetch(2) if parallel else ds


def model(tf, images, labels, scope):
    init = tf.glorot_uniform_initializer(seed=1)
    with tf.variable_scope(scope):
        w1 = tf.get_variable("w1", [3, 3, CHANNELS, 16], initializer=init)
        w2 = tf.get_variable("w2", [3, 3, 16, 32], initializer=init)
        w3 = tf.get_variable("w3", [8 * 8 * 32, 10], initializer=init)
    h = tf.nn.relu(tf.nn.conv2d(images, w1, [1, 1, 1, 1], "SAME"))
    h = tf.nn.max_pool(h, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
    h = tf.nn.relu(tf.nn.conv2d(h, w2, [1, 1, 1, 1], "SAME"))
    h = tf.nn.max_pool(h, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
    logits = tf.matmul(tf.reshape(h, [-1, 8 * 8 * 32]), w3)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels,
                                                                         logits=logits))
    return tf.train.MomentumOptimizer(0.01, 0.9).minimize(loss)


BLOCK, SKIP = 12, 4  # steps run back to back per mode; the first SKIP are not counted


def alternate(modes, warmup, steps):
    """Median ms per call of each mode, measured in alternating blocks of BLOCK consecutive
    calls (so a loaded machine's drift hits every mode alike); the first SKIP calls of a block
    are not counted: they run while the previous mode's background work (a refilling prefetch
    buffer) finishes, and before this mode reaches its steady state."""
    for fn in modes.values():
        for _ in range(warmup):
            fn()
    samples = {name: [] for name in modes}
    queued = {name: [] for name in modes}
    for _ in range(max(1, steps // (BLOCK - SKIP))):
        for name, fn in modes.items():
            for i in range(BLOCK):
                q0, t0 = cpu_wait(), time.perf_counter()
                fn()
                if i >= SKIP:
                    samples[name].append(time.perf_counter() - t0)
                    queued[name].append(cpu_wait() - q0)
    out = {name + "_ms": statistics.median(v) * 1e3 for name, v in samples.items()}
    out.update({name + "_cpu_wait_ms": statistics.median(v) * 1e3 for name, v in queued.items()})
    return out


def cpu_wait() -> float:
    """Seconds this thread has spent runnable but not running (0 where not reported)."""
    try:
        with open("/proc/thread-self/schedstat", encoding="ascii") as f:
            return int(f.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


def measure(impl, steps, warmup, threads):
    with tempfile.TemporaryDirectory(prefix="bench_overlap_") as tmp:  # ~8 MB of records
        return measure_in(load(impl), os.path.join(tmp, "images.tfrecord"), steps, warmup,
                          threads)


def measure_in(tf, path, steps, warmup, threads):
    write_records(tf, path)
    rng = np.random.RandomState(1)
    ready = [(rng.randn(BATCH, CROP, CROP, CHANNELS).astype(np.float32),
              rng.randint(0, 10, BATCH).astype(np.int32)) for _ in range(8)]
    out = {}
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, CROP, CROP, CHANNELS])
        y = tf.placeholder(tf.int32, [None])
        train_fed = model(tf, x, y, "fed")
        fast = tf.data.make_one_shot_iterator(pipeline(tf, path, True)).get_next()
        slow = tf.data.make_one_shot_iterator(pipeline(tf, path, False)).get_next()
        input_only = tf.data.make_one_shot_iterator(pipeline(tf, path, True)).get_next()
        train_fast, train_slow = model(tf, *fast, "fast"), model(tf, *slow, "slow")
        config = tf.ConfigProto(intra_op_parallelism_threads=threads,
                                inter_op_parallelism_threads=threads)
        with tf.Session(config=config) as sess:
            sess.run(tf.global_variables_initializer())
            count = iter(range(10 ** 9))
            out.update(alternate({
                "compute": lambda: sess.run(train_fed, dict(zip(
                    (x, y), ready[next(count) % len(ready)]))),
                "input": lambda: sess.run(input_only),
                "step": lambda: sess.run(train_fast),
                "serial": lambda: sess.run(train_slow)}, warmup, steps))
    out["ratio"] = out["step_ms"] / max(out["input_ms"], out["compute_ms"])
    return out


def report(name, r):
    print("%-9s compute %6.2f ms  input %6.2f ms  step %6.2f ms  serial %6.2f ms  "
          "step/max(input, compute) %.2f  (no overlap would be %.2f)"
          % (name, r["compute_ms"], r["input_ms"], r["step_ms"], r["serial_ms"], r["ratio"],
             (r["input_ms"] + r["compute_ms"]) / max(r["input_ms"], r["compute_ms"])))
    if "step_cpu_wait_ms" in r:
        print("%-9s main thread waiting for a CPU, ms per call: compute %.2f  input %.2f  step "
              "%.2f  serial %.2f" % ("", r["compute_cpu_wait_ms"], r["input_cpu_wait_ms"],
                                     r["step_cpu_wait_ms"], r["serial_cpu_wait_ms"]))


def machine():
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return "%d CPUs, load average %.2f %.2f %.2f" % ((cpus,) + tuple(load))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=80)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--impl", choices=("tfcompat", "tf1"), default=None)
    parser.add_argument("--io-ms", type=float, default=0.0,
                        help="a GIL-free wait per image in the map (simulated storage reads)")
    parser.add_argument("--threads", type=int, default=1,
                        help="compute threads (intra/inter-op); the rest of the CPUs are left "
                             "to the input pipeline")
    parser.add_argument("--tf-python", default=TF_PYTHON if os.path.exists(TF_PYTHON) else "")
    args = parser.parse_args()
    global IO_WAIT_S
    IO_WAIT_S = args.io_ms / 1e3
    if args.impl is not None:  # a worker: one framework, JSON on stdout
        print(json.dumps(measure(args.impl, args.steps, args.warmup, args.threads)))
        return
    print(machine())
    print("compute threads: %d, map num_parallel_calls: %d, batch %d, I/O wait per image "
          "%.2f ms" % (args.threads, PARALLEL, BATCH, args.io_ms))
    report("tfcompat", measure("tfcompat", args.steps, args.warmup, args.threads))
    if not args.tf_python:
        print("TF1: skipped (no TensorFlow interpreter; pass --tf-python)")
        return
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", TF_USE_LEGACY_KERAS="1")
    proc = subprocess.run([args.tf_python, __file__, "--impl", "tf1", "--steps", str(args.steps),
                           "--warmup", str(args.warmup), "--threads", str(args.threads),
                           "--io-ms", str(args.io_ms)],
                          capture_output=True, text=True,
                          env=env)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        print("TF1: failed: %s" % (proc.stderr.strip().splitlines() or ["no output"])[-1])
        return
    report("TF1", json.loads(lines[-1]))
    print(machine())


if __name__ == "__main__":
    sys.exit(main())
