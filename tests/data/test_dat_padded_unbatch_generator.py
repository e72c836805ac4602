"""tf.data details a TF1 input-pipeline sweep caught: padded_batch's -1 / tensor padded shapes
and its padding-value checks, unbatch's build-time checks, from_tensor_slices of a scalar,
exceptions raised inside a from_generator generator, exact divisions inside dataset functions,
and the name of Iterator.make_initializer's op."""
import numpy as np
import pytest


def _seqs(tf):
    return tf.data.Dataset.range(1, 6).map(lambda n: tf.fill([n], tf.cast(n, tf.int32)))


def _drain(tf, ds):
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    out = []
    with tf.Session() as sess:
        try:
            while True:
                out.append(sess.run(nxt).tolist())
        except tf.errors.OutOfRangeError:
            return out


def test_padded_batch_minus_one_pads_to_the_longest(tf):
    ds = _seqs(tf).padded_batch(2, padded_shapes=[-1])
    assert str(tf.data.get_output_shapes(ds)) == '(?, ?)'
    assert _drain(tf, ds) == [[[1, 0], [2, 2]], [[3, 3, 3, 0], [4, 4, 4, 4]], [[5, 5, 5, 5, 5]]]


def test_padded_batch_minus_one_with_drop_remainder_and_pairs(tf):
    ds = _seqs(tf).padded_batch(2, padded_shapes=[-1], drop_remainder=True)
    assert str(tf.data.get_output_shapes(ds)) == '(2, ?)'
    assert len(_drain(tf, ds)) == 2
    pairs = tf.data.Dataset.range(1, 3).map(lambda n: (tf.range(n), tf.fill([n, 2], 0.5)))
    pb = pairs.padded_batch(2, padded_shapes=([-1], [-1, 2]))
    assert str(tf.data.get_output_shapes(pb)) == '(TensorShape([Dimension(None), Dimension(None)]), ' \
        'TensorShape([Dimension(None), Dimension(None), Dimension(2)]))'


def test_padded_batch_shape_tensors(tf):
    ds = _seqs(tf).padded_batch(2, tf.constant([6], tf.int64))
    assert str(tf.data.get_output_shapes(ds)) == '(?, 6)'
    assert _drain(tf, ds)[0] == [[1, 0, 0, 0, 0, 0], [2, 2, 0, 0, 0, 0]]
    assert str(tf.data.get_output_shapes(_seqs(tf).padded_batch(2, [tf.constant(4, tf.int64)]))) \
        == '(?, 4)'
    with pytest.raises(TypeError, match='must be a'):
        _seqs(tf).padded_batch(2, tf.constant([5], tf.int32))
    with pytest.raises(ValueError, match=r'Padded shape \[\[1\]\] must be a'):
        tf.data.Dataset.range(3).padded_batch(2, [[1]])


def test_padding_values_are_not_cast(tf):
    # TF converts a padding value without the component's dtype: a Python int for int64
    # elements, a float for int32 ones are refused
    with pytest.raises(TypeError, match='does not match'):
        tf.data.Dataset.range(1, 4).map(lambda n: tf.fill([n], n)).padded_batch(
            2, [-1], padding_values=0)
    with pytest.raises(TypeError, match='does not match'):
        _seqs(tf).padded_batch(2, [-1], padding_values=1.5)
    with pytest.raises(ValueError, match='scalar'):
        _seqs(tf).padded_batch(2, [-1], padding_values=tf.constant([1, 2]))
    ds = _seqs(tf).take(2).padded_batch(2, [3], padding_values=-1)
    assert _drain(tf, ds) == [[[1, -1, -1], [2, 2, -1]]]


def test_unbatch_build_checks(tf):
    with pytest.raises(ValueError, match='Cannot unbatch an input with scalar components.'):
        tf.data.Dataset.range(3).apply(tf.data.experimental.unbatch())
    with pytest.raises(ValueError):
        tf.data.Dataset.from_tensors(([1, 2], [1, 2, 3])).unbatch()
    ds = tf.data.Dataset.from_tensors(([1, 2], ['a', 'b'])).unbatch()
    assert str(tf.data.get_output_shapes(ds)) == '(TensorShape([]), TensorShape([]))'


def test_from_tensor_slices_of_a_scalar(tf):
    with pytest.raises(ValueError, match='only supported for rank >= 1'):
        tf.data.Dataset.from_tensor_slices(3)


def test_exception_inside_the_generator(tf):
    def gen():
        yield 1
        raise ValueError("boom in generator")

    def gen_other():
        yield 1
        raise KeyError("k")

    for g, cls, first in ((gen, tf.errors.InvalidArgumentError, 'ValueError: boom in generator'),
                          (gen_other, tf.errors.UnknownError, "KeyError: 'k'")):
        nxt = tf.data.Dataset.from_generator(g, tf.int32).make_one_shot_iterator().get_next()
        with tf.Session() as sess:
            assert sess.run(nxt) == 1
            with pytest.raises(cls) as info:
                sess.run(nxt)
        lines = [ln for ln in info.value.message.split('\n')
                 if ln.strip() and not ln.startswith(('Graph execution', 'Detected at'))]
        assert lines[0] == first
        assert 'Traceback' in info.value.message


def test_division_by_a_constant_in_a_map_is_exact(tf):
    # TF's grappler turns x / c into x * (1 / c) in the session's graph, not in tf.data functions
    for i in range(4):
        tf.constant(i)  # a graph above grappler's min_graph_nodes
    ds = tf.data.Dataset.range(10)
    f32 = ds.map(lambda v: tf.cast(v, tf.float32) / 3.)
    f16 = ds.map(lambda v: tf.cast(v, tf.float16) / 3, num_parallel_calls=2)
    x = np.arange(10)
    assert np.array_equal(_drain(tf, f32), (x.astype(np.float32) / np.float32(3)).tolist())
    assert np.array_equal(np.array(_drain(tf, f16), np.float16),
                          x.astype(np.float16) / np.float16(3))


def test_make_initializer_op_name(tf):
    ds = tf.data.Dataset.range(3)
    it = tf.data.Iterator.from_structure(tf.data.get_output_types(ds),
                                         tf.data.get_output_shapes(ds))
    assert it.make_initializer(ds).name == 'make_initializer'
    assert it.make_initializer(ds).name == 'make_initializer_1'
    assert tf.data.make_initializable_iterator(ds).initializer.name == 'MakeIterator'


def test_string_handle_that_is_no_handle(tf):
    h = tf.placeholder(tf.string, [])
    nxt = tf.data.Iterator.from_string_handle(h, tf.int64, []).get_next()
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match='Could not parse string_handle as a valid ResourceHandle'):
            sess.run(nxt, {h: 'garbage'})


@pytest.mark.tfcompat_only
def test_interleave_function_returning_a_tensor(tf):
    # TF 2.21 fails inside its own code (AttributeError: 'Tensor' object has no attribute
    # '_name'); TF 1.x's text names the mistake
    with pytest.raises(TypeError, match='`map_func` must return a `Dataset` object'):
        tf.data.Dataset.range(3).interleave(lambda v: v, cycle_length=2)
