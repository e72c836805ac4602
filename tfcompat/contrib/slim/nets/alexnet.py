"""`tf.contrib.slim.nets.alexnet` (TF 1.15): AlexNet v2 (one-GPU cuda-convnet2 layout, no LRN,
fully connected layers as convolutions) with TF's scopes and end points."""
import tfcompat as tf
from tfcompat.contrib.slim.nets._classifier import conv_classifier
from tfcompat.contrib.slim.nets._classifier import logits_and_end_points
from tfcompat.contrib.slim.nets._classifier import small_init_scope

slim = tf.contrib.slim


def alexnet_v2_arg_scope(weight_decay=0.0005):
    with slim.arg_scope([slim.conv2d, slim.fully_connected], activation_fn=tf.nn.relu,
                        biases_initializer=tf.constant_initializer(0.1),
                        weights_regularizer=slim.l2_regularizer(weight_decay)):
        with slim.arg_scope([slim.conv2d], padding="SAME"):
            with slim.arg_scope([slim.max_pool2d], padding="VALID") as arg_sc:
                return arg_sc


def alexnet_v2(inputs, num_classes=1000, is_training=True, dropout_keep_prob=0.5,
               spatial_squeeze=True, scope="alexnet_v2"):
    """Returns (logits, end_points); 224x224 inputs classify, others run convolutionally with
    spatial_squeeze=False."""
    with tf.variable_scope(scope, "alexnet_v2", [inputs]) as sc:
        end_points_collection = sc.original_name_scope + "_end_points"
        with slim.arg_scope([slim.conv2d, slim.fully_connected, slim.max_pool2d],
                            outputs_collections=[end_points_collection]):
            net = slim.conv2d(inputs, 64, [11, 11], 4, padding="VALID", scope="conv1")
            net = slim.max_pool2d(net, [3, 3], 2, scope="pool1")
            net = slim.conv2d(net, 192, [5, 5], scope="conv2")
            net = slim.max_pool2d(net, [3, 3], 2, scope="pool2")
            net = slim.conv2d(net, 384, [3, 3], scope="conv3")
            net = slim.conv2d(net, 384, [3, 3], scope="conv4")
            net = slim.conv2d(net, 256, [3, 3], scope="conv5")
            net = slim.max_pool2d(net, [3, 3], 2, scope="pool5")
            with small_init_scope():
                net = conv_classifier(net, 4096, [5, 5], 4096, num_classes, is_training,
                                      dropout_keep_prob, fc8_biases=tf.zeros_initializer())
            return logits_and_end_points(net, sc, end_points_collection, spatial_squeeze)


alexnet_v2.default_image_size = 224
