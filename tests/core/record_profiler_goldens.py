"""Records TF's tf.profiler.profile reports for tests/core/test_profiler.py.
Run with TensorFlow: TF_CPP_MIN_LOG_LEVEL=3 python tests/core/record_profiler_goldens.py"""
import json
import os
import sys
import tempfile

import tensorflow.compat.v1 as tf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import profiler_cases  # noqa: E402

tf.disable_v2_behavior()


def record(name):
    build, cmd, options = profiler_cases.CASES[name]
    with tf.Graph().as_default() as graph:
        build(tf)
        path = os.path.join(tempfile.mkdtemp(), "report.txt")
        opts = tf.profiler.ProfileOptionBuilder(options(tf)).with_file_output(path).build()
        proto = tf.profiler.profile(graph, cmd=cmd, options=opts)
        with open(path) as f:
            report = f.read()
    recorded = {"report": report, "total_float_ops": proto.total_float_ops,
                "total_parameters": proto.total_parameters}
    if len(str(proto)) < 12000:  # the largest (op views' graph_nodes) are left out for size
        recorded["proto"] = str(proto)
    return recorded


if __name__ == "__main__":
    out = {name: record(name) for name in sorted(profiler_cases.CASES)}
    target = os.path.join(os.path.dirname(os.path.abspath(__file__)), "profiler_goldens.json")
    with open(target, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")
