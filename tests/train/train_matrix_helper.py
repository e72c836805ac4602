"""The training differential matrix: every TF1 optimizer x small models (MLP, CNN with batch
norm, recurrent cells on both of tfcompat's dynamic_rnn paths, embeddings with sampled
softmax; more RNN variants with a few optimizers), built against any `tf` module. Real TF
records the reference losses (make_training_reference.py -> tf_matrix_reference.json);
test_train_matrix.py compares.

Every model is built once per graph with one train op per optimizer; each optimizer then
trains a fresh session for STEPS steps from the same deterministic values, assigned to every
trainable variable after initialisation (no random initializer reaches the numbers).

tfcompat runs dynamic_rnn over a standard cell (BasicRNNCell, BasicLSTMCell, LSTMCell without
peepholes, LSTMBlockCell, MultiRNNCell of those) as fused CudnnRNN ops, and any other cell in a
while loop; `_Looped` (a subclass overriding `call`, same math) forces the loop, so both paths
meet the same TF reference.
"""
import numpy as np

STEPS = 20

OPTIMIZERS = {
    "sgd": lambda tf, gs: tf.train.GradientDescentOptimizer(0.1),
    "momentum": lambda tf, gs: tf.train.MomentumOptimizer(0.05, 0.9),
    "nesterov": lambda tf, gs: tf.train.MomentumOptimizer(0.05, 0.9, use_nesterov=True),
    "adam": lambda tf, gs: tf.train.AdamOptimizer(0.02),
    "adagrad": lambda tf, gs: tf.train.AdagradOptimizer(0.1, initial_accumulator_value=0.05),
    "adagrad_da": lambda tf, gs: tf.train.AdagradDAOptimizer(
        0.1, gs, l1_regularization_strength=0.001, l2_regularization_strength=0.002),
    "adadelta": lambda tf, gs: tf.train.AdadeltaOptimizer(1.0, rho=0.9, epsilon=1e-6),
    "rmsprop": lambda tf, gs: tf.train.RMSPropOptimizer(0.01),
    "rmsprop_momentum": lambda tf, gs: tf.train.RMSPropOptimizer(0.005, momentum=0.5),
    "rmsprop_centered": lambda tf, gs: tf.train.RMSPropOptimizer(
        0.005, decay=0.8, momentum=0.5, epsilon=1e-6, centered=True),
    "ftrl": lambda tf, gs: tf.train.FtrlOptimizer(0.1),
    "ftrl_l1_l2": lambda tf, gs: tf.train.FtrlOptimizer(
        0.1, l1_regularization_strength=0.001, l2_regularization_strength=0.002),
    "ftrl_v2": lambda tf, gs: tf.train.FtrlOptimizer(
        0.1, learning_rate_power=-0.6, l2_shrinkage_regularization_strength=0.01),
    "proximal_gd": lambda tf, gs: tf.train.ProximalGradientDescentOptimizer(
        0.1, l1_regularization_strength=0.001, l2_regularization_strength=0.002),
    "proximal_adagrad": lambda tf, gs: tf.train.ProximalAdagradOptimizer(
        0.1, l1_regularization_strength=0.001, l2_regularization_strength=0.002),
}

BATCH, TIME, DEPTH, UNITS, CLASSES = 8, 5, 4, 8, 3


def _data():
    rng = np.random.RandomState(7)
    return {
        "x": rng.normal(size=(BATCH, DEPTH)).astype(np.float32),
        "images": rng.normal(size=(BATCH, 6, 6, 2)).astype(np.float32),
        "seq": rng.normal(size=(BATCH, TIME, DEPTH)).astype(np.float32),
        "lengths": np.array([5, 3, 1, 4, 5, 2, 5, 3], np.int32),
        "labels": rng.randint(0, CLASSES, size=BATCH).astype(np.int32),
        "ids": rng.randint(0, 10, size=(BATCH, 3)).astype(np.int32),
        "targets": rng.randint(0, 12, size=(BATCH, 1)).astype(np.int64),
    }


def _softmax_loss(tf, logits, labels):
    return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels,
                                                                         logits=logits))


def _mlp(tf, feeds, data):
    x = tf.placeholder(tf.float32, [None, DEPTH], name="x")
    feeds[x] = data["x"]
    h = tf.layers.dense(x, UNITS, activation=tf.tanh, name="hidden")
    return tf.layers.dense(h, CLASSES, name="logits")


def _cnn_bn(tf, feeds, data):
    images = tf.placeholder(tf.float32, [None, 6, 6, 2], name="images")
    feeds[images] = data["images"]
    h = tf.layers.conv2d(images, 4, 3, padding="same", use_bias=False, name="conv")
    h = tf.layers.batch_normalization(h, training=True, name="bn")
    h = tf.layers.max_pooling2d(tf.nn.relu(h), 2, 2)
    return tf.layers.dense(tf.reshape(h, [-1, 3 * 3 * 4]), CLASSES, name="logits")


def _cell(tf, kind, looped):
    cells = tf.nn.rnn_cell
    if kind == "lstm_block":
        contrib = getattr(tf, "contrib", None)
        # TF 1.x's contrib LSTMBlockCell computes BasicLSTMCell's math under the name
        # 'lstm_cell'; TF 2.x has no contrib, so its reference is that BasicLSTMCell.
        if contrib is not None:
            return contrib.rnn.LSTMBlockCell(UNITS)
        return cells.BasicLSTMCell(UNITS, name="lstm_cell")
    make = {"rnn": lambda: cells.BasicRNNCell(UNITS),
            "lstm": lambda: cells.BasicLSTMCell(UNITS),
            "lstm_cell": lambda: cells.LSTMCell(UNITS),
            "lstm_peephole": lambda: cells.LSTMCell(UNITS, use_peepholes=True),
            "gru": lambda: cells.GRUCell(UNITS)}[kind]
    if not looped:
        return make()
    base = type(make())

    class _Looped(base):
        def call(self, inputs, state):  # same math; tfcompat then cannot fuse the cell
            return super().call(inputs, state)
    return _Looped(UNITS) if kind != "lstm_peephole" else _Looped(UNITS, use_peepholes=True)


def _rnn(tf, feeds, data, kind, looped=False, lengths=False, layers=1):
    seq = tf.placeholder(tf.float32, [None, TIME, DEPTH], name="seq")
    feeds[seq] = data["seq"]
    if layers > 1:
        cell = tf.nn.rnn_cell.MultiRNNCell([_cell(tf, kind, looped) for _ in range(layers)])
    else:
        cell = _cell(tf, kind, looped)
    seq_len = None
    if lengths:
        seq_len = tf.placeholder(tf.int32, [None], name="lengths")
        feeds[seq_len] = data["lengths"]
    _, state = tf.nn.dynamic_rnn(cell, seq, sequence_length=seq_len, dtype=tf.float32)
    last = state[-1] if layers > 1 else state
    h = last.h if hasattr(last, "h") else last
    return tf.layers.dense(h, CLASSES, name="logits")


def _bidirectional(tf, feeds, data):
    """bidirectional_dynamic_rnn: a fused LSTM forward, a looped GRU backward, lengths."""
    seq = tf.placeholder(tf.float32, [None, TIME, DEPTH], name="seq")
    lengths = tf.placeholder(tf.int32, [None], name="lengths")
    feeds[seq], feeds[lengths] = data["seq"], data["lengths"]
    (fw, bw), (state_fw, state_bw) = tf.nn.bidirectional_dynamic_rnn(
        tf.nn.rnn_cell.BasicLSTMCell(UNITS), tf.nn.rnn_cell.GRUCell(UNITS), seq,
        sequence_length=lengths, dtype=tf.float32)
    h = tf.concat([state_fw.h, state_bw, fw[:, 0], bw[:, -1]], 1)
    return tf.layers.dense(h, CLASSES, name="logits")


def _projection_time_major(tf, feeds, data):
    """A fused LSTMCell with a projection and forget_bias 0.5, time-major, given a state."""
    seq = tf.placeholder(tf.float32, [TIME, None, DEPTH], name="seq")
    feeds[seq] = data["seq"].transpose(1, 0, 2)
    cell = tf.nn.rnn_cell.LSTMCell(UNITS, num_proj=5, forget_bias=0.5)
    c0 = tf.constant(data["seq"][:, 0, :1].repeat(UNITS, 1))
    state = tf.nn.rnn_cell.LSTMStateTuple(c0, tf.zeros([BATCH, 5]))
    out, final = tf.nn.dynamic_rnn(cell, seq, initial_state=state, time_major=True)
    return tf.layers.dense(tf.reduce_sum(out, 0) + final.h, CLASSES, name="logits")


def _clipped_peephole(tf, feeds, data):
    """A looped LSTMCell with peepholes, cell and projection clipping."""
    seq = tf.placeholder(tf.float32, [None, TIME, DEPTH], name="seq")
    feeds[seq] = 3 * data["seq"]
    cell = tf.nn.rnn_cell.LSTMCell(UNITS, cell_clip=0.5, use_peepholes=True, num_proj=6,
                                   proj_clip=0.3)
    out, _ = tf.nn.dynamic_rnn(cell, seq, dtype=tf.float32)
    return tf.layers.dense(out[:, -1], CLASSES, name="logits")


def _relu_and_concat_state(tf, feeds, data):
    """A fused MultiRNNCell: a relu BasicRNNCell under an LSTM with a concatenated state."""
    seq = tf.placeholder(tf.float32, [None, TIME, DEPTH], name="seq")
    feeds[seq] = data["seq"]
    cell = tf.nn.rnn_cell.MultiRNNCell([
        tf.nn.rnn_cell.BasicRNNCell(UNITS, activation=tf.nn.relu),
        tf.nn.rnn_cell.BasicLSTMCell(UNITS, state_is_tuple=False)])
    _, state = tf.nn.dynamic_rnn(cell, seq, dtype=tf.float32)
    return tf.layers.dense(state[1], CLASSES, name="logits")


def _static_gru(tf, feeds, data):
    """static_rnn over unstacked steps with sequence lengths."""
    seq = tf.placeholder(tf.float32, [None, TIME, DEPTH], name="seq")
    lengths = tf.placeholder(tf.int32, [None], name="lengths")
    feeds[seq], feeds[lengths] = data["seq"], data["lengths"]
    outs, state = tf.nn.static_rnn(tf.nn.rnn_cell.GRUCell(UNITS), tf.unstack(seq, axis=1),
                                   sequence_length=lengths, dtype=tf.float32)
    return tf.layers.dense(state + outs[-1], CLASSES, name="logits")


def _embed_sampled(tf, feeds, data):
    ids = tf.placeholder(tf.int32, [None, 3], name="ids")
    targets = tf.placeholder(tf.int64, [None, 1], name="targets")
    feeds[ids], feeds[targets] = data["ids"], data["targets"]
    emb = tf.get_variable("emb", [10, 6])
    inputs = tf.reduce_mean(tf.nn.embedding_lookup(emb, ids), axis=1)
    weights = tf.get_variable("softmax_w", [12, 6])
    biases = tf.get_variable("softmax_b", [12])
    # fixed samples (with one accidental hit of a true class), so both sides see the same
    sampled = tf.constant([1, 4, 7, 9], tf.int64)
    true_expected = tf.fill([BATCH, 1], 0.3)
    sampled_expected = tf.constant([0.25, 0.4, 0.3, 0.2])
    loss = tf.nn.sampled_softmax_loss(weights, biases, targets, inputs, num_sampled=4,
                                      num_classes=12,
                                      sampled_values=(sampled, true_expected, sampled_expected))
    return tf.reduce_mean(loss)


MODELS = {
    "mlp": _mlp,
    "cnn_bn": _cnn_bn,
    "rnn_fused": lambda tf, f, d: _rnn(tf, f, d, "rnn"),
    "rnn_loop": lambda tf, f, d: _rnn(tf, f, d, "rnn", looped=True),
    "lstm_fused": lambda tf, f, d: _rnn(tf, f, d, "lstm"),
    "lstm_loop": lambda tf, f, d: _rnn(tf, f, d, "lstm", looped=True),
    "lstm_lengths_fused": lambda tf, f, d: _rnn(tf, f, d, "lstm", lengths=True),
    "lstm_lengths_loop": lambda tf, f, d: _rnn(tf, f, d, "lstm", looped=True, lengths=True),
    "lstm_cell_fused": lambda tf, f, d: _rnn(tf, f, d, "lstm_cell"),
    "lstm_peephole_loop": lambda tf, f, d: _rnn(tf, f, d, "lstm_peephole"),
    "multi_lstm_fused": lambda tf, f, d: _rnn(tf, f, d, "lstm", layers=2),
    "gru_loop": lambda tf, f, d: _rnn(tf, f, d, "gru"),
    "lstm_block_fused": lambda tf, f, d: _rnn(tf, f, d, "lstm_block"),
    "embed_sampled": _embed_sampled,
    "bidirectional": _bidirectional,
    "lstm_projection_time_major": _projection_time_major,
    "lstm_clipped_peephole": _clipped_peephole,
    "multi_relu_concat_state": _relu_and_concat_state,
    "static_gru": _static_gru,
}
# RNN variants beyond the cell x path grid: trained by a few optimizers (the others' update
# rules are already covered above)
FEW = ["sgd", "adam", "ftrl", "rmsprop_centered"]
MODEL_OPTIMIZERS = {"bidirectional": FEW, "lstm_projection_time_major": FEW,
                    "lstm_clipped_peephole": FEW, "multi_relu_concat_state": FEW,
                    "static_gru": FEW}


def _values(variables):
    """Deterministic starting values, by sorted variable name."""
    out = {}
    for k, v in enumerate(sorted(variables, key=lambda v: v.op.name)):
        shape = v.get_shape().as_list()
        n = int(np.prod(shape))
        scale = 0.5 / np.sqrt(max(shape[0], 1)) if len(shape) > 1 else 0.1
        base = np.cos(np.arange(n) * 0.37 + k) * scale
        if v.op.name.endswith("gamma"):
            base = base + 1.0
        out[v.op.name] = base.reshape(shape).astype(np.float32)
    return out


def train_model(tf, model, optimizers=None):
    """{optimizer: [loss at each of STEPS steps] + [final loss]} for `model`, plus, for
    'cnn_bn', the batch-norm moving statistics after training under '<optimizer>/bn'."""
    data, feeds = _data(), {}
    optimizers = list(optimizers or MODEL_OPTIMIZERS.get(model, OPTIMIZERS))
    with tf.Graph().as_default():
        out = MODELS[model](tf, feeds, data)
        loss = out if model == "embed_sampled" else _softmax_loss(
            tf, out, tf.constant(data["labels"]))
        variables = tf.trainable_variables()
        values = _values(variables)
        setters = [tf.assign(v, values[v.op.name]) for v in variables]
        gs = tf.train.get_or_create_global_step()
        train_ops = {}
        for name in optimizers:
            with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
                train_ops[name] = OPTIMIZERS[name](tf, gs).minimize(loss, global_step=gs)
        moving = [v for v in tf.global_variables() if "moving_" in v.op.name]
        init = tf.global_variables_initializer()
        results = {}
        for name in optimizers:
            with tf.Session() as sess:
                sess.run(init)
                sess.run(setters)
                losses = [float(sess.run([train_ops[name], loss], feeds)[1])
                          for _ in range(STEPS)]
                losses.append(float(sess.run(loss, feeds)))
                results[name] = losses
                if moving:
                    results[name + "/bn"] = [np.asarray(m).tolist() for m in sess.run(moving)]
    return results
