"""tf.contrib.quantize: TF 1.15's in-place rewrites for quantization-aware training (fused
batch norm folding, FakeQuantWithMinMaxVars on weights and activations, quant_delay and
freeze_bn_delay driven by 'fake_quantization_step'). TF 2.21 has no contrib.quantize: the
op names, variables and collections follow TF 1.15's quantize.py / fold_batch_norms.py /
quant_ops.py; the numbers were recorded from TF 2.21 compat.v1 running the same graph
rewritten by hand (fake_quant_with_min_max_vars, assign_moving_average without zero-debias,
a cond on the step counter, folded weights and biases)."""
import numpy as np
import pytest

X = np.array([[1.0, -2.0, 0.5], [0.3, 0.8, -1.5]], np.float32)
W1 = np.array([[0.2, -0.5, 0.9, 0.05], [0.4, 0.3, -0.7, 0.6], [-0.25, 0.8, 0.1, -0.9]],
              np.float32)
W2 = np.array([[0.3, -0.6], [0.7, 0.2], [-0.4, 0.5], [0.9, -0.1]], np.float32)
XC = np.linspace(-1, 1, 32).reshape(1, 4, 4, 2).astype(np.float32)
WC = np.linspace(-0.5, 0.5, 54).reshape(3, 3, 2, 3).astype(np.float32)


def _mlp(tf):
    slim = tf.contrib.slim
    h = slim.fully_connected(tf.constant(X), 4, activation_fn=tf.nn.relu6, scope="fc1",
                             weights_initializer=tf.constant_initializer(W1),
                             biases_initializer=tf.constant_initializer(0.1))
    return slim.fully_connected(h, 2, activation_fn=None, scope="fc2",
                                weights_initializer=tf.constant_initializer(W2))


def _conv_bn(tf, is_training):
    slim = tf.contrib.slim
    params = {"is_training": is_training, "fused": True, "scale": True,
              "param_initializers": {"gamma": tf.constant_initializer(1.5),
                                     "beta": tf.constant_initializer(0.2),
                                     "moving_mean": tf.constant_initializer(0.1),
                                     "moving_variance": tf.constant_initializer(2.0)}}
    net = slim.conv2d(tf.constant(XC), 3, [3, 3], scope="conv1", activation_fn=tf.nn.relu6,
                      weights_initializer=tf.constant_initializer(WC),
                      normalizer_fn=slim.batch_norm, normalizer_params=params)
    net = tf.reduce_mean(net, [1, 2])
    return slim.fully_connected(net, 2, activation_fn=None, scope="fc",
                                weights_initializer=tf.constant_initializer(0.5))


@pytest.mark.tfcompat_only
def test_mlp_training_graph_ops_and_variables(tf):
    with tf.Graph().as_default() as g:
        _mlp(tf)
        tf.contrib.quantize.create_training_graph()
        fq = g.get_operation_by_name("fc1/weights_quant/FakeQuantWithMinMaxVars")
        assert fq.type == "FakeQuantWithMinMaxVars"
        assert [t.name for t in fq.inputs] == ["fc1/weights/read:0",
                                               "fc1/weights_quant/AssignMinLast:0",
                                               "fc1/weights_quant/AssignMaxLast:0"]
        assert fq.get_attr("narrow_range") is True and fq.get_attr("num_bits") == 8
        assert g.get_operation_by_name("fc1/MatMul").inputs[1] is fq.outputs[0]
        act = g.get_operation_by_name("fc1/act_quant/FakeQuantWithMinMaxVars")
        assert [t.name for t in act.inputs] == ["fc1/Relu6:0", "fc1/act_quant/AssignMinEma:0",
                                                "fc1/act_quant/AssignMaxEma:0"]
        assert act.get_attr("narrow_range") is False
        assert g.get_operation_by_name("fc2/MatMul").inputs[0] is act.outputs[0]
        assert g.get_operation_by_name("fc1/act_quant/AssignMinEma").type == "AssignSub"
        # the last layer: its BiasAdd is quantized as the activation
        assert g.get_operation_by_name("fc2/act_quant/FakeQuantWithMinMaxVars").inputs[0] \
            .name == "fc2/BiasAdd:0"
        names = [v.op.name for v in tf.global_variables()]
        assert names == ["fc1/weights", "fc1/biases", "fc2/weights", "fc2/biases",
                         "fc1/weights_quant/min", "fc1/weights_quant/max",
                         "fc1/act_quant/min", "fc1/act_quant/max",
                         "fc2/weights_quant/min", "fc2/weights_quant/max",
                         "fc2/act_quant/min", "fc2/act_quant/max"]
        assert [v.op.name for v in tf.trainable_variables()] == names[:4]
        assert tf.get_collection(tf.GraphKeys.MOVING_AVERAGE_VARIABLES) == []
        with pytest.raises(KeyError):
            g.get_operation_by_name("fake_quantization_step")  # quant_delay=0: no counter
        with tf.Session() as sess:
            sess.run(tf.variables_initializer(tf.global_variables()[4:]))
            init = sess.run(tf.global_variables()[4:8])
        assert init == [-6.0, 6.0, 0.0, 6.0]


@pytest.mark.tfcompat_only
def test_mlp_quant_delay_then_quantized(tf):
    with tf.Graph().as_default() as g:
        y = _mlp(tf)
        tf.contrib.quantize.create_training_graph(quant_delay=2)
        assert g.get_operation_by_name("fc1/weights_quant/activate_quant").inputs[0].name == \
            "fake_quantization_step/Identity:0"
        y = g.get_tensor_by_name("fc2/act_quant/delayed_quant/Merge:0")
        assert y.consumers() == [] and y.shape == (2, 2)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            # step 1 < quant_delay: the float forward pass, but the ranges are updated
            np.testing.assert_allclose(sess.run(y), [[-0.98, 1.225], [2.007, -0.7075]],
                                       rtol=1e-5)
            ranges = sess.run(["fc1/weights_quant/min:0", "fc1/weights_quant/max:0",
                               "fc1/act_quant/max:0", "fc2/act_quant/min:0",
                               "fc2/act_quant/max:0"])
            np.testing.assert_allclose(ranges, [-0.9, 0.9, 5.99645, -0.00098, 5.996007],
                                       rtol=1e-5)
            # step 2: fake quantization is active (negative logits clamp to act min ~ 0)
            np.testing.assert_allclose(sess.run(y), [[0.0, 1.2223012], [1.9979925, 0.0]],
                                       rtol=1e-5, atol=1e-6)
            np.testing.assert_allclose(sess.run(["fc1/act_quant/max:0", "fc2/act_quant/min:0"]),
                                       [5.992906, -0.00196054], rtol=1e-5)
            assert sess.run("fake_quantization_step:0") == 2


@pytest.mark.tfcompat_only
def test_conv_bn_eval_graph_is_folded_and_fake_quantized(tf):
    with tf.Graph().as_default() as g:
        logits = _conv_bn(tf, is_training=False)
        tf.contrib.quantize.create_eval_graph()
        conv = g.get_operation_by_name("conv1/Conv2D_Fold")
        assert conv.type == "Conv2D"
        assert conv.inputs[1].name == "conv1/weights_quant/FakeQuantWithMinMaxVars:0"
        assert g.get_operation_by_name("conv1/weights_quant/FakeQuantWithMinMaxVars") \
            .inputs[0].name == "conv1/mul_fold:0"
        assert g.get_operation_by_name("conv1/Relu6").inputs[0].name == "conv1/add_fold:0"
        assert g.get_operation_by_name("conv1/add_fold").inputs[1].name == \
            "conv1/BatchNorm_Fold/bias:0"
        # eval: the FakeQuant reads the variables, nothing updates them
        assert [t.name for t in g.get_operation_by_name(
            "conv1/act_quant/FakeQuantWithMinMaxVars").inputs[1:]] == \
            ["conv1/act_quant/min/read:0", "conv1/act_quant/max/read:0"]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            # quantized conv weights and activations, fc weights (float net: 1.5525852)
            np.testing.assert_allclose(sess.run(logits), [[1.6140807, 1.6140807]], rtol=1e-5)
            out = g.get_tensor_by_name("fc/act_quant/FakeQuantWithMinMaxVars:0")
            np.testing.assert_allclose(sess.run(out), [[1.6235294, 1.6235294]], rtol=1e-5)


@pytest.mark.tfcompat_only
def test_conv_bn_training_fold_corrections_and_training(tf):
    with tf.Graph().as_default() as g:
        logits = _conv_bn(tf, is_training=True)
        tf.contrib.quantize.experimental_create_training_graph(quant_delay=5,
                                                               freeze_bn_delay=7)
        types = {op.name: op.type for op in g.get_operations()}
        assert types["conv1/BatchNorm/Undo_Bessel_Correction"] == "Mul"
        assert types["conv1/BatchNorm_Fold/bias"] == "Sub"
        assert types["conv1/BatchNorm_Fold/batch_norm_correction/correction_scale"] == \
            "Identity"
        assert types["conv1/BatchNorm_Fold/batch_norm_correction/use_moving_average"] == \
            "GreaterEqual"
        assert types["conv1/correction_mult"] == "Mul" and types["conv1/mul_fold"] == "Mul"
        assert types["conv1/post_conv_mul"] == "Mul"
        assert g.get_operation_by_name("conv1/add_fold").inputs[0].name == \
            "conv1/correction_add:0"
        assert g.get_operation_by_name("conv1/weights_quant/BatchMin").inputs[0].name == \
            "conv1/mul_fold:0"
        decay = g.get_operation_by_name("conv1/BatchNorm/AssignMovingAvg/mul").inputs[1]
        assert decay.name.startswith(
            "conv1/BatchNorm_Fold/batch_norm_correction/freeze_moving_mean/")
        out = g.get_tensor_by_name("fc/act_quant/delayed_quant/Merge:0")
        loss = tf.reduce_sum(out)
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            # before quant_delay the folded graph computes the batch-statistics forward pass
            np.testing.assert_allclose(sess.run(logits), [[1.2054068, 1.2054068]], rtol=1e-5)
            w0 = sess.run("conv1/weights:0")
            sess.run(train)
            assert np.abs(sess.run("conv1/weights:0") - w0).max() > 0


@pytest.mark.tfcompat_only
def test_conv_bn_training_fold_gradients(tf):
    # the folded weights depend on the batch statistics: the gradient flows through the fused
    # batch norm's batch_mean / batch_variance outputs (TF's FoldFusedBatchNormGrad)
    with tf.Graph().as_default() as g:
        _conv_bn(tf, is_training=True)
        tf.contrib.quantize.experimental_create_training_graph(quant_delay=5)
        assert g.get_operation_by_name("conv1/BatchNorm/FusedBatchNormV3").get_attr(
            "_gradient_op_type") == b"FoldFusedBatchNormGrad"
        out = g.get_tensor_by_name("fc/act_quant/delayed_quant/Merge:0")
        xs = [g.get_tensor_by_name(n + ":0") for n in
              ("conv1/weights", "conv1/BatchNorm/gamma", "conv1/BatchNorm/beta")]
        grads = tf.gradients(tf.reduce_sum(out), xs)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            dw, dgamma, dbeta = sess.run(grads)
    np.testing.assert_allclose(dw[:, :, 0, 0], [[0.0170499, -0.0113131, -0.007737],
                                                [0.0520699, 0.0251435, -0.0113978],
                                                [0.0260466, 0.0282123, -0.0067074]],
                               rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(dw[1, 1, 1], [0.0251435, 0.0, -0.0251436], atol=1e-6)
    np.testing.assert_allclose(dgamma, [0.4686108, 0.4699872, 0.4686109], rtol=1e-5)
    np.testing.assert_allclose(dbeta, [0.5, 0.5, 0.5], rtol=1e-6)


@pytest.mark.tfcompat_only
def test_freeze_bn_delay_switches_to_moving_statistics(tf):
    with tf.Graph().as_default() as g:
        _conv_bn(tf, is_training=True)
        tf.contrib.quantize.experimental_create_training_graph(quant_delay=10,
                                                               freeze_bn_delay=2)
        out = g.get_tensor_by_name("fc/act_quant/delayed_quant/Merge:0")
        updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
        moving = ["conv1/BatchNorm/moving_mean:0", "conv1/BatchNorm/moving_variance:0"]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(updates)  # step 1: batch statistics, the moving averages update
            mm1, mv1 = sess.run(moving)
            np.testing.assert_allclose(mm1, [0.10062353] * 3, rtol=1e-6)
            np.testing.assert_allclose(mv1, [1.9994919, 1.9994831, 1.9994919], rtol=1e-6)
            # step 2: frozen: the inference batch norm with the moving statistics, which
            # stop updating
            value, _ = sess.run([out, updates])
            np.testing.assert_allclose(value, [[1.5521398, 1.5521398]], rtol=1e-5)
            mm2, mv2 = sess.run(moving)
            np.testing.assert_array_equal(mm2, mm1)
            np.testing.assert_array_equal(mv2, mv1)


@pytest.mark.tfcompat_only
def test_folded_conv_keeps_its_dilations(tf):
    # TF 1.15's _CloneWithNewOperands drops a Conv2D's dilations (known_differences.txt)
    with tf.Graph().as_default() as g:
        w = tf.Variable(WC, name="w")
        c = tf.nn.conv2d(tf.constant(XC), w, [1, 1, 1, 1], "SAME", dilations=[1, 2, 2, 1],
                         name="conv1/Conv2D")
        y, _, _ = tf.nn.fused_batch_norm(c, tf.fill([3], 1.5), tf.fill([3], 0.2),
                                         tf.fill([3], 0.1), tf.fill([3], 2.0),
                                         is_training=False, name="conv1/BatchNorm")
        tf.nn.relu6(y, name="conv1/Relu6")
        tf.contrib.quantize.create_eval_graph()
        assert g.get_operation_by_name("conv1/Conv2D_Fold").get_attr("dilations") == \
            [1, 2, 2, 1]


@pytest.mark.tfcompat_only
def test_rewrite_twice_and_graph_without_layers_are_no_ops(tf):
    with tf.Graph().as_default() as g:
        _mlp(tf)
        tf.contrib.quantize.create_training_graph()
        count = len(g.get_operations())
        tf.contrib.quantize.create_training_graph()
        assert len(g.get_operations()) == count
    with tf.Graph().as_default() as g:
        tf.nn.relu(tf.constant([1.0, -1.0]) * 2.0)
        count = len(g.get_operations())
        tf.contrib.quantize.create_eval_graph(g)
        assert len(g.get_operations()) == count and tf.global_variables() == []


@pytest.mark.tfcompat_only
def test_separable_conv_quantizes_both_convolutions(tf):
    with tf.Graph().as_default() as g:
        tf.contrib.slim.separable_conv2d(tf.constant(XC), 4, [3, 3], depth_multiplier=1,
                                         scope="sep", activation_fn=tf.nn.relu6)
        tf.contrib.quantize.create_eval_graph()
        quant = {op.name: op.inputs[0].name for op in g.get_operations()
                 if op.type == "FakeQuantWithMinMaxVars"}
    assert quant == {
        "sep/weights_quant/FakeQuantWithMinMaxVars": "sep/pointwise_weights/read:0",
        "sep/act_quant/FakeQuantWithMinMaxVars": "sep/Relu6:0",
        "sep/separable_conv2d/weights_quant/FakeQuantWithMinMaxVars":
            "sep/depthwise_weights/read:0",
        "sep/separable_conv2d/act_quant/FakeQuantWithMinMaxVars":
            "sep/separable_conv2d/depthwise:0"}


@pytest.mark.tfcompat_only
def test_scope_and_bits(tf):
    outer = tf.Graph()
    with tf.Graph().as_default() as g:
        _mlp(tf)
    with outer.as_default():
        tf.contrib.quantize.experimental_create_training_graph(
            g, weight_bits=4, activation_bits=6, scope="fc1")
    assert outer.get_operations() == []
    quant = {op.name: op.get_attr("num_bits") for op in g.get_operations()
             if op.type == "FakeQuantWithMinMaxVars"}
    assert quant == {"fc1/weights_quant/FakeQuantWithMinMaxVars": 4,
                     "fc1/act_quant/FakeQuantWithMinMaxVars": 6}


@pytest.mark.tfcompat_only
def test_errors(tf):
    with tf.Graph().as_default():
        y = _mlp(tf)
        tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(y))
        with pytest.raises(ValueError, match="Training op found in graph, exiting "
                                             r"\{'ApplyGradientDescent'\}"):
            tf.contrib.quantize.create_training_graph()
    with tf.Graph().as_default():
        tf.contrib.slim.conv2d(tf.constant(XC), 3, [3, 3], scope="conv1",
                               normalizer_fn=tf.contrib.slim.batch_norm,
                               normalizer_params={"fused": False})
        with pytest.raises(NotImplementedError, match="unfused batch norm conv1/BatchNorm"):
            tf.contrib.quantize.create_eval_graph()


def test_fake_quant_vars_numerics(tf):
    with tf.Graph().as_default():
        out = tf.quantization.fake_quant_with_min_max_vars(
            tf.constant([-7.0, -0.9, 0.013, 0.5, 0.8999, 3.3]), tf.constant(-0.9),
            tf.constant(0.9), narrow_range=True)
        with tf.Session() as sess:
            np.testing.assert_allclose(sess.run(out), [-0.9, -0.9, 0.01417323, 0.5031496,
                                                       0.9, 0.9], rtol=1e-6)
