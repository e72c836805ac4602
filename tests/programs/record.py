"""Records what real TensorFlow gives for every program here: run it with TensorFlow installed,
from any directory (TF 2.21's tf.compat.v1 with disable_v2_behavior, legacy Keras):

    TF_USE_LEGACY_KERAS=1 python tests/programs/record.py [--out DIR] [NAME ...]

Each program's results go to DIR/<name>.npz (default: tests/programs/goldens)."""
import argparse
import os
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import _programs  # noqa: E402
import _results  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*")
    parser.add_argument("--out", default=os.path.join(HERE, "goldens"))
    args = parser.parse_args()
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    import tensorflow.compat.v1 as tf
    tf.disable_v2_behavior()
    os.makedirs(args.out, exist_ok=True)
    for name in args.names or _programs.NAMES:
        module = _programs.load(name)
        _programs.fresh_state(tf)
        with tf.Graph().as_default(), tempfile.TemporaryDirectory() as work:
            cwd = os.getcwd()
            os.chdir(work)
            try:
                results = module.main(tf)
            finally:
                os.chdir(cwd)
        np.savez(os.path.join(args.out, name + ".npz"), **_results.flatten(results))
        print("recorded", name)


if __name__ == "__main__":
    main()
