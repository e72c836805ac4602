"""Prints REFERENCE_LOSSES for dist_model_helper.py, computed with real TensorFlow:

    TF_CPP_MIN_LOG_LEVEL=2 /work/tfref/bin/python tests/distributed/make_distributed_reference.py
"""
import os
import sys

import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dist_model_helper  # noqa: E402

print(repr([round(v, 7) for v in dist_model_helper.single_process_losses(tf)]))
