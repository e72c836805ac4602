"""tf.nn activations, softmax, cross-entropies, normalization and lookup ops: values from real
TF1 (tensorflow.compat.v1), static shapes and op names."""

import numpy as np
import pytest

V = [-3.0, -0.5, 0.0, 0.5, 3.0, 25.0]
LOGITS = [[0.3, 2.2, -1.0], [1.0, 1.0, 1.0]]
T3 = np.arange(12, dtype=np.float32).reshape(2, 3, 2) / 4.0
X4 = np.arange(24, dtype=np.float32).reshape(2, 2, 3, 2) / 10.0


def run(tf, fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed)


def check(got, expect, rtol=1e-5, atol=1e-5):
    for key in expect:
        np.testing.assert_allclose(got[key], expect[key], rtol=rtol, atol=atol, err_msg=key)


def test_activations(tf):
    v = tf.constant(V)
    got = run(
        tf,
        {
            "selu": tf.nn.selu(v),
            "softplus": tf.nn.softplus(v),
            "softsign": tf.nn.softsign(v),
            "leaky_default": tf.nn.leaky_relu(v),
            "swish": tf.nn.swish(v),
            "crelu": tf.nn.crelu(tf.constant([[-1.0, 2.0]])),
        },
    )
    check(
        got,
        {
            "selu": [-1.670569, -0.691758, 0.0, 0.52535, 3.152103, 26.267525],
            "softplus": [0.048587, 0.474077, 0.693147, 0.974077, 3.048587, 25.0],
            "softsign": [-0.75, -0.333333, 0.0, 0.333333, 0.75, 0.961538],
            "leaky_default": [-0.6, -0.1, 0.0, 0.5, 3.0, 25.0],
            "swish": [-0.142278, -0.18877, 0.0, 0.31123, 2.857722, 25.0],
            "crelu": [[0.0, 2.0, 1.0, 0.0]],
        },
    )


def test_softmax_axes(tf):
    lg, t3 = tf.constant(LOGITS), tf.constant(T3)
    t = {
        "softmax_dim0": tf.nn.softmax(lg, dim=0),
        "log_softmax_axis0": tf.nn.log_softmax(lg, axis=0),
        "softmax_3d_axis1": tf.nn.softmax(t3, axis=1),
    }
    check(
        run(tf, t),
        {
            "softmax_dim0": [[0.331812, 0.768525, 0.119203], [0.668188, 0.231475, 0.880797]],
            "log_softmax_axis0": [
                [-1.103186, -0.263282, -2.126928],
                [-0.403186, -1.463282, -0.126928],
            ],
            "softmax_3d_axis1": [
                [[0.186324, 0.186324], [0.307196, 0.307196], [0.50648, 0.50648]],
                [[0.186324, 0.186324], [0.307196, 0.307196], [0.50648, 0.50648]],
            ],
        },
    )
    assert t["softmax_3d_axis1"].get_shape().as_list() == [2, 3, 2]
    assert tf.nn.softmax(lg).op.type == "Softmax"


def test_cross_entropies(tf):
    lg, t3, v = tf.constant(LOGITS), tf.constant(T3), tf.constant(V)
    t = {
        "sce_v1_3d": tf.nn.softmax_cross_entropy_with_logits(
            labels=tf.nn.softmax(t3 * 0.5), logits=t3
        ),
        "sce_axis0": tf.nn.softmax_cross_entropy_with_logits_v2(
            labels=[[0.0, 1.0, 0.0], [1.0, 0.0, 1.0]], logits=lg, axis=0
        ),
        "sparse_3d": tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=[[0, 1, 1], [1, 0, 0]], logits=t3
        ),
        "wce": tf.nn.weighted_cross_entropy_with_logits(
            labels=[0.0, 1.0, 1.0, 0.0, 0.5, 1.0], logits=v, pos_weight=2.0
        ),
        "poisson": tf.nn.log_poisson_loss(
            [0.0, 0.5, 1.0, 3.0], tf.constant([0.1, -0.2, 0.3, 1.0]), compute_full_loss=True
        ),
    }
    check(
        run(tf, t),
        {
            "sce_v1_3d": [[0.693137, 0.693137, 0.693137], [0.693137, 0.693137, 0.693137]],
            "sce_axis0": [0.403186, 0.263282, 0.126928],
            "sparse_3d": [[0.825939, 0.575939, 0.575939], [0.575939, 0.825939, 0.825939]],
            "wce": [0.048587, 1.948154, 1.386294, 0.974077, 1.572881, 0.0],
            "poisson": [1.105171, 0.918731, 1.049859, 1.482363],
        },
    )
    assert t["sce_v1_3d"].get_shape().as_list() == [2, 3]
    assert t["sparse_3d"].get_shape().as_list() == [2, 3]
    assert t["sce_v1_3d"].name == "softmax_cross_entropy_with_logits_sg/Reshape_2:0"


def test_sparse_label_out_of_range_is_invalid_argument(tf):
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[2, 5], logits=LOGITS)
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        run(tf, loss)
    assert "Received a label value of 5 which is outside the valid range of [0, 3)" in str(
        info.value
    )


def test_sparse_label_rank_mismatch(tf):
    with pytest.raises(ValueError) as info:
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[[2]], logits=LOGITS)
    assert "`labels.shape.rank` must equal `logits.shape.rank - 1`" in str(info.value)


def test_normalizations(tf):
    t3 = tf.constant(T3)
    mean, var = tf.nn.moments(t3, axes=[0, 2], keep_dims=True)
    wmean, wvar = tf.nn.weighted_moments(t3, [1], tf.constant([[[1.0], [2.0], [0.0]]]))
    t = {
        "moments_keep_mean": mean,
        "moments_keep_var": var,
        "wmean": wmean,
        "wvar": wvar,
        "lrn": tf.nn.lrn(
            tf.reshape(tf.range(1.0, 13.0), [1, 2, 1, 6]),
            depth_radius=2,
            bias=1.0,
            alpha=0.1,
            beta=0.75,
        ),
        "l2n_eps": tf.nn.l2_normalize([[0.0, 0.0], [3.0, 4.0]], axis=1),
    }
    check(
        run(tf, t),
        {
            "moments_keep_mean": [[[0.875], [1.375], [1.875]]],
            "moments_keep_var": [[[0.578125], [0.578125], [0.578125]]],
            "wmean": [[0.333333, 0.583333], [1.833333, 2.083333]],
            "wvar": [[0.055556, 0.055556], [0.055556, 0.055556]],
            "lrn": [
                [
                    [[0.518611, 0.707107, 0.736947, 0.711312, 0.916783, 1.184436]],
                    [[0.729248, 0.617924, 0.540693, 0.516413, 0.626858, 0.791877]],
                ]
            ],
            "l2n_eps": [[0.0, 0.0], [0.6, 0.8]],
        },
    )
    assert mean.name == "moments/mean:0"
    assert mean.get_shape().as_list() == [1, 3, 1]


def test_batch_norms(tf):
    x = tf.placeholder(tf.float32, [2, 2, 3, 2])
    y, bm, bv = tf.nn.fused_batch_norm(x, [1.0, 2.0], [0.5, -0.5], epsilon=0.01)
    yi, _, _ = tf.nn.fused_batch_norm(
        x,
        [1.0, 2.0],
        [0.5, -0.5],
        mean=tf.constant([0.1, 0.2]),
        variance=tf.constant([1.0, 4.0]),
        epsilon=0.01,
        is_training=False,
    )
    bn = tf.nn.batch_normalization(
        x,
        tf.constant([1.1, 1.2]),
        tf.constant([0.5, 2.0]),
        tf.constant([0.1, 0.0]),
        tf.constant([2.0, 3.0]),
        0.001,
    )
    got = run(tf, {"fbn_y": y, "fbn_mean": bm, "fbn_var": bv, "fbn_inf": yi, "bn": bn}, {x: X4})
    check(
        got,
        {
            "fbn_y": [
                [
                    [[-1.076801, -3.653602], [-0.79011, -3.08022], [-0.503419, -2.506837]],
                    [[-0.216728, -1.933455], [0.069963, -1.360073], [0.356654, -0.786691]],
                ],
                [
                    [[0.643346, -0.213309], [0.930037, 0.360074], [1.216728, 0.933456]],
                    [[1.503419, 1.506838], [1.79011, 2.08022], [2.076801, 2.653602]],
                ],
            ],
            "fbn_mean": [1.1, 1.2],
            "fbn_var": [0.52, 0.52],  # Bessel-corrected, as TF returns it
            "fbn_inf": [
                [
                    [[0.400496, -0.599875], [0.599504, -0.400125], [0.798511, -0.200374]],
                    [[0.997519, -0.000624], [1.196526, 0.199127], [1.395534, 0.398877]],
                ],
                [
                    [[1.594541, 0.598628], [1.793548, 0.798378], [1.992556, 0.998129]],
                    [[2.191563, 1.197879], [2.390571, 1.39763], [2.589578, 1.59738]],
                ],
            ],
            "bn": [
                [
                    [[-3.008164, -2.332869], [-2.443043, -1.908711], [-1.877922, -1.484553]],
                    [[-1.312802, -1.060395], [-0.747681, -0.636237], [-0.18256, -0.212079]],
                ],
                [
                    [[0.38256, 0.212079], [0.947681, 0.636237], [1.512802, 1.060395]],
                    [[2.077922, 1.484553], [2.643042, 1.908711], [3.208163, 2.332869]],
                ],
            ],
        },
    )
    assert y.op.type == "FusedBatchNormV3" and y.name == "FusedBatchNormV3:0"
    assert bm.get_shape().as_list() == [2]


def test_lookup_and_misc(tf):
    lg = tf.constant(LOGITS)
    params = tf.constant(np.arange(14, dtype=np.float32).reshape(7, 2))
    parts = [
        tf.constant(np.arange(6, dtype=np.float32).reshape(3, 2)),
        tf.constant(np.arange(6, 10, dtype=np.float32).reshape(2, 2)),
        tf.constant(np.arange(10, 14, dtype=np.float32).reshape(2, 2)),
    ]
    ids = tf.constant([[0, 6], [3, 4]])
    preds = [[0.1, 0.3, 0.3, 0.2], [0.5, 0.1, 0.2, 0.2], [1.0, 2.0, 3.0, 4.0]]
    t = {
        "emb": tf.nn.embedding_lookup(params, ids),
        "emb_mod": tf.nn.embedding_lookup(parts, ids),
        "emb_div": tf.nn.embedding_lookup(parts, ids, partition_strategy="div"),
        "emb_maxnorm": tf.nn.embedding_lookup(params, [1, 5], max_norm=3.0),
        "in_top_k": tf.nn.in_top_k(preds, [2, 3, 0], 1),
        "in_top_k2": tf.nn.in_top_k(preds, [1, 3, 0], 2),
        "zero_fraction": tf.nn.zero_fraction([[0.0, 1.0, 0.0], [2.0, 0.0, 0.0]]),
        "xw_plus_b": tf.nn.xw_plus_b(lg, tf.ones([3, 2]), [1.0, -1.0]),
        "relu_layer": tf.nn.relu_layer(
            lg, tf.constant([[1.0, -1.0], [0.0, -1.0], [2.0, 0.5]]), [0.0, 1.0]
        ),
    }
    got = run(tf, t)
    check(
        got,
        {
            "emb": [[[0.0, 1.0], [12.0, 13.0]], [[6.0, 7.0], [8.0, 9.0]]],
            "emb_mod": [[[0.0, 1.0], [4.0, 5.0]], [[2.0, 3.0], [8.0, 9.0]]],
            "emb_div": [[[0.0, 1.0], [12.0, 13.0]], [[6.0, 7.0], [8.0, 9.0]]],
            "emb_maxnorm": [[1.664101, 2.496151], [2.018018, 2.21982]],
            "xw_plus_b": [[2.5, 0.5], [4.0, 2.0]],
            "relu_layer": [[0.0, 0.0], [3.0, 0.0]],
            "zero_fraction": 0.666667,
        },
    )
    assert got["in_top_k"].tolist() == [True, False, False]
    assert got["in_top_k2"].tolist() == [True, True, False]
    assert t["emb"].name == "embedding_lookup/Identity:0"
    assert t["emb"].get_shape().as_list() == [2, 2, 2]
    assert t["zero_fraction"].name == "zero_fraction/fraction:0"
    assert t["in_top_k"].dtype == tf.bool


def test_bias_add_shape_error(tf):
    with pytest.raises(ValueError) as info:
        tf.nn.bias_add(tf.zeros([2, 3]), tf.zeros([2]))
    assert "Dimensions must be equal, but are 3 and 2" in str(info.value)


def test_dropout(tf):
    x = tf.ones([200, 50])
    y = tf.nn.dropout(x, keep_prob=0.75, seed=3)
    z = tf.nn.dropout(x, rate=0.5, noise_shape=[200, 1], seed=3)
    assert tf.nn.dropout(x, rate=0.0) is x
    a, b = run(tf, [y, z])
    assert y.get_shape().as_list() == [200, 50]
    assert set(np.unique(a).tolist()) <= {0.0, np.float32(1 / 0.75)}
    assert abs((a == 0).mean() - 0.25) < 0.03
    assert set(np.unique(b).tolist()) <= {0.0, 2.0}
    assert ((b == 0).all(axis=1) | (b == 2).all(axis=1)).all()
    with pytest.raises(ValueError):
        tf.nn.dropout(x, rate=1.0)


def test_embedding_lookup_sparse_partitioned_variable_uses_mod(tf):
    # recorded from TF 2.21 compat.v1: a PartitionedVariable is looked up shard by shard, so
    # the default "mod" strategy finds id i in shard i % 2 (row i // 2)
    with tf.variable_scope("emb_sparse", partitioner=tf.fixed_size_partitioner(2)):
        emb = tf.get_variable("e", [5, 2], initializer=tf.zeros_initializer())
    shards = list(emb)
    fill = [tf.assign(shards[0], [[0.0, 0.5], [2.0, 2.5], [4.0, 4.5]]),
            tf.assign(shards[1], [[1.0, 1.5], [3.0, 3.5]])]
    ids = tf.SparseTensor([[0, 0], [1, 0], [1, 1], [2, 0]],
                          tf.constant([1, 2, 4, 3], tf.int64), [3, 2])
    weights = tf.SparseTensor([[0, 0], [1, 0], [1, 1], [2, 0]], [1.0, 1.0, 3.0, 1.0], [3, 2])
    mod = tf.nn.embedding_lookup_sparse(emb, ids, weights, combiner="mean")
    div = tf.nn.embedding_lookup_sparse(emb, ids, None, combiner="sum", partition_strategy="div")
    safe = tf.nn.safe_embedding_lookup_sparse(emb, ids, None, partition_strategy="mod")
    with tf.Session() as sess:
        sess.run(fill)
        got = sess.run([mod, div, safe])
    # mod: id i -> shard i % 2 row i // 2, i.e. the value i; div: shards [0:3], [3:5]
    np.testing.assert_allclose(got[0], [[1.0, 1.5], [3.5, 4.0], [3.0, 3.5]])
    np.testing.assert_allclose(got[1], [[2.0, 2.5], [4.0 + 3.0, 4.5 + 3.5], [1.0, 1.5]])
    np.testing.assert_allclose(got[2], [[1.0, 1.5], [3.0, 3.5], [3.0, 3.5]])
