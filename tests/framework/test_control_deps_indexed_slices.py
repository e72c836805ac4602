"""`tf.control_dependencies` takes an IndexedSlices (an embedding table's gradient) as TF does:
its values' op becomes the control input (a Wide & Deep program that waits for every gradient
before its optimizers' updates)."""


def test_indexed_slices_control_input(tf):
    table = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    loss = tf.reduce_sum(tf.nn.embedding_lookup(table, [0, 2]) * 2.0)
    grad = tf.gradients(loss, [table])[0]
    assert type(grad).__name__ == "IndexedSlices"
    with tf.control_dependencies([grad]):
        out = tf.identity(loss)
    assert grad.op in out.op.control_inputs
    with tf.control_dependencies([grad]):
        step = tf.train.GradientDescentOptimizer(0.5).apply_gradients([(grad, table)])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(out) == 28.0
        sess.run(step)
        assert sess.run(table).tolist() == [[0.0, 1.0], [3.0, 4.0], [4.0, 5.0]]
