"""Writes tfcompat/client/tf_host_memory.json: which args of TensorFlow's GPU kernels live in host
memory (TF's `HostMemory("shape")` in a kernel registration), for every op type tfcompat
registers. On a GPU, TF keeps shapes, axes, sizes and most int32 tensors on the host, so a kernel
reads them without waiting on the device; tfcompat's plan compiler keeps the same values on the
CPU (client/host_memory.py).

Per op type, the GPU kernels that have host-memory args, each as [constraints, input args, output
args]; a constraint is [attr, dtype names]. A kernel without host-memory args is written as
[constraints, [], []] so that a match says "everything on the device". Deterministic (op types
sorted). Run it in two steps, the op list from tfcompat's venv and the kernels from TensorFlow's:

    /work/venv/bin/python tools/gen_tf_cpu_kernels.py --list-ops > /tmp/ops.txt
    TF_CPP_MIN_LOG_LEVEL=3 /work/venv-tf/bin/python tools/gen_tf_host_memory.py --ops /tmp/ops.txt
"""
from __future__ import annotations

import argparse
import json
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tfcompat", "client",
                   "tf_host_memory.json")


def _kernels(op_type: str, as_dtype, registry, op_def_registry) -> list:
    op_def = op_def_registry.get(op_type)
    if op_def is None:
        return []
    inputs = {a.name for a in op_def.input_arg}
    outputs = {a.name for a in op_def.output_arg}
    found = []
    for kernel in registry.get_registered_kernels_for_op(op_type).kernel:
        if kernel.device_type not in ("GPU", "DEFAULT") or kernel.label:
            continue
        constraints = sorted([c.name, sorted(as_dtype(t).name for t in c.allowed_values.list.type)]
                             for c in kernel.constraint if c.allowed_values.list.type)
        host = set(kernel.host_memory_arg)
        entry = [constraints, sorted(host & inputs), sorted(host & outputs)]
        if entry not in found:
            found.append(entry)
    return found if any(e[1] or e[2] for e in found) else []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ops", required=True, help="file with one op type per line")
    args = parser.parse_args()
    from tensorflow.python.framework import dtypes
    from tensorflow.python.framework import kernels
    from tensorflow.python.framework import op_def_registry
    with open(args.ops) as f:
        op_types = sorted({line.strip() for line in f if line.strip()})
    table = {}
    for op_type in op_types:
        found = _kernels(op_type, dtypes.as_dtype, kernels, op_def_registry)
        if found:
            table[op_type] = found
    with open(OUT, "w") as f:
        json.dump(table, f, sort_keys=True, separators=(",", ":"))
        f.write("\n")
    print("%d op types with host-memory args -> %s" % (len(table), os.path.normpath(OUT)))


if __name__ == "__main__":
    main()
