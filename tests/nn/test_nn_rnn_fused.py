"""dynamic_rnn's fused path (CudnnRNN ops over torch's LSTM/RNN kernels) against the same cells
unrolled step by step with static_rnn on shared variables: outputs, final states and gradients
agree, with and without sequence lengths, projections, stacking and time-major inputs."""
import numpy as np
import pytest

RNG = np.random.RandomState(3)
X = RNG.uniform(-1, 1, (3, 5, 4)).astype(np.float32)
LENGTHS = [5, 0, 3]


def _flat(state):
    if isinstance(state, (list, tuple)):
        return [leaf for item in state for leaf in _flat(item)]
    return [state]


def _compare(tf, make_cell, lengths=None, time_major=False):
    x = tf.constant(X)
    init = tf.random_uniform_initializer(-0.5, 0.5, seed=1)
    with tf.variable_scope("m", initializer=init) as scope:
        inputs = tf.transpose(x, [1, 0, 2]) if time_major else x
        fused, fused_state = tf.nn.dynamic_rnn(make_cell(), inputs, sequence_length=lengths,
                                               dtype=tf.float32, time_major=time_major)
        if time_major:
            fused = tf.transpose(fused, [1, 0, 2])
        scope.reuse_variables()
        steps, static_state = tf.nn.static_rnn(make_cell(), tf.unstack(x, axis=1),
                                               sequence_length=lengths, dtype=tf.float32)
        static = tf.stack(steps, axis=1)
    variables = tf.trainable_variables()
    loss_f = tf.reduce_sum(tf.sin(fused)) + sum(tf.reduce_sum(s) for s in _flat(fused_state))
    loss_s = tf.reduce_sum(tf.sin(static)) + sum(tf.reduce_sum(s) for s in _flat(static_state))
    grads_f = tf.gradients(loss_f, variables + [x])
    grads_s = tf.gradients(loss_s, variables + [x])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got = sess.run([fused, static, _flat(fused_state), _flat(static_state), grads_f,
                        grads_s])
    np.testing.assert_allclose(got[0], got[1], rtol=1e-5, atol=1e-6)
    for a, b in zip(got[2], got[3]):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    for a, b in zip(got[4], got[5]):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)
    return tf.get_default_graph()


CELLS = {
    "basic_lstm": lambda tf: tf.nn.rnn_cell.BasicLSTMCell(6, forget_bias=0.3),
    "lstm_proj": lambda tf: tf.nn.rnn_cell.LSTMCell(6, num_proj=3),
    "lstm_concat_state": lambda tf: tf.nn.rnn_cell.BasicLSTMCell(4, state_is_tuple=False),
    "rnn_relu": lambda tf: tf.nn.rnn_cell.BasicRNNCell(5, activation=tf.nn.relu),
    "stacked": lambda tf: tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(5),
                                                       tf.nn.rnn_cell.BasicRNNCell(3)]),
}


@pytest.mark.parametrize("name", sorted(CELLS))
@pytest.mark.parametrize("lengths", [None, LENGTHS])
def test_fused_matches_unrolled(tf, name, lengths):
    _compare(tf, lambda: CELLS[name](tf), lengths)


def test_fused_time_major(tf):
    _compare(tf, lambda: tf.nn.rnn_cell.BasicLSTMCell(4), LENGTHS, time_major=True)


@pytest.mark.tfcompat_only
def test_standard_cells_use_the_fused_op(tf):
    x = tf.zeros([2, 3, 4])
    with tf.variable_scope("a"):
        tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(5), x, dtype=tf.float32)
    with tf.variable_scope("b"):
        tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(5), x, dtype=tf.float32)
    types = {op.name.split("/")[0]: set() for op in tf.get_default_graph().get_operations()}
    for op in tf.get_default_graph().get_operations():
        types[op.name.split("/")[0]].add(op.type)
    assert "CudnnRNN" in types["a"] and "While" not in types["a"]
    assert "CudnnRNN" not in types["b"]


def test_reverse_sequence(tf):
    x = np.arange(2 * 4 * 2).reshape(2, 4, 2)
    t = {"batch0": tf.reverse_sequence(x, [3, 1], seq_axis=1, batch_axis=0),
         "time0": tf.reverse_sequence(np.transpose(x, (1, 0, 2)), [3, 1], seq_axis=0,
                                      batch_axis=1)}
    with tf.Session() as sess:
        got = sess.run(t)
    expect = x.copy()
    expect[0, :3] = x[0, :3][::-1]
    np.testing.assert_array_equal(got["batch0"], expect)
    np.testing.assert_array_equal(got["time0"], np.transpose(expect, (1, 0, 2)))


@pytest.mark.cuda
@pytest.mark.tfcompat_only
def test_fused_lstm_and_conv_on_cuda_match_cpu(tf):
    results = {}
    for device in ("/cpu:0", "/gpu:0"):
        with tf.Graph().as_default(), tf.device(device):
            x = tf.constant(X)
            with tf.variable_scope("m", initializer=tf.constant_initializer(0.1)):
                out, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(6), x,
                                           sequence_length=LENGTHS, dtype=tf.float32)
                img = tf.reshape(tf.tile(x, [1, 1, 5]), [3, 5, 4, 5])
                conv = tf.layers.conv2d(img, 3, 3, strides=2, padding="same")
            loss = tf.reduce_sum(out) + tf.reduce_sum(conv)
            grads = tf.gradients(loss, tf.trainable_variables())
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                results[device] = sess.run([out, conv] + grads)
    import torch
    assert torch.cuda.is_available()
    for a, b in zip(results["/cpu:0"], results["/gpu:0"]):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("time_major", [False, True])
def test_zero_state_batch_fixes_the_outputs_batch(tf, time_major):
    # MorvanZhou's RNN regression: inputs [None, T, D] with cell.zero_state(4); TF's loop
    # computes each output from the state, so the outputs' static batch is 4 (shapes from TF)
    x = tf.placeholder(tf.float32, [7, None, 2] if time_major else [None, 7, 2])
    for make in (lambda: tf.nn.rnn_cell.BasicLSTMCell(5),
                 lambda: tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.LSTMCell(5),
                                                      tf.nn.rnn_cell.GRUCell(3)])):
        with tf.variable_scope(None, default_name="z"):
            cell = make()
            out, state = tf.nn.dynamic_rnn(cell, x, initial_state=cell.zero_state(4, tf.float32),
                                           time_major=time_major)
        assert out.shape.as_list()[:2] == ([7, 4] if time_major else [4, 7])
        assert _flat(state)[0].shape.as_list() == [4, 5]
    # a fed batch size leaves it unknown
    y = tf.placeholder(tf.float32, [3, None, 2])
    cell = tf.nn.rnn_cell.BasicLSTMCell(5)
    out, state = tf.nn.dynamic_rnn(cell, y, initial_state=cell.zero_state(
        tf.placeholder(tf.int32, []), tf.float32))
    assert out.shape.as_list() == [3, None, 5] and state.h.shape.as_list() == [None, 5]


def test_returned_tensors_carry_tfs_names(tf):
    # names printed by TF 2.21 compat.v1 for the same calls (TF's loop: transpose_1 or the
    # TensorArray stack, then Exit_3, Exit_4, ... for the flat final state)
    x = tf.placeholder(tf.float32, [2, 5, 3], name="x")
    out, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(4), x, dtype=tf.float32)
    assert str(out) == 'Tensor("rnn/transpose_1:0", shape=(2, 5, 4), dtype=float32)'
    assert [state.c.name, state.h.name] == ["rnn/while/Exit_3:0", "rnn/while/Exit_4:0"]
    out, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(4), tf.transpose(x, [1, 0, 2]),
                                   dtype=tf.float32, time_major=True, scope="enc")
    assert [out.name, state.name] == ["enc/TensorArrayStack/TensorArrayGatherV3:0",
                                      "enc/while/Exit_3:0"]
    cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.LSTMCell(4),
                                        tf.nn.rnn_cell.LSTMCell(4, state_is_tuple=False)])
    out, state = tf.nn.dynamic_rnn(cell, x, sequence_length=[5, 3], dtype=tf.float32,
                                   scope="multi")
    assert [out.name, state[0].c.name, state[0].h.name, state[1].name] == [
        "multi/transpose_1:0", "multi/while/Exit_3:0", "multi/while/Exit_4:0",
        "multi/while/Exit_5:0"]
    with tf.variable_scope("outer"):
        out, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(4), x, dtype=tf.float32)
    assert [out.name, state.h.name] == ["outer/rnn/transpose_1:0", "outer/rnn/while/Exit_4:0"]
    graph = tf.get_default_graph()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        looked_up = sess.run(graph.get_tensor_by_name("rnn/transpose_1:0"),
                             {x: np.ones((2, 5, 3), np.float32)})
    assert looked_up.shape == (2, 5, 4)
