"""`tf.contrib.seq2seq.gather_tree` and `tile_batch`.

TF 1.15 runs `gather_tree` as its contrib kernel `GatherTree` (contrib/seq2seq/kernels/
beam_search_ops.cc), which core TensorFlow 2.x no longer has. Here it is built from core ops (a
reverse `tf.scan` over time, then a mask), so graphs using it also export to TF 2.x; the
results are the kernel's: each beam's ids follow its parent pointers back from
min(max_time, max_sequence_lengths[b]) - 1, and past that length or past the first `end_token`
every entry is `end_token`."""
from __future__ import annotations

import tfcompat as tf

__all__ = ["gather_tree", "tile_batch"]


def _check_gather_tree_ranks(step_ids, parent_ids, max_sequence_lengths, end_token):
    for tensor, rank, what in ((step_ids, 3, "step_ids"), (parent_ids, 3, "parent_ids"),
                               (max_sequence_lengths, 1, "max_sequence_lengths"),
                               (end_token, 0, "end_token")):
        if tensor.shape.ndims is not None and tensor.shape.ndims != rank:
            raise ValueError("GatherTree: %s must have rank %d, saw shape %s"
                             % (what, rank, tensor.shape))
    step_ids.shape.assert_is_compatible_with(parent_ids.shape)


def _backtrack(step_ids, parent_ids, lengths, end_token):
    """Follows parent pointers from the last valid step back to step 0 (reverse scan)."""
    batch_size, beam_width = tf.shape(step_ids)[1], tf.shape(step_ids)[2]
    identity = tf.tile(tf.expand_dims(tf.range(beam_width), 0), [batch_size, 1])
    batch_ids = tf.tile(tf.expand_dims(tf.range(batch_size), 1), [1, beam_width])
    times = tf.range(tf.shape(step_ids)[0])

    def step(carry, elems):
        cur, _ = carry
        step_t, parent_t, t = elems
        valid = tf.expand_dims(t < lengths, 1) & tf.ones_like(identity, dtype=tf.bool)
        index = tf.stack([batch_ids, tf.where(valid, cur, identity)], -1)
        out_t = tf.where(valid, tf.gather_nd(step_t, index), tf.fill(tf.shape(identity),
                                                                    end_token))
        return tf.where(valid, tf.gather_nd(parent_t, index), identity), out_t

    _, beams = tf.scan(step, (step_ids, parent_ids, times),
                       initializer=(identity, tf.zeros_like(identity)), reverse=True)
    return beams


def gather_tree(step_ids, parent_ids, max_sequence_lengths, end_token, name=None):
    """Full beams [max_time, batch, beam] from the per-step ids and parent beam ids."""
    with tf.name_scope(name, "GatherTree",
                       [step_ids, parent_ids, max_sequence_lengths, end_token]):
        step_ids = tf.convert_to_tensor(step_ids, name="step_ids")
        parent_ids = tf.convert_to_tensor(parent_ids, dtype=step_ids.dtype, name="parent_ids")
        max_sequence_lengths = tf.convert_to_tensor(max_sequence_lengths, dtype=tf.int32,
                                                    name="max_sequence_lengths")
        end_token = tf.convert_to_tensor(end_token, dtype=step_ids.dtype, name="end_token")
        _check_gather_tree_ranks(step_ids, parent_ids, max_sequence_lengths, end_token)
        lengths = tf.minimum(tf.shape(step_ids)[0], max_sequence_lengths)
        beams = _backtrack(step_ids, parent_ids, lengths, end_token)
        # after a beam's first end_token, the kernel writes end_token
        is_end = tf.cast(tf.equal(beams, end_token), tf.int32)
        ended_before = tf.cumsum(is_end, axis=0, exclusive=True) > 0
        beams = tf.where(ended_before, tf.fill(tf.shape(beams), end_token), beams)
        beams.set_shape(step_ids.shape.merge_with(parent_ids.shape))
        return beams


def _tile_batch(t, multiplier):
    t = tf.convert_to_tensor(t, name="t")
    shape_t = tf.shape(t)
    if t.shape.ndims is None or t.shape.ndims < 1:
        raise ValueError("t must have statically known rank")
    tiling = [1] * (t.shape.ndims + 1)
    tiling[1] = multiplier
    batch = t.shape.as_list()[0]
    tiled = tf.tile(tf.expand_dims(t, 1), tiling)
    tiled = tf.reshape(tiled, tf.concat(([shape_t[0] * multiplier], shape_t[1:]), 0))
    tiled.set_shape(tf.TensorShape([batch * multiplier if batch is not None else None])
                    .concatenate(t.shape[1:]))
    return tiled


def tile_batch(t, multiplier, name=None):
    """Each batch entry of every tensor in the structure `t` repeated `multiplier` times in a
    row ([a, b] -> [a, a, b, b]), as beam search expects its encoder outputs."""
    flat_t = tf.nest.flatten(t)
    with tf.name_scope(name, "tile_batch", flat_t + [multiplier]):
        return tf.nest.map_structure(lambda t_: _tile_batch(t_, multiplier), t)
