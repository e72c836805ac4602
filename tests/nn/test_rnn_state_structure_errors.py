"""dynamic_rnn given an initial state that does not have the cell's state structure (a [B, 2H]
tensor for a tuple-state LSTM, a tuple for a concat-state one, a plain tuple for an
LSTMStateTuple): TF runs the cell, which fails
in its own words (unpacking the tensor inside call() is Python control flow on a symbolic
tensor, reworded by Layer.__call__). The fused path must not unpack the state itself. Expected
errors recorded from TF 2.21 compat.v1 (TF_USE_LEGACY_KERAS=1); TF 2.21 adds AutoGraph text
after the first line, so only that is compared."""
import pytest

CONTROL_FLOW = ("You are attempting to use Python control flow in a layer that was not declared "
                "to be dynamic. Pass `dynamic=True` to the class constructor.")


def test_tensor_state_for_tuple_state_lstm(tf):
    x = tf.zeros([2, 3, 3])
    for cell in (tf.nn.rnn_cell.BasicLSTMCell(4), tf.nn.rnn_cell.LSTMCell(4)):
        with pytest.raises(TypeError) as info:
            tf.nn.dynamic_rnn(cell, x, initial_state=tf.zeros([2, 8]))
        assert str(info.value).split("\n")[0] == CONTROL_FLOW


def test_tuple_state_for_concat_state_lstm(tf):
    cell = tf.nn.rnn_cell.LSTMCell(4, state_is_tuple=False)
    with pytest.raises(ValueError, match=r"Shape must be rank 2 but is rank 3 for "
                                         r"'\{\{node rnn/while/lstm_cell/Slice\}\}"):
        tf.nn.dynamic_rnn(cell, tf.zeros([2, 3, 3]),
                          initial_state=(tf.zeros([2, 4]), tf.zeros([2, 4])))


def test_plain_sequence_state_for_lstm_state_tuple(tf):
    # TF's while loop compares the body's LSTMStateTuple with the given list / tuple
    for i, state in enumerate(([tf.zeros([2, 4]), tf.ones([2, 4])],
                               (tf.zeros([2, 4]), tf.ones([2, 4])))):
        with pytest.raises(TypeError, match="The two structures don't have the same nested "
                                            "structure"):
            tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(4), tf.zeros([2, 3, 3]),
                              initial_state=state, scope="s%d" % i)


def test_lstm_state_tuple_runs(tf):
    cell = tf.nn.rnn_cell.BasicLSTMCell(4)
    state = tf.nn.rnn_cell.LSTMStateTuple(tf.zeros([2, 4]), tf.ones([2, 4]))
    out, final = tf.nn.dynamic_rnn(cell, tf.zeros([2, 3, 3]), initial_state=state)
    assert out.shape.as_list() == [2, 3, 4]
    assert final.c.shape.as_list() == [2, 4]
