"""A ResNet-v1-style network written the way the slim model zoo writes them (an arg_scope
function returning its scope, an add_arg_scope'd bottleneck unit, batch norm as the conv
normalizer, end_points from an outputs collection): TF1's variable names, end points, update
ops and regularization losses. Expected values recorded from tf_slim 1.1.0 (TF 1.15's
contrib.slim) on TF 2.21 compat.v1."""
import pytest


def _resnet_arg_scope(tf, slim, weight_decay=0.0001):
    batch_norm = {"decay": 0.997, "epsilon": 1e-5, "scale": True,
                  "updates_collections": tf.GraphKeys.UPDATE_OPS, "fused": None}
    with slim.arg_scope([slim.conv2d], weights_regularizer=slim.l2_regularizer(weight_decay),
                        weights_initializer=slim.variance_scaling_initializer(),
                        activation_fn=tf.nn.relu, normalizer_fn=slim.batch_norm,
                        normalizer_params=batch_norm):
        with slim.arg_scope([slim.batch_norm], **batch_norm):
            with slim.arg_scope([slim.max_pool2d], padding="SAME") as arg_sc:
                return arg_sc


def _conv2d_same(tf, slim, inputs, num_outputs, kernel_size, stride, scope=None):
    if stride == 1:
        return slim.conv2d(inputs, num_outputs, kernel_size, stride=1, padding="SAME",
                           scope=scope)
    pad_beg = (kernel_size - 1) // 2
    pad_end = kernel_size - 1 - pad_beg
    inputs = tf.pad(inputs, [[0, 0], [pad_beg, pad_end], [pad_beg, pad_end], [0, 0]])
    return slim.conv2d(inputs, num_outputs, kernel_size, stride=stride, padding="VALID",
                       scope=scope)


def _bottleneck_fn(tf, slim):
    @slim.add_arg_scope
    def bottleneck(inputs, depth, depth_bottleneck, stride, outputs_collections=None,
                   scope=None):
        with tf.variable_scope(scope, "bottleneck_v1", [inputs]) as sc:
            depth_in = slim.utils.last_dimension(inputs.get_shape(), min_rank=4)
            if depth == depth_in:
                shortcut = inputs if stride == 1 else slim.max_pool2d(
                    inputs, [1, 1], stride=stride, scope="shortcut")
            else:
                shortcut = slim.conv2d(inputs, depth, [1, 1], stride=stride,
                                       activation_fn=None, scope="shortcut")
            residual = slim.conv2d(inputs, depth_bottleneck, [1, 1], stride=1, scope="conv1")
            residual = _conv2d_same(tf, slim, residual, depth_bottleneck, 3, stride,
                                    scope="conv2")
            residual = slim.conv2d(residual, depth, [1, 1], stride=1, activation_fn=None,
                                   scope="conv3")
            output = tf.nn.relu(shortcut + residual)
            return slim.utils.collect_named_outputs(outputs_collections, sc.name, output)
    return bottleneck


def _resnet(tf, slim, inputs, scope="resnet_v1_tiny"):
    bottleneck = _bottleneck_fn(tf, slim)
    with tf.variable_scope(scope, "resnet_v1", [inputs]) as sc:
        collection = sc.original_name_scope + "_end_points"
        with slim.arg_scope([slim.conv2d, bottleneck, slim.max_pool2d],
                            outputs_collections=collection):
            with slim.arg_scope([slim.batch_norm], is_training=True):
                net = _conv2d_same(tf, slim, inputs, 8, 7, stride=2, scope="conv1")
                net = slim.max_pool2d(net, [3, 3], stride=2, scope="pool1")
                for b, (depth, stride) in enumerate([(16, 1), (32, 2)]):
                    with tf.variable_scope("block%d" % (b + 1), "block", [net]) as block_sc:
                        for u in range(2):
                            with tf.variable_scope("unit_%d" % (u + 1), values=[net]):
                                net = bottleneck(net, depth, depth // 4,
                                                 stride if u == 1 else 1)
                        net = slim.utils.collect_named_outputs(collection, block_sc.name, net)
                net = tf.reduce_mean(net, [1, 2], name="pool5", keepdims=True)
                net = slim.conv2d(net, 5, [1, 1], activation_fn=None, normalizer_fn=None,
                                  scope="logits")
                end_points = slim.utils.convert_collection_to_dict(collection)
                end_points["predictions"] = slim.softmax(net, scope="predictions")
                return net, end_points


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_resnet_style_network(tf, slim):
    with slim.arg_scope(_resnet_arg_scope(tf, slim)):
        logits, end_points = _resnet(tf, slim, tf.zeros([2, 32, 32, 3]))
    assert logits.shape.as_list() == [2, 1, 1, 5]
    assert len(tf.global_variables()) == 77
    assert len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)) == 30
    assert len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)) == 16
    unit = "resnet_v1_tiny/block1/unit_1/bottleneck_v1/"
    assert [v.op.name for v in tf.global_variables()][:12] == [
        "resnet_v1_tiny/conv1/weights", "resnet_v1_tiny/conv1/BatchNorm/gamma",
        "resnet_v1_tiny/conv1/BatchNorm/beta", "resnet_v1_tiny/conv1/BatchNorm/moving_mean",
        "resnet_v1_tiny/conv1/BatchNorm/moving_variance", unit + "shortcut/weights",
        unit + "shortcut/BatchNorm/gamma", unit + "shortcut/BatchNorm/beta",
        unit + "shortcut/BatchNorm/moving_mean", unit + "shortcut/BatchNorm/moving_variance",
        unit + "conv1/weights", unit + "conv1/BatchNorm/gamma"]
    assert len(end_points) == 25
    assert list(end_points)[:8] == [
        "resnet_v1_tiny/conv1", "resnet_v1_tiny/pool1", unit + "shortcut", unit + "conv1",
        unit + "conv2", unit + "conv3", unit[:-1], "resnet_v1_tiny/block1/unit_2/"
        "bottleneck_v1/conv1"]
    assert end_points["resnet_v1_tiny/block1"].shape.as_list() == [2, 8, 8, 16]
    assert end_points["resnet_v1_tiny/block2"].shape.as_list() == [2, 4, 4, 32]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(end_points["predictions"]).shape == (2, 1, 1, 5)
