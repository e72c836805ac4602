"""`tfcompat check`: reads TF1 scripts without running them and reports every TensorFlow API they
use as supported, supported with a caveat, or unsupported, with line numbers.

What counts as supported is asked of the package itself at run time: each dotted name is resolved
with the same rules `tfcompat run` uses for imports (`_import_hook.resolve`). A name is
- unsupported when it does not resolve, or resolves to a refusal (an object with
  `_tfcompat_unsupported`, or whose docstring starts with "Not supported");
- a caveat when its docstring has a "Differences from TensorFlow:" paragraph (other than
  "none ..."), it carries `_tfcompat_caveat`, or it resolved through an alias of TF's
  internal modules (tf.python.*);
- supported otherwise.
Names are followed through modules and classes and stop at the first other object, so
`tf.app.flags.FLAGS.lr` is reported as `tf.app.flags.FLAGS`.
"""
from __future__ import annotations
import __future__

import ast
import collections
import dataclasses
import inspect
import json
import os
import types

from tfcompat import _import_hook
from tfcompat import _unsupported

SUPPORTED, CAVEAT, UNSUPPORTED = "supported", "caveat", "unsupported"
_ROOTS = ("tensorflow", "tfcompat")
# TF 1.15's sub-namespaces of `tf` (other modules reachable from tfcompat are implementation).
_TF_NAMESPACES = frozenset({
    "app", "bitwise", "compat", "contrib", "data", "debugging", "distribute", "distributions",
    "dtypes", "errors", "estimator", "feature_column", "flags", "gfile", "graph_util", "image",
    "initializers", "io", "keras", "layers", "linalg", "lite", "logging", "losses", "manip",
    "math", "metrics", "nn", "profiler", "python_io", "quantization", "queue", "ragged", "random",
    "resource_loader", "saved_model", "sets", "signal", "sparse", "spectral", "strings",
    "summary", "sysconfig", "test", "tpu", "train", "user_ops", "version", "v1"})
_LAZY = ("test", "contrib")   # namespaces tfcompat imports on first use


@dataclasses.dataclass
class Use:
    api: str
    status: str
    lines: list
    note: str = ""


@dataclasses.dataclass
class FileReport:
    path: str
    uses: list
    error: str = ""

    def counts(self) -> dict:
        counts = {SUPPORTED: 0, CAVEAT: 0, UNSUPPORTED: 0}
        for use in self.uses:
            counts[use.status] += 1
        return counts

    def percent(self) -> float:
        if not self.uses:
            return 100.0
        return 100.0 * (len(self.uses) - self.counts()[UNSUPPORTED]) / len(self.uses)


# -- classifying one dotted name ---------------------------------------------------------------

def _caveat_of(obj) -> str:
    explicit = getattr(obj, "_tfcompat_caveat", None)
    if isinstance(explicit, str):
        return explicit
    doc = inspect.getdoc(obj) if callable(obj) else None
    if doc and "Differences from TensorFlow:" in doc:
        text = " ".join(doc.split("Differences from TensorFlow:", 1)[1].split("\n\n")[0].split())
        return "" if text.lower().startswith("none") else text
    return ""


def _refusal_of(obj) -> str | None:
    """Why `obj` exists only to refuse: its `_tfcompat_unsupported`, or a docstring that
    starts with "Not supported"."""
    refused = getattr(obj, "_tfcompat_unsupported", None)
    if isinstance(refused, str):
        return refused
    doc = inspect.getdoc(obj) if callable(obj) else None
    if doc and doc.startswith("Not supported"):
        return " ".join(doc.split("\n\n")[0].split())
    return None


def _is_namespace(obj) -> bool:
    return isinstance(obj, (types.ModuleType, type))


class Classifier:
    """Resolves dotted TF names against the imported package (cached per name)."""

    def __init__(self):
        self._cache: dict = {}

    def classify(self, dotted: str) -> tuple:
        """(api actually reported, status, note) for a chain like "tf.nn.relu"."""
        parts = _import_hook.canonical(dotted).split(".")
        for n in range(2, len(parts) + 1):
            api = ".".join(parts[:n])
            result = self._resolve(api)
            if result[0] == UNSUPPORTED:
                full = ".".join(parts)
                return full, UNSUPPORTED, result[1] or _unsupported.hint_for(full) or ""
            if not result[2] or n == len(parts):
                return api, result[0], result[1]
        return ".".join(parts), SUPPORTED, ""

    def _resolve(self, api: str) -> tuple:
        """(status, note, keep_walking) for one exact name."""
        cached = self._cache.get(api)
        if cached is None:
            try:
                obj, note = _import_hook.resolve(api)
            except AttributeError:
                cached = (UNSUPPORTED, "", False)
            else:
                refused = _refusal_of(obj)
                if refused is not None:
                    cached = (UNSUPPORTED, refused, False)
                else:
                    note = _caveat_of(obj) or note or ""
                    cached = (CAVEAT if note else SUPPORTED, note, _is_namespace(obj))
            self._cache[api] = cached
        return cached


# -- finding TF names in a script ---------------------------------------------------------------

def _tf_module(name: str) -> str | None:
    root = name.split(".")[0]
    if root not in _ROOTS:
        return None
    return _import_hook.canonical(name)


class _Finder(ast.NodeVisitor):
    """Collects `{dotted tf name: [line, ...]}` from one module's AST."""

    def __init__(self):
        self.aliases: dict = {}   # local name -> canonical dotted tf name
        self.found: dict = {}

    def note(self, dotted, line):
        if dotted.count(".") >= 1:
            self.found.setdefault(dotted, []).append(line)

    def bind_imports(self, tree):
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    target = _tf_module(alias.name)
                    if target is None:
                        continue
                    if alias.asname:
                        self.aliases[alias.asname] = target
                    else:
                        self.aliases[alias.name.split(".")[0]] = "tf"
                    self.note(target, node.lineno)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                base = _tf_module(node.module)
                if base is None:
                    continue
                for alias in node.names:
                    if alias.name == "*":
                        continue
                    target = _import_hook.canonical("%s.%s" % (base, alias.name))
                    self.aliases[alias.asname or alias.name] = target
                    self.note(target, node.lineno)
        if "tf" not in self.aliases and _has_tf_parameter(tree):
            self.aliases["tf"] = "tf"   # `def main(tf):` programs (the conformance cases)

    def visit_Attribute(self, node):
        chain, inner = [], node
        while isinstance(inner, ast.Attribute):
            chain.append(inner.attr)
            inner = inner.value
        if isinstance(inner, ast.Name) and inner.id in self.aliases:
            dotted = ".".join([self.aliases[inner.id]] + chain[::-1])
            self.note(dotted, node.lineno)
            return
        self.generic_visit(node)

    def visit_Name(self, node):
        target = self.aliases.get(node.id)
        if target is not None and isinstance(node.ctx, ast.Load):
            self.note(target, node.lineno)


def _has_tf_parameter(tree) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and any(
                a.arg == "tf" for a in node.args.args + node.args.kwonlyargs):
            return True
    return False


def analyze_source(source: str, filename: str = "<string>", classifier=None) -> list:
    """The `Use`s of TF APIs in `source`, in order of first appearance."""
    import tfcompat  # noqa: F401 - names are resolved against the imported package

    classifier = classifier or Classifier()
    finder = _Finder()
    tree = ast.parse(source, filename)
    finder.bind_imports(tree)
    finder.visit(tree)
    uses: dict = {}
    for dotted, lines in finder.found.items():
        api, status, note = classifier.classify(dotted)
        use = uses.get(api)
        if use is None:
            uses[api] = Use(api, status, sorted(set(lines)), note)
        else:
            use.lines = sorted(set(use.lines) | set(lines))
    return sorted(uses.values(), key=lambda u: (u.lines[0], u.api))


def check_paths(paths) -> list:
    """One `FileReport` per Python file under `paths` (files, or directories searched for *.py)."""
    classifier = Classifier()
    reports = []
    for path in _python_files(paths):
        try:
            with open(path, encoding="utf-8") as f:
                source = f.read()
            reports.append(FileReport(path, analyze_source(source, path, classifier)))
        except SyntaxError as e:
            reports.append(FileReport(path, [], "SyntaxError: %s (line %s)" % (e.msg, e.lineno)))
        except (OSError, UnicodeDecodeError) as e:
            reports.append(FileReport(path, [], "%s: %s" % (type(e).__name__, e)))
    return reports


def _python_files(paths):
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                yield from (os.path.join(root, f) for f in sorted(files) if f.endswith(".py"))
        else:
            yield path


# -- output ---------------------------------------------------------------------------------

def _lines_text(lines) -> str:
    shown = ", ".join(str(n) for n in lines[:8])
    return shown + (", ..." if len(lines) > 8 else "")


def format_text(reports, verbose=True) -> str:
    out = []
    for r in reports:
        if r.error:
            out.append("%s: error: %s" % (r.path, r.error))
            continue
        c = r.counts()
        out.append("%s: %d TensorFlow APIs, %d supported, %d with caveats, %d unsupported "
                   "(%.0f%% usable)" % (r.path, len(r.uses), c[SUPPORTED], c[CAVEAT],
                                        c[UNSUPPORTED], r.percent()))
        width = max([len(u.api) for u in r.uses] + [10])
        for u in r.uses:
            if verbose or u.status != SUPPORTED:
                out.append("  %-11s %-*s  line %s%s" % (u.status, width, u.api, _lines_text(u.lines),
                                                        "  -- " + u.note if u.note else ""))
    total = sum(len(r.uses) for r in reports)
    bad = sum(r.counts()[UNSUPPORTED] for r in reports)
    out.append("%d file(s), %d API uses checked, %d unsupported" % (len(reports), total, bad))
    return "\n".join(out)


def to_json(reports) -> str:
    files = [{"path": r.path, "error": r.error or None, "counts": r.counts(),
              "percent_supported": round(r.percent(), 1),
              "apis": [dataclasses.asdict(u) for u in r.uses]} for r in reports]
    return json.dumps({"files": files, "unsupported": sum(r.counts()[UNSUPPORTED]
                                                          for r in reports)}, indent=2)


def exit_status(reports) -> int:
    """0: everything supported; 1: something unsupported; 2: a file could not be read."""
    if any(r.error for r in reports):
        return 2
    return 1 if any(r.counts()[UNSUPPORTED] for r in reports) else 0


# -- the supported-API list --------------------------------------------------------------------

def supported_names() -> list:
    """Every public `tf.*` name the package defines: walks tfcompat and the modules it holds
    under TF's namespace names (tf.nn, tf.train, ...), skipping what they import from elsewhere."""
    import tfcompat
    from tfcompat import _unsupported

    for name in _LAZY:
        getattr(tfcompat, name, None)
    names, seen, queue = [], set(), collections.deque([("tf", tfcompat)])
    while queue:      # breadth first: a module is listed under its shortest tf.* path
        prefix, module = queue.popleft()
        if id(module) in seen:
            continue
        seen.add(id(module))
        _unsupported.load_lazy(module)   # names loaded on first use (tf.train.Saver, ...)
        for name in sorted(dir(module)):
            if name.startswith("_"):
                continue
            try:
                value = getattr(module, name)
            except AttributeError:
                continue
            if isinstance(value, types.ModuleType):
                if name in _TF_NAMESPACES and value.__name__.startswith("tfcompat"):
                    queue.append(("%s.%s" % (prefix, name), value))
                continue
            if isinstance(value, __future__._Feature):
                continue
            owner = getattr(value, "__module__", None)
            if callable(value) and isinstance(owner, str) and not owner.startswith("tfcompat"):
                continue        # a helper the module imported (functools.partial, torch, ...)
            names.append("%s.%s" % (prefix, name))
    return sorted(set(names))
