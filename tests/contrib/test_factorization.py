"""tf.contrib.factorization's k-means (TF 1.15 contrib; in TF 2.21 the same class lives in
tensorflow.python.ops.clustering_ops, the live reference here): the kernels NearestNeighbors,
KmeansPlusPlusInitialization and KMC2ChainInitialization draw TF's seeded choices bit for bit,
and KMeans.training_graph() gives TF's centers, assignments and variables. Expected values were
printed by TF 2.21."""
import os

import numpy as np
import pytest

AGAINST_TF = bool(os.environ.get("TFCOMPAT_TEST_AGAINST_TF"))


def _factorization(tf):
    """(KMeans, the module with the raw kernels' wrappers) of tfcompat or of TF 2.21."""
    if AGAINST_TF:
        from tensorflow.python.ops import clustering_ops, gen_clustering_ops
        return clustering_ops.KMeans, gen_clustering_ops
    return tf.contrib.factorization.KMeans, tf.contrib.factorization


def _points():
    return np.random.RandomState(0).rand(20, 3).astype(np.float32)


def _blobs():
    rs = np.random.RandomState(1)
    x = np.concatenate([rs.randn(30, 2), rs.randn(30, 2) + [5, 5],
                        rs.randn(30, 2) + [0, 6]]).astype(np.float32)
    rs.shuffle(x)
    return x


@pytest.mark.parametrize("seed,num,retries,rows", [
    (7, 4, 2, [3, 18, 7, 15]), (1, 3, 0, [8, 15, 2]), (123, 5, -1, [0, 5, 16, 17, 13]),
    (2 ** 40 + 5, 6, 1, [0, 5, 8, 13, 1, 11])])
def test_kmeans_plus_plus_initialization_picks_tfs_rows(tf, seed, num, retries, rows):
    _, ops = _factorization(tf)
    x = _points()
    out = ops.kmeans_plus_plus_initialization(
        tf.constant(x), tf.constant(num, tf.int64), tf.constant(seed, tf.int64),
        tf.constant(retries, tf.int64))
    assert out.shape.ndims is None and out.dtype == tf.float32
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(out), x[rows])


def test_kmc2_chain_initialization(tf):
    _, ops = _factorization(tf)
    dist = tf.constant(_points()[:, 0] ** 2)
    outs = [ops.kmc2_chain_initialization(dist, tf.constant(s, tf.int64)) for s in (0, 3, 99)]
    assert outs[0].shape.as_list() == [] and outs[0].dtype == tf.int64
    with tf.Session() as sess:
        assert sess.run(outs) == [15, 17, 15]


def test_nearest_neighbors(tf):
    _, ops = _factorization(tf)
    x = _points()
    idx, dist = ops.nearest_neighbors(tf.constant(x), tf.constant(x[5:9] * 0.9),
                                      tf.constant(3, tf.int64))
    assert idx.shape.ndims is None and idx.dtype == tf.int64 and dist.dtype == tf.float32
    with tf.Session() as sess:
        i, d = sess.run([idx, dist])
    np.testing.assert_array_equal(i[:6], [[1, 2, 3], [2, 1, 0], [1, 2, 3], [1, 3, 2],
                                          [3, 2, 1], [0, 2, 3]])
    np.testing.assert_allclose(d[:3], [[0.10484, 0.1289, 0.43952], [0.03367, 0.20846, 0.39269],
                                       [0.08774, 0.37454, 0.90604]], atol=1e-5)


def test_kmeans_plus_plus_too_many_samples(tf):
    _, ops = _factorization(tf)
    out = ops.kmeans_plus_plus_initialization(
        tf.constant(_points()), tf.constant(30, tf.int64), tf.constant(1, tf.int64),
        tf.constant(0, tf.int64))
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"Expected num_to_sample <= points.rows\(\). 30 vs 20."):
            sess.run(out)


def _train(tf, steps=6, graph_seed=None, **kwargs):
    KMeans, _ = _factorization(tf)
    x = _blobs()
    if graph_seed is not None:
        tf.set_random_seed(graph_seed)
    inp = tf.placeholder(tf.float32, shape=[None, 2])
    kmeans = KMeans(inputs=inp, num_clusters=3, **kwargs)
    all_scores, cluster_idx, scores, initialized, init_op, train_op = kmeans.training_graph()
    avg = tf.reduce_mean(scores[0])
    names = [v.name for v in tf.global_variables()]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer(), feed_dict={inp: x})
        runs = 0
        while not sess.run(initialized):
            sess.run(init_op, feed_dict={inp: x})
            runs += 1
        first = sess.run(tf.global_variables()[0])
        for _ in range(steps):
            _, distance, idx = sess.run([train_op, avg, cluster_idx[0]], feed_dict={inp: x})
        last = sess.run(tf.global_variables()[0])
        shapes = all_scores[0].shape.ndims, cluster_idx[0].shape.ndims, idx.shape
    return dict(names=names, runs=runs, first=first, last=last, distance=distance,
                idx=idx[:12].tolist(), shapes=shapes)


_BLOB_CENTERS = [[0.34792, 5.96737], [0.14895, -0.13232], [5.08863, 5.03819]]


def test_kmeans_random_init_full_batch(tf):
    got = _train(tf)
    assert got["names"] == ["clusters:0", "initialized:0"]
    assert got["runs"] == 1 and got["shapes"] == (None, None, (90,))
    np.testing.assert_allclose(got["first"], [[-1.85798, 7.23616], [1.74481, -0.76121],
                                              [5.51293, 4.70191]], atol=1e-5)
    np.testing.assert_allclose(got["last"], _BLOB_CENTERS, atol=1e-4)
    assert abs(got["distance"] - 1.62854) < 1e-4
    assert got["idx"] == [1, 0, 1, 1, 2, 1, 1, 1, 1, 1, 0, 1]


def test_kmeans_random_init_graph_seed(tf):
    got = _train(tf, graph_seed=5)
    np.testing.assert_allclose(got["first"], [[1.62435, -0.61176], [5.51293, 4.70191],
                                              [1.62765, 6.33801]], atol=1e-5)
    np.testing.assert_allclose(got["last"], [_BLOB_CENTERS[i] for i in (1, 2, 0)], atol=1e-4)


def test_kmeans_plus_plus_init(tf):
    got = _train(tf, initial_clusters="kmeans_plus_plus", random_seed=7)
    np.testing.assert_allclose(got["first"], [[5.2301, 5.76201], [0.19092, 2.10026],
                                              [0.2488, 5.70336]], atol=1e-5)
    np.testing.assert_allclose(got["last"], [_BLOB_CENTERS[i] for i in (2, 1, 0)], atol=1e-4)
    assert got["idx"] == [1, 2, 1, 1, 0, 1, 1, 1, 1, 1, 2, 1]


def test_kmeans_cosine(tf):
    got = _train(tf, distance_metric="cosine")
    np.testing.assert_allclose(got["first"], [[-0.2487, 0.96858], [0.91657, -0.39987],
                                              [0.76085, 0.64892]], atol=1e-5)
    np.testing.assert_allclose(got["last"], [[-0.06459, 0.99791], [0.13943, -0.99023],
                                             [0.70918, 0.70502]], atol=1e-4)
    assert abs(got["distance"] - 0.08395) < 1e-4
    assert got["idx"] == [1, 0, 0, 0, 2, 0, 1, 1, 0, 1, 0, 2]


def test_kmeans_tensor_init(tf):
    got = _train(tf, initial_clusters=_blobs()[:3] * 1.0)
    np.testing.assert_allclose(got["last"], [[1.34159, -0.96803], [2.7696, 5.53562],
                                             [-0.21804, 0.2655]], atol=1e-4)
    assert abs(got["distance"] - 5.28328) < 1e-4


def test_kmeans_bad_arguments(tf):
    KMeans, _ = _factorization(tf)
    inp = tf.zeros([4, 2])
    with pytest.raises(ValueError, match="Unsupported initialization algorithm `bad`"):
        KMeans(inp, 2, initial_clusters="bad")
    with pytest.raises(ValueError, match="Unsupported distance metric `l1`"):
        KMeans(inp, 2, distance_metric="l1")


@pytest.mark.tfcompat_only
def test_kmeans_mini_batch_update_is_the_running_mean(tf):
    """Each step moves a center to the mean of all the points it was given so far: TF 1.15
    reads the counts racing with their own update (see known_differences.txt)."""
    KMeans, _ = _factorization(tf)
    x = np.array([[0, 0], [1, 0], [5, 5], [6, 5], [0, 1]], np.float32)
    inp = tf.placeholder(tf.float32, shape=[None, 2])
    kmeans = KMeans(inp, 2, initial_clusters=x[:2], use_mini_batch=True)
    _, cluster_idx, _, _, init_op, train_op = kmeans.training_graph()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer(), feed_dict={inp: x})
        sess.run(init_op, feed_dict={inp: x})
        sess.run(train_op, feed_dict={inp: x})
        np.testing.assert_allclose(sess.run(tf.global_variables()[0]),
                                   [[0, 1 / 3], [13 / 4, 10 / 4]], rtol=1e-6)
        assert sess.run(tf.global_variables()[2]).tolist() == [3, 4]


@pytest.mark.tfcompat_only
def test_kmc2_init_adds_rows_of_the_input(tf):
    """TF's k-MC2 loop races between parallel iterations (see known_differences.txt); what
    holds in both: the first center is row 0, one center per run, each a row of the input."""
    got = _train(tf, initial_clusters="kmc2", random_seed=2, kmc2_chain_length=20)
    x = _blobs()
    assert got["runs"] == 3
    np.testing.assert_array_equal(got["first"][0], x[0])
    assert all((x == row).all(1).any() for row in got["first"])


@pytest.mark.tfcompat_only
def test_unimplemented_names_fail_clearly(tf):
    with pytest.raises(AttributeError, match="tf.contrib.factorization.GMM"):
        tf.contrib.factorization.GMM


@pytest.mark.tfcompat_only
def test_module_constants_of_tf_1_15(tf):
    """TF 1.15's contrib.factorization star-imports clustering_ops and gmm_ops, so their
    module constants are names of the package too."""
    f = tf.contrib.factorization
    assert (f.CLUSTERS_VAR_NAME, f.FULL_COVARIANCE, f.DIAG_COVARIANCE) == ("clusters", "full",
                                                                          "diag")
    assert f.MEPS == np.finfo(float).eps
    with pytest.raises(AttributeError, match="tf.contrib.factorization.WALSMatrixFactorization"):
        f.WALSMatrixFactorization


def _kmeans_estimator(tf):
    """tf.estimator.experimental.KMeans (TF's from tensorflow_estimator, loaded through
    tests/estimator/tf_estimator_shim.py)."""
    if not AGAINST_TF:
        return tf.estimator.experimental.KMeans
    import importlib.util
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "estimator",
                        "tf_estimator_shim.py")
    spec = importlib.util.spec_from_file_location("tf_estimator_shim", path)
    shim = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shim)
    return shim.load_estimator()[0].experimental.KMeans


def _estimator_points():
    rs = np.random.RandomState(3)
    points = np.concatenate([rs.randn(20, 2), rs.randn(20, 2) + 6]).astype(np.float32)
    rs.shuffle(points)
    return points


@pytest.mark.parametrize("kwargs,centers,score,transform", [
    (dict(seed=4), [[5.8736, 6.2138], [-0.0217, -0.3321]], 88.341,
     [[8.9476, 1.7749], [9.8717, 1.2574]]),
    (dict(initial_clusters="kmeans_plus_plus", seed=1, distance_metric="cosine"),
     [[0.7501, 0.6613], [-0.539, -0.8423]], 4.719, [[1.2529, 1.0233], [1.9674, 0.1398]]),
])
def test_kmeans_clustering_estimator(tf, tmp_path, kwargs, centers, score, transform):
    """The estimator's documented loop: train on one epoch of the points, three times."""
    points = _estimator_points()

    def input_fn():
        return tf.train.limit_epochs(tf.convert_to_tensor(points, dtype=tf.float32),
                                     num_epochs=1)

    kmeans = _kmeans_estimator(tf)(num_clusters=2, model_dir=str(tmp_path),
                                   use_mini_batch=False, **kwargs)
    for _ in range(3):
        kmeans.train(input_fn)
    np.testing.assert_allclose(kmeans.cluster_centers(), centers, atol=1e-4)
    assert abs(kmeans.score(input_fn) - score) < 1e-3
    assert list(kmeans.predict_cluster_index(input_fn))[:6] == [1, 1, 0, 0, 1, 0]
    np.testing.assert_allclose(list(kmeans.transform(input_fn))[:2], transform, atol=1e-4)
    assert sorted(name for name, _ in tf.train.list_variables(str(tmp_path))) == [
        "clusters", "global_step", "initialized"]


def test_kmeans_clustering_estimator_bad_arguments(tf, tmp_path):
    KMeansClustering = _kmeans_estimator(tf)
    with pytest.raises(ValueError, match="Unsupported initialization algorithm 'kmc2'"):
        KMeansClustering(2, model_dir=str(tmp_path), initial_clusters="kmc2")
    with pytest.raises(ValueError, match="Unsupported distance metric 'l1'"):
        KMeansClustering(2, model_dir=str(tmp_path), distance_metric="l1")
    assert KMeansClustering.CLUSTER_CENTERS_VAR_NAME == "clusters"
    assert (KMeansClustering.SCORE, KMeansClustering.CLUSTER_INDEX,
            KMeansClustering.ALL_DISTANCES) == ("score", "cluster_index", "all_distances")


@pytest.mark.tfcompat_only
def test_contrib_kmeans_clustering_takes_random_seed(tf, tmp_path):
    """TF 1.15's tf.contrib.factorization.KMeansClustering names its seed `random_seed` (default
    0); tf.estimator.experimental.KMeans names it `seed` (default None). Same model otherwise:
    with the same seed both train to the same centers."""
    import inspect
    contrib_cls = tf.contrib.factorization.KMeansClustering
    params = inspect.signature(contrib_cls.__init__).parameters
    assert params["random_seed"].default == 0 and "seed" not in params
    assert "random_seed" not in inspect.signature(tf.estimator.experimental.KMeans).parameters
    assert issubclass(contrib_cls, tf.estimator.experimental.KMeans)
    points = _estimator_points()

    def input_fn():
        return tf.train.limit_epochs(tf.convert_to_tensor(points, dtype=tf.float32),
                                     num_epochs=1)

    centers = []
    for i, est in enumerate([contrib_cls(2, model_dir=str(tmp_path / "a"), random_seed=4,
                                         use_mini_batch=False),
                             tf.estimator.experimental.KMeans(
                                 2, model_dir=str(tmp_path / "b"), seed=4, use_mini_batch=False)]):
        for _ in range(3):
            est.train(input_fn)
        centers.append(est.cluster_centers())
    np.testing.assert_allclose(centers[0], [[5.8736, 6.2138], [-0.0217, -0.3321]], atol=1e-4)
    np.testing.assert_array_equal(centers[0], centers[1])
    with pytest.raises(TypeError, match="seed"):
        contrib_cls(2, model_dir=str(tmp_path / "c"), seed=1)


# -- WALSModel (TF 2.21 has no WALS: checked against the closed form of its normal equations) --

_OBSERVED = [(0, 0), (0, 2), (1, 1), (2, 0), (2, 3), (3, 2), (4, 1), (4, 3), (1, 3)]


def _wals_problem():
    rs = np.random.RandomState(0)
    a = np.zeros((5, 4), np.float32)
    for i, j in _OBSERVED:
        a[i, j] = rs.rand() * 3 + 0.5
    return a, rs.randn(5, 2).astype(np.float32), rs.randn(4, 2).astype(np.float32)


def _np_update(u, v, a, w0, lam, row_w, col_w):
    """argmin over each row u_i of sum_j W_ij (a_ij - u_i.v_j)^2 + lam |u_i|^2, where
    W_ij = w0 + row_w[i] col_w[j] if a_ij is observed, else w0."""
    out = np.zeros_like(u)
    for i in range(u.shape[0]):
        lhs, rhs = w0 * v.T @ v + lam * np.eye(u.shape[1]), np.zeros(u.shape[1])
        for j in range(v.shape[0]):
            if a[i, j] != 0:
                w = row_w[i] * col_w[j]
                lhs += w * np.outer(v[j], v[j])
                rhs += a[i, j] * (w0 + w) * v[j]
        out[i] = np.linalg.solve(lhs, rhs)
    return out


def _np_loss(u, v, a, w0, lam, row_w, col_w):
    weights = np.full(a.shape, w0)
    for i, j in _OBSERVED:
        weights[i, j] += row_w[i] * col_w[j]
    return (weights * (a - u @ v.T) ** 2).sum() + lam * ((u ** 2).sum() + (v ** 2).sum())


def _sweep(tf, model, a):
    idx = np.array(_OBSERVED, np.int64)
    values = a[idx[:, 0], idx[:, 1]]
    rows = tf.SparseTensor(idx, values, [5, 4])
    cols_transposed = tf.SparseTensor(idx[:, ::-1].copy(), values, [4, 5])
    _, row_update, row_loss, row_reg, row_sum_w = model.update_row_factors(rows)
    _, col_update, col_loss, col_reg, col_sum_w = model.update_col_factors(
        cols_transposed, transpose_input=True)
    with tf.Session() as sess:
        sess.run([model.initialize_op, tf.local_variables_initializer()])
        sess.run(model.worker_init)
        sess.run(model.row_update_prep_gramian_op)
        sess.run(model.initialize_row_update_op)
        loss1, reg1, sum_w = sess.run([row_update, row_loss, row_reg, row_sum_w])[1:]
        u = np.concatenate(sess.run(model.row_factors))
        sess.run(model.col_update_prep_gramian_op)
        sess.run(model.initialize_col_update_op)
        loss2, reg2, sum_w2 = sess.run([col_update, col_loss, col_reg, col_sum_w])[1:]
        v = np.concatenate(sess.run(model.col_factors))
    np.testing.assert_allclose(sum_w, sum_w2, rtol=1e-6)
    return u, v, loss1 + reg1, loss2 + reg2, sum_w


@pytest.mark.tfcompat_only
def test_wals_weighted_sweep_matches_the_normal_equations(tf):
    a, u0, v0 = _wals_problem()
    row_w = [np.array([1., 2., .5], np.float32), np.array([1.5, 1.], np.float32)]
    model = tf.contrib.factorization.WALSModel(
        5, 4, 2, unobserved_weight=0.2, regularization=0.1, row_init=[u0[:3], u0[3:]],
        col_init=v0, num_row_shards=2, row_weights=row_w, col_weights=0.7)
    assert [v.op.name for v in tf.global_variables()] == [
        "row_weights_shard_0", "row_weights_shard_1", "col_weights_shard_0",
        "row_factors_shard_0", "row_factors_shard_1", "col_factors_shard_0", "row_gramian",
        "col_gramian"]
    assert [v.op.name for v in tf.local_variables()] == [
        "transient_vars/row_factors_cache_shard_0", "transient_vars/row_factors_cache_shard_1",
        "transient_vars/col_factors_cache_shard_0", "transient_vars/row_wt_cache_shard_0",
        "transient_vars/row_wt_cache_shard_1", "transient_vars/col_wt_cache_shard_0",
        "transient_vars/row_gramian_cache", "transient_vars/col_gramian_cache"]
    u, v, loss1, loss2, sum_weights = _sweep(tf, model, a)
    rw, cw = np.concatenate(row_w), np.full(4, 0.7)
    np.testing.assert_allclose(sum_weights, 0.2 * 20 + sum(rw[i] * cw[j] for i, j in _OBSERVED),
                               rtol=1e-6)
    u1 = _np_update(u0, v0, a, 0.2, 0.1, rw, cw)
    v1 = _np_update(v0, u1, a.T, 0.2, 0.1, cw, rw)
    np.testing.assert_allclose(u, u1, atol=1e-5)
    np.testing.assert_allclose(v, v1, atol=1e-5)
    np.testing.assert_allclose(loss1, _np_loss(u1, v0, a, 0.2, 0.1, rw, cw), rtol=1e-5)
    np.testing.assert_allclose(loss2, _np_loss(u1, v1, a, 0.2, 0.1, rw, cw), rtol=1e-5)


@pytest.mark.tfcompat_only
def test_wals_plain_als_without_caches(tf):
    a, u0, v0 = _wals_problem()
    model = tf.contrib.factorization.WALSModel(
        5, 4, 2, unobserved_weight=0.5, row_init=u0, col_init=[v0[:2], v0[2:3], v0[3:]],
        num_col_shards=3,
        row_weights=None, col_weights=None, use_factors_weights_cache=False,
        use_gramian_cache=False)
    assert tf.local_variables() == []
    u, v, loss1, loss2, sum_weights = _sweep(tf, model, a)
    assert sum_weights == pytest.approx(0.5 * 20)
    zeros = np.zeros(5), np.zeros(4)
    u1 = _np_update(u0, v0, a, 0.5, 0.0, *zeros)
    v1 = _np_update(v0, u1, a.T, 0.5, 0.0, zeros[1], zeros[0])
    np.testing.assert_allclose(u, u1, atol=1e-5)
    np.testing.assert_allclose(v, v1, atol=1e-5)
    np.testing.assert_allclose(loss2, _np_loss(u1, v1, a, 0.5, 0.0, *zeros), rtol=1e-5)


@pytest.mark.tfcompat_only
def test_wals_project_row_factors(tf):
    a, u0, v0 = _wals_problem()
    model = tf.contrib.factorization.WALSModel(5, 4, 2, unobserved_weight=0.2,
                                               regularization=0.1, row_init=u0, col_init=v0,
                                               col_weights=0.7)
    new_rows = tf.SparseTensor([[0, 0], [0, 2], [1, 3]], [1.0, 2.0, 3.0], [2, 4])
    projected = model.project_row_factors(new_rows, projection_weights=[2.0, 0.5])
    with tf.Session() as sess:
        sess.run([model.initialize_op, tf.local_variables_initializer()])
        sess.run([model.worker_init, model.row_update_prep_gramian_op])
        sess.run(model.initialize_row_update_op)
        got = sess.run(projected)
    b = np.array([[1.0, 0, 2.0, 0], [0, 0, 0, 3.0]], np.float32)
    want = _np_update(np.zeros((2, 2), np.float32), v0, b, 0.2, 0.1, [2.0, 0.5],
                      np.full(4, 0.7))
    np.testing.assert_allclose(got, want, atol=1e-5)


# -- gmm (TF 2.21 has no gmm_ops: checked against the same EM iteration in numpy) ------------

def _np_e_step(x, alpha, means, covs, diag):
    """log(alpha_k N(x_i | mean_k, cov_k + 1e-3 I)) (TF adds the 1e-3 again here) and the
    memberships w."""
    n, d = x.shape
    logp = np.zeros((n, len(means)))
    for k in range(len(means)):
        diff = x - means[k]
        if diag:
            c = covs[k] + 1e-3
            logp[:, k] = -0.5 * (d * np.log(2 * np.pi) + np.log(c).sum() + (diff ** 2 / c).sum(1))
        else:
            c = covs[k] + 1e-3 * np.eye(d)
            logp[:, k] = -0.5 * ((diff @ np.linalg.inv(c) * diff).sum(1)
                                 + d * np.log(2 * np.pi) + np.linalg.slogdet(c)[1])
    logp += np.log(alpha)
    return np.exp(logp - np.logaddexp.reduce(logp, axis=1, keepdims=True))


def _np_em(x, means, steps, diag):
    eps, d = np.finfo(float).eps, x.shape[1]
    c0 = np.cov(x.T, ddof=1) + 1e-3 * np.eye(d)
    covs = np.stack([np.diag(c0) if diag else c0] * len(means))
    alpha = np.full(len(means), 1.0 / len(means))
    for _ in range(steps):
        w = _np_e_step(x, alpha, means, covs, diag)
        nk = w.sum(0)
        alpha = nk / (nk.sum() + eps)
        means = (w.T @ x) / (nk[:, None] + eps)
        new = []
        for k in range(len(means)):
            c = (x.T * w[:, k]) @ x / (nk[k] + eps) - np.outer(means[k], means[k]) \
                + 1e-3 * np.eye(d)
            new.append(np.diag(c) if diag else c)
        covs = np.stack(new)
    return alpha, means, covs, _np_e_step(x, alpha, means, covs, diag).argmax(1)


@pytest.mark.tfcompat_only
@pytest.mark.parametrize("covariance_type", ["full", "diag"])
def test_gmm_em_steps(tf, covariance_type):
    rs = np.random.RandomState(4)
    x = np.concatenate([rs.randn(15, 2) * 0.5, rs.randn(15, 2) * 0.8 + [3, 3]]).astype(
        np.float32)
    init = x[[0, 20]]
    _, _, assignments, train_op, init_op, initialized = tf.contrib.factorization.gmm(
        tf.constant(x), init, 2, 0, covariance_type=covariance_type)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(init_op)
        assert sess.run(initialized)
        for _ in range(3):
            sess.run(train_op)
        values = {v.op.name: sess.run(v) for v in tf.global_variables()}
        got_assignments = sess.run(assignments[0][0])
    alpha, means, covs, want_assignments = _np_em(x.astype(np.float64), init.astype(np.float64),
                                                  3, covariance_type == "diag")
    assert sorted(values) == ["alphas", "clusters", "clusters_covs", "initialized"]
    np.testing.assert_allclose(values["alphas"], alpha, atol=1e-6)
    np.testing.assert_allclose(values["clusters"][:, 0], means, atol=1e-5)
    np.testing.assert_allclose(values["clusters_covs"], covs, atol=1e-5)
    np.testing.assert_array_equal(got_assignments, want_assignments)


# -- what the k-means graph needed of the rest of tfcompat -----------------------------------

def test_matmul_transpose_of_unknown_rank(tf):
    """KMeans multiplies by its centers variable, whose shape is unknown (validate_shape=False):
    TF's BatchMatMulV2 path takes the transpose as an adjoint."""
    a = tf.placeholder(tf.float32, None)
    b = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    product = tf.matmul(a, b, transpose_b=True)
    assert product.shape.ndims is None
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(product, {a: [[1.0, -1.0]]}), [[-1.0, -1.0, -1.0]])


def test_graph_def_of_nested_cond_capturing_in_the_inner_cond(tf):
    """KMeans' initializer is a cond whose branch holds a cond using a variable the outer
    branch does not: writing the GraphDef (FileWriter, Saver) passes it through both."""
    flag = tf.Variable(False, name="initialized")
    pred = tf.placeholder(tf.bool, [])
    tf.cond(pred, lambda: tf.assert_equal(flag, True),
            lambda: tf.cond(pred, lambda: tf.assign(flag, True), tf.no_op))
    names = [node.name for node in tf.get_default_graph().as_graph_def().node]
    assert "initialized" in names
