"""`tf.train.Saver(sharded=True)` as TF 1.15 builds and runs it: the saveables grouped by
device, one ShardedFilename + SaveV2 per device writing `<prefix>_temp_<uuid>/part-*`,
MergeV2Checkpoints into `<prefix>.index` + `<prefix>.data-0000i-of-0000n`, one RestoreV2 and
`restore_shard` per device. Graph listings, file names, file digests and values were recorded
from TF 2.21 compat.v1 (which writes `_temp/part` where TF 1.15 writes `_temp_<uuid>/part`);
tests/fixtures/tf_sharded/ was written by TF (tests/fixtures/make_tf_sharded.py).
"""
import gzip
import hashlib
import os
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

import tfcompat as tf
from tfcompat.io.proto import meta_graph_pb2
from tfcompat.ops import io_ops_sharded

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "tf_sharded"
TWO_CPUS = dict(device_count={"CPU": 2})

# TF's save/ ops for v0 (/cpu:0), v1 (/cpu:1), v2 (/cpu:0): name, type, device, inputs,
# control inputs (save/Const_2 holds "_temp_<uuid>/part")
TF_TWO_DEVICES = """\
save/filename/input Const  | |
save/filename PlaceholderWithDefault  |save/filename/input:0 |
save/Const PlaceholderWithDefault  |save/filename:0 |
save/StaticRegexFullMatch StaticRegexFullMatch /device:CPU:* |save/Const:0 |
save/Const_1 Const /device:CPU:* | |
save/Const_2 Const /device:CPU:* | |
save/Select Select /device:CPU:* |save/StaticRegexFullMatch:0 save/Const_1:0 save/Const_2:0 |
save/StringJoin StringJoin /device:CPU:* |save/Const:0 save/Select:0 |
save/num_shards Const  | |
save/ShardedFilename/shard Const /device:CPU:0 | |
save/ShardedFilename ShardedFilename /device:CPU:0 |save/StringJoin:0 save/ShardedFilename/shard:0 save/num_shards:0 |
save/SaveV2/tensor_names Const /device:CPU:0 | |
save/SaveV2/shape_and_slices Const /device:CPU:0 | |
save/SaveV2 SaveV2 /device:CPU:0 |save/ShardedFilename:0 save/SaveV2/tensor_names:0 save/SaveV2/shape_and_slices:0 v0:0 v2:0 |
save/control_dependency Identity /device:CPU:0 |save/ShardedFilename:0 |save/SaveV2
save/ShardedFilename_1/shard Const /device:CPU:0 | |
save/ShardedFilename_1 ShardedFilename /device:CPU:0 |save/StringJoin:0 save/ShardedFilename_1/shard:0 save/num_shards:0 |
save/SaveV2_1/tensor_names Const /device:CPU:0 | |
save/SaveV2_1/shape_and_slices Const /device:CPU:0 | |
save/SaveV2_1 SaveV2 /device:CPU:0 |save/ShardedFilename_1:0 save/SaveV2_1/tensor_names:0 save/SaveV2_1/shape_and_slices:0 v1:0 |
save/control_dependency_1 Identity /device:CPU:0 |save/ShardedFilename_1:0 |save/SaveV2_1
save/MergeV2Checkpoints/checkpoint_prefixes Pack /device:CPU:0 |save/ShardedFilename:0 save/ShardedFilename_1:0 |save/control_dependency save/control_dependency_1
save/MergeV2Checkpoints MergeV2Checkpoints /device:CPU:0 |save/MergeV2Checkpoints/checkpoint_prefixes:0 save/Const:0 |
save/Identity Identity /device:CPU:0 |save/Const:0 |save/control_dependency save/control_dependency_1 save/MergeV2Checkpoints
save/RestoreV2/tensor_names Const /device:CPU:0 | |
save/RestoreV2/shape_and_slices Const /device:CPU:0 | |
save/RestoreV2 RestoreV2 /device:CPU:0 |save/Const:0 save/RestoreV2/tensor_names:0 save/RestoreV2/shape_and_slices:0 |
save/Assign Assign /device:CPU:0 |v0:0 save/RestoreV2:0 |
save/Assign_1 Assign /device:CPU:0 |v2:0 save/RestoreV2:1 |
save/restore_shard NoOp /device:CPU:0 | |save/Assign save/Assign_1
save/RestoreV2_1/tensor_names Const /device:CPU:0 | |
save/RestoreV2_1/shape_and_slices Const /device:CPU:0 | |
save/RestoreV2_1 RestoreV2 /device:CPU:0 |save/Const:0 save/RestoreV2_1/tensor_names:0 save/RestoreV2_1/shape_and_slices:0 |
save/Assign_2 Assign /device:CPU:1 |v1:0 save/RestoreV2_1:0 |
save/restore_shard_1 NoOp /device:CPU:1 | |save/Assign_2
save/restore_all/NoOp NoOp /device:CPU:0 | |save/restore_shard
save/restore_all/NoOp_1 NoOp /device:CPU:1 | |save/restore_shard_1
save/restore_all NoOp  | |save/restore_all/NoOp save/restore_all/NoOp_1"""


def _three(two):
    out = []
    for i in range(3):
        with tf.device("/cpu:%d" % (i % 2 if two else 0)):
            out.append(tf.get_variable("v%d" % i, [2, i + 1],
                                       initializer=tf.constant_initializer(i + 0.5)))
    return out


def _listing(graph):
    return "\n".join("%s %s %s |%s |%s" % (
        o.name, o.type, o.device, " ".join(t.name for t in o.inputs),
        " ".join(c.name for c in o.control_inputs))
        for o in graph.get_operations() if o.name.startswith("save/"))


def _md5(path):
    return hashlib.md5(Path(path).read_bytes()).hexdigest()


def test_graph_two_devices():
    with tf.Graph().as_default() as g:
        _three(True)
        saver = tf.train.Saver(sharded=True)
        assert _listing(g) == TF_TWO_DEVICES
        d = saver.saver_def
        assert (d.filename_tensor_name, d.save_tensor_name, d.restore_op_name, d.sharded) == \
            ("save/Const:0", "save/Identity:0", "save/restore_all", True)
        with tf.Session(config=tf.ConfigProto(**TWO_CPUS)) as sess:
            suffix = sess.run("save/Const_2:0").decode()
            assert re.fullmatch(r"_temp_[0-9a-f]{32}/part", suffix)
            assert sess.run("save/Const_1:0") == b".part"


def test_graph_one_device():
    with tf.Graph().as_default() as g:
        _three(False)
        tf.train.Saver(sharded=True)
        ops = {o.name: o for o in g.get_operations()}
        assert [o.name for o in g.get_operations() if o.type in (
            "SaveV2", "ShardedFilename", "MergeV2Checkpoints", "RestoreV2")] == [
            "save/ShardedFilename", "save/SaveV2", "save/MergeV2Checkpoints", "save/RestoreV2"]
        assert ops["save/restore_all"].device == "/device:CPU:0"
        assert [c.name for c in ops["save/restore_all"].control_inputs] == ["save/restore_shard"]
        assert [t.name for t in ops["save/SaveV2"].inputs[3:]] == ["v0:0", "v1:0", "v2:0"]


def test_files_max_to_keep_and_restore_unsharded(tmp_path):
    """/work/s12/progs_deploy/p14_sharded_saver.py, as TF ran it."""
    with tf.Graph().as_default():
        vs = _three(True)
        saver = tf.train.Saver(sharded=True, max_to_keep=2, pad_step_number=True)
        with tf.Session(config=tf.ConfigProto(**TWO_CPUS)) as sess:
            sess.run(tf.global_variables_initializer())
            paths = []
            for step in range(3):
                sess.run(tf.assign_add(vs[0], tf.ones_like(vs[0])))
                paths.append(os.path.basename(
                    saver.save(sess, str(tmp_path / "model"), global_step=step)))
    assert paths == ["model-00000000", "model-00000001", "model-00000002"]
    assert [os.path.basename(p) for p in saver.last_checkpoints] == paths[1:]
    assert sorted(os.listdir(tmp_path)) == [
        "checkpoint", "model-00000001.data-00000-of-00002",
        "model-00000001.data-00001-of-00002", "model-00000001.index", "model-00000001.meta",
        "model-00000002.data-00000-of-00002", "model-00000002.data-00001-of-00002",
        "model-00000002.index", "model-00000002.meta"]
    with tf.Graph().as_default():
        vs = _three(False)
        with tf.Session() as sess:
            tf.train.Saver().restore(sess, tf.train.latest_checkpoint(str(tmp_path)))
            v0, v1, v2 = sess.run(vs)
    np.testing.assert_array_equal(v0, [[3.5], [3.5]])
    np.testing.assert_array_equal(v1, np.full((2, 2), 1.5))
    np.testing.assert_array_equal(v2, np.full((2, 3), 2.5))


def _fixture_vars():
    """make_tf_sharded.build()."""
    with tf.device("/cpu:1"):
        a = tf.get_variable("a", [3, 2], initializer=tf.constant_initializer(1.5))
    with tf.device("/cpu:0"):
        b = tf.get_variable("b", [4], dtype=tf.int64, initializer=tf.constant_initializer(7))
    c = tf.get_variable("c", [2], initializer=tf.constant_initializer(3.0))
    with tf.device("/cpu:1"):
        p = tf.get_variable("p", [6, 2], partitioner=tf.fixed_size_partitioner(2),
                            initializer=tf.constant_initializer(2.0))
    return a, b, c, p


def test_same_bytes_as_tf(tmp_path):
    """Three devices ('', CPU:0, CPU:1), a partitioned variable: TF's files, byte for byte."""
    with tf.Graph().as_default():
        _fixture_vars()
        saver = tf.train.Saver(sharded=True)
        with tf.Session(config=tf.ConfigProto(**TWO_CPUS)) as sess:
            sess.run(tf.global_variables_initializer())
            path = saver.save(sess, str(tmp_path / "m"), global_step=3,
                              write_meta_graph=False, write_state=False)
    assert path == str(tmp_path / "m-3")
    names = sorted(os.listdir(tmp_path))
    assert names == ["m-3.data-00000-of-00003", "m-3.data-00001-of-00003",
                     "m-3.data-00002-of-00003", "m-3.index"]
    for name in names:
        assert _md5(tmp_path / name) == _md5(FIXTURES / name), name


def test_restore_tf_meta_graph_and_save_again(tmp_path):
    for name in os.listdir(FIXTURES):
        shutil.copy(FIXTURES / name, tmp_path / name)
    meta = meta_graph_pb2.MetaGraphDef.FromString(
        gzip.decompress((tmp_path / "m-3.meta.gz").read_bytes()))
    with tf.Graph().as_default() as g:
        saver = tf.train.import_meta_graph(meta)
        assert saver.saver_def.sharded
        with tf.Session(config=tf.ConfigProto(**TWO_CPUS)) as sess:
            saver.restore(sess, str(tmp_path / "m-3"))
            np.testing.assert_array_equal(sess.run("a:0"), np.full((3, 2), 1.5))
            np.testing.assert_array_equal(sess.run("p/part_1:0"), np.full((3, 2), 2.0))
            sess.run(tf.assign(g.get_tensor_by_name("a:0"), tf.zeros([3, 2])))
            out = saver.save(sess, str(tmp_path / "n"), write_meta_graph=False)
    assert sorted(n for n in os.listdir(tmp_path) if n.startswith("n")) == [
        "n.data-00000-of-00003", "n.data-00001-of-00003", "n.data-00002-of-00003", "n.index"]
    reader = tf.train.NewCheckpointReader(out)
    assert sorted(reader.get_variable_to_shape_map().items()) == [
        ("a", [3, 2]), ("b", [4]), ("c", [2]), ("p", [6, 2])]
    np.testing.assert_array_equal(reader.get_tensor("a"), np.zeros((3, 2)))
    np.testing.assert_array_equal(reader.get_tensor("b"), [7, 7, 7, 7])
    assert tf.train.list_variables(out) == [("a", [3, 2]), ("b", [4]), ("c", [2]),
                                            ("p", [6, 2])]
    with tf.Graph().as_default():   # into unpartitioned variables, a non-sharded Saver
        a, p = tf.get_variable("a", [3, 2]), tf.get_variable("p", [6, 2])
        with tf.Session() as sess:
            tf.train.Saver([a, p]).restore(sess, out)
            assert sess.run(a).sum() == 0.0 and sess.run(p).sum() == 24.0


def test_partitioned_resource_slots_sharded(tmp_path):
    """Partitioned ref and resource variables on two devices, Momentum slots, as TF."""
    with tf.Graph().as_default():
        with tf.device("/cpu:0"):
            w = tf.get_variable("w", [8, 2], partitioner=tf.fixed_size_partitioner(2),
                                initializer=tf.ones_initializer(), use_resource=True)
        with tf.device("/cpu:1"):
            e = tf.get_variable("emb", [6, 3], partitioner=tf.fixed_size_partitioner(3),
                                initializer=tf.ones_initializer())
            r = tf.get_variable("r", [3], initializer=tf.ones_initializer(), use_resource=True)
        loss = tf.reduce_sum(tf.nn.embedding_lookup(e, [1, 5, 2], partition_strategy="div")) \
            + tf.reduce_sum(w.as_tensor() * 3.0) + tf.reduce_sum(r * r)
        train = tf.train.MomentumOptimizer(0.5, 0.9).minimize(loss)
        saver = tf.train.Saver(sharded=True, max_to_keep=1)
        with tf.Session(config=tf.ConfigProto(**TWO_CPUS)) as sess:
            sess.run(tf.global_variables_initializer())
            for i in range(2):
                sess.run(train)
                path = saver.save(sess, str(tmp_path / "model"), global_step=i)
            sess.run(tf.global_variables_initializer())
            saver.restore(sess, path)
            wv, ev, rv = sess.run([w.as_tensor(), e.as_tensor(), r])
    emb = np.array([1, -.45, -.45, 1, 1, -.45], np.float32)[:, None] * np.ones(3, np.float32)
    np.testing.assert_allclose(wv, np.full((8, 2), -3.35), rtol=1e-6)
    np.testing.assert_allclose(ev, emb, rtol=1e-6)
    np.testing.assert_allclose(rv, [-0.9] * 3, rtol=1e-6)
    assert sorted(os.listdir(tmp_path)) == [
        "checkpoint", "model-1.data-00000-of-00002", "model-1.data-00001-of-00002",
        "model-1.index", "model-1.meta"]
    assert tf.train.list_variables(str(tmp_path)) == [
        ("emb", [6, 3]), ("emb/Momentum", [6, 3]), ("r", [3]), ("r/Momentum", [3]),
        ("w", [8, 2]), ("w/Momentum", [8, 2])]
    np.testing.assert_allclose(tf.train.load_variable(str(tmp_path), "emb/Momentum")[:, 0],
                               [0, 1.9, 1.9, 0, 0, 1.9], rtol=1e-6)
    with tf.Graph().as_default():   # repartitioned, through a non-sharded Saver
        e2 = tf.get_variable("emb", [6, 3], partitioner=tf.fixed_size_partitioner(2))
        w2 = tf.get_variable("w", [8, 2])
        with tf.Session() as sess:
            tf.train.Saver([w2] + list(e2)).restore(sess, path)
            np.testing.assert_allclose(sess.run(e2.as_tensor()), emb, rtol=1e-6)
            np.testing.assert_allclose(sess.run(w2), np.full((8, 2), -3.35), rtol=1e-6)


@pytest.mark.tfcompat_only
def test_sharded_filename_ops():
    with tf.Graph().as_default():
        name = io_ops_sharded.sharded_filename("a/b", 3, 12)
        spec = io_ops_sharded.sharded_filespec("a/b", 12)
        assert name.shape.as_list() == [] and name.dtype == tf.string
        with tf.Session() as sess:
            assert sess.run([name, spec]) == [b"a/b-00003-of-00012", b"a/b-?????-of-00012"]


def test_save_twice_to_one_prefix(tmp_path):
    with tf.Graph().as_default():
        with tf.device("/cpu:1"):
            a = tf.get_variable("a", [2], initializer=tf.ones_initializer())
        tf.get_variable("b", [2], initializer=tf.ones_initializer())
        saver = tf.train.Saver(sharded=True)
        with tf.Session(config=tf.ConfigProto(**TWO_CPUS)) as sess:
            sess.run(tf.global_variables_initializer())
            saver.save(sess, str(tmp_path / "m"))
            sess.run(tf.assign_add(a, [5.0, 5.0]))
            path = saver.save(sess, str(tmp_path / "m"))
            assert sorted(os.listdir(tmp_path)) == [
                "checkpoint", "m.data-00000-of-00002", "m.data-00001-of-00002", "m.index",
                "m.meta"]
            sess.run(tf.assign(a, [0.0, 0.0]))
            saver.restore(sess, path)
            np.testing.assert_array_equal(sess.run(a), [6.0, 6.0])


@pytest.mark.tfcompat_only
def test_merge_duplicate_key(tmp_path):
    from tfcompat.io.checkpoint import write_bundle
    from tfcompat.io.checkpoint_merge import merge_bundles
    os.mkdir(tmp_path / "t")
    for part in ("p0", "p1"):
        write_bundle(str(tmp_path / "t" / part), {"x": np.ones(2, np.float32)})
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Duplicate tensor keyed by x encountered, when merging prefix: "):
        merge_bundles([str(tmp_path / "t" / "p0"), str(tmp_path / "t" / "p1")],
                      str(tmp_path / "m"))


@pytest.mark.tfcompat_only
def test_shape_errors():
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match=re.escape(
                "Shape must be rank 0 but is rank 1 for '{{node ShardedFilename}} = "
                "ShardedFilename[](ShardedFilename/basename, ShardedFilename/shard, "
                "ShardedFilename/num_shards)' with input shapes: [1], [], [].")):
            io_ops_sharded.sharded_filename(["a"], 1, 2)
        with pytest.raises(ValueError, match=re.escape(
                "Shape must be rank 1 but is rank 0 for '{{node MergeV2Checkpoints}} = "
                "MergeV2Checkpoints[delete_old_dirs=true](MergeV2Checkpoints/checkpoint_prefixes,"
                " MergeV2Checkpoints/destination_prefix)' with input shapes: [], [].")):
            io_ops_sharded.merge_v2_checkpoints("a", "b")
