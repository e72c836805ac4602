"""tf.nn.nce_loss / sampled_softmax_loss sum rows as TF's `_sum_rows` does: a MatMul with a column
of ones (so the true logits add `<scope>/MatMul_1` and the loss ends in top-level Shape,
strided_slice, stack, ones, MatMul, Reshape ops; later unnamed ops get TF's suffixes, as in the
McClure cookbook's word2vec, whose similarity MatMul is `MatMul_1`). Expected from TF 2.21."""
import numpy as np


def _new_ops(tf, n0):
    return [o.name for o in tf.get_default_graph().get_operations()[n0:]]


def test_nce_loss_op_names_and_shapes(tf):
    w = tf.Variable(tf.ones([10, 4])); b = tf.Variable(tf.zeros([10]))
    x = tf.placeholder(tf.float32, [8, 4]); y = tf.placeholder(tf.int64, [8, 1])
    n0 = len(tf.get_default_graph().get_operations())
    loss = tf.nn.nce_loss(weights=w, biases=b, inputs=x, labels=y, num_sampled=5, num_classes=10)
    ops = _new_ops(tf, n0)
    assert [n for n in ops if "MatMul" in n] == ["nce_loss/MatMul", "nce_loss/MatMul_1", "MatMul"]
    assert [n for n in ops if not n.startswith(("nce_loss", "sampled_losses"))] == [
        "Shape", "strided_slice/stack", "strided_slice/stack_1", "strided_slice/stack_2",
        "strided_slice", "stack/1", "stack", "ones_1/Const", "ones_1", "MatMul",
        "Reshape/shape", "Reshape"]
    assert loss.name == "Reshape:0" and loss.shape.as_list() == [8]
    n0 = len(tf.get_default_graph().get_operations())
    tf.nn.sampled_softmax_loss(w, b, y, x, num_sampled=5, num_classes=10, seed=10)
    assert [n for n in _new_ops(tf, n0) if "MatMul" in n] == [
        "sampled_softmax_loss/MatMul", "sampled_softmax_loss/MatMul_1"]
    l2 = tf.nn.nce_loss(w, b, tf.placeholder(tf.int64, [None, 1]),
                        tf.placeholder(tf.float32, [None, 4]), 3, 10)
    assert l2.name == "Reshape_1:0" and l2.shape.as_list() == [None]
    assert tf.matmul(x, w, transpose_b=True).name == "MatMul_2:0"


def test_nce_loss_values_and_gradient(tf):
    tf.set_random_seed(3)
    w = tf.Variable(np.arange(40, dtype=np.float32).reshape(10, 4) / 40.)
    b = tf.Variable(np.linspace(-1, 1, 10).astype(np.float32))
    x = tf.placeholder(tf.float32, [8, 4]); y = tf.placeholder(tf.int64, [8, 2])
    loss = tf.nn.nce_loss(weights=w, biases=b, inputs=x, labels=y, num_sampled=5,
                          num_classes=10, num_true=2)
    gx = tf.gradients(tf.reduce_sum(loss), x)[0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        feed = {x: np.linspace(-1, 1, 32).reshape(8, 4).astype(np.float32),
                y: np.arange(16).reshape(8, 2) % 10}
        value, grad = sess.run([loss, gx], feed)
    np.testing.assert_allclose(value, [3.078778, 3.385603, 3.8058538, 4.7398133, 6.57162,
                                       6.590833, 7.7442517, 10.024704], rtol=1e-6)
    np.testing.assert_allclose(grad[:2], [[0.2880402, 0.3058428, 0.3236456, 0.3414482],
                                          [0.334248, 0.3626723, 0.3910967, 0.419521]], rtol=1e-5)
