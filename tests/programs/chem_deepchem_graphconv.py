"""DeepChem 2.x TF1 graph convolution (2017-2018): GraphConv over atoms grouped by degree (tf.slice
of degree blocks, per-degree weights, tf.gather of neighbour lists), GraphPool max over neighbours,
GraphGather with unsorted_segment_sum / segment_max of argsort-ed membership / dynamic_partition
means, dynamic_stitch back, batch norm with UPDATE_OPS, Adam; unknown atom counts throughout."""
import numpy as np
TAGS = ['train', 'gradients', 'shapes', 'layers']
TOLERANCE = {'*': (1e-4, 1e-5)}
MAX_DEG = 3


def _graph_conv(tf, atoms, deg_slice, deg_adj, membership, W_self, W_rel, b):
    # split atoms by degree (deg_slice rows = [start, size])
    deg_summed = []
    for deg in range(1, MAX_DEG + 1):
        nbr = tf.gather(atoms, deg_adj[deg - 1])          # [n_deg, deg, F]
        deg_summed.append(tf.reduce_sum(nbr, 1))
    new_rel = []
    for deg in range(0, MAX_DEG + 1):
        begin = tf.stack([deg_slice[deg, 0], 0])
        size = tf.stack([deg_slice[deg, 1], -1])
        self_atoms = tf.slice(atoms, begin, size)
        out = tf.matmul(self_atoms, W_self[deg])
        if deg > 0:
            out = out + tf.matmul(deg_summed[deg - 1], W_rel[deg - 1])
        new_rel.append(out + b[deg])
    return tf.nn.relu(tf.concat(new_rel, 0))


def _graph_pool(tf, atoms, deg_adj, deg_slice):
    pooled = []
    for deg in range(0, MAX_DEG + 1):
        begin = tf.stack([deg_slice[deg, 0], 0])
        size = tf.stack([deg_slice[deg, 1], -1])
        self_atoms = tf.slice(atoms, begin, size)
        if deg > 0:
            nbr = tf.gather(atoms, deg_adj[deg - 1])
            self_atoms = tf.reduce_max(tf.concat([tf.expand_dims(self_atoms, 1), nbr], 1), 1)
        pooled.append(self_atoms)
    return tf.concat(pooled, 0)


def main(tf):
    tf.set_random_seed(3)
    out = {}
    F = 5
    # 3 molecules, 9 atoms sorted by degree: deg0: 1, deg1: 4, deg2: 3, deg3: 1
    deg_slice_np = np.array([[0, 1], [1, 4], [5, 3], [8, 1]], np.int32)
    deg_adj_np = [np.array([[5], [6], [8], [7]], np.int32),
                  np.array([[1, 8], [2, 8], [3, 4]], np.int32),
                  np.array([[6, 5, 2]], np.int32)]
    membership_np = np.array([0, 1, 1, 2, 2, 1, 1, 2, 1], np.int32)
    atoms = tf.placeholder(tf.float32, [None, F], name="atom_features")
    deg_slice = tf.placeholder(tf.int32, [MAX_DEG + 1, 2], name="deg_slice")
    membership = tf.placeholder(tf.int32, [None], name="membership")
    deg_adj = [tf.placeholder(tf.int32, [None, d], name="deg_adj_%d" % d)
               for d in range(1, MAX_DEG + 1)]
    with tf.variable_scope("graph_conv"):
        W_self = [tf.get_variable("W_self_%d" % i, [F, 6],
                                  initializer=tf.glorot_uniform_initializer(seed=i))
                  for i in range(MAX_DEG + 1)]
        W_rel = [tf.get_variable("W_rel_%d" % i, [F, 6],
                                 initializer=tf.truncated_normal_initializer(stddev=0.3, seed=10 + i))
                 for i in range(MAX_DEG)]
        b = [tf.get_variable("b_%d" % i, [6], initializer=tf.constant_initializer(0.01 * i))
             for i in range(MAX_DEG + 1)]
    h = _graph_conv(tf, atoms, deg_slice, deg_adj, membership, W_self, W_rel, b)
    out['conv_shape'] = str(h.shape)
    h = tf.layers.batch_normalization(h, training=True, name="bn")
    hp = _graph_pool(tf, h, deg_adj, deg_slice)
    out['pool_shape'] = str(hp.shape)
    dense = tf.layers.dense(hp, 8, activation=tf.nn.tanh, name="dense",
                            kernel_initializer=tf.glorot_normal_initializer(seed=7))
    # GraphGather: segment sum + segment max (membership sorted?) -> use unsorted for sum
    order = tf.argsort(membership, stable=True)
    sorted_mem = tf.gather(membership, order)
    sorted_feat = tf.gather(dense, order)
    mol_sum = tf.unsorted_segment_sum(dense, membership, 3)
    mol_max = tf.segment_max(sorted_feat, sorted_mem)
    parts = tf.dynamic_partition(dense, membership, 3)
    mol_mean = tf.stack([tf.reduce_mean(p, 0) for p in parts])
    idx_parts = tf.dynamic_partition(tf.range(tf.shape(dense)[0]), membership, 3)
    restitched = tf.dynamic_stitch(idx_parts, parts)
    mol = tf.concat([mol_sum, mol_max, mol_mean], 1)
    out['mol_shape'] = str(mol.shape)
    out['parts_shape'] = [str(p.shape) for p in parts]
    out['stitch_shape'] = str(restitched.shape)
    logits = tf.layers.dense(mol, 2, name="out",
                             kernel_initializer=tf.glorot_uniform_initializer(seed=9))
    labels = tf.constant([0, 1, 1])
    loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
    update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    with tf.control_dependencies(update_ops):
        train = tf.train.AdamOptimizer(0.01).minimize(loss)
    grads = tf.gradients(loss, [atoms] + W_rel)
    rng = np.random.RandomState(0)
    feed = {atoms: rng.randn(9, F).astype(np.float32), deg_slice: deg_slice_np,
            membership: membership_np}
    for p, v in zip(deg_adj, deg_adj_np):
        feed[p] = v
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out['mol'], out['restitched'], out['g'] = sess.run([mol, restitched, grads], feed)
        losses = []
        for _ in range(5):
            losses.append(sess.run([loss, train], feed)[0])
        out['losses'] = np.array(losses)
        out['vars'] = sorted(v.op.name for v in tf.global_variables())[:12]
    return out
