"""Writes tfcompat/client/tf_cpu_kernels.json: TensorFlow's registered kernels for every op type
tfcompat registers, so a session can refuse (op, dtype) pairs that TF's OpDef allows but for which
TF has no CPU kernel ("No OpKernel was registered to support Op ..."), as TF does at run time.

Per op type, the kernels in TF's registry order (the order its message lists them), each as
[device type, label, constraints]; a constraint is [attr, "type", dtype names], or [attr, "s",
strings] / [attr, "i", ints]; plus the OpDef defaults of constrained attrs that are not types.
Deterministic (op types sorted; TF's registry order is fixed for one TF build). Run it in two
steps, the op list from tfcompat's venv and the kernels from TensorFlow's:

    /work/venv/bin/python tools/gen_tf_cpu_kernels.py --list-ops > /tmp/ops.txt
    TF_CPP_MIN_LOG_LEVEL=3 /work/venv-tf/bin/python tools/gen_tf_cpu_kernels.py --ops /tmp/ops.txt
"""
from __future__ import annotations

import argparse
import json
import os
import sys

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tfcompat", "client",
                   "tf_cpu_kernels.json")


def list_ops() -> list:
    import tfcompat  # noqa: F401 - registers every op family
    from tfcompat.framework import registry
    return registry.registered_types()


def _constraint(constraint, as_dtype) -> list:
    """[attr, kind, allowed values]: kind "type" (dtype names), "s" (strings) or "i" (ints)."""
    values = constraint.allowed_values.list
    if values.type:
        return [constraint.name, "type", [as_dtype(t).name for t in values.type]]
    if values.s:
        return [constraint.name, "s", [s.decode("utf-8") for s in values.s]]
    return [constraint.name, "i", list(values.i)]


def _kernel(k, as_dtype) -> list:
    """[device, label, constraints], the constraints in TF's order (its message's order)."""
    return [k.device_type, k.label, [_constraint(c, as_dtype) for c in k.constraint]]


def _defaults(op_def, kernels) -> dict:
    """OpDef defaults of the constrained attrs whose values are strings or ints."""
    constrained = {c[0] for k in kernels for c in k[2]}
    out = {}
    for attr in op_def.attr if op_def is not None else ():
        if attr.name in constrained and attr.HasField("default_value"):
            which = attr.default_value.WhichOneof("value")
            if which == "s":
                out[attr.name] = attr.default_value.s.decode("utf-8")
            elif which == "i":
                out[attr.name] = attr.default_value.i
    return out


def table(op_types) -> dict:
    from tensorflow.python.framework import dtypes
    from tensorflow.python.framework import kernels
    from tensorflow.python.framework import op_def_registry
    out = {}
    for op_type in sorted(set(op_types)):
        op_def = op_def_registry.get(op_type)
        if op_def is None:  # tfcompat-internal (Gradients, _LoopVar ...): not a TF op
            continue
        found = [_kernel(k, dtypes.as_dtype)
                 for k in kernels.get_registered_kernels_for_op(op_type).kernel]
        entry = {"kernels": found}   # [] too: TF has the op but no kernel for it at all
        defaults = _defaults(op_def, found)
        if defaults:
            entry["defaults"] = defaults
        out[op_type] = entry
    return out


def write(data: dict, path: str) -> None:
    # one op type a line, keys sorted: small, deterministic diffs when TF or the op list changes
    lines = ["%s: %s" % (json.dumps(name), json.dumps(entry, sort_keys=True,
                                                      separators=(",", ":")))
             for name, entry in sorted(data.items())]
    with open(path, "w") as f:
        f.write("{\n" + ",\n".join(lines) + "\n}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--list-ops", action="store_true",
                        help="print the op types tfcompat registers (run under tfcompat's venv)")
    parser.add_argument("--ops", help="file with one op type a line ('-': stdin)")
    parser.add_argument("--out", default=os.path.normpath(OUT))
    args = parser.parse_args()
    if args.list_ops:
        print("\n".join(list_ops()))
        return
    if not args.ops:
        parser.error("--ops FILE is required (make it with --list-ops under tfcompat's venv)")
    source = sys.stdin if args.ops == "-" else open(args.ops)
    with source:
        op_types = [line.strip() for line in source if line.strip()]
    data = table(op_types)
    write(data, args.out)
    print("wrote the kernels of %d of %d op types to %s" % (len(data), len(op_types), args.out))


if __name__ == "__main__":
    main()
