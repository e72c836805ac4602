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


def _chain(node):
    """`a.b.c` -> ("a", ["b", "c"]); None for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    return (node.id, parts[::-1]) if isinstance(node, ast.Name) else None


def spelled_names(source: str) -> set:
    """`tf.a.b.c(...)` in `source` -> {"tf.a", "tf.a.b", "tf.a.b.c"}; a local bound to a
    namespace (`sm = tf.saved_model`, then `sm.simple_save(...)`) counts as that namespace."""
    tree = ast.parse(source)
    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 \
                and isinstance(node.targets[0], ast.Name):
            chain = _chain(node.value)
            if chain is not None and chain[0] == "tf" and chain[1]:
                aliases[node.targets[0].id] = "tf." + ".".join(chain[1])
    names = set()
    for node in ast.walk(tree):
        chain = _chain(node) if isinstance(node, ast.Attribute) else None
        if chain is None:
            continue
        root = "tf" if chain[0] == "tf" else aliases.get(chain[0])
        if root is not None:
            parts = root.split(".")[1:] + chain[1]
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
