"""The plan interpreter (TFCOMPAT_DEBUG=interpret: each op of a plan run by itself) against the
generated code: the same programs give the same records — values, shapes, error classes and
messages — both ways."""
from __future__ import annotations

import json

import pytest

import harness
import specs

pytestmark = pytest.mark.tfcompat_only
FAMILIES = ("control_flow", "state", "rnn", "api_framework_core", "api_linalg_array")


def _programs():
    for family in FAMILIES:
        for program in specs.load(family).PROGRAMS:
            yield pytest.param(program, id="%s:%s" % (family, program.id))


@pytest.mark.parametrize("program", list(_programs()))
def test_interpreter_matches_generated_code(program, monkeypatch):
    import tfcompat as tf
    from tfcompat.client import plan as plan_lib

    generated = harness.run_program(tf, program)
    monkeypatch.setattr(plan_lib, "INTERPRET", True)
    interpreted = harness.run_program(tf, program)
    assert json.dumps(interpreted, sort_keys=True, default=str) == \
        json.dumps(generated, sort_keys=True, default=str)
