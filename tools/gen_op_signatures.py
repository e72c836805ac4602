"""Writes tfcompat/framework/op_signatures.json.gz: the part of TensorFlow's OpDefs that graph
building checks (each op type's input and output args with their type, type attr, number attr or
type-list attr; its type attrs' allowed values and defaults; number attrs' minimums), read from
tfcompat/io/tf_op_defs.pb.gz. framework/ may not import io/, so it reads this table instead.
Re-run after regenerating tf_op_defs.pb.gz (TensorFlow is not needed):

    /work/venv/bin/python tools/gen_op_signatures.py
"""
from __future__ import annotations

import gzip
import json
import os

from tfcompat.framework import dtypes
from tfcompat.io import op_defs

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tfcompat", "framework",
                   "op_signatures.json.gz")


def _arg(arg) -> dict:
    """An input/output arg: its name and exactly one of type / type_attr / type_list_attr."""
    out = {"name": arg.name}
    if arg.type:
        out["type"] = dtypes.as_dtype(arg.type).name
    for field in ("type_attr", "number_attr", "type_list_attr"):
        if getattr(arg, field):
            out[field] = getattr(arg, field)
    if arg.is_ref:
        out["is_ref"] = True
    return out


def _attr(attr) -> dict | None:
    """A type, list(type) or int attr: allowed types, default, minimum (others: None)."""
    if attr.type not in ("type", "list(type)", "int"):
        return None
    out = {"type": attr.type}
    if attr.type != "int" and attr.HasField("allowed_values"):
        out["allowed"] = [dtypes.as_dtype(t).name for t in attr.allowed_values.list.type]
    if attr.type == "type" and attr.HasField("default_value"):
        out["default"] = dtypes.as_dtype(attr.default_value.type).name
    if attr.has_minimum:
        out["minimum"] = attr.minimum
    return out if len(out) > 1 or attr.type != "int" else None


def signature(op_def) -> dict:
    attrs = {a.name: _attr(a) for a in op_def.attr}
    return {"inputs": [_arg(a) for a in op_def.input_arg],
            "outputs": [_arg(a) for a in op_def.output_arg],
            "attrs": {k: v for k, v in attrs.items() if v is not None}}


def main() -> None:
    table = {name: signature(op) for name, op in sorted(op_defs._table().items())}
    text = json.dumps(table, sort_keys=True, separators=(",", ":"))
    with gzip.GzipFile(os.path.normpath(OUT), "wb", mtime=0) as f:
        f.write(text.encode("utf-8"))
    print("wrote the signatures of %d op types to %s" % (len(table), os.path.normpath(OUT)))


if __name__ == "__main__":
    main()
