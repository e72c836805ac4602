"""charlesq34/pointnet2 + WangYueFt/dgcnn pure-TF helpers: pairwise distance, knn via top_k, batch_gather /
gather_nd / flat-offset gather of neighbours, farthest point sampling in tf.while_loop, ball query by
masking with top_k, grouping and its gradient."""
import numpy as np
TAGS = ['control_flow', 'gradients', 'shapes']


def pairwise_distance(tf, pc):
    og_batch_size = pc.get_shape().as_list()[0]
    pc_t = tf.transpose(pc, perm=[0, 2, 1])
    pc_inner = tf.matmul(pc, pc_t)
    pc_inner = -2 * pc_inner
    pc_sq = tf.reduce_sum(tf.square(pc), axis=-1, keep_dims=True)
    pc_sq_t = tf.transpose(pc_sq, perm=[0, 2, 1])
    return pc_sq + pc_inner + pc_sq_t, og_batch_size


def knn(tf, adj, k=4):
    neg_adj = -adj
    _, nn_idx = tf.nn.top_k(neg_adj, k=k)
    return nn_idx


def fps(tf, xyz, npoint):
    B = tf.shape(xyz)[0]
    N = tf.shape(xyz)[1]
    dist0 = tf.fill([B, N], 1e10)
    idx0 = tf.zeros([B, npoint], dtype=tf.int32)
    far0 = tf.zeros([B], dtype=tf.int32)

    def cond(i, idx, dist, far):
        return tf.less(i, npoint)

    def body(i, idx, dist, far):
        onehot = tf.one_hot(i, npoint, dtype=tf.int32)
        idx = idx + tf.expand_dims(far, 1) * tf.expand_dims(onehot, 0)
        bidx = tf.stack([tf.range(B), far], axis=1)
        centroid = tf.gather_nd(xyz, bidx)
        d = tf.reduce_sum(tf.square(xyz - tf.expand_dims(centroid, 1)), -1)
        dist = tf.minimum(dist, d)
        far = tf.cast(tf.argmax(dist, axis=1), tf.int32)
        return i + 1, idx, dist, far

    _, idx, _, _ = tf.while_loop(cond, body, [tf.constant(0), idx0, dist0, far0],
                                 back_prop=False, name='fps')
    return idx


def ball_query(tf, radius, nsample, xyz, new_xyz):
    sq = tf.reduce_sum(tf.square(tf.expand_dims(new_xyz, 2) - tf.expand_dims(xyz, 1)), -1)
    n = tf.shape(xyz)[1]
    ar = tf.tile(tf.reshape(tf.range(n), [1, 1, -1]), tf.stack([tf.shape(sq)[0], tf.shape(sq)[1], 1]))
    masked = tf.where(sq < radius ** 2, ar, tf.ones_like(ar) * n)
    sorted_idx = -tf.nn.top_k(-masked, k=nsample).values
    first = tf.tile(sorted_idx[:, :, :1], [1, 1, nsample])
    idx = tf.where(tf.equal(sorted_idx, n), first, sorted_idx)
    cnt = tf.reduce_sum(tf.cast(sq < radius ** 2, tf.int32), -1)
    return idx, cnt


def main(tf):
    tf.set_random_seed(1)
    rng = np.random.RandomState(0)
    pts = rng.rand(2, 16, 3).astype(np.float32)
    pc = tf.placeholder(tf.float32, [2, 16, 3], name='pointclouds')
    adj, bs = pairwise_distance(tf, pc)
    nn_idx = knn(tf, adj, k=4)
    gathered = tf.reshape(tf.batch_gather(pc, tf.reshape(nn_idx, [2, -1])), [2, 16, 4, 3])
    # gather_nd with explicit batch indices
    b = tf.tile(tf.reshape(tf.range(2), [2, 1, 1]), [1, 16, 4])
    full = tf.stack([b, nn_idx], axis=-1)
    gathered_nd = tf.gather_nd(pc, full)
    # flat-index gather as in DGCNN get_edge_feature
    idx_ = tf.range(2) * 16
    idx_ = tf.reshape(idx_, [2, 1, 1])
    flat = tf.reshape(pc, [-1, 3])
    gathered_flat = tf.gather(flat, nn_idx + idx_)
    fidx = fps(tf, pc, 5)
    new_xyz = tf.batch_gather(pc, fidx)
    bq_idx, cnt = ball_query(tf, 0.4, 6, pc, new_xyz)
    grouped = tf.gather_nd(pc, tf.stack([tf.tile(tf.reshape(tf.range(2), [2, 1, 1]), [1, 5, 6]), bq_idx], -1))
    grouped -= tf.expand_dims(new_xyz, 2)
    loss = tf.reduce_sum(tf.square(gathered_nd)) + tf.reduce_sum(grouped)
    g = tf.gradients(loss, pc)[0]
    with tf.Session() as sess:
        r = sess.run({'adj': adj, 'nn': nn_idx, 'g1': gathered, 'g2': gathered_nd, 'g3': gathered_flat,
                      'fps': fidx, 'new_xyz': new_xyz, 'bq': bq_idx, 'cnt': cnt, 'grouped': grouped,
                      'grad': g}, {pc: pts})
    r['shapes'] = [str(t.get_shape()) for t in [adj, nn_idx, gathered, gathered_nd, gathered_flat,
                                                   fidx, new_xyz, bq_idx, grouped, g]]
    r['names'] = [t.op.name for t in [nn_idx, gathered, gathered_nd, fidx, bq_idx, cnt]]
    r['types'] = [t.op.type for t in [nn_idx, gathered, gathered_nd, bq_idx]]
    r['bs'] = bs
    return r
