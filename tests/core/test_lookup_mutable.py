"""tf.lookup.experimental.MutableHashTable / DenseHashTable: insert, overwrite, remove,
lookup (with dynamic defaults), size, export, and the dense table's bucket layout, which is
TF's bucket for bucket (its checkpoints hold the buckets as they are). Expected values were
recorded from TF 2.21 compat.v1."""
import numpy as np
import pytest


def _in_order(tf, *steps):
    """Builds each step under a control dependency on the previous one."""
    out, previous = [], []
    for step in steps:
        with tf.control_dependencies(previous):
            result = step()
        out.append(result)
        first = result[0] if isinstance(result, (list, tuple)) else result
        previous = [first]
    return out[-1]


def test_mutable_hash_table(tf):
    table = tf.lookup.experimental.MutableHashTable(tf.string, tf.int64, -1)
    assert table.name == "MutableHashTable"
    assert table.resource_handle.op.type == "MutableHashTableV2"
    last = _in_order(
        tf, lambda: table.insert(tf.constant(["a", "b", "c"]), tf.constant([1, 2, 3], tf.int64)),
        lambda: table.insert(tf.constant(["a"]), tf.constant([7], tf.int64)),
        lambda: table.remove(tf.constant(["b", "zz"])),
        lambda: [table.lookup(tf.constant([["a", "b"], ["c", "d"]])), table.size()])
    assert last[0].name == "MutableHashTable_lookup_table_find/LookupTableFindV2:0"
    assert last[0].shape.as_list() == [2, 2]
    with tf.Session() as sess:
        assert sess.run(table.size()) == 0
        found, size = sess.run(last)
    np.testing.assert_array_equal(found, [[7, -1], [3, -1]])
    assert size == 2


def test_mutable_hash_table_of_tensors(tf):
    table = tf.lookup.experimental.MutableHashTable(tf.int64, tf.float32,
                                                    default_value=[0.0, -1.0])
    assert table.resource_handle.op.type == "MutableHashTableOfTensorsV2"
    last = _in_order(
        tf, lambda: table.insert(tf.constant([5, 6], tf.int64),
                                 tf.constant([[1., 2.], [3., 4.]])),
        lambda: [table.lookup(tf.constant([6, 7], tf.int64)),
                 table.lookup(tf.constant([7], tf.int64),
                              dynamic_default_values=tf.constant([[9., 9.]])),
                 table.size()])
    with tf.Session() as sess:
        found, dynamic, size = sess.run(last)
    np.testing.assert_array_equal(found, [[3., 4.], [0., -1.]])
    np.testing.assert_array_equal(dynamic, [[9., 9.]])
    assert size == 2
    bad = table.insert(tf.constant([1, 2], tf.int64), tf.constant([1., 2., 3.]))
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError,
                                             match=r"Expected shape \[2,2\] for value"):
        sess.run(bad)


# (initial buckets, keys) -> TF's exported key buckets after inserting keys (values key*10),
# removing the first key and inserting last+16; then the size and a lookup of keys + [99]
DENSE_CASES = [
    (4, [1, 2, 3, 4, 5], [0, -1, 2, 3, 4, 5, 21, 0], 5, [-1, 20, 30, 40, 50, -1]),
    (8, [3, 11, 19, 27], [0, 27, 0, 43, 11, 0, 19, 0], 4, [-1, 110, 190, 270, -1]),
]


@pytest.mark.parametrize("buckets,keys,exported,size,found", DENSE_CASES)
def test_dense_hash_table_buckets_are_tfs(tf, buckets, keys, exported, size, found):
    table = tf.lookup.experimental.DenseHashTable(tf.int64, tf.int64, default_value=-1,
                                                  empty_key=0, deleted_key=-1,
                                                  initial_num_buckets=buckets)
    last = _in_order(
        tf, lambda: table.insert(tf.constant(keys, tf.int64),
                                 tf.constant([k * 10 for k in keys], tf.int64)),
        lambda: table.remove(tf.constant(keys[:1], tf.int64)),
        lambda: table.insert(tf.constant([keys[-1] + 16], tf.int64),
                             tf.constant([1], tf.int64)),
        lambda: [table.export()[0], table.size(), table.lookup(tf.constant(keys + [99],
                                                                           tf.int64))])
    with tf.Session() as sess:
        got_keys, got_size, got_found = sess.run(last)
    np.testing.assert_array_equal(got_keys.ravel(), exported)
    assert got_size == size
    np.testing.assert_array_equal(got_found, found)


def test_dense_hash_table_string_and_vector_keys(tf):
    # string keys hash with TF's Hash64, vector keys with Hash64Combine: the buckets are TF's
    strings = tf.lookup.experimental.DenseHashTable(
        tf.string, tf.float32, default_value=[-1.0, -2.0], empty_key="", deleted_key="$",
        initial_num_buckets=8)
    last_s = _in_order(
        tf, lambda: strings.insert(tf.constant(["apple", "b", "cat", "dog"]),
                                   tf.constant([[1., 2.], [3., 4.], [5, 6], [7, 8]])),
        lambda: strings.remove(tf.constant(["b"])),
        lambda: [strings.export()[0], strings.lookup(tf.constant(["apple", "b", "zzz"])),
                 strings.size()])
    vectors = tf.lookup.experimental.DenseHashTable(
        tf.int64, tf.int64, default_value=-1, empty_key=[0, 0], deleted_key=[-1, -1],
        initial_num_buckets=8, name="vec")
    last_v = _in_order(
        tf, lambda: vectors.insert(tf.constant([[1, 2], [3, 4]], tf.int64),
                                   tf.constant([12, 34], tf.int64)),
        lambda: [vectors.export()[0], vectors.lookup(tf.constant([[3, 4], [1, 1]], tf.int64))])
    with tf.Session() as sess:
        (s_keys, s_found, s_size), (v_keys, v_found) = sess.run([last_s, last_v])
    assert s_keys.ravel().tolist() == [b"dog", b"", b"apple", b"$", b"", b"", b"", b"cat"]
    np.testing.assert_array_equal(s_found, [[1., 2.], [-1., -2.], [-1., -2.]])
    assert s_size == 3
    assert v_keys.tolist() == [[0, 0], [0, 0], [0, 0], [1, 2], [0, 0], [0, 0], [0, 0], [3, 4]]
    np.testing.assert_array_equal(v_found, [34, -1])


@pytest.mark.parametrize("build,message", [
    (lambda tf, t: t.lookup(tf.constant([0], tf.int64)),
     "Using the empty_key as a table key is not allowed"),
    (lambda tf, t: t.insert(tf.constant([-1], tf.int64), tf.constant([3], tf.int64)),
     "Using the deleted_key as a table key is not allowed"),
])
def test_dense_hash_table_reserved_keys(tf, build, message):
    table = tf.lookup.experimental.DenseHashTable(tf.int64, tf.int64, default_value=-1,
                                                  empty_key=0, deleted_key=-1)
    op = build(tf, table)
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError, match=message):
        sess.run(op)


@pytest.mark.parametrize("kwargs,message", [
    (dict(empty_key=0, deleted_key=0), "Empty and deleted keys cannot be equal"),
    (dict(empty_key=0, deleted_key=-1, initial_num_buckets=6),
     "Number of buckets must be at least 4 and a power of 2, got: 6"),
])
def test_dense_hash_table_bad_construction(tf, kwargs, message):
    table = tf.lookup.experimental.DenseHashTable(tf.int64, tf.int64, default_value=-1,
                                                  **kwargs)
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError, match=message):
        sess.run(table.size())


def test_remove_checks_the_key_dtype(tf):
    table = tf.lookup.experimental.MutableHashTable(tf.string, tf.int64, default_value=-1)
    with pytest.raises(TypeError, match="Dtype of argument `keys` must be"):
        table.remove(tf.constant([1, 2], tf.int64))


def test_tables_in_checkpoints(tf, tmp_path):
    # TF's keys: `<name>-keys` / `<name>-values`, restored by save/<name>_table_restore;
    # the dense table's buckets are saved as they are (recorded from TF 2.21)
    v = tf.Variable([1.0, 2.0], name="v")
    table = tf.lookup.experimental.MutableHashTable(tf.string, tf.int64, -1, name="mht")
    dense = tf.lookup.experimental.DenseHashTable(
        tf.int64, tf.float32, default_value=[0.0, 0.0], empty_key=-1, deleted_key=-2,
        initial_num_buckets=8, name="dense")
    saver = tf.train.Saver()
    restores = sorted(op.name for op in tf.get_default_graph().get_operations()
                      if op.type == "LookupTableImportV2")
    assert restores == ["save/dense_table_restore/LookupTableImportV2",
                        "save/mht_table_restore/LookupTableImportV2"]
    fill = [table.insert(tf.constant(["a", "b"]), tf.constant([1, 2], tf.int64)),
            dense.insert(tf.constant([3, 11, 19], tf.int64),
                         tf.constant([[1., 2.], [3., 4.], [5., 6.]]))]
    found = [table.lookup(tf.constant(["b", "z"])), table.size(),
             dense.lookup(tf.constant([11, 4], tf.int64)), dense.size()]
    path = str(tmp_path / "model")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(fill)
        saver.save(sess, path)
    reader = tf.train.NewCheckpointReader(path)
    assert sorted(reader.get_variable_to_shape_map().items()) == [
        ("dense-keys", [8, 1]), ("dense-values", [8, 2]), ("mht-keys", [2]),
        ("mht-values", [2]), ("v", [2])]
    assert reader.get_tensor("dense-keys").ravel().tolist() == [-1, -1, -1, 3, 11, -1, 19, -1]
    with tf.Session() as sess:   # a fresh session: the tables start empty
        saver.restore(sess, path)
        got = sess.run(found)
    assert got[0].tolist() == [2, -1] and got[1] == 2
    np.testing.assert_array_equal(got[2], [[3., 4.], [0., 0.]])
    assert got[3] == 3
