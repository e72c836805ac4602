"""tf.contrib.losses / metrics / distributions / data / opt: TF 1.15's argument orders and
weighting. Expected values recorded from TF 2.21 compat.v1 running TF 1.15's contrib code
(loss_ops.py weighting, DecoupledWeightDecayExtension over tf.train.AdamOptimizer /
MomentumOptimizer, tf.metrics with the arguments swapped) with core ops: TF 2.x has no
tf.contrib."""
import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only

P = np.array([[0.2, 0.7, 0.9], [0.6, 0.1, 0.4]], np.float32)
L = np.array([[0., 1., 1.], [1., 0., 0.]], np.float32)
LOGITS = np.array([[1.0, -2.0, 0.5], [0.3, 0.8, -1.2]], np.float32)


def _run(tf, fetches):
    with tf.Session() as sess:
        sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
        return sess.run(fetches)


def test_contrib_losses_weighting_and_argument_order(tf):
    cl = tf.contrib.losses
    p, lab, logits = tf.constant(P), tf.constant(L), tf.constant(LOGITS)
    got = _run(tf, {
        # weights [batch] scale whole rows; the mean is over the rows' non-zero-weight elements
        "absdiff_row": cl.absolute_difference(p, lab, weights=tf.constant([2.0, 0.0])),
        "mse_col": cl.mean_squared_error(p, lab, weights=tf.constant([[0.5], [1.5]])),
        "log_loss_el": cl.log_loss(p, lab, weights=tf.constant([[1., 0., 2.], [0., 0., 1.]])),
        "sigmoid_ls": cl.sigmoid_cross_entropy(logits, lab, label_smoothing=0.2),
        "softmax_ls_row": cl.softmax_cross_entropy(logits, lab, weights=tf.constant([1., 3.]),
                                                   label_smoothing=0.3),
        "sparse": cl.sparse_softmax_cross_entropy(logits, tf.constant([[2], [0]])),
        "hinge": cl.hinge_loss(logits, lab),
        "cosine": cl.cosine_distance(p, lab, axis=1),
        "pairwise_row": cl.mean_pairwise_squared_error(p, lab, weights=tf.constant([2., 0.])),
    })
    want = {"absdiff_row": 0.4, "mse_col": 0.094166666, "log_loss_el": 0.31489655,
            "sigmoid_ls": 0.95383424, "softmax_ls_row": 3.5613427, "sparse": 1.0297769,
            "hinge": [[2., 3., 0.5], [0.7, 1.8, 0.]], "cosine": -0.099999964,
            "pairwise_row": 0.1688889}
    for name, value in want.items():
        np.testing.assert_allclose(got[name], value, rtol=1e-5, err_msg=name)
    np.testing.assert_allclose(got["absdiff_row"], 2 * np.abs(P - L)[0].sum() / 3, rtol=1e-6)
    # every reduced loss (not hinge_loss) went to LOSSES; get_total_loss adds them up
    assert len(cl.get_losses()) == 8
    np.testing.assert_allclose(_run(tf, cl.get_total_loss()),
                               sum(v for k, v in got.items() if k != "hinge"), rtol=1e-5)


def test_contrib_losses_zero_weights_give_zero(tf):
    loss = tf.contrib.losses.mean_squared_error(tf.constant(P), tf.constant(L), weights=0.0)
    assert _run(tf, loss) == 0.0


def test_streaming_metrics_take_predictions_first(tf):
    cm = tf.contrib.metrics
    pred, lab = tf.constant([1, 0, 1, 1, 0]), tf.constant([1, 1, 1, 0, 0])
    scores = tf.constant([0.9, 0.2, 0.6, 0.7, 0.1])
    metrics = {
        "accuracy": cm.streaming_accuracy(pred, lab),
        "precision": cm.streaming_precision(pred, lab),
        "recall": cm.streaming_recall(pred, lab),
        "auc": cm.streaming_auc(scores, lab),
        "mean_iou": cm.streaming_mean_iou(pred, lab, 2),
        "fp": cm.streaming_false_positives(pred, lab),
        "mean": cm.streaming_mean(tf.constant([1., 2., 6.])),
        "recall_at_1": cm.streaming_recall_at_k(
            tf.constant([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]]), tf.constant([1, 1, 0]), 1),
    }
    assert metrics["accuracy"][0].op.name == "accuracy/value"
    assert metrics["recall_at_1"][0].op.name == "recall_at_1/value"
    names, values = cm.aggregate_metric_map(metrics)
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        sess.run(values)
        got = sess.run(names)
    want = {"accuracy": 0.6, "precision": 0.6666667, "recall": 0.6666667, "auc": 0.66666645,
            "mean_iou": 0.4166667, "fp": 1.0, "mean": 3.0, "recall_at_1": 0.33333334}
    for name, value in want.items():
        np.testing.assert_allclose(got[name], value, rtol=1e-5, err_msg=name)


def test_contrib_metrics_accuracy_and_unsupported(tf):
    acc = tf.contrib.metrics.accuracy(tf.constant([1, 2, 3]), tf.constant([1, 0, 3]),
                                      weights=tf.constant([1., 1., 2.]))
    np.testing.assert_allclose(_run(tf, acc), 0.75)
    cm = tf.contrib.metrics
    fp, fp_update = cm.streaming_false_positives_at_thresholds(
        tf.constant([0.1, 0.6, 0.9]), tf.constant([False, False, True]), [0.5, 0.05])
    recall, recall_update = cm.sparse_recall_at_top_k(tf.constant([[1], [0]], tf.int64),
                                                      tf.constant([[1, 2], [2, 1]], tf.int64))
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        sess.run([fp_update, recall_update])
        got_fp, got_recall = sess.run([fp, recall])
    assert got_fp.tolist() == [1.0, 2.0] and got_recall == 0.5
    with pytest.raises(AttributeError, match="auc_with_confidence_intervals; of "
                                             "tf.contrib.metrics' own metrics"):
        tf.contrib.metrics.auc_with_confidence_intervals


def test_contrib_distributions_are_tf_distributions(tf):
    assert tf.contrib.distributions.Normal is tf.distributions.Normal
    assert tf.contrib.distributions.kl_divergence is tf.distributions.kl_divergence
    with pytest.raises(AttributeError, match="tf.contrib.distributions.Wishart"):
        tf.contrib.distributions.Wishart


def test_contrib_data_transformations(tf):
    cd = tf.contrib.data
    ds = tf.data.Dataset.range(10).apply(cd.map_and_batch(lambda x: x * 2, 4))
    ds2 = tf.data.Dataset.range(10).apply(cd.batch_and_drop_remainder(4))
    ds3 = tf.data.Dataset.range(6).apply(cd.shuffle_and_repeat(6, count=2, seed=3))
    ds4 = tf.data.Dataset.from_tensor_slices([[1], [2, ], [3]]).map(
        lambda x: tf.tile(x, x)).apply(cd.padded_batch_and_drop_remainder(2, [None]))
    items = [ds.make_one_shot_iterator().get_next() for ds in (ds, ds2, ds3, ds4)]
    with tf.Session() as sess:
        assert sess.run(items[0]).tolist() == [0, 2, 4, 6]
        out2 = [sess.run(items[1]).tolist() for _ in range(2)]
        with pytest.raises(tf.errors.OutOfRangeError):
            sess.run(items[1])                        # the last 2 elements are dropped
        out3 = [sess.run(items[2]) for _ in range(12)]
        out4 = sess.run(items[3])
        with pytest.raises(tf.errors.OutOfRangeError):
            sess.run(items[3])
    assert out2 == [[0, 1, 2, 3], [4, 5, 6, 7]]
    assert sorted(out3[:6]) == list(range(6)) and sorted(out3[6:]) == list(range(6))
    assert out4.tolist() == [[1, 0], [2, 2]]


# `a` (decayed): Loshchilov & Hutter's algorithm in float64 numpy, the gradient taken at the
# weights before this step's decay. TF (2.21 running TF 1.15's extension) reads the ref variable
# for the gradient after its decay op ran (AdamW [0.86471146, -1.3229314, 2.0552323], MomentumW
# [1.1583948, 0.51182806, 1.5894396]): known_differences.txt.
ADAMW_A = [0.864735616, -1.32295836, 2.054470489]
MOMW_A = [1.0950395, 0.5850665, 1.4350215]
# `b` (not in decay_var_list): recorded from TF 2.21
ADAMW_B = [[0.35000053, -0.6499995]]
MOMW_B = [[-0.3049, -1.7073499]]


@pytest.mark.parametrize("kind", ["adamw", "momw"])
def test_decoupled_weight_decay_optimizers(tf, kind):
    """3 steps; only `a` (decay_var_list) decays, `b` gets the plain optimizer's update."""
    a = tf.Variable([1.0, -2.0, 3.0])
    b = tf.Variable([[0.5, -0.5]])
    loss = tf.reduce_sum(tf.square(a - 1.5)) + tf.reduce_sum(b * [[2.0, 3.0]])
    if kind == "adamw":
        opt = tf.contrib.opt.AdamWOptimizer(0.1, learning_rate=0.05)
        want_a, want_b, slots = ADAMW_A, ADAMW_B, ["m", "v"]
    else:
        opt = tf.contrib.opt.MomentumWOptimizer(0.1, learning_rate=0.05, momentum=0.9,
                                                use_nesterov=True)
        want_a, want_b, slots = MOMW_A, MOMW_B, ["momentum"]
    train = opt.minimize(loss, decay_var_list=[a])
    assert sorted(opt.get_slot_names()) == slots
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(train)
        got_a, got_b = sess.run([a, b])
    np.testing.assert_allclose(got_a, want_a, rtol=1e-5)
    np.testing.assert_allclose(got_b, want_b, rtol=1e-5)


def test_decay_applies_to_all_variables_by_default(tf):
    """With a zero gradient, a decayed GradientDescent step only decays: var * (1 - decay)."""
    v = tf.Variable([2.0, -4.0])
    opt_cls = tf.contrib.opt.extend_with_decoupled_weight_decay(tf.train.GradientDescentOptimizer)
    train = opt_cls(0.25, learning_rate=1.0).apply_gradients([(tf.zeros([2]), v)])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        assert sess.run(v).tolist() == [1.5, -3.0]
    w = tf.Variable([4.0])
    train = tf.contrib.opt.MomentumWOptimizer(0.5, 1.0, 0.0).apply_gradients(
        [(tf.zeros([2]), v), (tf.zeros([1]), w)], decay_var_list=[w])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        assert [x.tolist() for x in sess.run([v, w])] == [[2.0, -4.0], [2.0]]
    with pytest.raises(AttributeError, match="tf.contrib.opt.ElasticAverageOptimizer"):
        tf.contrib.opt.ElasticAverageOptimizer


# -- contrib.util / signal / stateless / deprecated / lookup / nn ------------------------------
# TF 1.15 bound these names to core functions; the values below were recorded from TF 2.21
# compat.v1 running the core functions (tensorflow.python.ops.logging_ops for the deprecated
# summaries, lookup_ops for the tables, nn_impl._compute_sampled_logits) and, for alpha_dropout,
# TF 1.15's contrib source over core ops.


def test_contrib_util_signal_stateless_are_the_core_functions(tf):
    assert tf.contrib.util.make_tensor_proto is tf.make_tensor_proto
    assert tf.contrib.util.make_ndarray is tf.make_ndarray
    assert tf.contrib.signal.stft is tf.signal.stft
    assert tf.contrib.signal.frames is tf.signal.frame
    assert tf.contrib.stateless.stateless_random_uniform is tf.random.stateless_uniform
    assert tf.contrib.stateless.stateless_multinomial is tf.random.stateless_multinomial
    assert tf.contrib.util.constant_value(tf.constant([3, 4]) * 2).tolist() == [6, 8]
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [2])
        tf.reduce_sum(x * 2.0 + 1.0)
    graph_def = g.as_graph_def()
    want = ["AddV2", "Const", "Mul", "Placeholder", "Sum"]
    assert tf.contrib.util.ops_used_by_graph_def(graph_def) == want
    assert [op.name for op in tf.contrib.util.stripped_op_list_for_graph(graph_def).op] == want
    example = tf.contrib.util.create_example(a=[1, 2], b=np.array([[0.5]]), c=["h\u00e9", "x"])
    assert isinstance(example, tf.train.Example)
    feature = example.features.feature
    assert list(feature["a"].int64_list.value) == [1, 2]
    assert list(feature["b"].float_list.value) == [0.5]
    assert list(feature["c"].bytes_list.value) == [b"h\xc3\xa9", b"x"]
    with pytest.raises(ValueError, match='Feature "d" has unexpected dtype: bool'):
        tf.contrib.util.create_example(d=[True])


def test_contrib_deprecated_summaries_take_tags(tf):
    d = tf.contrib.deprecated
    s = d.scalar_summary(["a", "b"], tf.constant([1., 2.]))
    s2 = d.scalar_summary("loss/x y", tf.constant(3.5), name="named")
    h = d.histogram_summary("h", tf.constant([1., 2., 3.]))
    im = d.image_summary("img", tf.constant(np.arange(12, dtype=np.float32).reshape(2, 2, 3, 1)),
                         max_images=1)
    au = d.audio_summary("snd", tf.constant(np.linspace(-1, 1, 8, dtype=np.float32)[None]), 8000)
    merged = d.merge_all_summaries()
    both = d.merge_summary([s, s2])
    assert [t.name for t in (s, s2, h, im, au, merged, both)] == [
        "ScalarSummary:0", "named:0", "HistogramSummary:0", "ImageSummary:0", "AudioSummary:0",
        "MergeSummary/MergeSummary:0", "MergeSummary_1/MergeSummary:0"]
    with tf.Session() as sess:
        got = sess.run([s, s2, both, im, au])
    assert got[0] == b"\n\x08\n\x01a\x15\x00\x00\x80?\n\x08\n\x01b\x15\x00\x00\x00@"
    assert got[1] == b"\n\x0f\n\x08loss/x y\x15\x00\x00`@"       # the tag is not cleaned
    assert [len(v) for v in got] == [20, 17, 37, 96, 99]


def test_contrib_lookup_tables(tf, tmp_path):
    lk = tf.contrib.lookup
    vocab = tmp_path / "vocab.txt"
    vocab.write_text("cat\ndog\nbird\n")
    t1 = lk.index_table_from_tensor(["a", "b", "c"], num_oov_buckets=2)
    r1 = t1.lookup(tf.constant(["a", "z", "c", "q", "b"]))
    t2 = lk.index_table_from_tensor(tf.constant([10, 20, 30], tf.int64), default_value=-5,
                                    dtype=tf.int64)
    r2 = t2.lookup(tf.constant([20, 5, 30], tf.int64))
    t3 = lk.index_to_string_table_from_tensor(["x", "y"])
    r3 = t3.lookup(tf.constant([1, 0, 7], tf.int64))
    t4 = lk.index_table_from_file(str(vocab), num_oov_buckets=1)
    r4 = t4.lookup(tf.constant(["dog", "cat", "emu"]))
    t5 = lk.index_to_string_table_from_file(str(vocab), default_value="?")
    r5 = t5.lookup(tf.constant([2, 0, 9], tf.int64))
    t6 = lk.index_table_from_tensor(tf.constant([3, 4], tf.int64), num_oov_buckets=3,
                                    dtype=tf.int64)
    r6 = t6.lookup(tf.constant([4, 100, 3, 7], tf.int64))
    r7 = lk.index_to_string(tf.constant([0, 3], tf.int64), ["p", "q"])
    t8 = lk.HashTable(lk.KeyValueTensorInitializer(["k1", "k2"], [7, 9], tf.string, tf.int64),
                      -1, shared_name="shared")
    r8 = t8.lookup(tf.constant(["k2", "k0"]))
    assert [r1.name, r3.name, t1.size().name] == [
        "hash_table_Lookup/SelectV2:0", "hash_table_Lookup_2/LookupTableFindV2:0",
        "hash_table_Size/add:0"]
    with tf.Session() as sess:
        sess.run(tf.tables_initializer())
        got = sess.run([r1, r2, r3, r4, r5, r6, t1.size(), t4.size(), r7])
    assert [np.asarray(v).tolist() for v in got] == [
        [0, 4, 2, 4, 1], [1, -5, 2], [b"y", b"x", b"UNK"], [1, 0, 3], [b"bird", b"cat", b"?"],
        [1, 2, 0, 3], 5, 4, [b"p", b"UNK"]]
    with tf.Session() as sess:
        sess.run(t8.init)                              # TF1's name for `initializer`
        assert sess.run(r8).tolist() == [9, -1]
    mutable = lk.MutableHashTable(tf.string, tf.int64, -1, None, "counts")  # 1.15's order
    dense = lk.MutableDenseHashTable(tf.int64, tf.int64, -1, 0, -1, 8, None, "ids")
    assert (mutable.name, dense.name) == ("counts", "ids")
    insert = mutable.insert(tf.constant(["a"]), tf.constant([5], tf.int64))
    with tf.control_dependencies([insert, dense.insert(tf.constant([9], tf.int64),
                                                       tf.constant([90], tf.int64))]):
        found = [mutable.lookup(tf.constant(["a", "b"])), dense.lookup(tf.constant([9, 1],
                                                                                  tf.int64))]
    with tf.Session() as sess:
        assert [v.tolist() for v in sess.run(found)] == [[5, -1], [90, -1]]


def test_contrib_nn(tf):
    cn = tf.contrib.nn
    tf.set_random_seed(3)
    dropped = cn.alpha_dropout(tf.constant([[1., -2., 3.], [0.5, 0.2, -1.]]), 0.7, seed=5)
    logits = tf.constant([[1.0, -2.0, 0.5], [0.3, 0.8, -1.2]])
    targets = tf.constant([[0., 1., 1.], [1., 0., 0.]])
    sigmoid = cn.deprecated_flipped_sigmoid_cross_entropy_with_logits(logits, targets)
    sparse = cn.deprecated_flipped_sparse_softmax_cross_entropy_with_logits(
        logits, tf.constant([2, 0]))
    rng = np.random.RandomState
    sampled = cn.sampled_sparse_softmax_loss(
        tf.constant(rng(0).randn(10, 4).astype(np.float32)),
        tf.constant(rng(1).randn(10).astype(np.float32)), tf.constant([[1], [7], [3]], tf.int64),
        tf.constant(rng(2).randn(3, 4).astype(np.float32)), 4, 10,
        sampled_values=(tf.constant([0, 2, 5, 7], tf.int64), tf.constant([[0.5], [0.2], [0.3]]),
                        tf.constant([0.4, 0.3, 0.2, 0.2])))
    assert dropped.name == "alpha_dropout/add_2:0"
    with tf.Session() as sess:
        got = sess.run([dropped, sigmoid, sparse, sampled])
    np.testing.assert_allclose(got[0], [[1.3150446, -1.2678132, -1.0595481],
                                        [0.88456833, 0.6262826, -0.40686056]], rtol=1e-6)
    np.testing.assert_allclose(got[1], [[1.3132617, 2.126928, 0.474077],
                                        [0.55435526, 1.1711006, 0.26328245]], rtol=1e-6)
    np.testing.assert_allclose(got[2], [1.0045969, 1.0549570], rtol=1e-5)
    np.testing.assert_allclose(got[3], [6.762755, 8.2291, 5.877197], rtol=1e-5)
    assert cn.alpha_dropout(dropped, 1.0) is dropped       # keep_prob 1 is the identity
    with pytest.raises(ValueError, match="keep_prob must be a scalar tensor or a float in "
                                         "the range \\(0, 1\\], got 1.5"):
        cn.alpha_dropout(dropped, 1.5)
    with pytest.raises(AttributeError, match="tf.contrib.nn.nth_element"):
        cn.nth_element
