"""tf.contrib.factorization k-means as 2017-2018 code used it: the KMeans graph class in a session
loop (training_graph's 6-tuple, init op then training op, k-MC2,
cosine distance, k-means++ with retries, a callable init) and the KMeansClustering
estimator (train / score / predict_cluster_index / transform / cluster_centers, feature_columns,
relative_tolerance). TF 2.x keeps these as clustering_ops.KMeans and estimator.experimental.KMeans. (Mini-batch
k-means and k-MC2 with several chains per run are left out: TF's updates race there, see
tests/differential/known_differences.txt.)"""
import importlib.util
import os

import numpy as np

TAGS = ['clustering', 'contrib', 'estimator']


def modules(tf):
    contrib = getattr(tf, 'contrib', None)
    if contrib is not None:
        fact = contrib.factorization
        return fact, fact.KMeansClustering, tf.estimator
    from tensorflow.python.ops import clustering_ops
    spec = importlib.util.spec_from_file_location('tf_estimator_shim', os.path.join(
        os.path.dirname(os.path.abspath(__file__)), os.pardir, 'estimator', 'tf_estimator_shim.py'))
    shim = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shim)
    est = shim.load_estimator()[0]
    return clustering_ops, est.experimental.KMeans, est


def main(tf):
    fact, KMeansClustering, est = modules(tf)
    rng = np.random.RandomState(12)
    centers = np.array([[0, 0, 0], [6, 6, 0], [0, 6, 6], [6, 0, 6]], np.float32)
    pts = np.concatenate([c + rng.randn(25, 3) for c in centers]).astype(np.float32)
    rng.shuffle(pts)
    out = {}
    X = tf.placeholder(tf.float32, [None, 3])
    configs = [
        ('rand', dict(initial_clusters=fact.RANDOM_INIT, random_seed=3)),
        ('pp', dict(initial_clusters=fact.KMEANS_PLUS_PLUS_INIT, random_seed=5, kmeans_plus_plus_num_retries=4)),
        ('cos', dict(initial_clusters=fact.RANDOM_INIT, distance_metric=fact.COSINE_DISTANCE, random_seed=1)),
        ('kmc2', dict(initial_clusters=fact.KMC2_INIT, random_seed=6, kmc2_chain_length=60)),
        ('fn', dict(initial_clusters=lambda inp, k: tf.slice(inp[0], [0, 0], tf.stack([k, -1])) * 0.5)),
    ]
    for tag, kw in configs:
        with tf.variable_scope(tag):
            km = fact.KMeans(X, 4, **kw)
            g = km.training_graph()
            all_scores, cluster_idx, scores, inited, init_op, train_op = g
            avg = tf.reduce_mean(scores[0])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            n_init = 0
            while not sess.run(inited):
                sess.run(init_op, {X: pts})
                n_init += 1
            out[tag + '_n_init'] = n_init
            hist = []
            for i in range(6):
                batch = pts if not kw.get('use_mini_batch') else pts[(i * 32) % 100:(i * 32) % 100 + 32]
                sess.run(train_op, {X: batch})
                hist.append(sess.run(avg, {X: pts}))
            out[tag + '_hist'] = np.array(hist)
            out[tag + '_idx'] = sess.run(cluster_idx[0], {X: pts})[:20]
            out[tag + '_inited'] = sess.run(inited)
            cv = [v for v in tf.global_variables() if v.op.name.startswith(tag + '/')]
            out[tag + '_vars'] = sorted('%s %s' % (v.op.name, v.shape) for v in cv)
            out[tag + '_clusters'] = np.sort(sess.run([v for v in cv if v.op.name.endswith('clusters')][0]), 0)
        out[tag + '_shapes'] = [str(all_scores[0].shape), str(cluster_idx[0].shape), str(scores[0].shape),
                                inited.dtype.name, cluster_idx[0].dtype.name]
    nn = fact.nearest_neighbors(tf.constant(pts[:6]), tf.constant(centers), 2)
    with tf.Session() as sess:
        out['nn'] = sess.run(nn)

    def input_fn():
        return tf.data.Dataset.from_tensors(tf.constant(pts)).repeat(1).make_one_shot_iterator().get_next(), None
    cfg = est.RunConfig(tf_random_seed=9)
    seed_kw = {'random_seed': 4} if getattr(tf, 'contrib', None) is not None else {'seed': 4}
    kmc = KMeansClustering(num_clusters=4, model_dir=os.path.abspath('km'), config=cfg, **seed_kw,
                           initial_clusters=fact.KMEANS_PLUS_PLUS_INIT, relative_tolerance=1e-4,
                           use_mini_batch=False)
    for _ in range(5):
        kmc.train(input_fn)
    out['est_centers'] = np.sort(kmc.cluster_centers(), 0)
    out['est_score'] = kmc.score(input_fn)
    out['est_idx'] = np.array(list(kmc.predict_cluster_index(input_fn)))[:20]
    out['est_transform'] = np.array(list(kmc.transform(input_fn)))[:4].shape
    out['est_vars'] = kmc.get_variable_names()
    out['est_consts'] = [KMeansClustering.ALL_DISTANCES, KMeansClustering.CLUSTER_INDEX, KMeansClustering.SCORE]
    return out
TOLERANCE = {'*': (1e-4, 1e-4)}
