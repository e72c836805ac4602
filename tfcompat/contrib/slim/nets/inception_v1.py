"""`tf.contrib.slim.nets.inception_v1` (TF 1.15): Inception v1 / GoogLeNet (Szegedy et al.,
2014) with TF's scopes (`InceptionV1/Mixed_4b/Branch_1/Conv2d_0b_3x3/weights`; Mixed_5b's
`Conv2d_0a_3x3` quirk included) and end points; its mixed blocks as a table."""
import tfcompat as tf
from tfcompat.contrib.slim.nets._inception_blocks import mixed
from tfcompat.contrib.slim.nets._inception_blocks import branch
from tfcompat.contrib.slim.nets._inception_blocks import conv

slim = tf.contrib.slim


def _mixed(b0, b1a, b1b, b2a, b2b, pool_depth, b2b_scope="Conv2d_0b_3x3"):
    return [[conv(b0, [1, 1], "Conv2d_0a_1x1")],
            [conv(b1a, [1, 1], "Conv2d_0a_1x1"), conv(b1b, [3, 3], "Conv2d_0b_3x3")],
            [conv(b2a, [1, 1], "Conv2d_0a_1x1"), conv(b2b, [3, 3], b2b_scope)],
            [("max", None, [3, 3], "MaxPool_0a_3x3", 1, "SAME"),
             conv(pool_depth, [1, 1], "Conv2d_0b_1x1")]]


def _pool(scope, kernel):
    return ("max", None, kernel, scope, 2, "SAME")


# (end point, a layer or a mixed block's branches), every one 'SAME'
_LAYERS = (
    ("Conv2d_1a_7x7", ("conv", 64, [7, 7], "Conv2d_1a_7x7", 2, "SAME")),
    ("MaxPool_2a_3x3", _pool("MaxPool_2a_3x3", [3, 3])),
    ("Conv2d_2b_1x1", conv(64, [1, 1], "Conv2d_2b_1x1")),
    ("Conv2d_2c_3x3", conv(192, [3, 3], "Conv2d_2c_3x3")),
    ("MaxPool_3a_3x3", _pool("MaxPool_3a_3x3", [3, 3])),
    ("Mixed_3b", _mixed(64, 96, 128, 16, 32, 32)),
    ("Mixed_3c", _mixed(128, 128, 192, 32, 96, 64)),
    ("MaxPool_4a_3x3", _pool("MaxPool_4a_3x3", [3, 3])),
    ("Mixed_4b", _mixed(192, 96, 208, 16, 48, 64)),
    ("Mixed_4c", _mixed(160, 112, 224, 24, 64, 64)),
    ("Mixed_4d", _mixed(128, 128, 256, 24, 64, 64)),
    ("Mixed_4e", _mixed(112, 144, 288, 32, 64, 64)),
    ("Mixed_4f", _mixed(256, 160, 320, 32, 128, 128)),
    ("MaxPool_5a_2x2", _pool("MaxPool_5a_2x2", [2, 2])),
    ("Mixed_5b", _mixed(256, 160, 320, 32, 128, 128, b2b_scope="Conv2d_0a_3x3")),
    ("Mixed_5c", _mixed(384, 192, 384, 48, 128, 128)),
)


def _same(d):
    return d


def inception_v1_base(inputs, final_endpoint="Mixed_5c", scope="InceptionV1"):
    """The network up to `final_endpoint`: returns (net, end_points)."""
    end_points = {}
    with tf.variable_scope(scope, "InceptionV1", [inputs]):
        with slim.arg_scope([slim.conv2d, slim.fully_connected],
                            weights_initializer=tf.truncated_normal_initializer(0.0, 0.01)):
            with slim.arg_scope([slim.conv2d, slim.max_pool2d], stride=1, padding="SAME"):
                net = inputs
                for end_point, block in _LAYERS:
                    if isinstance(block, tuple):
                        net = branch(net, [block], _same)
                    else:
                        net = mixed(net, end_point, block, _same)
                    end_points[end_point] = net
                    if final_endpoint == end_point:
                        return net, end_points
    raise ValueError("Unknown final endpoint %s" % final_endpoint)


def inception_v1(inputs, num_classes=1000, is_training=True, dropout_keep_prob=0.8,
                 prediction_fn=slim.softmax, spatial_squeeze=True, reuse=None,
                 scope="InceptionV1"):
    """Returns (logits, end_points), with 'Logits' and 'Predictions' among the end points."""
    with tf.variable_scope(scope, "InceptionV1", [inputs, num_classes], reuse=reuse) as sc:
        with slim.arg_scope([slim.batch_norm, slim.dropout], is_training=is_training):
            net, end_points = inception_v1_base(inputs, scope=sc)
            with tf.variable_scope("Logits"):
                net = slim.avg_pool2d(net, [7, 7], stride=1, scope="MaxPool_0a_7x7")
                net = slim.dropout(net, dropout_keep_prob, scope="Dropout_0b")
                logits = slim.conv2d(net, num_classes, [1, 1], activation_fn=None,
                                     normalizer_fn=None, scope="Conv2d_0c_1x1")
                if spatial_squeeze:
                    logits = tf.squeeze(logits, [1, 2], name="SpatialSqueeze")
                end_points["Logits"] = logits
                end_points["Predictions"] = prediction_fn(logits, scope="Predictions")
    return logits, end_points


inception_v1.default_image_size = 224


def inception_v1_arg_scope(weight_decay=0.00004, use_batch_norm=True,
                           batch_norm_var_collection="moving_vars"):
    """ReLU convolutions (batch-normalized unless use_batch_norm=False) with L2 weight decay."""
    batch_norm_params = {
        "decay": 0.9997, "epsilon": 0.001, "updates_collections": tf.GraphKeys.UPDATE_OPS,
        "variables_collections": {"beta": None, "gamma": None,
                                  "moving_mean": [batch_norm_var_collection],
                                  "moving_variance": [batch_norm_var_collection]}}
    normalizer_fn, normalizer_params = (slim.batch_norm, batch_norm_params) if use_batch_norm \
        else (None, {})
    with slim.arg_scope([slim.conv2d, slim.fully_connected],
                        weights_regularizer=slim.l2_regularizer(weight_decay)):
        with slim.arg_scope([slim.conv2d],
                            weights_initializer=slim.variance_scaling_initializer(),
                            activation_fn=tf.nn.relu, normalizer_fn=normalizer_fn,
                            normalizer_params=normalizer_params) as sc:
            return sc
