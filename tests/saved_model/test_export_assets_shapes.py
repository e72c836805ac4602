"""Serving-export details seen in TF1 export scripts: a text-file table initializer records its
constant file name in ASSET_FILEPATHS (so SavedModelBuilder copies the vocabulary into assets/),
and tf.parse_example on a serialized placeholder of unknown rank gives dense outputs of unknown
shape (so a signature's TensorInfo says unknown_rank). Expected values from TF 2.21 compat.v1."""
import os

import pytest


def _vocab(tmp_path):
    path = str(tmp_path / "vocab.txt")
    with open(path, "w") as f:
        f.write("neg\npos\n")
    return path


def test_text_file_initializer_registers_its_asset(tf, tmp_path):
    vocab = _vocab(tmp_path)
    with tf.Graph().as_default():
        init = tf.lookup.TextFileInitializer(vocab, tf.int64, tf.lookup.TextFileIndex.LINE_NUMBER,
                                             tf.string, tf.lookup.TextFileIndex.WHOLE_LINE)
        table = tf.lookup.StaticHashTable(init, "UNK")
        assets = tf.get_collection(tf.GraphKeys.ASSET_FILEPATHS)
        assert len(assets) == 1 and assets[0].dtype == tf.string
        export_dir = str(tmp_path / "export")
        builder = tf.saved_model.builder.SavedModelBuilder(export_dir)
        with tf.Session() as sess:
            sess.run(tf.tables_initializer())
            assert sess.run(assets[0]) == vocab.encode()
            assert sess.run(table.lookup(tf.constant([1, 5], tf.int64))).tolist() == [b"pos", b"UNK"]
            builder.add_meta_graph_and_variables(
                sess, ["serve"], assets_collection=tf.get_collection(tf.GraphKeys.ASSET_FILEPATHS),
                main_op=tf.tables_initializer())
        builder.save()
    assert os.listdir(os.path.join(export_dir, "assets")) == ["vocab.txt"]
    with tf.Graph().as_default() as g, tf.Session() as sess:
        tf.saved_model.loader.load(sess, ["serve"], export_dir)
        paths = sess.run(g.get_collection(tf.GraphKeys.ASSET_FILEPATHS))
        assert paths == [vocab.encode()]  # the graph keeps the file name it was built with


def test_placeholder_file_name_is_no_asset(tf):
    with tf.Graph().as_default():
        name = tf.placeholder(tf.string, [])
        init = tf.lookup.TextFileInitializer(name, tf.string, tf.lookup.TextFileIndex.WHOLE_LINE,
                                             tf.int64, tf.lookup.TextFileIndex.LINE_NUMBER)
        tf.lookup.StaticHashTable(init, -1)
        assert tf.get_collection(tf.GraphKeys.ASSET_FILEPATHS) == []


@pytest.mark.parametrize("shape, expected", [(None, None), ([None], [None, 3]), ([4], [4, 3])])
def test_parse_example_dense_shape_follows_serialized_rank(tf, shape, expected):
    with tf.Graph().as_default():
        serialized = tf.placeholder(tf.string, shape)
        feats = tf.parse_example(serialized, {"x": tf.FixedLenFeature([3], tf.float32)})
        shape = feats["x"].shape
        assert (None if shape.ndims is None else shape.as_list()) == expected
        info = tf.saved_model.utils.build_tensor_info(feats["x"])
        assert info.tensor_shape.unknown_rank == (expected is None)


def test_second_main_op_in_one_graph_is_refused(tf, tmp_path):
    with tf.Graph().as_default():
        v = tf.Variable(1.0)
        with tf.Session() as sess:
            sess.run(v.initializer)
            tf.saved_model.simple_save(sess, str(tmp_path / "a"), {"v": tf.identity(v)},
                                       {"w": v * 2}, legacy_init_op=tf.no_op())
            builder = tf.saved_model.builder.SavedModelBuilder(str(tmp_path / "b"))
            with pytest.raises(ValueError, match="^Graph already contains one or more main ops "
                                                 "under the collection saved_model_main_op.$"):
                builder.add_meta_graph_and_variables(sess, ["serve"], main_op=tf.no_op())
