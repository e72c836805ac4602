"""Writes tfcompat/io/tf_raw_ops_args.json: for each TF op type whose `tf.raw_ops` function names
its arguments differently from the OpDef (TF's api_def renames, e.g. Sum's `reduction_indices` is
`axis`), the raw_ops names of its inputs (in OpDef order) and of its renamed attrs. `tf.raw_ops` in tfcompat
(tfcompat/raw_ops.py) reads it so that its keyword arguments are TF's. Run with real TensorFlow:

    TF_CPP_MIN_LOG_LEVEL=3 /work/venv-tf/bin/python tools/gen_tf_raw_ops_args.py
"""
from __future__ import annotations

import gzip
import inspect
import json
import os

import tensorflow as tf
from tensorflow.core.framework import op_def_pb2

HERE = os.path.dirname(os.path.abspath(__file__))
IO = os.path.join(HERE, "..", "tfcompat", "io")


def _inferred(op) -> set:
    return {x for arg in op.input_arg for x in (arg.type_attr, arg.number_attr, arg.type_list_attr)
            if x}


def main() -> None:
    with gzip.open(os.path.join(IO, "tf_op_defs.pb.gz"), "rb") as f:
        op_list = op_def_pb2.OpList.FromString(f.read())
    renames = {}
    for op in op_list.op:
        fn = getattr(tf.raw_ops, op.name, None)
        if fn is None:
            continue
        params = [p for p in inspect.signature(fn).parameters if p != "name"]
        inputs = [a.name for a in op.input_arg]
        entry = {}
        if params[:len(inputs)] != inputs:
            entry["inputs"] = params[:len(inputs)]
        # attrs the raw_ops function names differently: the OpDef attrs it does not take by
        # name, paired in order with the arguments that are no OpDef attr
        attr_names = [a.name for a in op.attr]
        unmatched_attrs = [a for a in attr_names if a not in params and a not in _inferred(op)]
        unmatched_params = [p for p in params[len(inputs):] if p not in attr_names]
        if unmatched_attrs and len(unmatched_attrs) == len(unmatched_params):
            entry["attrs"] = dict(zip(unmatched_attrs, unmatched_params))
        if entry:
            renames[op.name] = entry
    path = os.path.join(IO, "tf_raw_ops_args.json")
    with open(path, "w") as f:
        json.dump(renames, f, indent=0, sort_keys=True)
        f.write("\n")
    print("wrote %d renamed signatures to %s" % (len(renames), path))


if __name__ == "__main__":
    main()
