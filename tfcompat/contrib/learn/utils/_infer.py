"""tf.contrib.learn's column inference (TF 1.15 estimators/estimator.py): real-valued feature
columns for what an input function (or numpy x, through a DataFeeder) gives."""
from __future__ import annotations

import tfcompat as tf
from tfcompat.contrib.layers.feature_column import infer_real_valued_columns
from tfcompat.contrib.learn import data_feeder


def infer_real_valued_columns_from_input_fn(input_fn):
    """real_valued_columns for the features of `input_fn()` (built in a throwaway graph)."""
    with tf.Graph().as_default():
        features, _ = input_fn()
        return infer_real_valued_columns(features)


def infer_real_valued_columns_from_input(x):
    """real_valued_columns for numpy `x` (a matrix: one column named "", dimension the
    product of x's non-batch dimensions)."""
    input_fn, _ = data_feeder.get_input_fn(x=x, y=None, input_fn=None, feed_fn=None,
                                           batch_size=None)
    return infer_real_valued_columns_from_input_fn(input_fn)
