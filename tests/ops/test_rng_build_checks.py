"""Random ops' build-time checks and edge runs as TF 2.21 compat.v1 has them: random_uniform's
accepted dtypes, the rank-1 `shape` and scalar minval/maxval shape functions, the op seed a
failing call takes, multinomial's empty and zero-class runs, random_crop's size assertion."""
import numpy as np
import pytest


def _err(fn):
    try:
        fn()
    except Exception as e:  # noqa
        return type(e).__name__, str(e).split("\n")[0]
    return None


@pytest.mark.parametrize("dtype", ["bool", "uint8", "complex64", "string"])
def test_random_uniform_rejects_dtype(tf, dtype):
    kind, msg = _err(lambda: tf.random_uniform([2], maxval=1, dtype=getattr(tf, dtype)))
    assert kind == "ValueError"
    assert msg == ("Argument `dtype` got invalid value <dtype: '%s'>. Accepted dtypes are "
                   "(tf.float16, tf.bfloat16, tf.float32, tf.float64, tf.int32, tf.int64)."
                   % dtype)


def test_uniform_int_bounds_must_be_scalars(tf):
    kind, msg = _err(lambda: tf.random_uniform([4], minval=[0, 1, 2, 3], maxval=10,
                                               dtype=tf.int32))
    assert kind == "ValueError"
    assert msg.startswith("minval must be a scalar; got a tensor of shape [4] for '{{node "
                          "random_uniform}} = RandomUniformInt[")
    assert msg.endswith("with input shapes: [1], [4], [].")
    kind, msg = _err(lambda: tf.random_uniform([4], maxval=[10, 3], dtype=tf.int64))
    assert msg.startswith("maxval must be a scalar; got a tensor of shape [2]")


@pytest.mark.parametrize("make,node,rank", [
    (lambda tf, s: tf.random_uniform(s), "random_uniform/RandomUniform", 2),
    (lambda tf, s: tf.random_normal(s), "random_normal/RandomStandardNormal", 2),
    (lambda tf, s: tf.truncated_normal(s[0, 0]), "truncated_normal/TruncatedNormal", 0),
    (lambda tf, s: tf.random_uniform(s, maxval=3, dtype=tf.int32), "random_uniform", 2),
    (lambda tf, s: tf.random_gamma(s, 1.0), "random_gamma/RandomGamma", 2),
    (lambda tf, s: tf.random_poisson(1.0, s), "random_poisson/RandomPoissonV2", 2),
])
def test_shape_input_must_be_rank_1(tf, make, node, rank):
    shape = tf.constant([[2, 2]])
    kind, msg = _err(lambda: make(tf, shape))
    assert kind == "ValueError"
    assert msg.startswith("Shape must be rank 1 but is rank %d for '{{node %s}} = " % (rank, node))


def test_non_integer_shape_fails_in_the_op_after_taking_a_seed(tf):
    tf.set_random_seed(31)
    kind, msg = _err(lambda: tf.random_uniform([2.0, 3.0]))
    assert (kind, msg) == ("TypeError", "Value passed to parameter 'shape' has DataType float32 "
                                         "not in list of allowed values: int32, int64")
    kind, msg = _err(lambda: tf.random_normal("abc"))
    assert msg.startswith("Value passed to parameter 'shape' has DataType string")
    _err(lambda: tf.random_uniform([2], dtype=tf.bool))   # rejected before its seed is taken
    assert tf.get_seed(None) == (31, 2)


def test_mean_of_wrong_dtype_names_the_argument(tf):
    kind, msg = _err(lambda: tf.random_normal([2], mean=tf.constant(1.0, tf.float64)))
    assert kind == "ValueError"
    assert msg.startswith("mean: Tensor conversion requested dtype float32 for Tensor with "
                          "dtype float64")
    assert _err(lambda: tf.truncated_normal([2], stddev=tf.constant(1.0, tf.float64)))[1] \
        .startswith("stddev: Tensor conversion")


def test_stateless_int_without_maxval_message(tf):
    kind, msg = _err(lambda: tf.random.stateless_uniform([6], [5, 6], dtype=tf.int32))
    assert msg == ("For integer `dtype` argument <dtype: 'int32'>, argument `minval` and "
                   "`maxval` must be both None or not None. Got `minval`=0 and `maxval`=None.")


def test_multinomial_empty_and_zero_classes(tf):
    p = tf.placeholder(tf.float32, [None, None])
    n = tf.placeholder(tf.int32, [])
    m = tf.multinomial(p, n, seed=8)
    with tf.Session() as sess:
        out = sess.run(m, {p: [[1.0, 2.0], [0.0, 0.0]], n: 0})
        assert out.shape == (2, 0) and out.dtype == np.int64
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(m, {p: np.zeros([2, 0]), n: 2})
        assert "num_classes should be positive, got 0" in info.value.message
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(m, {p: [[1.0, 2.0]], n: -2})
        assert "num_samples should be non-negative, got -2" in info.value.message
        assert sess.run(tf.multinomial(tf.zeros([2, 3]), 0)).shape == (2, 0)


def test_random_crop_asserts_size(tf):
    img = tf.reshape(tf.range(60), [5, 4, 3])
    q = tf.placeholder(tf.float32, [None, None, 3])
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(tf.random_crop(img, [6, 4, 3], seed=5))
        assert ("assertion failed: [Need value.shape >= size, got ] [5 4 3] [6 4 3]"
                in info.value.message)
        with pytest.raises(tf.errors.InvalidArgumentError):
            sess.run(tf.random_crop(q, [2, 2, 3], seed=7), {q: np.ones([1, 1, 3])})
        assert sess.run(tf.random_crop(img, [5, 4, 3], seed=5)).tolist() == \
            np.arange(60).reshape(5, 4, 3).tolist()
    kind, msg = _err(lambda: tf.random_crop(img, [3, 2]))
    assert msg.startswith("Dimensions must be equal, but are 3 and 2 for '{{node "
                          "random_crop_3/GreaterEqual}} = GreaterEqual[")


def test_unconvertible_input_names_the_argument(tf):
    assert _err(lambda: tf.random_shuffle(None)) == (
        "ValueError", "Tried to convert 'value' to a tensor and failed. Error: None values not "
                      "supported.")


def test_shape_with_none_fails_to_convert(tf):
    assert _err(lambda: tf.random_uniform([None, 2])) == (
        "TypeError", "Failed to convert elements of (None, 2) to Tensor. Consider casting "
                     "elements to a supported type. See https://www.tensorflow.org/api_docs/"
                     "python/tf/dtypes for supported TF dtypes.")
