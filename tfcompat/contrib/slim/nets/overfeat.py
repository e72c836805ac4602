"""`tf.contrib.slim.nets.overfeat` (TF 1.15): OverFeat's accurate model (Sermanet et al., 2013;
fully connected layers as convolutions, no LRN), TF's scopes and end points."""
import tfcompat as tf
from tfcompat.contrib.slim.nets._classifier import conv_classifier
from tfcompat.contrib.slim.nets._classifier import logits_and_end_points
from tfcompat.contrib.slim.nets._classifier import small_init_scope

slim = tf.contrib.slim


def overfeat_arg_scope(weight_decay=0.0005):
    with slim.arg_scope([slim.conv2d, slim.fully_connected], activation_fn=tf.nn.relu,
                        weights_regularizer=slim.l2_regularizer(weight_decay),
                        biases_initializer=tf.zeros_initializer()):
        with slim.arg_scope([slim.conv2d], padding="SAME"):
            with slim.arg_scope([slim.max_pool2d], padding="VALID") as arg_sc:
                return arg_sc


def overfeat(inputs, num_classes=1000, is_training=True, dropout_keep_prob=0.5,
             spatial_squeeze=True, scope="overfeat"):
    """Returns (logits, end_points); 231x231 inputs classify."""
    with tf.variable_scope(scope, "overfeat", [inputs]) as sc:
        # TF's overfeat names its collection after sc.name (alexnet and vgg after the name scope)
        end_points_collection = sc.name + "_end_points"
        with slim.arg_scope([slim.conv2d, slim.fully_connected, slim.max_pool2d],
                            outputs_collections=end_points_collection):
            net = slim.conv2d(inputs, 64, [11, 11], 4, padding="VALID", scope="conv1")
            net = slim.max_pool2d(net, [2, 2], scope="pool1")
            net = slim.conv2d(net, 256, [5, 5], padding="VALID", scope="conv2")
            net = slim.max_pool2d(net, [2, 2], scope="pool2")
            net = slim.conv2d(net, 512, [3, 3], scope="conv3")
            net = slim.conv2d(net, 1024, [3, 3], scope="conv4")
            net = slim.conv2d(net, 1024, [3, 3], scope="conv5")
            net = slim.max_pool2d(net, [2, 2], scope="pool5")
            with small_init_scope():
                net = conv_classifier(net, 3072, [6, 6], 4096, num_classes, is_training,
                                      dropout_keep_prob, fc8_biases=tf.zeros_initializer())
            return logits_and_end_points(net, sc, end_points_collection, spatial_squeeze)


overfeat.default_image_size = 231
