"""Gilmer et al. 2017 MPNN in TF1 (chemprop / deepchem MPNN style): edge network messages
(dense -> [E, H, H] matmul), aggregation with tf.scatter_nd and unsorted_segment_sum over int64
pair indices, GRUCell update, set2set readout with an LSTMCell inside tf.while_loop (shape
invariants for unknown graph counts) and a segment softmax; RMSProp with clip_by_norm."""
import numpy as np
TAGS = ['train', 'gradients', 'control_flow', 'rnn', 'shapes']
TOLERANCE = {'*': (1e-4, 1e-5)}


def segment_softmax(tf, e, seg, num):
    m = tf.unsorted_segment_max(e, seg, num)
    ex = tf.exp(e - tf.gather(m, seg))
    s = tf.unsorted_segment_sum(ex, seg, num)
    return ex / tf.gather(s, seg)


def main(tf):
    tf.set_random_seed(11)
    out = {}
    H = 6
    node = tf.placeholder(tf.float32, [None, 4], name="nodes")
    edge = tf.placeholder(tf.float32, [None, 3], name="edges")
    pair = tf.placeholder(tf.int64, [None, 2], name="pair_indices")
    graph_id = tf.placeholder(tf.int64, [None], name="graph_ids")
    n_graphs = tf.placeholder(tf.int32, [], name="n_graphs")
    n_nodes = tf.shape(node, out_type=tf.int64)[0]
    h = tf.layers.dense(node, H, name="embed",
                        kernel_initializer=tf.glorot_uniform_initializer(seed=1))
    cell = tf.nn.rnn_cell.GRUCell(H, name="gru",
                                  kernel_initializer=tf.glorot_uniform_initializer(seed=2))
    with tf.variable_scope("edge_net", reuse=tf.AUTO_REUSE):
        for step in range(2):
            A = tf.layers.dense(edge, H * H, name="A",
                                kernel_initializer=tf.glorot_uniform_initializer(seed=3),
                                reuse=tf.AUTO_REUSE)
            A = tf.reshape(A, [-1, H, H])
            h_src = tf.gather(h, pair[:, 1])
            msg = tf.squeeze(tf.matmul(A, tf.expand_dims(h_src, -1)), -1)
            if step == 0:
                agg = tf.scatter_nd(tf.expand_dims(pair[:, 0], -1), msg,
                                    tf.stack([n_nodes, H]))
            else:
                agg = tf.unsorted_segment_sum(msg, pair[:, 0], tf.cast(n_nodes, tf.int32))
            out['agg%d_shape' % step] = str(agg.shape)
            h, _ = cell(agg, h)
    out['h_shape'] = str(h.shape)
    # set2set
    lstm = tf.nn.rnn_cell.LSTMCell(H, name="s2s_lstm",
                                   initializer=tf.glorot_uniform_initializer(seed=4))
    gid32 = tf.cast(graph_id, tf.int32)
    q_star0 = tf.zeros(tf.stack([n_graphs, 2 * H]))
    c0 = tf.zeros(tf.stack([n_graphs, H]))
    h0 = tf.zeros(tf.stack([n_graphs, H]))

    def body(t, q_star, c, hh):
        q, (c2, h2) = lstm(q_star, tf.nn.rnn_cell.LSTMStateTuple(c, hh))
        e = tf.reduce_sum(h * tf.gather(q, gid32), 1)
        a = segment_softmax(tf, e, gid32, n_graphs)
        r = tf.unsorted_segment_sum(tf.expand_dims(a, -1) * h, gid32, n_graphs)
        return t + 1, tf.concat([q, r], 1), c2, h2

    _, q_star, _, _ = tf.while_loop(lambda t, *a: t < 3, body, [0, q_star0, c0, h0],
                                    shape_invariants=[tf.TensorShape([]),
                                                      tf.TensorShape([None, 2 * H]),
                                                      tf.TensorShape([None, H]),
                                                      tf.TensorShape([None, H])])
    out['qstar_shape'] = str(q_star.shape)
    pred = tf.squeeze(tf.layers.dense(q_star, 1, name="readout",
                                      kernel_initializer=tf.glorot_uniform_initializer(seed=5)), 1)
    y = tf.constant([0.5, -1.0, 2.0])
    loss = tf.losses.mean_squared_error(y, pred)
    opt = tf.train.RMSPropOptimizer(0.01)
    gv = opt.compute_gradients(loss)
    gv = [(tf.clip_by_norm(g, 1.0), v) for g, v in gv if g is not None]
    train = opt.apply_gradients(gv, global_step=tf.train.get_or_create_global_step())
    g_node, g_edge = tf.gradients(loss, [node, edge])
    rng = np.random.RandomState(2)
    # 3 graphs: nodes 0-2, 3-6, 7 (single node, no edges)
    pairs = np.array([[0, 1], [1, 0], [1, 2], [2, 1], [3, 4], [4, 3], [4, 5], [5, 4],
                      [5, 6], [6, 5], [6, 3], [3, 6]], np.int64)
    perm = rng.permutation(len(pairs))
    feed = {node: rng.randn(8, 4).astype(np.float32),
            edge: rng.randn(len(pairs), 3).astype(np.float32),
            pair: pairs[perm], graph_id: np.array([0, 0, 0, 1, 1, 1, 1, 2], np.int64),
            n_graphs: 3}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out['pred0'], out['gn'], out['ge'] = sess.run([pred, g_node, g_edge], feed)
        out['losses'] = np.array([sess.run([loss, train], feed)[0] for _ in range(4)])
        out['gs'] = sess.run(tf.train.get_global_step())
    out['vars'] = [v.op.name for v in tf.trainable_variables()]
    return out
