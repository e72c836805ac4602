"""`tf.contrib.slim.nets.resnet_v1` (TF 1.15): ResNet v1 (He et al., 2015) with bottleneck
units, the stride in each block's last unit, TF's scopes (`resnet_v1_50/block1/unit_1/
bottleneck_v1/conv1/weights`) and end points."""
import tfcompat as tf
from tfcompat.contrib.slim.nets import resnet_utils

slim = tf.contrib.slim
resnet_arg_scope = resnet_utils.resnet_arg_scope

# units per block (base depths 64, 128, 256, 512; strides 2, 2, 2, 1)
UNITS = {50: (3, 4, 6, 3), 101: (3, 4, 23, 3), 152: (3, 8, 36, 3), 200: (3, 24, 36, 3)}


@slim.add_arg_scope
def bottleneck(inputs, depth, depth_bottleneck, stride, rate=1, outputs_collections=None,
               scope=None):
    with tf.variable_scope(scope, "bottleneck_v1", [inputs]) as sc:
        depth_in = slim.utils.last_dimension(inputs.get_shape(), min_rank=4)
        if depth == depth_in:
            shortcut = resnet_utils.subsample(inputs, stride, "shortcut")
        else:
            shortcut = slim.conv2d(inputs, depth, [1, 1], stride=stride, activation_fn=None,
                                   scope="shortcut")
        residual = slim.conv2d(inputs, depth_bottleneck, [1, 1], stride=1, scope="conv1")
        residual = resnet_utils.conv2d_same(residual, depth_bottleneck, 3, stride, rate=rate,
                                            scope="conv2")
        residual = slim.conv2d(residual, depth, [1, 1], stride=1, activation_fn=None,
                               scope="conv3")
        output = tf.nn.relu(shortcut + residual)
        return slim.utils.collect_named_outputs(outputs_collections, sc.name, output)


def resnet_v1(inputs, blocks, num_classes=None, is_training=True, global_pool=True,
              output_stride=None, include_root_block=True, reuse=None, scope=None):
    """The network over `blocks`: returns (net, end_points); logits [N, 1, 1, num_classes]
    and end_points['predictions'] when num_classes is given."""
    return build_resnet("resnet_v1", bottleneck, _root_block, False, inputs, blocks,
                        num_classes, is_training, global_pool, output_stride,
                        include_root_block, reuse, scope)


def _root_block(net):
    net = resnet_utils.conv2d_same(net, 64, 7, stride=2, scope="conv1")
    return slim.max_pool2d(net, [3, 3], stride=2, scope="pool1")


def build_resnet(default_scope, unit_fn, root_block, postnorm, inputs, blocks, num_classes,
                 is_training, global_pool, output_stride, include_root_block, reuse, scope):
    """What ResNet v1 and v2 share around their blocks; v2 adds the final `postnorm`."""
    with tf.variable_scope(scope, default_scope, [inputs], reuse=reuse) as sc:
        end_points_collection = sc.original_name_scope + "_end_points"
        with slim.arg_scope([slim.conv2d, unit_fn, resnet_utils.stack_blocks_dense],
                            outputs_collections=end_points_collection):
            with slim.arg_scope([slim.batch_norm], is_training=is_training):
                net = inputs
                if include_root_block:
                    if output_stride is not None:
                        if output_stride % 4 != 0:
                            raise ValueError("The output_stride needs to be a multiple of 4.")
                        output_stride /= 4
                    net = root_block(net)
                net = resnet_utils.stack_blocks_dense(net, blocks, output_stride)
                if postnorm:
                    net = slim.batch_norm(net, activation_fn=tf.nn.relu, scope="postnorm")
                if global_pool:
                    net = tf.reduce_mean(net, [1, 2], name="pool5", keepdims=True)
                if num_classes is not None:
                    net = slim.conv2d(net, num_classes, [1, 1], activation_fn=None,
                                      normalizer_fn=None, scope="logits")
                end_points = slim.utils.convert_collection_to_dict(end_points_collection)
                if num_classes is not None:
                    end_points["predictions"] = slim.softmax(net, scope="predictions")
                return net, end_points


resnet_v1.default_image_size = 224


def resnet_v1_block(scope, base_depth, num_units, stride):
    """A block of `num_units` bottlenecks; only the last one has the block's stride."""
    unit = {"depth": base_depth * 4, "depth_bottleneck": base_depth}
    return resnet_utils.Block(scope, bottleneck, [dict(unit, stride=1)] * (num_units - 1)
                              + [dict(unit, stride=stride)])


def blocks_of(block_fn, layers):
    return [block_fn("block%d" % (i + 1), base_depth=64 * 2 ** i, num_units=n,
                     stride=2 if i < 3 else 1) for i, n in enumerate(UNITS[layers])]


def _network(layers):
    def network(inputs, num_classes=None, is_training=True, global_pool=True,
                output_stride=None, reuse=None, scope="resnet_v1_%d" % layers):
        return resnet_v1(inputs, blocks_of(resnet_v1_block, layers), num_classes, is_training,
                         global_pool, output_stride, include_root_block=True, reuse=reuse,
                         scope=scope)
    network.__name__ = network.__qualname__ = "resnet_v1_%d" % layers
    network.__doc__ = "ResNet-%d v1: returns (net, end_points)." % layers
    network.default_image_size = 224
    return network


resnet_v1_50, resnet_v1_101, resnet_v1_152, resnet_v1_200 = (_network(n) for n in UNITS)
