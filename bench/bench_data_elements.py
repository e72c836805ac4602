"""Per-element dataset functions (issue 16, item 4): what a `map` over single records costs per
element, for the input pipelines TF1 programs write most, in tfcompat and in TF1.

Pipelines over a TFRecord file of small images stored raw and as JPEG (batch 32 after the map):
  parse          parse_single_example of an int64 label
  parse_decode   + decode_raw, reshape to [36, 36, 3], cast to float32 and scale (the MNIST /
                 CIFAR TFRecord idiom; tfcompat maps it a chunk at a time, data/_vectorize.py)
  py_func        + a py_func doing nothing but a copy (the map's own overhead around a py_func)
  jpeg_augment   decode_jpeg, random_crop, random_flip_left_right, per_image_standardization
                 (the ImageNet-style idiom; random ops run per element)
Printed: microseconds of the reading thread's CPU per element (tfcompat runs the map on the
calling thread; wall time per element for TF1, whose kernels run on its own threads, both for
sequential maps). A machine whose other processes take the CPUs inflates both alike.

    python bench/bench_data_elements.py [--batches 30] [--tf-python P]
"""
from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

SIDE, N_RECORDS, BATCH = 36, 256, 32
TF_PYTHON = "/work/venv-tf/bin/python"


def _load(impl):
    if impl == "tf1":
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        import tensorflow.compat.v1 as tf
        tf.disable_v2_behavior()
        return tf
    import tfcompat as tf
    return tf


def _jpeg(image):
    from PIL import Image
    out = io.BytesIO()
    Image.fromarray(image).save(out, format="JPEG", quality=90)
    return out.getvalue()


def _write(tf, path):
    rng = np.random.RandomState(0)
    with tf.io.TFRecordWriter(path) as writer:
        for i in range(N_RECORDS):
            coarse = rng.randint(0, 256, (SIDE // 4, SIDE // 4, 3)).astype(np.uint8)
            image = np.kron(coarse, np.ones((4, 4, 1), np.uint8))
            feature = {
                "raw": tf.train.Feature(bytes_list=tf.train.BytesList(value=[image.tobytes()])),
                "jpeg": tf.train.Feature(bytes_list=tf.train.BytesList(value=[_jpeg(image)])),
                "label": tf.train.Feature(int64_list=tf.train.Int64List(value=[i % 10]))}
            example = tf.train.Example(features=tf.train.Features(feature=feature))
            writer.write(example.SerializeToString())


def _pipelines(tf):
    def parsed(record):
        return tf.io.parse_single_example(record, {
            "raw": tf.io.FixedLenFeature([], tf.string),
            "jpeg": tf.io.FixedLenFeature([], tf.string),
            "label": tf.io.FixedLenFeature([], tf.int64)})

    def raw_image(p):
        image = tf.reshape(tf.io.decode_raw(p["raw"], tf.uint8), [SIDE, SIDE, 3])
        return tf.cast(image, tf.float32) / 255.0

    def copy(image):
        return image.copy()

    def with_py_func(record):
        p = parsed(record)
        image = tf.py_func(copy, [raw_image(p)], tf.float32)
        image.set_shape([SIDE, SIDE, 3])
        return image, p["label"]

    def jpeg_augment(record):
        p = parsed(record)
        image = tf.image.decode_jpeg(p["jpeg"], channels=3)
        image = tf.image.random_crop(image, [32, 32, 3], seed=1)
        image = tf.image.random_flip_left_right(image, seed=2)
        return tf.image.per_image_standardization(image), p["label"]

    return {"parse": lambda r: parsed(r)["label"],
            "parse_decode": lambda r: (raw_image(parsed(r)), parsed(r)["label"]),
            "py_func": with_py_func, "jpeg_augment": jpeg_augment}


def measure(impl, batches, path):
    tf = _load(impl)
    clock = time.thread_time if impl == "tfcompat" else time.perf_counter
    with tf.Graph().as_default():
        nexts = {name: tf.data.make_one_shot_iterator(
            tf.data.TFRecordDataset(path).repeat().map(fn).batch(BATCH)).get_next()
            for name, fn in _pipelines(tf).items()}
        samples = {name: [] for name in nexts}
        with tf.Session() as sess:
            for nxt in nexts.values():
                for _ in range(3):
                    sess.run(nxt)
            for _ in range(batches):    # alternating, so load drift hits all alike
                for name, nxt in nexts.items():
                    t0 = clock()
                    sess.run(nxt)
                    samples[name].append(clock() - t0)
    return {name: statistics.median(v) / BATCH * 1e6 for name, v in samples.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=30)
    parser.add_argument("--impl", choices=("tfcompat", "tf1"), default=None)
    parser.add_argument("--records", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--tf-python", default=TF_PYTHON if os.path.exists(TF_PYTHON) else "")
    args = parser.parse_args()
    if args.impl:   # a worker: one framework, JSON on stdout
        print(json.dumps(measure(args.impl, args.batches, args.records)))
        return
    with tempfile.TemporaryDirectory(prefix="bench_elements_") as tmp:
        path = os.path.join(tmp, "images.tfrecord")
        _write(_load("tfcompat"), path)   # (Pillow encodes the JPEGs)
        report(measure_all(args, path))


def measure_all(args, path):
    results = {"tfcompat": measure("tfcompat", args.batches, path)}
    if args.tf_python:
        env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", TF_USE_LEGACY_KERAS="1")
        proc = subprocess.run([args.tf_python, os.path.abspath(__file__), "--impl", "tf1",
                               "--batches", str(args.batches), "--records", path],
                              capture_output=True, text=True, env=env)
        lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
        if lines:
            results["tf1"] = json.loads(lines[-1])
        else:
            print("TF1: failed: %s" % (proc.stderr.strip().splitlines() or ["no output"])[-1])
    return results


def report(results):
    load = os.getloadavg()
    print("per-element map cost, us per element (batch %d; load average %.1f)" % (BATCH, load[0]))
    for name in results["tfcompat"]:
        print("  %-13s tfcompat %8.1f (reading thread's CPU)" % (name, results["tfcompat"][name])
              + ("   TF1 %8.1f (wall)" % results["tf1"][name] if "tf1" in results else ""))


if __name__ == "__main__":
    sys.exit(main())
