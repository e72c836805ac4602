"""McClure cookbook ch4-5: non-linear SVM with a gaussian kernel (dual form), multi-class one-vs-all
kernels with batch_matmul, nearest neighbours with tf.nn.top_k, text distances with tf.edit_distance."""
import numpy as np
TAGS = ['train', 'sparse', 'nn']


def part_svm(tf, out):
    tf.set_random_seed(1)
    rng = np.random.RandomState(1)
    x_vals = rng.randn(60, 2).astype(np.float32)
    y_vals = np.where(np.sum(x_vals ** 2, 1) > 1.0, 1., -1.).astype(np.float32)
    batch_size = 60
    x_data = tf.placeholder(shape=[None, 2], dtype=tf.float32)
    y_target = tf.placeholder(shape=[None, 1], dtype=tf.float32)
    prediction_grid = tf.placeholder(shape=[None, 2], dtype=tf.float32)
    b = tf.Variable(tf.random_normal(shape=[1, batch_size], seed=2))
    gamma = tf.constant(-50.0)
    dist = tf.reduce_sum(tf.square(x_data), 1)
    dist = tf.reshape(dist, [-1, 1])
    sq_dists = tf.add(tf.subtract(dist, tf.multiply(2., tf.matmul(x_data, tf.transpose(x_data)))),
                      tf.transpose(dist))
    my_kernel = tf.exp(tf.multiply(gamma, tf.abs(sq_dists)))
    model_output = tf.matmul(b, my_kernel)
    first_term = tf.reduce_sum(b)
    b_vec_cross = tf.matmul(tf.transpose(b), b)
    y_target_cross = tf.matmul(y_target, tf.transpose(y_target))
    second_term = tf.reduce_sum(tf.multiply(my_kernel, tf.multiply(b_vec_cross, y_target_cross)))
    loss = tf.negative(tf.subtract(first_term, second_term))
    rA = tf.reshape(tf.reduce_sum(tf.square(x_data), 1), [-1, 1])
    rB = tf.reshape(tf.reduce_sum(tf.square(prediction_grid), 1), [-1, 1])
    pred_sq_dist = tf.add(tf.subtract(rA, tf.multiply(2., tf.matmul(x_data, tf.transpose(prediction_grid)))),
                          tf.transpose(rB))
    pred_kernel = tf.exp(tf.multiply(gamma, tf.abs(pred_sq_dist)))
    prediction_output = tf.matmul(tf.multiply(tf.transpose(y_target), b), pred_kernel)
    prediction = tf.sign(prediction_output - tf.reduce_mean(prediction_output))
    accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.squeeze(prediction), tf.squeeze(y_target)), tf.float32))
    train_step = tf.train.GradientDescentOptimizer(0.002).minimize(loss)
    out['svm_shapes'] = [str(t.shape) for t in (sq_dists, model_output, pred_kernel, prediction)]
    losses = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        feed = {x_data: x_vals, y_target: y_vals.reshape(-1, 1)}
        for i in range(50):
            sess.run(train_step, feed_dict=feed)
            losses.append(sess.run(loss, feed_dict=feed))
        feed[prediction_grid] = x_vals
        out['svm_acc'] = sess.run(accuracy, feed)
    out['svm_losses'] = np.array(losses)
    # multiclass batch kernel (one-vs-all)
    yb = tf.constant(np.sign(rng.randn(3, 5)).astype(np.float32))
    bb = tf.constant(rng.rand(3, 5).astype(np.float32))
    xb = tf.constant(rng.randn(5, 2).astype(np.float32))
    d = tf.reshape(tf.reduce_sum(tf.square(xb), 1), [-1, 1])
    k = tf.exp(-10. * tf.abs(d - 2. * tf.matmul(xb, tf.transpose(xb)) + tf.transpose(d)))

    def reshape_matmul(mat):
        v1 = tf.expand_dims(mat, 1)
        v2 = tf.reshape(v1, [3, 5, 1])
        return tf.matmul(v2, v1)
    second = tf.reduce_sum(tf.multiply(k, tf.multiply(tf.matmul(tf.transpose(bb), bb),
                                                      reshape_matmul(yb))), [1, 2])
    with tf.Session() as sess:
        out['multi_second'] = sess.run(second)
    out['multi_shape'] = str(reshape_matmul(yb).shape)


def part_knn(tf, out):
    rng = np.random.RandomState(3)
    x_train = rng.rand(30, 4).astype(np.float32)
    y_train = rng.rand(30, 1).astype(np.float32)
    x_test = rng.rand(6, 4).astype(np.float32)
    k = 4
    x_data_train = tf.placeholder(shape=[None, 4], dtype=tf.float32)
    x_data_test = tf.placeholder(shape=[None, 4], dtype=tf.float32)
    y_target_train = tf.placeholder(shape=[None, 1], dtype=tf.float32)
    distance = tf.reduce_sum(tf.abs(tf.subtract(x_data_train, tf.expand_dims(x_data_test, 1))), axis=2)
    top_k_xvals, top_k_indices = tf.nn.top_k(tf.negative(distance), k=k)
    x_sums = tf.expand_dims(tf.reduce_sum(top_k_xvals, 1), 1)
    x_sums_repeated = tf.matmul(x_sums, tf.ones([1, k], tf.float32))
    x_val_weights = tf.expand_dims(tf.div(top_k_xvals, x_sums_repeated), 1)
    top_k_yvals = tf.gather(y_target_train, top_k_indices)
    prediction = tf.squeeze(tf.matmul(x_val_weights, top_k_yvals), axis=[1])
    nearest = tf.argmin(distance, axis=1)
    out['knn_names'] = [top_k_xvals.name, top_k_indices.name, prediction.name, nearest.name]
    out['knn_shapes'] = [str(t.shape) for t in (distance, x_val_weights, top_k_yvals, prediction)]
    with tf.Session() as sess:
        feed = {x_data_train: x_train, x_data_test: x_test, y_target_train: y_train}
        out['knn_pred'], out['knn_idx'], out['nearest'] = sess.run([prediction, top_k_indices, nearest], feed)


def part_text(tf, out):
    hypothesis = list('bear')
    truth = list('beers')
    h1 = tf.SparseTensor([[0, 0, 0], [0, 0, 1], [0, 0, 2], [0, 0, 3]], hypothesis, [1, 1, 1])
    t1 = tf.SparseTensor([[0, 0, 0], [0, 0, 1], [0, 0, 2], [0, 0, 3], [0, 0, 4]], truth, [1, 1, 1])
    d1 = tf.edit_distance(h1, t1, normalize=False)
    hypothesis2 = list('bearbeer')
    truth2 = list('beersbeers')
    h2 = tf.SparseTensor([[0, 0, 0], [0, 0, 1], [0, 0, 2], [0, 0, 3], [0, 1, 0], [0, 1, 1], [0, 1, 2], [0, 1, 3]],
                         hypothesis2, [1, 2, 4])
    t2 = tf.SparseTensor([[0, 0, 0], [0, 0, 1], [0, 0, 2], [0, 0, 3], [0, 0, 4], [0, 1, 0], [0, 1, 1],
                          [0, 1, 2], [0, 1, 3], [0, 1, 4]], truth2, [1, 2, 5])
    d2 = tf.edit_distance(h2, t2, normalize=True)

    def create_sparse_vec(word_list):
        num_words = len(word_list)
        indices = [[xi, 0, yi] for xi, x in enumerate(word_list) for yi, y in enumerate(x)]
        chars = list(''.join(word_list))
        return tf.SparseTensorValue(indices, chars, [num_words, 1, 1])
    words = ['bear', 'bar', 'tensor', 'flow']
    test_string_sparse = create_sparse_vec('bearbeer' * len(words) and ['beer'] * len(words))
    ref = create_sparse_vec(words)
    hyp_ph = tf.sparse_placeholder(dtype=tf.string)
    ref_ph = tf.sparse_placeholder(dtype=tf.string)
    d3 = tf.edit_distance(hyp_ph, ref_ph, normalize=True)
    out['ed_names'] = [d1.name, d2.name, d3.name, str(d3.shape), str(d2.shape)]
    with tf.Session() as sess:
        out['d1'] = sess.run(d1)
        out['d2'] = sess.run(d2)
        out['d3'] = sess.run(d3, {hyp_ph: test_string_sparse, ref_ph: ref})
    out['sp_repr'] = repr(h1.dense_shape.dtype)


def main(tf):
    out = {}
    for p in (part_svm, part_knn, part_text):
        with tf.Graph().as_default():
            p(tf, out)
    return out

TOLERANCE = {'*': (1e-4, 1e-5)}
