"""tfcompat against real TensorFlow, op by op: every case of every spec family (specs/), compared
with TF's recorded results (goldens/, or the live recording named by TFCOMPAT_DIFF_GOLDENS).

A difference fails the test unless its case id is listed, with a reason, in
known_differences.txt (TF1 is wrong there and tfcompat deliberately better), or in
open_differences.txt (tfcompat bugs found by this harness and not fixed yet: the list may only
shrink; a listed case that now matches fails too, so that the list stays exact — regenerate it
with `python diffreport.py --write-open`). One test per spec (all its dtypes and variants), one per
program.
"""
from __future__ import annotations

import json
import os

import pytest

import harness
import opdefs
import specs

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDENS = os.environ.get("TFCOMPAT_DIFF_GOLDENS") or os.path.join(HERE, "goldens")

pytestmark = pytest.mark.tfcompat_only


def known_differences(name="known_differences.txt") -> dict:
    known = {}
    path = os.path.join(HERE, name)
    if not os.path.exists(path):
        return known
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                case_id, _, reason = line.partition(":")
                known[case_id.strip()] = reason.strip()
    return known


KNOWN = known_differences()
OPEN = known_differences("open_differences.txt")
_GOLDEN_CACHE: dict = {}


def golden(family: str) -> dict:
    if family not in _GOLDEN_CACHE:
        path = os.path.join(GOLDENS, family + ".json")
        if not os.path.exists(path):
            pytest.fail("no recorded TF results for family %r (%s): run record.py under TF"
                        % (family, path))
        with open(path) as f:
            _GOLDEN_CACHE[family] = json.load(f)
    return _GOLDEN_CACHE[family]


def _items():
    for family in specs.families():
        module = specs.load(family)
        for spec in getattr(module, "SPECS", []):
            yield pytest.param(family, spec, id="%s:%s" % (family, spec.op))
        for program in getattr(module, "PROGRAMS", []):
            yield pytest.param(family, program, id="%s:%s" % (family, program.id))


def _check(case_id, got, want, tol, failures):
    if want is None:
        failures.append("%s: no TF record (re-record the goldens)" % case_id)
        return
    diffs = harness.compare(got, want, tol)
    if diffs and case_id not in KNOWN and case_id not in OPEN:
        failures.append("%s: %s" % (case_id, "; ".join(diffs)))
    elif not diffs and case_id in OPEN:
        failures.append("%s: now matches TF: remove it from open_differences.txt" % case_id)


@pytest.mark.parametrize("family,item", list(_items()))
def test_matches_tf(tf, family, item):
    records = golden(family)
    failures: list = []
    if isinstance(item, harness.Program):
        got = harness.run_program(tf, item)
        _check(item.id, got, records.get(item.id), item.tol, failures)
    else:
        for case in harness.expand(item, opdefs.allowed_dtypes):
            got = harness.run_case(tf, case)
            _check(case.id, got, records.get(case.id), case.tol, failures)
    assert not failures, "%d case(s) differ from TF:\n%s" % (len(failures), "\n".join(failures))
