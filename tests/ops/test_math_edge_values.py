"""Edge values of elementwise math: complex arithmetic with infinite and NaN parts, Sign of NaN,
the gradients of Abs, Acosh, Lgamma, Digamma and Xlogy at NaN and at poles, uint64 comparisons
over the whole range, casts from and to strings and bfloat16 matrix products with infinities.

Every expected value and error text here was recorded from TensorFlow 2.21's
`tensorflow.compat.v1` (graph mode); run with TFCOMPAT_TEST_AGAINST_TF=1 to check them again.
Tests marked tfcompat_only pin where tfcompat deliberately differs from TF (listed in
tests/differential/known_differences.txt) or check tfcompat internals.
"""
import numpy as np
import pytest

nan, inf = np.nan, np.inf


def run(tf, fetches):
    with tf.Session() as sess:
        return sess.run(fetches)


def assert_same(got, want):
    """Equal values, NaN where NaN is expected (real and imaginary parts apart)."""
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape, (got, want)
    if np.iscomplexobj(want):
        assert_same(got.real, want.real)
        assert_same(got.imag, want.imag)
        return
    np.testing.assert_allclose(got.astype(np.float64), want.astype(np.float64), rtol=1e-6,
                               atol=0, equal_nan=True)


# -- complex arithmetic: real and imaginary parts are independent ------------------------------

@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_complex_add_sub_keep_parts_apart(tf, dtype):
    x = tf.constant([complex(nan, 0), complex(inf, 0), complex(inf, 0), 1 + 2j], dtype)
    y = tf.constant([complex(nan, 0), complex(1, 0), complex(-inf, 0), complex(inf, 0)], dtype)
    add, sub, add_n = run(tf, [x + y, x - y, tf.add_n([x, y, x])])
    assert_same(add, [complex(nan, 0), complex(inf, 0), complex(nan, 0), complex(inf, 2)])
    assert_same(sub, [complex(nan, 0), complex(inf, 0), complex(inf, 0), complex(-inf, 2)])
    assert_same(add_n, [complex(nan, 0), complex(inf, 0), complex(nan, 0), complex(inf, 4)])


@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_complex_squared_difference_is_v_times_conj_v(tf, dtype):
    x = tf.constant([1 + 2j, complex(inf, 0), complex(nan, 0), 0j], dtype)
    y = tf.constant([3 - 1j, 0j, 0j, complex(0, -inf)], dtype)
    out = run(tf, tf.squared_difference(x, y))
    assert_same(out, [complex(13, 0), complex(inf, nan), complex(nan, nan), complex(inf, nan)])


@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_complex_sign_kernel(tf, dtype):
    # the Sign op itself (TF 2's tf.sign builds DivNoNan(x, |x|) for complex x); 16 elements,
    # for TF's vectorized kernel (its scalar one, for a lone element, makes nan+nanj of nan+0j)
    values = [complex(nan, 0), complex(inf, 0), 3 + 4j, 0j] * 4
    out = run(tf, tf.raw_ops.Sign(x=tf.constant(values, dtype)))
    assert_same(out[:4], [complex(nan, 0), complex(nan, 0), 0.6 + 0.8j, 0j])


# -- Sign and the gradients of Abs, Acosh, Lgamma, Digamma, Xlogy -----------------------------

@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float32", "float64"])
def test_sign_of_nan_is_nan(tf, dtype):
    x = tf.constant([nan, -3.0, 0.0, 2.0], getattr(tf, dtype))
    out = run(tf, tf.cast(tf.sign(x), tf.float32))
    assert_same(out, [nan, -1.0, 0.0, 1.0])


def test_abs_and_sign_gradients(tf):
    x = tf.constant([nan, 0.0, -0.0, -2.0, 3.0])
    abs_grad, sign_grad = run(tf, [tf.gradients(tf.abs(x), x)[0],
                                   tf.gradients(tf.sign(x), x)[0]])
    assert_same(abs_grad, [nan, 0.0, 0.0, -1.0, 1.0])
    assert_same(sign_grad, [0.0] * 5)


def test_acosh_gradient_outside_its_domain_is_nan(tf):
    x = tf.constant([-2.0, 0.5, 1.0, 2.0, inf, nan], tf.float64)
    out = run(tf, tf.gradients(tf.acosh(x), x)[0])
    assert_same(out, [nan, nan, inf, 0.5773502691896258, 0.0, nan])


def test_lgamma_digamma_at_poles(tf):
    x = tf.constant([0.0, -0.0, -1.0, 0.5, -2.5, -inf, inf, nan], tf.float64)
    lgamma_grad, digamma, digamma_grad = run(tf, [
        tf.gradients(tf.lgamma(x), x)[0], tf.digamma(x), tf.gradients(tf.digamma(x), x)[0]])
    assert_same(lgamma_grad, [nan, nan, nan, -1.9635100260214235, 1.1031566406452432, nan,
                              inf, nan])
    assert_same(digamma, [nan, nan, nan, -1.9635100260214235, 1.1031566406452432, nan, inf,
                          nan])
    assert_same(digamma_grad, [inf, inf, inf, 4.934802200544679, 9.539246640201986, inf, 0.0,
                               nan])


def test_digamma_float16_of_an_underflowing_value(tf):
    out = run(tf, tf.digamma(tf.constant([1e-30, 1.0], tf.float16)))
    assert_same(out, np.array([nan, -0.5772157], np.float16))


def test_xlogy_is_zero_where_x_is_zero(tf):
    x = tf.constant([0.0, -0.0, 1.0, 2.0, 0.0])
    y = tf.constant([nan, nan, nan, 0.0, 0.0])
    out = tf.raw_ops.Xlogy(x=x, y=y)
    value, (gx, gy) = run(tf, [out, tf.gradients(out, [x, y])])
    assert_same(value, [0.0, 0.0, nan, -inf, 0.0])
    assert_same(gx, [0.0, 0.0, nan, -inf, 0.0])
    assert_same(gy, [0.0, 0.0, nan, inf, 0.0])


# -- unsigned comparisons over the whole range ------------------------------------------------

@pytest.mark.parametrize("dtype", ["uint16", "uint32", "uint64"])
def test_unsigned_comparisons_whole_range(tf, dtype):
    top = np.iinfo(dtype).max
    x = tf.constant(np.array([top, 0, top // 2 + 1, 7], dtype))
    y = tf.constant(np.array([top // 2 + 1, 1, top // 2, 7], dtype))
    lt, le, gt, ge = run(tf, [x < y, x <= y, x > y, x >= y])
    assert lt.tolist() == [False, True, False, False]
    assert le.tolist() == [False, True, False, True]
    assert gt.tolist() == [True, False, True, False]
    assert ge.tolist() == [True, False, True, True]


def test_uint64_max_min_keep_order(tf):
    x = tf.constant(np.array([2 ** 64 - 1, 3, 2 ** 63], np.uint64))
    y = tf.constant(np.array([2 ** 63, 5, 2 ** 63 - 1], np.uint64))
    big, small = run(tf, [tf.maximum(x, y), tf.minimum(x, y)])
    assert big.tolist() == [2 ** 64 - 1, 5, 2 ** 63]
    assert small.tolist() == [2 ** 63, 3, 2 ** 63 - 1]


# -- Cast from and to strings -----------------------------------------------------------------

@pytest.mark.parametrize("dtype, name", [("float32", "float"), ("float16", "half"),
                                         ("float64", "double"), ("int32", "int32"),
                                         ("bool", "bool"), ("complex64", "complex64")])
def test_cast_string_is_unimplemented(tf, dtype, name):
    out = tf.raw_ops.Cast(x=tf.constant([b"1.5"]), DstT=getattr(tf, dtype))
    with pytest.raises(tf.errors.UnimplementedError) as info:
        run(tf, out)
    assert "Cast string to %s is not supported" % name in str(info.value)


def test_cast_to_string_is_unimplemented(tf):
    out = tf.raw_ops.Cast(x=tf.constant([1]), DstT=tf.string)
    with pytest.raises(tf.errors.UnimplementedError) as info:
        run(tf, out)
    assert "Cast int32 to string is not supported" in str(info.value)


def test_cast_string_to_string_is_identity(tf):
    assert run(tf, tf.raw_ops.Cast(x=tf.constant([b"a"]), DstT=tf.string)).tolist() == [b"a"]


# -- bfloat16 matrix products ---------------------------------------------------------------

@pytest.mark.tfcompat_only
def test_bfloat16_matmul_keeps_an_infinite_partial_sum(tf):
    # TF gives inf on some CPUs and NaN on others (known_differences.txt), and its one-row
    # (matrix-vector) bfloat16 kernel NaN everywhere: tfcompat's products are exact, so inf
    a = tf.constant([[-2.5, 1e-30, 3e38, -7.0]] * 2, tf.bfloat16)
    b = tf.constant([[-inf] * 2, [1.0] * 2, [-2.5] * 2, [-7.0] * 2], tf.bfloat16)
    out = run(tf, tf.cast(tf.matmul(a, b), tf.float32))
    assert_same(out, [[inf, inf], [inf, inf]])


# -- where tfcompat deliberately differs from TF (known_differences.txt) --------------------

@pytest.mark.tfcompat_only
@pytest.mark.parametrize("dtype", ["int32", "int64"])
def test_round_of_integers_is_the_identity(tf, dtype):
    # TF's kernel returns 0 for every integer (Round.*.int32/int64 in known_differences.txt)
    x = np.array([5, -3, 2147483647], dtype)
    assert run(tf, tf.raw_ops.Round(x=tf.constant(x))).tolist() == x.tolist()


@pytest.mark.tfcompat_only
def test_erf_float64_at_infinity(tf):
    # TF's float64 Erf gives NaN at +-inf (Erf.special.float64 in known_differences.txt)
    assert run(tf, tf.erf(tf.constant([inf, -inf], tf.float64))).tolist() == [1.0, -1.0]


@pytest.mark.tfcompat_only
def test_complex_division_follows_annex_g_everywhere(tf):
    # TF's result depends on the element's position (RealDiv.special.* in known_differences)
    x = tf.constant([1 + 0j] * 8, tf.complex64)
    y = tf.constant([complex(inf, 0)] * 4 + [0j] * 4, tf.complex64)
    out = run(tf, x / y)
    assert_same(out, [0j] * 4 + [complex(inf, nan)] * 4)


# -- dtype-specific kernels are bound once per op ---------------------------------------------

@pytest.mark.tfcompat_only
def test_dtype_specific_lowering_is_bound_only_for_its_dtypes(tf):
    import torch

    from tfcompat.ops import _dtype_dispatch
    from tfcompat.ops import _tf_elementwise

    plain = tf.add(tf.constant([1.0]), tf.constant([2.0])).op
    complex_op = tf.add(tf.constant([1j]), tf.constant([2j])).op
    bound_plain = _dtype_dispatch.bind(plain, plain.op_def.lower)
    bound_complex = _dtype_dispatch.bind(complex_op, complex_op.op_def.lower)
    assert not hasattr(bound_plain, "dtype_lowerings")  # torch.add itself, no dtype check
    assert not hasattr(bound_complex, "dtype_lowerings")
    x = torch.tensor([complex(nan, 0)])
    assert_same(bound_complex(None, x, x).numpy(), [complex(nan, 0)])  # torch.add: nan+nanj
    assert_same(_tf_elementwise.complex_add(x, x).numpy(), [complex(nan, 0)])
    assert bound_plain(None, torch.tensor([1.0]), torch.tensor([2.0])).tolist() == [3.0]


def test_integer_pow_to_negative_power_and_histogram_of_nan_texts(tf):
    # recorded from TF 2.21 compat.v1 (inputs fed, so that TF does not fold the Pow away)
    base = tf.placeholder_with_default([2, 3], [2])
    exponent = tf.placeholder_with_default([1, -1], [2])
    histogram = tf.histogram_fixed_width(tf.placeholder_with_default([-1.0, nan], [2]),
                                         [0.0, 5.0], nbins=5)
    with tf.Session() as sess:
        for fetch, text in [(tf.pow(base, exponent),
                             "Integers to negative integer powers are not allowed"),
                            (histogram, "Histogram values must not contain NaN")]:
            with pytest.raises(tf.errors.InvalidArgumentError) as info:
                sess.run(fetch)
            assert text in info.value.message
            assert "ValueError" not in info.value.message
            assert "RuntimeError" not in info.value.message
        assert sess.run(tf.pow(base, [2, 0])).tolist() == [4, 1]
        assert sess.run(tf.histogram_fixed_width([inf, -inf, 1.0], [0.0, 5.0], nbins=5)
                        ).tolist() == [1, 1, 0, 0, 1]
