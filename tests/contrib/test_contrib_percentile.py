"""tf.contrib.distributions.percentile as TF 1.15's contrib/distributions sample_stats.py
computes it (no live reference: TF 2.21 has no contrib): values sorted descending with top_k,
index (d - 1) * (1 - q / 100) rounded half to even ("nearest"), ceil ("lower") or floor
("higher"); axis, keep_dims and validate_args as there."""
import numpy as np
import pytest

import tfcompat as tf

pytestmark = pytest.mark.tfcompat_only

X = np.array([[1., 5., 3., 2.], [4., 0., 7., 6.], [9., 8., 2.5, 1.]], np.float32)


def test_percentile_interpolations_axes_and_keep_dims():
    percentile = tf.contrib.distributions.percentile
    outs = [percentile(X, 50.), percentile(X, 50., interpolation="lower"),
            percentile(X, 50., interpolation="higher"), percentile(X, 30., axis=0),
            percentile(X, 75., axis=[1], keep_dims=True), percentile(X, 100.),
            percentile(X, 0., keep_dims=True), percentile(X, 62.5, axis=-1, validate_args=True)]
    assert [o.shape.as_list() for o in outs] == [[], [], [], [4], [3, 1], [], [1, 1], [3]]
    with tf.Session() as sess:
        got = [np.asarray(v).tolist() for v in sess.run(outs)]
    # 12 values, descending [9, 8, 7, 6, 5, 4, 3, 2.5, 2, 1, 1, 0]: index 5.5 rounds to 6
    assert got == [3.0, 3.0, 4.0, [4.0, 5.0, 3.0, 2.0], [[3.0], [6.0], [8.0]], 9.0, [[0.0]],
                   [3.0, 6.0, 8.0]]


def test_percentile_argument_errors():
    with pytest.raises(ValueError, match="Argument 'interpolation' must be in"):
        tf.contrib.distributions.percentile(X, 50., interpolation="linear")
    with pytest.raises(ValueError, match="Expected argument 'x' to have ndims 0"):
        tf.contrib.distributions.percentile(X, [50.])
    with pytest.raises(ValueError, match="dim 2 not in the interval"):
        tf.contrib.distributions.percentile(X, 50., axis=2)
    q = tf.placeholder(tf.float32, [])
    checked = tf.contrib.distributions.percentile(X, q, validate_args=True)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError):
            sess.run(checked, {q: 120.})
