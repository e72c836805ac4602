"""aymericdamien TensorFlow-Examples: nearest_neighbor.py (L1 distance with tf.negative/tf.abs,
tf.arg_min over reduction), logistic_regression.py (tf.reduce_sum(y*tf.log(pred))), and kmeans.py
with tf.contrib.factorization.KMeans (cosine distance, full batch) -- under TF2 the same class from
tensorflow.python.ops.clustering_ops."""
import numpy as np
TAGS = ['train', 'contrib', 'shapes']


def kmeans_class(tf):
    contrib = getattr(tf, 'contrib', None)
    if contrib is not None:
        return contrib.factorization.KMeans
    from tensorflow.python.ops import clustering_ops
    return clustering_ops.KMeans


def main(tf):
    out = {}
    rng = np.random.RandomState(4)
    centers = rng.rand(5, 20).astype(np.float32) * 3
    lab = rng.randint(0, 5, 300)
    data = (centers[lab] + 0.6 * rng.rand(300, 20)).astype(np.float32)
    onehot = np.eye(5, dtype=np.float32)[lab]
    Xtr, Ytr, Xte, Yte = data[:250], onehot[:250], data[250:], onehot[250:]

    xtr = tf.placeholder('float', [None, 20])
    xte = tf.placeholder('float', [20])
    distance = tf.reduce_sum(tf.abs(tf.add(xtr, tf.negative(xte))), reduction_indices=1)
    pred = tf.arg_min(distance, 0)
    out['nn_names'] = [distance.name, pred.name, pred.dtype.name, str(pred.shape)]
    accuracy = 0.
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        nn_idx = []
        for i in range(len(Xte)):
            nn_index = sess.run(pred, feed_dict={xtr: Xtr, xte: Xte[i, :]})
            nn_idx.append(nn_index)
            if np.argmax(Ytr[nn_index]) == np.argmax(Yte[i]):
                accuracy += 1. / len(Xte)
    out['nn_idx'] = np.array(nn_idx)
    out['nn_acc'] = accuracy

    tf.set_random_seed(1)
    x = tf.placeholder(tf.float32, [None, 20])
    y = tf.placeholder(tf.float32, [None, 5])
    W = tf.Variable(tf.zeros([20, 5]))
    b = tf.Variable(tf.zeros([5]))
    pred = tf.nn.softmax(tf.matmul(x, W) + b)
    cost = tf.reduce_mean(-tf.reduce_sum(y * tf.log(pred), reduction_indices=1))
    optimizer = tf.train.GradientDescentOptimizer(0.05).minimize(cost)
    costs = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for epoch in range(5):
            avg_cost = 0.
            for i in range(5):
                bx, by = Xtr[i * 50:(i + 1) * 50], Ytr[i * 50:(i + 1) * 50]
                _, c = sess.run([optimizer, cost], feed_dict={x: bx, y: by})
                avg_cost += c / 5
            costs.append(avg_cost)
        correct = tf.equal(tf.argmax(pred, 1), tf.argmax(y, 1))
        acc = tf.reduce_mean(tf.cast(correct, tf.float32))
        out['lr_acc'] = acc.eval({x: Xte, y: Yte})
    out['lr_costs'] = np.array(costs)

    X = tf.placeholder(tf.float32, shape=[None, 20])
    kmeans = kmeans_class(tf)(inputs=X, num_clusters=8, distance_metric='cosine',
                              use_mini_batch=False, random_seed=7)  # mini-batch: TF race, known_differences
    training_graph = kmeans.training_graph()
    if len(training_graph) > 6:  # TF 1.4 - 1.x returned cluster_centers_var too
        (all_scores, cluster_idx, scores, cluster_centers_initialized,
         cluster_centers_var, init_op, train_op) = training_graph
    else:
        (all_scores, cluster_idx, scores, cluster_centers_initialized,
         init_op, train_op) = training_graph
        cluster_centers_var = [v for v in tf.global_variables() if 'cluster' in v.name][0]
    cluster_idx = cluster_idx[0]
    avg_distance = tf.reduce_mean(scores)
    out['km_shapes'] = [str(cluster_idx.shape), str(avg_distance.shape),
                        str(cluster_centers_var.shape), cluster_idx.dtype.name]
    out['km_vars'] = [v.name for v in tf.global_variables()]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer(), feed_dict={X: data})
        sess.run(init_op, feed_dict={X: data})
        out['km_initialized'] = bool(sess.run(cluster_centers_initialized))
        dists = []
        for i in range(1, 11):
            _, d, idx = sess.run([train_op, avg_distance, cluster_idx], feed_dict={X: data})
            dists.append(d)
        out['km_dist'] = np.array(dists)
        out['km_idx'] = idx[:40]
        out['km_centers'] = sess.run(cluster_centers_var)
    counts = np.zeros(shape=(8, 5))
    for i in range(len(idx)):
        counts[idx[i]] += onehot[i]
    out['km_counts'] = counts
    return out
