"""Writes tests/gradients/tf_gradient_registry.json: what TensorFlow's gradient registry says about
every op type tfcompat registers, the golden that tfcompat/framework/tf_gradient_kinds.py must match.

Per op type, one of
- "grad": a Python gradient function is registered (`@ops.RegisterGradient`); it may still give
  None for some or all inputs (Floor, ArgMax);
- "none": registered as not differentiable (`ops.NotDifferentiable`, the entry is None): gradients
  stop there;
- "missing": no entry: `tf.gradients` raises LookupError("No gradient defined for operation...")
  when a gradient has to flow through such an op;
- "not_tf": TensorFlow has no op of this type (tfcompat's internal and contrib op types).
`other_registered` lists the names in TF's registry that are not tfcompat op types (a
`tf.RegisterGradient` of one of them raises KeyError in TF as well). It also rewrites the tables
of tfcompat/framework/tf_gradient_kinds.py to match. Run it in two steps:

    /work/venv/bin/python -c "import tfcompat, tfcompat.horovod; \
        from tfcompat.framework import registry as r; print('\\n'.join(t for t in \
        r.registered_types() if r.get_op_def(t).lower.__module__.startswith('tfcompat.')))" \
        > /tmp/ops.txt
    TF_CPP_MIN_LOG_LEVEL=3 /work/venv-tf/bin/python tools/gen_tf_gradient_registry.py --ops /tmp/ops.txt
"""
from __future__ import annotations

import argparse
import json
import os
import re
import textwrap

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "gradients",
                   "tf_gradient_registry.json")
TABLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tfcompat", "framework",
                      "tf_gradient_kinds.py")


def _kind(op_type, entries, op_def_registry) -> str:
    if op_def_registry.get(op_type) is None:
        return "not_tf"
    if op_type not in entries:
        return "missing"
    return "none" if entries[op_type]["type"] is None else "grad"


def _write_tables(table) -> None:
    """The frozenset blocks of tf_gradient_kinds.py, from `table`."""
    blocks = {
        "NOT_DIFFERENTIABLE": [t for t, k in table["ops"].items() if k == "none"],
        "NO_GRADIENT_DEFINED": [t for t, k in table["ops"].items() if k == "missing"],
        "INTERNAL": [t for t, k in table["ops"].items() if k == "not_tf"],
        "OTHER_REGISTERED": table["other_registered"],
    }
    with open(TABLES) as f:
        source = f.read()
    for name, names in blocks.items():
        text = "\n".join(textwrap.wrap(" ".join(sorted(names)), 99, break_long_words=False))
        source = re.sub(r'(?s)^%s = frozenset\("""\n.*?\n"""' % name,
                        lambda m: '%s = frozenset("""\n%s\n"""' % (name, text), source,
                        count=1, flags=re.M)
    with open(TABLES, "w") as f:
        f.write(source)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ops", required=True, help="file with one op type per line")
    args = parser.parse_args()
    import tensorflow as tf  # importing tensorflow imports its *_grad modules
    from tensorflow.python.framework import op_def_registry
    from tensorflow.python.framework import ops
    entries = ops._gradient_registry._registry  # pylint: disable=protected-access
    with open(args.ops) as f:
        op_types = sorted({line.strip() for line in f if line.strip()})
    table = {
        "tensorflow": tf.__version__,
        "ops": {t: _kind(t, entries, op_def_registry) for t in op_types},
        "other_registered": sorted(set(entries) - set(op_types)),
    }
    with open(OUT, "w") as f:
        json.dump(table, f, indent=0, sort_keys=True)
        f.write("\n")
    _write_tables(table)
    counts = {}
    for kind in table["ops"].values():
        counts[kind] = counts.get(kind, 0) + 1
    print("%s -> %s" % (sorted(counts.items()), os.path.normpath(OUT)))


if __name__ == "__main__":
    main()
