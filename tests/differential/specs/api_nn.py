"""Public names of tf.nn (and their tf.random / tf.math / top-level aliases): convolutions and
their backprops, pools, morphology, CTC, candidate samplers, fake quantization, sparse
embeddings, loss scaling; plus tf.losses and tf.initializers names. Random results are fetched
as properties that must agree (shapes, ranges, expected counts)."""
import numpy as np

from harness import Program


def _const(tf, shape, seed=0, scale=1.0, dtype=np.float32, name=None):
    rng = np.random.RandomState(seed)
    return tf.constant((rng.uniform(-1, 1, shape) * scale).astype(dtype), name=name)


def _grads(tf, out, y, xs, prefix="d"):
    """d(sum(y * fixed weights))/d xs into `out` (cosine weights by flat position: a gradient
    that tells positions apart, for static or dynamic shapes)."""
    flat = tf.cast(tf.range(tf.size(y)), y.dtype)
    weights = tf.reshape(tf.cos(flat * 0.7 + 0.3), tf.shape(y))
    grads = tf.gradients(y, xs, grad_ys=weights)
    for i, g in enumerate(grads):
        if g is not None:
            out["%s%d" % (prefix, i)] = tf.convert_to_tensor(g)
    return out


# -- convolutions and their backprops ----------------------------------------------------------

def _conv_backprops(tf):
    x = _const(tf, (2, 6, 6, 3), 1)
    w = _const(tf, (3, 3, 3, 4), 2)
    dy = _const(tf, (2, 3, 3, 4), 3)
    out = {"bf": tf.nn.conv2d_backprop_filter(x, [3, 3, 3, 4], dy, [1, 2, 2, 1], "SAME"),
           "bi": tf.nn.conv2d_backprop_input([2, 6, 6, 3], w, dy, [1, 2, 2, 1], "SAME"),
           }
    _grads(tf, out, out["bi"], [w, dy], "dbi_")
    return _grads(tf, out, out["bf"], [x, dy], "dbf_"), {}


def _conv_backprop_v2(tf):
    # TF 2.21 has no CPU kernels for the V2 backprops (see known_differences.txt)
    x = _const(tf, (2, 6, 6, 3), 1)
    w = _const(tf, (3, 3, 3, 4), 2)
    dy = _const(tf, (2, 3, 3, 4), 3)
    return {"bf2": tf.conv2d_backprop_filter_v2(x, w, dy, [1, 2, 2, 1], "SAME"),
            "bi2": tf.conv2d_backprop_input_v2(x, w, dy, [1, 2, 2, 1], "SAME")}, {}


def _conv_v2_no_gradient(tf):
    # TF registers no gradient for Conv2DBackpropInputV2: tf.gradients raises LookupError
    x = _const(tf, (1, 4, 4, 2), 1)
    w = _const(tf, (2, 2, 2, 3), 2)
    dy = _const(tf, (1, 4, 4, 3), 3)
    y = tf.conv2d_backprop_input_v2(x, w, dy, [1, 1, 1, 1], "SAME")
    return {"y": y, "dw": tf.gradients(y, w)[0]}, {}


def _depthwise(tf):
    x = _const(tf, (2, 5, 5, 3), 4)
    w = _const(tf, (2, 2, 3, 2), 5)
    y = tf.nn.depthwise_conv2d_native(x, w, [1, 1, 1, 1], "VALID")
    dy = _const(tf, (2, 4, 4, 6), 6)
    out = {"y": y,
           "bf": tf.nn.depthwise_conv2d_native_backprop_filter(x, [2, 2, 3, 2], dy,
                                                               [1, 1, 1, 1], "VALID"),
           "bi": tf.nn.depthwise_conv2d_native_backprop_input([2, 5, 5, 3], w, dy,
                                                              [1, 1, 1, 1], "VALID"),
           "bf_alias": tf.nn.depthwise_conv2d_backprop_filter(x, [2, 2, 3, 2], dy, [1, 1, 1, 1],
                                                              "VALID"),
           "bi_alias": tf.nn.depthwise_conv2d_backprop_input([2, 5, 5, 3], w, dy, [1, 1, 1, 1],
                                                             "VALID"),
           "strided": tf.nn.depthwise_conv2d_native(x, w, [1, 2, 2, 1], "SAME")}
    return _grads(tf, out, y, [x, w]), {}


def _conv3d_backprop(tf):
    x = _const(tf, (1, 4, 4, 4, 2), 7)
    dy = _const(tf, (1, 2, 2, 2, 3), 8)
    out = {"bf": tf.nn.conv3d_backprop_filter(x, [2, 2, 2, 2, 3], dy, [1, 2, 2, 2, 1], "VALID"),
           "bf_v2": tf.nn.conv3d_backprop_filter_v2(x, [3, 3, 3, 2, 3], dy, [1, 2, 2, 2, 1],
                                                    "SAME")}
    return _grads(tf, out, out["bf"], [x, dy]), {}


def _generic_conv(tf):
    x = _const(tf, (2, 5, 5, 4), 9)
    w = _const(tf, (3, 3, 2, 6), 10)
    x3 = _const(tf, (1, 4, 4, 4, 2), 11)
    w3 = _const(tf, (2, 2, 2, 2, 3), 12)
    w4 = _const(tf, (3, 3, 4, 6), 10)
    out = {"same": tf.conv(x, w4, [1, 1, 1, 1], "SAME"),
           "strided": tf.conv(x, w4, [1, 2, 2, 1], "VALID", dilations=[1, 1, 1, 1]),
           "conv3d": tf.conv(x3, w3, [1, 2, 1, 2, 1], "VALID")}
    return out, {}


def _generic_conv_grouped(tf):
    # TF 2.21's CPU Conv kernel refuses groups > 1 (see known_differences.txt)
    x = _const(tf, (2, 5, 5, 4), 9)
    w = _const(tf, (3, 3, 2, 6), 10)
    return {"grouped": tf.conv(x, w, [1, 1, 1, 1], "SAME", groups=2),
            "first": tf.conv(tf.transpose(x, [0, 3, 1, 2]), w, [1, 1, 1, 1], "VALID",
                             data_format="CHANNELS_FIRST", groups=2)}, {}


def _generic_conv_rank3(tf):
    # TF's Conv takes 2 or 3 spatial dimensions only
    return {"conv1d": tf.conv(_const(tf, (2, 7, 3), 11), _const(tf, (3, 3, 2), 12),
                              [1, 2, 1], "VALID")}, {}


def _conv_transpose(tf):
    x2 = _const(tf, (2, 3, 3, 4), 13)
    w2 = _const(tf, (2, 2, 5, 4), 14)
    x1 = _const(tf, (2, 3, 4), 15)
    w1 = _const(tf, (2, 5, 4), 16)
    x3 = _const(tf, (1, 2, 2, 2, 4), 17)
    w3 = _const(tf, (2, 2, 2, 5, 4), 18)
    out = {"t2": tf.nn.conv_transpose(x2, w2, [2, 6, 6, 5], 2),
           "t1": tf.nn.conv_transpose(x1, w1, [2, 6, 5], 2, "SAME"),
           "t3": tf.nn.conv_transpose(x3, w3, [1, 4, 4, 4, 5], [2, 2, 2], "VALID"),
           "atrous": tf.nn.atrous_conv2d_transpose(x2, _const(tf, (3, 3, 5, 4), 19),
                                                   [2, 3, 3, 5], 2, "SAME"),
           "atrous_valid": tf.nn.atrous_conv2d_transpose(x2, _const(tf, (2, 2, 5, 4), 20),
                                                         [2, 5, 5, 5], 2, "VALID")}
    return _grads(tf, out, out["atrous"], [x2]), {}


def _pools_v2(tf):
    x = _const(tf, (2, 5, 5, 3), 21)
    x1 = _const(tf, (2, 6, 3), 22)
    x3 = _const(tf, (1, 4, 4, 4, 2), 23)
    out = {"max2": tf.nn.max_pool_v2(x, 2, 2, "SAME"),
           "avg2": tf.nn.avg_pool_v2(x, [3, 3], [1, 2, 2, 1], "VALID"),
           "max1": tf.nn.max_pool_v2(x1, 2, 2, "VALID"),
           "avg1": tf.nn.avg_pool_v2(x1, 3, 1, "SAME"),
           "max3": tf.nn.max_pool_v2(x3, 2, 2, "SAME"),
           "avg3": tf.nn.avg_pool_v2(x3, 2, [1, 2, 2, 2, 1], "VALID"),
           "max_pool2d": tf.nn.max_pool2d(x, [1, 3, 3, 1], [1, 2, 2, 1], "SAME")}
    _grads(tf, out, out["avg2"], [x], "davg_")
    return _grads(tf, out, out["max_pool2d"], [x], "dmax_"), {}


def _fractional_pools(tf):
    # integral ratios: the window layout is fixed, so values and gradients are TF's
    x = _const(tf, (2, 6, 4, 3), 80)
    out = {}
    for pseudo in (False, True):
        for overlapping in (False, True):
            key = "%s%s" % ("p" if pseudo else "r", "o" if overlapping else "")
            y, rows, cols = tf.nn.fractional_max_pool(x, [1.0, 2.0, 2.0, 1.0], pseudo,
                                                      overlapping)
            out["max_" + key] = y
            out["avg_" + key] = tf.nn.fractional_avg_pool(x, [1.0, 3.0, 2.0, 1.0], pseudo,
                                                          overlapping, True, seed=2)[0]
    _grads(tf, out, out["max_r"], [x], "dmax_")
    return _grads(tf, out, out["avg_po"], [x], "davg_"), {}


def _fractional_sequences(tf):
    # TF's shape function gives the pooling sequences out_size elements; they have
    # out_size + 1 (known_differences.txt)
    x = _const(tf, (2, 6, 4, 3), 80)
    _, rows, cols = tf.nn.fractional_max_pool(x, [1.0, 2.0, 2.0, 1.0])
    _, arows, acols = tf.nn.fractional_avg_pool(x, [1.0, 3.0, 2.0, 1.0], True)
    return {"rows": rows, "cols": cols, "arows": arows, "acols": acols}, {}


def _fractional_seed_without_deterministic(tf):
    x = _const(tf, (1, 4, 4, 1), 82)
    return {"y": tf.nn.fractional_max_pool(x, [1.0, 2.0, 2.0, 1.0], seed=5)[0]}, {}


def _fractional_layout(tf):
    # a fractional ratio: random windows of k or k + 1 rows; fetch what must agree
    x = _const(tf, (1, 10, 7, 2), 81)
    out = {}
    for pseudo in (False, True):
        y, rows, cols = tf.nn.fractional_max_pool(x, [1.0, 1.44, 1.73, 1.0], pseudo)
        avg, arows, _ = tf.nn.fractional_avg_pool(x, [1.0, 1.44, 1.73, 1.0], pseudo, True,
                                                  deterministic=True, seed=4)
        key = "p" if pseudo else "r"
        out["shape_" + key] = tf.shape(y)
        out["avg_shape_" + key] = tf.shape(avg)
        out["ends_" + key] = tf.stack([rows[0], rows[-1], cols[0], cols[-1], arows[-1]])
        sizes = tf.concat([rows[1:] - rows[:-1], cols[1:] - cols[:-1]], 0)
        out["sizes_ok_" + key] = tf.reduce_all((sizes >= 1) & (sizes <= 2))
        out["max_ok_" + key] = tf.reduce_all(y <= tf.reduce_max(x))
    return out, {}


def _morphology(tf):
    x = _const(tf, (2, 5, 5, 3), 24)
    k = _const(tf, (2, 3, 3), 25, 0.5)
    out = {"dil_same": tf.nn.dilation2d(x, k, [1, 1, 1, 1], [1, 1, 1, 1], "SAME"),
           "dil_valid": tf.nn.dilation2d(x, k, [1, 2, 1, 1], [1, 1, 2, 1], "VALID"),
           "ero_same": tf.nn.erosion2d(x, k, [1, 1, 1, 1], [1, 1, 1, 1], "SAME"),
           "ero_rate": tf.nn.erosion2d(x, k, [1, 2, 2, 1], [1, 2, 1, 1], "VALID")}
    _grads(tf, out, out["dil_same"], [x, k], "ddil_")
    return _grads(tf, out, out["ero_rate"], [x, k], "dero_"), {}


def _space_depth(tf):
    x = _const(tf, (1, 4, 4, 2), 26)
    out = {"s2d": tf.nn.space_to_depth(x, 2), "d2s": tf.nn.depth_to_space(
        tf.concat([x, x * 2.0], 3), 2),
           "s2b": tf.nn.space_to_batch(x, [[0, 0], [1, 1]], 2),
           "wstb": tf.nn.with_space_to_batch(x, [2, 2], "VALID", lambda inp, num_spatial_dims,
                                             padding: inp * 2.0),
           "wstb_same": tf.nn.with_space_to_batch(x, [2, 1], "SAME", lambda inp, num_spatial_dims,
                                                  padding: inp + 1.0, filter_shape=[3, 3])}
    return _grads(tf, out, out["d2s"], [x]), {}


# -- CTC -----------------------------------------------------------------------------------------

def _ctc_inputs(tf, seed=27, shape=(6, 2, 4)):
    return _const(tf, shape, seed, 2.0)


def _ctc_loss(tf):
    logits = _ctc_inputs(tf)
    labels = tf.SparseTensor([[0, 0], [0, 1], [1, 0], [1, 1], [1, 2]], [1, 2, 0, 0, 2], [2, 3])
    loss = tf.nn.ctc_loss(labels, logits, [6, 5])
    collapsed = tf.nn.ctc_loss(labels, logits, [6, 5], preprocess_collapse_repeated=True)
    batch_major = tf.nn.ctc_loss(labels, tf.transpose(logits, [1, 0, 2]), [6, 5],
                                 time_major=False)
    dense = tf.constant([[1, 2, 0], [3, 3, 1]])
    v2_dense = tf.nn.ctc_loss_v2(dense, logits, [2, 3], [6, 6])
    v2_sparse = tf.nn.ctc_loss_v2(labels, logits, None, [6, 5], blank_index=-1)
    v2_blank1 = tf.nn.ctc_loss_v2(dense, logits, [2, 2], [6, 4], blank_index=1)
    repeats = tf.SparseTensor([[0, 0], [0, 1], [1, 0], [1, 1], [1, 2]], [1, 1, 2, 2, 2], [2, 3])
    no_merge = tf.nn.ctc_loss(repeats, logits, [6, 3], ctc_merge_repeated=False)
    out = {"loss": loss, "collapsed": collapsed, "batch_major": batch_major,
           "v2_dense": v2_dense, "v2_sparse": v2_sparse, "v2_blank1": v2_blank1,
           "no_merge": no_merge,
           "merge_impossible": tf.nn.ctc_loss(repeats, logits, [6, 3])}
    _grads(tf, out, no_merge, [logits], "dno_merge_")
    _grads(tf, out, loss, [logits], "dloss_")
    return _grads(tf, out, v2_dense, [logits], "dv2_"), {}


def _ctc_too_long(tf):
    logits = _ctc_inputs(tf, 28, (3, 2, 4))
    labels = tf.SparseTensor([[0, 0], [0, 1], [0, 2], [1, 0]], [1, 1, 2, 0], [2, 3])
    loss = tf.nn.ctc_loss(labels, logits, [2, 3], ignore_longer_outputs_than_inputs=True)
    return _grads(tf, {"ignored": loss}, loss, [logits]), {}


def _ctc_too_long_error(tf):
    logits = _ctc_inputs(tf, 28, (3, 2, 4))
    labels = tf.SparseTensor([[0, 0], [0, 1], [0, 2], [1, 0]], [1, 1, 2, 0], [2, 3])
    return {"error": tf.nn.ctc_loss(labels, logits, [3, 3])}, {}


def _ctc_decoders(tf):
    logits = _ctc_inputs(tf, 29, (7, 3, 4))
    seq = [7, 5, 3]
    (greedy,), greedy_p = tf.nn.ctc_greedy_decoder(logits, seq)
    (nomerge,), nomerge_p = tf.nn.ctc_greedy_decoder(logits, seq, merge_repeated=False)
    (blank0,), _ = tf.nn.ctc_greedy_decoder(logits, seq, blank_index=0)
    beams, beam_p = tf.nn.ctc_beam_search_decoder(logits, seq, beam_width=10, top_paths=2)
    beams_v2, beam_v2_p = tf.nn.ctc_beam_search_decoder_v2(logits, seq, beam_width=10)
    out = {"greedy_p": greedy_p, "nomerge_p": nomerge_p, "beam_p": beam_p,
           "beam_v2_p": beam_v2_p}
    for key, sp in (("greedy", greedy), ("nomerge", nomerge), ("blank0", blank0),
                    ("beam0", beams[0]), ("beam1", beams[1]), ("beam_v2", beams_v2[0])):
        out[key] = tf.sparse.to_dense(sp)
        out[key + "_shape"] = sp.dense_shape
    return out, {}


def _ctc_labels(tf):
    labels = tf.constant([[1, 1, 2, 2, 3], [4, 5, 5, 5, 0], [7, 7, 7, 7, 7]])
    collapsed, lengths = tf.nn.collapse_repeated(labels, [5, 3, 4])
    unique, idx = tf.nn.ctc_unique_labels(tf.constant([[3, 4, 4, 3, 0], [1, 2, 3, 1, 1]]))
    return {"collapsed": collapsed, "lengths": lengths, "unique": unique, "idx": idx}, {}


# -- candidate samplers ---------------------------------------------------------------------------

def _sampler_facts(tf, out, key, result, range_max, unique=False):
    sampled, true_expected, sampled_expected = result
    if not unique:   # unique sampling's counts depend on the random number of rejections
        out[key + "_true_expected"] = true_expected
    out[key + "_shape"] = tf.shape(sampled)
    out[key + "_in_range"] = tf.reduce_all((sampled >= 0) & (sampled < range_max))
    out[key + "_sampled_shape"] = tf.shape(sampled_expected)


def _candidate_samplers(tf):
    true = tf.constant([[1, 3], [2, 0]], tf.int64)
    out = {}
    all_c = tf.nn.all_candidate_sampler(true, 2, 5, True)
    out["all_sampled"], out["all_true"], out["all_exp"] = all_c
    out["all_random_ns"] = tf.random.all_candidate_sampler(true, 2, 4, False)[0]
    _sampler_facts(tf, out, "fixed", tf.nn.fixed_unigram_candidate_sampler(
        true, 2, 4, False, 5, unigrams=[1.0, 2.0, 3.0, 4.0, 5.0], distortion=0.5, seed=1), 5)
    _sampler_facts(tf, out, "fixed_reserved", tf.random.fixed_unigram_candidate_sampler(
        true, 2, 3, False, 6, unigrams=[3.0, 1.0, 1.0, 5.0], num_reserved_ids=2, seed=2), 6)
    _sampler_facts(tf, out, "fixed_shard", tf.nn.fixed_unigram_candidate_sampler(
        tf.constant([[1, 2], [2, 0]], tf.int64), 2, 3, False, 3,
        unigrams=[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], num_shards=2, shard=1,
        seed=3), 3)
    _sampler_facts(tf, out, "learned", tf.nn.learned_unigram_candidate_sampler(
        true, 2, 3, False, 4, seed=4), 4)
    _sampler_facts(tf, out, "learned_r", tf.random.learned_unigram_candidate_sampler(
        true, 2, 3, False, 7, seed=5), 7)
    _sampler_facts(tf, out, "log_uniform", tf.nn.log_uniform_candidate_sampler(
        true, 2, 3, False, 10, seed=6), 10)
    _sampler_facts(tf, out, "log_uniform_r", tf.random.log_uniform_candidate_sampler(
        true, 2, 4, False, 20, seed=7), 20)
    _sampler_facts(tf, out, "uniform", tf.nn.uniform_candidate_sampler(
        true, 2, 3, True, 10, seed=8), 10, unique=True)
    _sampler_facts(tf, out, "uniform_r", tf.random.uniform_candidate_sampler(
        true, 2, 3, False, 10, seed=9), 10)
    hits = tf.nn.compute_accidental_hits(true, tf.constant([3, 0, 5, 1, 3], tf.int64), 2)
    out["hit_rows"], out["hit_ids"], out["hit_weights"] = hits
    return out, {}


def _sampler_true_out_of_range(tf):
    true = tf.constant([[1, 3], [2, 0]], tf.int64)
    return {"all": tf.nn.all_candidate_sampler(true, 2, 3, True)[0]}, {}


def _categorical(tf):
    logits = tf.constant([[0.0, -np.inf, -np.inf], [-np.inf, -np.inf, 1.0]])
    draws = tf.random.categorical(logits, 6, seed=3)
    wide = tf.random.categorical(tf.zeros([2, 5]), 50, dtype=tf.int32, seed=4)
    return {"draws": draws, "wide_shape": tf.shape(wide),
            "wide_range": tf.reduce_all((wide >= 0) & (wide < 5))}, {}


# -- sampled losses with fixed samples -------------------------------------------------------------

def _sampled_losses(tf):
    weights = _const(tf, (6, 3), 30)
    biases = _const(tf, (6,), 31)
    inputs = _const(tf, (2, 3), 32)
    labels = tf.constant([[1], [4]], tf.int64)
    sampled = (tf.constant([0, 2, 4], tf.int64), tf.constant([[0.5], [0.25]]),
               tf.constant([0.3, 0.2, 0.25]))
    nce = tf.nn.nce_loss(weights, biases, labels, inputs, 3, 6, sampled_values=sampled)
    nce_hits = tf.nn.nce_loss(weights, biases, labels, inputs, 3, 6, sampled_values=sampled,
                              remove_accidental_hits=True)
    ssm = tf.nn.sampled_softmax_loss(weights, biases, labels, inputs, 3, 6,
                                     sampled_values=sampled)
    out = {"nce": nce, "nce_hits": nce_hits, "ssm": ssm}
    _grads(tf, out, nce, [weights, inputs], "dnce_")
    return _grads(tf, out, ssm, [weights, biases], "dssm_"), {}


# -- fake quantization ---------------------------------------------------------------------------

def _fake_quant(tf):
    x = tf.constant([-7.0, -6.0, -1.3, -0.02, 0.0, 0.1, 0.5, 3.3, 5.99, 6.2, 100.0])
    x2 = tf.constant(np.linspace(-2.0, 3.0, 12, dtype=np.float32).reshape(4, 3))
    lo, hi = tf.constant(-1.0), tf.constant(2.0)
    lo3, hi3 = tf.constant([-1.0, 0.3, -0.5]), tf.constant([1.0, 2.5, 0.0])
    g = tf.constant(np.linspace(0.5, 1.6, 11, dtype=np.float32))
    g2 = tf.constant(np.linspace(-1.0, 1.0, 12, dtype=np.float32).reshape(4, 3))
    out = {"args": tf.fake_quant_with_min_max_args(x),
           "args_narrow": tf.fake_quant_with_min_max_args(x, -1.0, 1.0, 4, True),
           "args_offset": tf.fake_quant_with_min_max_args(x, 0.3, 5.0, 8),
           "args_grad": tf.fake_quant_with_min_max_args_gradient(g, x, -1.0, 1.0),
           "vars": tf.fake_quant_with_min_max_vars(x, lo, hi),
           "vars_7bit": tf.fake_quant_with_min_max_vars(x, lo, hi, 7, True),
           "per_channel": tf.fake_quant_with_min_max_vars_per_channel(x2, lo3, hi3),
           "per_channel_4": tf.fake_quant_with_min_max_vars_per_channel(x2, lo3, hi3, 4)}
    dx, dmin, dmax = tf.fake_quant_with_min_max_vars_gradient(g, x, lo, hi)
    out.update(vg_x=dx, vg_min=dmin, vg_max=dmax)
    pdx, pdmin, pdmax = tf.fake_quant_with_min_max_vars_per_channel_gradient(g2, x2, lo3, hi3)
    out.update(pg_x=pdx, pg_min=pdmin, pg_max=pdmax)
    _grads(tf, out, out["vars"], [x, lo, hi], "dvars_")
    _grads(tf, out, out["per_channel"], [x2, lo3, hi3], "dpc_")
    return _grads(tf, out, out["args"], [x], "dargs_"), {}


# -- quantized tensors -----------------------------------------------------------------------------

_QX = [-2.5, -1.0, -0.3, 0.0, 0.0117647, 0.5, 1.2, 1.5, 2.0, 7.0]


def _quantize(tf):
    x = tf.constant(_QX)
    out = {}
    for t in ("quint8", "qint8", "qint16"):
        for mode in ("MIN_COMBINED", "MIN_FIRST", "SCALED"):
            q = tf.quantize(x, -1.0, 2.0, getattr(tf, t), mode=mode)
            key = "%s_%s" % (t, mode.lower())
            out[key], out[key + "_min"], out[key + "_max"] = q
            out[key + "_deq"] = tf.dequantize(q.output, q.output_min, q.output_max, mode=mode)
    return out, {}


def _quantize_qint32(tf):
    # 2.0 in [-1, 2] is level 2^31 - 0.5: TF's float-to-int32 cast overflows there
    # (known_differences.txt); tfcompat saturates to 2^31 - 1
    x = tf.constant(_QX)
    out = {}
    for mode in ("MIN_COMBINED", "MIN_FIRST", "SCALED"):
        q = tf.quantize(x, -1.0, 2.0, tf.qint32, mode=mode)
        key = "qint32_" + mode.lower()
        out[key], out[key + "_min"], out[key + "_max"] = q
        out[key + "_deq"] = tf.dequantize(q.output, q.output_min, q.output_max, mode=mode)
    return out, {}


def _quantize_options(tf):
    x = tf.constant(_QX)
    m = tf.constant(np.linspace(-3.0, 3.0, 12, dtype=np.float32).reshape(3, 4))
    out = {}
    q = tf.quantize_v2(x, -1.0, 2.0, tf.qint8, mode="SCALED", round_mode="HALF_TO_EVEN",
                       narrow_range=True)
    out["even"], out["even_min"], out["even_max"] = q
    out["even_deq"] = tf.dequantize(q.output, q.output_min, q.output_max, mode="SCALED",
                                    narrow_range=True)
    q = tf.quantize(x, 0.5, 0.5, tf.quint8)
    out["tiny"], out["tiny_min"], out["tiny_max"] = q
    q = tf.quantize(x, 0.0, 0.001, tf.quint8, ensure_minimum_range=0.5)
    out["ensure"], out["ensure_min"], out["ensure_max"] = q
    q = tf.quantize(m, [-1.0, -2.0, 0.0, -3.0], [1.0, 2.0, 3.0, 0.5], tf.qint8, axis=1)
    out["axis"], out["axis_min"], out["axis_max"] = q
    out["axis_deq"] = tf.dequantize(q.output, q.output_min, q.output_max, axis=-1)
    q = tf.quantize(m, [-1.0, -2.0, 0.0], [1.0, 2.0, 3.0], tf.quint8, mode="SCALED", axis=0)
    out["axis0"], out["axis0_min"], out["axis0_max"] = q
    out["axis0_deq"] = tf.dequantize(q.output, q.output_min, q.output_max, mode="SCALED",
                                     axis=0)
    return out, {}


def _quantize_and_dequantize(tf):
    x = tf.constant([-1.3, -0.2, 0.0, 0.7, 0.75, 2.9, 1.5])
    m = tf.constant(np.linspace(-2.0, 3.0, 12, dtype=np.float32).reshape(4, 3))
    qd = tf.quantization
    out = {"v1": qd.quantize_and_dequantize(x, -1.0, 2.0, range_given=True),
           "v1_data": qd.quantize_and_dequantize(x, 0.0, 0.0),
           "v1_unsigned": qd.quantize_and_dequantize(tf.abs(x), 0.0, 2.0, signed_input=False,
                                                     num_bits=4, range_given=True),
           "v1_half_up": qd.quantize_and_dequantize(x, -1.0, 2.0, num_bits=3, range_given=True,
                                                    round_mode="HALF_UP", narrow_range=True),
           "v2": qd.quantize_and_dequantize_v2(x, -1.0, 2.0, range_given=True, num_bits=4),
           "v2_axis_data": qd.quantize_and_dequantize_v2(m, [0.0] * 4, [0.0] * 4, axis=0),
           # the namespace's other names are the top-level objects
           "ns_fake": qd.fake_quant_with_min_max_args(x, -1.0, 1.0),
           "ns_fake_grad": qd.fake_quant_with_min_max_args_gradient(x, x, -1.0, 1.0),
           "ns_fake_vars": qd.fake_quant_with_min_max_vars(x, -1.0, 2.0),
           "ns_fake_vars_grad": qd.fake_quant_with_min_max_vars_gradient(x, x, -1.0, 2.0)[0],
           "ns_fake_pc": qd.fake_quant_with_min_max_vars_per_channel(m, [-1.0] * 3, [1.0] * 3),
           "ns_fake_pc_grad": qd.fake_quant_with_min_max_vars_per_channel_gradient(
               m, m, [-1.0] * 3, [1.0] * 3)[0]}
    q = qd.quantize(x, -1.0, 2.0, tf.qint8)
    out["ns_deq"] = qd.dequantize(q.output, q.output_min, q.output_max)
    q8 = qd.quantize(x, -1.0, 2.0, tf.quint8)   # TF's QuantizedConcat has quint8/qint32 kernels
    out["ns_concat"] = qd.quantized_concat(0, [q8.output, q8.output], [q8.output_min] * 2,
                                           [q8.output_max] * 2)[0]
    _grads(tf, out, out["v1"], [x], "dv1_")
    v2_axis = qd.quantize_and_dequantize_v2(m, [-1.0, -2.0, 0.5], [1.0, 2.0, 3.0],
                                            range_given=True, axis=1)
    # fixed-shape grad_ys: TF computes this gradient without running the forward op, which
    # fails (see api_nn_quantize_and_dequantize_axis_range)
    out["dv2_axis"] = tf.gradients(v2_axis, m, grad_ys=tf.reshape(tf.cos(tf.range(12.0)),
                                                                  [4, 3]))[0]
    grad = tf.raw_ops.QuantizeAndDequantizeV4Grad(gradients=tf.ones_like(m), input=m,
                                                  input_min=[-1.0, 0.0, 0.5],
                                                  input_max=[1.0, 2.0, 3.0], axis=1)
    out["v4grad"], out["v4grad_min"], out["v4grad_max"] = grad
    return _grads(tf, out, out["v2"], [x], "dv2_"), {}


def _quantize_and_dequantize_axis_range(tf):
    # TF 2.21's QuantizeAndDequantizeV4 kernel rejects a per-axis given range
    # ("input_min must be a scalar", known_differences.txt)
    m = tf.constant(np.linspace(-2.0, 3.0, 12, dtype=np.float32).reshape(4, 3))
    return {"v2_axis": tf.quantization.quantize_and_dequantize_v2(
        m, [-1.0, -2.0, 0.5], [1.0, 2.0, 3.0], range_given=True, axis=1)}, {}


def _quantized_kernels(tf):
    img = tf.constant(np.linspace(-1.0, 2.0, 2 * 5 * 5 * 3, dtype=np.float32).reshape(2, 5, 5, 3)
                      ** 2 - 0.5)
    q, lo, hi = tf.quantize(img, -1.0, 3.0, tf.quint8)
    w, wlo, whi = tf.quantize(_const(tf, (2, 2, 3, 4), 50), -1.0, 1.0, tf.quint8)
    q2, lo2, hi2 = tf.quantize(img * 0.5, -0.5, 1.0, tf.quint8)
    out = {}
    out["max_same"], out["max_lo"], out["max_hi"] = tf.nn.quantized_max_pool(
        q, lo, hi, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
    out["max_valid"] = tf.nn.quantized_max_pool(q, lo, hi, [1, 3, 3, 1], [1, 1, 1, 1],
                                                "VALID")[0]
    out["avg_same"], out["avg_lo"], out["avg_hi"] = tf.nn.quantized_avg_pool(
        q, lo, hi, [1, 2, 2, 1], [1, 1, 1, 1], "SAME")
    out["avg_valid"] = tf.nn.quantized_avg_pool(q, lo, hi, [1, 3, 2, 1], [1, 2, 1, 1],
                                                "VALID")[0]
    out["conv"], out["conv_lo"], out["conv_hi"] = tf.nn.quantized_conv2d(
        q, w, lo, hi, wlo, whi, [1, 1, 1, 1], "SAME")
    out["conv_strided"] = tf.nn.quantized_conv2d(q, w, lo, hi, wlo, whi, [1, 2, 2, 1],
                                                 "VALID")[0]
    out["concat"], out["concat_lo"], out["concat_hi"] = tf.quantized_concat(
        3, [q, q2], [lo, lo2], [hi, hi2])
    out["concat_same"] = tf.quantized_concat(0, [q, q], [lo, lo], [hi, hi])[0]
    return out, {}


# -- sparse embeddings -----------------------------------------------------------------------------

def _embedding_sparse(tf):
    params = _const(tf, (6, 3), 33)
    ids = tf.SparseTensor([[0, 0], [0, 1], [1, 0], [3, 0], [3, 1], [3, 2]],
                          tf.constant([1, 3, 0, 5, 5, 2], tf.int64), [4, 3])
    weights = tf.SparseTensor(ids.indices, [0.5, 2.0, 1.0, -1.0, 3.0, 0.25], ids.dense_shape)
    out = {"mean": tf.nn.embedding_lookup_sparse(params, ids, None),
           "sum_w": tf.nn.embedding_lookup_sparse(params, ids, weights, combiner="sum"),
           "sqrtn_w": tf.nn.embedding_lookup_sparse(params, ids, weights, combiner="sqrtn"),
           "mean_w": tf.nn.embedding_lookup_sparse(params, ids, weights, combiner="mean")}
    return _grads(tf, out, out["sqrtn_w"], [params]), {}


def _safe_embedding_sparse(tf):
    params = _const(tf, (5, 2), 34)
    ids = tf.SparseTensor([[0, 0, 0], [0, 0, 1], [0, 1, 0], [1, 1, 0], [1, 1, 1]],
                          tf.constant([1, -1, 4, 2, 0], tf.int64), [2, 3, 2])
    weights = tf.SparseTensor(ids.indices, [1.0, 1.0, 0.0, 2.0, -1.0], ids.dense_shape)
    out = {"mean": tf.nn.safe_embedding_lookup_sparse(params, ids),
           "sum_w": tf.nn.safe_embedding_lookup_sparse(params, ids, weights, combiner="sum"),
           "default": tf.nn.safe_embedding_lookup_sparse(params, ids, weights, default_id=3),
           "sqrtn": tf.nn.safe_embedding_lookup_sparse([params], ids, None, combiner="sqrtn")}
    return _grads(tf, out, out["mean"], [params]), {}


# -- normalization, loss scaling, top-k-------------------------------------------------------------

def _normalization(tf):
    x = _const(tf, (3, 4), 35, 3.0)
    counts, mean_ss, var_ss, shift = tf.nn.sufficient_statistics(x, [0])
    counts2, m2, v2, shift2 = tf.nn.sufficient_statistics(x, [0, 1], shift=0.5, keep_dims=True)
    mean, var = tf.nn.normalize_moments(counts, mean_ss, var_ss, None)
    mean2, var2 = tf.nn.normalize_moments(counts2, m2, v2, shift2)
    bn = tf.nn.batch_norm_with_global_normalization(x, mean, var, tf.constant([0.1] * 4),
                                                    tf.constant([2.0] * 4), 0.001, True)
    bn_noscale = tf.nn.batch_norm_with_global_normalization(
        x, mean, var, tf.constant([0.1] * 4), tf.constant([2.0] * 4), 0.001, False)
    out = {"counts": counts, "mean_ss": mean_ss, "var_ss": var_ss, "mean": mean, "var": var,
           "mean2": mean2, "var2": var2, "bn": bn, "bn_noscale": bn_noscale}
    return _grads(tf, out, bn, [x]), {}


def _loss_scaling(tf):
    per_example = tf.constant([1.0, 2.0, 3.0, 4.0])
    out = {"avg": tf.nn.compute_average_loss(per_example),
           "avg_w": tf.nn.compute_average_loss(per_example, sample_weight=[1.0, 0.0, 2.0, 0.5]),
           "avg_gbs": tf.nn.compute_average_loss(per_example, global_batch_size=8),
           "avg_2d": tf.nn.compute_average_loss(tf.ones([3, 2]), sample_weight=2.0),
           "avg_empty": tf.nn.compute_average_loss(tf.zeros([0])),
           "reg": tf.nn.scale_regularization_loss(tf.constant([0.5, 1.5])),
           "reg_scalar": tf.nn.scale_regularization_loss(2.5)}
    return out, {}


def _approx_top_k(tf):
    x = tf.constant([[3.0, 1.0, 4.0, 1.0, 5.0], [9.0, 2.0, 6.0, 5.0, 3.0]])
    vmax, imax = tf.nn.approx_max_k(x, 2)
    return _grads(tf, {"vmax": vmax, "imax": imax}, vmax, [x]), {}


def _approx_top_k_more(tf):
    # TF 2.21 runs only the first ApproxTopK of a graph on CPU (see known_differences.txt)
    x = tf.constant([[3.0, 1.0, 4.0, 1.0, 5.0], [9.0, 2.0, 6.0, 5.0, 3.0]])
    vmin, imin = tf.math.approx_min_k(x, 3)
    v0, i0 = tf.math.approx_max_k(x, 1, reduction_dimension=0)
    return {"vmin": vmin, "imin": imin, "v0": v0, "i0": i0,
            "ties": tf.nn.approx_min_k(tf.constant([2.0, 1.0, 1.0, 3.0]), 2)[1]}, {}


# -- RNN--------------------------------------------------------------------------------------------

def _static_bidirectional(tf):
    inputs = [_const(tf, (2, 3), 40 + t) for t in range(3)]
    init = tf.constant_initializer(0.2)
    with tf.variable_scope("bi", initializer=init):
        fw = tf.nn.rnn_cell.BasicRNNCell(4)
        bw = tf.nn.rnn_cell.BasicRNNCell(4)
        outputs, state_fw, state_bw = tf.nn.static_bidirectional_rnn(
            fw, bw, inputs, dtype=tf.float32, sequence_length=[3, 2])
    out = {"out%d" % i: o for i, o in enumerate(outputs)}
    out.update(state_fw=state_fw, state_bw=state_bw)
    _grads(tf, out, outputs[0], inputs, "dx_")
    return out, {}, [tf.global_variables_initializer()]


def _raw_rnn(tf):
    inputs = _const(tf, (4, 2, 3), 60)
    lengths = tf.constant([4, 2])
    inputs_ta = tf.TensorArray(dtype=tf.float32, size=4).unstack(inputs)
    with tf.variable_scope("raw", initializer=tf.constant_initializer(0.1)):
        cell = tf.nn.rnn_cell.BasicRNNCell(5)

        def loop_fn(time, cell_output, cell_state, loop_state):
            state = cell.zero_state(2, tf.float32) if cell_output is None else cell_state
            emit = None if cell_output is None else cell_output * 2.0
            count = tf.constant(0) if loop_state is None else loop_state + 1
            finished = time >= lengths
            next_input = tf.cond(tf.reduce_all(finished), lambda: tf.zeros([2, 3]),
                                 lambda: inputs_ta.read(time))
            return finished, next_input, state, emit, count

        outputs_ta, final_state, steps = tf.nn.raw_rnn(cell, loop_fn)
    outputs = outputs_ta.stack()
    out = {"outputs": outputs, "final_state": final_state, "steps": steps}
    _grads(tf, out, outputs, [inputs])
    return out, {}, [tf.global_variables_initializer()]


class _StateSaver:
    """The state saver interface of tf.nn.static_state_saving_rnn, over variables."""

    def __init__(self, tf):
        self.tf = tf
        self.saved = {}

    def state(self, name):
        var = self.tf.get_variable(name + "_saved", initializer=self.tf.fill([2, 3], 0.5))
        self.saved[name] = var
        return self.tf.identity(var)

    def save_state(self, name, value):
        return self.tf.assign(self.saved[name], value)


def _state_saving_rnn(tf):
    inputs = [_const(tf, (2, 4), 70 + t) for t in range(3)]
    saver = _StateSaver(tf)
    with tf.variable_scope("ssr", initializer=tf.constant_initializer(-0.2)):
        cell = tf.nn.rnn_cell.BasicRNNCell(3)
        outputs, state = tf.nn.static_state_saving_rnn(cell, inputs, saver, "h",
                                                       sequence_length=[3, 1])
    out = {"out%d" % i: o for i, o in enumerate(outputs)}
    out["state"] = state
    # the step saves the final state: the fetched run starts from it
    return out, {}, [tf.global_variables_initializer(), state]


# -- tf.losses--------------------------------------------------------------------------------------

def _losses(tf):
    labels = tf.constant([[0.0, 1.0], [1.0, 0.0], [0.6, 0.8]])
    preds = tf.constant([[0.6, 0.8], [0.8, 0.6], [1.0, 0.0]])
    weighted = tf.losses.compute_weighted_loss(tf.constant([1.0, 2.0, 3.0]), [1.0, 0.5, 0.0])
    weighted_none = tf.losses.compute_weighted_loss(
        tf.constant([1.0, 2.0]), reduction=tf.losses.Reduction.NONE)
    cosine = tf.losses.cosine_distance(labels, preds, axis=1)
    pairwise = tf.losses.mean_pairwise_squared_error(labels, preds)
    extra = tf.constant(0.75)
    tf.losses.add_loss(extra)
    reg = tf.get_variable("v", initializer=tf.constant([1.0, -2.0]),
                          regularizer=lambda v: tf.reduce_sum(tf.abs(v)))
    losses = tf.losses.get_losses()
    regs = tf.losses.get_regularization_losses()
    out = {"weighted": weighted, "weighted_none": weighted_none, "cosine": cosine,
           "pairwise": pairwise, "n_losses": tf.constant(len(losses)),
           "sum_losses": tf.add_n([tf.reduce_sum(loss) for loss in losses]),
           "n_regs": tf.constant(len(regs)),
           "sum_regs": tf.add_n(regs)}
    _ = reg
    return _grads(tf, out, pairwise, [preds]), {}, [tf.global_variables_initializer()]


# -- initializers-----------------------------------------------------------------------------------

def _initializer_facts(tf, out, key, init, shape, bound):
    value = init(shape)
    out[key + "_shape"] = tf.shape(value)
    out[key + "_dtype_is_float"] = tf.constant(value.dtype.is_floating)
    out[key + "_bounded"] = tf.reduce_all(tf.abs(value) <= bound)
    out[key + "_nonconst"] = tf.reduce_max(value) > tf.reduce_min(value)


def _initializers(tf):
    out = {}
    shape = [40, 60]
    fan_in, fan_out = 40.0, 60.0
    glorot = np.sqrt(6.0 / (fan_in + fan_out))
    _initializer_facts(tf, out, "glorot_u", tf.initializers.glorot_uniform(seed=1), shape,
                       glorot)
    _initializer_facts(tf, out, "glorot_u_top", tf.glorot_uniform_initializer(seed=2), shape,
                       glorot)
    _initializer_facts(tf, out, "he_n", tf.initializers.he_normal(seed=3), shape,
                       2.0 * np.sqrt(2.0 / fan_in) / 0.87962566103423978 + 1e-6)
    _initializer_facts(tf, out, "he_u", tf.initializers.he_uniform(seed=4), shape,
                       np.sqrt(6.0 / fan_in))
    _initializer_facts(tf, out, "lecun_n", tf.initializers.lecun_normal(seed=5), shape,
                       2.0 * np.sqrt(1.0 / fan_in) / 0.87962566103423978 + 1e-6)
    _initializer_facts(tf, out, "lecun_u", tf.initializers.lecun_uniform(seed=6), shape,
                       np.sqrt(3.0 / fan_in))
    _initializer_facts(tf, out, "uus", tf.initializers.uniform_unit_scaling(1.5, seed=7),
                       shape, 1.5 * np.sqrt(3.0 / fan_in))
    _initializer_facts(tf, out, "uus_top", tf.uniform_unit_scaling_initializer(seed=8), shape,
                       np.sqrt(3.0 / fan_in))
    with tf.variable_scope("init", initializer=tf.initializers.he_uniform(seed=9)):
        v = tf.get_variable("w", [3, 5])
    out["var_bounded"] = tf.reduce_all(tf.abs(v) <= np.sqrt(6.0 / 3.0))
    return out, {}, [tf.global_variables_initializer()]


PROGRAMS = [
    Program("api_nn_conv_backprops", _conv_backprops, tol=(1e-4, 1e-5)),
    Program("api_nn_depthwise", _depthwise, tol=(1e-4, 1e-5),
            covers=("DepthwiseConv2dNativeBackpropFilter", "DepthwiseConv2dNativeBackpropInput")),
    Program("api_nn_conv3d_backprop", _conv3d_backprop, tol=(1e-4, 1e-5),
            covers=("Conv3DBackpropFilterV2",)),
    Program("api_nn_conv_backprop_v2", _conv_backprop_v2, tol=(1e-4, 1e-5),
            covers=("Conv2DBackpropFilterV2", "Conv2DBackpropInputV2")),
    Program("api_nn_conv_v2_no_gradient", _conv_v2_no_gradient, tol=(1e-4, 1e-5)),
    Program("api_nn_generic_conv", _generic_conv, tol=(1e-4, 1e-5),
            covers=("Conv",)),
    Program("api_nn_generic_conv_rank3", _generic_conv_rank3),
    Program("api_nn_generic_conv_grouped", _generic_conv_grouped, tol=(1e-4, 1e-5)),
    Program("api_nn_conv_transpose", _conv_transpose, tol=(1e-4, 1e-5)),
    Program("api_nn_pools_v2", _pools_v2),
    Program("api_nn_fractional_pools", _fractional_pools, tol=(1e-5, 1e-6),
            covers=("FractionalAvgPool", "FractionalMaxPool")),
    Program("api_nn_fractional_layout", _fractional_layout),
    Program("api_nn_fractional_sequences", _fractional_sequences),
    Program("api_nn_fractional_seed", _fractional_seed_without_deterministic),
    Program("api_nn_morphology", _morphology,
            covers=("Dilation2D",)),
    Program("api_nn_space_depth", _space_depth),
    Program("api_nn_ctc_loss", _ctc_loss, tol=(1e-4, 1e-5),
            covers=("CTCLoss",)),
    Program("api_nn_ctc_too_long", _ctc_too_long, tol=(1e-4, 1e-5)),
    Program("api_nn_ctc_too_long_error", _ctc_too_long_error),
    Program("api_nn_ctc_decoders", _ctc_decoders, tol=(1e-4, 1e-5),
            covers=("CTCGreedyDecoder", "CTCBeamSearchDecoder")),
    Program("api_nn_ctc_labels", _ctc_labels),
    Program("api_nn_candidate_samplers", _candidate_samplers, tol=(1e-5, 1e-6),
            covers=("AllCandidateSampler", "FixedUnigramCandidateSampler",
                    "LearnedUnigramCandidateSampler", "ComputeAccidentalHits")),
    Program("api_nn_sampler_true_out_of_range", _sampler_true_out_of_range),
    Program("api_nn_categorical", _categorical),
    Program("api_nn_sampled_losses", _sampled_losses, tol=(1e-4, 1e-5)),
    Program("api_nn_fake_quant", _fake_quant,
            covers=("FakeQuantWithMinMaxArgs", "FakeQuantWithMinMaxArgsGradient",
                    "FakeQuantWithMinMaxVars", "FakeQuantWithMinMaxVarsGradient",
                    "FakeQuantWithMinMaxVarsPerChannel",
                    "FakeQuantWithMinMaxVarsPerChannelGradient")),
    Program("api_nn_quantize", _quantize,
            covers=("QuantizeV2", "Dequantize")),
    Program("api_nn_quantize_qint32", _quantize_qint32, tol=(1e-5, 1e-5)),
    Program("api_nn_quantize_and_dequantize", _quantize_and_dequantize,
            covers=("QuantizeAndDequantizeV2", "QuantizeAndDequantizeV4",
                    "QuantizeAndDequantizeV4Grad")),
    Program("api_nn_quantize_and_dequantize_axis_range", _quantize_and_dequantize_axis_range),
    Program("api_nn_quantize_options", _quantize_options),
    Program("api_nn_quantized_kernels", _quantized_kernels,
            covers=("QuantizedAvgPool", "QuantizedConcat", "QuantizedConv2D", "QuantizedMaxPool")),
    Program("api_nn_embedding_sparse", _embedding_sparse, tol=(1e-5, 1e-6)),
    Program("api_nn_safe_embedding_sparse", _safe_embedding_sparse, tol=(1e-5, 1e-6)),
    Program("api_nn_normalization", _normalization, tol=(1e-4, 1e-5)),
    Program("api_nn_loss_scaling", _loss_scaling),
    Program("api_nn_approx_top_k", _approx_top_k,
            covers=("ApproxTopK",)),
    Program("api_nn_approx_top_k_more", _approx_top_k_more),
    Program("api_nn_static_bidirectional_rnn", _static_bidirectional, tol=(1e-5, 1e-6)),
    Program("api_nn_raw_rnn", _raw_rnn, tol=(1e-5, 1e-6)),
    Program("api_nn_state_saving_rnn", _state_saving_rnn, tol=(1e-5, 1e-6)),
    Program("api_nn_losses", _losses, tol=(1e-5, 1e-6)),
    Program("api_nn_initializers", _initializers),
]
