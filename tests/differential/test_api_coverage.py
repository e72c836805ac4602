"""Every public TF1 name tfcompat provides (the API manifest's `core` names: TF1's own namespaces)
is exercised by at least one differential program, compared with real TF. A program exercises the
`tf.<dotted.name>` chains its spec module's source spells out; one name of an alias group (names TF
binds to one object) covers the group, since tfcompat binds them to one object too
(tests/api/test_manifest.py)."""
from __future__ import annotations

import ast
import os

import pytest

import specs

pytestmark = pytest.mark.tfcompat_only


def spelled_names(source: str) -> set:
    """`tf.a.b.c(...)` in `source` -> {"tf.a", "tf.a.b", "tf.a.b.c"}."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute):
            parts, inner = [], node
            while isinstance(inner, ast.Attribute):
                parts.append(inner.attr)
                inner = inner.value
            if isinstance(inner, ast.Name) and inner.id == "tf":
                parts.reverse()
                names.update("tf." + ".".join(parts[:k]) for k in range(1, len(parts) + 1))
    return names


def exercised() -> set:
    names = set()
    for family in specs.families():
        if getattr(specs.load(family), "PROGRAMS", None):
            with open(os.path.join(specs.FAMILY_DIR, family + ".py"), encoding="utf-8") as f:
                names |= spelled_names(f.read())
    return names


def test_every_provided_name_has_a_differential_program():
    from tfcompat.check import manifest
    rows = manifest()
    group = {}
    for name, (kind, scope, status, detail) in rows.items():
        if status == "alias":
            group.setdefault(detail, {detail}).add(name)
    used = exercised()
    missing = []
    for name, (kind, scope, status, detail) in sorted(rows.items()):
        if scope != "core" or kind == "module" or status == "unsupported":
            continue
        head = detail if status == "alias" else name
        if not (group.get(head, {head}) & used):
            missing.append(name)
    assert not missing, "%d provided names no differential program exercises:\n  %s" % (
        len(missing), "\n  ".join(missing))
