"""tf.estimator.classifier_parse_example_spec and regressor_parse_example_spec: the
tf.parse_example spec of the feature columns plus the label (and weight) features, for input
pipelines and serving receivers of the canned estimators (TF 1.15's parsing_utils.py)."""
from __future__ import annotations

import tfcompat as tf


def _add_label_and_weight(parsing_spec, label_key, label_spec, weight_column):
    if label_key in parsing_spec:
        raise ValueError("label should not be used as feature. label_key: {}, features: {}"
                         .format(label_key, parsing_spec.keys()))
    parsing_spec[label_key] = label_spec
    if weight_column is None:
        return parsing_spec
    if isinstance(weight_column, str):
        weight_column = tf.feature_column.numeric_column(weight_column)
    for key, value in tf.feature_column.make_parse_example_spec([weight_column]).items():
        if key in parsing_spec:
            raise ValueError("weight_column should not be used as feature. weight_column: {}, "
                             "features: {}".format(key, parsing_spec.keys()))
        parsing_spec[key] = value
    return parsing_spec


def classifier_parse_example_spec(feature_columns, label_key, label_dtype=tf.int64,
                                  label_default=None, weight_column=None):
    """The parse_example spec of `feature_columns` with a [1]-shaped class label."""
    spec = dict(tf.feature_column.make_parse_example_spec(feature_columns))
    label_spec = tf.FixedLenFeature((1,), label_dtype, label_default)
    return _add_label_and_weight(spec, label_key, label_spec, weight_column)


def regressor_parse_example_spec(feature_columns, label_key, label_dtype=tf.float32,
                                 label_default=None, label_dimension=1, weight_column=None):
    """The parse_example spec of `feature_columns` with a [label_dimension]-shaped label."""
    spec = dict(tf.feature_column.make_parse_example_spec(feature_columns))
    label_spec = tf.FixedLenFeature((label_dimension,), label_dtype, label_default)
    return _add_label_and_weight(spec, label_key, label_spec, weight_column)
