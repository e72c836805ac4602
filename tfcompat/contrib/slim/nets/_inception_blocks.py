"""The Inception networks' building blocks as data: a branch is a list of steps, each a
convolution or pool with its scope (`conv(...)`), or ("split", a, b): two convolutions of the
same input, concatenated (Inception v3's last blocks)."""
import tfcompat as tf

slim = tf.contrib.slim


def conv(depth, kernel, scope, stride=1, padding="SAME", stddev=None):
    """A convolution; `stddev`: its own truncated-normal initializer (Inception v2's)."""
    return ("conv", depth, kernel, scope, stride, padding, stddev)


def layer(net, step, depth):
    kind, channels, kernel, scope, stride, padding = step[:6]
    if kind == "conv":
        stddev = step[6] if len(step) > 6 else None
        extra = {} if stddev is None else {
            "weights_initializer": tf.truncated_normal_initializer(0.0, stddev)}
        return slim.conv2d(net, depth(channels), kernel, stride=stride, padding=padding,
                           scope=scope, **extra)
    pool = slim.max_pool2d if kind == "max" else slim.avg_pool2d
    return pool(net, kernel, stride=stride, padding=padding, scope=scope)


def branch(net, steps, depth):
    for step in steps:
        if step[0] == "split":
            net = tf.concat([layer(net, step[1], depth), layer(net, step[2], depth)], 3)
        else:
            net = layer(net, step, depth)
    return net


def mixed(net, end_point, branches, depth):
    """An Inception mixed block: each branch in `<end_point>/Branch_<i>`, concatenated."""
    with tf.variable_scope(end_point):
        outputs = []
        for i, steps in enumerate(branches):
            with tf.variable_scope("Branch_%d" % i):
                outputs.append(branch(net, steps, depth))
        return tf.concat(outputs, 3)


def reduced_kernel_size_for_small_input(input_tensor, kernel_size):
    """`kernel_size`, cut to the input's spatial size where that is known and smaller."""
    shape = input_tensor.get_shape().as_list()
    if shape[1] is None or shape[2] is None:
        return kernel_size
    return [min(shape[1], kernel_size[0]), min(shape[2], kernel_size[1])]


def logits_head(net, end_points, num_classes, dropout_keep_prob, spatial_squeeze,
                prediction_fn, kernel, pre_logits=False):
    """Inception v2's and v3's classifier: average pool over the (reduced) kernel, dropout, a
    1x1 convolution to the classes; end points 'Logits', 'Predictions' (and v3's 'PreLogits')."""
    with tf.variable_scope("Logits"):
        kernel = reduced_kernel_size_for_small_input(net, kernel)
        net = slim.avg_pool2d(net, kernel, padding="VALID",
                              scope="AvgPool_1a_{}x{}".format(*kernel))
        net = slim.dropout(net, keep_prob=dropout_keep_prob, scope="Dropout_1b")
        if pre_logits:
            end_points["PreLogits"] = net
        logits = slim.conv2d(net, num_classes, [1, 1], activation_fn=None, normalizer_fn=None,
                             scope="Conv2d_1c_1x1")
        if spatial_squeeze:
            logits = tf.squeeze(logits, [1, 2], name="SpatialSqueeze")
    end_points["Logits"] = logits
    end_points["Predictions"] = prediction_fn(logits, scope="Predictions")
    return logits
