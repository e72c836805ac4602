"""Public-API programs for RaggedTensors (issue 12, tag ragged): tf.RaggedTensor's factories,
properties, conversions (RaggedTensorToTensor / RaggedTensorToSparse, with gradients),
indexing and operators; tf.ragged.constant / placeholder / range (RaggedRange) / stack /
boolean_mask / map_flat_values / cross / cross_hashed (RaggedCross) /
stack_dynamic_partitions; tf.ragged_fill_empty_rows(_grad); tf.RaggedTensorSpec and
tf.io.RaggedFeature. A RaggedTensor is fetched as its flat values and row splits."""
from harness import Program


def _rt(out, name, rt):
    """Fetches of a RaggedTensor: flat values, every row splits, its static shape as ints."""
    out[name + "_values"] = rt.flat_values
    for i, splits in enumerate(rt.nested_row_splits):
        out["%s_splits%d" % (name, i)] = splits


def _static(tf, rt):
    return tf.constant([-1 if d is None else d for d in rt.shape.as_list()] +
                       [rt.ragged_rank, int(rt.dtype.size if rt.dtype != tf.string else 0),
                        int(rt.row_splits.dtype == tf.int64)])


def _constant(tf):
    out = {}
    _rt(out, "int", tf.ragged.constant([[1, 2], [3], [], [4, 5, 6]]))
    _rt(out, "float_empty", tf.ragged.constant([[], []]))
    _rt(out, "str", tf.ragged.constant([["a", "bc"], []]))
    _rt(out, "rank3", tf.ragged.constant([[[1, 2], [3]], [], [[4]]]))
    _rt(out, "inner", tf.ragged.constant([[[1, 2]], [], [[3, 4], [5, 6]]], ragged_rank=1))
    _rt(out, "inner_shape", tf.ragged.constant([[1, 2], []], inner_shape=(), dtype=tf.float64))
    _rt(out, "splits32", tf.ragged.constant([[True], [False, True]],
                                            row_splits_dtype=tf.int32))
    out["dense"] = tf.ragged.constant([1, 2])
    out["static"] = _static(tf, tf.ragged.constant([[[1, 2], [3]], [], [[4]]]))
    out["static_inner"] = _static(tf, tf.ragged.constant([[[1.0, 2.0]], []], ragged_rank=1))
    value = tf.ragged.constant_value([[1, 2], [3]])
    out["value_list"] = tf.constant(value.to_list()[0])
    out["value_type"] = tf.constant(type(value) is tf.ragged.RaggedTensorValue)
    return out, {}


def _factories(tf):
    out = {}
    vals = tf.constant([1.0, 2.0, 3.0, 4.0])
    _rt(out, "splits", tf.RaggedTensor.from_row_splits(vals, [0, 2, 2, 4]))
    _rt(out, "lengths", tf.RaggedTensor.from_row_lengths(vals, [1, 0, 3]))
    _rt(out, "rowids", tf.RaggedTensor.from_value_rowids(vals, [0, 0, 2, 2]))
    _rt(out, "rowids_n", tf.RaggedTensor.from_value_rowids(vals, [0, 1, 1, 1], nrows=4))
    _rt(out, "starts", tf.RaggedTensor.from_row_starts(vals, [0, 1]))
    _rt(out, "limits", tf.RaggedTensor.from_row_limits(vals, [3, 4]))
    _rt(out, "uniform", tf.RaggedTensor.from_uniform_row_length(vals, 2))
    _rt(out, "nested_splits", tf.RaggedTensor.from_nested_row_splits(
        vals, [[0, 1, 3], [0, 2, 3, 4]]))
    _rt(out, "nested_lengths", tf.RaggedTensor.from_nested_row_lengths(
        vals, [[2, 0], [1, 3]]))
    _rt(out, "nested_rowids", tf.RaggedTensor.from_nested_value_rowids(
        vals, [[0, 0, 1], [0, 1, 1, 2]]))
    _rt(out, "novalidate", tf.RaggedTensor.from_row_splits(vals, [0, 4], validate=False))
    out["static_uniform"] = _static(tf, tf.RaggedTensor.from_uniform_row_length(vals, 2))
    out["static_splits"] = _static(tf, tf.RaggedTensor.from_row_splits(vals, [0, 2, 2, 4]))
    return out, {}


def _from_dense(tf):
    out = {}
    dense = tf.constant([[1, 0, 2, 0], [0, 0, 0, 0], [3, 0, 0, 0]])
    _rt(out, "tensor", tf.RaggedTensor.from_tensor(dense))
    _rt(out, "padding", tf.RaggedTensor.from_tensor(dense, padding=0))
    _rt(out, "lengths", tf.RaggedTensor.from_tensor(dense, lengths=[1, 5, 0]))
    _rt(out, "rr2", tf.RaggedTensor.from_tensor([[[1, 0], [2, 3]], [[0, 0], [4, 0]]],
                                                padding=0, ragged_rank=2))
    _rt(out, "inner_pad", tf.RaggedTensor.from_tensor([[[1, 0], [0, 0]], [[0, 0], [4, 0]]],
                                                      padding=[0, 0]))
    _rt(out, "splits32", tf.RaggedTensor.from_tensor(dense, row_splits_dtype=tf.int32))
    st = tf.SparseTensor([[0, 0], [0, 1], [2, 0]], [1.5, 2.5, 3.5], [4, 5])
    _rt(out, "sparse", tf.RaggedTensor.from_sparse(st))
    out["static_tensor"] = _static(tf, tf.RaggedTensor.from_tensor(dense))
    return out, {}


def _properties(tf):
    rt = tf.ragged.constant([[[1, 2], [3]], [], [[4], [], [5, 6]]])
    flat = tf.ragged.constant([[1, 2], [3], [], [4, 5, 6]])
    out = {"values_splits": rt.values.row_splits, "flat": rt.flat_values,
           "row_splits": rt.row_splits, "nrows": rt.nrows(),
           "nrows32": rt.nrows(out_type=tf.int32), "row_lengths": flat.row_lengths(),
           "row_lengths2": rt.row_lengths(axis=2).flat_values,
           "starts": flat.row_starts(), "limits": flat.row_limits(),
           "value_rowids": tf.reshape(flat.value_rowids(), [2, 3]),
           "bounding": rt.bounding_shape(), "bounding1": rt.bounding_shape(axis=1),
           "ragged_rank": tf.constant(rt.ragged_rank),
           "nested_lengths": tf.concat(list(rt.nested_row_lengths()), 0),
           "splits32": flat.with_row_splits_dtype(tf.int32).row_splits,
           "merged": rt.merge_dims(0, 1).row_splits}
    _rt(out, "with_values", flat.with_values(tf.cast(flat.values, tf.float32) * 2.0))
    _rt(out, "with_flat", rt.with_flat_values(rt.flat_values + 10))
    try:
        rt.to_list()
    except ValueError:
        out["to_list_graph"] = tf.constant("ValueError")
    return out, {}


def _to_dense(tf):
    x = tf.constant([1.0, 2.0, 3.0, 4.0, 5.0])
    rt = tf.RaggedTensor.from_nested_row_splits(x, [[0, 2, 2, 3], [0, 1, 3, 3, 5]])
    flat = tf.RaggedTensor.from_row_splits(x, [0, 3, 3, 5])
    dense = flat.to_tensor(default_value=-1.0)
    cut = flat.to_tensor(shape=[2, 2])
    grown = flat.to_tensor(shape=[4, 4], default_value=9.0)
    nested = rt.to_tensor()
    st = rt.to_sparse()
    inner = tf.RaggedTensor.from_row_splits(tf.reshape(x[:4], [2, 2]), [0, 0, 2])
    grads = tf.gradients(tf.reduce_sum(dense * dense) + tf.reduce_sum(cut * 3.0) +
                         tf.reduce_sum(nested), x)
    out = {"dense": dense, "cut": cut, "grown": grown, "nested": nested,
           "sp_indices": st.indices, "sp_values": st.values, "sp_shape": st.dense_shape,
           "inner": inner.to_tensor(), "inner_sp": inner.to_sparse().indices,
           "str": tf.ragged.constant([["a"], [], ["b", "c"]]).to_tensor(default_value="z"),
           "grad": tf.convert_to_tensor(grads[0])}
    return out, {}


def _to_dense_grad_default(tf):
    d = tf.constant(2.0)
    flat = tf.RaggedTensor.from_row_splits(tf.constant([1.0, 2.0, 3.0]), [0, 1, 3])
    return {"grad": tf.gradients(tf.reduce_sum(flat.to_tensor(default_value=d)), d)[0]}, {}


def _indexing(tf):
    rt = tf.ragged.constant([[1, 2], [3], [], [4, 5, 6]])
    rt3 = tf.ragged.constant([[[1, 2], [3]], [], [[4], [5, 6, 7]]])
    dense_inner = tf.ragged.constant([[[1, 2], [3, 4]], [[5, 6]]], ragged_rank=1)
    out = {"row0": rt[0], "row_last": rt[-1], "nested_row": rt3[2, 1]}
    _rt(out, "rows13", rt[1:3])
    _rt(out, "rows_neg", rt[:-1])
    _rt(out, "cols02", rt[:, 0:2])
    _rt(out, "cols1", rt[:, 1:])
    _rt(out, "cols_neg", rt[:, -1:])
    _rt(out, "inner3", rt3[:, :, :1])
    _rt(out, "dense_inner", dense_inner[:, :, 1])
    try:
        rt[:, 0]
    except ValueError:
        out["ragged_index_error"] = tf.constant("ValueError")
    return out, {}


def _operators(tf):
    rt = tf.ragged.constant([[1.0, 2.0], [3.0], [], [4.0, 5.0, 6.0]])
    out = {}
    _rt(out, "add", rt + 1.0)
    _rt(out, "radd", 1.0 - rt)
    _rt(out, "mul", rt * rt)
    _rt(out, "div", rt / 2.0)
    _rt(out, "lt", rt < 3.0)
    _rt(out, "neg", -rt)
    _rt(out, "abs", abs(rt - 3.0))
    _rt(out, "map", tf.ragged.map_flat_values(tf.square, rt))
    _rt(out, "map2", tf.ragged.map_flat_values(tf.add, rt, rt))
    _rt(out, "map_kw", tf.ragged.map_flat_values(tf.cast, rt, dtype=tf.int32))
    out["map_dense"] = tf.ragged.map_flat_values(tf.square, tf.constant([2.0]))
    return out, {}


def _range(tf):
    out = {}
    _rt(out, "one_arg", tf.ragged.range([3, 0, 2]))
    _rt(out, "bcast", tf.ragged.range([0, 5], 8, 2))
    _rt(out, "neg", tf.ragged.range(5, [0, 2, 9], -2))
    _rt(out, "float", tf.ragged.range([0.0, 1.0], [1.0, 2.0], 0.3))
    _rt(out, "int64", tf.ragged.range(tf.constant(3, tf.int64)))
    _rt(out, "double", tf.ragged.range([0, 1], 2.5, 0.5, dtype=tf.float64))
    _rt(out, "splits32", tf.ragged.range([2, 3], row_splits_dtype=tf.int32))
    return out, {}


def _range_zero_delta(tf):
    return {"r": tf.ragged.range(3, 5, 0).flat_values}, {}


def _stack(tf):
    a = tf.ragged.constant([[1, 2], [3]])
    b = tf.ragged.constant([[4], [5, 6]])
    out = {"dense_ax1": tf.ragged.stack([[[1, 2], [3, 4]], [[5, 6], [7, 8]]], axis=1)}
    _rt(out, "lists", tf.ragged.stack([[1, 2], [3]]))
    _rt(out, "ax0", tf.ragged.stack([a, b, tf.ragged.constant([[7]])]))
    _rt(out, "ax1", tf.ragged.stack([a, b], axis=1))
    _rt(out, "mixed", tf.ragged.stack([a, tf.constant([[4, 5], [6, 7]])]))
    _rt(out, "single", tf.ragged.stack([a]))
    _rt(out, "ax2", tf.ragged.stack([tf.ragged.constant([[[1], [2, 3]]]),
                                     tf.ragged.constant([[[4, 5], [6]]])], axis=2))
    return out, {}


def _boolean_mask(tf):
    out = {"vector": tf.ragged.boolean_mask([1, 2, 3], [True, False, True])}
    _rt(out, "dense2", tf.ragged.boolean_mask([[1, 2], [3, 4]], [[True, False], [True, True]]))
    _rt(out, "dense3", tf.ragged.boolean_mask([[[1, 2], [3, 4]]],
                                              [[[True, False], [False, True]]]))
    _rt(out, "ragged", tf.ragged.boolean_mask(tf.ragged.constant([[1, 2], [3]]),
                                              tf.ragged.constant([[True, False], [True]])))
    _rt(out, "rows_of_rows", tf.ragged.boolean_mask(
        tf.ragged.constant([[[1, 2], [3]], [[4]]]), tf.ragged.constant([[True, False],
                                                                        [True]])))
    _rt(out, "dense_data", tf.ragged.boolean_mask(
        [[1, 2], [3, 4]], tf.ragged.constant([[True, False], [True, True]])))
    _rt(out, "outer_mask", tf.ragged.boolean_mask([[[1, 2], [3, 4]]], [[True, False]]))
    _rt(out, "ragged_rows", tf.ragged.boolean_mask(tf.ragged.constant([[1], [2, 3], []]),
                                                   [True, False, True]))
    out["static"] = _static(tf, tf.ragged.boolean_mask([[[1, 2], [3, 4]]],
                                                       [[[True, False], [False, True]]]))
    return out, {}


def _dynamic_partitions(tf):
    out = {}
    _rt(out, "dense", tf.ragged.stack_dynamic_partitions([1, 2, 3, 4], [1, 0, 1, 2], 4))
    _rt(out, "ragged", tf.ragged.stack_dynamic_partitions(
        tf.ragged.constant([[1], [2, 3], [4]]), [1, 0, 1], 2))
    _rt(out, "matrix", tf.ragged.stack_dynamic_partitions(
        tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), tf.constant([2, 2, 0]), 3))
    return out, {}


def _dynamic_partitions_bad(tf):
    return {"r": tf.ragged.stack_dynamic_partitions([1, 2], [1, 3], 2).flat_values}, {}


def _cross(tf):
    a = tf.ragged.constant([["a"], ["b", "c"], []])
    b = tf.ragged.constant([["d"], ["e"], ["f"]])
    ints = tf.ragged.constant([[1], [2, 3], [4]])
    dense = tf.constant([["x"], ["y"], ["z"]])
    sparse = tf.SparseTensor([[0, 0], [1, 0], [2, 0]], ["s", "t", "u"], [3, 1])
    out = {}
    _rt(out, "strings", tf.ragged.cross([a, b]))
    _rt(out, "mixed", tf.ragged.cross([dense, a, sparse]))
    _rt(out, "ints", tf.ragged.cross([ints, b]))
    _rt(out, "hashed", tf.ragged.cross_hashed([a, b]))
    _rt(out, "hashed_buckets", tf.ragged.cross_hashed([a, ints], num_buckets=10, hash_key=7))
    _rt(out, "hashed_dense", tf.ragged.cross_hashed([dense, ints, sparse], num_buckets=100))
    return out, {}


def _fill_empty_rows(tf):
    x = tf.constant([1.0, 2.0, 3.0])
    filled = tf.ragged_fill_empty_rows([0, 2, 2], x, 4, tf.constant(-1.0))
    grad = tf.ragged_fill_empty_rows_grad([0, 2, 3], [1.0, 2.0, 3.0, 4.0, 5.0])
    empty = tf.ragged_fill_empty_rows(tf.zeros([0], tf.int64), tf.zeros([0], tf.int32), 2, 7)
    out = {"rowids": filled.output_value_rowids, "values": filled.output_values,
           "empty": filled.empty_row_indicator, "reverse": filled.reverse_index_map,
           "d_values": grad.d_values, "d_default": grad.d_default_value,
           "all_empty": empty.output_values, "all_empty_rows": empty.output_value_rowids,
           "grad": tf.gradients(tf.reduce_sum(filled.output_values * tf.range(5.0)), x)[0]}
    return out, {}


def _placeholder(tf):
    ph = tf.ragged.placeholder(tf.float32, 1, [])
    ph2 = tf.ragged.placeholder(tf.int32, 2, [2])
    out = {"dense": ph.to_tensor(), "doubled": (ph * 2.0).flat_values,
           "nested": ph2.to_tensor(), "splits": ph2.row_splits,
           "static": _static(tf, ph2)}
    feeds = {ph: tf.ragged.constant_value([[1.0, 2.0], [3.0]]),
             ph2: tf.ragged.constant_value([[[[1, 2]], []], [[[3, 4], [5, 6]]]],
                                           ragged_rank=2)}
    return out, feeds


def _session_value(tf):
    """Session.run of a RaggedTensor gives a RaggedTensorValue (compared through to_list)."""
    rt = tf.ragged.constant([[[1, 2], [3]], [], [[4]]])
    with tf.Session() as sess:
        value = sess.run({"rt": rt})["rt"]
    flat = [x for row in value.to_list() for inner in row for x in inner]
    return {"flat": tf.constant(flat), "ragged_rank": tf.constant(value.ragged_rank),
            "type": tf.constant(type(value).__name__),
            "splits": tf.constant(value.nested_row_splits[1])}, {}


def _segment_ids(tf):
    ids = tf.ragged.row_splits_to_segment_ids(tf.placeholder_with_default(
        tf.constant([0, 2, 2, 5], tf.int64), [None]))
    splits = tf.ragged.segment_ids_to_row_splits([0, 0, 2], num_segments=4)
    return {"ids": ids, "splits": splits}, {}


def _spec(tf):
    spec = tf.RaggedTensorSpec([2, None], tf.int32)
    rt = tf.ragged.constant([[1, 2], [3]])
    rt3 = tf.ragged.constant([[[1.0]], []])
    from_value = tf.RaggedTensorSpec.from_value(rt3)
    nested = tf.RaggedTensorSpec([None, None, 3], tf.float32)
    unknown = tf.RaggedTensorSpec(None, tf.int32, ragged_rank=1)
    out = {"ragged_rank": tf.constant([spec.ragged_rank, nested.ragged_rank,
                                       from_value.ragged_rank, unknown.ragged_rank]),
           "compatible": tf.constant([spec.is_compatible_with(rt),
                                      spec == tf.RaggedTensorSpec([2, None], tf.int32),
                                      nested.is_compatible_with(rt)]),
           "dtype": tf.constant([spec.dtype.name, from_value.dtype.name,
                                 spec.row_splits_dtype.name]),
           "shape": tf.constant([-1 if d is None else d for d in nested.shape.as_list()]),
           "value_type": tf.constant(spec.value_type.__name__)}
    try:
        tf.RaggedTensorSpec(None, tf.int32)
    except ValueError:
        out["no_rank"] = tf.constant("ValueError")
    return out, {}


def _example(tf, features):
    feats = {}
    for key, values in features.items():
        feats[key] = tf.train.Feature(int64_list=tf.train.Int64List(value=values))
    return tf.train.Example(features=tf.train.Features(feature=feats)).SerializeToString()


def _ragged_feature(tf):
    ex1 = _example(tf, {"v": [1, 2, 3], "l": [2, 1]})
    ex2 = _example(tf, {"v": [4], "l": [0, 1]})
    feature = tf.io.RaggedFeature(tf.int64)
    nested = tf.io.RaggedFeature(tf.int64, value_key="v",
                                 partitions=[tf.io.RaggedFeature.RowLengths("l")])
    batch = tf.io.parse_example([ex1, ex2], {"v": feature, "w": nested})
    single = tf.io.parse_single_example(ex1, {"v": feature, "w": nested})
    out = {"single_v": single["v"], "field": tf.constant(feature.row_splits_dtype.name)}
    _rt(out, "v", batch["v"])
    _rt(out, "w", batch["w"])
    _rt(out, "single_w", single["w"])
    return out, {}


_INVALID = {
    "splits_nvals": lambda tf: tf.RaggedTensor.from_row_splits([1, 2, 3], [0, 2, 4]),
    "splits_zero": lambda tf: tf.RaggedTensor.from_row_splits([1, 2, 3], [1, 2, 3]),
    "splits_order": lambda tf: tf.RaggedTensor.from_row_splits([1, 2, 3], [0, 3, 2, 3]),
    "lengths_negative": lambda tf: tf.RaggedTensor.from_row_lengths([1, 2, 3], [2, -1, 2]),
    "lengths_sum": lambda tf: tf.RaggedTensor.from_row_lengths([1, 2, 3], [2, 2]),
    "rowids_order": lambda tf: tf.RaggedTensor.from_value_rowids([1, 2, 3], [0, 2, 1]),
    "rowids_nrows": lambda tf: tf.RaggedTensor.from_value_rowids([1, 2], [0, 3], nrows=2),
    "sparse_not_ragged": lambda tf: tf.RaggedTensor.from_sparse(
        tf.SparseTensor([[0, 0], [0, 2], [2, 0]], [1, 2, 3], [4, 5])),
}


def _invalid(key):
    def build(tf):
        rt = _INVALID[key](tf)
        return {"values": rt.flat_values, "splits": rt.row_splits}, {}
    return build


def _ragged_feature_partitions(tf):
    ex1 = _example(tf, {"v": [1, 2, 3, 4, 5], "s": [0, 2, 5], "lim": [1, 5], "st": [0, 4],
                        "ids": [0, 0, 2, 2, 2]})
    ex2 = _example(tf, {"v": [6, 7], "s": [0, 0, 2], "lim": [2], "st": [0], "ids": [1, 1]})
    ex3 = _example(tf, {"v": [], "s": [0], "lim": [], "st": [], "ids": []})
    features = {
        "splits": tf.io.RaggedFeature(tf.int64, "v", [tf.io.RaggedFeature.RowSplits("s")]),
        "limits": tf.io.RaggedFeature(tf.int64, "v", [tf.io.RaggedFeature.RowLimits("lim")]),
        "starts": tf.io.RaggedFeature(tf.int64, "v", [tf.io.RaggedFeature.RowStarts("st")]),
        "missing": tf.io.RaggedFeature(tf.float32, "nothing"),
    }
    rowids = {"rowids": tf.io.RaggedFeature(tf.int64, "v", [
        tf.io.RaggedFeature.ValueRowIds("ids")])}
    fed = tf.placeholder(tf.string, [None])     # fed: TF's C++ shape inference would
    fed_one = tf.placeholder(tf.string, [])     # evaluate a constant batch of Examples
    batch = tf.io.parse_example(tf.constant([ex1, ex2, ex3]), features)
    single = tf.io.parse_single_example(ex1, features)
    uniform = tf.io.parse_example([_example(tf, {"v": [1, 2, 3, 4]}),
                                   _example(tf, {"v": [5, 6]})],
                                  {"u": tf.io.RaggedFeature(tf.int64, "v", [
                                      tf.io.RaggedFeature.UniformRowLength(2)],
                                      row_splits_dtype=tf.int64)})
    out = {}
    for key in ("splits", "limits", "starts", "missing"):
        _rt(out, key, batch[key])
    _rt(out, "rowids", tf.io.parse_example(fed, rowids)["rowids"])
    _rt(out, "single_rowids", tf.io.parse_single_example(fed_one, rowids)["rowids"])
    for key in ("splits", "limits", "starts"):
        _rt(out, "single_" + key, single[key])
    out["single_missing"] = single["missing"]
    _rt(out, "uniform", uniform["u"])
    return out, {fed: [ex1, ex2, ex3], fed_one: ex1}


def _edges(tf):
    rt = tf.ragged.constant([[1, 2], [3]])
    x = tf.constant([1.0, 2.0, 3.0, 4.0])
    a = tf.RaggedTensor.from_row_splits(x[:3], [0, 2, 3])
    b = tf.RaggedTensor.from_row_splits(x[3:], [0, 0, 1])
    stacked = tf.ragged.stack([a, b], axis=1)             # RaggedGather
    masked = tf.ragged.boolean_mask(a, tf.ragged.constant([[True, False], [True]]))
    parts = tf.ragged.stack_dynamic_partitions(a, [1, 0], 2)
    loss = (tf.reduce_sum(stacked.flat_values * tf.range(4.0)) +
            tf.reduce_sum(masked.flat_values * 10.0) + tf.reduce_sum(parts.flat_values ** 2))
    out = {"shape_tensor": rt.to_tensor(shape=tf.constant([3, 1])),
           "shape_partial": rt.to_tensor(shape=tf.TensorShape([None, 3])),
           "str": tf.ragged.constant([["a", "b"], []]).to_tensor(),
           "str_pad": tf.RaggedTensor.from_tensor([["a", ""], ["", ""]], padding="").values,
           "tensor_index": rt[tf.constant(1)],
           "rows_axis0": rt.row_lengths(axis=0),
           "empty": tf.RaggedTensor.from_row_splits(tf.zeros([0]), [0, 0, 0]).to_tensor(),
           "empty_parts": tf.ragged.stack_dynamic_partitions(
               tf.zeros([0]), tf.zeros([0], tf.int32), 3).row_splits,
           "empty_range": tf.ragged.range(tf.zeros([0], tf.int32)).row_splits,
           "stacked": stacked.flat_values, "stacked_splits": stacked.values.row_splits,
           "grad": tf.convert_to_tensor(tf.gradients(loss, x)[0])}
    flags = tf.ragged.constant([[True], [False, True]])
    _rt(out, "bool_and", flags & flags.with_flat_values(tf.constant([True, True, False])))
    _rt(out, "mod", tf.ragged.constant([[5, 7], [9]]) % 4)
    _rt(out, "inner_dense", tf.ragged.constant([[[1, 2]], [[3, 4], [5, 6]]], ragged_rank=1) *
        tf.constant([10, 100]))
    _rt(out, "map_axis", tf.ragged.map_flat_values(
        tf.reduce_sum, tf.ragged.constant([[[1, 2]], [[3, 4], [5, 6]]], ragged_rank=1),
        axis=1))
    return out, {}


def _stack_mismatch(tf):
    rt = tf.ragged.stack([tf.ragged.constant([[1], [2, 3]]), tf.ragged.constant([[4], [5]])],
                         axis=-1)
    return {"v": rt.flat_values}, {}


PROGRAMS = [
    Program("api_ragged_edges", _edges, covers=("RaggedGather",)),
    Program("api_ragged_stack_mismatch", _stack_mismatch),
    Program("api_ragged_feature_partitions", _ragged_feature_partitions),
    *[Program("api_ragged_invalid_" + key, _invalid(key)) for key in _INVALID],
    Program("api_ragged_constant", _constant),
    Program("api_ragged_factories", _factories),
    Program("api_ragged_from_dense", _from_dense),
    Program("api_ragged_properties", _properties),
    Program("api_ragged_to_dense", _to_dense,
            covers=("RaggedTensorToTensor", "RaggedTensorToSparse")),
    Program("api_ragged_to_dense_grad_default", _to_dense_grad_default),
    Program("api_ragged_indexing", _indexing),
    Program("api_ragged_operators", _operators),
    Program("api_ragged_range", _range, covers=("RaggedRange",)),
    Program("api_ragged_range_zero_delta", _range_zero_delta),
    Program("api_ragged_stack", _stack, covers=("RaggedGather",)),
    Program("api_ragged_boolean_mask", _boolean_mask),
    Program("api_ragged_dynamic_partitions", _dynamic_partitions),
    Program("api_ragged_dynamic_partitions_bad", _dynamic_partitions_bad),
    Program("api_ragged_cross", _cross, covers=("RaggedCross",)),
    Program("api_ragged_fill_empty_rows", _fill_empty_rows,
            covers=("RaggedFillEmptyRows", "RaggedFillEmptyRowsGrad")),
    Program("api_ragged_placeholder", _placeholder),
    Program("api_ragged_session_value", _session_value),
    Program("api_ragged_segment_ids", _segment_ids),
    Program("api_ragged_spec", _spec),
    Program("api_ragged_feature", _ragged_feature),
]
