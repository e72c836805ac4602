"""tf.contrib.slim.nets: the networks' variables (the names the slim model zoo's checkpoints
use), end points, collections and values. Expected values recorded from TF 1.15's contrib nets
as packaged by tf-slim 1.1 (tf_slim.nets), run in TF 2.21 compat.v1."""
import zlib

import numpy as np
import pytest

import tfcompat as tf
from tfcompat.contrib.slim.nets import alexnet, inception, overfeat, resnet_utils, resnet_v1, \
    resnet_v2, vgg

pytestmark = pytest.mark.tfcompat_only
slim = tf.contrib.slim

# name: (build, input side, arg scope, (variables, parameters), first and last variable,
#        end points, output name and shape, regularization losses, update ops)
NETS = {
    "vgg_16": (lambda x: vgg.vgg_16(x, num_classes=10), 224, vgg.vgg_arg_scope,
               (32, 134301514), ("vgg_16/conv1/conv1_1/weights:0", "vgg_16/fc8/biases:0"),
               21, ("vgg_16/fc8/squeezed:0", [2, 10]), 16, 0),
    "vgg_a": (lambda x: vgg.vgg_a(x, num_classes=10, spatial_squeeze=False), 224,
              vgg.vgg_arg_scope, (22, 128807306), ("vgg_a/conv1/conv1_1/weights:0", None),
              None, None, 11, 0),
    "vgg_19": (lambda x: vgg.vgg_19(x, num_classes=10), 224, vgg.vgg_arg_scope,
               (38, 139611210), (None, None), None, None, 19, 0),
    "alexnet_v2": (lambda x: alexnet.alexnet_v2(x, num_classes=10), 224,
                   alexnet.alexnet_v2_arg_scope, (16, 46247882),
                   ("alexnet_v2/conv1/weights:0", "alexnet_v2/fc8/biases:0"), 11,
                   ("alexnet_v2/fc8/squeezed:0", [2, 10]), 8, 0),
    "resnet_v1_50": (lambda x: resnet_v1.resnet_v1_50(x, num_classes=7), 64,
                     resnet_utils.resnet_arg_scope, (267, 23575495),
                     ("resnet_v1_50/conv1/weights:0", "resnet_v1_50/logits/biases:0"), 75,
                     ("resnet_v1_50/logits/BiasAdd:0", [2, 1, 1, 7]), 54, 106),
    "resnet_v1_101_os8": (lambda x: resnet_v1.resnet_v1_101(x, None, is_training=False,
                                                            global_pool=False, output_stride=8),
                          33, resnet_utils.resnet_arg_scope, (520, 42605504),
                          ("resnet_v1_101/conv1/weights:0", None), 141,
                          ("resnet_v1_101/block4/unit_3/bottleneck_v1/Relu:0", [2, 5, 5, 2048]),
                          104, 0),
    "resnet_v2_50": (lambda x: resnet_v2.resnet_v2_50(x, num_classes=7, is_training=False), 64,
                     resnet_utils.resnet_arg_scope, (272, 23579143),
                     ("resnet_v2_50/conv1/weights:0", "resnet_v2_50/logits/biases:0"), 75,
                     ("resnet_v2_50/logits/BiasAdd:0", [2, 1, 1, 7]), 54, 0),
    "inception_v3": (lambda x: inception.inception_v3(x, num_classes=5, is_training=False), 139,
                     inception.inception_v3_arg_scope, (388, 22016170),
                     ("InceptionV3/Conv2d_1a_3x3/weights:0", None), 22,
                     ("InceptionV3/Logits/SpatialSqueeze:0", [2, 5]), 98, 0),
    "inception_v3_base": (lambda x: inception.inception_v3_base(x, final_endpoint="Mixed_6b"),
                          99, inception.inception_v3_arg_scope, (160, 3445920),
                          (None, None), 12, ("InceptionV3/Mixed_6b/concat:0", [2, 4, 4, 768]),
                          40, 80),
    "inception_v1": (lambda x: inception.inception_v1(x, num_classes=5, is_training=False), 224,
                     inception.inception_v1_arg_scope, (230, 5612309),
                     ("InceptionV1/Conv2d_1a_7x7/weights:0", None), 18, None, 58, 0),
    "inception_v2": (lambda x: inception.inception_v2(x, num_classes=5, is_training=False), 224,
                     inception.inception_v2_arg_scope, (277, 10178237), (None, None), 17, None,
                     69, 0),
    "inception_v2_base": (lambda x: inception.inception_v2_base(x, final_endpoint="Mixed_4a",
                                                                depth_multiplier=0.5),
                          96, inception.inception_v2_arg_scope, (87, 248680), (None, None), 8,
                          None, None, None),
    "overfeat": (lambda x: overfeat.overfeat(x, num_classes=10), 231, overfeat.overfeat_arg_scope,
                 (16, 141648394), (None, None), None, ("overfeat/fc8/squeezed:0", [2, 10]), 8, 0),
}
VALUES = {
    "inception_v2": [-3.807499885559082, 0.08150000125169754, 1.0056999921798706, 0.6205000281333923, 1.642799973487854, -3.8076000213623047, 0.08229999989271164, 1.0068000555038452],
    "inception_v1": [0.03830000013113022, 0.07180000096559525, -0.008700000122189522, 0.3012000024318695, -0.6126999855041504, 0.037300001829862595, 0.0738999992609024, -0.008999999612569809],
    "inception_v3": [-3.7476999759674072, -6.12060022354126, 3.426500082015991,
                     2.3782999515533447, -6.335400104522705, -3.7585999965667725,
                     -6.117000102996826, 3.4075000286102295],
    "resnet_v1_50": [1.1146999597549438, -1.9605000019073486, -4.667500019073486,
                     4.475800037384033, -0.5152000188827515, -2.44350004196167,
                     2.017199993133545, 4.448500156402588],
    "resnet_v2_50": [-21.75589942932129, 38.45800018310547, -54.127899169921875,
                     -0.31949999928474426, -71.31159973144531, -31.689800262451172,
                     27.648399353027344, -23.422000885009766],
}
# after running the UPDATE_OPS once (training-mode batch norm)
MOVING_MEAN = ("resnet_v1_50/block4/unit_3/bottleneck_v1/conv3/BatchNorm/moving_mean:0",
               [0.05804000049829483, -0.008980000391602516, 0.0193099994212389,
                -0.06103000044822693])


def _load_deterministic_values(sess):
    """The same values in both frameworks: seeded by each variable's name."""
    for v in tf.global_variables():
        rng = np.random.RandomState(zlib.crc32(v.op.name.encode()))
        shape = v.shape.as_list()
        value = rng.uniform(0.5, 1.5, shape) if "moving_variance" in v.op.name or \
            "gamma" in v.op.name else rng.normal(0, 0.05, shape)
        v.load(value.astype(np.float32), sess)


@pytest.mark.parametrize("name", sorted(NETS))
def test_variables_end_points_and_collections_are_tfs(name):
    build, side, arg_scope, counts, (first, last), n_end_points, output, n_reg, n_upd = \
        NETS[name]
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [2, side, side, 3])
        with slim.arg_scope(arg_scope()):
            net, end_points = build(x)
        variables = tf.global_variables()
        assert (len(variables), sum(int(np.prod(v.shape.as_list())) for v in variables)) == \
            counts
        assert first in (None, variables[0].name) and last in (None, variables[-1].name)
        if n_end_points is not None:
            assert len(end_points) == n_end_points
        if output is not None:
            assert (net.name, net.shape.as_list()) == output
        if n_reg is not None:
            assert len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)) == n_reg
            assert len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)) == n_upd
        if name not in VALUES:
            return
        with tf.Session() as sess:
            _load_deterministic_values(sess)
            images = np.random.RandomState(0).uniform(0, 1, (2, side, side, 3)).astype(
                np.float32)
            out = sess.run(net, {x: images})
            # float32 rounding through 50 layers and batch statistics of 2 images
            np.testing.assert_allclose(out.reshape(-1)[:8], VALUES[name], rtol=2e-3, atol=2e-3)
            if n_upd:
                sess.run(tf.get_collection(tf.GraphKeys.UPDATE_OPS), {x: images})
                moving = tf.get_default_graph().get_tensor_by_name(MOVING_MEAN[0])
                np.testing.assert_allclose(sess.run(moving)[:4], MOVING_MEAN[1], rtol=1e-3,
                                           atol=1e-4)


def test_inception_v3_end_points_and_moving_vars():
    with tf.Graph().as_default():
        with slim.arg_scope(inception.inception_v3_arg_scope()):
            _, end_points = inception.inception_v3(tf.zeros([2, 139, 139, 3]), num_classes=5)
        # recorded from TF: the base's end points live in the doubled scope TF gives them
        assert end_points["Conv2d_1a_3x3"].name == "InceptionV3/InceptionV3/Conv2d_1a_3x3/Relu:0"
        assert end_points["Mixed_7c"].shape.as_list() == [2, 3, 3, 2048]
        assert end_points["AuxLogits"].name == "InceptionV3/AuxLogits/SpatialSqueeze:0"
        assert len(tf.get_collection("moving_vars")) == 192
        with pytest.raises(ValueError, match="Unknown final endpoint Nope"):
            inception.inception_v3_base(tf.zeros([1, 99, 99, 3]), final_endpoint="Nope")


def test_output_stride_errors_and_the_missing_nets():
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="The output_stride needs to be a multiple of 4."):
            resnet_v1.resnet_v1_50(tf.zeros([1, 64, 64, 3]), output_stride=6)
        with pytest.raises(ValueError, match="The target output_stride cannot be reached."):
            resnet_v2.resnet_v2_50(tf.zeros([1, 64, 64, 3]), output_stride=64)
    assert resnet_v1.resnet_v1_50.default_image_size == 224
    with pytest.raises(AttributeError, match="inception_v4"):
        slim.nets.inception.inception_v4
