"""tf.data.experimental.rejection_resample: with a seed, the kept elements are TF's exactly
(its Philox streams: the filter's random_uniform and sample_from_datasets' selector). Values
recorded from TF 2.21 compat.v1 in graph mode.
"""
from __future__ import annotations

import numpy as np

from experimental_drain import OOR, drain

CLASSES = np.array([0, 0, 0, 1, 0, 2, 0, 1, 0, 0, 1, 0, 0, 2, 0, 0, 1, 0, 0, 0] * 2, np.int64)


def _resampled(tf, target, **kw):
    return tf.data.Dataset.from_tensor_slices(CLASSES).apply(
        tf.data.experimental.rejection_resample(lambda x: x, target, seed=7, **kw))


def test_rejection_resample_with_initial_dist(tf):
    ds = _resampled(tf, [0.34, 0.33, 0.33], initial_dist=[0.7, 0.2, 0.1])
    assert ds.output_types == (tf.int64, tf.int64)
    assert [s.as_list() for s in ds.output_shapes] == [[], []]
    assert drain(tf, ds) == [(2, 2), (0, 0), (2, 2), (0, 0), (0, 0), (2, 2), (2, 2), OOR]


def test_rejection_resample_estimates_initial_dist(tf):
    assert drain(tf, _resampled(tf, [0.34, 0.33, 0.33])) == [
        (0, 0), (0, 0), (2, 2), (0, 0), (1, 1), (0, 0), (2, 2), (2, 2), (0, 0), (2, 2), (2, 2),
        OOR]


def test_rejection_resample_static_cases(tf):
    # target == initial: every element, with its class
    ds = tf.data.Dataset.from_tensor_slices((CLASSES, CLASSES * 10)).apply(
        tf.data.experimental.rejection_resample(lambda x, y: x, [0.5, 0.25, 0.25],
                                                initial_dist=[0.5, 0.25, 0.25], seed=7))
    assert drain(tf, ds, limit=5) == [(0, (0, 0)), (0, (0, 0)), (0, (0, 0)), (1, (1, 10)),
                                      (0, (0, 0))]
    # a class with target 0: only the filtered elements (graph-level seed)
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        ds = tf.data.Dataset.from_tensor_slices(CLASSES).apply(
            tf.data.experimental.rejection_resample(lambda x: x, [0.0, 0.5, 0.5],
                                                    initial_dist=[0.7, 0.2, 0.1]))
        assert drain(tf, ds) == [(2, 2), (1, 1), (2, 2), (1, 1), (1, 1), (2, 2), (2, 2), OOR]
