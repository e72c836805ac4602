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
`tf.app.flags.FLAGS.lr` is reported as `tf.app.flags.FLAGS`. A caveat sentence that names
parameters in backquotes (`a_is_sparse`) is shown only for the calls that pass one of them
(`caveat_for_calls`). An unsupported name that TensorFlow 1.x does not have either (a typo) says
so and suggests the closest names, from api_manifest.tsv (TF's own list, see
tools/gen_api_manifest.py).
"""
from __future__ import annotations
import __future__

import ast
import collections
import dataclasses
import difflib
import functools
import inspect
import json
import os
import re
import tokenize
import types

from tfcompat import _import_hook
from tfcompat import _unsupported

SUPPORTED, CAVEAT, UNSUPPORTED = "supported", "caveat", "unsupported"
_ROOTS = ("tensorflow", "tfcompat")
# TF 1.15's sub-namespaces of `tf` (other modules reachable from tfcompat are implementation).
_TF_NAMESPACES = _unsupported.TF_NAMESPACES
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
    found = re.search(r"Differences\s+from\s+TensorFlow:", doc) if doc else None
    if found:   # the rest of its paragraph (the words may wrap across lines)
        text = " ".join(doc[found.end():].split("\n\n")[0].split())
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
        self._objects: dict = {}

    def classify(self, dotted: str) -> tuple:
        """(api actually reported, status, note) for a chain like "tf.nn.relu"."""
        parts = _import_hook.canonical(dotted).split(".")
        for n in range(2, len(parts) + 1):
            api = ".".join(parts[:n])
            result = self._resolve(api)
            if result[0] == UNSUPPORTED:
                full = ".".join(parts)
                return full, UNSUPPORTED, (result[1] or _typo_note(api, full)
                                           or _unsupported.hint_for(full) or "")
            if not result[2] or n == len(parts):
                return api, result[0], result[1]
        return ".".join(parts), SUPPORTED, ""

    def parameters(self, api: str) -> list | None:
        """[(name, default)] of the callable `api` resolves to, None if it has no signature."""
        self._resolve(api)
        obj = self._objects.get(api)
        try:
            signature = inspect.signature(obj)
        except (TypeError, ValueError):
            return None
        return [(p.name, p.default) for p in signature.parameters.values()
                if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]

    def _resolve(self, api: str) -> tuple:
        """(status, note, keep_walking) for one exact name."""
        cached = self._cache.get(api)
        if cached is None:
            try:
                obj, note = _import_hook.resolve(api)
            except AttributeError:
                cached = (UNSUPPORTED, "", False)
            else:
                self._objects[api] = obj
                refused = _refusal_of(obj)
                if refused is not None:
                    cached = (UNSUPPORTED, refused, False)
                else:
                    note = _caveat_of(obj) or note or ""
                    cached = (CAVEAT if note else SUPPORTED, note, _is_namespace(obj))
            self._cache[api] = cached
        return cached


def _typo_note(api: str, full: str) -> str:
    """"not a TensorFlow API; did you mean tf.placeholder?" when TF has no `api` either."""
    typo, close = not_a_tf_api(api)
    if not typo:
        return ""
    what = "not a TensorFlow API" if api == full else "%s is not a TensorFlow API" % api
    return what + ("; did you mean %s?" % " or ".join(close) if close else "")


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
        self.calls: dict = {}     # dotted tf name -> [Call] where it is called
        self.uncalled: set = set()   # dotted names also used other than by a call (`f = tf.x`)
        self._callees: set = set()   # id() of the ast nodes that are called

    def note(self, dotted, line, node=None):
        if dotted.count(".") >= 1:
            self.found.setdefault(dotted, []).append(line)
            if node is not None and id(node) not in self._callees:
                self.uncalled.add(dotted)

    def dotted(self, node) -> str | None:
        """The tf name an expression such as `tf.nn.relu` or an imported alias stands for."""
        chain = []
        while isinstance(node, ast.Attribute):
            chain.append(node.attr)
            node = node.value
        if isinstance(node, ast.Name) and node.id in self.aliases:
            return ".".join([self.aliases[node.id]] + chain[::-1])
        return None

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

    def visit_Call(self, node):
        dotted = self.dotted(node.func)
        if dotted is not None:
            self._callees.add(id(node.func))
            self.calls.setdefault(dotted, []).append(Call.of(node))
        self.generic_visit(node)

    def visit_Attribute(self, node):
        dotted = self.dotted(node)
        if dotted is not None:
            self.note(dotted, node.lineno, node)
            return
        self.generic_visit(node)

    def visit_Name(self, node):
        target = self.aliases.get(node.id)
        if target is not None and isinstance(node.ctx, ast.Load):
            self.note(target, node.lineno, node)


def _has_tf_parameter(tree) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and any(
                a.arg == "tf" for a in node.args.args + node.args.kwonlyargs):
            return True
    return False


def analyze_source(source: str, filename: str = "<string>", classifier=None) -> list:
    """The `Use`s of TF APIs in `source`, in order of first appearance."""
    # lazy: cycle: names are resolved against the whole imported package, which imports check
    import tfcompat  # noqa: F401 - names are resolved against the imported package

    classifier = classifier or Classifier()
    finder = _Finder()
    tree = ast.parse(source, filename)
    finder.bind_imports(tree)
    finder.visit(tree)
    uses: dict = {}
    calls: dict = {}   # api -> its calls, or None when it is also used in other ways
    for dotted, lines in finder.found.items():
        api, status, note = classifier.classify(dotted)
        use = uses.get(api)
        if use is None:
            uses[api] = Use(api, status, sorted(set(lines)), note)
        else:
            use.lines = sorted(set(use.lines) | set(lines))
        exact = _import_hook.canonical(dotted) == api and dotted not in finder.uncalled
        if calls.setdefault(api, []) is not None:
            calls[api] = calls[api] + finder.calls.get(dotted, []) if exact else None
    for use in uses.values():
        if use.status == CAVEAT and calls.get(use.api) is not None:
            use.note = caveat_for_calls(use.note, classifier.parameters(use.api), calls[use.api])
            use.status = CAVEAT if use.note else SUPPORTED
    return sorted(uses.values(), key=lambda u: (u.lines[0], u.api))


# -- caveats that depend on a call's arguments ---------------------------------------------------

@dataclasses.dataclass
class Call:
    """One call of a TF API in a script: what it passes, as source text."""
    line: int
    positional: list    # source of each positional argument
    keywords: dict      # keyword -> source of its value
    unpacked: bool      # passes *args or **kwargs (which arguments is unknown)

    @classmethod
    def of(cls, node: ast.Call) -> "Call":
        unpacked = (any(isinstance(a, ast.Starred) for a in node.args)
                    or any(k.arg is None for k in node.keywords))
        return cls(node.lineno, [ast.unparse(a) for a in node.args],
                   {k.arg: ast.unparse(k.value) for k in node.keywords if k.arg}, unpacked)

    def passed(self, params: list, name: str) -> str | None:
        """The source of the argument bound to parameter `name`, "" when unknown (*args), None
        when the call leaves it out or passes its default as a literal."""
        if self.unpacked:
            return ""
        names = [p for p, _ in params]
        index = names.index(name)
        source = self.keywords.get(name)
        if source is None and index < len(self.positional):
            source = self.positional[index]
        if source is None:
            return None
        try:
            literal = ast.literal_eval(source)
        except (ValueError, SyntaxError):
            return source
        default = params[index][1]
        same = type(literal) is type(default) and literal == default
        return None if same else source


def _clauses(note: str) -> list:
    """A caveat's sentences and `;`-separated clauses, each a separate statement."""
    return [c for c in re.split(r"(?<=[.;])\s+", note) if c]


def caveat_for_calls(note: str, params: list | None, calls: list) -> str:
    """The part of caveat `note` that applies to these calls. A clause that names parameters of
    the API in backquotes (`a_is_sparse`, `write_version=V1`) applies only to the calls that pass
    one of them (with that value, where it names one); the other clauses apply to every use.
    Clauses that apply to some calls only end with their lines."""
    if not params:
        return note
    names = {p for p, _ in params}
    kept = []
    for clause in _clauses(note):
        named = [(p, v) for p, v in re.findall(r"`(\w+)(?:=([^`]+))?`", clause) if p in names]
        if not named:
            kept.append(clause)
            continue
        lines = sorted({c.line for c in calls if any(_uses(c, params, p, v) for p, v in named)})
        if lines:
            end = clause[-1] if clause[-1] in ".;" else ""
            kept.append("%s (line %s)%s" % (clause[:len(clause) - len(end)], _lines_text(lines),
                                            end))
    text = " ".join(kept)
    return text[:-1] + "." if text.endswith(";") else text


def _uses(call: Call, params: list, name: str, value: str) -> bool:
    source = call.passed(params, name)
    return source is not None and (not value or not source or value in source)


def check_paths(paths) -> list:
    """One `FileReport` per Python file under `paths` (files, or directories searched for *.py)."""
    classifier = Classifier()
    reports = []
    for path in _python_files(paths):
        try:
            with tokenize.open(path) as f:    # as Python reads it: a coding cookie, a BOM
                source = f.read()
            reports.append(FileReport(path, analyze_source(source, path, classifier)))
        except SyntaxError as e:
            where = " (line %s)" % e.lineno if e.lineno else ""
            reports.append(FileReport(path, [], "SyntaxError: %s%s" % (e.msg, where)))
        except ValueError as e:   # undecodable bytes; null bytes (before Python 3.11.4)
            if not isinstance(e, UnicodeDecodeError) and "null bytes" not in str(e):
                raise
            reports.append(FileReport(path, [], "not Python source text (%s)" % e))
        except OSError as e:
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
    # lazy: cycle: names are resolved against the whole imported package, which imports check
    import tfcompat

    for name in _LAZY:
        getattr(tfcompat, name, None)
    names, seen, queue = [], set(), collections.deque([("tf", tfcompat)])
    while queue:      # breadth first: a module is listed under its shortest tf.* path
        prefix, module = queue.popleft()
        if id(module) in seen:
            continue
        seen.add(id(module))
        _unsupported.load_lazy(module)   # names loaded on first use (tf.train.Saver, ...)
        for name in sorted(set(dir(module)) | set(vars(module))):   # dir() shows TF's names only
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


# -- TensorFlow's own names ---------------------------------------------------------------------

MANIFEST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "api_manifest.tsv")


@functools.lru_cache(maxsize=1)
def manifest() -> dict:
    """{`tf.<name>`: (kind, scope, status, detail)} from api_manifest.tsv, which
    tools/gen_api_manifest.py writes from real TensorFlow: every name of TF's `tf.compat.v1`,
    provided, an alias of another name, or unsupported with the reason."""
    rows = {}
    with open(MANIFEST, encoding="utf-8") as f:
        for line in f:
            if line.startswith("tf."):
                name, kind, scope, status, detail = line.rstrip("\n").split("\t")
                rows[name] = (kind, scope, status, detail)
    return rows


@functools.lru_cache(maxsize=1)
def tf_api_names() -> dict:
    """{namespace: [its names]} of TF's `tf.compat.v1` API ("tf.nn": ["relu", ...]), from the
    manifest."""
    children: dict = {}
    for full in manifest():
        parent, _, name = full.rpartition(".")
        children.setdefault(parent, []).append(name)
    return children


def not_a_tf_api(api: str) -> tuple:
    """(True, closest names) when TensorFlow 1.x has no `api` ("tf.placehodler" -> (True,
    ["tf.placeholder"])); (False, []) for a TF API, and for a name in a namespace the list does not
    cover (tf.contrib, gone from TF 2's compat.v1; tf.python, TF's internals)."""
    children = tf_api_names()
    parent, _, name = _import_hook.canonical(api).rpartition(".")
    if parent not in children or name in children[parent]:
        return False, []
    # the name in other letter case (tf.Placeholder), then the very name in another namespace
    # (tf.relu -> tf.nn.relu; tf.raw_ops last), then a near spelling
    other_case = [n for n in children[parent] if n.lower() == name.lower()]
    elsewhere = sorted(((p, name) for p, names in children.items() if name in names),
                       key=lambda pn: (pn[0] == "tf.raw_ops", pn[0].count("."), pn[0]))
    close = [(parent, n) for n in other_case] or elsewhere or [
        (parent, n) for n in difflib.get_close_matches(name, children[parent], n=2, cutoff=0.75)]
    return True, ["%s.%s" % pn for pn in close[:2]]


# -- the migration guide's table of what is not implemented ------------------------------------

TABLE_BEGIN = "<!-- begin: generated from tfcompat/api_manifest.tsv by tools/gen_migration_table.py -->"
TABLE_END = "<!-- end: generated table -->"


def not_implemented_markdown() -> str:
    """Markdown rows of every TF1 name (the manifest's `core` scope) tfcompat does not provide,
    grouped by reason: the migration guide embeds this text, so it cannot drift from the data
    `tfcompat check` reports from."""
    by_reason: dict = {}
    for name, (kind, scope, status, detail) in manifest().items():
        if scope == "core" and status == "unsupported":
            by_reason.setdefault(detail, []).append(name)
    rows = ["| TF1 names | why, and what to use instead |", "| --- | --- |"]
    for reason, names in sorted(by_reason.items(), key=lambda kv: sorted(kv[1])[0]):
        shown = ", ".join("`%s`" % n for n in sorted(names))
        rows.append("| %s | %s |" % (shown, reason.replace("|", "\\|")))
    return "\n".join(rows)
