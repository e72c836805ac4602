"""tf.layers.batch_normalization / tf.layers.BatchNormalization with batch renormalization
(renorm, renorm_clipping, renorm_momentum), ghost batches (virtual_batch_size) and adjustment:
variables, UPDATE_OPS, outputs and moving statistics over two SGD steps, inference output.
Expected values were recorded from TF 2.21 compat.v1 (graph mode); tf.keras's layer gives the
same numbers (tests/keras/test_bn_renorm.py)."""
import numpy as np
import pytest

X = np.array([[[0.5, -1.0], [2.0, 0.3], [-0.7, 1.1], [1.4, 2.2]],
              [[1.5, 0.0], [-2.0, 0.8], [0.2, -1.1], [3.0, 0.4]]], np.float32)
W = np.array([[1.0, -2.0], [0.5, 0.25], [-1.5, 1.0], [2.0, 3.0]], np.float32)
P = "batch_normalization/"


def build_and_train(tf, make, steps=2):
    """make(x, training) -> (y, update_ops); trains with SGD for `steps` steps on X."""
    x = tf.placeholder(tf.float32, [None, 2])
    training = tf.placeholder_with_default(True, [])
    y, updates = make(x, training)
    loss = tf.reduce_sum(y * tf.constant(W))
    with tf.control_dependencies(updates):
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    out = {"vars": [(v.op.name, v.shape.as_list()) for v in tf.global_variables()],
           "trainable": [v.op.name for v in tf.trainable_variables()],
           "updates": sorted(u.name for u in updates)}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        ys = [sess.run([y, train], {x: X[i]})[0] for i in range(steps)]
        out["y_last"] = ys[-1]
        out["values"] = {v.op.name: sess.run(v) for v in tf.global_variables()}
        out["infer"] = sess.run(y, {x: X[0], training: False})
    return out


def layers_bn(tf, **kwargs):
    def make(x, training):
        y = tf.layers.batch_normalization(x, training=training, **kwargs)
        return y, tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    return make


RENORM = dict(renorm=True, momentum=0.9, renorm_momentum=0.8,
              renorm_clipping={"rmax": 1.3, "rmin": 0.8, "dmax": 0.5})
RENORM_EXPECTED = {
    "vars": [(P + "gamma", [2]), (P + "beta", [2]), (P + "moving_mean", [2]),
             (P + "moving_variance", [2]), (P + "moving_stddev", [2]), (P + "renorm_mean", [2]),
             (P + "renorm_stddev", [2])],
    "trainable": [P + "gamma", P + "beta"],
    "updates": [P + "cond_6/Merge", P + "cond_7/Merge"],
    "y_last": [[0.36932, -0.2323], [-0.93233, -0.18154], [-0.11415, -0.3021],
               [0.92716, -0.20692]],
    "values": {P + "gamma": [0.08144, 0.05161], P + "beta": [-0.4, -0.45],
               P + "moving_mean": [0.1395, 0.061], P + "moving_variance": [1.17649, 0.97121],
               P + "moving_stddev": [1.08512, 0.98601], P + "renorm_mean": [0.263, 0.109],
               P + "renorm_stddev": [1.16989, 0.96866]},
    "infer": [[-0.37295, -0.50554], [-0.26037, -0.43749], [-0.463, -0.39562],
              [-0.3054, -0.33804]],
}
VBS = dict(virtual_batch_size=2, momentum=0.9)
VBS_EXPECTED = {
    "vars": [(P + "gamma", [1, 1, 2]), (P + "beta", [1, 1, 2]), (P + "moving_mean", [1, 1, 2]),
             (P + "moving_variance", [1, 1, 2])],
    "trainable": [P + "gamma", P + "beta"],
    "updates": [P + "cond_2/Merge", P + "cond_3/Merge"],
    "y_last": [[0.69846, 0.19959], [-1.09945, 0.19507], [-1.09846, -0.64959],
               [0.69945, -0.64507]],
    "values": {P + "gamma": [[[0.49983, 0.99642]]], P + "beta": [[[-0.4, -0.45]]],
               P + "moving_mean": [[[0.1395, 0.061]]],
               P + "moving_variance": [[[1.16387, 0.91735]]]},
    "infer": [[-0.23305, -1.5532], [0.46161, -0.20149], [-0.78878, 0.63032],
              [0.18375, 1.77407]],
}
ADJ_EXPECTED = {
    "vars": [(P + "gamma", [2]), (P + "beta", [2]), (P + "moving_mean", [2]),
             (P + "moving_variance", [2])],
    "trainable": [P + "gamma", P + "beta"],
    "updates": [P + "cond_4/Merge", P + "cond_5/Merge"],
    "y_last": [[0.16729, -0.41242], [-0.96946, -0.0174], [-0.25493, -0.95558],
               [0.65447, -0.21491]],
    "values": {P + "gamma": [-0.04906, 0.73938], P + "beta": [-0.4, -0.45],
               P + "moving_mean": [0.1395, 0.061], P + "moving_variance": [1.23984, 0.98281]},
    "infer": [[-0.41588, -1.24091], [-0.48194, -0.27184], [-0.36303, 0.32451],
              [-0.45552, 1.14448]],
}


def adjustment(tf):
    return lambda shape: (tf.constant([1.5, 0.5]), tf.constant([0.25, -0.25]))


def check(out, expected):
    for key in ("vars", "trainable", "updates"):
        assert out[key] == [tuple(v) if isinstance(v, list) else v for v in expected[key]] \
            or out[key] == expected[key], key
    np.testing.assert_allclose(out["y_last"], expected["y_last"], atol=2e-4)
    np.testing.assert_allclose(out["infer"], expected["infer"], atol=2e-4)
    assert sorted(out["values"]) == sorted(expected["values"])
    for name, value in expected["values"].items():
        np.testing.assert_allclose(out["values"][name], value, atol=2e-4, err_msg=name)


def test_renorm_clipped_two_steps(tf):
    check(build_and_train(tf, layers_bn(tf, **RENORM)), RENORM_EXPECTED)


def test_renorm_layer_class_same_as_function(tf):
    def make(x, training):
        layer = tf.layers.BatchNormalization(**RENORM)
        return layer.apply(x, training=training), layer.updates
    check(build_and_train(tf, make), RENORM_EXPECTED)


def test_virtual_batch_size(tf):
    out = build_and_train(tf, layers_bn(tf, **VBS))
    check(out, VBS_EXPECTED)


def test_adjustment(tf):
    check(build_and_train(tf, layers_bn(tf, momentum=0.9, adjustment=adjustment(tf))),
          ADJ_EXPECTED)


def test_renorm_and_virtual_batches_fall_back_from_fused(tf):
    # TF1's layer quietly uses the plain ops (no FusedBatchNormV3) when fused=True meets
    # renorm, virtual_batch_size or adjustment
    x = tf.placeholder(tf.float32, [None, 2, 2, 3])
    tf.layers.batch_normalization(x, training=True, renorm=True, fused=True)
    tf.layers.batch_normalization(x, training=True, virtual_batch_size=2, fused=True)
    tf.layers.batch_normalization(x, training=True, fused=True, adjustment=lambda s: (1.0, 0.0))
    types = {op.type for op in tf.get_default_graph().get_operations()}
    assert "FusedBatchNormV3" not in types and "FusedBatchNorm" not in types


def test_renorm_training_false_uses_moving_statistics(tf):
    x = tf.constant(X[0])
    y = tf.layers.batch_normalization(x, training=False, renorm=True,
                                      moving_variance_initializer=tf.constant_initializer(4.0))
    assert tf.get_collection(tf.GraphKeys.UPDATE_OPS) == []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run(y), X[0] / np.sqrt(4.0 + 1e-3), rtol=1e-5)
        # moving_stddev starts at the square root of the moving variance's initial value
        stddev = [v for v in tf.global_variables() if "moving_stddev" in v.name][0]
        np.testing.assert_allclose(sess.run(stddev), [2.0, 2.0])


def test_option_errors(tf):
    x = tf.placeholder(tf.float32, [None, 2])
    with pytest.raises(ValueError, match="Received invalid keys for `renorm_clipping` "
                                         "argument: {'rmx': 1.0}"):
        tf.layers.BatchNormalization(renorm=True, renorm_clipping={"rmx": 1.0})
    with pytest.raises(ValueError, match="axis cannot include 0"):
        tf.layers.batch_normalization(x, axis=0, virtual_batch_size=2)
    with pytest.raises(ValueError, match="`virtual_batch_size` must be a positive integer"):
        tf.layers.batch_normalization(x, virtual_batch_size=0)
    with pytest.raises(ValueError, match="When using `virtual_batch_size`, adjustment cannot "
                                         "be specified"):
        tf.layers.batch_normalization(x, virtual_batch_size=2, adjustment=lambda s: (1.0, 0.0))


def test_contrib_batch_norm_renorm_matches_core_layer(tf):
    # TF 1.15's contrib batch_norm hands renorm to the core layer (momentum=decay,
    # renorm_momentum=renorm_decay); variables live under BatchNorm/
    if not hasattr(tf, "contrib"):
        pytest.skip("tf.contrib is gone from TensorFlow 2")

    def make(x, training):
        y = tf.contrib.layers.batch_norm(
            x, is_training=training, scale=True, decay=0.9, renorm=True, renorm_decay=0.8,
            renorm_clipping=RENORM["renorm_clipping"])
        return y, tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    out = build_and_train(tf, make)
    expected = dict(RENORM_EXPECTED)
    rename = lambda name: name.replace(P, "BatchNorm/")  # noqa: E731
    expected["vars"] = [(rename(n), s) for n, s in RENORM_EXPECTED["vars"]]
    expected["trainable"] = [rename(n) for n in RENORM_EXPECTED["trainable"]]
    expected["updates"] = [rename(n) for n in RENORM_EXPECTED["updates"]]
    expected["values"] = {rename(n): v for n, v in RENORM_EXPECTED["values"].items()}
    check(out, expected)
    # TF 1.15's custom getter makes every variable of the scope a model variable
    assert len(tf.get_collection(tf.GraphKeys.MODEL_VARIABLES)) == 7


def test_contrib_batch_norm_renorm_needs_update_ops(tf):
    if not hasattr(tf, "contrib"):
        pytest.skip("tf.contrib is gone from TensorFlow 2")
    with pytest.raises(ValueError, match="renorm is not supported with batch_weights"):
        tf.contrib.layers.batch_norm(tf.zeros([4, 2]), renorm=True, updates_collections=None)


def test_float64_4d_inputs_use_the_plain_ops(tf):
    # TF1's layer falls back from the fused kernel (float16/bfloat16/float32 only) to the plain
    # ops for float64 inputs; values recorded from TF 2.21 compat.v1
    x = tf.constant(np.arange(48).reshape(2, 2, 4, 3) / 10.0, dtype=tf.float64)
    y = tf.layers.batch_normalization(x, training=True)
    k = tf.keras.layers.BatchNormalization()(x, training=True)
    types = {op.type for op in tf.get_default_graph().get_operations()}
    assert "FusedBatchNormV3" not in types
    assert y.dtype == tf.float64 and k.dtype == tf.float64
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got_y, got_k = sess.run([y, k])
    np.testing.assert_allclose(got_y.ravel()[:3], [-1.627, -1.627, -1.627], atol=1e-3)
    np.testing.assert_allclose(got_k, got_y)
