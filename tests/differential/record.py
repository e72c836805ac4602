"""Records differential results: `python record.py --out DIR [--impl tf|tfcompat] [--family F]`.

Run under a TensorFlow interpreter (`--impl tf`, the default) it writes the goldens
(`goldens/<family>.json`, one record per case id); `.ci/run` runs it live into a temp dir and
points the suite there (TFCOMPAT_DIFF_GOLDENS). `--impl tfcompat` writes tfcompat's records, for
reading side by side. Deterministic: two recordings are byte-identical.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
import opdefs  # noqa: E402
import specs  # noqa: E402


def load_tf(impl: str):
    if impl == "tf":
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
        os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
        os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
        import tensorflow.compat.v1 as tf
        tf.disable_v2_behavior()
        tf.get_logger().setLevel("ERROR")
        return tf
    import tfcompat as tf
    return tf


def family_records(tf, family: str) -> dict:
    module = specs.load(family)
    records = {}
    for spec in getattr(module, "SPECS", []):
        for case in harness.expand(spec, opdefs.allowed_dtypes):
            records[case.id] = harness.run_case(tf, case)
    for program in getattr(module, "PROGRAMS", []):
        records[program.id] = harness.run_program(tf, program)
    return records


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--impl", choices=("tf", "tfcompat"), default="tf")
    parser.add_argument("--family", action="append")
    args = parser.parse_args(argv)
    tf = load_tf(args.impl)
    os.makedirs(args.out, exist_ok=True)
    for family in args.family or specs.families():
        start = time.time()
        records = family_records(tf, family)
        with open(os.path.join(args.out, family + ".json"), "w") as f:
            json.dump(records, f, indent=0, sort_keys=True)
            f.write("\n")
        print("%-24s %5d cases  %.1fs" % (family, len(records), time.time() - start))


if __name__ == "__main__":
    main()
