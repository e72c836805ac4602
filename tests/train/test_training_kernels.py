"""The optimizer update ops one by one (tf.raw_ops.ApplyAdam, SparseApplyFtrlV2, ...): values
after two updates, the kernels' errors for wrong inputs and the build-time shape errors match
TF's, recorded from TF 2.21 compat.v1 in tf_kernel_reference.json (kernel_cases.py builds the
cases). Plus tfcompat-internal checks: layouts torch's fused kernels must not misread, and
repeated sparse indices."""
import numpy as np
import pytest
import kernel_cases as kernels
import reference

# float32 kernels round as TF's do up to a few ulps (TF's Eigen rsqrt and pow are approximate)
TOLERANCE = {"float32": (2e-6, 1e-6), "float64": (1e-12, 1e-13)}
# TF reads past the end of a wrongly shaped accum_update (no check); tfcompat raises
BETTER_THAN_TF = {"ApplyAdadelta/slot_shape": (
    "InvalidArgumentError", "var and accum_update do not have the same shape[4,3] [2]")}


@pytest.mark.parametrize("case, op_type, dtype, layout", kernels.cases(),
                         ids=[c[0] for c in kernels.cases()])
def test_update_values_match_tf(tf, case, op_type, dtype, layout):
    expected = reference.load("kernels")["values"][case]
    got = kernels.run_case(tf, op_type, dtype, layout)
    rtol, atol = TOLERANCE[dtype]
    for step in ("step1", "step2"):
        for i, (a, b) in enumerate(zip(got[step], expected[step])):
            np.testing.assert_allclose(a, b, rtol=rtol, atol=atol,
                                       err_msg="%s %s ref %d" % (case, step, i))


@pytest.mark.parametrize("case, op_type, name, value", kernels.error_cases(),
                         ids=[c[0] for c in kernels.error_cases()])
def test_kernel_errors_match_tf(tf, case, op_type, name, value):
    expected = reference.load("kernels")["errors"][case]
    if case in BETTER_THAN_TF:
        if kernels.is_real_tf(tf):
            pytest.skip("TF's result is undefined (it reads past the slot's buffer)")
        expected = list(BETTER_THAN_TF[case])
    kind, detail = kernels.run_error_case(tf, op_type, name, value)
    assert kind == expected[0], (case, kind, detail)
    if kind == "OK":
        np.testing.assert_allclose(detail, expected[1], rtol=2e-6, atol=1e-6)
    else:
        assert detail == expected[1]


@pytest.mark.parametrize("case", [c[0] for c in kernels.build_errors()])
def test_build_time_shape_errors_match_tf(tf, case):
    builder = dict(kernels.build_errors())[case]
    expected = reference.load("kernels")["build"][case]
    kind, message = kernels.run_build_error(tf, builder)
    assert kind == expected[0]
    # the text before TF's node description, and the input shapes after it
    assert message.split(" for '")[0] == expected[1].split(" for '")[0]
    assert message.split("with input shapes: ")[1] == expected[1].split(
        "with input shapes: ")[1]


@pytest.mark.tfcompat_only
def test_adam_reads_a_transposed_gradient_by_its_strides(tf):
    # torch._fused_adam_ reads memory as if contiguous; a transposed gradient (as the fused
    # RNN path produces) must still update each element with its own gradient
    g = np.arange(6, dtype=np.float32).reshape(2, 3)
    var = tf.Variable(np.zeros((3, 2), np.float32))
    m = tf.Variable(np.zeros((3, 2), np.float32))
    v = tf.Variable(np.zeros((3, 2), np.float32))
    update = tf.raw_ops.ApplyAdam(var=var, m=m, v=v, beta1_power=0.9, beta2_power=0.999,
                                  lr=0.1, beta1=0.9, beta2=0.999, epsilon=1e-8,
                                  grad=tf.transpose(tf.constant(g)))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(update)
        one = np.float32(1)
        np.testing.assert_allclose(sess.run(m), (one - np.float32(0.9)) * g.T, rtol=1e-6)
        np.testing.assert_allclose(sess.run(v), (one - np.float32(0.999)) * g.T ** 2,
                                   rtol=1e-6)


def test_repeated_sparse_indices_update_rows_in_turn(tf):
    # TF's kernels walk the indices in order: row 1 is updated twice, the second time with
    # the accumulator the first update left. Values recorded from TF 2.21 compat.v1.
    var = tf.Variable(np.ones((3, 2), np.float32))
    accum = tf.Variable(np.full((3, 2), 0.1, np.float32))
    update = tf.raw_ops.SparseApplyAdagrad(
        var=var, accum=accum, lr=0.5, grad=tf.constant([[1., 2.], [3., 4.], [.5, .5]]),
        indices=tf.constant([1, 2, 1]))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        new_var = sess.run(update)
        new_accum = sess.run(accum)
    np.testing.assert_allclose(new_var, [[1., 1.], [0.30810297, 0.3862694],
                                         [0.5027548, 0.5015552]], rtol=1e-6)
    np.testing.assert_allclose(new_accum, [[0.1, 0.1], [1.35, 4.35], [9.1, 16.1]],
                               rtol=1e-6)


def test_sparse_index_out_of_range_names_the_op(tf):
    var = tf.Variable(np.ones((3, 2), np.float32))
    accum = tf.Variable(np.ones((3, 2), np.float32))
    update = tf.raw_ops.SparseApplyMomentum(var=var, accum=accum, lr=0.1,
                                            grad=tf.ones([2, 2]), indices=[0, 3],
                                            momentum=0.9, name="my_update")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(update)
    assert "Index 3 at offset 1 in indices is out of range" in info.value.message
    assert "my_update" in info.value.message
