"""Partitioned variables in V2 checkpoints, as TF saves and restores them: each shard a slice
of the full variable under its full name (a full-tensor index entry listing the slices, one
entry per slice under its encoded slice key), RestoreV2 reading any slice from any stored
slices. The fixtures in tests/fixtures/tf_partitioned/ were written by TF 2.21 compat.v1
(tests/fixtures/make_tf_partitioned.py); the other literals were recorded from it too.
"""
import gzip
from pathlib import Path

import numpy as np
import pytest

import tfcompat as tf
from tfcompat.io.checkpoint import BundleEntries, write_entries
from tfcompat.io.checkpoint import read_bundle

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "tf_partitioned"

A = np.arange(40, dtype=np.float32).reshape(10, 4)
S = np.arange(10, dtype=np.int64).reshape(5, 2) * 3
AB = np.array([7.5, -1.0], np.float32)
ONE = np.full((6, 2), 0.25, np.float32)
FULL = {"a": A, "a/b": AB, "one": ONE, "s": S}


def _build():
    """make_tf_partitioned.build()."""
    a = tf.get_variable("a", shape=[10, 4], partitioner=tf.fixed_size_partitioner(3),
                        initializer=tf.zeros_initializer())
    tf.get_variable("a/b", shape=[2], initializer=tf.zeros_initializer())
    tf.get_variable("one", shape=[6, 2], partitioner=tf.fixed_size_partitioner(1),
                    initializer=tf.zeros_initializer())
    s = tf.get_variable("s", shape=[5, 2], dtype=tf.int64,
                        partitioner=tf.fixed_size_partitioner(2, axis=1),
                        initializer=tf.zeros_initializer())
    return a, s


def _load_values(sess):
    for var in tf.global_variables():
        info = var._save_slice_info
        full = FULL[info.full_name if info else "a/b"]
        if info is not None:
            full = full[tuple(slice(o, o + n) for o, n in zip(info.var_offset, info.var_shape))]
        var.load(full, sess)


def _error_line(err) -> str:
    return str(err).split("\n")[0]


def test_saver_graph_is_tfs():
    with tf.Graph().as_default() as graph:
        _build()
        tf.train.Saver()
        save = graph.get_operation_by_name("save/SaveV2")
        assigns = [op.inputs[0].name for op in graph.get_operations()
                   if op.type == "Assign" and op.name.startswith("save/")]
        with tf.Session() as sess:
            names, specs = sess.run([save.inputs[1], save.inputs[2]])
    # recorded from TF 2.21 compat.v1 (make_tf_partitioned.py)
    assert [t.name for t in save.inputs] == [
        "save/Const:0", "save/SaveV2/tensor_names:0", "save/SaveV2/shape_and_slices:0",
        "a/part_0/read:0", "a/part_1/read:0", "a/part_2/read:0", "a/b:0", "one/part_0/read:0",
        "s/part_0/read:0", "s/part_1/read:0"]
    assert names.tolist() == [b"a", b"a", b"a", b"a/b", b"one", b"s", b"s"]
    assert specs.tolist() == [b"10 4 0,4:0,4", b"10 4 4,3:0,4", b"10 4 7,3:0,4", b"",
                              b"6 2 0,6:0,2", b"5 2 0,5:0,1", b"5 2 0,5:1,1"]
    assert assigns == ["a/part_0:0", "a/part_1:0", "a/part_2:0", "a/b:0", "one/part_0:0",
                       "s/part_0:0", "s/part_1:0"]


def test_shards_are_saved_in_name_order_as_tf():
    with tf.Graph().as_default() as graph:
        tf.get_variable("big", shape=[12, 1], partitioner=tf.fixed_size_partitioner(12))
        tf.train.Saver()
        saved = [t.op.inputs[0].name for t in
                 graph.get_operation_by_name("save/SaveV2").inputs[3:]]
    # recorded from TF 2.21 compat.v1: op_list_to_dict sorts by name (part_10 after part_1)
    assert saved == ["big/part_0:0", "big/part_10:0", "big/part_11:0"] + [
        "big/part_%d:0" % i for i in range(1, 10)]


def test_resource_shards_are_read_in_the_save_scope():
    with tf.Graph().as_default() as graph:
        tf.get_variable("r", shape=[4, 3], partitioner=tf.fixed_size_partitioner(2),
                        use_resource=True)
        tf.get_variable("q", shape=[3], use_resource=True)
        tf.train.Saver()
        save = graph.get_operation_by_name("save/SaveV2")
        cpu_copy = graph.get_operation_by_name("save/Identity_1")
    # recorded from TF 2.21 compat.v1 (which also adds a DisableCopyOnRead op TF 1.x lacks)
    assert [t.name for t in save.inputs[3:]] == [
        "q/Read/ReadVariableOp:0", "save/Identity_1:0", "save/Identity_3:0"]
    assert [t.name for t in cpu_copy.inputs] == ["save/Identity:0"]
    assert graph.get_operation_by_name("save/Identity").inputs[0].name == \
        "save/Read/ReadVariableOp:0"
    assert cpu_copy.device == "/device:CPU:0"
    assert graph.get_operation_by_name("save/AssignVariableOp_2").inputs[0].name == \
        "r/part_1:0"


@pytest.mark.parametrize("name", ["all", "subset"])
def test_saved_files_are_tfs_byte_for_byte(tmp_path, name):
    with tf.Graph().as_default():
        a, _ = _build()
        saver = tf.train.Saver() if name == "all" else tf.train.Saver([list(a)[0], list(a)[2]])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            _load_values(sess)
            prefix = saver.save(sess, str(tmp_path / (name + ".ckpt")), write_meta_graph=False,
                                write_state=False)
    for suffix in (".index", ".data-00000-of-00001"):
        assert Path(prefix + suffix).read_bytes() == (FIXTURES / (name + ".ckpt" + suffix)
                                                      ).read_bytes(), suffix


@pytest.mark.parametrize("shards", [None, 1, 2, 4, 10])
def test_tf_checkpoint_restores_into_any_partitioning(shards):
    with tf.Graph().as_default():
        kwargs = {"partitioner": tf.fixed_size_partitioner(shards)} if shards else {}
        a = tf.get_variable("a", shape=[10, 4], initializer=tf.zeros_initializer(), **kwargs)
        saver = tf.train.Saver([a] if shards is None else list(a))
        with tf.Session() as sess:
            saver.restore(sess, str(FIXTURES / "all.ckpt"))
            np.testing.assert_array_equal(sess.run(tf.convert_to_tensor(a)), A)


def test_restore_v2_reads_slices_as_tf():
    prefix = str(FIXTURES / "all.ckpt")

    def restore(name, spec, dtype=tf.float32):
        with tf.Graph().as_default(), tf.Session() as sess:
            out = tf.raw_ops.RestoreV2(prefix=prefix, tensor_names=[name],
                                       shape_and_slices=[spec], dtypes=[dtype])
            return out[0].shape.as_list() if out[0].shape.ndims is not None else None, \
                sess.run(out)[0]

    shape, value = restore("a", "10 4 2,6:1,2")   # across the three stored slices
    assert shape == [6, 2]
    np.testing.assert_array_equal(value, A[2:8, 1:3])
    assert restore("a", "")[0] is None
    np.testing.assert_array_equal(restore("a", "")[1], A)
    np.testing.assert_array_equal(restore("a", "10 4 -:-")[1], A)
    np.testing.assert_array_equal(restore("s", "5 2 1,3:-", tf.int64)[1], S[1:4])
    np.testing.assert_array_equal(restore("one", "6 2 1,3:-")[1], ONE[1:4])  # stored whole
    with pytest.raises(tf.errors.InvalidArgumentError) as e:
        restore("a", "10 5 0,2:-")
    assert "tensor_name = a; shape in shape_and_slice spec [10,5] does not match the shape " \
           "stored in checkpoint: [10,4]" in str(e.value)


def test_restore_v2_bad_specs_fail_when_built_as_tf():
    prefix = str(FIXTURES / "all.ckpt")
    node = ("for '{{node RestoreV2}} = RestoreV2[dtypes=[DT_FLOAT]](RestoreV2/prefix, "
            "RestoreV2/tensor_names, RestoreV2/shape_and_slices)' with input shapes: [], [1], "
            "[1] and with computed input tensors: input[2] = <%s>.")
    cases = [  # recorded from TF 2.21 compat.v1
        ("10 4 0,20:-", tf.errors.InternalError,
         "Extent in dimension 0 out of bounds: shape = [10,4], slice = 0,20:- "),
        ("10 4 0,2", tf.errors.InternalError, "Mismatching ranks: shape = [10,4], slice = 0,2 "),
        ("10 4 x:-", ValueError, "Expected a pair of numbers or '-' but got 'x': string = x:- "),
        ("10 4 0,0:-", ValueError, "Expected non-negative start and positive length but got "
         "start = 0, length = 0: string = 0,0:- "),
        ("10", ValueError, "Need least two elements in shape_and_slice specification: 10 "),
        ("1x 4 -:-", ValueError, "Non numerical dimension in shape_and_slice: 1x 4 -:- "),
    ]
    for spec, cls, text in cases:
        with tf.Graph().as_default(), pytest.raises(cls) as e:
            tf.raw_ops.RestoreV2(prefix=prefix, tensor_names=["a"], shape_and_slices=[spec],
                                 dtypes=[tf.float32])
        assert _error_line(e.value) == text + node % spec


def test_slices_that_do_not_cover_the_variable():
    prefix = str(FIXTURES / "subset.ckpt")   # shards 0 and 2 of `a` only
    reader = tf.train.NewCheckpointReader(prefix)
    assert reader.get_variable_to_shape_map() == {"a": [10, 4]}
    assert tf.train.list_variables(prefix) == [("a", [10, 4])]
    message = "Does not have sufficient slices for partitioned tensor a to restore in " \
              "slice_spec: -:-"
    with pytest.raises(ValueError, match=message):   # TF's reader: ValueError
        reader.get_tensor("a")
    with tf.Graph().as_default(), tf.Session() as sess:
        ok = tf.raw_ops.RestoreV2(prefix=prefix, tensor_names=["a"],
                                  shape_and_slices=["10 4 0,2:-"], dtypes=[tf.float32])
        np.testing.assert_array_equal(sess.run(ok)[0], A[:2])
        bad = tf.raw_ops.RestoreV2(prefix=prefix, tensor_names=["a"],
                                   shape_and_slices=["10 4 3,5:-"], dtypes=[tf.float32])
        with pytest.raises(tf.errors.InvalidArgumentError, match=message.replace("-:-", "3,5:-")):
            sess.run(bad)


def test_init_from_checkpoint_reslices():
    with tf.Graph().as_default():
        a = tf.get_variable("new/a", shape=[10, 4], partitioner=tf.fixed_size_partitioner(5),
                            initializer=tf.zeros_initializer())
        b = tf.get_variable("new/one", shape=[6, 2], partitioner=tf.fixed_size_partitioner(2),
                            initializer=tf.zeros_initializer())
        tf.train.init_from_checkpoint(str(FIXTURES / "all.ckpt"), {"/": "new/"})
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            np.testing.assert_array_equal(sess.run(tf.convert_to_tensor(a)), A)
            np.testing.assert_array_equal(sess.run(tf.convert_to_tensor(b)), ONE)


def test_meta_graph_of_tf_restores_and_saves_the_same_bytes(tmp_path):
    with tf.Graph().as_default() as graph:
        meta = tmp_path / "all.meta"
        meta.write_bytes(gzip.decompress((FIXTURES / "all.meta.gz").read_bytes()))
        saver = tf.train.import_meta_graph(str(meta))
        specs = [(v.name, v._save_slice_info.spec if v._save_slice_info else None)
                 for v in tf.global_variables()]
        assert specs[:3] == [("a/part_0:0", "10 4 0,4:0,4"), ("a/part_1:0", "10 4 4,3:0,4"),
                             ("a/part_2:0", "10 4 7,3:0,4")]
        with tf.Session() as sess:
            saver.restore(sess, str(FIXTURES / "all.ckpt"))
            np.testing.assert_array_equal(sess.run(graph.get_tensor_by_name("s/part_1:0")),
                                          S[:, 1:])
            prefix = saver.save(sess, str(tmp_path / "again"), write_meta_graph=False,
                                write_state=False)
    assert Path(prefix + ".index").read_bytes() == (FIXTURES / "all.ckpt.index").read_bytes()


@pytest.mark.tfcompat_only
def test_bundle_entries_write_slices_like_tf(tmp_path):
    entries = BundleEntries()
    entries.add_slice("a", [10, 4], [(0, 4), (0, 4)], A[:4])
    entries.add_slice("a", [10, 4], [(7, 3), (0, 4)], A[7:])
    write_entries(str(tmp_path / "subset.ckpt"), entries)
    for suffix in (".index", ".data-00000-of-00001"):
        assert (tmp_path / ("subset.ckpt" + suffix)).read_bytes() == \
            (FIXTURES / ("subset.ckpt" + suffix)).read_bytes()
    again = BundleEntries()
    again.add_slice("w", [3, 2], [(0, -1), (0, -1)], np.ones((3, 2)))  # whole: a plain entry
    with pytest.raises(tf.errors.InvalidArgumentError, match="Adding duplicate key: w"):
        again.add("w", np.ones(1))
    reader = read_bundle(str(FIXTURES / "all.ckpt"))
    np.testing.assert_array_equal(reader.get_slice("a", [(3, 5), (0, -1)]), A[3:8])


def test_save_v2_slice_errors(tmp_path):
    with tf.Graph().as_default(), tf.Session() as sess:
        x = tf.ones([3, 4])

        def save(name, specs):
            sess.run(tf.raw_ops.SaveV2(prefix=str(tmp_path / name), tensor_names=["x"] * len(specs),
                                       shape_and_slices=specs, tensors=[x] * len(specs)))
        # recorded from TF 2.21 compat.v1
        with pytest.raises(tf.errors.InvalidArgumentError) as e:
            save("a", ["10 4 0,4:-"])
        assert _error_line(e.value) == ("Slice in shape_and_slice specification does not match "
                                        "the shape of the tensor to  save: 10 4 0,4:-, tensor: "
                                        "[3,4]")
        with pytest.raises(tf.errors.InvalidArgumentError, match="Adding duplicate key"):
            save("b", ["10 4 0,3:-", "10 4 0,3:-"])
        # TF aborts the process (a CHECK in BundleWriter::AddSlice): known_differences.txt
        with pytest.raises(tf.errors.InvalidArgumentError, match="Adding duplicate key: x"):
            save("c", ["", "10 4 0,3:-"])
        save("d", ["3 4 -:-"])   # a slice that is the whole tensor is stored as the tensor
        assert tf.train.list_variables(str(tmp_path / "d")) == [("x", [3, 4])]
        save("e", ["6 4 0,3:-", "6 4 2,3:-"])   # overlapping slices: saved, not readable
        with pytest.raises(tf.errors.InternalError, match="Overlapping slices: existing slice = "
                           "0,3:-, new slice = 2,3:-"):
            tf.train.load_variable(str(tmp_path / "e"), "x")


def test_string_slices_read_back(tmp_path):
    # TF saves slices of a string tensor but cannot read them back unless the slice asked for
    # is one stored ("Dtype string not supported."): known_differences.txt; tfcompat reads them
    prefix = str(tmp_path / "t")
    with tf.Graph().as_default(), tf.Session() as sess:
        st = tf.constant([["a", "bb"], ["c", "d"]])
        sess.run(tf.raw_ops.SaveV2(prefix=prefix, tensor_names=["s", "s"],
                                   shape_and_slices=["4 2 0,2:-", "4 2 2,2:-"], tensors=[st, st]))
        part = tf.raw_ops.RestoreV2(prefix=prefix, tensor_names=["s"],
                                    shape_and_slices=["4 2 1,2:1,1"], dtypes=[tf.string])
        assert sess.run(part)[0].tolist() == [[b"d"], [b"bb"]]
    assert tf.train.load_variable(prefix, "s").tolist() == [[b"a", b"bb"], [b"c", b"d"]] * 2


def test_optimizer_slots_of_shards_are_saved_as_slices(tmp_path):
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        r = tf.get_variable("r", shape=[7, 3], partitioner=tf.variable_axis_size_partitioner(40),
                            use_resource=True, initializer=tf.ones_initializer())
        w = tf.get_variable("w", shape=[9, 2], partitioner=tf.min_max_variable_partitioner(
            max_partitions=4, min_slice_size=16), initializer=tf.ones_initializer())
        loss = tf.reduce_sum(tf.square(tf.convert_to_tensor(r))) + tf.reduce_sum(
            tf.nn.embedding_lookup(w, [0, 5, 8]))
        train = tf.train.AdamOptimizer(0.1).minimize(loss)
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(3):
                sess.run(train)
            prefix = saver.save(sess, str(tmp_path / "m"), write_meta_graph=False,
                                write_state=False)
    # recorded from TF 2.21 compat.v1 (the specs of the shards, then the saved keys)
    assert [p._save_slice_info.spec for p in r] == ["7 3 0,3:0,3", "7 3 3,2:0,3", "7 3 5,2:0,3"]
    assert [p._save_slice_info.spec for p in w] == ["9 2 0,3:0,2", "9 2 3,2:0,2", "9 2 5,2:0,2",
                                                    "9 2 7,2:0,2"]
    assert tf.train.list_variables(prefix) == [
        ("beta1_power", []), ("beta2_power", []), ("r", [7, 3]), ("r/Adam", [7, 3]),
        ("r/Adam_1", [7, 3]), ("w", [9, 2]), ("w/Adam", [9, 2]), ("w/Adam_1", [9, 2])]
    reader = tf.train.NewCheckpointReader(prefix)
    # ids 0, 5, 8 are rows 0, 4, 2 ("mod" strategy over 4 shards): three Adam steps of 0.1
    np.testing.assert_allclose(reader.get_tensor("w")[[0, 2, 4]], np.full((3, 2), 0.7),
                               rtol=1e-5)
    np.testing.assert_array_equal(reader.get_tensor("w")[[1, 3, 5, 6, 7, 8]], np.ones((6, 2)))


def test_debug_string_lists_the_slices_as_tf():
    reader = tf.train.NewCheckpointReader(str(FIXTURES / "all.ckpt"))
    # recorded from TF 2.21 compat.v1: the raw slice keys, not the partitioned tensors
    assert reader.debug_string() == (
        b"\x00a\x00\x01\x01\x02\x80\x84\x80\x84 (DT_FLOAT) [4,4]\n"
        b"\x00a\x00\x01\x01\x02\x84\x83\x80\x84 (DT_FLOAT) [3,4]\n"
        b"\x00a\x00\x01\x01\x02\x87\x83\x80\x84 (DT_FLOAT) [3,4]\n"
        b"\x00s\x00\x01\x01\x02\x80\x85\x80\x81 (DT_INT64) [5,1]\n"
        b"\x00s\x00\x01\x01\x02\x80\x85\x81\x81 (DT_INT64) [5,1]\n"
        b"a/b (DT_FLOAT) [2]\none (DT_FLOAT) [6,2]\n")
