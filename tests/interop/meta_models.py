"""Models with control flow, fused RNNs and TensorArrays for the `.meta` interop tests
(test_meta_interop.py), modelled on the conformance programs meta_roundtrip_cond,
control_flow_basic, train_rnn_adam and rnn_basic_cell. Each builder takes the `tf` module, builds
into the default graph (a training op named `train`) and returns (fetches, feeds): the tensor
names to compare and the feed dicts to run them with (the first one also trains)."""
from __future__ import annotations

import numpy as np

_RNG = np.random.RandomState(0)
X_SEQ = _RNG.rand(4, 7, 5).astype(np.float32)
Y_SEQ = np.eye(3)[_RNG.randint(0, 3, 4)].astype(np.float32)
X_MAT = _RNG.randn(2, 3).astype(np.float32)
X_IMG = np.random.RandomState(1).randn(2, 4, 4, 2).astype(np.float32)


def cond_model(tf):
    """tf.cond on a fed predicate, variables used in both branches, Adam."""
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    p = tf.placeholder_with_default(True, [], name="p")
    w = tf.Variable(np.linspace(-1, 1, 6).reshape(3, 2).astype(np.float32), name="w")
    b = tf.Variable([0.1, -0.2], name="b")
    h = tf.matmul(x, w)
    out = tf.identity(tf.cond(p, lambda: tf.tanh(h + b) * 2.0, lambda: tf.sigmoid(h) - b),
                      name="out")
    loss = tf.reduce_mean(tf.square(out - 0.5), name="loss")
    tf.train.AdamOptimizer(0.05).minimize(loss, name="train")
    return ["loss:0", "out:0"], [{"x:0": X_MAT}, {"x:0": X_MAT, "p:0": False}]


def while_model(tf):
    """tf.while_loop with a fed trip count and a variable read in the body, momentum."""
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    n = tf.placeholder_with_default(4, [], name="n")
    w = tf.Variable(np.linspace(-0.5, 0.5, 9).reshape(3, 3).astype(np.float32), name="w")
    _, h = tf.while_loop(lambda i, a: i < n,
                         lambda i, a: (i + 1, tf.tanh(tf.matmul(a, w)) + a * 0.5),
                         (tf.constant(0), x))
    tf.identity(h, name="h")
    loss = tf.reduce_sum(tf.square(h), name="loss")
    tf.train.MomentumOptimizer(0.05, 0.9).minimize(loss, name="train")
    return ["loss:0", "h:0"], [{"x:0": X_MAT}, {"x:0": X_MAT, "n:0": 1}]


def nested_model(tf):
    """A cond inside a while body, gradients through both."""
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    w = tf.Variable(np.linspace(-1, 1, 9).reshape(3, 3).astype(np.float32), name="w")

    def body(i, a):
        a = tf.cond(tf.equal(i % 2, 0), lambda: tf.tanh(tf.matmul(a, w)),
                    lambda: a * w[0] + 0.1)
        return i + 1, a

    _, a = tf.while_loop(lambda i, a: i < 4, body, (tf.constant(0), x))
    loss = tf.reduce_mean(tf.square(a - 0.2), name="loss")
    tf.train.GradientDescentOptimizer(0.5).minimize(loss, name="train")
    return ["loss:0"], [{"x:0": X_MAT}]


def rnn_adam_model(tf):
    """dynamic_rnn over BasicLSTMCell and BasicRNNCell (fused CudnnRNN ops), Adam
    (conformance train_rnn_adam, smaller)."""
    x = tf.placeholder(tf.float32, [None, 7, 5], name="x")
    y = tf.placeholder(tf.float32, [None, 3], name="y")
    lasts = []
    for scope, cell in (("lstm", tf.nn.rnn_cell.BasicLSTMCell(6)),
                        ("rnn", tf.nn.rnn_cell.BasicRNNCell(6))):
        with tf.variable_scope(scope, initializer=tf.constant_initializer(0.15)):
            o, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
        lasts.append(tf.transpose(o, [1, 0, 2])[-1])
    w = tf.Variable(np.sin(np.arange(36)).reshape(12, 3).astype(np.float32), name="w")
    logits = tf.matmul(tf.concat(lasts, 1), w, name="logits")
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits),
                          name="loss")
    tf.train.AdamOptimizer(0.01).minimize(loss, name="train")
    return ["loss:0", "logits:0"], [{"x:0": X_SEQ, "y:0": Y_SEQ}]


def rnn_variants_model(tf):
    """Fused RNNs as CudnnRNNV3: a MultiRNNCell (LSTMCell with a projection, BasicLSTMCell)
    with sequence lengths (one of them 0), a time-major ReLU RNN; plain SGD."""
    x = tf.placeholder(tf.float32, [None, 7, 5], name="x")
    seq = tf.placeholder_with_default(np.array([7, 3, 0, 5], np.int32), [None], name="seq")
    with tf.variable_scope("multi", initializer=tf.constant_initializer(-0.2)):
        cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.LSTMCell(4, num_proj=3),
                                            tf.nn.rnn_cell.BasicLSTMCell(2)])
        o, state = tf.nn.dynamic_rnn(cell, x, sequence_length=seq, dtype=tf.float32)
    with tf.variable_scope("relu", initializer=tf.constant_initializer(0.1)):
        o2, s2 = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(3, activation=tf.nn.relu),
                                   tf.transpose(x, [1, 0, 2]), time_major=True,
                                   dtype=tf.float32)
    tf.identity(o, name="outputs")
    loss = tf.add_n([tf.reduce_sum(o ** 2), tf.reduce_sum(state[0].c),
                     tf.reduce_sum(o2) * 0.1, tf.reduce_sum(s2)], name="loss")
    tf.train.GradientDescentOptimizer(0.05).minimize(loss, name="train")
    return ["loss:0", "outputs:0"], [{"x:0": X_SEQ}, {"x:0": X_SEQ, "seq:0": [1, 7, 2, 2]}]


def rnn_dynamic_steps_model(tf):
    """Fused RNNs over an unknown number of steps (written as TF loops): BasicLSTMCell, and a
    MultiRNNCell (LSTMCell with a projection, BasicRNNCell) with sequence lengths; SGD."""
    x = tf.placeholder(tf.float32, [None, None, 5], name="x")
    seq = tf.placeholder_with_default(np.array([3, 1, 0, 2], np.int32), [None], name="seq")
    with tf.variable_scope("lstm", initializer=tf.constant_initializer(0.3)):
        o, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(4), x, dtype=tf.float32)
    with tf.variable_scope("multi", initializer=tf.constant_initializer(-0.2)):
        cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.LSTMCell(4, num_proj=3),
                                            tf.nn.rnn_cell.BasicRNNCell(2)])
        o2, state2 = tf.nn.dynamic_rnn(cell, x, sequence_length=seq, dtype=tf.float32)
    tf.identity(o2, name="outputs")
    loss = tf.add_n([tf.reduce_sum(o ** 2), tf.reduce_sum(state.c), tf.reduce_sum(o2 ** 2),
                     tf.reduce_sum(state2[0].c), tf.reduce_sum(state2[1])], name="loss")
    tf.train.GradientDescentOptimizer(0.05).minimize(loss, name="train")
    return ["loss:0", "outputs:0"], [{"x:0": X_SEQ[:, :3]}, {"x:0": X_SEQ, "seq:0": [7, 1, 4, 0]}]


def tensor_array_model(tf):
    """A TensorArray read and written in a while loop, stacked after it."""
    x = tf.placeholder(tf.float32, [7, 5], name="x")
    w = tf.Variable(np.linspace(-1, 1, 15).reshape(5, 3).astype(np.float32), name="w")
    u = tf.Variable(np.linspace(1, -1, 9).reshape(3, 3).astype(np.float32), name="u")
    inputs = tf.TensorArray(tf.float32, size=7).unstack(x)

    def body(i, h, out):
        h = tf.tanh(tf.matmul(tf.expand_dims(inputs.read(i), 0), w) + tf.matmul(h, u))
        return i + 1, h, out.write(i, tf.squeeze(h, 0))

    _, _, out = tf.while_loop(lambda i, h, out: i < 7, body,
                              (tf.constant(0), tf.zeros([1, 3]), tf.TensorArray(tf.float32, 7)))
    stacked = tf.identity(out.stack(), name="stacked")
    loss = tf.reduce_sum(tf.square(stacked), name="loss")
    tf.train.GradientDescentOptimizer(0.1).minimize(loss, name="train")
    return ["loss:0", "stacked:0"], [{"x:0": X_SEQ[0]}]


def gru_model(tf):
    """dynamic_rnn over a GRUCell: not fused, a while loop over TensorArrays."""
    x = tf.placeholder(tf.float32, [None, 7, 5], name="x")
    with tf.variable_scope("gru", initializer=tf.constant_initializer(0.2)):
        o, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(4), x, dtype=tf.float32)
    tf.identity(state, name="state")
    loss = tf.reduce_sum(tf.square(o), name="loss")
    tf.train.GradientDescentOptimizer(0.1).minimize(loss, name="train")
    return ["loss:0", "state:0"], [{"x:0": X_SEQ}]


def control_flow_basic_model(tf):
    """Conformance control_flow_basic: a cond choosing a string, a factorial loop on a fed
    bound, a counter incremented by a control dependency (`train` increments it too)."""
    n = tf.placeholder(tf.int32, [], name="n")
    sign = tf.cond(n > 3, lambda: tf.constant("big"), lambda: tf.constant("small"))
    tf.identity(sign, name="sign")
    _, fact = tf.while_loop(lambda i, acc: i <= n, lambda i, acc: (i + 1, acc * i),
                            [tf.constant(1), tf.constant(1)])
    tf.identity(fact, name="fact")
    count = tf.Variable(0, name="count")
    inc = tf.assign_add(count, 2)
    with tf.control_dependencies([inc]):
        tf.identity(count, name="read")
    tf.group(inc, name="train")
    return ["sign:0", "fact:0", "read:0"], [{"n:0": k} for k in (2, 7, 0, 5)]


def rnn_basic_cell_model(tf):
    """Conformance rnn_basic_cell (BasicRNNCell with dynamic_rnn, BasicLSTMCell with static_rnn,
    constant-initialized), trained with SGD."""
    seq = (np.arange(2 * 3 * 2, dtype=np.float32).reshape(2, 3, 2) - 6.0) / 6.0
    x = tf.constant(seq)
    with tf.variable_scope("simple", initializer=tf.constant_initializer(0.4)):
        o, s = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(2), x, dtype=tf.float32)
    with tf.variable_scope("lstm", initializer=tf.constant_initializer(-0.3)):
        outs, st = tf.nn.static_rnn(tf.nn.rnn_cell.BasicLSTMCell(3), tf.unstack(x, axis=1),
                                    dtype=tf.float32)
    for t, name in ((o, "rnn_out"), (s, "rnn_state"), (outs[-1], "lstm_last"), (st.c, "c")):
        tf.identity(t, name=name)
    loss = tf.add(tf.reduce_sum(tf.square(o - 0.5)), tf.reduce_sum(st.h * st.c), name="loss")
    tf.train.GradientDescentOptimizer(0.2).minimize(loss, name="train")
    return ["loss:0", "rnn_out:0", "rnn_state:0", "lstm_last:0", "c:0"], [{}]


def select_v2_model(tf):
    """tf.where_v2 (SelectV2) broadcasting a variable row against a batch: TF has no C++
    gradient for SelectV2, so the export writes Python's _SelectGradV2 out as ops."""
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    w = tf.Variable(np.linspace(-1, 1, 9).reshape(3, 3).astype(np.float32), name="w")
    b = tf.Variable(np.array([0.5, -0.5, 1.0], np.float32), name="b")
    h = tf.matmul(x, w)
    out = tf.identity(tf.where_v2(h > 0.0, h, b * 2.0), name="out")
    loss = tf.reduce_sum(tf.square(out - 0.25), name="loss")
    tf.train.GradientDescentOptimizer(0.05).minimize(loss, name="train")
    return ["loss:0", "out:0"], [{"x:0": X_MAT}]


def deconv_model(tf):
    """tf.nn.conv2d_transpose after a conv2d (DCGAN's generator): TF has no C++ gradient for
    Conv2DBackpropInput, so the export writes Python's _Conv2DBackpropInputGrad out as ops."""
    x = tf.placeholder(tf.float32, [None, 4, 4, 2], name="x")
    w1 = tf.Variable(np.linspace(-0.5, 0.5, 3 * 3 * 2 * 3).reshape(3, 3, 2, 3).astype(np.float32),
                     name="w1")
    w2 = tf.Variable(np.linspace(0.4, -0.3, 3 * 3 * 2 * 3).reshape(3, 3, 2, 3).astype(np.float32),
                     name="w2")
    h = tf.nn.relu(tf.nn.conv2d(x, w1, [1, 2, 2, 1], "SAME"))
    out = tf.identity(tf.nn.conv2d_transpose(h, w2, [2, 4, 4, 2], [1, 2, 2, 1]), name="out")
    loss = tf.reduce_sum(tf.square(out - 0.1), name="loss")
    tf.train.GradientDescentOptimizer(0.01).minimize(loss, name="train")
    return ["loss:0", "out:0"], [{"x:0": X_IMG}]


MODELS = {"cond": cond_model, "while": while_model, "nested": nested_model,
          "rnn_adam": rnn_adam_model, "rnn_variants": rnn_variants_model,
          "rnn_dynamic_steps": rnn_dynamic_steps_model,
          "tensor_array": tensor_array_model, "gru": gru_model,
          "control_flow_basic": control_flow_basic_model, "rnn_basic_cell": rnn_basic_cell_model,
          "select_v2": select_v2_model, "deconv": deconv_model}

# Models whose gradient TF cannot compute as exported (TensorArray ops in a loop: tfcompat does
# not write their gradients as TF ops): the op export names.
NO_TF_GRADIENT = {"tensor_array": "TensorArrayStack/TensorArrayGatherV3",
                  "gru": "gru/rnn/TensorArrayStack/TensorArrayGatherV3"}
