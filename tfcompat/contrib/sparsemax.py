"""`tf.contrib.sparsemax` (TF 1.15): sparsemax activations and their loss (Martins & Astudillo,
https://arxiv.org/abs/1602.02068), built from the same ops as TF 1.15's contrib code, so that
values, NaN/inf handling and gradients (through those ops) are TF's."""
import tfcompat as tf

__all__ = ["sparsemax", "sparsemax_loss"]


def sparsemax(logits, name=None):
    """sparsemax[i, j] = max(logits[i, j] - tau(logits[i, :]), 0) for rank-2 `logits`; a row
    holding +inf, NaN, or only -inf gives NaNs (as softmax would)."""
    with tf.name_scope(name, "sparsemax", [logits]):
        logits = tf.convert_to_tensor(logits, name="logits")
        obs = tf.shape(logits)[0]
        dims = tf.shape(logits)[1]
        # TF 1.15 no longer subtracts the mean: it turned inf and NaN inputs into wrong values
        z = logits
        z_sorted, _ = tf.nn.top_k(z, k=dims)
        z_cumsum = tf.cumsum(z_sorted, axis=1)
        k = tf.range(1, tf.cast(dims, logits.dtype) + 1, dtype=logits.dtype)
        z_check = 1 + k * z_sorted > z_cumsum
        # z_check is [1, ..., 1, 0, ..., 0]: the count of ones is the support's size k(z)
        k_z = tf.reduce_sum(tf.cast(z_check, tf.int32), axis=1)
        # k(z) = 0 (an inf, or only -inf) would make gather_nd fail: 1 here, NaN below
        k_z_safe = tf.maximum(k_z, 1)
        indices = tf.stack([tf.range(0, obs), k_z_safe - 1], axis=1)
        tau_sum = tf.gather_nd(z_cumsum, indices)
        tau_z = (tau_sum - 1) / tf.cast(k_z, logits.dtype)
        p = tf.maximum(tf.cast(0, logits.dtype), z - tau_z[:, tf.newaxis])
        invalid = tf.logical_or(tf.equal(k_z, 0),
                                      tf.is_nan(z_cumsum[:, -1]))
        return tf.where(invalid,
                               tf.fill([obs, dims],
                                              tf.cast(float("nan"), logits.dtype)),
                               p)


def sparsemax_loss(logits, sparsemax, labels, name=None):
    """The sparsemax loss of each row: sum over the support of p (z - p / 2) plus
    q (q / 2 - z), for logits z, sparsemax(z) p and labels q."""
    with tf.name_scope(name, "sparsemax_loss", [logits, sparsemax, labels]):
        logits = tf.convert_to_tensor(logits, name="logits")
        sparsemax = tf.convert_to_tensor(sparsemax, name="sparsemax")
        labels = tf.convert_to_tensor(labels, name="labels")
        z = logits
        # a where, not a product, so that z = -inf outside the support gives 0, not NaN
        sum_s = tf.where(
            tf.logical_or(sparsemax > 0, tf.is_nan(sparsemax)),
            sparsemax * (z - 0.5 * sparsemax), tf.zeros_like(sparsemax))
        q_part = labels * (0.5 * labels - z)
        # labels = 0 with z = -inf: no cost (0 * -inf would be NaN)
        q_part_safe = tf.where(
            tf.logical_and(tf.equal(labels, 0), tf.is_inf(z)),
            tf.zeros_like(z), q_part)
        return tf.reduce_sum(sum_s + q_part_safe, axis=1)
