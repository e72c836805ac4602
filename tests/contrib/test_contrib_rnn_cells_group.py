"""tf.contrib.rnn.GLSTMCell and LayerNormLSTMCell (TF 1.15's contrib/rnn/python/ops/
rnn_cell.py). TF 2.x has no tf.contrib: the expected numbers come from TF 2.21 compat.v1
running TF 1.15's call() written out with core ops as an RNNCell of the same class name, under
dynamic_rnn, with the same weights loaded."""
import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only


def test_glstm_cell_groups_and_projection(tf):
    cell = tf.contrib.rnn.GLSTMCell(4, num_proj=2, number_of_groups=2)
    assert cell.output_size == 2 and tuple(cell.state_size) == (4, 2)
    x = tf.constant(np.linspace(-1, 1, 24, dtype=np.float32).reshape(2, 3, 4))
    outs, st = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    tv = tf.trainable_variables()
    assert [v.op.name for v in tv] == [
        "rnn/glstm_cell/group0/kernel", "rnn/glstm_cell/group1/kernel",
        "rnn/glstm_cell/bias_i", "rnn/glstm_cell/bias_j", "rnn/glstm_cell/bias_f",
        "rnn/glstm_cell/bias_o", "rnn/glstm_cell/projection/kernel"]
    assert [v.shape.as_list() for v in tv[:2]] == [[3, 8], [3, 8]]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i, v in enumerate(tv):
            n = int(np.prod(v.shape.as_list()))
            v.load(np.cos(np.arange(n) + i).reshape(v.shape.as_list()).astype(np.float32) * .5,
                   sess)
        o, c = sess.run([outs, st.c])
    np.testing.assert_allclose(o[:, -1], [[-0.0033856, 0.1069894], [-0.0627152, 0.0476416]],
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(c, [[-0.1486847, -0.0295909, 0.3730888, 0.6341367],
                                   [-0.7301593, -0.4322162, -0.1312731, 0.587466]],
                               rtol=1e-5, atol=1e-6)


def test_glstm_cell_group_errors(tf):
    with pytest.raises(ValueError, match="num_units must be divisible by number_of_groups"):
        tf.contrib.rnn.GLSTMCell(5, number_of_groups=2)
    with pytest.raises(ValueError, match="num_proj must be divisible by number_of_groups"):
        tf.contrib.rnn.GLSTMCell(4, num_proj=3, number_of_groups=2)
    cell = tf.contrib.rnn.GLSTMCell(4, number_of_groups=2)
    with pytest.raises(ValueError, match=r"input size \(3\) must be divisible by "
                                         r"number_of_groups \(2\)"):
        tf.nn.dynamic_rnn(cell, tf.zeros([1, 2, 3]), dtype=tf.float32)


def test_layer_norm_lstm_cell_peepholes_clips_projection(tf):
    cell = tf.contrib.rnn.LayerNormLSTMCell(3, use_peepholes=True, cell_clip=0.8, num_proj=2,
                                            proj_clip=0.5, layer_norm=True)
    x = tf.constant(np.linspace(-1, 1, 24, dtype=np.float32).reshape(2, 3, 4))
    outs, st = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    tv = tf.trainable_variables()
    pre = "rnn/layer_norm_lstm_cell/"
    assert [v.op.name for v in tv] == [pre + n for n in [
        "kernel", "bias", "input/gamma", "input/beta", "transform/gamma", "transform/beta",
        "forget/gamma", "forget/beta", "output/gamma", "output/beta", "w_f_diag", "w_i_diag",
        "w_o_diag", "state/gamma", "state/beta", "projection/kernel"]]
    loss = tf.reduce_sum(outs)
    # with layer_norm the bias is made but never added (TF 1.15): no gradient reaches it
    assert tf.gradients(loss, tv[1]) == [None]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i, v in enumerate(tv):
            n = int(np.prod(v.shape.as_list()))
            v.load(np.cos(np.arange(n) + i).reshape(v.shape.as_list()).astype(np.float32) * .7,
                   sess)
        o, c = sess.run([outs, st.c])
    np.testing.assert_allclose(o[:, -1], [[-0.1578191, -0.2475384], [-0.1327942, -0.1194452]],
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(c, [[0.8, -0.5245971, -0.0000255],
                                   [-0.5346282, -0.5678133, -0.8]], rtol=1e-5, atol=2e-6)
