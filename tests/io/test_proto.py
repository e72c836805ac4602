"""The generated protobuf modules: they load, stay out of the default descriptor pool, read
TensorFlow-made files, and match TensorFlow's own messages field for field."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import numpy as np
import pytest
from google.protobuf import descriptor_pool
from google.protobuf import text_format
from google.protobuf.internal import api_implementation

from tfcompat.io import make_ndarray
from tfcompat.io.proto import event_pb2
from tfcompat.io.proto import graph_pb2
from tfcompat.io.proto import meta_graph_pb2
from tfcompat.io.proto import summary_pb2
from tfcompat.io.proto import variable_pb2

PROTO_DIR = Path(__file__).resolve().parents[2] / "tfcompat" / "io" / "proto"
MODULES = sorted(p.stem for p in PROTO_DIR.glob("*_pb2.py"))


def _all_messages():
    """(full_name, descriptor) of every message declared in the generated modules."""
    out = {}

    def visit(desc):
        if desc.GetOptions().map_entry:
            return
        out[desc.full_name] = desc
        for nested in desc.nested_types:
            visit(nested)

    for name in MODULES:
        module = importlib.import_module(f"tfcompat.io.proto.{name}")
        for desc in module.DESCRIPTOR.message_types_by_name.values():
            visit(desc)
    return out


def _field_table(desc) -> list:
    rows = []
    for f in desc.fields:
        kind = (f.message_type or f.enum_type or f).full_name if f.type in (11, 14) else f.type
        oneof = f.containing_oneof.name if f.containing_oneof else ""
        rows.append([f.number, f.name, kind, f.is_repeated, oneof])
        if f.enum_type:
            rows.append([f.number, "enum", sorted((v.name, v.number) for v in f.enum_type.values)])
    return sorted(rows)


def test_every_proto_has_a_module():
    assert {p.stem + "_pb2" for p in PROTO_DIR.glob("*.proto")} == set(MODULES)


@pytest.mark.skipif(
    api_implementation.Type() == "python",
    reason="protobuf's pure-Python backend also registers generated classes in the default pool",
)
def test_messages_stay_out_of_the_default_pool():
    # TensorFlow registers the same names there; a clash would break `import tensorflow`.
    _all_messages()
    with pytest.raises(KeyError):
        descriptor_pool.Default().FindMessageTypeByName("tensorflow.GraphDef")


def test_unknown_fields_survive_a_round_trip():
    # GraphDef field 5 (debug_info) is not declared here: it must be kept, not dropped.
    data = graph_pb2.GraphDef(versions={"producer": 27}).SerializeToString() + b"\x2a\x02\x0a\x00"
    assert graph_pb2.GraphDef.FromString(data).SerializeToString() == data


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def test_frozen_graph_constants_reproduce_its_output(fixtures_dir):
    graph = graph_pb2.GraphDef.FromString((fixtures_dir / "mlp_frozen.pb").read_bytes())
    nodes = {n.name: n for n in graph.node}
    assert nodes["x"].op == "Placeholder" and nodes["output"].op == "Softmax"
    assert list(nodes["hidden/MatMul"].input) == ["x", "hidden/kernel/read"]
    w = {name: make_ndarray(n.attr["value"].tensor) for name, n in nodes.items() if n.op == "Const"}
    assert w["hidden/kernel"].shape == (4, 8) and w["logits/bias"].dtype == np.float32
    x = np.load(fixtures_dir / "mlp_input.npy")
    hidden = np.maximum(x @ w["hidden/kernel"] + w["hidden/bias"], 0)
    out = _softmax(hidden @ w["logits/kernel"] + w["logits/bias"])
    np.testing.assert_allclose(out, np.load(fixtures_dir / "mlp_output.npy"), rtol=1e-5)


def test_meta_graph_fixture(fixtures_dir):
    meta = meta_graph_pb2.MetaGraphDef.FromString(
        (fixtures_dir / "adam_ckpt/model.meta").read_bytes()
    )
    assert meta.saver_def.restore_op_name == "save/restore_all"
    assert meta.saver_def.version == meta.saver_def.V2
    assert list(meta.collection_def["train_op"].node_list.value) == ["train"]
    var_defs = [
        variable_pb2.VariableDef.FromString(b)
        for b in meta.collection_def["trainable_variables"].bytes_list.value
    ]
    assert [v.variable_name for v in var_defs] == ["dense/kernel:0", "dense/bias:0"]
    assert var_defs[0].snapshot_name == "dense/kernel/read:0"
    ops = {op.name for op in meta.meta_info_def.stripped_op_list.op}
    assert {"ApplyAdam", "VariableV2", "SaveV2", "RestoreV2"} <= ops
    assert any(n.name == "dense/kernel" and n.op == "VariableV2" for n in meta.graph_def.node)


# -- interop with real TensorFlow ----------------------------------------------------------------

_TF_DESCRIPTORS = """
from google.protobuf import descriptor_pool
import tensorflow  # registers every TF proto in the default pool
# Not all of TF's proto modules are imported by `import tensorflow`.
from tensorflow.core.example import example_pb2
from tensorflow.core.protobuf import tensor_bundle_pb2
from tensorflow.python.training import checkpoint_state_pb2
pool = descriptor_pool.Default()
RESULT = {}
for name in ARGS["names"]:
    desc = pool.FindMessageTypeByName(name)
    rows = []
    for f in desc.fields:
        kind = (f.message_type or f.enum_type or f).full_name if f.type in (11, 14) else f.type
        oneof = f.containing_oneof.name if f.containing_oneof else ""
        rows.append([f.number, f.name, kind, f.is_repeated, oneof])
        if f.enum_type:
            rows.append([f.number, "enum", sorted((v.name, v.number) for v in f.enum_type.values)])
    RESULT[name] = sorted(rows)
"""

# Fields that tfcompat deliberately leaves undeclared (kept as unknown fields when parsed).
_UNDECLARED = {
    ("tensorflow.GraphDef", "debug_info"),
    ("tensorflow.NodeDef", "experimental_type"),
    ("tensorflow.OpDef.ArgDef", "experimental_full_type"),
    ("tensorflow.MetaGraphDef", "object_graph_def"),
    ("tensorflow.TensorInfo", "composite_tensor"),
    # TF 2.x's XLA coordination service (xla/tsl/protobuf/coordination_config.proto)
    ("tensorflow.ConfigProto.Experimental", "coordination_config"),
}


@pytest.mark.tf_interop
def test_fields_match_tensorflow(run_tf):
    ours = _all_messages()
    theirs = run_tf(_TF_DESCRIPTORS, names=sorted(ours))
    for name, desc in ours.items():
        expected = [r for r in theirs[name] if (name, r[1]) not in _UNDECLARED]
        assert json.loads(json.dumps(_field_table(desc))) == expected, name
    assert len(ours) > 50


_TF_CROSS_PARSE = """
from google.protobuf import text_format
from google.protobuf.internal import api_implementation
from tensorflow.core.framework import graph_pb2, summary_pb2
from tensorflow.core.util import event_pb2
ours = {k: bytes.fromhex(v) for k, v in ARGS["ours"].items()}
g = tf.Graph()
with g.as_default():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    tf.nn.relu(tf.matmul(x, tf.constant(np.eye(3, dtype=np.float32))) + 1.0, name="y")
summary = summary_pb2.Summary()
summary.value.add(tag="loss", simple_value=0.25)
summary.value.add(tag="h").histo.bucket_limit.extend([0.0, 1.5])
event = event_pb2.Event(wall_time=1.5, step=-3, summary=summary)
theirs = {"GraphDef": g.as_graph_def(), "Summary": summary, "Event": event}
RESULT = {"parsed": {}, "theirs": {}}
for name, message in theirs.items():
    RESULT["theirs"][name] = [message.SerializeToString().hex(), text_format.MessageToString(message)]
    parsed = type(message).FromString(ours[name])
    RESULT["parsed"][name] = text_format.MessageToString(parsed)
"""


@pytest.mark.tf_interop
def test_messages_cross_parse_with_tensorflow(run_tf, fixtures_dir):
    graph = graph_pb2.GraphDef.FromString((fixtures_dir / "mlp_frozen.pb").read_bytes())
    summary = summary_pb2.Summary()
    summary.value.add(tag="acc", simple_value=0.5).metadata.plugin_data.plugin_name = "scalars"
    event = event_pb2.Event(wall_time=2.0, step=7, file_version="brain.Event:2")
    ours = {"GraphDef": graph, "Summary": summary, "Event": event}
    result = run_tf(_TF_CROSS_PARSE, ours={k: m.SerializeToString().hex() for k, m in ours.items()})
    for name, message in ours.items():  # TF parsed ours
        assert result["parsed"][name] == text_format.MessageToString(message), name
        data, text = result["theirs"][name]  # we parse TF's
        assert text_format.MessageToString(type(message).FromString(bytes.fromhex(data))) == text
