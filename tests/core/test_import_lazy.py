"""`import tfcompat` stays light (issue 7): protobuf and the rarely used namespaces load on first
use, and the lazily loaded names still resolve to the same objects."""
from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.tfcompat_only

_PROBE = """
import sys
import tfcompat as tf
heavy = sorted(m for m in sys.modules if m.startswith(("google.protobuf", "tfcompat.io.proto.",
                                                       "tfcompat.train", "tfcompat.layers")))
print(heavy)
"""


def test_import_loads_no_protobuf_or_lazy_namespaces():
    out = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_lazy_names_resolve():
    import tfcompat as tf
    from tfcompat.io.proto import example_pb2, graph_pb2, saver_pb2
    from tfcompat.train.saver import Saver

    assert tf.GraphDef is graph_pb2.GraphDef
    assert tf.train.Example is example_pb2.Example
    assert tf.train.SaverDef is saver_pb2.SaverDef
    assert tf.train.Saver is Saver
    assert callable(tf.io.make_tensor_proto) and callable(tf.make_tensor_proto)
    assert callable(tf.nn.dynamic_rnn) and tf.nn.rnn_cell.LSTMCell is not None
    assert tf.summary.Summary is tf.Summary


def test_lazy_namespace_missing_name_is_clear():
    import pytest
    import tfcompat as tf

    with pytest.raises(AttributeError, match="tf.train.NoSuchThing"):
        tf.train.NoSuchThing  # noqa: B018
