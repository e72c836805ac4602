"""Writes tfcompat/api_manifest.tsv: every public name of TensorFlow's `tf.compat.v1` (TF 2.21, the
TF1 API) and what tfcompat does with it. TF is not a dependency of tfcompat; the manifest is data,
regenerated with real TensorFlow and tfcompat importable in one interpreter:

    TF_CPP_MIN_LOG_LEVEL=3 TF_USE_LEGACY_KERAS=1 PYTHONPATH=. /work/venv-tf/bin/python tools/gen_api_manifest.py

One line a name: `name<TAB>kind<TAB>scope<TAB>status<TAB>detail`.
- kind: module, class, function or constant (what the name is in TF).
- scope: `core` for the names the API-surface measure counts (TF1's own namespaces), `other` for
  the namespaces it leaves out (tf.keras, tf.estimator, tf.compat, tf.raw_ops, experimental ...).
- status: `provided`; `alias` (TF binds the name to the very object of another name, `detail`:
  tfcompat must bind the same object too); `unsupported` (`detail`: the reason and workaround, from
  tfcompat/api_unsupported.txt, longest prefix first).
The generator refuses to write a manifest in which an unprovided name has no reason.
"""
from __future__ import annotations

import argparse
import os
import sys
import types
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, ".."))
OUT = os.path.join(ROOT, "tfcompat", "api_manifest.tsv")
REASONS = os.path.join(ROOT, "tfcompat", "api_unsupported.txt")

# Namespaces the API-surface measure (../shared/tools/api_surface.py) leaves out: TF 2 additions,
# other packages re-exported by TF, and TF's internals. Their names are listed as scope `other`.
OTHER_SCOPE = {"keras", "estimator", "experimental", "compat", "tpu", "xla", "mlir", "lite",
               "saved_model.experimental", "distribute.experimental", "config.experimental",
               "autograph", "raw_ops", "feature_column", "__internal__", "__operators__", "tools",
               "debugging.experimental", "types", "quantization", "dtensor", "lookup.experimental",
               "data.experimental", "tensorrt", "flags", "profiler"}


def _is_api_module(obj) -> bool:
    """TF's generated API modules, tf.flags and the Keras API modules compat.v1 re-exports."""
    name = getattr(obj, "__name__", "")
    return ("._api." in name or name == "tensorflow.python.platform.flags"
            or name.startswith(("tensorflow.compat.", "tf_keras.api", "keras.api")))


def tf_api(root) -> dict:
    """{`tf.<path>`: object} breadth first, so each module is walked under its shortest path."""
    found, seen, queue = {}, set(), [("tf", root)]
    while queue:
        path, module = queue.pop(0)
        if id(module) in seen or path == "tf.compat":
            continue
        seen.add(id(module))
        for name in dir(module):
            if name.startswith("_"):
                continue
            try:
                obj = getattr(module, name)
            except Exception:  # noqa: BLE001 - a lazy loader that fails is no usable API
                continue
            full = "%s.%s" % (path, name)
            found[full] = obj
            if isinstance(obj, types.ModuleType) and _is_api_module(obj):
                queue.append((full, obj))
    return found


def scope_of(name: str) -> str:
    parts = name.split(".")[1:]
    for n in range(1, len(parts) + 1):
        if ".".join(parts[:n]) in OTHER_SCOPE or parts[n - 1] == "experimental":
            return "other"
    return "core"


def kind_of(obj) -> str:
    if isinstance(obj, types.ModuleType):
        return "module"
    if isinstance(obj, type):
        return "class"
    return "function" if callable(obj) else "constant"


def alias_targets(api: dict) -> dict:
    """{name: canonical name} for names TF binds to an object another name also holds. The
    canonical one is the namespaced, shortest spelling (tf.math.log over tf.log)."""
    groups: dict = {}
    for name, obj in api.items():
        if kind_of(obj) in ("function", "class"):
            groups.setdefault(id(obj), []).append(name)
    targets = {}
    for names in groups.values():
        if len(names) > 1:
            head = min(names, key=lambda n: (scope_of(n) != "core", n.count(".") == 1, len(n), n))
            targets.update({n: head for n in names if n != head})
    return targets


def read_reasons(path: str = REASONS) -> dict:
    reasons = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            name, sep, reason = line.partition("\t")
            if not sep or not reason.strip() or not name.startswith("tf"):
                raise SystemExit("%s:%d: expected `tf.<name><TAB><reason>`" % (path, number))
            reasons[name.strip()] = reason.strip()
    return reasons


def reason_for(name: str, reasons: dict) -> str | None:
    parts = name.split(".")
    for n in range(len(parts), 0, -1):
        reason = reasons.get(".".join(parts[:n]))
        if reason is not None:
            return reason
    return None


def resolves(root, name: str) -> bool:
    obj = root
    for part in name.split(".")[1:]:
        try:
            obj = getattr(obj, part)
        except Exception:  # noqa: BLE001 - any failure means the name is not provided
            return False
    return True


def _refusal(root, name: str) -> str | None:
    """The reason of a name tfcompat defines only to refuse (`_unsupported.refuse`)."""
    obj = root
    for part in name.split(".")[1:]:
        try:
            obj = getattr(obj, part)
        except Exception:  # noqa: BLE001
            return None
    return getattr(obj, "_tfcompat_unsupported", None)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=OUT)
    ap.add_argument("--draft", action="store_true",
                    help="write names without a reason anyway (the manifest test then fails)")
    args = ap.parse_args()
    warnings.filterwarnings("ignore")
    import tensorflow as tf
    sys.path.insert(0, ROOT)
    import tfcompat

    api = tf_api(tf.compat.v1)
    aliases = alias_targets(api)
    reasons = read_reasons()
    rows, unexplained = [], []
    for name in sorted(api):
        obj = api[name]
        refused = _refusal(tfcompat, name)
        if refused is not None:     # present only to refuse with an explanation when called
            status, detail = "unsupported", refused
        elif resolves(tfcompat, name):
            target = aliases.get(name)
            if target is not None and resolves(tfcompat, target):
                status, detail = "alias", target
            else:
                status, detail = "provided", ""
        else:
            status, detail = "unsupported", reason_for(name, reasons)
            if detail is None:
                unexplained.append(name)
        rows.append("\t".join((name, kind_of(obj), scope_of(name), status, detail or "")))
    if unexplained and not args.draft:
        raise SystemExit("%d names are neither provided nor explained in %s:\n  %s" % (
            len(unexplained), os.path.relpath(REASONS), "\n  ".join(unexplained)))
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# tf.compat.v1 of TensorFlow %s: name, kind, scope, status, detail. Written by "
                "tools/gen_api_manifest.py; do not edit\n" % tf.__version__)
        f.write("\n".join(rows) + "\n")
    core = [r.split("\t") for r in rows if r.split("\t")[2] == "core"]
    have = sum(1 for r in core if r[3] != "unsupported" and r[1] != "module")
    total = sum(1 for r in core if r[1] != "module")
    print("wrote %d names to %s; core names provided: %d/%d (%.1f%%)" % (
        len(rows), os.path.relpath(args.out), have, total, 100.0 * have / total))


if __name__ == "__main__":
    main()
