"""The mutable lookup tables (tf.lookup.experimental.MutableHashTable / DenseHashTable, TF
1.15's tf.contrib.lookup ones): inserts, overwrites, removals, lookups with static and dynamic
defaults, sizes, exports and the dense table's bucket layout, with TF's op names."""
from harness import Program


def _seq(tf, *steps):
    """Each step built under a control dependency on the previous one."""
    out, previous = [], []
    for step in steps:
        with tf.control_dependencies(previous):
            result = step()
        out.append(result)
        previous = [result[0] if isinstance(result, (list, tuple)) else result]
    return out[-1]


def _hash_table(tf):
    table = tf.lookup.experimental.MutableHashTable(tf.int64, tf.float32, -1.0, name="mht")
    keys, values = _seq(
        tf, lambda: table.insert(tf.constant([4, 9, 2, 7], tf.int64),
                                 tf.constant([0.5, 1.5, 2.5, 3.5])),
        lambda: table.insert(tf.constant([9], tf.int64), tf.constant([9.5])),
        lambda: table.remove(tf.constant([2, 100], tf.int64)),
        lambda: table.export())
    order = tf.argsort(keys)  # TF's export order is its map's: compare sorted
    with tf.control_dependencies([keys]):
        found = table.lookup(tf.constant([[4, 2], [9, 5]], tf.int64))
        size = table.size()
    return {"keys": tf.gather(keys, order), "values": tf.gather(values, order),
            "found": found, "size": size}, {}


def _hash_table_of_tensors(tf):
    table = tf.lookup.experimental.MutableHashTable(tf.string, tf.int32, [0, -1])
    found, dynamic, size = _seq(
        tf, lambda: table.insert(tf.constant(["a", "bb"]), tf.constant([[1, 2], [3, 4]])),
        lambda: [table.lookup(tf.constant(["bb", "c"])),
                 table.lookup(tf.constant(["c"]), dynamic_default_values=[[7, 7]]),
                 table.size()])
    return {"found": found, "dynamic": dynamic, "size": size}, {}


def _dense_table(tf):
    table = tf.lookup.experimental.DenseHashTable(
        tf.int64, tf.float32, default_value=[-1.0, -2.0], empty_key=-1, deleted_key=-2,
        initial_num_buckets=8, name="dense")
    keys, values, found, size = _seq(
        tf, lambda: table.insert(tf.constant([3, 11, 19, 27, 35], tf.int64),
                                 tf.reshape(tf.range(10, dtype=tf.float32), [5, 2])),
        lambda: table.remove(tf.constant([11], tf.int64)),
        lambda: table.insert(tf.constant([43, 3], tf.int64), tf.constant([[8., 8.], [9., 9.]])),
        lambda: list(table.export()) + [table.lookup(tf.constant([3, 11, 43, 5], tf.int64)),
                                        table.size()])
    return {"keys": keys, "values": values, "found": found, "size": size}, {}


def _dense_string_table(tf):
    table = tf.lookup.experimental.DenseHashTable(
        tf.string, tf.int64, default_value=0, empty_key="", deleted_key="<deleted>",
        initial_num_buckets=16)
    keys, values, found = _seq(
        tf, lambda: table.insert(tf.constant(["the", "cat", "sat", "on", "mat"]),
                                 tf.constant([1, 2, 3, 4, 5], tf.int64)),
        lambda: list(table.export()) + [table.lookup(tf.constant(["mat", "dog"]))])
    return {"keys": keys, "values": values, "found": found}, {}


def _dense_reserved_key(tf):
    table = tf.lookup.experimental.DenseHashTable(tf.int64, tf.int64, default_value=-1,
                                                  empty_key=0, deleted_key=-1)
    return {"bad": table.lookup(tf.constant([0], tf.int64))}, {}


PROGRAMS = [
    Program("lookup_mutable_hash_table", _hash_table, graph=True,
            covers=("MutableHashTableV2", "LookupTableInsertV2", "LookupTableRemoveV2",
                    "LookupTableExportV2")),
    Program("lookup_mutable_hash_table_of_tensors", _hash_table_of_tensors,
            covers=("MutableHashTableOfTensorsV2",)),
    Program("lookup_dense_hash_table", _dense_table, graph=True,
            covers=("MutableDenseHashTableV2",)),
    Program("lookup_dense_string_table", _dense_string_table),
    Program("lookup_dense_reserved_key", _dense_reserved_key),
]
