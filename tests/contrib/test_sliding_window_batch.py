"""tf.contrib.data.sliding_window_batch (TF 1.15, contrib/data/python/ops/sliding.py): expected
windows are its docstring's examples; shapes and the tuple case are what TF 2.21 gives for the
replacement the deprecation names (window(...).flat_map(lambda w: w.batch(size)))."""
import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only   # TF 2.21 has no tf.contrib


def _collect(tf, ds):
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    res = []
    with tf.Session() as sess:
        while True:
            try:
                res.append(sess.run(nxt))
            except tf.errors.OutOfRangeError:
                return res


def test_docstring_examples(tf):
    a = tf.data.Dataset.range(1, 7).map(lambda x: tf.reshape(x, [1]))
    swb = tf.contrib.data.sliding_window_batch
    got = [np.asarray(_collect(tf, a.apply(f)))[..., 0].tolist() for f in (
        swb(window_size=3), swb(window_size=3, window_shift=2), swb(window_size=3, window_stride=2),
        swb(3, stride=2))]
    assert got == [[[1, 2, 3], [2, 3, 4], [3, 4, 5], [4, 5, 6]], [[1, 2, 3], [3, 4, 5]],
                   [[1, 3, 5], [2, 4, 6]], [[1, 2, 3], [3, 4, 5]]]


def test_tuple_elements_and_shapes(tf):
    b = tf.data.Dataset.from_tensor_slices((np.arange(8.).reshape(4, 2).astype(np.float32),
                                            np.arange(4)))
    d = b.apply(tf.contrib.data.sliding_window_batch(2))
    assert str(tf.data.get_output_shapes(d)) == (
        "(TensorShape([Dimension(None), Dimension(2)]), TensorShape([Dimension(None)]))")
    assert str(tf.data.get_output_types(d)) == "(tf.float32, tf.int64)"
    res = _collect(tf, d)
    assert [r[1].tolist() for r in res] == [[0, 1], [1, 2], [2, 3]]
    assert res[2][0].tolist() == [[4.0, 5.0], [6.0, 7.0]]


def test_dict_elements(tf):
    d = tf.data.Dataset.from_tensor_slices({'y': np.arange(5.), 'x': np.arange(5)})
    d = d.apply(tf.contrib.data.sliding_window_batch(4))
    res = _collect(tf, d)
    assert [r['x'].tolist() for r in res] == [[0, 1, 2, 3], [1, 2, 3, 4]]
    assert res[1]['y'].tolist() == [1.0, 2.0, 3.0, 4.0]


def test_stride_and_window_shift_both_given(tf):
    with pytest.raises(ValueError, match="Cannot specify both `stride` and `window_shift`"):
        tf.contrib.data.sliding_window_batch(3, stride=1, window_shift=1)
