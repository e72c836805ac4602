"""Graphs and profile calls shared by test_profiler.py and the script that records TF's
answers (record_profiler_goldens.py, run with TensorFlow): each case builds a graph with `tf`
and returns the options of one tf.profiler.profile call."""


def conv_graph(tf):
    img = tf.placeholder(tf.float32, [4, 8, 8, 3], name="img")
    x = tf.placeholder(tf.float32, [None, 784], name="x")
    with tf.variable_scope("conv1"):
        k = tf.get_variable("kernel", [3, 3, 3, 4])
        b = tf.get_variable("bias", [4], initializer=tf.zeros_initializer())
        c = tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(img, k, [1, 1, 1, 1], "SAME"), b))
        p = tf.nn.max_pool(c, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
    with tf.variable_scope("fc"):
        w = tf.get_variable("w", [64, 10], initializer=tf.ones_initializer())
        fb = tf.get_variable("b", [10], initializer=tf.zeros_initializer(), trainable=False)
        logits = tf.matmul(tf.reshape(p, [4, 64]), w) + fb
    tf.reduce_mean(tf.square(logits - 1.0))
    w2 = tf.Variable(tf.zeros([784, 10]), name="w2")
    tf.nn.softmax(tf.matmul(x, w2))


def ops_graph(tf):
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    w = tf.Variable(tf.ones([3, 4]), name="w")
    with tf.name_scope("blk"):
        y = tf.matmul(x, w)
        tf.reduce_sum(y * 2.0)
        tf.reduce_mean(tf.nn.l2_loss(y) + tf.reduce_max(y))
        tf.add_n([y, y, y])
        (tf.nn.softmax(y) - tf.math.reciprocal(y + 1) + tf.rsqrt(y + 1) + tf.log(y + 2)
         - tf.negative(y))
        tf.matmul(tf.ones([5, 2, 3]), tf.ones([5, 3, 6]))
        tf.nn.depthwise_conv2d(tf.ones([1, 6, 6, 2]), tf.ones([3, 3, 2, 2]), [1, 1, 1, 1],
                               "VALID")
        tf.nn.avg_pool(tf.ones([1, 6, 6, 2]), [1, 3, 3, 1], [1, 2, 2, 1], "VALID")
        tf.argmax(y, 1)
        tf.squared_difference(y, 1.0)
        tf.maximum(y, 0.5) / tf.minimum(y, 2.0) ** 2.0
        tf.nn.conv3d(tf.ones([1, 4, 4, 4, 1]), tf.ones([2, 2, 2, 1, 3]), [1, 1, 1, 1, 1],
                     "VALID")
    tf.assign_add(w, tf.ones([3, 4]))


def _opt(tf):
    return tf.profiler.ProfileOptionBuilder


# name: (graph, cmd, options)
CASES = {
    "scope_flops": (conv_graph, "scope", lambda tf: _opt(tf).float_operation()),
    "scope_params": (conv_graph, "scope", lambda tf: _opt(tf).trainable_variables_parameter()),
    "op_flops": (conv_graph, "op", lambda tf: _opt(tf).float_operation()),
    "op_params": (conv_graph, "op", lambda tf: _opt(tf).trainable_variables_parameter()),
    "scope_depth2_name": (conv_graph, "scope", lambda tf: _opt(tf)(
        _opt(tf).float_operation()).with_max_depth(2).order_by("name").select(
            ["float_ops", "params"]).build()),
    "scope_start_hide": (conv_graph, "scope", lambda tf: _opt(tf)(
        _opt(tf).float_operation()).with_node_names(
            start_name_regexes=["fc.*"], hide_name_regexes=[".*Initializer.*"]).build()),
    "scope_occurrence": (conv_graph, "scope", lambda tf: _opt(tf)(
        _opt(tf).float_operation()).select(["float_ops", "op_types", "occurrence"]).build()),
    "ops_op_view": (ops_graph, "op", lambda tf: _opt(tf).float_operation()),
    "ops_graph_view": (ops_graph, "graph", lambda tf: _opt(tf).float_operation()),
    "ops_all_params_shapes": (ops_graph, "scope", lambda tf: _opt(tf)(
        _opt(tf).trainable_variables_parameter()).with_accounted_types([".*"]).select(
            ["params", "float_ops", "input_shapes"]).with_max_depth(4).build()),
    "ops_op_by_params": (ops_graph, "op", lambda tf: _opt(tf)(_opt(tf).float_operation()).select(
        ["float_ops", "params", "occurrence", "op_types"]).order_by("params").build()),
    "ops_graph_params": (ops_graph, "graph",
                         lambda tf: _opt(tf).trainable_variables_parameter()),
    "ops_trim": (ops_graph, "scope", lambda tf: _opt(tf)(_opt(tf).float_operation())
                 .with_node_names(trim_name_regexes=["blk"]).build()),
    "ops_graph_start": (ops_graph, "graph", lambda tf: _opt(tf)(_opt(tf).float_operation())
                        .with_node_names(start_name_regexes=["blk/add.*"]).build()),
}
