"""`slim`: tfcompat's tf.contrib.slim, or, with TFCOMPAT_TEST_AGAINST_TF=1, the `tf_slim` package
(TF 1.15's contrib.slim ported to TF 2; skipped where it is not installed)."""
import importlib
import os

import pytest

AGAINST_TF = os.environ.get("TFCOMPAT_TEST_AGAINST_TF") == "1"


@pytest.fixture
def slim(tf):
    if AGAINST_TF:
        from tensorflow.python.framework import ops
        ops.Tensor, ops.IndexedSlices = tf.Tensor, tf.IndexedSlices  # tf_slim 1.1 predates TF 2.21
        slim = pytest.importorskip("tf_slim")
        # and TF 2.21's tf.layers.BatchNormalization, which tf_slim's batch_norm builds on
        normalization = importlib.import_module("tf_keras.src.legacy_tf_layers.normalization")
        importlib.import_module("tf_slim.layers.layers").normalization_layers = normalization
        return slim
    return tf.contrib.slim
