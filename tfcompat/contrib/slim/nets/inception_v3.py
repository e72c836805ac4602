"""`tf.contrib.slim.nets.inception_v3` (TF 1.15): Inception v3 (Szegedy et al., 2015) with TF's
scopes (`InceptionV3/Mixed_6b/Branch_1/Conv2d_0b_1x7/weights`, quirks included: Mixed_5c's
`Conv_1_0c_5x5`, Mixed_6a's 3x3 `Conv2d_1a_1x1`), end points, auxiliary logits and
`depth_multiplier` / `min_depth`. The mixed blocks are tables of branches."""
import tfcompat as tf
from tfcompat.contrib.slim.nets._inception_blocks import mixed
from tfcompat.contrib.slim.nets._inception_blocks import conv as _c
from tfcompat.contrib.slim.nets._inception_blocks import layer as _layer
from tfcompat.contrib.slim.nets._inception_blocks import logits_head
from tfcompat.contrib.slim.nets._inception_blocks import reduced_kernel_size_for_small_input

slim = tf.contrib.slim

# the stem: (end point, kind, depth, kernel, stride, padding), 'VALID' by default
_STEM = (("Conv2d_1a_3x3", "conv", 32, [3, 3], 2, "VALID"),
         ("Conv2d_2a_3x3", "conv", 32, [3, 3], 1, "VALID"),
         ("Conv2d_2b_3x3", "conv", 64, [3, 3], 1, "SAME"),
         ("MaxPool_3a_3x3", "max", None, [3, 3], 2, "VALID"),
         ("Conv2d_3b_1x1", "conv", 80, [1, 1], 1, "VALID"),
         ("Conv2d_4a_3x3", "conv", 192, [3, 3], 1, "VALID"),
         ("MaxPool_5a_3x3", "max", None, [3, 3], 2, "VALID"))


def _avg_then(depth):
    return [("avg", None, [3, 3], "AvgPool_0a_3x3", 1, "SAME"), _c(depth, [1, 1],
                                                                   "Conv2d_0b_1x1")]


_MAX_REDUCE = [("max", None, [3, 3], "MaxPool_1a_3x3", 2, "VALID")]


def _mixed_5(branch_1_scopes, pool_depth):
    first, second = branch_1_scopes
    return [[_c(64, [1, 1], "Conv2d_0a_1x1")],
            [_c(48, [1, 1], first), _c(64, [5, 5], second)],
            [_c(64, [1, 1], "Conv2d_0a_1x1"), _c(96, [3, 3], "Conv2d_0b_3x3"),
             _c(96, [3, 3], "Conv2d_0c_3x3")],
            _avg_then(pool_depth)]


def _mixed_6(depth):
    return [[_c(192, [1, 1], "Conv2d_0a_1x1")],
            [_c(depth, [1, 1], "Conv2d_0a_1x1"), _c(depth, [1, 7], "Conv2d_0b_1x7"),
             _c(192, [7, 1], "Conv2d_0c_7x1")],
            [_c(depth, [1, 1], "Conv2d_0a_1x1"), _c(depth, [7, 1], "Conv2d_0b_7x1"),
             _c(depth, [1, 7], "Conv2d_0c_1x7"), _c(depth, [7, 1], "Conv2d_0d_7x1"),
             _c(192, [1, 7], "Conv2d_0e_1x7")],
            _avg_then(192)]


def _mixed_7(branch_1_second):
    # ("split", ...): two convolutions of the same input, concatenated
    return [[_c(320, [1, 1], "Conv2d_0a_1x1")],
            [_c(384, [1, 1], "Conv2d_0a_1x1"),
             ("split", _c(384, [1, 3], "Conv2d_0b_1x3"), _c(384, [3, 1], branch_1_second))],
            [_c(448, [1, 1], "Conv2d_0a_1x1"), _c(384, [3, 3], "Conv2d_0b_3x3"),
             ("split", _c(384, [1, 3], "Conv2d_0c_1x3"), _c(384, [3, 1], "Conv2d_0d_3x1"))],
            _avg_then(192)]


_MIXED = (
    ("Mixed_5b", _mixed_5(("Conv2d_0a_1x1", "Conv2d_0b_5x5"), 32)),
    ("Mixed_5c", _mixed_5(("Conv2d_0b_1x1", "Conv_1_0c_5x5"), 64)),
    ("Mixed_5d", _mixed_5(("Conv2d_0a_1x1", "Conv2d_0b_5x5"), 64)),
    ("Mixed_6a", [[_c(384, [3, 3], "Conv2d_1a_1x1", 2, "VALID")],
                  [_c(64, [1, 1], "Conv2d_0a_1x1"), _c(96, [3, 3], "Conv2d_0b_3x3"),
                   _c(96, [3, 3], "Conv2d_1a_1x1", 2, "VALID")],
                  _MAX_REDUCE]),
    ("Mixed_6b", _mixed_6(128)), ("Mixed_6c", _mixed_6(160)), ("Mixed_6d", _mixed_6(160)),
    ("Mixed_6e", _mixed_6(192)),
    ("Mixed_7a", [[_c(192, [1, 1], "Conv2d_0a_1x1"), _c(320, [3, 3], "Conv2d_1a_3x3", 2, "VALID")],
                  [_c(192, [1, 1], "Conv2d_0a_1x1"), _c(192, [1, 7], "Conv2d_0b_1x7"),
                   _c(192, [7, 1], "Conv2d_0c_7x1"),
                   _c(192, [3, 3], "Conv2d_1a_3x3", 2, "VALID")],
                  _MAX_REDUCE]),
    ("Mixed_7b", _mixed_7("Conv2d_0b_3x1")),
    ("Mixed_7c", _mixed_7("Conv2d_0c_3x1")),
)


def inception_v3_base(inputs, final_endpoint="Mixed_7c", min_depth=16, depth_multiplier=1.0,
                      scope=None):
    """The network up to `final_endpoint`: returns (net, end_points)."""
    end_points = {}
    if depth_multiplier <= 0:
        raise ValueError("depth_multiplier is not greater than zero.")

    def depth(d):
        return max(int(d * depth_multiplier), min_depth)

    with tf.variable_scope(scope, "InceptionV3", [inputs]):
        net = inputs
        with slim.arg_scope([slim.conv2d, slim.max_pool2d, slim.avg_pool2d], stride=1,
                            padding="VALID"):
            for end_point, kind, channels, kernel, stride, padding in _STEM:
                net = _layer(net, (kind, channels, kernel, end_point, stride, padding), depth)
                end_points[end_point] = net
                if end_point == final_endpoint:
                    return net, end_points
        with slim.arg_scope([slim.conv2d, slim.max_pool2d, slim.avg_pool2d], stride=1,
                            padding="SAME"):
            for end_point, branches in _MIXED:
                net = mixed(net, end_point, branches, depth)
                end_points[end_point] = net
                if end_point == final_endpoint:
                    return net, end_points
    raise ValueError("Unknown final endpoint %s" % final_endpoint)


def _aux_logits(net, num_classes, depth, spatial_squeeze):
    with slim.arg_scope([slim.conv2d, slim.max_pool2d, slim.avg_pool2d], stride=1,
                        padding="SAME"):
        with tf.variable_scope("AuxLogits"):
            net = slim.avg_pool2d(net, [5, 5], stride=3, padding="VALID",
                                  scope="AvgPool_1a_5x5")
            net = slim.conv2d(net, depth(128), [1, 1], scope="Conv2d_1b_1x1")
            kernel = reduced_kernel_size_for_small_input(net, [5, 5])
            net = slim.conv2d(net, depth(768), kernel,
                              weights_initializer=tf.truncated_normal_initializer(0.0, 0.01),
                              padding="VALID", scope="Conv2d_2a_{}x{}".format(*kernel))
            net = slim.conv2d(net, num_classes, [1, 1], activation_fn=None, normalizer_fn=None,
                              weights_initializer=tf.truncated_normal_initializer(0.0, 0.001),
                              scope="Conv2d_2b_1x1")
            if spatial_squeeze:
                net = tf.squeeze(net, [1, 2], name="SpatialSqueeze")
            return net


def inception_v3(inputs, num_classes=1000, is_training=True, dropout_keep_prob=0.8,
                 min_depth=16, depth_multiplier=1.0, prediction_fn=slim.softmax,
                 spatial_squeeze=True, reuse=None, create_aux_logits=True,
                 scope="InceptionV3"):
    """Returns (logits, end_points), with 'AuxLogits', 'PreLogits', 'Logits' and
    'Predictions' among the end points."""
    if depth_multiplier <= 0:
        raise ValueError("depth_multiplier is not greater than zero.")

    def depth(d):
        return max(int(d * depth_multiplier), min_depth)

    with tf.variable_scope(scope, "InceptionV3", [inputs, num_classes], reuse=reuse) as sc:
        with slim.arg_scope([slim.batch_norm, slim.dropout], is_training=is_training):
            net, end_points = inception_v3_base(inputs, scope=sc, min_depth=min_depth,
                                                depth_multiplier=depth_multiplier)
            if create_aux_logits and num_classes:
                end_points["AuxLogits"] = _aux_logits(end_points["Mixed_6e"], num_classes,
                                                      depth, spatial_squeeze)
            logits = logits_head(net, end_points, num_classes, dropout_keep_prob,
                                 spatial_squeeze, prediction_fn, [8, 8], pre_logits=True)
    return logits, end_points


inception_v3.default_image_size = 299


def inception_v3_arg_scope(weight_decay=0.00004, batch_norm_var_collection="moving_vars",
                           batch_norm_decay=0.9997, batch_norm_epsilon=0.001,
                           updates_collections=tf.GraphKeys.UPDATE_OPS,
                           use_fused_batchnorm=True):
    """Batch-normalized ReLU convolutions with L2 weight decay; the moving statistics also in
    the `batch_norm_var_collection` collection."""
    batch_norm_params = {
        "decay": batch_norm_decay, "epsilon": batch_norm_epsilon,
        "updates_collections": updates_collections, "fused": use_fused_batchnorm,
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
