"""tf.layers (dense, conv, transposed conv, pooling, flatten, batch_normalization with its
moving-average updates and tf.cond on `training`): values, names, collections and static
shapes recorded from real TF1."""

import numpy as np


def build_and_run(tf):
    out = {}
    x3 = tf.constant(np.arange(12, dtype=np.float32).reshape(2, 3, 2) / 10.0)
    y3 = tf.layers.dense(
        x3,
        2,
        kernel_initializer=tf.constant_initializer([[1.0, -1.0], [0.5, 2.0]]),
        bias_initializer=tf.constant_initializer(0.1),
        kernel_regularizer=(lambda w: 0.05 * tf.reduce_sum(tf.square(w))),
        name="d3",
    )
    out["dense3d_static"] = y3.get_shape().as_list()
    out["reg_names"] = [t.name for t in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)]
    img = tf.constant(np.arange(2 * 5 * 5 * 2, dtype=np.float32).reshape(2, 5, 5, 2) / 50.0)
    c = tf.layers.conv2d(
        img,
        3,
        3,
        strides=2,
        padding="same",
        kernel_initializer=tf.constant_initializer(0.1),
        bias_initializer=tf.constant_initializer(0.2),
        activation="relu",
    )
    ct = tf.layers.conv2d_transpose(
        img, 1, 3, strides=2, padding="valid", kernel_initializer=tf.constant_initializer(0.3)
    )
    cts = tf.layers.conv2d_transpose(
        img, 1, 2, strides=2, padding="same", kernel_initializer=tf.constant_initializer(0.3)
    )
    c1 = tf.layers.conv1d(
        x3, 2, 2, padding="causal", kernel_initializer=tf.constant_initializer(0.5)
    )
    mp = tf.layers.max_pooling2d(img, 2, 2, padding="same")
    ap1 = tf.layers.average_pooling1d(x3, 2, 1)
    fl = tf.layers.flatten(img)
    out["shapes"] = [t.get_shape().as_list() for t in (c, ct, cts, c1, mp, ap1, fl)]
    out["names"] = [t.name for t in (c, ct, cts, c1, mp, ap1, fl)]
    bnx = tf.placeholder(tf.float32, [None, 3])
    training = tf.placeholder_with_default(False, [])
    bn = tf.layers.batch_normalization(bnx, training=training, momentum=0.9, name="bn")
    img_ph = tf.placeholder(tf.float32, [None, 2, 2, 2])
    bn4 = tf.layers.batch_normalization(
        img_ph, training=True, momentum=0.5, epsilon=0.01, name="bn4"
    )
    upd = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    out["updates"] = [u.name for u in upd]
    out["vars"] = [v.name for v in tf.global_variables()]
    out["trainable"] = [v.name for v in tf.trainable_variables()]
    bnv = np.array([[1.0, 2.0, 3.0], [3.0, 0.0, -1.0], [2.0, 1.0, 1.0]], np.float32)
    imgv = np.arange(16, dtype=np.float32).reshape(2, 2, 2, 2) / 4.0
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        vals = s.run(
            {
                "y3": y3,
                "c": c,
                "ct": ct,
                "cts": cts,
                "c1": c1,
                "mp": mp,
                "ap1": ap1,
                "reg": tf.losses.get_regularization_loss(),
            }
        )
        vals["bn_infer"] = s.run(bn, {bnx: bnv})
        vals["bn_train"] = s.run(bn, {bnx: bnv, training: True})
        s.run(upd[:2], {bnx: bnv, training: True})
        vals["bn_mm"], vals["bn_mv"] = s.run(["bn/moving_mean:0", "bn/moving_variance:0"])
        vals["bn4"], _ = s.run([bn4, upd[2:]], {img_ph: imgv})
        vals["bn4_mm"], vals["bn4_mv"] = s.run(["bn4/moving_mean:0", "bn4/moving_variance:0"])
        vals["bn_infer2"] = s.run(bn, {bnx: bnv})
    out.update(vals)
    return out


# fmt: off
EXPECTED = {
    "ap1": [[[0.1, 0.2], [0.3, 0.4]], [[0.7, 0.8], [0.9, 1.0]]],
    "bn4": [[[[-1.521739, -1.521739], [-1.086956, -1.086956]], [[-0.652174, -0.652174], [-0.217391,
        -0.217391]]], [[[0.217391, 0.217391], [0.652174, 0.652174]], [[1.086956, 1.086956],
        [1.521739, 1.521739]]]],
    "bn4_mm": [0.875, 1.0],
    "bn4_mv": [1.25, 1.25],
    "bn_infer": [[0.9995, 1.999001, 2.998501], [2.998501, 0.0, -0.9995], [1.999001, 0.9995,
        0.9995]],
    "bn_infer2": [[0.813256, 1.931482, 2.683728], [2.846395, -0.101657, -1.017966], [1.829825,
        0.914913, 0.832881]],
    "bn_mm": [0.2, 0.1, 0.1],
    "bn_mv": [0.966667, 0.966667, 1.166667],
    "bn_train": [[-1.223827, 1.223827, 1.224515], [1.223827, -1.223827, -1.224515], [0.0, 0.0,
        0.0]],
    "c": [[[[0.304, 0.304, 0.304], [0.428, 0.428, 0.428], [0.4, 0.4, 0.4]], [[0.716, 0.716, 0.716],
        [1.082, 1.082, 1.082], [0.86, 0.86, 0.86]], [[0.784, 0.784, 0.784], [1.148, 1.148, 1.148],
        [0.88, 0.88, 0.88]]], [[[1.104, 1.104, 1.104], [1.628, 1.628, 1.628], [1.2, 1.2, 1.2]],
        [[1.916, 1.916, 1.916], [2.882, 2.882, 2.882], [2.06, 2.06, 2.06]], [[1.584, 1.584, 1.584],
        [2.348, 2.348, 2.348], [1.68, 1.68, 1.68]]]],
    "c1": [[[0.05, 0.05], [0.3, 0.3], [0.7, 0.7]], [[0.65, 0.65], [1.5, 1.5], [1.9, 1.9]]],
    "ct": [[[[0.006], [0.006], [0.036], [0.03], [0.084], [0.054], [0.132], [0.078], [0.18],
        [0.102], [0.102]], [[0.006], [0.006], [0.036], [0.03], [0.084], [0.054], [0.132], [0.078],
        [0.18], [0.102], [0.102]], [[0.132], [0.132], [0.312], [0.18], [0.408], [0.228], [0.504],
        [0.276], [0.6], [0.324], [0.324]], [[0.126], [0.126], [0.276], [0.15], [0.324], [0.174],
        [0.372], [0.198], [0.42], [0.222], [0.222]], [[0.372], [0.372], [0.792], [0.42], [0.888],
        [0.468], [0.984], [0.516], [1.08], [0.564], [0.564]], [[0.246], [0.246], [0.516], [0.27],
        [0.564], [0.294], [0.612], [0.318], [0.66], [0.342], [0.342]], [[0.612], [0.612], [1.272],
        [0.66], [1.368], [0.708], [1.464], [0.756], [1.56], [0.804], [0.804]], [[0.366], [0.366],
        [0.756], [0.39], [0.804], [0.414], [0.852], [0.438], [0.9], [0.462], [0.462]], [[0.852],
        [0.852], [1.752], [0.9], [1.848], [0.948], [1.944], [0.996], [2.04], [1.044], [1.044]],
        [[0.486], [0.486], [0.996], [0.51], [1.044], [0.534], [1.092], [0.558], [1.14], [0.582],
        [0.582]], [[0.486], [0.486], [0.996], [0.51], [1.044], [0.534], [1.092], [0.558], [1.14],
        [0.582], [0.582]]], [[[0.606], [0.606], [1.236], [0.63], [1.284], [0.654], [1.332],
        [0.678], [1.38], [0.702], [0.702]], [[0.606], [0.606], [1.236], [0.63], [1.284], [0.654],
        [1.332], [0.678], [1.38], [0.702], [0.702]], [[1.332], [1.332], [2.712], [1.38], [2.808],
        [1.428], [2.904], [1.476], [3.0], [1.524], [1.524]], [[0.726], [0.726], [1.476], [0.75],
        [1.524], [0.774], [1.572], [0.798], [1.62], [0.822], [0.822]], [[1.572], [1.572], [3.192],
        [1.62], [3.288], [1.668], [3.384], [1.716], [3.48], [1.764], [1.764]], [[0.846], [0.846],
        [1.716], [0.87], [1.764], [0.894], [1.812], [0.918], [1.86], [0.942], [0.942]], [[1.812],
        [1.812], [3.672], [1.86], [3.768], [1.908], [3.864], [1.956], [3.96], [2.004], [2.004]],
        [[0.966], [0.966], [1.956], [0.99], [2.004], [1.014], [2.052], [1.038], [2.1], [1.062],
        [1.062]], [[2.052], [2.052], [4.152], [2.1], [4.248], [2.148], [4.344], [2.196], [4.44],
        [2.244], [2.244]], [[1.086], [1.086], [2.196], [1.11], [2.244], [1.134], [2.292], [1.158],
        [2.34], [1.182], [1.182]], [[1.086], [1.086], [2.196], [1.11], [2.244], [1.134], [2.292],
        [1.158], [2.34], [1.182], [1.182]]]],
    "cts": [[[[0.006], [0.006], [0.03], [0.03], [0.054], [0.054], [0.078], [0.078], [0.102],
        [0.102]], [[0.006], [0.006], [0.03], [0.03], [0.054], [0.054], [0.078], [0.078], [0.102],
        [0.102]], [[0.126], [0.126], [0.15], [0.15], [0.174], [0.174], [0.198], [0.198], [0.222],
        [0.222]], [[0.126], [0.126], [0.15], [0.15], [0.174], [0.174], [0.198], [0.198], [0.222],
        [0.222]], [[0.246], [0.246], [0.27], [0.27], [0.294], [0.294], [0.318], [0.318], [0.342],
        [0.342]], [[0.246], [0.246], [0.27], [0.27], [0.294], [0.294], [0.318], [0.318], [0.342],
        [0.342]], [[0.366], [0.366], [0.39], [0.39], [0.414], [0.414], [0.438], [0.438], [0.462],
        [0.462]], [[0.366], [0.366], [0.39], [0.39], [0.414], [0.414], [0.438], [0.438], [0.462],
        [0.462]], [[0.486], [0.486], [0.51], [0.51], [0.534], [0.534], [0.558], [0.558], [0.582],
        [0.582]], [[0.486], [0.486], [0.51], [0.51], [0.534], [0.534], [0.558], [0.558], [0.582],
        [0.582]]], [[[0.606], [0.606], [0.63], [0.63], [0.654], [0.654], [0.678], [0.678], [0.702],
        [0.702]], [[0.606], [0.606], [0.63], [0.63], [0.654], [0.654], [0.678], [0.678], [0.702],
        [0.702]], [[0.726], [0.726], [0.75], [0.75], [0.774], [0.774], [0.798], [0.798], [0.822],
        [0.822]], [[0.726], [0.726], [0.75], [0.75], [0.774], [0.774], [0.798], [0.798], [0.822],
        [0.822]], [[0.846], [0.846], [0.87], [0.87], [0.894], [0.894], [0.918], [0.918], [0.942],
        [0.942]], [[0.846], [0.846], [0.87], [0.87], [0.894], [0.894], [0.918], [0.918], [0.942],
        [0.942]], [[0.966], [0.966], [0.99], [0.99], [1.014], [1.014], [1.038], [1.038], [1.062],
        [1.062]], [[0.966], [0.966], [0.99], [0.99], [1.014], [1.014], [1.038], [1.038], [1.062],
        [1.062]], [[1.086], [1.086], [1.11], [1.11], [1.134], [1.134], [1.158], [1.158], [1.182],
        [1.182]], [[1.086], [1.086], [1.11], [1.11], [1.134], [1.134], [1.158], [1.158], [1.182],
        [1.182]]]],
    "dense3d_static": [2, 3, 2],
    "mp": [[[[0.24, 0.26], [0.32, 0.34], [0.36, 0.38]], [[0.64, 0.66], [0.72, 0.74], [0.76, 0.78]],
        [[0.84, 0.86], [0.92, 0.94], [0.96, 0.98]]], [[[1.24, 1.26], [1.32, 1.34], [1.36, 1.38]],
        [[1.64, 1.66], [1.72, 1.74], [1.76, 1.78]], [[1.84, 1.86], [1.92, 1.94], [1.96, 1.98]]]],
    "names": ['conv2d/Relu:0', 'conv2d_transpose/BiasAdd:0', 'conv2d_transpose_1/BiasAdd:0',
        'conv1d/BiasAdd:0', 'max_pooling2d/MaxPool:0', 'average_pooling1d/Squeeze:0',
        'flatten/Reshape:0'],
    "reg": 0.3125,
    "reg_names": ['d3/kernel/Regularizer/mul:0'],
    "shapes": [[2, 3, 3, 3], [2, 11, 11, 1], [2, 10, 10, 1], [2, 3, 2], [2, 3, 3, 2], [2, 2, 2],
        [2, 50]],
    "trainable": ['d3/kernel:0', 'd3/bias:0', 'conv2d/kernel:0', 'conv2d/bias:0',
        'conv2d_transpose/kernel:0', 'conv2d_transpose/bias:0', 'conv2d_transpose_1/kernel:0',
        'conv2d_transpose_1/bias:0', 'conv1d/kernel:0', 'conv1d/bias:0', 'bn/gamma:0', 'bn/beta:0',
        'bn4/gamma:0', 'bn4/beta:0'],
    "updates": ['bn/cond_2/Merge', 'bn/cond_3/Merge', 'bn4/AssignMovingAvg',
        'bn4/AssignMovingAvg_1'],
    "vars": ['d3/kernel:0', 'd3/bias:0', 'conv2d/kernel:0', 'conv2d/bias:0',
        'conv2d_transpose/kernel:0', 'conv2d_transpose/bias:0', 'conv2d_transpose_1/kernel:0',
        'conv2d_transpose_1/bias:0', 'conv1d/kernel:0', 'conv1d/bias:0', 'bn/gamma:0', 'bn/beta:0',
        'bn/moving_mean:0', 'bn/moving_variance:0', 'bn4/gamma:0', 'bn4/beta:0',
        'bn4/moving_mean:0', 'bn4/moving_variance:0'],
    "y3": [[[0.15, 0.3], [0.45, 0.5], [0.75, 0.7]], [[1.05, 0.9], [1.35, 1.1], [1.65, 1.3]]],
}
# fmt: on


def test_layers_against_tf(tf):
    got = build_and_run(tf)
    assert sorted(got) == sorted(EXPECTED)
    for key, expect in EXPECTED.items():
        if key in (
            "shapes",
            "names",
            "updates",
            "vars",
            "trainable",
            "reg_names",
            "dense3d_static",
        ):
            assert got[key] == expect, key
        else:
            np.testing.assert_allclose(
                np.asarray(got[key], dtype=np.float64), expect, rtol=1e-5, atol=1e-5, err_msg=key
            )


def test_custom_layer_subclass_and_properties(tf):
    class Scale(tf.layers.Layer):
        def build(self, input_shape):
            self.w = self.add_variable("w", [input_shape[-1]], initializer=tf.ones_initializer())
            self.s = self.add_weight("s", [], initializer=tf.constant_initializer(2.0),
                                     trainable=False)
            super().build(input_shape)

        def call(self, inputs):
            return inputs * self.w * self.s

    layer = Scale()
    y = layer(tf.constant([[1.0, 2.0]]))
    y2 = layer(tf.constant([[3.0, 4.0]]))
    assert layer.name == "scale_1" and y.name == "scale/mul_1:0" and y2.name == "scale/mul_3:0"
    assert tf.layers.Dense(2).name == "dense_1" and tf.layers.Dense(2, name="fc").name == "fc"
    assert [v.name for v in layer.trainable_weights] == ["scale/w:0"]
    assert [v.name for v in layer.non_trainable_weights] == ["scale/s:0"]
    assert [v.name for v in layer.variables] == ["scale/w:0", "scale/s:0"]
    dense = tf.layers.Dense(3, trainable=False)
    dense(tf.zeros([1, 2]))
    assert dense.trainable_weights == [] and len(dense.weights) == 2
    assert [v.name for v in tf.trainable_variables()] == ["scale/w:0"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run(y2), [[6.0, 8.0]])


def test_explicit_none_bias_initializer_is_get_variables_default(tf):
    # tf.layers' bias default is zeros_initializer(); an explicit bias_initializer=None (as in
    # A3C code of 2016-2017) falls back to get_variable's default: the variable scope's
    # initializer, else glorot_uniform. Values recorded from TF 2.21 compat.v1.
    tf.set_random_seed(3)
    x = tf.placeholder(tf.float32, [None, 4])
    tf.layers.dense(x, 3, bias_initializer=None, name="d")
    tf.layers.conv2d(tf.zeros([1, 4, 4, 2]), 2, 3, bias_initializer=None, name="c")
    with tf.variable_scope("s", initializer=tf.constant_initializer(0.5)):
        tf.layers.dense(x, 2, name="a")
        tf.layers.dense(x, 2, bias_initializer=None, name="b")
        tf.layers.conv2d_transpose(tf.zeros([1, 2, 2, 1]), 1, 2, bias_initializer=None,
                                   name="ct")
    names = ["d/bias", "c/kernel", "c/bias", "s/a/bias", "s/b/bias", "s/ct/bias"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got = {n: sess.run(tf.get_default_graph().get_tensor_by_name(n + ":0")) for n in names}
    np.testing.assert_allclose(got["d/bias"], [0.556, 0.011, 0.25], atol=1e-3)
    np.testing.assert_allclose(got["c/kernel"].ravel()[:4], [0.287, -0.289, -0.276, 0.304],
                               atol=1e-3)   # the bias's random op shifts the next op seeds
    np.testing.assert_allclose(got["c/bias"], [-0.678, 0.412], atol=1e-3)
    np.testing.assert_allclose(got["s/a/bias"], [0.0, 0.0])
    np.testing.assert_allclose(got["s/b/bias"], [0.5, 0.5])
    np.testing.assert_allclose(got["s/ct/bias"], [0.5])
