"""Feature-column graphs shared by the tests: each takes the `tf` module (tfcompat, or real TF
with TFCOMPAT_TEST_AGAINST_TF=1) and returns plain Python values, so that the tests compare them
with literals recorded from TF 2.21 compat.v1."""
import numpy as np


def run(tf, fetches, feed_dict=None, first=()):
    """`fetches`' values after the initializers, then `first` (assignments), have run."""
    with tf.Session() as sess:
        sess.run([tf.global_variables_initializer(), tf.tables_initializer()])
        sess.run(list(first))
        out = sess.run(fetches, feed_dict)
    return _plain(out)


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value


def numeric_and_bucketized(tf):
    fc = tf.feature_column
    price = fc.numeric_column("price", shape=(2,))
    age = fc.numeric_column("age", normalizer_fn=lambda x: x * 2, dtype=tf.int64)
    height = fc.bucketized_column(fc.numeric_column("h", shape=2), [0., 10., 100.])
    features = {"price": [[1., 2.], [3., 4.]], "age": tf.constant([[5], [6]], tf.int64),
                "h": [[-5., 10.], [150., 99.9]]}
    out = fc.input_layer(features, [price, age, height])
    return str(out.shape), run(tf, out)


def bucketize_edges(tf):
    fc = tf.feature_column
    x = fc.bucketized_column(fc.numeric_column("x"), [-1., 0., 0.5])
    values = [[-2.], [-1.], [-0.5], [0.], [0.49], [0.5], [7.], [float("nan")]]
    return run(tf, fc.input_layer({"x": values}, [x]))


def categorical_indicators(tf):
    fc = tf.feature_column
    ident = fc.categorical_column_with_identity("i", 4, default_value=3)
    vocab = fc.categorical_column_with_vocabulary_list("v", ["r", "g", "b"], num_oov_buckets=2)
    ints = fc.categorical_column_with_vocabulary_list("n", [10, 20, 30], default_value=0)
    hashed = fc.categorical_column_with_hash_bucket("s", 5)
    hashed_int = fc.categorical_column_with_hash_bucket("k", 7, dtype=tf.int32)
    features = {
        "i": tf.constant([[0, 5], [2, -1]], tf.int64),
        "v": [["r", "g"], ["zz", ""]],
        "n": tf.constant([[10, 99], [30, -1]], tf.int32),
        "s": [["a", "b"], ["hello", ""]],
        "k": tf.constant([[1, 2], [3, -1]], tf.int32),
    }
    columns = [fc.indicator_column(c) for c in (ident, vocab, ints, hashed, hashed_int)]
    out = fc.input_layer(features, columns)
    return str(out.shape), run(tf, out)


def vocabulary_file(tf, path):
    fc = tf.feature_column
    with open(path, "w") as f:
        f.write("apple\nbanana\ncherry\n")
    oov = fc.categorical_column_with_vocabulary_file("a", path, num_oov_buckets=3)
    dflt = fc.categorical_column_with_vocabulary_file("b", path, vocabulary_size=2,
                                                      default_value=1)
    features = {"a": [["banana", "kiwi"], ["cherry", ""]], "b": [["apple", "cherry"],
                                                              ["banana", "x"]]}
    out = fc.input_layer(features, [fc.indicator_column(oov), fc.indicator_column(dflt)])
    return str(out.shape), run(tf, out)


def weighted_and_crossed(tf):
    fc = tf.feature_column
    ids = fc.categorical_column_with_identity("ids", 3)
    weighted = fc.weighted_categorical_column(ids, "w")
    cross = fc.crossed_column(["a", fc.categorical_column_with_identity("b", 4)], 10)
    cross_keyed = fc.crossed_column(["a", "c"], 1000, hash_key=7)
    features = {"ids": tf.constant([[0, 2], [1, -1]], tf.int64),
                "w": [[0.5, 2.0], [3.0, 0.0]],
                "a": [["x", "y"], ["z", ""]],
                "b": tf.constant([[1], [3]], tf.int64),
                "c": [["p"], ["q"]]}
    dense = fc.input_layer(features, [fc.indicator_column(weighted), fc.indicator_column(cross)])
    keyed = fc.input_layer(features, [fc.indicator_column(cross_keyed)])
    return str(dense.shape), run(tf, [dense, tf.argmax(keyed, 1)])


def embeddings(tf):
    fc = tf.feature_column
    tf.set_random_seed(3)
    col = fc.categorical_column_with_identity("c", 5)
    weights = np.arange(15, dtype=np.float32).reshape(5, 3)
    init = tf.constant_initializer(weights)
    outs = {}
    for combiner in ("mean", "sqrtn", "sum"):
        emb = fc.embedding_column(col, 3, combiner=combiner, initializer=init)
        outs[combiner] = fc.input_layer({"c": tf.constant([[0, 4], [2, -1], [-1, -1]],
                                                          tf.int64)}, [emb])
    seeded = fc.input_layer({"c": tf.constant([[0, 1], [4, -1]], tf.int64)},
                            [fc.embedding_column(col, 4)])
    variables = [(v.name, v.shape.as_list()) for v in tf.global_variables()]
    return variables, str(seeded.shape), run(tf, [outs, seeded, tf.global_variables()[-1]])


def shared_embeddings(tf):
    fc = tf.feature_column
    tf.set_random_seed(5)
    a = fc.categorical_column_with_identity("a", 3)
    b = fc.categorical_column_with_identity("b", 3)
    ea, eb = fc.shared_embedding_columns([b, a], 2)
    out = fc.input_layer({"a": tf.constant([[0], [1]], tf.int64),
                          "b": tf.constant([[2], [2]], tf.int64)}, [ea, eb])
    names = [ea.name, eb.name, ea.shared_embedding_collection_name]
    variables = [v.name for v in tf.global_variables()]
    return names, variables, run(tf, [out, tf.global_variables()[0]])


def linear(tf):
    fc = tf.feature_column
    price = fc.numeric_column("price")
    color = fc.categorical_column_with_vocabulary_list("color", ["r", "g", "b"])
    ids = fc.weighted_categorical_column(fc.categorical_column_with_identity("ids", 3), "w")
    sparse = tf.SparseTensor(indices=[[0, 0], [0, 1], [1, 0]], values=["r", "b", "g"],
                             dense_shape=[2, 2])
    features = {"price": [[2.], [3.]], "color": sparse,
                "ids": tf.constant([[0, 1], [2, -1]], tf.int64), "w": [[1., 3.], [2., 0.]]}
    cols_to_vars = {}
    out, assigns = {}, []
    for combiner in ("sum", "mean", "sqrtn"):
        out[combiner] = fc.linear_model(features, [price, color, ids], units=2,
                                        sparse_combiner=combiner, cols_to_vars=cols_to_vars)
        assigns += [tf.assign(cols_to_vars[c][0], v) for c, v in (
            (price, [[1., 2.]]), (color, [[1., 10.], [2., 20.], [3., 30.]]),
            (ids, [[1., -1.], [4., -4.], [16., -16.]]), ("bias", [0.5, -0.5]))]
    names = {k if isinstance(k, str) else k.name: [v.name for v in vs]
             for k, vs in cols_to_vars.items()}
    collections = [[v.name for v in tf.get_collection(k)] for k in (
        tf.GraphKeys.TRAINABLE_VARIABLES, tf.GraphKeys.MODEL_VARIABLES)]
    return names, collections, str(out["sum"].shape), run(tf, out, first=assigns)


def parse_spec_round_trip(tf):
    fc = tf.feature_column
    columns = [fc.numeric_column("x", shape=2, default_value=[1., 2.]),
               fc.embedding_column(fc.categorical_column_with_hash_bucket("s", 10), 2),
               fc.bucketized_column(fc.numeric_column("y", default_value=-1.), [0.]),
               fc.weighted_categorical_column(fc.categorical_column_with_identity("i", 4), "w"),
               fc.crossed_column(["s", "t"], 5)]
    spec = fc.make_parse_example_spec(columns)
    example = tf.train.Example(features=tf.train.Features(feature={
        "s": tf.train.Feature(bytes_list=tf.train.BytesList(value=[b"a", b"b"])),
        "i": tf.train.Feature(int64_list=tf.train.Int64List(value=[3])),
        "w": tf.train.Feature(float_list=tf.train.FloatList(value=[0.25]))}))
    parsed = tf.parse_example([example.SerializeToString()], spec)
    out = fc.input_layer(parsed, [columns[2], columns[0], fc.indicator_column(columns[3])])
    described = {k: repr(v) for k, v in sorted(spec.items())}
    return described, run(tf, out)


def placeholders_and_ranks(tf):
    fc = tf.feature_column
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.placeholder(tf.float32, [None])
    s = tf.placeholder(tf.string, [None])
    emb = fc.indicator_column(fc.categorical_column_with_vocabulary_list("s", ["a", "b"]))
    out = fc.input_layer({"x": x, "y": y, "s": s},
                         [fc.numeric_column("x", shape=3), fc.numeric_column("y"), emb])
    feed = {x: [[1., 2., 3.]], y: [7.], s: ["b"]}
    return str(out.shape), run(tf, out, feed)


def bad_inputs(tf):
    """(what, callable) pairs that TF refuses."""
    fc = tf.feature_column
    num = fc.numeric_column("x")
    ident = fc.categorical_column_with_identity("c", 3)
    hashed = fc.categorical_column_with_hash_bucket("h", 3)
    ints = tf.constant([[1]], tf.int64)
    sparse = tf.SparseTensor([[0, 0]], [1.], [1, 1])
    return [
        ("shape_zero", lambda: fc.numeric_column("x", shape=(0,))),
        ("shape_float", lambda: fc.numeric_column("x", shape=(1.5,))),
        ("default_str", lambda: fc.numeric_column("x", default_value="a")),
        ("default_shape", lambda: fc.numeric_column("x", shape=2, default_value=[1., 2., 3.])),
        ("default_float_int", lambda: fc.numeric_column("x", default_value=1.5,
                                                        dtype=tf.int32)),
        ("dtype_string", lambda: fc.numeric_column("x", dtype=tf.string)),
        ("key_int", lambda: fc.numeric_column(1)),
        ("normalizer", lambda: fc.numeric_column("x", normalizer_fn=3)),
        ("bounds_unsorted", lambda: fc.bucketized_column(num, [1., 0.])),
        ("bounds_empty", lambda: fc.bucketized_column(num, [])),
        ("bounds_set", lambda: fc.bucketized_column(num, {1., 2.})),
        ("bucket_2d", lambda: fc.bucketized_column(fc.numeric_column("y", shape=(2, 2)), [1.])),
        ("identity_buckets", lambda: fc.categorical_column_with_identity("c", 0)),
        ("identity_default", lambda: fc.categorical_column_with_identity("c", 3, 3)),
        ("vocab_empty", lambda: fc.categorical_column_with_vocabulary_list("v", [])),
        ("vocab_dup", lambda: fc.categorical_column_with_vocabulary_list("v", ["a", "a"])),
        ("vocab_oov_default", lambda: fc.categorical_column_with_vocabulary_list(
            "v", ["a"], default_value=0, num_oov_buckets=1)),
        ("vocab_dtype", lambda: fc.categorical_column_with_vocabulary_list(
            "v", ["a"], dtype=tf.int64)),
        ("vocab_float", lambda: fc.categorical_column_with_vocabulary_list("v", [1.5])),
        ("vocab_file_missing", lambda: fc.categorical_column_with_vocabulary_file(
            "v", "/nonexistent/vocab.txt")),
        ("vocab_file_none", lambda: fc.categorical_column_with_vocabulary_file("v", None)),
        ("hash_size", lambda: fc.categorical_column_with_hash_bucket("h", 0)),
        ("hash_dtype", lambda: fc.categorical_column_with_hash_bucket("h", 2, dtype=tf.float32)),
        ("weighted_dtype", lambda: fc.weighted_categorical_column(ident, "w", dtype=tf.string)),
        ("cross_one", lambda: fc.crossed_column(["a"], 10)),
        ("cross_hashed", lambda: fc.crossed_column(["a", hashed], 10)),
        ("cross_size", lambda: fc.crossed_column(["a", "b"], 0)),
        ("embedding_dim", lambda: fc.embedding_column(ident, 0)),
        ("embedding_ckpt", lambda: fc.embedding_column(ident, 2, ckpt_to_load_from="x")),
        ("embedding_init", lambda: fc.embedding_column(ident, 2, initializer=3)),
        ("indicator_numeric", lambda: fc.indicator_column(num)),
        ("shared_buckets", lambda: fc.shared_embedding_columns(
            [ident, fc.categorical_column_with_identity("d", 4)], 2)),
        ("input_layer_categorical", lambda: fc.input_layer({"c": ints}, [ident])),
        ("input_layer_empty", lambda: fc.input_layer({"x": [[1.]]}, [])),
        ("input_layer_dict", lambda: fc.input_layer({"x": [[1.]]}, {"x": num})),
        ("input_layer_duplicate", lambda: fc.input_layer({"x": [[1.]]}, [num, num])),
        ("input_layer_not_column", lambda: fc.input_layer({"x": [[1.]]}, ["x"])),
        ("missing_feature", lambda: fc.input_layer({"y": [[1.]]}, [num])),
        ("rank_zero", lambda: fc.input_layer({"x": 1.}, [num])),
        ("numeric_sparse", lambda: fc.input_layer({"x": sparse}, [num])),
        ("identity_strings", lambda: fc.input_layer({"c": [["a"]]}, [fc.indicator_column(ident)])),
        ("hash_int_for_string", lambda: fc.input_layer(
            {"h": ints}, [fc.indicator_column(hashed)])),
        ("vocab_int_for_string", lambda: fc.input_layer(
            {"v": ints}, [fc.indicator_column(
                fc.categorical_column_with_vocabulary_list("v", ["a"]))])),
        ("weighted_missing", lambda: fc.input_layer(
            {"c": ints}, [fc.indicator_column(fc.weighted_categorical_column(ident, "w"))])),
        ("weighted_int", lambda: fc.input_layer(
            {"c": ints, "w": ints}, [fc.indicator_column(
                fc.weighted_categorical_column(ident, "w"))])),
        ("batch_sizes", lambda: fc.input_layer({"x": [[1.]], "y": [[1.], [2.]]},
                                               [num, fc.numeric_column("y")])),
        ("linear_not_column", lambda: fc.linear_model({"x": [[1.]]}, [3])),
        ("spec_conflict", lambda: fc.make_parse_example_spec(
            [num, fc.numeric_column("x", shape=2)])),
        ("spec_not_column", lambda: fc.make_parse_example_spec(["x"])),
        ("embedding_combiner", lambda: fc.input_layer(
            {"c": ints}, [fc.embedding_column(ident, 2, combiner="max")])),
        ("linear_combiner", lambda: fc.linear_model({"c": ints}, [ident], sparse_combiner="max")),
    ]


def refusals(tf):
    out = {}
    for what, fn in bad_inputs(tf):
        try:
            fn()
            out[what] = None
        except Exception as e:  # noqa: BLE001 - the type and message are what is recorded
            out[what] = (type(e).__name__, str(e))
    return out


def train_step(tf):
    """One gradient-descent step through an embedding, an indicator and a linear model."""
    fc = tf.feature_column
    tf.set_random_seed(7)
    color = fc.categorical_column_with_vocabulary_list("color", ["r", "g", "b"],
                                                       num_oov_buckets=1)
    ids = fc.categorical_column_with_identity("ids", 4)
    features = {"color": [["r", "g"], ["b", "zz"], ["r", ""]],
                "ids": tf.constant([[0, 1], [3, -1], [2, 2]], tf.int64),
                "x": [[1.], [2.], [-1.]]}
    dense = fc.input_layer(features, [fc.embedding_column(color, 2, combiner="sqrtn"),
                                      fc.indicator_column(ids), fc.numeric_column("x")])
    logits = fc.linear_model(features, [color, ids], units=1) + tf.reduce_sum(dense, 1,
                                                                             keepdims=True)
    loss = tf.reduce_mean(tf.square(logits - 1.))
    step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    with tf.Session() as sess:
        sess.run([tf.global_variables_initializer(), tf.tables_initializer()])
        sess.run(step)
        return _plain(sess.run({v.op.name: v for v in tf.trainable_variables()}))


def unknown_rank(tf):
    fc = tf.feature_column
    x = tf.placeholder(tf.float32)
    out = fc.input_layer({"x": x}, [fc.numeric_column("x")])
    return str(out.shape), run(tf, out, {x: [3., 4.]})


def more_embeddings(tf):
    """Embeddings of weighted, crossed and bucketized columns; max_norm; the unsafe lookup;
    a linear model over a bucketized column and a bucketized x string cross."""
    fc = tf.feature_column
    init = tf.constant_initializer(np.arange(40, dtype=np.float32).reshape(10, 4) / 10.)
    ids = fc.categorical_column_with_identity("ids", 10)
    weighted = fc.weighted_categorical_column(ids, "w")
    price = fc.bucketized_column(fc.numeric_column("p"), [0., 1., 2.])
    cross = fc.crossed_column([price, "s"], 10)
    features = {"ids": tf.constant([[1, 3], [5, -1]], tf.int64), "w": [[2., 0.5], [1., 0.]],
                "p": [[0.5], [7.]], "s": [["a"], ["b"]]}
    columns = [fc.embedding_column(weighted, 4, initializer=init),
               fc.embedding_column(cross, 4, combiner="sum", initializer=init),
               fc.embedding_column(fc.categorical_column_with_identity("j", 10), 4,
                                   combiner="sum", initializer=init, max_norm=1.0),
               fc.embedding_column(fc.categorical_column_with_identity("k", 10), 4,
                                   initializer=init, use_safe_embedding_lookup=False)]
    features["j"] = tf.constant([[9, 2], [0, -1]], tf.int64)
    features["k"] = tf.constant([[4, 6], [8, 8]], tf.int64)
    dense = fc.input_layer(features, columns)
    cols_to_vars = {}
    logits = fc.linear_model(features, [price, cross], cols_to_vars=cols_to_vars)
    assigns = [tf.assign(cols_to_vars[price][0], [[1.], [2.], [4.], [8.]]),
               tf.assign(cols_to_vars[cross][0], np.arange(10, dtype=np.float32)[:, None])]
    return str(dense.shape), run(tf, [dense, logits], first=assigns)


def reuse_and_collections(tf):
    """input_layer twice under one reusing variable scope, and weight_collections."""
    fc = tf.feature_column
    emb = fc.embedding_column(fc.categorical_column_with_identity("c", 3), 2)
    features = {"c": tf.constant([[1], [2]], tf.int64)}
    with tf.variable_scope("model", reuse=tf.AUTO_REUSE):
        fc.input_layer(features, [emb], weight_collections=["mine"], trainable=False)
        fc.input_layer(features, [emb])
    return ([v.name for v in tf.global_variables()],
            [v.name for v in tf.trainable_variables()],
            [v.name for v in tf.get_collection("mine")],
            [v.name for v in tf.get_collection(tf.GraphKeys.MODEL_VARIABLES)])


def sparse_features_and_cols_to_vars(tf):
    """SparseTensor features of several dtypes, a 2x3 numeric column, an indicator of a
    bucketized column, and input_layer's cols_to_vars / cols_to_output_tensors."""
    fc = tf.feature_column
    tf.set_random_seed(11)
    hashed = fc.categorical_column_with_hash_bucket("h", 6, dtype=tf.int64)
    ident = fc.categorical_column_with_identity("i", 3)
    words = fc.categorical_column_with_vocabulary_list("w", ["x", "y"], num_oov_buckets=1)
    features = {
        "h": tf.SparseTensor([[0, 0], [1, 2]], tf.constant([7, 123456789], tf.int64), [2, 3]),
        "i": tf.SparseTensor([[0, 1], [1, 0], [1, 1]], tf.constant([2, 0, 0], tf.int32), [2, 2]),
        "w": tf.SparseTensor([[1, 0]], ["y"], [2, 1]),
        "m": [[[1., 2., 3.], [4., 5., 6.]], [[7., 8., 9.], [10., 11., 12.]]],
        "b": [[0.5, 3.], [-1., 1.]],
    }
    columns = [fc.indicator_column(hashed), fc.indicator_column(ident),
               fc.embedding_column(words, 2, combiner="sum"),
               fc.numeric_column("m", shape=(2, 3)),
               fc.indicator_column(fc.bucketized_column(fc.numeric_column("b", shape=2),
                                                        [0., 1.]))]
    cols_to_vars, cols_to_outputs = {}, {}
    out = fc.input_layer(features, columns, cols_to_vars=cols_to_vars,
                         cols_to_output_tensors=cols_to_outputs)
    names = sorted((c.name, [v.name for v in vs]) for c, vs in cols_to_vars.items())
    shapes = sorted((c.name, str(t.shape)) for c, t in cols_to_outputs.items())
    return names, shapes, str(out.shape), run(tf, out)


def integer_vocabularies(tf, path):
    """Integer vocabularies (list and file) with oov buckets: int keys hash as their text."""
    fc = tf.feature_column
    with open(path, "w") as f:
        f.write("7\n8\n9\n")
    listed = fc.categorical_column_with_vocabulary_list("n", [10, 20], num_oov_buckets=3)
    filed = fc.categorical_column_with_vocabulary_file("f", path, dtype=tf.int64,
                                                       num_oov_buckets=2)
    features = {"n": tf.constant([[10, 55], [1234567, 20]]),
                "f": tf.constant([[9, 8], [100, -1]], tf.int64)}
    return run(tf, fc.input_layer(features, [fc.indicator_column(listed),
                                             fc.indicator_column(filed)]))


def embedding_from_checkpoint(tf, directory):
    """embedding_column(ckpt_to_load_from=...): the weights start as the checkpoint's tensor."""
    fc = tf.feature_column
    with tf.Graph().as_default():
        saved = tf.get_variable("emb", initializer=np.arange(6, dtype=np.float32).reshape(3, 2))
        with tf.Session() as sess:
            sess.run(saved.initializer)
            path = tf.train.Saver([saved]).save(sess, directory + "/model")
    column = fc.embedding_column(fc.categorical_column_with_identity("c", 3), 2,
                                 ckpt_to_load_from=path, tensor_name_in_ckpt="emb")
    out = fc.input_layer({"c": tf.constant([[2], [0]], tf.int64)}, [column])
    return run(tf, out)


def linear_with_embeddings(tf):
    """Embedding and shared embedding columns inside linear_model: names and seeded values."""
    fc = tf.feature_column
    tf.set_random_seed(2)
    c = fc.categorical_column_with_identity("c", 3)
    a, b = fc.shared_embedding_columns([c, fc.categorical_column_with_identity("d", 3)], 2)
    fc.linear_model({"c": tf.constant([[1]], tf.int64), "d": tf.constant([[2]], tf.int64)},
                    [fc.embedding_column(c, 2), a, b])
    return [v.name for v in tf.global_variables()], run(tf, tf.global_variables()[1])
