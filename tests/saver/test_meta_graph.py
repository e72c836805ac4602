"""tf.train.export_meta_graph / import_meta_graph: collections, SaverDefs, scopes and options
as TensorFlow writes and reads them (expected values recorded with TF 2.21), and the
`import_meta_graph(...)` then `saver.restore(...)` pattern on a TF-made `.meta`."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _graph(tf):
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    with tf.device("/cpu:0"):
        w = tf.Variable([[1.0], [3.0]], name="w")
    n = tf.Variable(5, name="n", trainable=False)
    out = tf.add(tf.matmul(x, w), tf.cast(n, tf.float32), name="out")
    tf.summary.scalar("loss", tf.reduce_sum(out))
    tf.add_to_collection("train_op", n.assign_add(1).op)
    tf.add_to_collection("ints", 3)
    tf.add_to_collection("ints", 4)
    tf.add_to_collection("floats", 0.5)
    tf.add_to_collection("strs", "hi")
    tf.add_to_collection("mixed", object())  # not serializable: left out, with a warning
    return tf.train.Saver()


def test_export_meta_graph(tf, tmp_path):
    saver = _graph(tf)
    meta = tf.train.export_meta_graph(str(tmp_path / "m.meta"), saver_def=saver.as_saver_def())
    assert sorted(meta.collection_def) == ["floats", "ints", "strs", "summaries", "train_op",
                                           "trainable_variables", "variables"]
    cols = meta.collection_def
    assert list(cols["floats"].float_list.value) == [0.5]
    assert list(cols["ints"].int64_list.value) == [3, 4]
    assert list(cols["strs"].bytes_list.value) == [b"hi"]
    assert list(cols["summaries"].node_list.value) == ["loss:0"]
    assert list(cols["train_op"].node_list.value) == ["AssignAdd"]
    assert list(cols["trainable_variables"].bytes_list.value) == [
        b"\n\003w:0\022\010w/Assign\032\010w/read:02\021w/initial_value:08\001"]
    assert list(cols["variables"].bytes_list.value) == [
        b"\n\003w:0\022\010w/Assign\032\010w/read:02\021w/initial_value:08\001",
        b"\n\003n:0\022\010n/Assign\032\010n/read:02\021n/initial_value:0"]
    assert [op.name for op in meta.meta_info_def.stripped_op_list.op] == [
        "AddV2", "Assign", "AssignAdd", "Cast", "Const", "Identity", "MatMul", "NoOp",
        "Placeholder", "PlaceholderWithDefault", "RestoreV2", "SaveV2", "ScalarSummary", "Sum",
        "VariableV2"]
    assert meta.saver_def == saver.as_saver_def()
    assert meta.graph_def == tf.get_default_graph().as_graph_def(add_shapes=True)
    assert tf.MetaGraphDef.FromString((tmp_path / "m.meta").read_bytes()) == meta
    stripped = tf.train.export_meta_graph(clear_devices=True, strip_default_attrs=True)
    assert not [n.device for n in stripped.graph_def.node if n.device]
    assert stripped.meta_info_def.stripped_default_attrs
    assign = [n for n in stripped.graph_def.node if n.name == "w/Assign"][0]
    assert sorted(assign.attr) == ["T", "_class", "_output_shapes"]
    only = tf.train.export_meta_graph(collection_list=["ints"], as_text=True,
                                      filename=str(tmp_path / "t.meta"))
    assert sorted(only.collection_def) == ["ints"] and not only.HasField("saver_def")
    assert (tmp_path / "t.meta").read_text().startswith("meta_info_def {")


def test_export_scope(tf):
    with tf.name_scope("scope"):
        a = tf.Variable(1.0, name="a")
        b = tf.identity(a * 2.0, name="b")
    tf.identity(b, name="outside")
    meta = tf.train.export_meta_graph(export_scope="scope")
    assert [(n.name, list(n.input)) for n in meta.graph_def.node] == [
        ("a/initial_value", []), ("a", []), ("a/Assign", ["a", "a/initial_value"]),
        ("a/read", ["a"]), ("mul/y", []), ("mul", ["a/read", "mul/y"]), ("b", ["mul"])]
    assert list(meta.collection_def["variables"].bytes_list.value) == [
        b"\n\003a:0\022\010a/Assign\032\010a/read:02\021a/initial_value:08\001"]


def test_import_meta_graph_rebuilds_variables_collections_and_saver(tf):
    with tf.Graph().as_default():
        meta = tf.train.export_meta_graph(saver_def=_graph(tf).as_saver_def())
    saver = tf.train.import_meta_graph(meta)
    assert sorted(v.name for v in tf.global_variables()) == ["n:0", "w:0"]
    assert [v.name for v in tf.trainable_variables()] == ["w:0"]
    assert tf.global_variables()[0] is tf.trainable_variables()[0]
    assert tf.get_collection("ints") == [3, 4] and tf.get_collection("floats") == [0.5]
    assert tf.get_collection("strs") == [b"hi"]
    assert [o.name for o in tf.get_collection("train_op")] == ["AssignAdd"]
    assert [t.name for t in tf.get_collection("summaries")] == ["loss:0"]
    assert saver.as_saver_def().restore_op_name == "save/restore_all"
    scoped = tf.train.import_meta_graph(meta, import_scope="imp")
    assert scoped.as_saver_def().restore_op_name == "imp/save/restore_all"
    assert [v.name for v in tf.global_variables()] == ["w:0", "n:0", "imp/w:0", "imp/n:0"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run("imp/out:0", {"imp/x:0": [[1.0, 1.0]]}).tolist() == [[9.0]]
    with tf.Graph().as_default():
        bare = tf.MetaGraphDef()
        bare.graph_def.CopyFrom(meta.graph_def)
        assert tf.train.import_meta_graph(bare) is None
    with tf.Graph().as_default():
        no_saver = tf.MetaGraphDef()
        no_saver.CopyFrom(meta)
        no_saver.ClearField("saver_def")
        assert tf.train.import_meta_graph(no_saver).as_saver_def().restore_op_name == \
            "save/restore_all_1"


def test_import_tensorflow_meta_then_restore(tf, tmp_path):
    d = tmp_path / "ckpt"
    shutil.copytree(FIXTURES / "adam_ckpt", d)
    saver = tf.train.import_meta_graph(str(d / "model.meta"))
    values = np.load(d / "values.npz")
    data = np.load(d / "data.npz")
    assert [o.name for o in tf.get_collection("train_op")] == ["train"]
    with tf.Session() as sess:
        saver.restore(sess, tf.train.latest_checkpoint(str(d)))
        for v in tf.global_variables():
            np.testing.assert_array_equal(sess.run(v), values[v.op.name])
        loss = sess.run("loss:0", {"x:0": data["x"], "y:0": data["y"]})
        assert loss == pytest.approx(float(data["loss"]), rel=1e-6)
        saver.save(sess, str(d / "again"), global_step=3)
    assert tf.train.latest_checkpoint(str(d)) == str(d / "again-3")
    reader = tf.train.NewCheckpointReader(str(d / "again-3"))
    assert sorted(reader.get_variable_to_shape_map()) == sorted(values.files)


def test_read_meta_graph_file_errors(tf, tmp_path):
    with pytest.raises(OSError, match="does not exist"):
        tf.train.import_meta_graph(str(tmp_path / "nope.meta"))
