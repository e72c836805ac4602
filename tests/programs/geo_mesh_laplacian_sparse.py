"""Mesh processing in TF1 (Pixel2Mesh / CoMA / 3DN style): sparse adjacency SparseTensor,
graph conv via sparse_tensor_dense_matmul, uniform Laplacian from sparse_reduce_sum degrees,
Laplacian / edge-length / normal losses, face normals with cross + unsorted_segment_sum."""
import numpy as np
TAGS = ['sparse', 'train', 'gradients']
TOLERANCE = {'*': (1e-4, 1e-5)}

# an octahedron
VERTS = np.array([[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]], np.float32)
FACES = np.array([[0, 2, 4], [2, 1, 4], [1, 3, 4], [3, 0, 4], [2, 0, 5], [1, 2, 5], [3, 1, 5], [0, 3, 5]],
                 np.int64)


def edges_from_faces(faces):
    e = set()
    for f in faces:
        for a, b in ((f[0], f[1]), (f[1], f[2]), (f[2], f[0])):
            e.add((min(a, b), max(a, b)))
    return np.array(sorted(e), np.int64)


def main(tf):
    tf.set_random_seed(11)
    edges = edges_from_faces(FACES)
    n = VERTS.shape[0]
    both = np.concatenate([edges, edges[:, ::-1]], 0)
    adj = tf.SparseTensor(indices=both, values=tf.ones([both.shape[0]]), dense_shape=[n, n])
    adj = tf.sparse_reorder(adj)
    deg = tf.sparse_reduce_sum(adj, axis=1)
    deg_kd = tf.sparse_reduce_sum(adj, axis=1, keep_dims=True)
    d_inv = tf.SparseTensor(indices=[[i, i] for i in range(n)], values=1.0 / deg, dense_shape=[n, n])
    dense_adj = tf.sparse_tensor_to_dense(adj)
    lap_dense = tf.eye(n) - tf.matmul(tf.sparse_tensor_to_dense(d_inv), dense_adj)
    lap_sp = tf.sparse_add(tf.SparseTensor([[i, i] for i in range(n)], tf.ones([n]), [n, n]),
                           tf.SparseTensor(adj.indices, -adj.values / tf.gather(deg, adj.indices[:, 0]),
                                           adj.dense_shape))
    rng = np.random.RandomState(2)
    verts = tf.Variable(VERTS + 0.05 * rng.randn(*VERTS.shape).astype(np.float32), name='verts')
    # graph convolution (Kipf-style support list as in Pixel2Mesh)
    w0 = tf.get_variable('gcn/weights_0', [3, 8], initializer=tf.glorot_uniform_initializer(seed=1))
    w1 = tf.get_variable('gcn/weights_1', [3, 8], initializer=tf.glorot_uniform_initializer(seed=2))
    support = [tf.SparseTensor([[i, i] for i in range(n)], tf.ones([n]), [n, n]), adj]
    h = tf.add_n([tf.sparse_tensor_dense_matmul(s, tf.matmul(verts, w)) for s, w in zip(support, [w0, w1])])
    h = tf.nn.relu(h)
    delta = tf.layers.dense(h, 3, kernel_initializer=tf.glorot_uniform_initializer(seed=3), name='out')
    new_verts = verts + 0.1 * delta
    lap = tf.sparse_tensor_dense_matmul(lap_sp, new_verts)
    lap_loss = tf.reduce_mean(tf.reduce_sum(tf.square(lap), 1))
    e0 = tf.gather(new_verts, edges[:, 0])
    e1 = tf.gather(new_verts, edges[:, 1])
    edge_len = tf.reduce_sum(tf.square(e0 - e1), 1)
    edge_loss = tf.reduce_mean(edge_len)
    f = tf.constant(FACES)
    v0, v1, v2 = [tf.gather(new_verts, f[:, k]) for k in range(3)]
    fn = tf.cross(v1 - v0, v2 - v0)
    fn_unit = tf.nn.l2_normalize(fn, axis=1)
    vn = tf.unsorted_segment_sum(tf.tile(fn, [3, 1]), tf.reshape(tf.transpose(f), [-1]), n)
    vn = tf.nn.l2_normalize(vn, dim=1)
    normal_cos = tf.abs(tf.reduce_sum(tf.nn.l2_normalize(e0 - e1, 1) * tf.gather(vn, edges[:, 0]), 1))
    normal_loss = tf.reduce_mean(normal_cos)
    loss = lap_loss + 0.5 * edge_loss + 0.1 * normal_loss
    train = tf.train.AdamOptimizer(1e-2).minimize(loss)
    sp_t = tf.sparse_transpose(lap_sp)
    red_sp = tf.sparse_reduce_sum_sparse(adj, axis=0)
    out = {}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        r = sess.run({'deg': deg, 'deg_kd': deg_kd, 'lap_dense': lap_dense,
                      'lap_sp': tf.sparse_tensor_to_dense(lap_sp, validate_indices=False),
                      'lap_sp_idx': lap_sp.indices, 'spt': tf.sparse.to_dense(sp_t),
                      'red_idx': red_sp.indices, 'red_val': red_sp.values, 'red_shape': red_sp.dense_shape,
                      'fn_unit': fn_unit, 'vn': vn, 'losses': [lap_loss, edge_loss, normal_loss],
                      'grad_v': tf.gradients(loss, verts)[0]})
        out.update(r)
        for i in range(5):
            out['l%d' % i] = sess.run([loss, train])[0]
    out['shapes'] = [str(t.shape) for t in [deg, deg_kd, lap, fn, vn, h, red_sp.indices]]
    out['sp_shape'] = str(lap_sp.get_shape())
    out['names'] = [t.op.name for t in [deg, lap_sp.indices, lap, vn, fn]]
    out['types'] = [t.op.type for t in [deg, lap_sp.values, lap, vn, fn, sp_t.indices, red_sp.values]]
    return out
