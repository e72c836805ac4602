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
