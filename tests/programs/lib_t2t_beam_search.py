"""tensor2tensor beam_search.py core: expand_to_beam_size / merge/unmerge beam dims with
shape_list, compute_batch_indices + gather_nd for top-k over beams, growing alive_seq through
tf.while_loop with shape_invariants [None, None, None], length penalty, finished flags,
nest.map_structure over a cache dict of states."""
import numpy as np

TAGS = ['control_flow', 'nn']

TOLERANCE = {"*": (1e-4, 1e-5)}
INF = 1. * 1e7


def shape_list(tf, x):
    static = x.get_shape().as_list()
    shape = tf.shape(x)
    return [shape[i] if d is None else d for i, d in enumerate(static)]


def merge_beam_dim(tf, t):
    s = shape_list(tf, t)
    return tf.reshape(t, [s[0] * s[1]] + s[2:])


def unmerge_beam_dim(tf, t, batch, beam):
    s = shape_list(tf, t)
    return tf.reshape(t, [batch, beam] + s[1:])


def expand_to_beam_size(tf, t, beam):
    t = tf.expand_dims(t, axis=1)
    tile = [1] * t.shape.ndims
    tile[1] = beam
    return tf.tile(t, tile)


def compute_batch_indices(tf, batch, beam):
    return tf.reshape(tf.range(batch * beam) // beam, [batch, beam])


def main(tf):
    out = {}
    tf.set_random_seed(8)
    batch, beam, vocab, decode_len, alpha = 2, 3, 7, 4, 0.6
    emb = tf.constant(np.random.RandomState(8).randn(vocab, 5).astype(np.float32))
    proj = tf.constant(np.random.RandomState(9).randn(5, vocab).astype(np.float32))

    def symbols_to_logits(ids, cache):
        last = ids[:, -1]
        h = tf.tanh(tf.gather(emb, last) + cache["state"])
        return tf.matmul(h, proj), {"state": h * 0.5, "layer": {"k": cache["layer"]["k"] + 1.0}}

    initial_ids = tf.zeros([batch], tf.int32)
    initial_log_probs = tf.constant([[0.] + [-INF] * (beam - 1)])
    alive_log_probs = tf.tile(initial_log_probs, [batch, 1])
    alive_seq = tf.expand_dims(expand_to_beam_size(tf, initial_ids, beam), 2)
    cache = {"state": tf.zeros([batch, 5]), "layer": {"k": tf.zeros([batch, 2])}}
    cache = tf.nest.map_structure(lambda t: expand_to_beam_size(tf, t, beam), cache)

    def body(i, alive_seq, alive_log_probs, states):
        flat_ids = tf.reshape(alive_seq, [batch * beam, -1])
        flat_states = tf.nest.map_structure(lambda t: merge_beam_dim(tf, t), states)
        flat_logits, flat_states = symbols_to_logits(flat_ids, flat_states)
        states = tf.nest.map_structure(lambda t: unmerge_beam_dim(tf, t, batch, beam), flat_states)
        logits = tf.reshape(flat_logits, [batch, beam, -1])
        candidate_log_probs = logits - tf.reduce_logsumexp(logits, axis=2, keepdims=True)
        log_probs = candidate_log_probs + tf.expand_dims(alive_log_probs, axis=2)
        length_penalty = tf.pow(((5. + tf.to_float(i + 1)) / 6.), alpha)
        curr_scores = log_probs / length_penalty
        flat_curr_scores = tf.reshape(curr_scores, [-1, beam * vocab])
        topk_scores, topk_ids = tf.nn.top_k(flat_curr_scores, k=beam * 2)
        topk_log_probs = topk_scores * length_penalty
        topk_beam_index = topk_ids // vocab
        topk_ids %= vocab
        batch_pos = compute_batch_indices(tf, batch, beam * 2)
        topk_coordinates = tf.stack([batch_pos, topk_beam_index], axis=2)
        topk_seq = tf.gather_nd(alive_seq, topk_coordinates)
        states = tf.nest.map_structure(lambda s: tf.gather_nd(s, topk_coordinates), states)
        topk_seq = tf.concat([topk_seq, tf.expand_dims(topk_ids, axis=2)], axis=2)
        _, keep = tf.nn.top_k(topk_log_probs, k=beam)
        coords = tf.stack([compute_batch_indices(tf, batch, beam), keep], axis=2)
        new_seq = tf.gather_nd(topk_seq, coords)
        new_lp = tf.gather_nd(topk_log_probs, coords)
        new_states = tf.nest.map_structure(lambda s: tf.gather_nd(s, coords), states)
        return i + 1, new_seq, new_lp, new_states

    inv = tf.nest.map_structure(lambda t: tf.TensorShape([None] * t.shape.ndims), cache)
    _, seq, lp, final_cache = tf.while_loop(
        lambda i, *_: i < decode_len, body, [tf.constant(0), alive_seq, alive_log_probs, cache],
        shape_invariants=[tf.TensorShape([]), tf.TensorShape([None, None, None]),
                          alive_log_probs.get_shape(), inv],
        parallel_iterations=1, back_prop=False)
    out["seq_static"] = str(seq.get_shape())
    out["cache_static"] = [str(t.get_shape()) for t in tf.nest.flatten(final_cache)]
    with tf.Session() as sess:
        out["seq"], out["lp"], out["cache"] = sess.run([seq, lp, final_cache])
    return out
