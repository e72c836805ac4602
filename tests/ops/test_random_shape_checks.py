"""A stateful random op's `shape` input is checked at run time as TF's kernels check it (a
GCN-style sparse dropout fed its noise shape as a scalar): a scalar or matrix shape and a
negative dimension are InvalidArgumentErrors with TF's texts (recorded from TF 2.21 compat.v1)."""
import pytest


def _ops(tf, p):
    return [tf.random_uniform(p, seed=1), tf.random_normal(p, seed=1),
            tf.truncated_normal(p, seed=1), tf.random_uniform(p, maxval=5, dtype=tf.int32, seed=1)]


@pytest.mark.parametrize("value,message", [
    (3, "shape must be a vector of {int32,int64}, got shape []"),
    ([[2]], "shape must be a vector of {int32,int64}, got shape [1,1]"),
    ([-1, 2], "Dimension -1 must be >= 0"),
])
def test_bad_shape_is_invalid_argument(tf, value, message):
    p = tf.placeholder(tf.int32)
    with tf.Session() as sess:
        for op in _ops(tf, p):
            with pytest.raises(tf.errors.InvalidArgumentError) as info:
                sess.run(op, {p: value})
            assert message in info.value.message


def test_fed_vector_shape_runs(tf):
    p = tf.placeholder(tf.int32)
    with tf.Session() as sess:
        assert [sess.run(op, {p: [4]}).shape for op in _ops(tf, p)] == [(4,)] * 4


@pytest.mark.parametrize("make,message", [
    (lambda tf: tf.random.categorical(tf.ones([3]), 2),
     "Shape must be rank 2 but is rank 1 for '{{node categorical/Multinomial}} = Multinomial["
     "T=DT_FLOAT, output_dtype=DT_INT64, seed=0, seed2=0](ones, categorical/Multinomial/"
     "num_samples)' with input shapes: [3], []."),
    (lambda tf: tf.multinomial(tf.ones([2, 3]), [2]),
     "Shape must be rank 0 but is rank 1 for '{{node multinomial/Multinomial}} = Multinomial["
     "T=DT_FLOAT, output_dtype=DT_INT64, seed=0, seed2=0](ones, multinomial/Multinomial/"
     "num_samples)' with input shapes: [2,3], [1]."),
    (lambda tf: tf.random.categorical(tf.ones([2, 3]), -1),
     "Dimension size, given by scalar input 1, must be non-negative but is -1 for '{{node "
     "categorical/Multinomial}} = Multinomial[T=DT_FLOAT, output_dtype=DT_INT64, seed=0, "
     "seed2=0](ones, categorical/Multinomial/num_samples)' with input shapes: [2,3], [] and "
     "with computed input tensors: input[1] = <-1>."),
])
def test_multinomial_shape_function_checks_ranks_and_count(tf, make, message):
    # a GPT-2 sampler passing logits[:, -1] of one sequence (rank 1) fails while building
    with tf.Graph().as_default():
        with pytest.raises(ValueError) as info:
            make(tf)
    assert str(info.value) == message
