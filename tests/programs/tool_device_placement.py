"""Device placement: device functions (ps/worker style), nested device blocks, colocation, DeviceSpec, ConfigProto fields printed, FULL_TRACE run options.

Written in the style of 2016-2019 TF1 graph-tooling scripts; main() returns the lines the
program printed, compared line by line with what TF 2.21 compat.v1 printed (goldens/)."""
import os

import numpy as np
from google.protobuf import text_format

TAGS = ['tooling']


def _fresh_dir():
    path = os.path.abspath("work_%d" % len(os.listdir(".")))
    os.makedirs(path)
    return path


def main(tf):
    lines = []

    def print(*args):  # the program's output, kept for the comparison
        lines.append(" ".join(str(a) for a in args))
    # device placement and session configs, as in the multi-GPU tutorial snippets
    def assign_to_device(device, ps_device='/cpu:0'):
        PS_OPS = ['Variable', 'VariableV2', 'AutoReloadVariable']
        def _assign(op):
            node_def = op if isinstance(op, tf.NodeDef) else op.node_def
            if node_def.op in PS_OPS:
                return "/" + ps_device
            else:
                return device
        return _assign
    with tf.device(assign_to_device('/gpu:0', ps_device='cpu:0')):
        w = tf.Variable(tf.ones([2, 2]), name="w")
        y = tf.matmul(w, w, name="y")
    for op in tf.get_default_graph().get_operations():
        print(op.name, repr(op.device))
    with tf.Graph().as_default():
        with tf.device("/job:worker/task:1"):
            with tf.device("/device:GPU:2"):
                a = tf.constant(1.0, name="a")
            with tf.device(None):
                b = tf.constant(2.0, name="b")
            with tf.device("/cpu:*"):
                c = tf.constant(3.0, name="c")
    print(a.device, "|", b.device, "|", c.device)
    with tf.Graph().as_default():
        with tf.device("/job:ps/task:0"):
            v1 = tf.Variable(1.0, name="v1"); v2 = tf.Variable(2.0, name="v2")
        s = v1 + v2
        print(v1.device, v2.device, s.device)
    with tf.device("/gpu:0"):
        with tf.colocate_with(w):
            d = tf.identity(w, name="d")
    print("colocated", d.device, d.op.colocation_groups())
    spec = tf.DeviceSpec.from_string("/job:ps/replica:0/task:3/device:GPU:1")
    print(spec.job, spec.task, spec.device_type, spec.device_index, spec.to_string())
    config = tf.ConfigProto(log_device_placement=False, allow_soft_placement=True)
    config.gpu_options.allow_growth = True
    config.gpu_options.per_process_gpu_memory_fraction = 0.4
    config.intra_op_parallelism_threads = 2
    config.inter_op_parallelism_threads = 2
    print(config)
    print(config.SerializeToString() != b"", config.gpu_options.allow_growth)
    config2 = tf.ConfigProto(device_count={'GPU': 0, 'CPU': 1})
    print(sorted(dict(config2.device_count).items()))
    config2.graph_options.optimizer_options.global_jit_level = tf.OptimizerOptions.ON_1
    print(config2.graph_options)
    print(tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE))
    with tf.Session(config=config) as sess:
        sess.run(tf.global_variables_initializer())
        run_options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
        run_metadata = tf.RunMetadata()
        print(sess.run(y, options=run_options, run_metadata=run_metadata).tolist())
        print(tf.RunOptions.FULL_TRACE, tf.RunOptions.NO_TRACE, run_options.trace_level)
        devs = sess.list_devices()
        print([d.device_type for d in devs][:1], type(devs[0]).__name__)
    try:
        with tf.Session(config=tf.ConfigProto(allow_soft_placement=False)) as sess:
            with tf.device("/device:GPU:7"):
                z = tf.constant(5.0, name="zz") * 2
            sess.run(z)
    except tf.errors.InvalidArgumentError as e:
        print("InvalidArgumentError")

    return {'lines': np.array(lines)}
