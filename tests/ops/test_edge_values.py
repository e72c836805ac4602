"""Edge values of gathers, reductions, division, arg-reductions and joining ops: batch_dims,
out-of-range axes, integer means and overflow, NaN/inf/-0.0, empty and non-contiguous inputs.

Every expected value, static shape and error text here was recorded from TensorFlow 2.21's
`tensorflow.compat.v1` (graph mode); run with TFCOMPAT_TEST_AGAINST_TF=1 to check them again.
"""
import numpy as np
import pytest

ALL_DTYPES = ["float16", "float32", "float64", "bfloat16", "int8", "uint8", "int16", "uint16",
              "int32", "uint32", "int64", "uint64", "complex64", "complex128", "bool"]
INT_DTYPES = ["int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64"]
nan, inf = np.nan, np.inf


def run(tf, fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed)


def run_error(tf, cls, text, fetch):
    with pytest.raises(cls) as info:
        run(tf, fetch)
    assert text in str(info.value), str(info.value)


def fed(tf, value, shape=None):
    """`value` with an unknown static shape (its checks move to run time)."""
    return tf.placeholder_with_default(value, shape)


def as_float(value):
    return np.asarray(value).astype(np.float64)


# -- GatherV2 with batch_dims ----------------------------------------------------------------

P3 = np.arange(24).reshape(2, 3, 4)


@pytest.mark.parametrize("axis, batch_dims, indices, shape, expect", [
    (1, 1, [[0, 1], [2, 3]], [2, 2], [[0, 1], [6, 7]]),          # the 2-D case
    (None, 1, [[0, 1], [2, 3]], [2, 2], [[0, 1], [6, 7]]),       # axis defaults to batch_dims
    (None, -1, [[0, 1], [2, 3]], [2, 2], [[0, 1], [6, 7]]),
    (-1, 1, [[0, 1], [2, 3]], [2, 2], [[0, 1], [6, 7]]),
])
def test_gather_batch_dims_matrix(tf, axis, batch_dims, indices, shape, expect):
    params = np.arange(8, dtype=np.float32).reshape(2, 4)
    out = tf.gather(params, indices, axis=axis, batch_dims=batch_dims)
    assert out.shape.as_list() == shape
    assert run(tf, out).tolist() == expect


@pytest.mark.parametrize("axis, batch_dims, indices, shape, expect", [
    (2, 1, [[0, 2], [1, 0]], [2, 3, 2],
     [[[0, 2], [4, 6], [8, 10]], [[13, 12], [17, 16], [21, 20]]]),
    (1, 1, [[0, 2], [1, 0]], [2, 2, 4],
     [[[0, 1, 2, 3], [8, 9, 10, 11]], [[16, 17, 18, 19], [12, 13, 14, 15]]]),
    (2, -1, [[0, 2], [1, 0]], [2, 3, 2],
     [[[0, 2], [4, 6], [8, 10]], [[13, 12], [17, 16], [21, 20]]]),
    (2, 2, [[[0, 2], [1, 1], [0, 0]], [[3, 2], [1, 0], [0, 1]]], [2, 3, 2],
     [[[0, 2], [5, 5], [8, 8]], [[15, 14], [17, 16], [20, 21]]]),
    (2, 1, [[[0, 2], [1, 1], [0, 0]], [[3, 2], [1, 0], [0, 1]]], [2, 3, 3, 2],
     [[[[0, 2], [1, 1], [0, 0]], [[4, 6], [5, 5], [4, 4]], [[8, 10], [9, 9], [8, 8]]],
      [[[15, 14], [13, 12], [12, 13]], [[19, 18], [17, 16], [16, 17]],
       [[23, 22], [21, 20], [20, 21]]]]),
    (0, 2, [[0, 1], [1, 0]], [2, 2, 3, 4], None),  # axis 0 drops batch_dims, as in TF
])
def test_gather_batch_dims_rank3(tf, axis, batch_dims, indices, shape, expect):
    out = tf.gather(P3, indices, axis=axis, batch_dims=batch_dims)
    assert out.shape.as_list() == shape
    value = run(tf, out)
    if expect is None:
        expect = P3[np.asarray(indices)]
    np.testing.assert_array_equal(value, expect)


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_gather_batch_dims_every_dtype(tf, dtype):
    params = tf.cast(tf.constant(P3 % 5), dtype)
    out = run(tf, tf.gather(params, [[0, 2], [1, 0]], axis=2, batch_dims=1))
    expect = np.array([[[0, 2], [4, 1], [3, 0]], [[3, 2], [2, 1], [1, 0]]])
    expect = expect.astype(bool) if dtype == "bool" else expect
    np.testing.assert_array_equal(np.real(out).astype(np.float64), expect)


def test_gather_batch_dims_strings_and_noncontiguous(tf):
    strings = tf.gather(tf.constant([["a", "b"], ["c", "d"]]), [[1], [0]], batch_dims=1)
    assert run(tf, strings).tolist() == [[b"b"], [b"c"]]
    params = tf.transpose(tf.constant(P3), [1, 0, 2])                    # [3, 2, 4]
    indices = tf.transpose(tf.constant([[[0, 3], [2, 2], [3, 0]], [[1, 1], [0, 1], [1, 2]]]),
                           [1, 0, 2])                                 # [3, 2, 2]
    out = run(tf, tf.gather(params, indices, axis=2, batch_dims=2))
    assert out.tolist() == [[[0, 3], [13, 13]], [[6, 6], [16, 17]], [[11, 8], [21, 22]]]


def test_gather_batch_dims_static_shapes(tf):
    p = tf.placeholder(tf.float32, [None, 4])
    i = tf.placeholder(tf.int32, [3, 2])
    assert tf.gather(p, i, batch_dims=1).shape.as_list() == [None, 2]
    p3 = tf.placeholder(tf.float32, [2, 3, 4])
    unknown_axis = tf.placeholder(tf.int32, [])
    assert tf.gather(p3, tf.placeholder(tf.int32, [2, 5]), axis=unknown_axis,
                     batch_dims=1).shape.as_list() == [None, None, None]
    assert tf.gather(p3, tf.placeholder(tf.int32), axis=2, batch_dims=1).shape.ndims is None
    assert tf.gather(tf.placeholder(tf.float32, [2, 4]), tf.placeholder(tf.int32, [2, 3]),
                     axis=-1, batch_dims=1).shape.as_list() == [2, 3]


def test_gather_batch_dims_build_errors(tf):
    with pytest.raises(ValueError, match="Shape must be at least rank 3 but is rank 2"):
        tf.gather(P3, [[0, 1], [1, 0]], axis=2, batch_dims=3)
    with pytest.raises(ValueError, match="Shape must be at least rank 4 but is rank 3"):
        tf.gather(P3, np.zeros([2, 3, 2], np.int32), axis=2, batch_dims=-4)
    with pytest.raises(ValueError, match="Shape must be at least rank 1 but is rank 0"):
        tf.gather(np.zeros([2, 4]), 1, batch_dims=1)
    with pytest.raises(ValueError, match="Shape must be at least rank 4 but is rank 3"):
        tf.gather(P3, [0], axis=3)


@pytest.mark.parametrize("build, text", [
    (lambda tf: tf.gather(P3, [[0, 1], [1, 0]], axis=2, batch_dims=2),
     "params.shape[1]: 3 should be equal to indices.shape[1]: 2"),
    (lambda tf: tf.gather(P3, np.zeros([2, 3, 2], np.int32), axis=1, batch_dims=2),
     "batch_dims (2) must be less than or equal to axis (1)."),
    (lambda tf: tf.gather(np.zeros([2, 4]), [[0, 5], [2, 3]], batch_dims=1),
     "indices[0,1] = 5 is not in [0, 4)"),
    (lambda tf: tf.gather(np.zeros([2, 4]), [[0, 1], [-1, 3]], batch_dims=1),
     "indices[1,0] = -1 is not in [0, 4)"),
    (lambda tf: tf.gather([1, 2], 5), "indices = 5 is not in [0, 2)"),
    (lambda tf: tf.gather(P3, [[[0], [1]], [[1], [5]]], axis=1),
     "indices[1,1,0] = 5 is not in [0, 3)"),
    (lambda tf: tf.gather(fed(tf, np.zeros([2, 3])), [[0]], axis=fed(tf, 1, []), batch_dims=3),
     "Expected batch_dims in the range [-2, 2], but got 3"),
    (lambda tf: tf.gather(fed(tf, np.zeros([2, 3])), [[0, 1], [1, 1]], axis=fed(tf, 1, []),
                          batch_dims=2),
     "batch_dims (2) must be less than rank(params) (2)."),
])
def test_gather_run_errors(tf, build, text):
    run_error(tf, tf.errors.InvalidArgumentError, text, build(tf))


def test_gather_batch_dims_empty(tf):
    out = tf.gather(np.zeros([2, 3]), np.zeros([2, 0], np.int32), batch_dims=1)
    assert out.shape.as_list() == [2, 0] and run(tf, out).shape == (2, 0)
    out = tf.gather(np.zeros([2, 0, 3]), np.zeros([2, 4], np.int32), axis=2, batch_dims=1)
    assert run(tf, out).shape == (2, 0, 4)


def test_gather_batch_dims_gradient(tf):
    p = tf.constant(np.arange(24, dtype=np.float32).reshape(2, 3, 4))
    y = tf.gather(p, [[0, 2, 2], [1, 0, 3]], axis=2, batch_dims=1)
    g = tf.gradients(y * tf.constant(np.arange(18, dtype=np.float32).reshape(2, 3, 3)), p)[0]
    assert run(tf, tf.convert_to_tensor(g)).tolist() == [
        [[0, 0, 3, 0], [3, 0, 9, 0], [6, 0, 15, 0]],
        [[10, 9, 0, 11], [13, 12, 0, 14], [16, 15, 0, 17]]]


# -- GatherNd with batch_dims ----------------------------------------------------------------

@pytest.mark.parametrize("indices, batch_dims, shape, expect", [
    ([[1], [2]], 1, [2, 4], [[4, 5, 6, 7], [20, 21, 22, 23]]),
    ([[1, 3], [2, 0]], 1, [2], [7, 20]),
    ([[[1, 3], [0, 0], [2, 2]], [[2, 0], [1, 1], [0, 3]]], 1, [2, 3], [[7, 0, 10],
                                                                         [20, 17, 15]]),
    ([[[1], [3], [0]], [[2], [0], [1]]], 2, [2, 3], [[1, 7, 8], [14, 16, 21]]),
    (np.zeros([2, 0], np.int32), 1, [2, 3, 4], P3.tolist()),
])
def test_gather_nd_batch_dims(tf, indices, batch_dims, shape, expect):
    out = tf.gather_nd(P3, indices, batch_dims=batch_dims)
    assert out.shape.as_list() == shape
    assert run(tf, out).tolist() == expect


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_gather_nd_batch_dims_every_dtype(tf, dtype):
    out = run(tf, tf.gather_nd(tf.cast(tf.constant(P3 % 7), dtype), [[1, 3], [2, 0]],
                               batch_dims=1))
    np.testing.assert_array_equal(np.real(out).astype(np.float64), [0, 6] if dtype != "bool"
                                  else [False, True])


def test_gather_nd_batch_dims_static_shapes_and_feeds(tf):
    def shape(p, i):
        return tf.gather_nd(tf.placeholder(tf.float32, p), tf.placeholder(tf.int32, i),
                            batch_dims=1).shape.as_list()
    assert shape([None, 3, 4], [None, 5, 2]) == [None, 5]
    assert shape([2, 3, 4], [2, 5, 1]) == [2, 5, 4]
    assert shape([None, 3, 4], [2, None, 1]) == [None, None, 4]
    out = tf.gather_nd(fed(tf, P3, [None, None, None]), fed(tf, np.array([[1], [2]]),
                                                            [None, None]), batch_dims=1)
    assert run(tf, out).tolist() == [[4, 5, 6, 7], [20, 21, 22, 23]]
    empty = tf.gather_nd(np.zeros([0, 3, 4]), np.zeros([0, 2, 1], np.int32), batch_dims=1)
    assert run(tf, empty).shape == (0, 2, 4)


def test_gather_nd_batch_dims_errors(tf):
    with pytest.raises(ValueError, match="does not allow negative batch_dims"):
        tf.gather_nd(P3, [[1], [2]], batch_dims=-1)
    with pytest.raises(ValueError, match=r"`batch_dims` = 2 must be less than rank\(`indices`\)"):
        tf.gather_nd(P3, [[1], [2]], batch_dims=2)
    with pytest.raises(ValueError, match=r"`batch_dims` = 2 must be less than rank\(`params`\)"):
        tf.gather_nd(np.zeros([2, 3]), np.zeros([2, 3, 4, 1], np.int32), batch_dims=2)
    with pytest.raises(TypeError, match="Argument `batch_dims` must be an int"):
        tf.gather_nd(P3, [[1], [2]], batch_dims=tf.placeholder(tf.int32, []))
    with pytest.raises(ValueError, match="indices.shape\\[-1\\] must be <= params.rank"):
        tf.gather_nd(P3, [[1, 1, 1, 1]])
    run_error(tf, tf.errors.InvalidArgumentError,
              "indices[0] = [0, 5] does not index into param shape [2,3,4]",
              tf.gather_nd(P3, [[5], [2]], batch_dims=1))
    run_error(tf, tf.errors.InvalidArgumentError,
              "indices[1,0] = [0, 0, 7] does not index into param shape [2,3,4]",
              tf.gather_nd(P3, [[[1, 2, 3]], [[0, 0, 7]]]))


def test_gather_nd_depth_zero_and_gradient(tf):
    whole = run(tf, tf.gather_nd(P3, np.zeros([2, 0], np.int32)))
    assert whole.shape == (2, 2, 3, 4) and (whole[1] == P3).all()
    p = tf.constant(np.arange(24, dtype=np.float32).reshape(2, 3, 4))
    y = tf.gather_nd(p, [[[1, 3], [1, 3]], [[2, 0], [0, 1]]], batch_dims=1)
    g = tf.gradients(y * [[1., 2.], [3., 4.]], p)[0]
    assert run(tf, y).tolist() == [[7, 7], [20, 13]]
    assert run(tf, tf.convert_to_tensor(g)).tolist() == [
        [[0, 0, 0, 0], [0, 0, 0, 3], [0, 0, 0, 0]], [[0, 4, 0, 0], [0, 0, 0, 0], [3, 0, 0, 0]]]


# -- reduction axes ----------------------------------------------------------------------------

REDUCTIONS = ["reduce_sum", "reduce_mean", "reduce_prod", "reduce_max", "reduce_min",
              "reduce_all", "reduce_any"]
X23 = np.arange(6, dtype=np.float32).reshape(2, 3)


def _reduction_input(name):
    return X23 > 2 if name in ("reduce_all", "reduce_any") else X23


@pytest.mark.parametrize("name", REDUCTIONS)
@pytest.mark.parametrize("axis", [5, -3, 2])
def test_reduction_constant_axis_out_of_range(tf, name, axis):
    with pytest.raises(ValueError) as info:
        getattr(tf, name)(_reduction_input(name), axis)
    assert str(info.value).startswith(
        "Invalid reduction dimension %d for input with 2 dimensions. for '" % axis)
    assert str(info.value).endswith("and with computed input tensors: input[1] = <%d>." % axis)


@pytest.mark.parametrize("name", REDUCTIONS)
@pytest.mark.parametrize("axis, text", [
    (5, "Invalid reduction dimension (5 for input with 2 dimension(s)"),
    (-3, "Invalid reduction dimension (-3 for input with 2 dimension(s)"),
    ([0, 0], "Invalid reduction arguments: Axes contains duplicate dimension: 0"),
    ([-1, 1], "Invalid reduction arguments: Axes contains duplicate dimension: 1"),
])
def test_reduction_fed_axis_errors(tf, name, axis, text):
    axis_t = tf.placeholder(tf.int32, None)
    out = getattr(tf, name)(_reduction_input(name), axis_t)
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        run(tf, out, {axis_t: axis})
    assert text in str(info.value)


def test_reduction_axis_edge_cases(tf):
    # constant duplicates build (shape as a set of axes) and fail when run, as in TF
    dup = tf.reduce_sum(X23, [1, -1])
    assert dup.shape.as_list() == [2]
    run_error(tf, tf.errors.InvalidArgumentError, "Axes contains duplicate dimension: 1", dup)
    assert run(tf, tf.reduce_sum(X23, fed(tf, -2, []))).tolist() == [3, 5, 7]
    assert run(tf, tf.reduce_sum(3.0, [])) == 3.0
    with pytest.raises(ValueError, match="Invalid reduction dimension 0 for input with 0 dim"):
        tf.reduce_sum(3.0, 0)
    with pytest.raises(ValueError, match="Shape must be at most rank 1 but is rank 2"):
        tf.reduce_sum(X23, [[0], [1]])
    unknown_rank = tf.reduce_sum(fed(tf, X23), 5)
    run_error(tf, tf.errors.InvalidArgumentError,
              "Invalid reduction dimension (5 for input with 2 dimension(s)", unknown_rank)


@pytest.mark.parametrize("name", ["argmax", "argmin"])
def test_arg_reduction_axis_errors(tf, name):
    fn = getattr(tf, name)
    with pytest.raises(ValueError, match=r"Dimension \(5\) must be in the range \[-2, 2\), "
                                         "where 2 is the number of dimensions in the input."):
        fn(X23, 5)
    run_error(tf, tf.errors.InvalidArgumentError,
              "Expected dimension in the range [-2, 2), but got -3", fn(X23, fed(tf, -3, [])))
    run_error(tf, tf.errors.InvalidArgumentError,
              "Reduction axis 0 is empty in shape [0,3]", fn(np.zeros([0, 3], np.float32), 0))
    run_error(tf, tf.errors.InvalidArgumentError,
              "Expected dimension in the range [0, 0), but got 0", fn(3.0, 0))
    assert fn(tf.ones([2, 3, 4]), fed(tf, 1, [])).shape.as_list() == [None, None]
    assert run(tf, fn(np.zeros([3, 0], np.float32), 0)).shape == (0,)
    assert fn([3.0, 4.0], 1).shape.as_list() == []  # rank <= 1: a scalar, checked when run


def test_arg_reduction_axis_types(tf):
    with pytest.raises(TypeError, match="axis must be int or Tensor with integer datatype"):
        tf.argmax(X23, [0])
    with pytest.raises(ValueError, match="Shape must be rank 0 but is rank 1"):
        tf.argmin(X23, [0])
    assert run(tf, tf.argmax(X23, tf.constant(1, tf.int8))).tolist() == [2, 2]


@pytest.mark.parametrize("name", ["cumsum", "cumprod"])
def test_scan_axis_errors(tf, name):
    fn = getattr(tf, name)
    run_error(tf, tf.errors.InvalidArgumentError,
              "ScanOp: Expected scan axis in the range [-2, 2), but got 5", fn(X23, 5))
    # TF reports a negative axis after adding the rank
    run_error(tf, tf.errors.InvalidArgumentError,
              "ScanOp: Expected scan axis in the range [-2, 2), but got -1", fn(X23, -3))
    run_error(tf, tf.errors.InvalidArgumentError, "ScanOp: axis must be a scalar, not [1]",
              fn(X23, [1]))


@pytest.mark.parametrize("exclusive", [False, True])
@pytest.mark.parametrize("reverse", [False, True])
def test_scans_exclusive_reverse_empty_transposed(tf, exclusive, reverse):
    x = tf.transpose(tf.constant([[1., 2.], [3., 4.], [5., 6.]]))       # [[1, 3, 5], [2, 4, 6]]
    sums = {(False, False): [[1, 4, 9], [2, 6, 12]], (True, False): [[0, 1, 4], [0, 2, 6]],
            (False, True): [[9, 8, 5], [12, 10, 6]], (True, True): [[8, 5, 0], [10, 6, 0]]}
    prods = {(False, False): [[1, 3, 15], [2, 8, 48]], (True, False): [[1, 1, 3], [1, 2, 8]],
             (False, True): [[15, 15, 5], [48, 24, 6]], (True, True): [[15, 5, 1], [24, 6, 1]]}
    out = run(tf, [tf.cumsum(x, 1, exclusive=exclusive, reverse=reverse),
                   tf.cumprod(x, 1, exclusive=exclusive, reverse=reverse),
                   tf.cumsum(np.zeros([2, 0], np.float32), 1, exclusive=exclusive,
                             reverse=reverse)])
    assert out[0].tolist() == sums[exclusive, reverse]
    assert out[1].tolist() == prods[exclusive, reverse]
    assert out[2].shape == (2, 0)


# -- integer means, sums, products, scans ----------------------------------------------------

# TF sums integers below 64 bits in a 64-bit type before dividing (truncating toward zero);
# 64-bit types sum in their own type, wrapping.
INT_MEANS = {
    "int8": (127, -128), "uint8": (255, 0), "int16": (32767, -32768), "uint16": (65535, 0),
    "int32": (2147483647, -2147483648), "uint32": (4294967295, 0),
}


@pytest.mark.parametrize("dtype", INT_DTYPES)
@pytest.mark.parametrize("shape", [[10, 10], [7], [3, 5, 7]])
def test_integer_mean_accumulates_wide(tf, dtype, shape):
    info = np.iinfo(dtype)
    out = run(tf, [tf.reduce_mean(np.full(shape, info.max, dtype)),
                   tf.reduce_mean(np.full(shape, info.min, dtype)),
                   tf.reduce_mean(np.full(shape, 100, dtype))])
    assert out[2] == 100 and out[2].dtype == np.dtype(dtype)
    if dtype in INT_MEANS:
        assert (out[0], out[1]) == INT_MEANS[dtype]
    else:  # the wrapped 64-bit sums, divided
        expect = {("int64", 100): (-1, 0), ("int64", 7): (1317624576693539400,
                                                          -1317624576693539401),
                  ("int64", 105): (87841638446235959, -87841638446235960),
                  ("uint64", 100): (184467440737095515, 0), ("uint64", 7): (2635249153387078801, 0),
                  ("uint64", 105): (175683276892471919, 0)}
        assert (int(out[0]), int(out[1])) == expect[dtype, int(np.prod(shape))]


@pytest.mark.parametrize("dtype", INT_DTYPES)
def test_integer_mean_truncates_and_axis(tf, dtype):
    signed = np.iinfo(dtype).min < 0
    values = [np.array([-7, 0], np.int64), np.array([-5, 1, 0], np.int64)]
    out = run(tf, [tf.reduce_mean(v.astype(dtype)) for v in values] +
              [tf.reduce_mean(np.full([4, 100], np.iinfo(dtype).max, dtype), 1),
               tf.reduce_mean(np.zeros([0], dtype))])
    if signed:
        assert out[0] == -3 and out[1] == -1
    else:
        assert out[0] == {"uint8": 124, "uint16": 32764, "uint32": 2147483644,
                          "uint64": 9223372036854775804}[dtype]
    wrapped = {"int64": -1, "uint64": 184467440737095515}.get(dtype, np.iinfo(dtype).max)
    assert out[2].tolist() == [wrapped] * 4 and out[3] == 0


@pytest.mark.parametrize("dtype", INT_DTYPES)
def test_integer_sum_prod_scan_wrap(tf, dtype):
    info = np.iinfo(dtype)
    v = np.full([3], info.max, dtype)
    out = run(tf, [tf.reduce_sum(v), tf.reduce_prod(v), tf.cumsum(v),
                   tf.reduce_max(np.array([3, info.max, 0], dtype)),
                   tf.reduce_min(np.array([3, info.min, 7], dtype)),
                   tf.reduce_max(np.zeros([0, 2], dtype), 0),
                   tf.reduce_min(np.zeros([0, 2], dtype), 0),
                   tf.reduce_prod(np.zeros([0, 2], dtype), 0)])
    mod = 2 ** info.bits
    assert int(out[0]) == (3 * int(info.max)) % mod - (mod if info.min < 0 and
                                                        (3 * int(info.max)) % mod > info.max
                                                        else 0)
    assert int(out[1]) == int(info.max)  # max**3 == max modulo 2**bits for these max values
    assert out[2].dtype == np.dtype(dtype) and int(out[2][0]) == int(info.max)
    assert int(out[3]) == int(info.max) and int(out[4]) == int(info.min)
    assert out[5].tolist() == [info.min] * 2 and out[6].tolist() == [info.max] * 2
    assert out[7].tolist() == [1, 1]


def test_mean_of_empty_floats_and_complex(tf):
    out = run(tf, [tf.reduce_mean(np.zeros([0], np.float32)),
                   tf.reduce_mean(np.zeros([0], np.complex64)),
                   tf.reduce_max(np.zeros([0], np.float64)),
                   tf.reduce_min(np.zeros([0], np.float16))])
    assert np.isnan(out[0]) and out[1] == 0 and out[2] == -inf and out[3] == inf


def test_conformance_mean_int8(tf):
    out = tf.reduce_mean(tf.fill([10, 10], tf.constant(100, tf.int8)))
    assert out.dtype == tf.int8 and run(tf, out) == 100


# -- FloorDiv, FloorMod, TruncateDiv, TruncateMod --------------------------------------------

DIV_X = [3., -3., 5., -5., 0., -0., 3., -3., inf, -inf, nan, 3., 7.5, -7.5, 2., -2., 5.5, -5.5]
DIV_Y = [inf, inf, .1, .1, 2., 2., -inf, -inf, 2., 2., 2., nan, 0., 0., -0., -0., 2., -2.]
FLOAT_RESULTS = {  # x / y computed in float32
    "floormod": [3., inf, 0.09999992698431015, 7.450580596923828e-08, 0., -0., -inf, -3., nan,
                 nan, nan, nan, nan, nan, nan, nan, 1.5, -1.5],
    "floordiv": [0., -0., 50., -50., 0., -0., -0., 0., inf, -inf, nan, nan, inf, -inf, -inf, inf,
                 2., 2.],
    "truncatediv": [0., -0., 50., -50., 0., -0., -0., 0., inf, -inf, nan, nan, inf, -inf, -inf,
                    inf, 2., 2.],
    "truncatemod": [3., -3., 0.09999992698431015, -0.09999992698431015, 0., -0., 3., -3., nan,
                    nan, nan, nan, nan, nan, nan, nan, 1.5, -1.5],
}


@pytest.mark.parametrize("name", sorted(FLOAT_RESULTS))
def test_float_division_family(tf, name):
    out = run(tf, getattr(tf, name)(np.float32(DIV_X), np.float32(DIV_Y)))
    expect = np.array(FLOAT_RESULTS[name], np.float32)
    np.testing.assert_array_equal(out, expect)                       # NaN == NaN here
    finite = ~np.isnan(expect)
    assert (np.signbit(out[finite]) == np.signbit(expect[finite])).all()  # -0.0 kept


@pytest.mark.parametrize("dtype", ["float16", "float64", "bfloat16"])
def test_float_floor_division_other_types(tf, dtype):
    x, y = tf.cast([5., -5., 3., -3.], dtype), tf.cast([.1, .1, inf, inf], dtype)
    out = run(tf, [tf.floordiv(x, y), tf.floormod(x, y)])
    # 0.1 rounds differently in each type: floor(x / y) and fmod follow it
    div = {"float16": [50., -50.], "float64": [49., -50.], "bfloat16": [50., -50.]}[dtype]
    mod = {"float16": [0.001220703125, 0.0987548828125],
           "float64": [0.09999992698431015, 7.450580596923828e-08],
           "bfloat16": [0.09521484375, 0.0048828125]}[dtype]
    if dtype == "float64":  # the float32 value of 0.1, as tf.cast made it
        x = tf.constant([5., -5., 3., -3.], tf.float64)
        y = tf.cast(tf.constant([.1, .1, inf, inf], tf.float32), tf.float64)
        out = run(tf, [tf.floordiv(x, y), tf.floormod(x, y)])
    assert as_float(out[0]).tolist()[:2] == div
    np.testing.assert_allclose(as_float(out[1])[:2], mod, rtol=1e-6)
    assert as_float(out[1]).tolist()[2:] == [3., inf]


def test_conformance_floordiv_values(tf):
    out = run(tf, [tf.floordiv(5.0, 0.1), tf.floordiv(tf.constant([1.5, -2.5]), 0.5),
                   tf.constant(5.) // 0.1, tf.mod(tf.constant([4, 9]), 4),
                   tf.floormod([3., -3., 5.], [inf, inf, .1])])
    assert out[0] == 50.0 and out[1].tolist() == [3.0, -5.0] and out[2] == 50.0
    assert out[3].tolist() == [0, 1]
    np.testing.assert_allclose(out[4], [3., inf, 0.09999993], rtol=1e-6)


INT_X = [7, -7, 7, -7, 0, 0, -128, 127, -128, -1, 1]
INT_Y = [2, 2, -2, -2, 3, -3, -1, 5, 3, 7, -7]
SIGNED = {"floormod": [1, 1, -1, -1, 0, 0, 0, 2, 1, 6, -6],
          "floordiv": [3, -4, -4, 3, 0, 0, 128, 25, -43, -1, -1],
          "truncatediv": [3, -3, -3, 3, 0, 0, 128, 25, -42, 0, 0],
          "truncatemod": [1, -1, 1, -1, 0, 0, 0, 2, -2, -1, 1]}
UNSIGNED = {"floormod": {"uint8": [1, 1, 7, 249, 0, 0, 128, 2, 2, 4, 1]},
            "floordiv": {"uint8": [3, 124, 0, 0, 0, 0, 0, 25, 42, 36, 0]}}


@pytest.mark.parametrize("dtype", INT_DTYPES)
@pytest.mark.parametrize("name", ["floormod", "floordiv", "truncatediv", "truncatemod"])
def test_integer_division_family(tf, dtype, name):
    if name == "truncatemod" and dtype not in ("int32", "int64"):
        with pytest.raises(TypeError):  # TF's OpDef: TruncateMod takes int32/int64 only
            tf.truncatemod(tf.constant([1], dtype), tf.constant([1], dtype))
        return
    x = tf.constant(np.array(INT_X, np.int64).astype(dtype))
    y = tf.constant(np.array(INT_Y, np.int64).astype(dtype))
    out = run(tf, getattr(tf, name)(x, y))
    assert out.dtype == np.dtype(dtype)
    if np.iinfo(dtype).min < 0:
        expect = np.array(SIGNED[name], np.int64)
        if dtype == "int8":
            expect = expect.astype(np.int8)   # -128 // -1 wraps to -128
        np.testing.assert_array_equal(out, expect.astype(dtype))
    else:  # unsigned: the operands' two's complement values, divided as unsigned
        xs = np.array(INT_X, np.int64).astype(dtype)
        ys = np.array(INT_Y, np.int64).astype(dtype)
        expect = xs % ys if name == "floormod" else xs // ys
        np.testing.assert_array_equal(out, expect)


@pytest.mark.parametrize("dtype", ["int32", "int64"])
def test_integer_division_of_int_min_by_minus_one(tf, dtype):
    low = np.iinfo(dtype).min
    x = tf.constant(np.array([low, low, 5], dtype))
    y = tf.constant(np.array([-1, 1, -1], dtype))
    out = run(tf, [tf.floordiv(x, y), tf.truncatediv(x, y), tf.floormod(x, y),
                   tf.truncatemod(x, y)])
    assert out[0].tolist() == [low, low, -5] and out[1].tolist() == [low, low, -5]
    assert out[2].tolist() == [0, 0, 0] and out[3].tolist() == [0, 0, 0]


@pytest.mark.parametrize("dtype", INT_DTYPES)
def test_integer_division_by_zero(tf, dtype):
    x, zero = tf.constant(np.array([7, 1], dtype)), tf.constant(np.array([0, 1], dtype))
    run_error(tf, tf.errors.InvalidArgumentError, "Integer division by zero",
              tf.floordiv(x, zero))
    run_error(tf, tf.errors.InvalidArgumentError, "Integer division by zero",
              tf.floormod(x, zero))
    run_error(tf, tf.errors.InternalError, "Unexpected error in binary operator (only integer "
              "div and mod should have errors)", tf.truncatediv(x, zero))


def test_legacy_div_op_truncates_integers(tf):
    out = run(tf, [tf.raw_ops.Div(x=tf.constant([-7, 7, 7]), y=tf.constant([2, -2, 2])),
                   tf.raw_ops.Div(x=tf.constant([-7., 5.]), y=tf.constant([2., .1])),
                   tf.div(tf.constant([-7, 7]), tf.constant([2, -2]))])
    assert out[0].tolist() == [-3, -3, 3] and out[1].tolist() == [-3.5, 50.0]
    assert out[2].tolist() == [-4, -4]   # tf.div is FloorDiv for integers


def test_floormod_gradient(tf):
    x = tf.constant([3., -3., 5., -5., 7.5])
    y = tf.constant([2., 2., -0.1, 0.1, -2.])
    g = tf.gradients(tf.floormod(x, y) * [1., 2., 3., 4., 5.], [x, y])
    out = run(tf, g)
    assert out[0].tolist() == [1, 2, 3, 4, 5] and out[1].tolist() == [-1, 4, 150, 200, 20]
    xb, yb = tf.constant([[3., -3.], [5., -5.]]), tf.constant([2., -0.3])
    assert run(tf, tf.gradients(tf.floormod(xb, yb), yb)[0]).tolist() == [-3, -26]


# -- NaN in ArgMax/ArgMin, Max/Min and Maximum/Minimum ---------------------------------------

# TF's reducer starts at (index 0, the lowest finite value) and only a strictly larger value
# (or an equal one at a lower index) replaces it: NaN is never chosen.
ARG_CASES = [
    ([1., nan, 2.], 2, 0), ([nan, 1., 2.], 2, 1), ([1., 2., nan], 1, 0), ([nan, nan], 0, 0),
    ([-inf, nan, inf], 2, 0), ([nan, -inf], 0, 1), ([-inf, nan], 0, 0), ([nan, nan, -inf], 0, 2),
    ([nan, inf], 1, 0), ([nan, nan, inf], 2, 0), ([3., 3., 1.], 0, 2), ([1., 3., 3.], 1, 0),
    ([nan] * 20 + [5.], 20, 20), ([nan] * 20 + [-inf], 0, 20),
]


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "bfloat16"])
def test_arg_reductions_ignore_nan(tf, dtype):
    out = run(tf, [[tf.argmax(tf.cast(v, dtype)), tf.argmin(tf.cast(v, dtype))]
                   for v, _, _ in ARG_CASES])
    assert [list(map(int, o)) for o in out] == [[a, b] for _, a, b in ARG_CASES]


def test_arg_reductions_lowest_finite_value_ties_the_start(tf):
    low = float(np.finfo(np.float32).min)
    out = run(tf, [tf.argmax([nan, low]), tf.argmax(np.float64([nan, low])),
                   tf.argmin([low, -inf])])
    assert [int(v) for v in out] == [0, 1, 1]


def test_arg_reductions_matrix_and_conformance(tf):
    m = np.array([[1., nan, 2.], [nan, 5., 0.], [4., 4., -1.]], np.float32)
    out = run(tf, [tf.argmax(m, 0), tf.argmax(m, 1), tf.argmin(m, 0), tf.argmin(m, 1),
                   tf.argmax(tf.transpose(m), 0), tf.argmax(tf.constant([1.0, nan, 2.0]))])
    assert [o.tolist() for o in out] == [[2, 1, 0], [2, 1, 0], [0, 2, 2], [0, 2, 2],
                                        [2, 1, 0], 2]
    big = np.arange(100, dtype=np.float32)
    big[37] = nan
    assert run(tf, [tf.argmax(big), tf.argmin(big)]) == [99, 0]


@pytest.mark.parametrize("dtype", INT_DTYPES + ["bool"])
def test_arg_reductions_integer_types(tf, dtype):
    if dtype == "bool":
        assert run(tf, [tf.argmax([False, True, True]), tf.argmin([True, False, False])]) == [1, 1]
        return
    info = np.iinfo(dtype)
    out = run(tf, [tf.argmax(np.array([3, info.max, info.max, 0], dtype)),
                   tf.argmin(np.array([3, info.min, 0, info.min], dtype)),
                   tf.argmax(np.array([3, 7, 7, 1], dtype), output_type=tf.int32)])
    assert [int(o) for o in out] == [1, 1, 1] and out[2].dtype == np.int32


def test_max_min_propagate_nan(tf):
    a = np.array([nan, 1., nan, inf, -inf], np.float32)
    b = np.array([1., nan, nan, nan, 1.], np.float32)
    out = run(tf, [tf.maximum(a, b), tf.minimum(a, b), tf.reduce_max([1., nan, 2.]),
                   tf.reduce_min([[1., nan], [2., 3.]], 1), tf.nn.relu([nan, -1., 1.])])
    np.testing.assert_array_equal(out[0], [nan, nan, nan, nan, 1.])
    np.testing.assert_array_equal(out[1], [nan, nan, nan, nan, -inf])
    assert np.isnan(out[2]) and np.isnan(out[3][0]) and out[3][1] == 2
    np.testing.assert_array_equal(out[4], [nan, 0., 1.])


@pytest.mark.parametrize("dtype", ["uint16", "uint32", "uint64"])
def test_unsigned_comparisons_above_the_signed_range(tf, dtype):
    top = np.iinfo(dtype).max
    v = np.array([3, top, 7, 0], dtype)
    out = run(tf, [tf.maximum(v, v[::-1].copy()), tf.minimum(v, v[::-1].copy()),
                   tf.reduce_max(v), tf.reduce_min(v), tf.argmax(v), tf.argmin(v)])
    assert out[0].tolist() == [3, top, top, 3] and out[1].tolist() == [0, 7, 7, 0]
    assert [int(o) for o in out[2:]] == [top, 0, 1, 3]


@pytest.mark.tfcompat_only
def test_gather_unknown_axis_negative_batch_dims_rank(tf):
    # Better than TF (known_differences.txt): TF says rank 5 here.
    out = tf.gather(tf.placeholder(tf.float32, [2, 3, 4]), tf.placeholder(tf.int32, [2, 5]),
                    axis=tf.placeholder(tf.int32, []), batch_dims=-1)
    assert out.shape.ndims == 3


@pytest.mark.tfcompat_only
def test_argmax_numpy_integer_axis(tf):
    # Better than TF 2 (known_differences.txt): TF 1 took numpy integers as the axis.
    assert run(tf, tf.argmax(X23, np.int64(1))).tolist() == [2, 2]
