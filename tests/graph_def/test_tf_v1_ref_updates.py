"""GraphDefs written by real TensorFlow where an op updating a ref variable reaches it through
v1 control flow (RefSwitch, RefIdentity, RefMerge, RefEnter): tfcompat updates the variable
itself, and only when the forwarded ref is alive (the taken branch of a cond).

The fixtures (tests/fixtures/tf_v1_ref_updates/) and their expected values were written by
tests/fixtures/make_tf_v1_ref_updates.py under TF 2.21 compat.v1 (ref variables, control flow
v1)."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tfcompat import errors
from tfcompat.io.proto import graph_pb2

pytestmark = pytest.mark.tfcompat_only
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "tf_v1_ref_updates"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text())
# a RefMerge of two variables' refs: which variable the update writes depends on the branch
# taken, and tfcompat resolves a forwarded ref to its variable when it builds the plan
_UNSUPPORTED = {"update_of_ref_merge_two_variables"}


def _import(tf, name):
    graph_def = graph_pb2.GraphDef.FromString((FIXTURES / (name + ".pb")).read_bytes())
    tf.import_graph_def(graph_def, name="")


@pytest.mark.parametrize("name", sorted(set(EXPECTED) - _UNSUPPORTED))
def test_update_through_forwarded_ref_matches_tensorflow(tf, name):
    case = EXPECTED[name]
    _import(tf, name)
    for run in case["runs"]:
        with tf.Session() as sess:
            sess.run(case["init"])
            for step in run["steps"]:
                out = sess.run(case["fetch"], {"p:0": run["p"]})
                np.testing.assert_allclose(out, step["out"], rtol=1e-6)
                for var, want in zip(case["variables"], step["variables"]):
                    np.testing.assert_allclose(sess.run(var), want, rtol=1e-6, err_msg=var)


def test_update_of_two_variables_ref_merge_is_unimplemented(tf):
    case = EXPECTED["update_of_ref_merge_two_variables"]
    _import(tf, "update_of_ref_merge_two_variables")
    with tf.Session() as sess:
        sess.run(case["init"])
        with pytest.raises(errors.UnimplementedError, match="RefMerge of that one variable"):
            sess.run(case["fetch"], {"p:0": True})
        # nothing was written
        assert sess.run(case["variables"]) == pytest.approx([1.0, 2.0])


def test_untaken_branch_update_does_not_run(tf):
    """The AssignAdd in the false branch of a cond is dead: the variable keeps its value even
    when the fetch is the update op's own output path (TF: 'Retval does not have value')."""
    case = EXPECTED["cond_assign_add"]
    _import(tf, "cond_assign_add")
    graph = tf.get_default_graph()
    assert graph.get_operation_by_name("out/AssignAdd/Switch").type == "RefSwitch"
    with tf.Session() as sess:
        sess.run(case["init"])
        with pytest.raises(errors.InvalidArgumentError, match="does not have value"):
            sess.run("out/AssignAdd:0", {"p:0": False})
        assert sess.run("v:0") == 1.0
        assert sess.run("out/AssignAdd:0", {"p:0": True}) == 2.5
