"""tf.contrib.learn.utils.input_fn_utils (TF 1.15): InputFnOps, what a contrib.learn
serving_input_fn returns (the features, no labels, and the tensors a serving request feeds),
and the two builders of such functions."""
from __future__ import annotations

import collections

import tfcompat as tf

__all__ = ["InputFnOps", "build_parsing_serving_input_fn", "build_default_serving_input_fn"]


class InputFnOps(collections.namedtuple("InputFnOps",
                                        ["features", "labels", "default_inputs"])):
    """features: {name: Tensor} for the model_fn; labels: a Tensor, a dict, or None;
    default_inputs: {name: Tensor} fed by a serving request."""


def build_parsing_serving_input_fn(feature_spec, default_batch_size=None):
    """A serving_input_fn parsing a string placeholder "input_example_tensor" of serialized
    tf.Examples with `feature_spec`; its default input is {"examples": that placeholder}."""
    def input_fn():
        examples = tf.placeholder(dtype=tf.string, shape=[default_batch_size],
                                  name="input_example_tensor")
        features = tf.parse_example(examples, feature_spec)
        return InputFnOps(features, None, {"examples": examples})
    return input_fn


def build_default_serving_input_fn(features, default_batch_size=None):
    """A serving_input_fn feeding one placeholder per feature, shaped like it (the batch
    dimension `default_batch_size`) and named after its op."""
    def input_fn():
        features_placeholders = {}
        for name, t in features.items():
            shape_list = t.get_shape().as_list()
            shape_list[0] = default_batch_size
            features_placeholders[name] = tf.placeholder(
                dtype=t.dtype, shape=tf.TensorShape(shape_list), name=t.op.name)
        return InputFnOps(features_placeholders, None, features_placeholders)
    return input_fn
