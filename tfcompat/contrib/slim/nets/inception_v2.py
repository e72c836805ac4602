"""`tf.contrib.slim.nets.inception_v2` (TF 1.15): Inception v2 / BN-Inception (Ioffe &
Szegedy, 2015) with TF's scopes, end points, per-layer initializers, a separable first
convolution and `depth_multiplier` / `min_depth`; its mixed blocks as a table."""
import tfcompat as tf
from tfcompat.contrib.slim.nets._inception_blocks import mixed
from tfcompat.contrib.slim.nets._inception_blocks import branch
from tfcompat.contrib.slim.nets._inception_blocks import conv
from tfcompat.contrib.slim.nets._inception_blocks import logits_head

slim = tf.contrib.slim


def _mixed(b0, b1a, b1b, b2a, b2b, pool_depth, pool="avg"):
    pool_step = ("avg", None, [3, 3], "AvgPool_0a_3x3", 1, "SAME") if pool == "avg" else \
        ("max", None, [3, 3], "MaxPool_0a_3x3", 1, "SAME")
    return [[conv(b0, [1, 1], "Conv2d_0a_1x1")],
            [conv(b1a, [1, 1], "Conv2d_0a_1x1", stddev=0.09), conv(b1b, [3, 3], "Conv2d_0b_3x3")],
            [conv(b2a, [1, 1], "Conv2d_0a_1x1", stddev=0.09), conv(b2b, [3, 3], "Conv2d_0b_3x3"),
             conv(b2b, [3, 3], "Conv2d_0c_3x3")],
            [pool_step, conv(pool_depth, [1, 1], "Conv2d_0b_1x1", stddev=0.1)]]


def _reduce(b0a, b0b, b1a, b1b):
    return [[conv(b0a, [1, 1], "Conv2d_0a_1x1", stddev=0.09),
             conv(b0b, [3, 3], "Conv2d_1a_3x3", stride=2)],
            [conv(b1a, [1, 1], "Conv2d_0a_1x1", stddev=0.09), conv(b1b, [3, 3], "Conv2d_0b_3x3"),
             conv(b1b, [3, 3], "Conv2d_1a_3x3", stride=2)],
            [("max", None, [3, 3], "MaxPool_1a_3x3", 2, "SAME")]]


_MIXED = (
    ("Mixed_3b", _mixed(64, 64, 64, 64, 96, 32)),
    ("Mixed_3c", _mixed(64, 64, 96, 64, 96, 64)),
    ("Mixed_4a", _reduce(128, 160, 64, 96)),
    ("Mixed_4b", _mixed(224, 64, 96, 96, 128, 128)),
    ("Mixed_4c", _mixed(192, 96, 128, 96, 128, 128)),
    ("Mixed_4d", _mixed(160, 128, 160, 128, 160, 96)),
    ("Mixed_4e", _mixed(96, 128, 192, 160, 192, 96)),
    ("Mixed_5a", _reduce(128, 192, 192, 256)),
    ("Mixed_5b", _mixed(352, 192, 320, 160, 224, 128)),
    ("Mixed_5c", _mixed(352, 192, 320, 192, 224, 128, pool="max")),
)


def inception_v2_base(inputs, final_endpoint="Mixed_5c", min_depth=16, depth_multiplier=1.0,
                      scope=None):
    """The network up to `final_endpoint`: returns (net, end_points)."""
    end_points = {}
    if depth_multiplier <= 0:
        raise ValueError("depth_multiplier is not greater than zero.")

    def depth(d):
        return max(int(d * depth_multiplier), min_depth)

    with tf.variable_scope(scope, "InceptionV2", [inputs]):
        with slim.arg_scope([slim.conv2d, slim.max_pool2d, slim.avg_pool2d,
                             slim.separable_conv2d], stride=1, padding="SAME"):
            stem = (
                ("Conv2d_1a_7x7", lambda x: slim.separable_conv2d(
                    x, depth(64), [7, 7], depth_multiplier=min(int(depth(64) / 3), 8),
                    stride=2, weights_initializer=tf.truncated_normal_initializer(0.0, 1.0),
                    scope="Conv2d_1a_7x7")),
                ("MaxPool_2a_3x3", lambda x: slim.max_pool2d(x, [3, 3], scope="MaxPool_2a_3x3",
                                                             stride=2)),
                ("Conv2d_2b_1x1", lambda x: branch(x, [conv(64, [1, 1], "Conv2d_2b_1x1",
                                                            stddev=0.1)], depth)),
                ("Conv2d_2c_3x3", lambda x: branch(x, [conv(192, [3, 3], "Conv2d_2c_3x3")],
                                                   depth)),
                ("MaxPool_3a_3x3", lambda x: slim.max_pool2d(x, [3, 3], scope="MaxPool_3a_3x3",
                                                             stride=2)))
            net = inputs
            for end_point, make in stem:
                net = make(net)
                end_points[end_point] = net
                if end_point == final_endpoint:
                    return net, end_points
            for end_point, branches in _MIXED:
                net = mixed(net, end_point, branches, depth)
                end_points[end_point] = net
                if end_point == final_endpoint:
                    return net, end_points
    raise ValueError("Unknown final endpoint %s" % final_endpoint)


def inception_v2(inputs, num_classes=1000, is_training=True, dropout_keep_prob=0.8,
                 min_depth=16, depth_multiplier=1.0, prediction_fn=slim.softmax,
                 spatial_squeeze=True, reuse=None, scope="InceptionV2"):
    """Returns (logits, end_points), with 'Logits' and 'Predictions' among the end points."""
    if depth_multiplier <= 0:
        raise ValueError("depth_multiplier is not greater than zero.")
    with tf.variable_scope(scope, "InceptionV2", [inputs, num_classes], reuse=reuse) as sc:
        with slim.arg_scope([slim.batch_norm, slim.dropout], is_training=is_training):
            net, end_points = inception_v2_base(inputs, scope=sc, min_depth=min_depth,
                                                depth_multiplier=depth_multiplier)
            logits = logits_head(net, end_points, num_classes, dropout_keep_prob,
                                 spatial_squeeze, prediction_fn, [7, 7])
    return logits, end_points


inception_v2.default_image_size = 224


def inception_v2_arg_scope(weight_decay=0.00004, batch_norm_var_collection="moving_vars"):
    """Batch-normalized ReLU convolutions with L2 weight decay."""
    batch_norm_params = {
        "decay": 0.9997, "epsilon": 0.001, "updates_collections": tf.GraphKeys.UPDATE_OPS,
        "variables_collections": {"beta": None, "gamma": None,
                                  "moving_mean": [batch_norm_var_collection],
                                  "moving_variance": [batch_norm_var_collection]}}
    with slim.arg_scope([slim.conv2d, slim.fully_connected],
                        weights_regularizer=slim.l2_regularizer(weight_decay)):
        with slim.arg_scope([slim.conv2d],
                            weights_initializer=slim.variance_scaling_initializer(),
                            activation_fn=tf.nn.relu, normalizer_fn=slim.batch_norm,
                            normalizer_params=batch_norm_params) as sc:
            return sc
