"""The build-time errors blog readers pasted into Stack Overflow: matmul/concat/reshape shape
mismatches, dynamic_rnn without dtype or initial_state, an RNN cell reused with another input size,
optimizer with no gradients, Saver with no variables, variable_scope reuse mixups."""
TAGS = ['errors', 'shapes', 'rnn']


def main(tf):
    out = {}
    cases = []

    def attempt(key, fn):
        try:
            r = fn()
            cases.append((key, 'ok', str(getattr(r, 'shape', ''))))
        except Exception as e:
            # the node text after " for '{{node" differs by TF version (MatMul's grad_a attrs
            # are TF 2.x's) and by dynamic_rnn's fused path (no while/ scope): keep the message
            cases.append((key, type(e).__name__, str(e).split('\n')[0].split(" for '{{node")[0]))

    a = tf.placeholder(tf.float32, [4, 3])
    b = tf.placeholder(tf.float32, [4, 3])
    attempt('matmul', lambda: tf.matmul(a, b))
    attempt('concat_rank', lambda: tf.concat([a, tf.zeros([4])], 0))
    attempt('concat_dim', lambda: tf.concat([a, tf.zeros([5, 2])], 0))
    attempt('reshape', lambda: tf.reshape(a, [5, -1]))
    attempt('add_bcast', lambda: a + tf.zeros([4]))
    attempt('dtype_mix', lambda: a + tf.constant(1, tf.int32))
    seq = tf.placeholder(tf.float32, [2, 5, 3])
    cell = tf.nn.rnn_cell.BasicLSTMCell(4)
    attempt('rnn_no_dtype', lambda: tf.nn.dynamic_rnn(cell, seq))
    attempt('rnn_ok', lambda: tf.nn.dynamic_rnn(cell, seq, dtype=tf.float32, scope='r1')[0])
    attempt('rnn_reuse_other_size',
            lambda: tf.nn.dynamic_rnn(cell, tf.zeros([2, 5, 7]), dtype=tf.float32, scope='r1')[0])
    v = tf.Variable(1.0, name='v')
    c = tf.constant(2.0)
    attempt('no_grads', lambda: tf.train.GradientDescentOptimizer(0.1).minimize(c * 2.0))
    g2 = tf.Graph()
    with g2.as_default():
        attempt('saver_empty', lambda: tf.train.Saver())
    attempt('get_var_no_shape', lambda: tf.get_variable('nos'))
    attempt('squeeze_bad', lambda: tf.squeeze(a, [1]))
    attempt('gather_ok', lambda: tf.gather(a, [0, 2], axis=1))
    attempt('one_hot_float', lambda: tf.one_hot(tf.constant([0.0, 1.0]), 3))
    attempt('split_uneven', lambda: tf.split(a, 2, axis=1))
    attempt('transpose_perm', lambda: tf.transpose(a, [0, 2]))
    attempt('stack_mismatch', lambda: tf.stack([a, tf.zeros([3, 4])]))
    attempt('sce_labels', lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=tf.zeros([4, 3], tf.int32), logits=a))
    attempt('assign_dtype', lambda: tf.assign(v, tf.constant(1, tf.int32)))
    out['cases'] = cases
    out['v_after'] = v.name
    return out
