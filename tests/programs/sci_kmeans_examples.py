"""K-means with tf.contrib.factorization.KMeans as the tutorials wrote it (Aymeric Damien's
TensorFlow-Examples kmeans.py: feed the whole data set to a placeholder, run init_op, loop
train_op, map each cluster to its most frequent label through embedding_lookup and measure the
accuracy on held-out data), on synthetic digits-like data; then k-means++ seeding with the
squared euclidean distance, a tensor of initial centers, a graph-level seed, and inference of
new points with the trained centers. (The tutorial's use_mini_batch=True is left out: TF's
mini-batch update races with its own count update, see tests/differential/known_differences.txt.)
Under TF 2.x, where tf.contrib is gone, the same class is tensorflow.python.ops.clustering_ops."""
import numpy as np
TAGS = ['clustering', 'contrib']
TOLERANCE = {'*': (1e-4, 1e-5)}


def _kmeans_class(tf):
    factorization = getattr(getattr(tf, 'contrib', None), 'factorization', None)
    if factorization is None:  # TF 2.x: no contrib; TF 1.x's KMeans class lives here
        from tensorflow.python.ops import clustering_ops as factorization
    return factorization.KMeans


def _data(n, rng):
    """n samples of 12 features from 4 classes (noisy prototypes), with one-hot labels."""
    protos = np.abs(np.random.RandomState(7).randn(4, 12)).astype(np.float32)
    labels = rng.randint(0, 4, n)
    x = protos[labels] + 0.4 * rng.rand(n, 12).astype(np.float32)
    return x.astype(np.float32), np.eye(4, dtype=np.float32)[labels]


def _tutorial(tf, KMeans, out):
    rng = np.random.RandomState(2017)
    full_data_x, full_labels = _data(200, rng)
    test_x, test_y = _data(60, rng)
    k, num_classes, num_steps = 6, 4, 12
    X = tf.placeholder(tf.float32, shape=[None, 12])
    Y = tf.placeholder(tf.float32, shape=[None, num_classes])
    kmeans = KMeans(inputs=X, num_clusters=k, distance_metric='cosine')
    (all_scores, cluster_idx, scores, cluster_centers_initialized, init_op,
     train_op) = kmeans.training_graph()
    cluster_idx = cluster_idx[0]
    avg_distance = tf.reduce_mean(scores)
    init_vars = tf.global_variables_initializer()
    sess = tf.Session()
    sess.run(init_vars, feed_dict={X: full_data_x})
    sess.run(init_op, feed_dict={X: full_data_x})
    out['initialized'] = sess.run(cluster_centers_initialized)
    distances = []
    for i in range(1, num_steps + 1):
        _, d, idx = sess.run([train_op, avg_distance, cluster_idx], feed_dict={X: full_data_x})
        distances.append(d)
    out['avg_distance'] = distances
    out['train_idx'] = idx
    counts = np.zeros(shape=(k, num_classes))
    for i in range(len(idx)):
        counts[idx[i]] += full_labels[i]
    labels_map = tf.convert_to_tensor([np.argmax(c) for c in counts])
    cluster_label = tf.nn.embedding_lookup(labels_map, cluster_idx)
    correct_prediction = tf.equal(cluster_label, tf.cast(tf.argmax(Y, 1), tf.int32))
    accuracy_op = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
    out['test_accuracy'] = sess.run(accuracy_op, feed_dict={X: test_x, Y: test_y})
    out['all_scores'] = sess.run(all_scores[0], feed_dict={X: test_x[:5]})
    out['variables'] = [v.name for v in tf.global_variables()]
    sess.close()


def _plus_plus(tf, KMeans, out):
    rng = np.random.RandomState(5)
    x = np.concatenate([rng.randn(40, 3) + c for c in ([0, 0, 0], [6, 0, 2], [0, 7, -3])])
    x = x[rng.permutation(len(x))].astype(np.float32)
    results = {}
    for name, kwargs in [('kmeans_plus_plus', dict(initial_clusters='kmeans_plus_plus',
                                                   random_seed=11)),
                         ('tensor', dict(initial_clusters=x[:3] + 0.5)),
                         ('random', dict())]:
        graph = tf.Graph()
        with graph.as_default():
            if name == 'random':
                tf.set_random_seed(123)
            inp = tf.placeholder(tf.float32, [None, 3])
            km = KMeans(inp, 3, **kwargs)
            _, idx, scores, initialized, init_op, train_op = km.training_graph()
            centers = [v for v in tf.global_variables() if v.name.startswith('clusters')][0]
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer(), {inp: x})
                runs = 0
                while not sess.run(initialized):
                    sess.run(init_op, {inp: x})
                    runs += 1
                first = sess.run(centers)
                for _ in range(5):
                    sess.run(train_op, {inp: x})
                new_points = np.array([[0.5, 0, 0], [6, 1, 2], [0, 6, -2]], np.float32)
                results[name] = {'runs': runs, 'first': first, 'centers': sess.run(centers),
                                 'new_idx': sess.run(idx[0], {inp: new_points}),
                                 'new_scores': sess.run(scores[0], {inp: new_points})}
    out['plus_plus'] = results


def main(tf):
    out = {}
    KMeans = _kmeans_class(tf)
    _tutorial(tf, KMeans, out)
    _plus_plus(tf, KMeans, out)
    return out
