"""Fake-quant attribute checks happen when TF builds the kernel (first run, InvalidArgumentError,
not at graph construction), and QuantizeAndDequantizeV2/V4's shape function checks min/max
against `axis` (TF's texts, ValueError at construction)."""
import numpy as np
import pytest

X = np.array([[-1.5, 0.2, 2.0], [0.7, -0.4, 3.1]], np.float32)


def _run_error(tf, t):
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(t)
    return str(info.value)


@pytest.mark.parametrize("kwargs, text", [
    (dict(min=1.0, max=-1.0), "min has to be smaller than max, was: 1 >= -1"),
    (dict(min=0.5, max=0.5), "min has to be smaller than max, was: 0.5 >= 0.5"),
    (dict(num_bits=1), "num_bits must be between 2 and 16, inclusive"),
    (dict(num_bits=17, narrow_range=True), "num_bits must be between 2 and 16, inclusive"),
])
def test_fake_quant_args_checks_at_run_time(tf, kwargs, text):
    x = tf.constant(X)
    t = tf.quantization.fake_quant_with_min_max_args(x, **kwargs)  # builds fine
    assert t.shape.as_list() == [2, 3]
    assert text in _run_error(tf, t)
    g = tf.quantization.fake_quant_with_min_max_args_gradient(x, x, **kwargs)
    assert text in _run_error(tf, g)


def test_fake_quant_vars_num_bits_at_run_time(tf):
    x = tf.constant(X)
    t = tf.quantization.fake_quant_with_min_max_vars(x, -1.0, 1.0, num_bits=1)
    assert "num_bits must be between 2 and 16, inclusive" in _run_error(tf, t)
    t = tf.quantization.fake_quant_with_min_max_vars_per_channel(x, [-1.0] * 3, [1.0] * 3,
                                                                 num_bits=17)
    assert "num_bits must be between 2 and 16, inclusive" in _run_error(tf, t)


@pytest.mark.parametrize("fn", ["quantize_and_dequantize", "quantize_and_dequantize_v2"])
@pytest.mark.parametrize("lo, hi, axis, text", [
    (0.0, 0.0, 1, "Shape must be rank 1 but is rank 0"),
    ([0.0] * 4, [0.0] * 4, 1, "Dimensions must be equal, but are 4 and 5"),
    ([0.0] * 5, [0.0] * 4, 1, "Dimension 0 in both shapes must be equal, but are 4 and 5. "
                              "Shapes are [4] and [5]."),
    ([0.0] * 5, [0.0] * 5, None, "Shape must be rank 0 but is rank 1"),
    ([0.0] * 5, [0.0] * 5, 2, "Shape must be at least rank 3 but is rank 2"),
])
def test_quantize_and_dequantize_axis_shapes(tf, fn, lo, hi, axis, text):
    x = tf.placeholder(tf.float32, [3, 5])
    with pytest.raises(ValueError) as info:
        getattr(tf.quantization, fn)(x, lo, hi, axis=axis)
    assert text in str(info.value)


def test_quantize_and_dequantize_per_axis_values(tf):
    x = tf.constant(np.array([[-1.0, 0.5, 2.0], [0.25, -3.0, 1.0]], np.float32))
    q = tf.quantization.quantize_and_dequantize(x, [0.0] * 3, [0.0] * 3, axis=1, num_bits=4)
    assert q.shape.as_list() == [2, 3] and q.op.get_attr("axis") == 1
    with tf.Session() as sess:
        got = sess.run(q)
    np.testing.assert_allclose(got, [[-1.0, 0.375, 2.0], [0.25, -3.0, 1.1428572]], rtol=1e-6)


@pytest.mark.tfcompat_only  # TF 2.21's kernel refuses it ("input_min must be a scalar.")
def test_quantize_and_dequantize_per_axis_given_range(tf):
    # each slice quantized with its own given range, as TF does slice by slice with scalar
    # ranges (expected values: TF 2.21 on each row with its scalar range)
    x = tf.constant(np.array([[-1.0, 0.5, 2.0], [0.25, -3.0, 1.0]], np.float32))
    q = tf.quantization.quantize_and_dequantize_v2(x, [-1.0, -0.5], [1.0, 2.0], axis=0,
                                                   num_bits=3, range_given=True)
    with tf.Session() as sess:
        got = sess.run(q)
    np.testing.assert_allclose(got, [[-1.0, 0.6666667, 1.0], [0.0, -2.6666667, 1.3333334]],
                               rtol=1e-6)
