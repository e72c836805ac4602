"""padded_batch builds its constants in TF's order with TF's names (batch_size, the padded shapes
as unnamed Const, Const_1, the padding values, drop_remainder): the op ids, and so the op seeds
of random ops made after it under a graph seed, follow TF's."""
import numpy as np


def test_padded_batch_const_order_and_names(tf):
    ds = tf.data.Dataset.from_tensor_slices((np.zeros((4, 3), np.float32), np.arange(4)))
    before = len(tf.get_default_graph().get_operations())
    ds.padded_batch(3, padded_shapes=([None], []), padding_values=(0.0, np.int64(-1)))
    ops = tf.get_default_graph().get_operations()[before:]
    assert [(o.name, o.type) for o in ops] == [
        ('batch_size', 'Const'), ('Const', 'Const'), ('Const_1', 'Const'),
        ('padding_value', 'Const'), ('padding_value_1', 'Const'), ('drop_remainder', 'Const'),
        ('PaddedBatchDatasetV2', 'PaddedBatchDatasetV2')]


def test_padded_batch_default_padding_names(tf):
    ds = tf.data.Dataset.from_tensor_slices(np.zeros((4, 3), np.float32))
    before = len(tf.get_default_graph().get_operations())
    out = ds.padded_batch(2, padded_shapes=[5])
    ops = tf.get_default_graph().get_operations()[before:]
    assert [o.name for o in ops] == ['batch_size', 'Const', 'padding_value', 'drop_remainder',
                                     'PaddedBatchDataset' + ops[-1].name[len('PaddedBatchDataset'):]]
    assert str(tf.data.get_output_shapes(out)) == '(?, 5)'


def test_padded_shape_larger_than_input_is_accepted(tf):
    ds = tf.data.Dataset.from_tensor_slices(np.ones((3, 2), np.float32))
    nxt = tf.data.make_one_shot_iterator(ds.padded_batch(2, padded_shapes=[4])).get_next()
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(nxt), [[1, 1, 0, 0], [1, 1, 0, 0]])


def test_padded_shape_smaller_than_input_is_refused(tf):
    ds = tf.data.Dataset.from_tensor_slices(np.ones((3, 2), np.float32))
    try:
        ds.padded_batch(2, padded_shapes=[1])
        raise AssertionError("no error")
    except ValueError as e:
        # TF 1.15: "... with the corresponding input component shape (2,)."; TF 2.x reworded
        assert str(e).startswith("The padded shape (1,) is not compatible with the ")
