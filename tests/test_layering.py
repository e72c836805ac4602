"""The layers of ARCHITECTURE.md, checked from the package's own imports (read with `ast`, nothing
imported):

- graph building (`framework/`) imports no runtime (`client/`), no file format (`io/`), no
  training or public namespace module, and no op family (`ops/`);
- op records (`ops/`) never import the runtime (`client/`): lowerings are plain functions of torch
  tensors and a context;
- file formats (`io/`) import only `framework/` (and the leaf modules `errors`,
  `_unsupported`);
- module-level imports form no cycle.

Imports inside functions and `lazy_module("...")` (deferred) imports count for the layer rules
too. What still breaks a rule is listed, with
its reason, in tests/layering_exceptions.txt: that list may only shrink (a listed import that is
gone fails the test until its line is removed), and function-level imports may not grow past the
recorded count, and each says why it waits (`# lazy: ...`: an import cycle, or protobuf and the
rarely used namespaces kept out of `import tfcompat`).
"""
from __future__ import annotations

import ast
import collections
import os

import pytest

pytestmark = pytest.mark.tfcompat_only

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tfcompat")
EXCEPTIONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "layering_exceptions.txt")
LEAVES = {"errors", "_unsupported", "_lazy", "_version"}   # import nothing of tfcompat's layers
# layer -> layers it must not import
FORBIDDEN = {
    "framework": {"client", "io", "train", "ops", "data", "summary", "saved_model", "export",
                  "nn", "layers", "losses", "metrics", "image", "contrib", "distribute", "cli",
                  "interchange", "tfcompat"},
    "ops": {"client", "cli", "export", "interchange"},
}


def _modules() -> dict:
    found = {}
    for directory, _, files in os.walk(ROOT):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(directory, name)
                rel = os.path.relpath(path, os.path.dirname(ROOT))[:-3].replace(os.sep, ".")
                found[rel[:-len(".__init__")] if rel.endswith(".__init__") else rel] = path
    return found


def _targets(module, node, is_package, modules) -> list:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    base = module if is_package else module.rsplit(".", 1)[0]
    if node.level:
        parts = base.split(".")
        base = ".".join(parts[:len(parts) - node.level + 1])
        target = base + ("." + node.module if node.module else "")
    else:
        target = node.module or ""
    subs = [target + "." + a.name for a in node.names if target + "." + a.name in modules]
    return subs + ([target] if len(subs) < len(node.names) else [])


def _lazy_targets(tree) -> list:
    """`lazy_module("tfcompat.io.op_defs")` calls: imports deferred to first use."""
    return [node.args[0].value for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "lazy_module"
            and node.args and isinstance(node.args[0], ast.Constant)]


def imports() -> tuple:
    """(module-level edges {module: {module}}, function-level [(module, line, target)], deferred
    `lazy_module` edges {module: {module}})."""
    modules = _modules()
    edges, in_functions, deferred = collections.defaultdict(set), [], collections.defaultdict(set)
    for module, path in modules.items():
        with open(path, encoding="utf-8") as f:
            tree = ast.parse(f.read())
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        deferred[module].update(t for t in _lazy_targets(tree) if t.startswith("tfcompat"))
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            inside, up = False, node
            while up in parents:
                up = parents[up]
                if isinstance(up, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    inside = True
                    break
            for target in _targets(module, node, path.endswith("__init__.py"), modules):
                if not target.startswith("tfcompat"):
                    continue
                while target not in modules and "." in target:
                    target = target.rsplit(".", 1)[0]
                if target == module:
                    continue
                if inside:
                    in_functions.append((module, node.lineno, target))
                else:
                    edges[module].add(target)
    return edges, in_functions, deferred


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "tfcompat"


def violations(edges, in_functions, deferred) -> set:
    pairs = {(m, t) for m, ts in edges.items() for t in ts}
    pairs |= {(m, t) for m, _, t in in_functions}
    pairs |= {(m, t) for m, ts in deferred.items() for t in ts}
    bad = set()
    for module, target in pairs:
        source, dest = layer(module), layer(target)
        if dest in LEAVES or source == dest:
            continue
        if dest in FORBIDDEN.get(source, ()) or (source == "io" and dest != "framework"):
            bad.add("%s -> %s" % (module, target))
    return bad


def cycles(edges) -> list:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in list(edges):
        if v not in index:
            visit(v)
    return found


def exceptions() -> tuple:
    listed, budget = {}, None
    with open(EXCEPTIONS, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("function-level imports:"):
                budget = int(line.split(":", 1)[1].split()[0])
                continue
            edge, _, reason = line.partition(":")
            listed[edge.strip()] = reason.strip()
    return listed, budget


EDGES, IN_FUNCTIONS, DEFERRED = imports()


def test_layers_are_kept():
    listed, _ = exceptions()
    found = violations(EDGES, IN_FUNCTIONS, DEFERRED)
    new = sorted(found - set(listed))
    gone = sorted(set(listed) - found)
    assert not new, "imports that break ARCHITECTURE.md's layers:\n  " + "\n  ".join(new)
    assert not gone, ("fixed, remove from tests/layering_exceptions.txt:\n  " + "\n  ".join(gone))
    assert all(listed.values()), "every listed exception needs its reason"


def test_no_import_cycles():
    assert cycles(EDGES) == []


def _has_reason(lines, lineno) -> bool:
    """A `# lazy: why` comment on the import's line or on the comment/import lines just above."""
    i = lineno - 1
    while i >= 0:
        text = lines[i].strip()
        if "# lazy:" in text:
            return True
        if i != lineno - 1 and not (text.startswith("#") or text.startswith(("from ", "import "))):
            return False
        i -= 1
    return False


def test_every_function_level_import_says_why():
    modules = _modules()
    missing = []
    for module, lineno, target in IN_FUNCTIONS:
        with open(modules[module], encoding="utf-8") as f:
            if not _has_reason(f.read().split("\n"), lineno):
                missing.append("%s:%d (%s)" % (module, lineno, target))
    assert not missing, ("imports inside functions without a `# lazy: <why>` comment (import at "
                         "module level instead, or say why it must wait):\n  " + "\n  ".join(missing))


def test_function_level_imports_do_not_grow():
    _, budget = exceptions()
    assert len(IN_FUNCTIONS) <= budget, (
        "%d imports inside functions (budget %d): import at module level, or say why it must be "
        "lazy" % (len(IN_FUNCTIONS), budget))
