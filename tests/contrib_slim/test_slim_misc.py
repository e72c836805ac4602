"""slim.summaries, slim.model_analyzer and slim.queues. Expected values recorded from tf_slim
1.1.0 (TF 1.15's contrib.slim) on TF 2.21 compat.v1."""


def test_summaries(tf, slim):
    x = tf.placeholder(tf.float32, [None, 4, 4, 3], name="img")
    y = slim.conv2d(x, 2, [3, 3], scope="conv")
    hist = slim.summaries.add_histogram_summary(y, prefix="pre")
    printed = slim.summaries.add_scalar_summary(tf.reduce_mean(y), name="m", print_summary=True)
    zeros = slim.summaries.add_zero_fraction_summaries([y], prefix="z")
    image = slim.summaries.add_image_summary(x)
    assert (hist.op.name, printed.op.name, printed.op.type) == ("pre/conv/Relu", "Print", "Print")
    assert [s.op.name for s in zeros] == ["z/conv/Relu/Fraction_of_Zero_Values"]
    assert image.op.name == "img_1"
    assert [t.op.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)] == [
        "pre/conv/Relu", "Print", "z/conv/Relu/Fraction_of_Zero_Values", "img_1"]


def test_model_analyzer(tf, slim, capsys):
    x = tf.placeholder(tf.float32, [None, 4, 4, 3])
    y = slim.conv2d(x, 2, [3, 3], scope="conv")
    assert slim.model_analyzer.analyze_vars(tf.trainable_variables(), print_info=True) == (
        56, 224)
    assert capsys.readouterr().out.splitlines()[3:] == [
        "conv/weights:0 (float32_ref 3x3x3x2) [54, bytes: 216]",
        "conv/biases:0 (float32_ref 2) [2, bytes: 8]",
        "Total size of variables: 56", "Total bytes of variables: 224"]
    assert slim.model_analyzer.tensor_description(y) == "(float32 ?x4x4x2)"
    assert slim.model_analyzer.tensor_description(tf.constant(1.0)) == "(float32 )"
    with tf.Graph().as_default() as graph:
        tf.add(tf.zeros([2, 3]), tf.ones([2, 3]))
        assert slim.model_analyzer.analyze_ops(graph) == 18


def test_queue_runners(tf, slim):
    queue = tf.FIFOQueue(10, tf.float32)
    tf.train.add_queue_runner(tf.train.QueueRunner(queue, [queue.enqueue([1.0])]))
    with tf.Session() as sess:
        with slim.queues.QueueRunners(sess):
            assert sess.run(queue.dequeue()) == 1.0
            try:
                with slim.queues.QueueRunners(sess):
                    raise AssertionError("QueueRunners nested")
            except slim.queues.NestedQueueRunnerError as e:
                assert str(e) == "QueueRunners cannot be nested"


def test_end_points_from_outputs_collections(tf, slim):
    x = tf.placeholder(tf.float32, [None, 8, 8, 3])
    with tf.variable_scope("net") as sc:
        collection = sc.original_name_scope + "_end_points"
        with slim.arg_scope([slim.conv2d, slim.max_pool2d, slim.flatten, slim.fully_connected],
                            outputs_collections=collection):
            net = slim.conv2d(x, 4, [3, 3], scope="conv1")
            net = slim.max_pool2d(net, [2, 2], scope="pool1")
            net = slim.repeat(net, 2, slim.conv2d, 4, [1, 1], scope="conv2")
            net = slim.fully_connected(slim.flatten(net), 3, scope="fc")
        end_points = slim.utils.convert_collection_to_dict(collection)
    assert collection == "net/_end_points"
    assert [(k, t.name) for k, t in end_points.items()] == [
        ("net/conv1", "net/conv1/Relu:0"), ("net/pool1", "net/pool1/MaxPool:0"),
        ("net/conv2/conv2_1", "net/conv2/conv2_1/Relu:0"),
        ("net/conv2/conv2_2", "net/conv2/conv2_2/Relu:0"),
        ("net/Flatten", "net/Flatten/flatten/Reshape:0"), ("net/fc", "net/fc/Relu:0")]
    assert slim.utils.get_tensor_aliases(tf.constant(1.0, name="c")) == ["c"]
    assert slim.utils.gather_tensors_aliases([net]) == ["net/fc"]
    slim.utils.convert_collection_to_dict(collection, clear_collection=True)
    assert tf.get_collection(collection) == []


def test_utils_helpers(tf, slim):
    x = tf.placeholder(tf.float32, [None, 8, 8, 3])
    assert slim.utils.two_element_tuple(3) == (3, 3)
    assert slim.utils.n_positive_integers(2, [3, 4]) == (3, 4)
    assert slim.utils.last_dimension(x.get_shape(), min_rank=4) == 3
    assert slim.utils.channel_dimension(x.get_shape(), "channels_first") == 8
    assert slim.utils.constant_value(tf.constant(True))
    assert slim.utils.constant_value(tf.placeholder(tf.bool)) is None
    assert slim.utils.smart_cond(tf.constant(False), lambda: 1, lambda: 2) == 2
