"""Writes tfcompat/io/tf_op_defs.pb.gz: the OpDefs of every op registered in TensorFlow (names,
argument and attr signatures, attr defaults; documentation stripped), as one gzipped binary
`OpList`. tfcompat uses it to write NodeDefs with TF's full attr sets, fill default attrs on
import, give imported ops of unsupported types their output dtypes, and write `stripped_op_list`
in meta graphs. Run with real TensorFlow (never imported by tfcompat itself):

    TF_CPP_MIN_LOG_LEVEL=2 /work/tfref/bin/python tools/gen_tf_op_defs.py
"""
from __future__ import annotations

import gzip
import os

import tensorflow as tf
from tensorflow.core.framework import op_def_pb2
from tensorflow.python.client import pywrap_tf_session as c_api

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tfcompat", "io",
                   "tf_op_defs.pb.gz")


def main() -> None:
    buf = c_api.TF_GetAllOpList()
    op_list = op_def_pb2.OpList.FromString(c_api.TF_GetBuffer(buf))
    for op in op_list.op:
        op.ClearField("summary")
        op.ClearField("description")
        for arg in list(op.input_arg) + list(op.output_arg) + list(op.attr):
            arg.ClearField("description")
    ops = sorted(op_list.op, key=lambda o: o.name)
    out = op_def_pb2.OpList(op=ops)
    with gzip.GzipFile(OUT, "wb", mtime=0) as f:
        f.write(out.SerializeToString(deterministic=True))
    print("wrote %d OpDefs of TensorFlow %s to %s" % (len(ops), tf.__version__, OUT))


if __name__ == "__main__":
    main()
