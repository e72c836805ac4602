"""`tf.contrib.losses.metric_learning`: TF 1.15's metric-learning losses (contrastive, triplet
with semi-hard mining, lifted structured, n-pairs), built from the same ops as TF's
metric_loss_ops.py so values, gradients and op names agree. `cluster_loss` (facility location
with sklearn's clustering scores) is not provided and fails naming it."""
from __future__ import annotations

import tfcompat as tf
from tfcompat._unsupported import missing_attr as _missing_attr

__all__ = ["contrastive_loss", "lifted_struct_loss", "npairs_loss", "npairs_loss_multilabel",
           "triplet_semihard_loss"]


def pairwise_distance(feature, squared=False):
    """[n, n] Euclidean distances between the rows of `feature`: negatives from rounding become
    0, the sqrt of a zero distance gets 1e-16 added (a finite gradient) and the diagonal is 0."""
    squares = tf.add(
        tf.reduce_sum(tf.square(feature), axis=[1], keepdims=True),
        tf.reduce_sum(tf.square(tf.transpose(feature)), axis=[0], keepdims=True),
    ) - 2.0 * tf.matmul(feature, tf.transpose(feature))
    squares = tf.maximum(squares, 0.0)
    error_mask = tf.less_equal(squares, 0.0)
    if squared:
        distances = squares
    else:
        distances = tf.sqrt(squares + tf.to_float(error_mask) * 1e-16)
    distances = tf.multiply(distances, tf.to_float(tf.logical_not(error_mask)))
    num_data = tf.shape(feature)[0]
    mask_offdiagonals = tf.ones_like(distances) - tf.diag(tf.ones([num_data]))
    return tf.multiply(distances, mask_offdiagonals)


def contrastive_loss(labels, embeddings_anchor, embeddings_positive, margin=1.0):
    """Hadsell et al.'s loss: label 1 pulls a pair together (d^2), label 0 pushes it beyond
    `margin` (max(margin - d, 0)^2); the mean over pairs."""
    distances = tf.sqrt(tf.reduce_sum(tf.square(embeddings_anchor - embeddings_positive), 1))
    return tf.reduce_mean(
        tf.to_float(labels) * tf.square(distances)
        + (1. - tf.to_float(labels)) * tf.square(tf.maximum(margin - distances, 0.)),
        name="contrastive_loss")


def masked_maximum(data, mask, dim=1):
    """Maximum along `dim` over the entries `mask` selects (keepdims)."""
    axis_minimums = tf.reduce_min(data, dim, keepdims=True)
    return tf.reduce_max(tf.multiply(data - axis_minimums, mask), dim,
                         keepdims=True) + axis_minimums


def masked_minimum(data, mask, dim=1):
    """Minimum along `dim` over the entries `mask` selects (keepdims)."""
    axis_maximums = tf.reduce_max(data, dim, keepdims=True)
    return tf.reduce_min(tf.multiply(data - axis_maximums, mask), dim,
                         keepdims=True) + axis_maximums


def _column_labels(labels):
    lshape = tf.shape(labels)
    assert lshape.shape == 1
    return tf.reshape(labels, [lshape[0], 1])


def _positives_mask(adjacency, batch_size):
    """Same-label pairs without the diagonal, as float."""
    return tf.cast(adjacency, dtype=tf.float32) - tf.diag(tf.ones([batch_size]))


def triplet_semihard_loss(labels, embeddings, margin=1.0):
    """FaceNet's triplet loss over all anchor-positive pairs of the batch, each with its
    semi-hard negative (the closest negative farther than the positive), or the farthest
    negative where there is none; squared distances."""
    labels = _column_labels(labels)
    pdist_matrix = pairwise_distance(embeddings, squared=True)
    adjacency = tf.equal(labels, tf.transpose(labels))
    adjacency_not = tf.logical_not(adjacency)
    batch_size = tf.size(labels)

    pdist_matrix_tile = tf.tile(pdist_matrix, [batch_size, 1])
    mask = tf.logical_and(
        tf.tile(adjacency_not, [batch_size, 1]),
        tf.greater(pdist_matrix_tile, tf.reshape(tf.transpose(pdist_matrix), [-1, 1])))
    mask_final = tf.reshape(
        tf.greater(tf.reduce_sum(tf.cast(mask, dtype=tf.float32), 1, keepdims=True), 0.0),
        [batch_size, batch_size])
    mask_final = tf.transpose(mask_final)
    adjacency_not = tf.cast(adjacency_not, dtype=tf.float32)
    mask = tf.cast(mask, dtype=tf.float32)

    negatives_outside = tf.reshape(masked_minimum(pdist_matrix_tile, mask),
                                   [batch_size, batch_size])
    negatives_outside = tf.transpose(negatives_outside)
    negatives_inside = tf.tile(masked_maximum(pdist_matrix, adjacency_not), [1, batch_size])
    semi_hard_negatives = tf.where(mask_final, negatives_outside, negatives_inside)
    loss_mat = tf.add(margin, pdist_matrix - semi_hard_negatives)

    mask_positives = _positives_mask(adjacency, batch_size)
    num_positives = tf.reduce_sum(mask_positives)
    return tf.truediv(
        tf.reduce_sum(tf.maximum(tf.multiply(loss_mat, mask_positives), 0.0)),
        num_positives, name="triplet_semihard_loss")


def _npairs_l2loss(embeddings_anchor, embeddings_positive, reg_lambda):
    reg_anchor = tf.reduce_mean(tf.reduce_sum(tf.square(embeddings_anchor), 1))
    reg_positive = tf.reduce_mean(tf.reduce_sum(tf.square(embeddings_positive), 1))
    return tf.multiply(0.25 * reg_lambda, reg_anchor + reg_positive, name="l2loss")


def _npairs_xent(similarity_matrix, labels_remapped, l2loss, print_losses):
    labels_remapped /= tf.reduce_sum(labels_remapped, 1, keepdims=True)
    xent_loss = tf.nn.softmax_cross_entropy_with_logits(
        logits=similarity_matrix, labels=labels_remapped)
    xent_loss = tf.reduce_mean(xent_loss, name="xentropy")
    if print_losses:
        xent_loss = tf.Print(xent_loss, ["cross entropy:", xent_loss, "l2loss:", l2loss])
    return l2loss + xent_loss


def npairs_loss(labels, embeddings_anchor, embeddings_positive, reg_lambda=0.002,
                print_losses=False):
    """Sohn's N-pairs loss: softmax cross entropy of each anchor's similarities to all
    positives against its (normalised) same-label row, plus an L2 term on the embeddings."""
    l2loss = _npairs_l2loss(embeddings_anchor, embeddings_positive, reg_lambda)
    similarity_matrix = tf.matmul(embeddings_anchor, embeddings_positive,
                                  transpose_a=False, transpose_b=True)
    labels = _column_labels(labels)
    labels_remapped = tf.to_float(tf.equal(labels, tf.transpose(labels)))
    return _npairs_xent(similarity_matrix, labels_remapped, l2loss, print_losses)


def _build_multilabel_adjacency(sparse_labels):
    """[n, n] counts of the labels pairs i, j share (sparse_minimum is the AND)."""
    num_pairs = len(sparse_labels)
    adjacency_matrix = tf.zeros([num_pairs, num_pairs])
    for i in range(num_pairs):
        for j in range(num_pairs):
            dot = tf.to_float(tf.sparse_reduce_sum(
                tf.sparse_minimum(sparse_labels[i], sparse_labels[j])))
            dot = tf.expand_dims(tf.expand_dims(dot, 0), 1)
            adjacency_matrix += tf.pad(
                dot, [[i, num_pairs - i - 1], [j, num_pairs - j - 1]], "CONSTANT")
    return adjacency_matrix


def npairs_loss_multilabel(sparse_labels, embeddings_anchor, embeddings_positive,
                           reg_lambda=0.002, print_losses=False):
    """`npairs_loss` for multi-label pairs: `sparse_labels` is a list of 1-D boolean
    SparseTensors; the target of row i is its label-intersection counts, normalised."""
    if False in [isinstance(l, tf.SparseTensor) for l in sparse_labels]:
        raise TypeError("sparse_labels must be a list of SparseTensors, but got %s"
                        % str(sparse_labels))
    with tf.name_scope("NpairsLossMultiLabel"):
        l2loss = _npairs_l2loss(embeddings_anchor, embeddings_positive, reg_lambda)
        similarity_matrix = tf.matmul(embeddings_anchor, embeddings_positive,
                                      transpose_a=False, transpose_b=True)
        labels_remapped = tf.to_float(_build_multilabel_adjacency(sparse_labels))
        return _npairs_xent(similarity_matrix, labels_remapped, l2loss, print_losses)


def lifted_struct_loss(labels, embeddings, margin=1.0):
    """Song et al.'s lifted structured loss: for each positive pair, a smooth (log-sum-exp)
    hinge over the negatives of both ends, squared; Euclidean distances."""
    labels = _column_labels(labels)
    pairwise_distances = pairwise_distance(embeddings)
    adjacency = tf.equal(labels, tf.transpose(labels))
    adjacency_not = tf.logical_not(adjacency)
    batch_size = tf.size(labels)

    diff = margin - pairwise_distances
    mask = tf.cast(adjacency_not, dtype=tf.float32)
    row_minimums = tf.reduce_min(diff, 1, keepdims=True)
    row_negative_maximums = tf.reduce_max(
        tf.multiply(diff - row_minimums, mask), 1, keepdims=True) + row_minimums
    max_elements = tf.maximum(row_negative_maximums, tf.transpose(row_negative_maximums))
    diff_tiled = tf.tile(diff, [batch_size, 1])
    mask_tiled = tf.tile(mask, [batch_size, 1])
    max_elements_vect = tf.reshape(tf.transpose(max_elements), [-1, 1])
    loss_exp_left = tf.reshape(
        tf.reduce_sum(tf.multiply(tf.exp(diff_tiled - max_elements_vect), mask_tiled),
                      1, keepdims=True),
        [batch_size, batch_size])
    loss_mat = max_elements + tf.log(loss_exp_left + tf.transpose(loss_exp_left))
    loss_mat += pairwise_distances

    mask_positives = _positives_mask(adjacency, batch_size)
    num_positives = tf.reduce_sum(mask_positives) / 2.0
    return tf.truediv(
        0.25 * tf.reduce_sum(tf.square(tf.maximum(tf.multiply(loss_mat, mask_positives), 0.0))),
        num_positives, name="liftedstruct_loss")


__getattr__ = _missing_attr("contrib.losses.metric_learning", __name__)
