"""tf.contrib.resampler (TF 1.15's contrib; TF 2.21 has none): values against a direct
transcription of TF 1.15's CPU kernel loops (Resampler2DFunctor / ResamplerGrad2DFunctor in
tensorflow/contrib/resampler/kernels/resampler_ops.cc), element by element."""
import math

import numpy as np
import pytest

import tfcompat as tf

pytestmark = pytest.mark.tfcompat_only


def _kernel(data, warp, grad_output):
    """TF's loops: output, grad_data, grad_warp."""
    batch, height, width, channels = data.shape
    points = warp.reshape(batch, -1, 2)
    out = np.zeros((batch, points.shape[1], channels), data.dtype)
    grad_out = grad_output.reshape(out.shape)
    grad_data, grad_warp = np.zeros_like(data), np.zeros_like(points)
    one = data.dtype.type(1)

    def at(b, x, y, c):
        return data[b, y, x, c] if 0 <= x <= width - 1 and 0 <= y <= height - 1 else 0

    for b in range(batch):
        for s in range(points.shape[1]):
            x, y = points[b, s]
            if not (x > -1 and y > -1 and x < width and y < height):
                continue
            fx, fy = int(math.floor(np.float32(x))), int(math.floor(np.float32(y)))
            cx, cy = fx + 1, fy + 1
            dx, dy = data.dtype.type(cx) - x, data.dtype.type(cy) - y
            for c in range(channels):
                ff, cc, fc, cf = at(b, fx, fy, c), at(b, cx, cy, c), at(b, fx, cy, c), \
                    at(b, cx, fy, c)
                out[b, s, c] = dx * dy * ff + (one - dx) * (one - dy) * cc + \
                    dx * (one - dy) * fc + (one - dx) * dy * cf
                g = grad_out[b, s, c]
                grad_warp[b, s, 0] += g * ((one - dy) * (cc - fc) + dy * (cf - ff))
                grad_warp[b, s, 1] += g * ((one - dx) * (cc - cf) + dx * (fc - ff))
                for (px, py), weight in (((fx, fy), dx * dy), ((cx, cy), (one - dx) * (one - dy)),
                                         ((fx, cy), dx * (one - dy)), ((cx, fy), (one - dx) * dy)):
                    if 0 <= px <= width - 1 and 0 <= py <= height - 1:
                        grad_data[b, py, px, c] += g * weight
    return (out.reshape(warp.shape[:-1] + (channels,)), grad_data,
            grad_warp.reshape(warp.shape))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_values_and_gradients_are_tfs_kernel(dtype):
    rng = np.random.RandomState(3)
    data = rng.uniform(-1, 1, (2, 4, 5, 3)).astype(dtype)
    # inside, on the borders, in the fading pixel outside each border, beyond it, integers
    warp = np.concatenate([rng.uniform(-1.5, 5.5, (2, 10, 2)),
                           np.tile([[-0.5, 1.0], [4.0, 3.0], [4.5, 3.5], [-1.0, 2.0],
                                    [2.0, 1.0], [5.0, 0.0]], (2, 1, 1))], 1).astype(dtype)
    warp = warp.reshape(2, 4, 4, 2)
    grad_output = rng.uniform(-1, 1, (2, 4, 4, 3)).astype(dtype)
    with tf.Graph().as_default():
        d, w = tf.constant(data), tf.constant(warp)
        out = tf.contrib.resampler.resampler(d, w)
        assert out.op.name == "resampler/Resampler" and out.shape.as_list() == [2, 4, 4, 3]
        grads = tf.gradients(out, [d, w], grad_ys=tf.constant(grad_output))
        with tf.Session() as sess:
            got = sess.run([out] + grads)
    expected = _kernel(data, warp, grad_output)
    tol = 1e-6 if dtype == np.float32 else 1e-12
    for name, g, e in zip(("output", "grad_data", "grad_warp"), got, expected):
        np.testing.assert_allclose(g, e, rtol=tol, atol=tol, err_msg=name)


def test_shapes_and_errors():
    from tfcompat.contrib.resampler import resampler   # a script's import
    with tf.Graph().as_default():
        data = tf.placeholder(tf.float32, [None, 4, 4, 2])
        warp = tf.placeholder(tf.float32, [None, 7, 2])
        assert resampler(data, warp).shape.as_list() == [None, 7, 2]
        with pytest.raises(ValueError, match="Shape must be rank 4 but is rank 3"):
            resampler(tf.zeros([1, 4, 4]), warp)
        bad = resampler(data, tf.placeholder(tf.float32, [None, 7, 3]))
        with tf.Session() as sess:
            with pytest.raises(tf.errors.UnimplementedError, match="warp shape last entry "
                                                                   "should be 2"):
                sess.run(bad, {data: np.zeros((1, 4, 4, 2)), bad.op.inputs[1]: np.zeros((1, 7, 3))})
            with pytest.raises(tf.errors.InvalidArgumentError, match="Batch size of data and "
                                                                     "warp tensor must be the same"):
                sess.run(resampler(data, warp), {data: np.zeros((2, 4, 4, 2)),
                                                 warp: np.zeros((1, 7, 2))})


def test_resampler_grad_op_of_imported_graphs():
    """A TF graph with the gradient written out holds ResamplerGrad ops: the same values."""
    from tfcompat.framework.op_builder import apply_op
    rng = np.random.RandomState(5)
    data = rng.uniform(-1, 1, (1, 3, 3, 2)).astype(np.float32)
    warp = rng.uniform(-1.2, 3.2, (1, 6, 2)).astype(np.float32)
    grad_output = rng.uniform(-1, 1, (1, 6, 2)).astype(np.float32)
    with tf.Graph().as_default():
        grad_data, grad_warp = apply_op("ResamplerGrad", [tf.constant(data), tf.constant(warp),
                                                          tf.constant(grad_output)])
        assert grad_data.shape.as_list() == [1, 3, 3, 2] and grad_warp.shape.as_list() == [1, 6, 2]
        with tf.Session() as sess:
            got = sess.run([grad_data, grad_warp])
    expected = _kernel(data, warp, grad_output)[1:]
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g, e, rtol=1e-6, atol=1e-6)
