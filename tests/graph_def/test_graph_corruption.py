"""Damaged graphs, as a user meets them: GraphDefs with mutated nodes (attrs of the wrong kind,
unknown DataTypes, tensors declaring 2^40 elements, dangling inputs, unknown ops), and `.meta` /
`saved_model.pb` files truncated or bit-flipped. Every failure must be a ValueError, TypeError or
tf.errors class that names the node or the file, never an internal exception, a huge allocation
or a crash. TFCOMPAT_LONG_FAULT_TESTS=1 runs ten times as many."""
import os

import numpy as np
import pytest

from graph_def_builders import BUILDERS

pytestmark = pytest.mark.tfcompat_only
SCALE = 10 if os.environ.get("TFCOMPAT_LONG_FAULT_TESTS") == "1" else 1


def _allowed(tf):
    return (tf.errors.OpError, ValueError, TypeError)


def _mutate(tf, graph_def, rng):
    mutated = tf.GraphDef()
    mutated.CopyFrom(graph_def)
    node = mutated.node[rng.randint(len(mutated.node))]
    keys = sorted(node.attr)
    what = rng.randint(10)
    if what == 0 and keys:                       # an attr of another kind
        value = node.attr[keys[rng.randint(len(keys))]]
        value.Clear()
        pick = rng.randint(5)
        if pick == 0:
            value.s = b"junk"
        elif pick == 1:
            value.i = int(rng.choice([-1, 2 ** 40, 7]))
        elif pick == 2:
            value.type = int(rng.choice([0, 7, 1000, 20, 21]))
        elif pick == 3:
            value.list.i.extend([1, 2])
        else:
            value.shape.dim.add().size = int(rng.choice([-5, 2 ** 40]))
    elif what == 1 and keys:                     # a required attr dropped
        del node.attr[keys[rng.randint(len(keys))]]
    elif what == 2:                              # dangling or malformed inputs
        node.input.append(str(rng.choice(["nope:0", "a:99", "^missing", "", ":0", "a:-1", "a:x"])))
    elif what == 3:
        node.op = str(rng.choice(["NoSuchOp", "Const", "Add", "Identity", "MatMul"]))
    elif what in (4, 5) and "value" in node.attr:   # a tensor attr lying about its size
        tensor = node.attr["value"].tensor
        if what == 4:
            tensor.tensor_shape.dim.add().size = int(rng.choice([2 ** 40, 2 ** 20, -1]))
        else:
            tensor.tensor_content = bytes(rng.randint(0, 255, rng.randint(0, 20)).astype(np.uint8))
            tensor.dtype = int(rng.choice([1, 3, 7, 9, 0, 100]))
    elif what == 6 and "shape" in node.attr:
        node.attr["shape"].shape.dim.add().size = int(rng.choice([-2, 2 ** 40]))
    elif what == 7 and ("dtype" in node.attr or "T" in node.attr):
        node.attr["dtype" if "dtype" in node.attr else "T"].type = int(rng.choice([0, 21, 100, 7]))
    elif what == 8:
        node.name = str(rng.choice(["", "a", "x/y"]))
    else:
        node.device = str(rng.choice(["/gpu:9", "garbage", "/job:x/task:z"]))
    return mutated


def _import_and_run(tf, graph_def):
    with tf.Graph().as_default() as graph:
        tf.import_graph_def(graph_def, name="")
        feeds = {}
        for op in graph.get_operations():
            if op.type == "Placeholder":
                out = op.outputs[0]
                if out.dtype.base_dtype not in (tf.float32, tf.int64, tf.int32):
                    return
                shape = [2 if d is None else d for d in out.shape.as_list()] \
                    if out.shape.ndims is not None else [2]
                feeds[out] = np.ones(shape, out.dtype.as_numpy_dtype)
        with tf.Session() as sess:
            for op in graph.get_operations():
                if op.outputs and op.type != "Placeholder":
                    try:
                        sess.run(op.outputs[0], feeds)
                    except _allowed(tf):
                        pass


def test_mutated_graph_defs_fail_cleanly(tf):
    graph_defs = []
    for build in BUILDERS.values():
        with tf.Graph().as_default() as graph:
            build(tf)
            graph_defs.append(graph.as_graph_def())
    rng = np.random.RandomState(3)
    outcomes = {}
    for _ in range(300 * SCALE):
        mutated = graph_defs[rng.randint(len(graph_defs))]
        for _ in range(rng.randint(1, 3)):
            mutated = _mutate(tf, mutated, rng)
        try:
            _import_and_run(tf, mutated)
            kind = "ok"
        except _allowed(tf) as e:
            kind = type(e).__name__
        outcomes[kind] = outcomes.get(kind, 0) + 1
    assert outcomes.get("ValueError", 0) > 50, outcomes


def test_attr_of_the_wrong_kind_names_the_node(tf):
    with tf.Graph().as_default() as graph:
        tf.add(tf.constant(1.0, name="a"), 2.0, name="sum")
        graph_def = graph.as_graph_def()
    node = [n for n in graph_def.node if n.name == "sum"][0]
    node.attr["T"].Clear()
    node.attr["T"].s = b"float"
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match=r"AttrValue had value with type 's' when 'type' "
                                             r"expected(.|\n)*node sum"):
            tf.import_graph_def(graph_def, name="")
    node.attr["T"].type = 1000
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="DataType 1000 is not a TensorFlow type"):
            tf.import_graph_def(graph_def, name="")
    a = [n for n in graph_def.node if n.name == "a"][0]
    node.attr["T"].type = 1
    a.attr["value"].tensor.tensor_shape.dim.add().size = 2 ** 40
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="2 GB"):
            tf.import_graph_def(graph_def, name="")


def _damaged_copies(data, rng, count):
    for _ in range(count):
        blob = bytearray(data)
        if rng.randint(2):
            blob = blob[:rng.randint(len(blob))]
        else:
            for _ in range(rng.randint(1, 4)):
                i = rng.randint(len(blob))
                blob[i] ^= 1 << rng.randint(8)
        yield bytes(blob)


def test_damaged_meta_graph_and_saved_model_files(tf, tmp_path):
    with tf.Graph().as_default():
        v = tf.Variable([1.0, 2.0], name="v")
        x = tf.placeholder(tf.float32, [2], name="x")
        y = tf.identity(v * x, name="y")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            tf.train.Saver().save(sess, str(tmp_path / "model"))
            tf.saved_model.simple_save(sess, str(tmp_path / "sm"), {"x": x}, {"y": y})
    rng = np.random.RandomState(5)
    meta, pb = tmp_path / "model.meta", tmp_path / "sm" / "saved_model.pb"
    originals = {meta: meta.read_bytes(), pb: pb.read_bytes()}
    for path, data in originals.items():
        for blob in _damaged_copies(data, rng, 60 * SCALE):
            path.write_bytes(blob)
            with tf.Graph().as_default():
                try:
                    if path == meta:
                        saver = tf.train.import_meta_graph(str(meta))
                        with tf.Session() as sess:
                            saver.restore(sess, str(tmp_path / "model"))
                            sess.run("y:0", {"x:0": [1.0, 1.0]})
                    else:
                        with tf.Session() as sess:
                            tf.saved_model.loader.load(sess, ["serve"], str(tmp_path / "sm"))
                            sess.run("y:0", {"x:0": [1.0, 1.0]})
                except _allowed(tf) as e:
                    assert str(path.name) in str(e) or "node" in str(e) or "Op" in str(e) \
                        or "'" in str(e), "%s: %s" % (type(e).__name__, e)
        path.write_bytes(data)
