"""Writes tfcompat/tf_api_names.txt: every public name of TensorFlow's `tf.compat.v1` namespace
(the TF1 API), one `tf.<path>` a line, sorted. `tfcompat run` and `tfcompat check` read it to tell
a TF API that tfcompat lacks from a name that is no TensorFlow API at all (a typo), and to suggest
the closest real name. TF is not a dependency; the list is data. Run with real TensorFlow:

    TF_CPP_MIN_LOG_LEVEL=3 TF_USE_LEGACY_KERAS=1 /work/venv-tf/bin/python tools/gen_tf_api_names.py
"""
from __future__ import annotations

import os
import types

import tensorflow as tf

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tfcompat", "tf_api_names.txt")
# Namespaces that repeat the whole API (tf.compat.v1/v2) or are TF 2's, not TF1's.
_SKIP = {"tf.compat"}


def _is_api_module(obj) -> bool:
    """TF's generated API modules (tensorflow._api.v2.compat.v1.nn, ...), tf.flags (absl's flags
    as TF re-exports them) and the Keras API modules compat.v1 re-exports; not the implementation
    modules they import from."""
    name = getattr(obj, "__name__", "")
    return ("._api." in name or name == "tensorflow.python.platform.flags"
            or name.startswith(("tensorflow.compat.", "tf_keras.api", "keras.api")))


def api_names(root) -> list:
    """Breadth first over `root`, so each object's module is listed under its shortest path
    (and every alias path with it, since names are what scripts type)."""
    names, seen, queue = set(), set(), [("tf", root)]
    while queue:
        path, module = queue.pop(0)
        if id(module) in seen or path in _SKIP:
            continue
        seen.add(id(module))
        for name in dir(module):
            if name.startswith("_"):
                continue
            full = "%s.%s" % (path, name)
            try:
                obj = getattr(module, name)
            except Exception:  # noqa: BLE001 - a lazy loader that fails is no usable API
                continue
            names.add(full)
            if isinstance(obj, types.ModuleType) and _is_api_module(obj):
                queue.append((full, obj))
    return sorted(names)


def main() -> None:
    names = api_names(tf.compat.v1)
    with open(OUT, "w") as f:
        f.write("# Public names of tf.compat.v1 in TensorFlow %s; written by "
                "tools/gen_tf_api_names.py\n" % tf.__version__)
        f.write("\n".join(names) + "\n")
    print("wrote %d names to %s" % (len(names), os.path.normpath(OUT)))


if __name__ == "__main__":
    main()
