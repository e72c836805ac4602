"""tf.losses edge cases: scopes, dtypes, int labels, shape errors, unknown shapes, gradients."""
import numpy as np
TAGS = ['metrics', 'losses', 'errors', 'gradients']


def _cell(sess, fn, feed=None):
    try:
        t = fn()
    except Exception as e:  # noqa
        return "B:%s:%s" % (type(e).__name__, str(e).split("\n")[0].split(" for '{{node")[0][:160])
    try:
        v = sess.run(t, feed)
        if isinstance(t, (list, tuple)):
            return "R:%s" % [np.round(np.asarray(x, np.float64), 5).tolist() for x in v]
        return "R:%s:%s:%s:%s" % (t.name, t.dtype.name, t.shape, np.round(np.asarray(v, np.float64), 5).tolist())
    except Exception as e:  # noqa
        return "E:%s" % type(e).__name__


def main(tf):
    out = {}
    L = tf.losses
    f32 = np.float32
    with tf.Session() as sess:
        # scopes and names
        out["scope_abs"] = _cell(sess, lambda: L.absolute_difference([1., 2.], [2., 2.], scope="my_loss"))
        with tf.name_scope("outer"):
            out["scope_mse_nested"] = _cell(sess, lambda: L.mean_squared_error([1., 2.], [2., 4.]))
        out["scope_default_huber"] = _cell(sess, lambda: L.huber_loss([1., 2.], [2., 4.]))
        out["scope_sig"] = _cell(sess, lambda: L.sigmoid_cross_entropy([[1.]], [[0.5]]))
        out["scope_soft"] = _cell(sess, lambda: L.softmax_cross_entropy([[1., 0.]], [[0.5, 0.1]]))
        out["scope_sparse"] = _cell(sess, lambda: L.sparse_softmax_cross_entropy([1], [[0.5, 0.1]]))
        out["scope_cos"] = _cell(sess, lambda: L.cosine_distance([[1., 0.]], [[0.6, 0.8]], axis=1))
        out["scope_cos_dim"] = _cell(sess, lambda: L.cosine_distance([[1., 0.]], [[0.6, 0.8]], dim=1))
        out["scope_cos_noaxis"] = _cell(sess, lambda: L.cosine_distance([[1., 0.]], [[0.6, 0.8]]))
        out["scope_pair"] = _cell(sess, lambda: L.mean_pairwise_squared_error([[1., 0., 3.]], [[0.6, 0.8, 1.]]))
        out["scope_log"] = _cell(sess, lambda: L.log_loss([1., 0.], [0.9, 0.2]))
        out["scope_hinge"] = _cell(sess, lambda: L.hinge_loss([1., 0.], [0.9, 0.2]))
        out["no_coll"] = _cell(sess, lambda: L.mean_squared_error([1.], [3.], loss_collection=None))
        out["my_coll"] = _cell(sess, lambda: L.mean_squared_error([1.], [3.], loss_collection="mine"))
        out["mine"] = [t.name for t in tf.get_collection("mine")]
        out["losses_coll"] = [t.name for t in tf.get_collection(tf.GraphKeys.LOSSES)]
        out["get_losses"] = [t.name for t in L.get_losses()]
        out["get_losses_scope"] = [t.name for t in L.get_losses(scope="my_loss")]
        out["total"] = _cell(sess, lambda: L.get_total_loss(add_regularization_losses=False))
        out["total_reg"] = _cell(sess, lambda: L.get_total_loss())
        out["reg_loss"] = _cell(sess, lambda: L.get_regularization_loss())
        out["add_loss"] = _cell(sess, lambda: (L.add_loss(tf.constant(5.0, name="extra")), L.get_losses()[-1])[1])
        out["compute_weighted"] = _cell(sess, lambda: L.compute_weighted_loss([1., 2., 3.], [1., 0., 1.]))
        out["compute_weighted_none"] = _cell(sess, lambda: L.compute_weighted_loss([[1., 2., 3.]], [[1.], ], reduction=L.Reduction.NONE))
        out["compute_weighted_int"] = _cell(sess, lambda: L.compute_weighted_loss(tf.constant([1, 2, 3]), 1.0))
        # dtypes
        for dt in ("float16", "float64", "int32", "complex64"):
            a = tf.cast(tf.constant([1., 2., 3.]), dt)
            b = tf.cast(tf.constant([2., 2., 5.]), dt)
            out["abs_" + dt] = _cell(sess, lambda: L.absolute_difference(a, b))
            out["mse_" + dt] = _cell(sess, lambda: L.mean_squared_error(a, b))
            out["huber_" + dt] = _cell(sess, lambda: L.huber_loss(a, b))
            out["mse_w_" + dt] = _cell(sess, lambda: L.mean_squared_error(a, b, weights=[1., 0., 2.]))
            out["mse_sum_" + dt] = _cell(sess, lambda: L.mean_squared_error(a, b, reduction=L.Reduction.SUM))
        out["mse_mixed"] = _cell(sess, lambda: L.mean_squared_error(tf.constant([1., 2.], tf.float64), tf.constant([1., 3.])))
        out["mse_intlab"] = _cell(sess, lambda: L.mean_squared_error(tf.constant([1, 2]), tf.constant([1., 3.])))
        out["log_f64"] = _cell(sess, lambda: L.log_loss(tf.constant([1., 0.], tf.float64), tf.constant([0.9, 0.2], tf.float64)))
        out["sig_f64"] = _cell(sess, lambda: L.sigmoid_cross_entropy(tf.constant([[1., 0.]], tf.float64), tf.constant([[0.9, 0.2]], tf.float64), label_smoothing=0.3))
        out["sig_intlab"] = _cell(sess, lambda: L.sigmoid_cross_entropy(tf.constant([[1, 0]]), tf.constant([[0.9, 0.2]])))
        out["sig_f16"] = _cell(sess, lambda: L.sigmoid_cross_entropy(tf.constant([[1., 0.]], tf.float16), tf.constant([[0.9, 0.2]], tf.float16)))
        out["soft_intlab"] = _cell(sess, lambda: L.softmax_cross_entropy(tf.constant([[1, 0]]), tf.constant([[0.9, 0.2]])))
        out["soft_f64"] = _cell(sess, lambda: L.softmax_cross_entropy(tf.constant([[1., 0.]], tf.float64), tf.constant([[0.9, 0.2]], tf.float64), label_smoothing=0.5))
        out["soft_f16"] = _cell(sess, lambda: L.softmax_cross_entropy(tf.constant([[1., 0.]], tf.float16), tf.constant([[0.9, 0.2]], tf.float16)))
        for dt in ("int32", "int64", "int16", "uint8", "float32"):
            out["sparse_lab_" + dt] = _cell(sess, lambda: L.sparse_softmax_cross_entropy(tf.cast(tf.constant([1, 0]), dt), tf.constant([[0.9, 0.2], [0.1, 0.3]])))
        out["sparse_f64"] = _cell(sess, lambda: L.sparse_softmax_cross_entropy([1, 0], tf.constant([[0.9, 0.2], [0.1, 0.3]], tf.float64)))
        out["sparse_oob"] = _cell(sess, lambda: L.sparse_softmax_cross_entropy([2, 0], tf.constant([[0.9, 0.2], [0.1, 0.3]])))
        out["sparse_neg"] = _cell(sess, lambda: L.sparse_softmax_cross_entropy([-1, 0], tf.constant([[0.9, 0.2], [0.1, 0.3]])))
        out["sparse_col"] = _cell(sess, lambda: L.sparse_softmax_cross_entropy([[1], [0]], tf.constant([[0.9, 0.2], [0.1, 0.3]])))
        out["sparse_w_col"] = _cell(sess, lambda: L.sparse_softmax_cross_entropy([1, 0], tf.constant([[0.9, 0.2], [0.1, 0.3]]), weights=[[2.], [3.]]))
        out["sparse_rank3"] = _cell(sess, lambda: L.sparse_softmax_cross_entropy([[1, 0]], tf.constant([[[0.9, 0.2], [0.1, 0.3]]]), weights=[[1., 2.]]))
        # shape errors
        out["err_mse_shape"] = _cell(sess, lambda: L.mean_squared_error([1., 2.], [1., 2., 3.]))
        out["err_abs_shape"] = _cell(sess, lambda: L.absolute_difference([[1., 2.]], [[1.], [2.]]))
        out["err_soft_shape"] = _cell(sess, lambda: L.softmax_cross_entropy([[1., 0., 0.]], [[0.9, 0.2]]))
        out["err_sig_shape"] = _cell(sess, lambda: L.sigmoid_cross_entropy([[1., 0., 0.]], [[0.9, 0.2]]))
        out["err_sparse_shape"] = _cell(sess, lambda: L.sparse_softmax_cross_entropy([1, 0, 1], [[0.9, 0.2]]))
        out["err_w_shape"] = _cell(sess, lambda: L.mean_squared_error([1., 2., 3.], [1., 2., 3.], weights=[1., 2.]))
        out["err_cos_noaxis_none"] = _cell(sess, lambda: L.cosine_distance([[1., 0.]], [[0.6, 0.8]], axis=None))
        out["err_cos_both"] = _cell(sess, lambda: L.cosine_distance([[1., 0.]], [[0.6, 0.8]], axis=1, dim=1))
        out["err_none_labels"] = _cell(sess, lambda: L.mean_squared_error(None, [1.]))
        out["err_none_pred"] = _cell(sess, lambda: L.log_loss([1.], None))
        out["err_bad_reduction"] = _cell(sess, lambda: L.mean_squared_error([1.], [1.], reduction="bogus"))
        out["err_pair_rank1"] = _cell(sess, lambda: L.mean_pairwise_squared_error([1., 2.], [1., 3.]))
        # unknown shapes via placeholders
        pl = tf.placeholder(tf.float32, [None, None])
        pp = tf.placeholder(tf.float32, [None, 3])
        pw = tf.placeholder(tf.float32)
        feed = {pl: np.ones((2, 3), f32), pp: np.arange(6, dtype=f32).reshape(2, 3) / 6, pw: np.array([[1.], [2.]], f32)}
        out["ph_mse"] = _cell(sess, lambda: L.mean_squared_error(pl, pp, weights=pw), feed)
        out["ph_abs_nz"] = _cell(sess, lambda: L.absolute_difference(pl, pp, weights=pw, reduction=L.Reduction.SUM_BY_NONZERO_WEIGHTS), feed)
        out["ph_none"] = _cell(sess, lambda: L.huber_loss(pl, pp, weights=pw, reduction=L.Reduction.NONE), feed)
        out["ph_soft"] = _cell(sess, lambda: L.softmax_cross_entropy(pl, pp, weights=pw[:, 0], label_smoothing=0.1), feed)
        out["ph_log"] = _cell(sess, lambda: L.log_loss(pl, pp, weights=pw), feed)
        out["ph_pair"] = _cell(sess, lambda: L.mean_pairwise_squared_error(pl, pp, weights=pw[:, 0]), feed)
        out["ph_cos"] = _cell(sess, lambda: L.cosine_distance(pl, pp, axis=1, weights=pw), feed)
        out["ph_w_bad"] = _cell(sess, lambda: L.mean_squared_error(pl, pp, weights=pw), {pl: feed[pl], pp: feed[pp], pw: np.ones((3, 1), f32)})
        out["ph_empty"] = _cell(sess, lambda: L.mean_squared_error(pl, pp), {pl: np.zeros((0, 3), f32), pp: np.zeros((0, 3), f32)})
        out["ph_empty_nz"] = _cell(sess, lambda: L.absolute_difference(pl, pp, reduction=L.Reduction.SUM_BY_NONZERO_WEIGHTS), {pl: np.zeros((0, 3), f32), pp: np.zeros((0, 3), f32)})
        out["ph_empty_mean"] = _cell(sess, lambda: L.absolute_difference(pl, pp, reduction=L.Reduction.MEAN), {pl: np.zeros((0, 3), f32), pp: np.zeros((0, 3), f32)})
        out["ph_empty_sparse"] = _cell(sess, lambda: L.sparse_softmax_cross_entropy(tf.placeholder_with_default(np.zeros([0], np.int32), [None]), pp), {pp: np.zeros((0, 3), f32)})
        # nan / inf
        out["nan_mse"] = _cell(sess, lambda: L.mean_squared_error([1., np.nan], [1., 2.], weights=[1., 0.]))
        out["inf_abs"] = _cell(sess, lambda: L.absolute_difference([1., np.inf], [1., 2.]))
        out["inf_huber"] = _cell(sess, lambda: L.huber_loss([1., np.inf], [1., 2.]))
        out["log_eps0"] = _cell(sess, lambda: L.log_loss([1., 0.], [0., 1.], epsilon=0.))
        out["sig_inf"] = _cell(sess, lambda: L.sigmoid_cross_entropy([[1., 0.]], [[np.inf, -np.inf]]))
        out["soft_inf"] = _cell(sess, lambda: L.softmax_cross_entropy([[1., 0.]], [[np.inf, 0.]]))
        out["huber_delta0"] = _cell(sess, lambda: L.huber_loss([1., 3.], [2., 2.], delta=0.))
        out["huber_delta_neg"] = _cell(sess, lambda: L.huber_loss([1., 3.], [2., 2.], delta=-1.))
        # gradients
        x = tf.constant([[0.2, 0.5, 0.9], [0.1, 0.4, 0.7]])
        y = tf.constant([[1., 0., 1.], [0., 1., 0.]])
        for nm, fn in {"abs": L.absolute_difference, "mse": L.mean_squared_error, "huber": L.huber_loss,
                       "hinge": L.hinge_loss, "log": L.log_loss, "sig": L.sigmoid_cross_entropy,
                       "soft": L.softmax_cross_entropy, "pair": L.mean_pairwise_squared_error}.items():
            out["grad_" + nm] = _cell(sess, lambda: tf.gradients(fn(y, x, weights=[[1.], [2.]]), [x]))
            out["gradw_" + nm] = _cell(sess, lambda: tf.gradients(fn(y, x, weights=tf.constant([[1.], [2.]])), [x]))
        out["grad_cos"] = _cell(sess, lambda: tf.gradients(L.cosine_distance(y, x, axis=1), [x, y]))
        out["grad_sparse"] = _cell(sess, lambda: tf.gradients(L.sparse_softmax_cross_entropy([1, 2], x, weights=[0., 1.]), [x]))
        out["grad_sig_smooth"] = _cell(sess, lambda: tf.gradients(L.sigmoid_cross_entropy(y, x, label_smoothing=0.3), [x]))
        out["n_losses"] = len(tf.get_collection(tf.GraphKeys.LOSSES))
    return out
