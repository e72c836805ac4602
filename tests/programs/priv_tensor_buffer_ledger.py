"""tensorflow/privacy privacy/analysis/tensor_buffer.py + privacy_ledger.py (2019): a resizable
resource-variable buffer (placeholder_with_default initial value of unknown shape, validate_shape=False
assign doubling capacity in tf.cond, sliced assign, asserts), recording (l2_clip, stddev) per query."""
import numpy as np
TAGS = ['variables', 'control_flow', 'shapes', 'errors']
TOLERANCE = {'*': (1e-5, 1e-6)}


class TensorBuffer(object):
    def __init__(self, tf, initial_capacity, shape, dtype=None, name=None):
        self.tf = tf
        shape = list(shape)
        self._rank = len(shape)
        self._dtype = dtype or tf.int32
        if not self._rank:
            raise ValueError('Shape cannot be scalar.')
        shape = [initial_capacity] + shape
        with tf.variable_scope(name):
            self._buffer = tf.Variable(
                initial_value=tf.placeholder_with_default(tf.zeros(shape, self._dtype), shape=None),
                trainable=False, name='buffer', use_resource=True)
            self._current_size = tf.Variable(initial_value=0, dtype=tf.int32, trainable=False, name='current_size')
            self._capacity = tf.Variable(initial_value=initial_capacity, dtype=tf.int32, trainable=False,
                                         name='capacity')

    def append(self, value):
        tf = self.tf

        def _double_capacity():
            padding = tf.zeros_like(self._buffer, self._buffer.dtype)
            new_buffer = tf.concat([self._buffer, padding], axis=0)
            assign_buffer_op = tf.assign(self._buffer, new_buffer, validate_shape=False)
            with tf.control_dependencies([assign_buffer_op]):
                return tf.assign(self._capacity, self._capacity * 2)

        update_buffer_op = tf.cond(tf.equal(self._current_size, self._capacity), _double_capacity,
                                   lambda: tf.identity(self._capacity))
        with tf.control_dependencies([update_buffer_op]):
            with tf.control_dependencies([
                    tf.assert_less(self._current_size, self._capacity, message='Appending past end of TensorBuffer.'),
                    tf.assert_equal(tf.shape(value), tf.shape(self._buffer)[1:],
                                    message='Appending value of inconsistent shape.')]):
                with tf.control_dependencies([tf.assign(self._buffer[self._current_size, :], value)]):
                    return tf.assign_add(self._current_size, 1)

    @property
    def values(self):
        tf = self.tf
        begin_value = tf.zeros([self._rank + 1], dtype=tf.int32)
        value_size = tf.concat([[self._current_size], tf.constant(-1, tf.int32, [self._rank])], 0)
        return tf.slice(self._buffer, begin_value, value_size)

    @property
    def current_size(self):
        return self._current_size

    @property
    def capacity(self):
        return self._capacity


def main(tf):
    tf.set_random_seed(3)
    buf = TensorBuffer(tf, 2, [3], tf.float32, name='query_buffer')
    sample_count = tf.Variable(0.0, trainable=False, name='sample_count')
    clip = tf.placeholder(tf.float32, [], name='clip')
    stddev = clip * 1.1
    entry = tf.stack([tf.cast(sample_count, tf.float32), clip, stddev])
    with tf.control_dependencies([entry]):
        inc = tf.assign_add(sample_count, 1.0)
    with tf.control_dependencies([inc]):
        record = buf.append(entry)
    bad = buf.append(tf.constant([1.0, 2.0]))
    out = {'buffer_shape': str(buf._buffer.shape), 'values_shape': str(buf.values.shape),
           'var_names': [v.op.name for v in tf.global_variables()],
           'buffer_dtype': buf._buffer.dtype.name, 'record_type': record.op.type,
           'slice_assign_type': [o.type for o in tf.get_default_graph().get_operations()
                                 if o.name.startswith('StridedSlice')][:2]}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sizes = []
        for k in range(5):
            sizes.append(sess.run(record, {clip: 0.5 + k}))
        out['sizes'] = np.array(sizes)
        out['capacity'] = sess.run(buf.capacity)
        out['values'] = sess.run(buf.values)
        out['full_shape'] = sess.run(tf.shape(buf._buffer))
        try:
            sess.run(bad)
            out['err'] = 'none'
        except tf.errors.InvalidArgumentError as e:
            out['err'] = type(e).__name__ + ': ' + str('Appending value of inconsistent shape.' in e.message)
        out['after_err_size'] = sess.run(buf.current_size)
    try:
        TensorBuffer(tf, 2, [], name='scalar')
    except ValueError as e:
        out['scalar_err'] = str(e)
    return out
