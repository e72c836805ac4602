"""Sparse edge cases found by sweeping tables of sparse programs against TF: kernel messages
(SparseSplit, SparseToDense without validation, SparseCross batch sizes), build-time argument
checks (sparse_merge, embedding_lookup_sparse weights, a rank-2 dense_shape, expand_dims past
the rank), static shapes read through control dependencies (sparse.reset_shape), half-precision
sparse segment means, and complex gradients of sparse_tensor_dense_matmul's adjoints.

Every expected value was recorded from TF 2.21 (tensorflow.compat.v1 with v2 behaviour off).
"""
import numpy as np
import pytest


def _first_line(error):
    """The kernel's message, without the lines TF 2's graph runner puts around it."""
    lines = [ln for ln in str(error.value).split("\n") if ln.strip() and not ln.startswith(
        ("Graph execution", "Detected at", " ", "\t", "Traceback", "Node:"))]
    return lines[0]


def test_sparse_split_num_split_message(tf):
    sp = tf.SparseTensor([[0, 0], [2, 1]], [1.0, 2.0], [3, 4])
    pieces = tf.sparse.split(sp_input=sp, num_split=5, axis=1)
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError) as e:
        sess.run(pieces[0])
    assert _first_line(e) == ("Input num_split should be between 1 and the splitting dimension "
                              "size (4), got 5")


def test_sparse_to_dense_unvalidated_out_of_bounds(tf):
    sp = tf.SparseTensor([[0, 1], [3, 0]], [1.0, 2.0], [3, 4])
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as e:
            sess.run(tf.sparse.to_dense(sp, validate_indices=False))
        assert _first_line(e) == "Indices are not valid (out of bounds).  Shape: [3,4]"
        with pytest.raises(tf.errors.InvalidArgumentError) as e:
            sess.run(tf.sparse.to_dense(sp))
        assert _first_line(e) == "indices[1] = [3,0] is out of bounds: need 0 <= index < [3,4]"
        ids = tf.SparseTensor([[0, 0], [0, 1]], tf.constant([1, 3], tf.int64), [1, 2])
        with pytest.raises(tf.errors.InvalidArgumentError) as e:
            sess.run(tf.sparse.to_indicator(ids, 2))
        assert _first_line(e) == "Indices are not valid (out of bounds).  Shape: [1,2]"


def test_sparse_to_dense_values_length(tf):
    ph = tf.sparse_placeholder(tf.float32)
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError) as e:
        sess.run(tf.sparse.to_dense(ph), {ph: ([[0, 1]], [1.0, 2.0], [2, 2])})
    assert _first_line(e) == "sparse_values has incorrect shape [2], should be [] or [1]"


def test_sparse_merge_argument_checks(tf):
    ids = tf.SparseTensor([[0, 0], [1, 0]], tf.constant([1, 3], tf.int64), [2, 1])
    wv = tf.SparseTensor([[0, 0], [1, 0]], [0.5, 1.5], [2, 1])
    with pytest.raises(TypeError, match="vocab_size has to be a Tensor or Python int. Found "
                                        "<class 'list'>"):
        tf.sparse_merge(ids, wv, [5, 4])
    with pytest.raises(TypeError, match="^Input must be a SparseTensor.$"):
        tf.sparse_merge([ids, ids], [wv, wv], [5, 4])
    with pytest.raises(ValueError, match="sp_ids and vocab_size have to have equal lengths."):
        tf.sparse_merge([ids, ids], wv, [5])
    merged = tf.sparse_merge([ids, ids], wv, [5, 4])
    with tf.Session() as sess:
        value = sess.run(merged)
    np.testing.assert_array_equal(value.indices, [[0, 1, 1], [1, 3, 3]])
    np.testing.assert_array_equal(value.dense_shape, [2, 5, 4])


def test_embedding_lookup_sparse_weights_must_match_ids(tf):
    params = tf.ones([5, 4])
    ids = tf.SparseTensor([[0, 0], [0, 1], [2, 0]], tf.constant([1, 3, 4], tf.int64), [4, 3])
    with pytest.raises(ValueError, match=r"Shapes \(3,\) and \(1,\) are incompatible"):
        tf.nn.embedding_lookup_sparse(params, ids, tf.SparseTensor([[0, 0]], [1.0], [4, 3]))


def test_sparse_tensor_dense_shape_of_rank_two(tf):
    with pytest.raises(ValueError, match=r"Shape \(1, 2\) must have rank 1"):
        tf.SparseTensor([[0, 0]], [1.0], [[2, 3]])


def test_sparse_expand_dims_past_the_rank(tf):
    sp = tf.SparseTensor([[0, 0], [1, 2]], [1.0, 2.0], [2, 3])
    with pytest.raises(ValueError, match="Negative dimension size caused by subtracting 3 "
                                         "from 2"):
        tf.sparse.expand_dims(sp, 3)
    with pytest.raises(ValueError, match="Negative dimension size caused by subtracting 3 "
                                         "from 2"):
        tf.slice(tf.zeros([3, 2]), [0, 3], [-1, -1])
    assert tf.slice(tf.zeros([3, 2]), [0, 1], [-1, -1]).shape.as_list() == [3, 1]


def test_sparse_reset_shape_static_shape_through_checks(tf):
    ph = tf.sparse_placeholder(tf.float32)
    reset = tf.sparse.reset_shape(ph, tf.constant([4, 4], tf.int64))
    assert str(reset.get_shape()) == "(4, 4)"
    with tf.Session() as sess:
        value = sess.run(reset, {ph: ([[1, 2]], [3.0], [2, 3])})
    np.testing.assert_array_equal(value.dense_shape, [4, 4])


def test_get_static_value_reads_through_identity_with_control_inputs(tf):
    flag = tf.placeholder(tf.bool, [])
    with tf.control_dependencies([tf.Assert(flag, [flag])]):
        checked = tf.identity(tf.constant([2, 3]))
    np.testing.assert_array_equal(tf.get_static_value(checked), [2, 3])
    assert tf.get_static_value(tf.stop_gradient(tf.constant(1.5))) == 1.5


def test_sparse_segment_mean_half_accumulates_in_float32(tf):
    data = tf.constant([[1.0, 2.0], [3.0, 65504.0]], tf.float16)
    with tf.Session() as sess:
        mean = sess.run(tf.sparse.segment_mean(data, [0, 1, 1], [0, 0, 0]))
        total = sess.run(tf.sparse.segment_sum(data, [1, 1, 0], [0, 0, 0]))
        tenths = sess.run(tf.sparse.segment_sum(tf.constant([[0.1], [0.2], [0.3]], tf.float16),
                                                [0, 1, 2, 0, 1, 2, 2], [0] * 7))
    assert mean.dtype == np.float16
    np.testing.assert_array_equal(mean, np.array([[2.334, 43680.0]], np.float16))
    np.testing.assert_array_equal(total, np.array([[7.0, np.inf]], np.float16))
    assert tenths.tobytes().hex() == "003e"


def test_sparse_cross_batch_sizes(tf):
    s1 = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], ["a", "b", "c"], [2, 2])
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as e:
            sess.run(tf.sparse.cross([s1, tf.constant([["x"], ["y"], ["z"]])]))
        assert _first_line(e) == "Expected batch size 2 got 3 at dense tensor 0"
        with pytest.raises(tf.errors.InvalidArgumentError) as e:
            sess.run(tf.sparse.cross([tf.SparseTensor([[0, 0]], [1], [1, 1]), s1]))
        assert _first_line(e) == "Expected batch size 1 got 2 at position 1"


@pytest.mark.parametrize("adjoint_a,adjoint_b", [(True, False), (False, True), (True, True)])
def test_sparse_dense_matmul_complex_adjoint_gradients(tf, adjoint_a, adjoint_b):
    values = tf.constant(np.array([1 + 2j, 3 - 1j], np.complex64))
    dense = tf.constant(np.array([[1j, 2.0], [1.0, -1j]], np.complex64))
    product = tf.sparse_tensor_dense_matmul(tf.SparseTensor([[0, 1], [1, 0]], values, [2, 2]),
                                            dense, adjoint_a=adjoint_a, adjoint_b=adjoint_b)
    loss = tf.real(product) + tf.imag(product) * 2.0
    with tf.Session() as sess:
        grads = sess.run(tf.gradients(loss, [values, dense]))
    expected = {
        (True, False): ([4 - 3j, -1 - 3j], [[-3 + 4j, -3 + 4j], [5 + 5j, 5 + 5j]]),
        (False, True): ([4 + 3j, -1 + 3j], [[1 - 7j, 5], [1 - 7j, 5]]),
        (True, True): ([-1 - 3j, 4 - 3j], [[-3 - 4j, 5 - 5j], [-3 - 4j, 5 - 5j]]),
    }[(adjoint_a, adjoint_b)]
    np.testing.assert_allclose(grads[0], expected[0])
    np.testing.assert_allclose(grads[1], expected[1])


@pytest.mark.tfcompat_only
def test_sparse_add_and_maximum_of_unordered_inputs_merge_by_index(tf):
    unordered = tf.SparseTensor([[1, 0], [0, 0]], [1.0, 2.0], [2, 2])
    other = tf.SparseTensor([[0, 0]], [5.0], [2, 2])
    with tf.Session() as sess:
        total = sess.run(tf.sparse.add(unordered, other))
        largest = sess.run(tf.sparse.maximum(tf.SparseTensor([[1], [0]], [1.0, 2.0], [3]),
                                             tf.SparseTensor([[0]], [1.0], [3])))
    np.testing.assert_array_equal(total.indices, [[0, 0], [1, 0]])
    np.testing.assert_array_equal(total.values, [7.0, 1.0])
    np.testing.assert_array_equal(largest.indices, [[0], [1]])
    np.testing.assert_array_equal(largest.values, [2.0, 1.0])


@pytest.mark.tfcompat_only
def test_sparse_expand_dims_of_unknown_rank(tf):
    ph = tf.sparse_placeholder(tf.float32)
    expanded = tf.sparse.expand_dims(ph, -1)
    with tf.Session() as sess:
        value = sess.run(expanded, {ph: ([[0, 1], [2, 0]], [1.0, 5.0], [3, 2])})
    np.testing.assert_array_equal(value.indices, [[0, 1, 0], [2, 0, 0]])
    np.testing.assert_array_equal(value.dense_shape, [3, 2, 1])


@pytest.mark.parametrize("dense,fails", [
    ([[1.0, 1.0, 0.0], [1.0, 1.0, 3.0]], False),    # a zero no sparse index reads
    ([[1.0, 1.0, 1.0], [1.0, 1.0, -0.0]], True),    # -0.0 read by index [1, 2]
    ([1.0, 1.0, 0.0], True),                         # a broadcast row
    ([[1.0], [0.0]], True),                          # a broadcast column
])
def test_sparse_dense_div_refuses_a_zero_it_reads(tf, dense, fails):
    sp = tf.SparseTensor([[0, 0], [1, 2]], [2.0, -4.0], [2, 3])
    quotient = sp / tf.constant(dense)
    with tf.Session() as sess:
        if not fails:
            np.testing.assert_allclose(sess.run(quotient).values, [2.0, -4.0 / 3.0])
            return
        with pytest.raises(tf.errors.InvalidArgumentError) as e:
            sess.run(quotient)
    assert _first_line(e) == ("SparseDenseCwiseDiv cannot divide by zero,but input dense "
                              "tensor contains zero ")


def test_sparse_dense_int_div_by_zero(tf):
    sp = tf.SparseTensor([[0], [1]], [7, -7], [2])
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(sp / tf.constant([2, 2])).values, [3.5, -3.5])
        with pytest.raises(tf.errors.InvalidArgumentError):
            sess.run(sp / tf.constant([0, 2]))
