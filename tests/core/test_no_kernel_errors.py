"""TF's run-time kernel check: an op TF's OpDef accepts but for whose dtypes TF registers no CPU
kernel builds, then fails every run of the session with InvalidArgumentError "No OpKernel was
registered to support Op ...", before any op runs.

Expected texts recorded from TF 2.21 compat.v1 (CPU). TF lists a node's attrs in its hash map's
order, which varies, so attr lists are compared as sets.
"""
import re

import numpy as np
import pytest

# Sessions see no GPU: TF's GPU kernels differ, and tfcompat checks CPU placements only.
_CPU_ONLY = {"GPU": 0}


def _kernel_message(error) -> str:
    """The kernel check's own text (TF 2.x wraps it in "Graph execution error: ... Node: 'x'")."""
    message = error.message
    return message[message.index("No OpKernel was registered"):]


def _first_line(error):
    """(text around the attrs, set of "name=value" attrs) of the message's first line."""
    line = _kernel_message(error).splitlines()[0]
    head, _, attrs = line.partition("with these attrs: [")
    return head, set(re.split(r", (?=\w+=)", attrs[:-1])) if attrs[:-1] else set()


def _run_error(tf, fetch):
    with tf.Session(config=tf.ConfigProto(device_count=_CPU_ONLY)) as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(fetch)
    return info.value


# (case, builder, op type, node name, attrs) recorded from TF 2.21
REFUSED = [
    ("reciprocal_int32", lambda tf: tf.raw_ops.Reciprocal(x=tf.constant([1, 2])),
     "Reciprocal", "Reciprocal", {"T=DT_INT32"}),
    ("realdiv_int32",
     lambda tf: tf.raw_ops.RealDiv(x=tf.constant([1, 2]), y=tf.constant([2, 2])),
     "RealDiv", "RealDiv", {"T=DT_INT32"}),
    ("digamma_bfloat16", lambda tf: tf.raw_ops.Digamma(x=tf.constant([1.5], tf.bfloat16)),
     "Digamma", "Digamma", {"T=DT_BFLOAT16"}),
    ("matmul_uint8",
     lambda tf: tf.raw_ops.MatMul(a=tf.constant([[1]], tf.uint8), b=tf.constant([[2]], tf.uint8)),
     "MatMul", "MatMul",
     {"grad_a=false", "grad_b=false", "T=DT_UINT8", "transpose_a=false", "transpose_b=false"}),
    ("avgpool3d_half",
     lambda tf: tf.raw_ops.AvgPool3D(input=tf.zeros([1, 2, 2, 2, 1], tf.float16),
                                     ksize=[1, 1, 1, 1, 1], strides=[1, 1, 1, 1, 1],
                                     padding="VALID"),
     "AvgPool3D", "AvgPool3D",
     {'padding="VALID"', "T=DT_HALF", 'data_format="NDHWC"', "strides=[1, 1, 1, 1, 1]",
      "ksize=[1, 1, 1, 1, 1]"}),
    ("lrn_bfloat16", lambda tf: tf.raw_ops.LRN(input=tf.zeros([1, 1, 1, 1], tf.bfloat16)),
     "LRN", "LRN", {"T=DT_BFLOAT16", "depth_radius=5", "beta=0.5", "bias=1", "alpha=1"}),
    ("linspace_half",
     lambda tf: tf.raw_ops.LinSpace(start=tf.constant(0, tf.float16),
                                    stop=tf.constant(1, tf.float16), num=3),
     "LinSpace", "LinSpace", {"T=DT_HALF", "Tidx=DT_INT32"}),
    ("public_range_int16", lambda tf: tf.range(3, dtype=tf.int16),
     "Range", "range", {"Tidx=DT_INT16"}),
]


@pytest.mark.parametrize("case, build, op_type, node, attrs", REFUSED, ids=[c[0] for c in REFUSED])
def test_no_cpu_kernel_is_invalid_argument_at_run_time(tf, case, build, op_type, node, attrs):
    with tf.device("/cpu:0"):
        y = build(tf)   # builds: TF's OpDef allows the dtype
    head, got_attrs = _first_line(_run_error(tf, y))
    assert head == ("No OpKernel was registered to support Op '%s' used by {{node %s}} "
                    % (op_type, node))
    assert got_attrs == attrs


@pytest.mark.tfcompat_only  # TF's own list depends on its build and env (XLA_CPU_JIT kernels)
def test_message_lists_registered_devices_and_kernels(tf):
    with tf.device("/cpu:0"):
        y = tf.raw_ops.Reciprocal(x=tf.constant([1, 2]))
    lines = _kernel_message(_run_error(tf, y)).splitlines()
    # recorded from TF 2.21: its registry's order, GPU kernels too
    assert lines[1:16] == [
        "Registered devices: [CPU]", "Registered kernels:",
        "  device='GPU'; T in [DT_COMPLEX128]", "  device='GPU'; T in [DT_COMPLEX64]",
        "  device='GPU'; T in [DT_INT64]", "  device='GPU'; T in [DT_DOUBLE]",
        "  device='GPU'; T in [DT_FLOAT]", "  device='GPU'; T in [DT_HALF]",
        "  device='GPU'; T in [DT_BFLOAT16]", "  device='CPU'; T in [DT_COMPLEX128]",
        "  device='CPU'; T in [DT_COMPLEX64]", "  device='CPU'; T in [DT_DOUBLE]",
        "  device='CPU'; T in [DT_BFLOAT16]", "  device='CPU'; T in [DT_HALF]",
        "  device='CPU'; T in [DT_FLOAT]"]


def test_dtypes_with_a_kernel_run(tf):
    with tf.device("/cpu:0"):
        rec = tf.raw_ops.Reciprocal(x=tf.constant([2.0, 4.0]))
        # a string attr constraint (bad_indices_policy) that TF's CPU kernels admit
        gathered = tf.raw_ops.GatherNd(params=tf.constant([1, 2]), indices=tf.constant([[1]]),
                                       bad_indices_policy="ERROR")
        # tf.round returns an integer tensor as is: no Round op (TF has no int8 kernel)
        rounded = tf.round(tf.constant([1, -2], tf.int8))
    with tf.Session(config=tf.ConfigProto(device_count=_CPU_ONLY)) as sess:
        r, g, n = sess.run([rec, gathered, rounded])
    np.testing.assert_allclose(r, [0.5, 0.25])
    assert g.tolist() == [2]
    assert n.tolist() == [1, -2] and n.dtype == np.int8


def test_an_unfetched_op_without_kernel_fails_every_run(tf):
    # TF places (and kernel-checks) the whole graph, not just what a run needs
    with tf.device("/cpu:0"):
        good = tf.constant([1.0, 2.0]) * 2.0
        tf.raw_ops.Reciprocal(x=tf.constant([1, 2]), name="bad")
    with tf.Session(config=tf.ConfigProto(device_count=_CPU_ONLY)) as sess:
        for _ in range(2):
            with pytest.raises(tf.errors.InvalidArgumentError) as info:
                sess.run(good)
            assert "{{node bad}}" in str(info.value)


def test_a_failing_run_leaves_variables_unchanged(tf):
    with tf.device("/cpu:0"):
        v = tf.Variable(3.0)
        sess = tf.Session(config=tf.ConfigProto(device_count=_CPU_ONLY))
        sess.run(v.initializer)
        read = sess.make_callable(v)     # made before the graph grows: keeps working (TF too)
        assert sess.run(tf.assign_add(v, 1.0)) == 4.0
        bad = tf.raw_ops.Reciprocal(x=tf.constant([1, 2]))
        update = tf.assign_add(v, tf.cast(tf.reduce_sum(bad), tf.float32))
    with pytest.raises(tf.errors.InvalidArgumentError):
        sess.run(update)
    assert read() == 4.0
    sess.close()


@pytest.mark.tfcompat_only
def test_warm_runs_do_not_check(monkeypatch):
    import tfcompat as tf
    from tfcompat.client import kernels
    calls = []
    real = kernels._has_kernel
    monkeypatch.setattr(kernels, "_has_kernel", lambda op: calls.append(op) or real(op))
    with tf.Graph().as_default():
        y = tf.raw_ops.Reciprocal(x=tf.constant([2.0]))
        with tf.Session(config=tf.ConfigProto(device_count=_CPU_ONLY)) as sess:
            sess.run(y)
            checked = len(calls)
            sess.run(y)
            sess.run(y * 2.0)   # a new plan: the graph grew by one op, only that one is checked
    assert checked == 2 and len(calls) == 4  # Const, Reciprocal; then the new Const and Mul


@pytest.mark.tfcompat_only
def test_ops_placed_on_cuda_are_not_checked():
    import tfcompat as tf
    from tfcompat.client import kernels
    with tf.Graph().as_default():
        tf.raw_ops.Reciprocal(x=tf.constant([1, 2]))
        sess = tf.Session()
        sess._placer.gpus = [0]   # as if CUDA were there: default placement is GPU:0
        sess._placer._cache.clear()
        kernels.check_new_ops(sess)   # TF's GPU kernels differ: nothing refused
        sess.close()


@pytest.mark.tfcompat_only
def test_kernel_table_covers_every_registered_tf_op_type():
    import tfcompat  # noqa: F401 - registers every op family
    from tfcompat.client import kernels
    from tfcompat.framework import op_signatures
    from tfcompat.framework import registry
    missing = [t for t in registry.registered_types()
               if op_signatures.signature(t) is not None and t not in kernels._table()]
    assert not missing, (
        "op types without TF's kernels in tfcompat/client/tf_cpu_kernels.json (their dtypes go "
        "unchecked at run time): %s. Regenerate it (see tools/gen_tf_cpu_kernels.py)." % missing)
