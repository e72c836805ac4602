"""`tf.contrib.slim.nets.vgg` (TF 1.15): VGG-A/16/19 (Simonyan & Zisserman, 2014) with the
fully connected layers as convolutions, TF's scopes (`vgg_16/conv1/conv1_1/weights`) and
end points."""
import tfcompat as tf
from tfcompat.contrib.slim.nets._classifier import conv_classifier
from tfcompat.contrib.slim.nets._classifier import logits_and_end_points

slim = tf.contrib.slim

# convolutions per stage (64, 128, 256, 512, 512 channels)
_STAGES = {"vgg_a": (1, 1, 2, 2, 2), "vgg_16": (2, 2, 3, 3, 3), "vgg_19": (2, 2, 4, 4, 4)}
_DEPTHS = (64, 128, 256, 512, 512)


def vgg_arg_scope(weight_decay=0.0005):
    """ReLU convolutions and fully connected layers with L2 weight decay and zero biases,
    'SAME' convolutions."""
    with slim.arg_scope([slim.conv2d, slim.fully_connected], activation_fn=tf.nn.relu,
                        weights_regularizer=slim.l2_regularizer(weight_decay),
                        biases_initializer=tf.zeros_initializer()):
        with slim.arg_scope([slim.conv2d], padding="SAME") as arg_sc:
            return arg_sc


def _vgg(kind, inputs, num_classes, is_training, dropout_keep_prob, spatial_squeeze, scope):
    with tf.variable_scope(scope, kind, [inputs]) as sc:
        # TF's vgg_19 names its collection after sc.name (vgg_a and vgg_16 after the name scope)
        end_points_collection = (sc.name if kind == "vgg_19" else sc.original_name_scope) + \
            "_end_points"
        with slim.arg_scope([slim.conv2d, slim.fully_connected, slim.max_pool2d],
                            outputs_collections=end_points_collection):
            net = inputs
            for stage, (count, depth) in enumerate(zip(_STAGES[kind], _DEPTHS), 1):
                net = slim.repeat(net, count, slim.conv2d, depth, [3, 3],
                                  scope="conv%d" % stage)
                net = slim.max_pool2d(net, [2, 2], scope="pool%d" % stage)
            net = conv_classifier(net, 4096, [7, 7], 4096, num_classes, is_training,
                                  dropout_keep_prob)
            return logits_and_end_points(net, sc, end_points_collection, spatial_squeeze)


def vgg_a(inputs, num_classes=1000, is_training=True, dropout_keep_prob=0.5,
          spatial_squeeze=True, scope="vgg_a"):
    """VGG 11-layer model ("A"); returns (logits, end_points)."""
    return _vgg("vgg_a", inputs, num_classes, is_training, dropout_keep_prob, spatial_squeeze,
                scope)


def vgg_16(inputs, num_classes=1000, is_training=True, dropout_keep_prob=0.5,
           spatial_squeeze=True, scope="vgg_16"):
    """VGG 16-layer model ("D"); returns (logits, end_points)."""
    return _vgg("vgg_16", inputs, num_classes, is_training, dropout_keep_prob, spatial_squeeze,
                scope)


def vgg_19(inputs, num_classes=1000, is_training=True, dropout_keep_prob=0.5,
           spatial_squeeze=True, scope="vgg_19"):
    """VGG 19-layer model ("E"); returns (logits, end_points)."""
    return _vgg("vgg_19", inputs, num_classes, is_training, dropout_keep_prob, spatial_squeeze,
                scope)


for _net in (vgg_a, vgg_16, vgg_19):
    _net.default_image_size = 224
vgg_d = vgg_16   # TF's aliases, by the configurations' letters in the VGG paper
vgg_e = vgg_19
