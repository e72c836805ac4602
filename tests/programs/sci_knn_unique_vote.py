"""kNN classifier (aymericdamien / nfmcclure style): L1 and L2 distances, tf.nn.top_k on negative
distances, tf.gather of labels, tf.unique_with_counts majority vote inside tf.map_fn."""
import numpy as np

TAGS = ['control_flow', 'shapes']


def main(tf):
    rng = np.random.RandomState(1)
    xtr = rng.randn(40, 4).astype(np.float32)
    ytr = (xtr[:, 0] + xtr[:, 1] > 0).astype(np.int64) + (xtr[:, 2] > 1).astype(np.int64)
    xte = rng.randn(7, 4).astype(np.float32)
    k = 5
    x_train = tf.placeholder(tf.float32, [None, 4], name="x_train")
    y_train = tf.placeholder(tf.int64, [None], name="y_train")
    x_test = tf.placeholder(tf.float32, [None, 4], name="x_test")
    # 1-NN (aymericdamien): single test point
    xt1 = tf.placeholder("float", [4])
    l1 = tf.reduce_sum(tf.abs(tf.add(x_train, tf.negative(xt1))), reduction_indices=1)
    pred1 = tf.arg_min(l1, 0)
    # batched L2
    dist = tf.sqrt(tf.reduce_sum(tf.square(tf.expand_dims(x_test, 1) - tf.expand_dims(x_train, 0)), axis=2))
    vals, idx = tf.nn.top_k(tf.negative(dist), k=k)
    nn_labels = tf.gather(y_train, idx)
    def vote(row):
        y, _, count = tf.unique_with_counts(row)
        return tf.gather(y, tf.argmax(count))
    pred = tf.map_fn(vote, nn_labels, dtype=tf.int64)
    # one-hot vote alternative (McClure)
    onehot = tf.one_hot(nn_labels, depth=3)
    votes = tf.reduce_sum(onehot, axis=1)
    pred2 = tf.argmax(votes, axis=1)
    # weighted kNN regression
    w = 1.0 / (-vals + 1e-3)
    yreg = tf.reduce_sum(w * tf.to_float(nn_labels), 1) / tf.reduce_sum(w, 1)
    u, ui = tf.unique(tf.reshape(nn_labels, [-1]), out_idx=tf.int64)
    uwc = tf.unique_with_counts(tf.constant([4, 1, 4, 2, 2, 2, 9]), out_idx=tf.int64)
    feed = {x_train: xtr, y_train: ytr, x_test: xte}
    out = {}
    with tf.Session() as sess:
        out["pred1"] = np.array([sess.run(pred1, {x_train: xtr, xt1: xte[i]}) for i in range(3)])
        out["vals"], out["idx"] = sess.run([vals, idx], feed)
        out["pred"] = sess.run(pred, feed)
        out["pred2"] = sess.run(pred2, feed)
        out["votes"] = sess.run(votes, feed)
        out["yreg"] = sess.run(yreg, feed)
        out["u"], out["ui"] = sess.run([u, ui], feed)
        out["uwc"] = list(sess.run(uwc))
        out["shapes"] = [str(t.shape) for t in (vals, idx, nn_labels, pred, votes, u, ui, uwc.y, uwc.count)]
        out["dtypes"] = [t.dtype.name for t in (pred1, idx, pred, ui, uwc.idx, uwc.count)]
        out["acc"] = np.mean(sess.run(pred, {x_train: xtr, y_train: ytr, x_test: xtr}) == ytr)
        try:
            sess.run(tf.nn.top_k(dist, k=50), feed)
        except Exception as e:
            msg = getattr(e, "message", str(e))
            lines = [l for l in msg.split("\n") if l and not l.startswith(("Graph execution", "Detected at",
                     "  File", "    ", "Node:", "\t", "Original stack"))]
            out["err"] = type(e).__name__ + ": " + lines[0]
    return out
