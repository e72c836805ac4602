"""Collections of plain values through export_meta_graph / import_meta_graph: TF runs bytes
items through prepend_name_scope, so under an import scope they come back as the str
'scope/item'; ints come back as ints, floats unchanged. Recorded from TF 2.21 compat.v1."""
import os


def _export(tf, tmp_path):
    tf.add_to_collection("my_ints", 3)
    tf.add_to_collection("my_strs", "hello")
    tf.add_to_collection("my_strs", "^dep")
    tf.add_to_collection("my_floats", 0.5)
    tf.constant(1.0, name="c")
    path = os.path.join(str(tmp_path), "m.meta")
    tf.train.export_meta_graph(filename=path)
    return path


def test_bytes_items_get_the_import_scope_as_str(tf, tmp_path):
    path = _export(tf, tmp_path)
    with tf.Graph().as_default():
        tf.train.import_meta_graph(path, import_scope="imported")
        assert tf.get_collection("my_strs") == ["imported/hello", "^imported/dep"]
        assert tf.get_collection("my_ints") == [3]
        assert tf.get_collection("my_floats") == [0.5]


def test_without_import_scope_bytes_items_stay_bytes(tf, tmp_path):
    path = _export(tf, tmp_path)
    with tf.Graph().as_default():
        tf.train.import_meta_graph(path)
        assert tf.get_collection("my_strs") == [b"hello", b"^dep"]
        assert tf.get_collection("my_ints") == [3]
        assert type(tf.get_collection("my_ints")[0]) is int
