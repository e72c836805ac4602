"""Every op type tfcompat registers has differential cases: a spec naming it, or a program that
declares it in `covers` (and really builds it, checked here)."""
from __future__ import annotations

import pytest

import harness
import specs

pytestmark = pytest.mark.tfcompat_only

# op types TF itself does not have, so there is nothing to compare with: tfcompat's internal
# pseudo-ops (never written to a GraphDef), and Horovod's collectives (tfcompat.horovod; checked
# by tests/distributed against single-process TF references)
INTERNAL = {"Gradients", "_InitializedValue", "_LoopVar", "HorovodAllgather", "HorovodAllreduce",
            "HorovodBroadcast", "HorovodGroupedAllreduce",
            # tf.random.Generator's state ops (TF's take a resource variable); the Generator
            # program (specs/api_random_metrics.py, random_generator) compares their effect
            "_RngReadAndSkip", "_StatefulRandomBinomial",
            # tf.contrib.resampler's ops, which TF 2.21 no longer ships: checked against a
            # transcription of TF 1.15's kernel loops (tests/contrib/test_resampler.py)
            "Resampler", "ResamplerGrad",
            # tf.contrib.framework.zero_initializer's op, also gone from TF 2.21: its effect and
            # error follow TF 1.15's kernel (tests/contrib/test_contrib_rest_framework.py)
            "ZeroInitializer",
            # tf.contrib.summary's writer ops only have an effect on event files: their files
            # are compared with the ones TF writes for the same program
            # (tests/summary/test_contrib_summary_interop.py)
            "SummaryWriter", "CreateSummaryFileWriter", "FlushSummaryWriter",
            "CloseSummaryWriter", "WriteScalarSummary", "WriteHistogramSummary",
            "WriteImageSummary", "WriteAudioSummary", "WriteSummary", "WriteGraphSummary",
            "ImportEvent"}


def _covered():
    ops, programs = set(), []
    for family in specs.families():
        module = specs.load(family)
        ops.update(spec.op for spec in getattr(module, "SPECS", []))
        for program in getattr(module, "PROGRAMS", []):
            ops.update(program.covers)
            programs.append(program)
    return ops, programs


def test_every_registered_op_type_has_differential_cases():
    from tfcompat.framework import registry
    covered, _ = _covered()
    ours = {t for t in registry.registered_types()   # not ops that tests register for themselves
            if registry.get_op_def(t).lower.__module__.startswith("tfcompat.")}
    missing = sorted(ours - covered - INTERNAL)
    assert not missing, "%d op types without differential cases: %s" % (len(missing), missing)


def _built_types(graph, top=True) -> set:
    """Op types in `graph` and in its functions' graphs (TF and tfcompat build from_generator's
    GeneratorDataset inside a flat_map's function): tfcompat's function attrs carry their
    graphs, TF keeps the bodies in the GraphDef's library."""
    types = set()
    for op in graph.get_operations():
        types.add(op.type)
        for value in getattr(op, "_attrs", {}).values():
            inner = getattr(value, "graph", None)
            if hasattr(inner, "get_operations"):
                types |= _built_types(inner, top=False)
    if top:
        library = graph.as_graph_def().library
        types |= {node.op for function in library.function for node in function.node_def}
    return types


def test_programs_build_the_op_types_they_claim(tf):
    _, programs = _covered()
    lies = []
    for program in programs:
        if not program.covers:   # claims nothing (building the Keras applications takes long)
            continue
        with tf.Graph().as_default() as graph:
            try:
                program.build(tf)
            except Exception:  # noqa: BLE001 - the differential test reports build errors
                continue
            built = _built_types(graph)
        lies.extend("%s: %s" % (program.id, t) for t in program.covers if t not in built)
    assert not lies, "programs that do not build what they cover: %s" % lies
