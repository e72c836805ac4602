"""`tf.contrib.slim.nets.resnet_v2` (TF 1.15): ResNet v2 (He et al., 2016: identity mappings,
pre-activation units), TF's scopes (`resnet_v2_50/block1/unit_1/bottleneck_v2/preact`) and end
points."""
import tfcompat as tf
from tfcompat.contrib.slim.nets import resnet_utils
from tfcompat.contrib.slim.nets.resnet_v1 import UNITS
from tfcompat.contrib.slim.nets.resnet_v1 import blocks_of
from tfcompat.contrib.slim.nets.resnet_v1 import build_resnet

slim = tf.contrib.slim
resnet_arg_scope = resnet_utils.resnet_arg_scope


@slim.add_arg_scope
def bottleneck(inputs, depth, depth_bottleneck, stride, rate=1, outputs_collections=None,
               scope=None):
    with tf.variable_scope(scope, "bottleneck_v2", [inputs]) as sc:
        depth_in = slim.utils.last_dimension(inputs.get_shape(), min_rank=4)
        preact = slim.batch_norm(inputs, activation_fn=tf.nn.relu, scope="preact")
        if depth == depth_in:
            shortcut = resnet_utils.subsample(inputs, stride, "shortcut")
        else:
            shortcut = slim.conv2d(preact, depth, [1, 1], stride=stride, normalizer_fn=None,
                                   activation_fn=None, scope="shortcut")
        residual = slim.conv2d(preact, depth_bottleneck, [1, 1], stride=1, scope="conv1")
        residual = resnet_utils.conv2d_same(residual, depth_bottleneck, 3, stride, rate=rate,
                                            scope="conv2")
        residual = slim.conv2d(residual, depth, [1, 1], stride=1, normalizer_fn=None,
                               activation_fn=None, scope="conv3")
        output = shortcut + residual
        return slim.utils.collect_named_outputs(outputs_collections, sc.name, output)


def resnet_v2(inputs, blocks, num_classes=None, is_training=True, global_pool=True,
              output_stride=None, include_root_block=True, reuse=None, scope=None):
    """The network over `blocks`: returns (net, end_points)."""
    return build_resnet("resnet_v2", bottleneck, _root_block, True, inputs, blocks,
                        num_classes, is_training, global_pool, output_stride,
                        include_root_block, reuse, scope)


def _root_block(net):
    # the first convolution is not normalized: the first unit's preact is
    with slim.arg_scope([slim.conv2d], activation_fn=None, normalizer_fn=None):
        net = resnet_utils.conv2d_same(net, 64, 7, stride=2, scope="conv1")
    return slim.max_pool2d(net, [3, 3], stride=2, scope="pool1")


resnet_v2.default_image_size = 224


def resnet_v2_block(scope, base_depth, num_units, stride):
    """A block of `num_units` pre-activation bottlenecks; the last one has the stride."""
    unit = {"depth": base_depth * 4, "depth_bottleneck": base_depth}
    return resnet_utils.Block(scope, bottleneck, [dict(unit, stride=1)] * (num_units - 1)
                              + [dict(unit, stride=stride)])


def _network(layers):
    def network(inputs, num_classes=None, is_training=True, global_pool=True,
                output_stride=None, reuse=None, scope="resnet_v2_%d" % layers):
        return resnet_v2(inputs, blocks_of(resnet_v2_block, layers), num_classes, is_training,
                         global_pool, output_stride, include_root_block=True, reuse=reuse,
                         scope=scope)
    network.__name__ = network.__qualname__ = "resnet_v2_%d" % layers
    network.__doc__ = "ResNet-%d v2: returns (net, end_points)." % layers
    network.default_image_size = 224
    return network


resnet_v2_50, resnet_v2_101, resnet_v2_152, resnet_v2_200 = (_network(n) for n in UNITS)
