"""What AlexNet, OverFeat and VGG share: fully connected layers written as convolutions (fc6
over the last feature map, fc7 and fc8 1x1, dropout between), and the end points with the
squeezed logits."""
import tfcompat as tf

slim = tf.contrib.slim


def conv_classifier(net, fc6_depth, fc6_kernel, fc7_depth, num_classes, is_training,
                    dropout_keep_prob, fc8_biases=None):
    """fc6 ('VALID') -> dropout6 -> fc7 -> dropout7 -> fc8 (linear); `fc8_biases`: fc8's own
    bias initializer (AlexNet and OverFeat start it at zero under their 0.1 default)."""
    net = slim.conv2d(net, fc6_depth, fc6_kernel, padding="VALID", scope="fc6")
    net = slim.dropout(net, dropout_keep_prob, is_training=is_training, scope="dropout6")
    net = slim.conv2d(net, fc7_depth, [1, 1], scope="fc7")
    net = slim.dropout(net, dropout_keep_prob, is_training=is_training, scope="dropout7")
    extra = {} if fc8_biases is None else {"biases_initializer": fc8_biases}
    return slim.conv2d(net, num_classes, [1, 1], activation_fn=None, normalizer_fn=None,
                       scope="fc8", **extra)


def logits_and_end_points(net, sc, end_points_collection, spatial_squeeze):
    """(logits, end_points): the collected outputs, the logits squeezed to [N, classes]."""
    end_points = slim.utils.convert_collection_to_dict(end_points_collection)
    if spatial_squeeze:
        net = tf.squeeze(net, [1, 2], name="fc8/squeezed")
        end_points[sc.name + "/fc8"] = net
    return net, end_points


def small_init_scope():
    """AlexNet's and OverFeat's fully connected layers: N(0, 0.005) weights, 0.1 biases."""
    return slim.arg_scope([slim.conv2d],
                          weights_initializer=tf.truncated_normal_initializer(0.0, 0.005),
                          biases_initializer=tf.constant_initializer(0.1))
