"""`K.get_session()` initializes the variables of tf.layers layers and tf.nn.rnn_cell cells (TF's
are Keras layers whose `add_weight` tracks them), but not plain `tf.get_variable` ones."""


def test_get_session_initializes_tf_layers_and_cell_variables(tf):
    tf.set_random_seed(2)
    x = tf.placeholder(tf.float32, [None, 3])
    with tf.variable_scope('ae', initializer=tf.glorot_uniform_initializer(seed=7)):
        tf.layers.dense(x, 2)
        cell = tf.nn.rnn_cell.BasicLSTMCell(2, name='c')
        tf.nn.dynamic_rnn(cell, x[:, None, :], dtype=tf.float32)
        tf.get_variable('plain', [2])
    sess = tf.keras.backend.get_session()
    uninit = [s.decode() for s in sess.run(tf.report_uninitialized_variables())]
    assert uninit == ['ae/plain']


def test_get_session_then_initializer_draws_again(tf):
    # the tracked kernel is initialized by get_session (first draw); running its initializer
    # again draws the op's next numbers, as in TF
    tf.set_random_seed(1)
    x = tf.placeholder(tf.float32, [None, 2])
    tf.layers.dense(x, 2, kernel_initializer=tf.random_uniform_initializer(seed=3))
    kernel = tf.global_variables()[0]
    sess = tf.keras.backend.get_session()
    first = sess.run(kernel)
    sess.run(kernel.initializer)
    second = sess.run(kernel)
    assert abs(first - second).max() > 0.01
