"""Public-API programs for the string, lookup-table, serialization and sparse names (issue 12,
tag strings_sparse): tf.strings.* and their top-level spellings, tf.lookup tables and
tf.tables_initializer, tf.io serialization / base64 / compression, and the tf.sparse extras
(segment reductions with gradients, split, merge, indicator, mask, reset_shape, expand_dims,
eye, sparse_matmul)."""
import gzip
import os
import tempfile
import zlib

from harness import Program


def _sparse(out, name, st):
    out[name + "_indices"] = st.indices
    out[name + "_values"] = st.values
    out[name + "_shape"] = st.dense_shape


def _as_string(tf):
    x = tf.constant([3.14159, -0.5, float("nan"), float("inf"), -float("inf"), 1e10, 0.0])
    ints = tf.constant([1, -20, 300])
    out = {"f": tf.as_string(x), "p2": tf.strings.as_string(x, precision=2),
           "sci": tf.as_string(x, scientific=True), "short": tf.as_string(x, shortest=True),
           "zero_fill": tf.as_string(x, width=12, fill="0"),
           "left": tf.as_string(tf.constant([7, -3]), width=4, fill="-"),
           "int": tf.as_string(ints, width=5), "int64": tf.as_string(tf.constant([2 ** 40],
                                                                                  tf.int64)),
           "bool": tf.as_string(tf.constant([True, False])),
           "complex": tf.as_string(tf.constant([1 + 2j], tf.complex64), precision=1),
           "double_short": tf.as_string(tf.constant([1 / 3], tf.float64), shortest=True),
           "half": tf.as_string(tf.constant([1.5], tf.float16)),
           "plus": tf.as_string(tf.constant([5, -5]), fill="+", width=3),
           "empty": tf.as_string(tf.zeros([0, 2]))}
    return out, {}


def _strings_transform(tf):
    words = tf.constant([" Hello World \t\n", "ÄbC dé", "", "aaa"])
    fed = tf.placeholder(tf.string, [None])
    out = {"strip": tf.strings.strip(words), "string_strip": tf.string_strip(fed),
           "lower": tf.strings.lower(words), "lower_utf8": tf.strings.lower(words,
                                                                             encoding="utf-8"),
           "upper": tf.strings.upper(words), "upper_utf8": tf.strings.upper(words,
                                                                             encoding="utf-8"),
           "substr": tf.strings.substr(["hello", "wor", "x"], [1, -2, 0], [3, 5, 0]),
           "substr_bcast": tf.substr(tf.constant([["abcdef"], ["ghijkl"]]), [0, 2], [2, 3]),
           "substr_utf8": tf.strings.substr(["ÄbCdé"], [1], [3], unit="UTF8_CHAR"),
           "regex": tf.strings.regex_replace(words, "[aeiou]", "_"),
           "regex_first": tf.regex_replace(["hello world"], r"(\w+) (\w+)", r"\2 \1",
                                           replace_global=False),
           "regex_whole": tf.strings.regex_replace(["ab", "bb"], "b", r"<\0>"),
           "regex_tensor": tf.strings.regex_replace(fed, tf.constant("l+"), tf.constant("L")),
           "full_match": tf.strings.regex_full_match(["abc", "abcd", "a c"], "a.c"),
           "full_match_t": tf.strings.regex_full_match(fed, tf.constant("h.*")),
           "length_check": tf.strings.length(tf.strings.strip(words))}
    return out, {fed: ["hello", "yellow", ""]}


def _to_number(tf):
    out = {"float": tf.strings.to_number([" 1.5", "inf", "-3e2", "0x10", "-0", "nan", "1e39"]),
           "double": tf.string_to_number(["1.25", "-1e300"], tf.float64),
           "int32": tf.strings.to_number(["12", "-7", "+3", " 4 "], tf.int32),
           "int64": tf.string_to_number(["9000000000"], out_type=tf.int64),
           "empty": tf.strings.to_number(tf.constant([], tf.string))}
    return out, {}


def _to_number_error(tf):
    return {"bad": tf.strings.to_number(["12", "x1"], tf.int32)}, {}


def _joins(tf):
    grid = tf.constant([["a", "b", "c"], ["d", "e", "f"]])
    out = {"all": tf.reduce_join(grid), "rows": tf.strings.reduce_join(grid, axis=1),
           "cols": tf.strings.reduce_join(grid, 0, separator="-"),
           "keep": tf.reduce_join(grid, -1, keep_dims=True),
           "keepdims": tf.strings.reduce_join(grid, [0, 1], keepdims=True, separator=","),
           "order": tf.strings.reduce_join(grid, [0, 1]),
           "none": tf.strings.reduce_join(grid, []),
           "segments": tf.strings.unsorted_segment_join(["a", "b", "c", "d"], [1, 0, 1, 3], 4,
                                                        separator=":"),
           "segments_2d": tf.strings.unsorted_segment_join(grid, [1, 1], 2)}
    return out, {}


def _split(tf):
    out = {}
    _sparse(out, "v1", tf.string_split(["a b  c", "", "d"]))
    _sparse(out, "chars", tf.string_split(["a,b;;c", ";"], ",;", skip_empty=False))
    _sparse(out, "bytes", tf.string_split(["abc", "de"], ""))
    _sparse(out, "ws", tf.strings.split(["a b  c", " d ", ""]))
    _sparse(out, "sep", tf.strings.split(["a,,b", "c", ""], sep=","))
    _sparse(out, "maxsplit", tf.strings.split(["a,,b,c", "x"], sep=",", maxsplit=1))
    _sparse(out, "maxsplit_ws", tf.strings.split(input=["  a b c "], maxsplit=1))
    return out, {}


_HASH_WORDS = ["", "a", "hello", "0123456789abcdef0", "x" * 40, "The quick brown fox " * 5]


def _hashes(tf):
    words = tf.constant(_HASH_WORDS)
    out = {"legacy": tf.strings.to_hash_bucket(words, 1000),
           "legacy_top": tf.string_to_hash_bucket(words, 2 ** 62),
           "fast": tf.strings.to_hash_bucket_fast(words, 2 ** 62),
           "fast_top": tf.string_to_hash_bucket_fast(words, 7),
           "strong": tf.strings.to_hash_bucket_strong(words, 2 ** 62, [1, 2]),
           "strong_top": tf.string_to_hash_bucket_strong(words, 10, [123, 456]),
           "fp_strings": tf.fingerprint(words),
           "fp_rows": tf.fingerprint(tf.reshape(words, [3, 2])),
           "fp_ints": tf.fingerprint(tf.constant([[1, 2], [3, 4]])),
           "fp_floats": tf.fingerprint(tf.constant([[1.5], [-2.0]], tf.float64))}
    return out, {}


def _codecs(tf):
    raw = tf.constant([b"hello?>", b"", b"\xff\xfe\x00", b"abcd"])
    json_example = ('{"features": {"feature": {"a": {"int64List": {"value": ["1", "-2"]}}, '
                    '"b": {"bytesList": {"value": ["aGk="]}}, '
                    '"c": {"floatList": {"value": [1.5, -0.25]}}, "d": {}}}}')
    out = {"b64": tf.io.encode_base64(raw), "b64_pad": tf.encode_base64(raw, pad=True),
           "b64_round": tf.io.decode_base64(tf.io.encode_base64(raw)),
           "b64_padded_in": tf.decode_base64(["aGVsbG8_Pg==", "aGVsbG8_Pg"]),
           "zlib": tf.io.decode_compressed([zlib.compress(b"hello"), zlib.compress(b"")],
                                           compression_type="ZLIB"),
           "gzip": tf.decode_compressed(gzip.compress(b"xy", mtime=0), "GZIP"),
           "none": tf.io.decode_compressed(["plain"]),
           "json": tf.io.decode_json_example([json_example]),
           "json_top": tf.decode_json_example(json_example)}
    return out, {}


def _bad_base64(tf):
    return {"bad": tf.io.decode_base64(["abcde"])}, {}


def _serialize(tf):
    st = tf.SparseTensor([[0, 0], [1, 2], [1, 3]], [1.0, 2.0, 3.0], [3, 4])
    text = tf.SparseTensor([[0], [2]], ["x", "yz"], [4])
    out = {"t_float": tf.io.serialize_tensor(tf.constant([[1.0, 2.0], [3.0, 4.0]])),
           "t_str": tf.serialize_tensor(tf.constant([b"ab", b"c"])),
           "t_scalar": tf.io.serialize_tensor(tf.constant(5, tf.int64)),
           "t_bool": tf.io.serialize_tensor(tf.constant([True, False])),
           "t_empty": tf.io.serialize_tensor(tf.zeros([0, 3], tf.int32)),
           "round": tf.io.parse_tensor(tf.io.serialize_tensor(tf.constant([[1.5, 2.5]])),
                                       tf.float32),
           "round_top": tf.parse_tensor(tf.serialize_tensor(tf.constant(["a"])), tf.string),
           "sparse": tf.io.serialize_sparse(st), "sparse_top": tf.serialize_sparse(text),
           "many": tf.io.serialize_many_sparse(st),
           "many_top": tf.serialize_many_sparse(st)}
    _sparse(out, "back", tf.io.deserialize_many_sparse(tf.io.serialize_many_sparse(st),
                                                       tf.float32))
    _sparse(out, "back_top", tf.deserialize_many_sparse(tf.serialize_many_sparse(st),
                                                        tf.float32, rank=2))
    words = tf.SparseTensor([[0, 1], [2, 0], [2, 2]], ["x", "", "yz"], [3, 3])
    _sparse(out, "back_str", tf.io.deserialize_many_sparse(tf.io.serialize_many_sparse(words),
                                                           tf.string))
    return out, {}


def _parse_tensor_mismatch(tf):
    return {"bad": tf.io.parse_tensor(tf.io.serialize_tensor(tf.constant([1.0])), tf.int32)}, {}


def _vocab_file():
    path = os.path.join(tempfile.gettempdir(), "tfcompat_diff_vocab.txt")
    with open(path, "w") as f:
        f.write("apple\t10\nbanana\t20\ncherry\t30\n")
    return path


def _lookup(tf):
    init = tf.lookup.KeyValueTensorInitializer(["a", "b", "c"], [1, 2, 3])
    table = tf.lookup.StaticHashTable(init, -1)
    ints = tf.lookup.StaticHashTable(
        tf.lookup.KeyValueTensorInitializer(tf.constant([3, 5], tf.int64), [0.5, 1.5]), 0.0)
    vocab = tf.lookup.StaticVocabularyTable(
        tf.lookup.KeyValueTensorInitializer(["x", "y"], tf.constant([0, 1], tf.int64)), 3)
    int_vocab = tf.lookup.StaticVocabularyTable(
        tf.lookup.KeyValueTensorInitializer(tf.constant([7, 8], tf.int64),
                                            tf.constant([0, 1], tf.int64)), 2)
    path = _vocab_file()
    lines = tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer(
        path, tf.string, tf.lookup.TextFileIndex.WHOLE_LINE, tf.int64,
        tf.lookup.TextFileIndex.LINE_NUMBER, delimiter=" "), -1)
    columns = tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer(
        path, tf.string, 0, tf.int64, 1, vocab_size=2), -7)
    keys = tf.placeholder(tf.string, [None])
    sparse_keys = tf.SparseTensor([[0, 0], [1, 1]], ["b", "zz"], [2, 2])
    out = {"find": table.lookup(keys), "size": table.size(), "ints": ints.lookup(
        tf.constant([[3, 4], [5, 3]], tf.int64)),
           "vocab": vocab.lookup(tf.constant(["x", "zz", "q", "y"])), "vocab_size": vocab.size(),
           "int_vocab": int_vocab.lookup(tf.constant([7, 9, 8, 100], tf.int64)),
           "lines": lines.lookup(tf.constant(["banana\t20", "kiwi"])),
           "columns": columns.lookup(tf.constant(["apple", "banana", "cherry"])),
           "sparse_values": table.lookup(sparse_keys).values,
           "key_dtype": tf.constant(table.key_dtype.name),
           "value_dtype": tf.constant(vocab.value_dtype.name),
           "whole_line": tf.constant(tf.lookup.TextFileIndex.WHOLE_LINE),
           "default": table.default_value,
           "n_initializers": tf.constant(len(tf.get_collection(
               tf.GraphKeys.TABLE_INITIALIZERS)))}
    steps = [tf.tables_initializer(), tf.initialize_all_tables(),
             tf.initializers.tables_initializer(name="again")]
    return out, {keys: ["a", "c", "q"]}, steps


def _lookup_uninitialized(tf):
    table = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(["a"], [1]), -1)
    return {"find": table.lookup(tf.constant(["a"]))}, {}


def _sparse_segments(tf):
    data = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]])
    indices, ids = [0, 2, 1, 3], [0, 0, 1, 3]
    out = {"sum": tf.sparse.segment_sum(data, indices, ids),
           "mean": tf.sparse.segment_mean(data, indices, ids),
           "sqrt_n": tf.sparse.segment_sqrt_n(data, indices, ids),
           "sum_top": tf.sparse_segment_sum(data, [0, 0], [0, 1]),
           "mean_top": tf.sparse_segment_mean(data, [1, 2], [0, 0]),
           "sqrt_top": tf.sparse_segment_sqrt_n(data, [3], [0]),
           "sum_n": tf.sparse.segment_sum(data, [0, 1], [0, 2], num_segments=4),
           "mean_n": tf.sparse.segment_mean(data, [0, 1], [1, 1], num_segments=3),
           "sqrt_n_n": tf.sparse.segment_sqrt_n(data, [0, 1, 2], [0, 0, 0], num_segments=2),
           "int64_ids": tf.sparse.segment_sum(data, tf.constant([1, 2], tf.int64),
                                              tf.constant([0, 1], tf.int64))}
    loss = (tf.reduce_sum(out["sum"] * out["mean"]) + tf.reduce_sum(out["sqrt_n"] ** 2)
            + tf.reduce_sum(out["sum_n"]) + tf.reduce_sum(out["mean_n"] * 3.0))
    out["grad"] = tf.gradients(loss, data)[0]
    out["grad_dense"] = tf.convert_to_tensor(out["grad"])
    return out, {}


def _sparse_segment_unsorted(tf):
    data = tf.constant([[1.0], [2.0]])
    return {"bad": tf.sparse.segment_sum(data, [0, 1], [1, 0])}, {}


def _sparse_misc(tf):
    st = tf.SparseTensor([[0, 0], [0, 2], [1, 1], [1, 3], [2, 4]], [1.0, 2.0, 3.0, 4.0, 5.0],
                         [3, 5])
    out = {}
    for i, part in enumerate(tf.sparse.split(sp_input=st, num_split=2, axis=1)):
        _sparse(out, "split%d" % i, part)
    for i, part in enumerate(tf.sparse_split(sp_input=st, num_split=3, axis=0)):
        _sparse(out, "split_rows%d" % i, part)
    ids = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], tf.constant([3, 1, 2], tf.int64), [2, 2])
    vals = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], [0.5, 0.25, 1.0], [2, 2])
    _sparse(out, "merge", tf.sparse.merge(ids, vals, 5))
    _sparse(out, "merge_top", tf.sparse_merge(ids, vals, 4, already_sorted=True))
    out["indicator"] = tf.sparse.to_indicator(ids, 4)
    out["indicator_top"] = tf.sparse_to_indicator(
        tf.SparseTensor([[0, 0], [1, 0], [1, 1]], [0, 2, 2], [2, 2]), 3)
    slices = tf.IndexedSlices(tf.constant([[1.0], [2.0], [3.0]]), tf.constant([0, 5, 7]))
    masked = tf.sparse.mask(slices, [5])
    out["mask_values"], out["mask_indices"] = masked.values, masked.indices
    out["mask_top"] = tf.sparse_mask(slices, tf.constant([0, 7])).indices
    _sparse(out, "reset", tf.sparse.reset_shape(st))
    _sparse(out, "reset_new", tf.sparse_reset_shape(st, [4, 6]))
    _sparse(out, "expand", tf.sparse.expand_dims(st, 1))
    _sparse(out, "expand_last", tf.sparse.expand_dims(st))
    _sparse(out, "eye", tf.sparse.eye(2, 3))
    _sparse(out, "eye_square", tf.sparse.eye(3, dtype=tf.int32))
    a = tf.constant([[1.0, 0.0, 2.0], [0.0, 3.0, 0.0]])
    b = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    mm = tf.sparse_matmul(a, b, a_is_sparse=True)
    out["matmul"] = mm
    out["matmul_t"] = tf.sparse_matmul(b, a, transpose_a=True, transpose_b=True)
    out["matmul_grad_a"], out["matmul_grad_b"] = tf.gradients(tf.reduce_sum(mm * mm), [a, b])
    kept = tf.convert_to_tensor_or_sparse_tensor(tf.SparseTensorValue([[0]], [1], [2]))
    out["ct_shape"] = kept.dense_shape
    out["ct_dense"] = tf.convert_to_tensor_or_sparse_tensor([1.0, 2.0])
    return out, {}


PROGRAMS = [
    Program("api_as_string", _as_string, covers=("AsString",)),
    Program("api_strings_transform", _strings_transform,
            covers=("StringStrip", "StringLower", "StringUpper", "Substr", "StaticRegexReplace",
                    "RegexReplace", "StaticRegexFullMatch", "RegexFullMatch")),
    Program("api_to_number", _to_number, covers=("StringToNumber",)),
    Program("api_to_number_error", _to_number_error),
    Program("api_string_joins", _joins, covers=("ReduceJoin", "UnsortedSegmentJoin")),
    Program("api_string_split", _split, covers=("StringSplit", "StringSplitV2")),
    Program("api_string_hashes", _hashes,
            covers=("StringToHashBucket", "StringToHashBucketFast", "StringToHashBucketStrong",
                    "Fingerprint")),
    Program("api_string_codecs", _codecs,
            covers=("EncodeBase64", "DecodeBase64", "DecodeCompressed", "DecodeJSONExample")),
    Program("api_bad_base64", _bad_base64),
    Program("api_serialize", _serialize,
            covers=("SerializeTensor", "ParseTensor", "SerializeSparse", "SerializeManySparse",
                    "DeserializeManySparse")),
    Program("api_parse_tensor_mismatch", _parse_tensor_mismatch),
    Program("api_lookup_tables", _lookup,
            covers=("HashTableV2", "LookupTableImportV2", "InitializeTableFromTextFileV2",
                    "LookupTableFindV2", "LookupTableSizeV2")),
    Program("api_lookup_uninitialized", _lookup_uninitialized),
    Program("api_sparse_segments", _sparse_segments, tol=(1e-5, 1e-5),
            covers=("SparseSegmentSum", "SparseSegmentMean", "SparseSegmentSqrtN",
                    "SparseSegmentSumWithNumSegments", "SparseSegmentMeanWithNumSegments",
                    "SparseSegmentSqrtNWithNumSegments")),
    Program("api_sparse_segment_unsorted", _sparse_segment_unsorted),
    Program("api_sparse_misc", _sparse_misc, covers=("SparseSplit", "SparseMatMul")),
]


def _substr_rank_mismatch(tf):
    return {"bad": tf.substr(tf.constant([["abcdef"]]), [0, 2], 2)}, {}


PROGRAMS.append(Program("api_substr_rank_mismatch", _substr_rank_mismatch))


def _raw_table(tf):
    handle = tf.raw_ops.HashTableV2(key_dtype=tf.string, value_dtype=tf.int64,
                                    shared_name="raw_table")
    init = tf.raw_ops.InitializeTableV2(table_handle=handle, keys=["a", "b"],
                                        values=tf.constant([4, 5], tf.int64))
    found = tf.raw_ops.LookupTableFindV2(table_handle=handle, keys=["b", "z"],
                                         default_value=tf.constant(-1, tf.int64))
    return {"found": found, "size": tf.raw_ops.LookupTableSizeV2(table_handle=handle)}, {}, [init]


PROGRAMS.append(Program("api_raw_table_init", _raw_table, covers=("InitializeTableV2",)))

# an Example with int64 features ix=[3, 1], ix2=[0, 2] and float feature val=[0.5, 1.5]
_SPARSE_EXAMPLE = (b"\n2\n\r\n\x03ix2\x12\x06\x1a\x04\n\x02\x00\x02\n\x0c\n\x02ix\x12\x06\x1a\x04"
                   b"\n\x02\x03\x01\n\x13\n\x03val\x12\x0c\x12\n\n\x08\x00\x00\x00?\x00\x00\xc0?")


def _sparse_feature(tf):
    batch = tf.io.parse_example([_SPARSE_EXAMPLE, _SPARSE_EXAMPLE], {
        "one": tf.io.SparseFeature("ix", "val", tf.float32, 10),
        "two": tf.SparseFeature(["ix", "ix2"], "val", tf.float32, [4, 3])})
    single = tf.parse_single_example(_SPARSE_EXAMPLE, {
        "one": tf.SparseFeature("ix", "val", tf.float32, 10, already_sorted=False)})
    out = {"keys": tf.constant(sorted(batch))}
    _sparse(out, "one", batch["one"])
    _sparse(out, "two", batch["two"])
    _sparse(out, "single", single["one"])
    return out, {}


PROGRAMS.append(Program("api_sparse_feature", _sparse_feature))


def _sparse_cross(tf):
    words = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], ["a", "b", "c"], [3, 2])
    dense = tf.constant([["x", "y"], ["z", "w"], ["u", "v"]])
    ids = tf.SparseTensor([[0, 0], [1, 0], [1, 1]], tf.constant([5, -6, 7], tf.int64), [3, 2])
    small = tf.SparseTensor([[0, 0], [2, 0]], tf.constant([1, 2], tf.int32), [3, 1])
    out = {}
    _sparse(out, "cross", tf.sparse.cross([words, dense]))
    _sparse(out, "dense_first", tf.sparse.cross([dense, words]))
    _sparse(out, "mixed", tf.sparse.cross([words, ids, small], separator="|"))
    _sparse(out, "hashed", tf.sparse.cross_hashed([words, dense]))
    _sparse(out, "buckets", tf.sparse.cross_hashed([words, dense], num_buckets=100, hash_key=7))
    _sparse(out, "ints", tf.sparse.cross_hashed([ids, ids, small]))
    _sparse(out, "one", tf.sparse.cross_hashed([words]))
    return out, {}


PROGRAMS.append(Program("api_sparse_cross", _sparse_cross, covers=("SparseCross",
                                                                     "SparseCrossV2")))


def _unicode(tf):
    out = {
        "decode": tf.strings.unicode_decode(tf.constant(b"h\xc3\xa9\xff!"), "UTF-8"),
        "decode_ignore": tf.strings.unicode_decode(b"h\xc3\xa9\xff!", "UTF-8", errors="ignore"),
        "decode_ctrl": tf.strings.unicode_decode(b"a\x01b", "UTF-8",
                                                 replace_control_characters=True),
        "decode16": tf.strings.unicode_decode(b"\x00h\xd8\x3d\xde\x00", "UTF-16-BE"),
        "decode_empty": tf.strings.unicode_decode("", "UTF-8"),
        "split": tf.strings.unicode_split("héllo", "UTF-8"),
        "encode": tf.strings.unicode_encode(tf.constant([[72, 105, -1], [233, 0x110000, 65]]),
                                            "UTF-8"),
        "encode16": tf.strings.unicode_encode(tf.constant([72, 0x1F600]), "UTF-16-BE"),
        "encode32": tf.strings.unicode_encode(tf.constant([[[72]], [[73]]]), "UTF-32-BE"),
        "encode_ignore": tf.strings.unicode_encode([65, -5, 66], "UTF-8", errors="ignore"),
        "transcode": tf.strings.unicode_transcode([b"h\xc3\xa9", b"a\xffb"], "UTF-8",
                                                  "UTF-16-BE"),
        "latin": tf.strings.unicode_transcode([[b"h\xe9"]], "ISO-8859-1", "UTF-8"),
        "transcode_ignore": tf.strings.unicode_transcode([b"a\xffb\xc3"], "UTF-8", "UTF-8",
                                                         errors="ignore"),
        "transcode_char": tf.strings.unicode_transcode([b"a\xffb\xc3"], "UTF-8", "UTF-8",
                                                       replacement_char=63),
        "bytes": tf.strings.bytes_split("abc"),
        "bytes_empty": tf.strings.bytes_split(""),
        "ngrams": tf.strings.ngrams(tf.constant([["a", "b", "c"], ["d", "e", "f"]]), 2),
        "ngrams_widths": tf.strings.ngrams(tf.constant(["a", "b", "c", "d"]), (1, 3),
                                           separator="-"),
        "ngrams_pad": tf.strings.ngrams(tf.constant(["a", "b"]), 3, pad_values=("<s>", "</s>"),
                                        padding_width=1),
        "ngrams_pad_all": tf.strings.ngrams(tf.constant(["a", "b", "c"]), 2, pad_values="#"),
        "ngrams_short": tf.strings.ngrams(tf.constant(["a", "b"]), 3,
                                          preserve_short_sequences=True),
        "ngrams_none": tf.strings.ngrams(tf.constant(["a", "b"]), 3)}
    points, starts = tf.strings.unicode_decode_with_offsets("héllo", "UTF-8")
    chars, char_starts = tf.strings.unicode_split_with_offsets("hé", "UTF-8")
    out.update(points=points, starts=starts, chars=chars, char_starts=char_starts)
    return out, {}


def _unicode_strict(tf):
    return {"bad": tf.strings.unicode_transcode([b"\xff"], "UTF-8", "UTF-8",
                                                errors="strict")}, {}


PROGRAMS.append(Program("api_unicode", _unicode,
                        covers=("UnicodeDecode", "UnicodeDecodeWithOffsets", "UnicodeEncode",
                                "UnicodeTranscode", "StringNGrams")))
PROGRAMS.append(Program("api_unicode_strict", _unicode_strict))

# SequenceExamples: context len=2/1 (int64), tags=[t0, t1]/[t0] (bytes); feature lists tok
# (int64 [[1, 2], [3]] / [[4]]) and emb (float pairs [len(step), 0.5] per step)
_SEQ_A = (b'\n"\n\x0c\n\x03len\x12\x05\x1a\x03\n\x01\x02\n\x12\n\x04tags'
          b'\x12\n\n\x08\n\x02t0\n\x02t1\x12=\n#\n\x03emb\x12\x1c\n'
          b'\x0c\x12\n\n\x08\x00\x00\x00@\x00\x00\x00?\n\x0c\x12\n\n\x08\x00\x00\x80?\x00'
          b'\x00\x00?\n\x16\n\x03tok\x12\x0f\n\x06\x1a\x04\n\x02\x01\x02\n\x05\x1a\x03'
          b'\n\x01\x03')
_SEQ_B = (b'\n\x1e\n\x0c\n\x03len\x12\x05\x1a\x03\n\x01\x01\n\x0e\n\x04tags'
          b"\x12\x06\n\x04\n\x02t0\x12'\n\x15\n\x03emb\x12\x0e\n\x0c\x12\n\n"
          b'\x08\x00\x00\x80?\x00\x00\x00?\n\x0e\n\x03tok\x12\x07\n\x05\x1a\x03\n\x01'
          b'\x04')


def _sequence_features(tf):
    return ({"len": tf.FixedLenFeature([], tf.int64), "tags": tf.VarLenFeature(tf.string),
             "miss": tf.FixedLenFeature([2], tf.float32, default_value=[1.0, 2.0])},
            {"tok": tf.VarLenFeature(tf.int64), "emb": tf.FixedLenSequenceFeature([2], tf.float32),
             "gone": tf.FixedLenSequenceFeature([], tf.int64, allow_missing=True)})


def _sequence_examples(tf):
    context, sequence = _sequence_features(tf)
    one_ctx, one_seq = tf.io.parse_single_sequence_example(_SEQ_A, context, sequence)
    top_ctx, top_seq = tf.parse_single_sequence_example(tf.constant(_SEQ_B), context_features={
        "len": tf.FixedLenFeature([1], tf.int64)})
    batch_ctx, batch_seq, lengths = tf.io.parse_sequence_example([_SEQ_A, _SEQ_B], context,
                                                                 sequence)
    out = {"one_len": one_ctx["len"], "one_miss": one_ctx["miss"], "one_emb": one_seq["emb"],
           "one_gone": one_seq["gone"], "top_len": top_ctx["len"],
           "top_empty": tf.constant(len(top_seq)), "batch_len": batch_ctx["len"],
           "batch_miss": batch_ctx["miss"], "batch_emb": batch_seq["emb"],
           "batch_gone": batch_seq["gone"], "emb_lengths": lengths["emb"],
           "gone_lengths": lengths["gone"]}
    _sparse(out, "one_tags", one_ctx["tags"])
    _sparse(out, "one_tok", one_seq["tok"])
    _sparse(out, "batch_tags", batch_ctx["tags"])
    _sparse(out, "batch_tok", batch_seq["tok"])
    return out, {}


def _sequence_missing(tf):
    _, seq = tf.io.parse_single_sequence_example(
        _SEQ_B, sequence_features={"x": tf.FixedLenSequenceFeature([], tf.int64)})
    return {"x": seq["x"]}, {}


PROGRAMS.append(Program("api_sequence_examples", _sequence_examples,
                        covers=("ParseSequenceExampleV2",)))
PROGRAMS.append(Program("api_sequence_missing", _sequence_missing))


def _bincount(tf):
    values = tf.constant([[1, 2, 2, 0], [5, 1, 1, 1]])
    sparse = tf.SparseTensor([[0, 0], [0, 3], [1, 1], [2, 0]], tf.constant([3, 1, 3, 0],
                                                                           tf.int64), [3, 4])
    out = {}
    _sparse(out, "flat", tf.sparse.bincount(values))
    _sparse(out, "rows", tf.sparse.bincount(values, axis=-1))
    _sparse(out, "weights", tf.sparse.bincount(values, weights=tf.constant(
        [[0.5, 1.0, 2.0, 1.0], [1.0, 1.0, 1.0, 3.0]])))
    _sparse(out, "binary", tf.sparse.bincount(values, axis=-1, binary_output=True))
    _sparse(out, "min", tf.sparse.bincount(tf.constant([1, 1], tf.int64), minlength=4))
    _sparse(out, "max", tf.sparse.bincount(values, maxlength=2))
    _sparse(out, "sparse_flat", tf.sparse.bincount(sparse))
    _sparse(out, "sparse_rows", tf.sparse.bincount(sparse, axis=-1))
    _sparse(out, "empty", tf.sparse.bincount(tf.constant([], tf.int32)))
    return out, {}


PROGRAMS.append(Program("api_sparse_bincount", _bincount,
                        covers=("DenseCountSparseOutput", "SparseCountSparseOutput")))


def _ragged_values(tf):
    value = tf.ragged.constant_value([[1, 2], [], [3]])
    nested = tf.ragged.constant_value([[[1, 2], [3]], [[4]]], dtype="float32")
    uniform = tf.ragged.constant_value([[[1, 2], [3, 4]], [[5, 6]]], ragged_rank=1)
    narrow = tf.ragged.constant_value([[1, 2], []], row_splits_dtype="int32")
    made = tf.ragged.RaggedTensorValue(values=value.values, row_splits=value.row_splits)
    splits = tf.placeholder(tf.int64, [None])
    out = {"values": tf.constant(value.values), "splits": tf.constant(value.row_splits),
           "text": tf.constant(str(value)), "made": tf.constant(str(made.to_list())),
           "rank": tf.constant(nested.ragged_rank), "flat": tf.constant(nested.flat_values),
           "inner_splits": tf.constant(nested.nested_row_splits[1]),
           "uniform_values": tf.constant(uniform.values),
           "uniform_shape": tf.constant(str(uniform.shape)),
           "narrow_dtype": tf.constant(str(narrow.row_splits.dtype)),
           "dense": tf.constant(tf.ragged.constant_value([1, 2])),
           "segment_ids": tf.ragged.row_splits_to_segment_ids(splits),
           "segment_ids32": tf.ragged.row_splits_to_segment_ids(
               tf.placeholder_with_default(tf.constant([0, 1, 3], tf.int32), [None]),
               out_type=tf.int64),
           "row_splits": tf.ragged.segment_ids_to_row_splits([0, 0, 2]),
           "row_splits_n": tf.ragged.segment_ids_to_row_splits([0, 0, 2], num_segments=5)}
    return out, {splits: [0, 2, 2, 5]}


PROGRAMS.append(Program("api_ragged_values", _ragged_values))
