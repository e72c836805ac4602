"""tf.contrib.layers.summarize_* (TF 1.15 contrib/layers/summaries.py). TF 2.21 has no contrib:
the expected names and values come from running, under TF 2.21, the core tf.summary calls that
TF 1.15's summaries.py makes."""
import pytest


@pytest.mark.tfcompat_only
def test_summarize_activations_and_tensors(tf):
    x = tf.constant([[-1.0, 2.0, 7.0, -3.0], [0.5, 8.0, -0.1, 1.0]])
    with tf.name_scope("layer1"):
        a = tf.nn.relu6(x)
        b = tf.nn.relu(x * 2.0)
    for t in [a, b]:
        tf.add_to_collection(tf.GraphKeys.ACTIVATIONS, t)
    hs = tf.contrib.layers.summarize_activations()
    ts = tf.contrib.layers.summarize_tensors([tf.reduce_sum(x, name="total"),
                                              tf.constant(["s"]), x])
    assert [h.name for h in hs] == ["layer1/Relu6/activation:0", "layer1/Relu/activation:0"]
    assert [None if t is None else t.name for t in ts] == ["total_summary:0", None,
                                                          "Const_summary:0"]
    assert sorted(t.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)) == [
        "Const_summary:0", "layer1/Relu/activation:0", "layer1/Relu/zeros:0",
        "layer1/Relu6/activation:0", "layer1/Relu6/sixes:0", "layer1/Relu6/zeros:0",
        "total_summary:0"]
    with tf.Session() as sess:
        summary = tf.Summary.FromString(sess.run(tf.summary.merge_all()))
    scalars = [(v.tag, round(v.simple_value, 4)) for v in summary.value
               if v.HasField("simple_value")]
    assert scalars == [("layer1/Relu6/zeros", 0.375), ("layer1/Relu6/sixes", 0.25),
                       ("layer1/Relu/zeros", 0.375), ("total_summary", 14.4)]
    histos = [(v.tag, v.histo.num, v.histo.max) for v in summary.value if v.HasField("histo")]
    assert histos == [("layer1/Relu6/activation", 8.0, 6.0), ("layer1/Relu/activation", 8.0, 16.0),
                      ("Const_summary", 8.0, 8.0)]


@pytest.mark.tfcompat_only
def test_summarize_collection_filters_by_op_name(tf):
    w = tf.get_variable("dense/kernel", [2], initializer=tf.ones_initializer())
    tf.get_variable("other/bias", [], initializer=tf.zeros_initializer())
    tf.add_to_collection(tf.GraphKeys.WEIGHTS, w)
    assert [s.name for s in tf.contrib.layers.summarize_weights()] == ["dense/kernel_summary:0"]
    names = [s.name for s in tf.contrib.layers.summarize_variables(name_filter="other")]
    assert names == ["other/bias_summary:0"]


@pytest.mark.tfcompat_only
def test_contrib_recompute_grad(tf):
    # TF 1.15's contrib.layers.recompute_grad: same values and gradients as fn itself (the
    # numbers are those TF 2.21 gives for fn without recomputation); fn's is_recomputing
    # argument is False on the forward call; non-Tensor inputs are refused.
    seen = []

    def fn(x, is_recomputing=False):
        seen.append(is_recomputing)
        return tf.layers.dense(x, 2, kernel_initializer=tf.ones_initializer(), name="d") * \
            x[:, :2]
    x = tf.constant([[1.0, 2.0, 3.0]])
    y = tf.contrib.layers.recompute_grad(fn)(x)
    grads = tf.gradients(tf.reduce_sum(y), [x] + tf.trainable_variables())
    assert seen == [False]
    assert [v.name for v in tf.trainable_variables()] == ["d/kernel:0", "d/bias:0"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        vy, (gx, gk, gb) = sess.run([y, grads])
    assert vy.tolist() == [[6.0, 12.0]]
    assert gx.tolist() == [[9.0, 9.0, 3.0]]
    assert gk.tolist() == [[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]] and gb.tolist() == [1.0, 2.0]
    with pytest.raises(ValueError, match="^All inputs to function must be Tensors$"):
        tf.contrib.layers.recompute_grad(fn)(1.0)
