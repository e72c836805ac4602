"""VoxelNet / PointPillars-style voxel feature encoding: tf.unique voxel ids, unsorted_segment_max /
mean / sqrt_n pooling, point-wise concat with the voxel max, scatter_nd into a dense BEV grid,
sparse_placeholder fed with SparseTensorValue, segment gradients (with ties)."""
import numpy as np
TAGS = ['sparse', 'gradients', 'nn']
TOLERANCE = {'*': (1e-4, 1e-5)}


def main(tf):
    tf.set_random_seed(2)
    rng = np.random.RandomState(4)
    pts_np = np.round(rng.rand(50, 4) * 4, 1).astype(np.float32)  # x, y, z, intensity (ties likely)
    pts = tf.placeholder(tf.float32, [None, 4], name='points')
    grid = 4
    coords = tf.cast(tf.floor(pts[:, :2]), tf.int32)
    coords = tf.clip_by_value(coords, 0, grid - 1)
    vid = coords[:, 0] * grid + coords[:, 1]
    uniq, seg = tf.unique(vid)
    nvox = tf.size(uniq)
    counts = tf.unsorted_segment_sum(tf.ones_like(seg), seg, nvox)
    mean_xyz = tf.unsorted_segment_mean(pts[:, :3], seg, nvox) if hasattr(tf, 'unsorted_segment_mean') \
        else tf.math.unsorted_segment_mean(pts[:, :3], seg, nvox)
    feat = tf.concat([pts, pts[:, :3] - tf.gather(mean_xyz, seg)], axis=1)
    with tf.variable_scope('VFE-1'):
        pw = tf.layers.dense(feat, 8, activation=tf.nn.relu, name='dense',
                             kernel_initializer=tf.glorot_uniform_initializer(seed=1))
        vmax = tf.unsorted_segment_max(pw, seg, nvox)
        pw2 = tf.concat([pw, tf.gather(vmax, seg)], axis=1)
    with tf.variable_scope('VFE-2'):
        pw3 = tf.layers.dense(pw2, 6, activation=tf.nn.relu, name='dense',
                              kernel_initializer=tf.glorot_uniform_initializer(seed=2))
        vfeat = tf.unsorted_segment_max(pw3, seg, nvox)
    sq = tf.math.unsorted_segment_sqrt_n(pw3, seg, nvox)
    vmin = tf.unsorted_segment_min(pts[:, 3], seg, nvox)
    vprod = tf.unsorted_segment_prod(pts[:, 3] * 0.5 + 0.5, seg, nvox)
    ucoord = tf.stack([uniq // grid, uniq % grid], axis=1)
    bev = tf.scatter_nd(ucoord, vfeat, [grid, grid, 6])
    bev = tf.expand_dims(bev, 0)
    conv = tf.layers.conv2d(bev, 4, 3, padding='same', name='rpn_conv',
                            kernel_initializer=tf.glorot_uniform_initializer(seed=3))
    loss = tf.reduce_sum(tf.square(conv)) + tf.reduce_sum(sq) + tf.reduce_sum(vmin) + tf.reduce_sum(vprod)
    g_pts, g_pw = tf.gradients(loss, [pts, pw])
    # sparse input path: occupancy given as a SparseTensor
    sp = tf.sparse_placeholder(tf.float32, shape=[grid, grid], name='occ')
    occ_dense = tf.sparse_tensor_to_dense(sp, validate_indices=False)
    occ_sum = tf.sparse_reduce_sum(sp, axis=0)
    occ_max = tf.sparse_reduce_max(sp, axis=1)
    sp_soft = tf.sparse_softmax(sp)
    sp_mm = tf.sparse_tensor_dense_matmul(sp, tf.reshape(vfeat[:4, :4], [4, 4]), adjoint_a=True)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        spv = tf.SparseTensorValue(indices=np.array([[0, 1], [1, 3], [2, 0], [2, 2], [3, 3]], np.int64),
                                   values=np.array([1., 2., 3., 0.5, 1.5], np.float32),
                                   dense_shape=np.array([4, 4], np.int64))
        out = sess.run({'uniq': uniq, 'seg': seg, 'counts': counts, 'mean_xyz': mean_xyz, 'vmax': vmax,
                        'vfeat': vfeat, 'sq': sq, 'vmin': vmin, 'vprod': vprod, 'bev': bev, 'loss': loss,
                        'g_pts': g_pts, 'g_pw': g_pw, 'occ_dense': occ_dense, 'occ_sum': occ_sum,
                        'occ_max': occ_max, 'soft_v': sp_soft.values, 'soft_i': sp_soft.indices,
                        'sp_mm': sp_mm, 'nvox': nvox}, {pts: pts_np, sp: spv})
    out['shapes'] = [str(t.shape) for t in [uniq, seg, counts, mean_xyz, vmax, sq, bev, conv, occ_sum,
                                             occ_max, sp_mm, g_pts]]
    out['sp_shape'] = [str(sp.get_shape()), str(sp_soft.get_shape()), str(sp.dense_shape.shape)]
    out['names'] = [t.name for t in [sp.indices, sp.values, sp.dense_shape, uniq, seg, vmax]]
    out['vars'] = [v.name for v in tf.global_variables()]
    return out
