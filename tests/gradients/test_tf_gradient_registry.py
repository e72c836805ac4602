"""tfcompat's picture of TF's gradient registry (tfcompat/framework/tf_gradient_kinds.py) against the
golden recorded from TF 2.21 (tf_gradient_registry.json, tools/gen_tf_gradient_registry.py),
for EVERY op type tfcompat registers: a new op type fails here until the golden is re-recorded
and its kind ("grad", "none": NotDifferentiable, "missing": TF's LookupError) is in the tables."""
import json
import os

import pytest

pytestmark = pytest.mark.tfcompat_only

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tf_gradient_registry.json")
REGENERATE = ("re-record it: see tools/gen_tf_gradient_registry.py, then update the tables in "
              "tfcompat/framework/tf_gradient_kinds.py")

# TF registers a gradient function for these, but tfcompat's records say differentiable=False:
# TF's function gives None for every input, or tfcompat computes the gradient elsewhere.
GRAD_BUT_NOT_DIFFERENTIABLE = {
    "ArgMax": "None, None", "ArgMin": "None, None", "Ceil": "[None]", "Floor": "[None]",
    "FloorDiv": "None, None", "TruncateDiv": "None, None", "Rint": "[None]", "Round": "[None]",
    "ReadVariableOp": "resource reads: tfcompat/ops/resource_variable_grad.py",
    "ResourceGather": "resource reads: tfcompat/ops/resource_variable_grad.py",
    "ResourceGatherNd": "resource reads: tfcompat/ops/resource_variable_grad.py",
    "QuantizeAndDequantizeV4Grad": "TF's gradient fails to build (TypeError)",
    # known gaps: TF gives a gradient where tfcompat gives None
    "EagerPyFunc": "tf.py_function's gradient through the Python function",
    "StatelessParameterizedTruncatedNormal": "TF differentiates means/stddevs/bounds",
}


@pytest.fixture(scope="module")
def golden():
    with open(GOLDEN) as f:
        return json.load(f)


@pytest.fixture(scope="module")
def registry():
    import importlib
    importlib.import_module("tfcompat")   # registers every op family
    importlib.import_module("tfcompat.horovod")   # and the ones loaded on first use
    from tfcompat.framework import registry
    return registry


def _ours(registry):
    """The op types tfcompat registers (not those tests register for themselves)."""
    return {t for t in registry.registered_types()
            if registry.get_op_def(t).lower.__module__.startswith("tfcompat.")}


def test_golden_covers_exactly_the_registered_op_types(golden, registry):
    registered = _ours(registry)
    recorded = set(golden["ops"])
    assert sorted(registered - recorded) == [], "op types missing from the golden: " + REGENERATE
    assert sorted(recorded - registered) == [], "op types no longer registered: " + REGENERATE


def test_every_op_type_has_tfs_gradient_kind(golden, registry):
    from tfcompat.framework.tf_gradient_kinds import tf_kind
    wrong = {t: (kind, tf_kind(t) or "not_tf") for t, kind in golden["ops"].items()
             if registry.get_op_def(t) is not None and (tf_kind(t) or "not_tf") != kind}
    assert wrong == {}, "(TF's kind, tfcompat's) differ: " + REGENERATE


def test_other_registered_names(golden, registry):
    from tfcompat.framework import tf_gradient_kinds
    expected = {n for n in golden["other_registered"] if registry.get_op_def(n) is None}
    assert sorted(tf_gradient_kinds.OTHER_REGISTERED ^ expected) == []


def test_not_differentiable_records_are_tfs(golden, registry):
    """An op record with differentiable=False must be one TF stops or has no gradient for, or
    be listed above with the reason."""
    wrong = sorted(t for t, kind in golden["ops"].items()
                   if kind == "grad" and not registry.get_op_def(t).differentiable
                   and t not in GRAD_BUT_NOT_DIFFERENTIABLE)
    assert wrong == []
    stale = sorted(t for t in GRAD_BUT_NOT_DIFFERENTIABLE
                   if golden["ops"].get(t) != "grad" or registry.get_op_def(t).differentiable)
    assert stale == []


def test_internal_op_types_are_not_tf_ops(golden):
    from tfcompat.framework import tf_gradient_kinds
    not_tf = {t for t, kind in golden["ops"].items() if kind == "not_tf"}
    assert sorted(not_tf ^ tf_gradient_kinds.INTERNAL) == []
