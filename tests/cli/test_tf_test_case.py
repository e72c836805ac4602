"""A legacy TF1 test suite, unchanged but for the import, runs under pytest with tf.test."""
import numpy as np

import tfcompat as tf


class LegacyStyleTest(tf.test.TestCase):

    def test_session_and_asserts(self):
        with self.test_session() as sess:
            x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
            y = tf.matmul(x, x)
            self.assertAllClose(sess.run(y), [[7.0, 10.0], [15.0, 22.0]])
            self.assertAllEqual(tf.shape(y).eval(), [2, 2])
            self.assertAllClose(y, np.array([[7.0, 10.0], [15.0, 22.0]]))
            self.assertIs(tf.get_default_session(), sess)

    def test_cached_session_is_reused_and_graph_reset(self):
        self.assertEqual(len(tf.get_default_graph().get_operations()), 0)
        with self.cached_session() as first:
            tf.constant(1.0, name="c")
        with self.cached_session() as second:
            self.assertIs(first, second)
            self.assertEqual(second.run("c:0"), 1.0)

    def test_cpu_placement_by_default(self):
        with self.test_session():
            c = tf.constant(1.0)
        self.assertDeviceEqual(c.device, "/device:CPU:0")

    def test_evaluate_and_nested_close(self):
        a = tf.constant([1.0, 2.0])
        self.assertAllClose({"a": self.evaluate(a), "b": (1.0, [2.0])},
                            {"a": [1.0, 2.000001], "b": (1.0, [2.0])})

    def test_failures_are_assertion_errors(self):
        with self.assertRaises(AssertionError):
            self.assertAllClose([1.0, 2.0], [1.0, 2.1])
        with self.assertRaisesRegex(AssertionError, "Shape mismatch"):
            self.assertAllEqual([1, 2], [1, 2, 3])
        self.assertNotAllClose([1.0], [2.0])
        self.assertAllInRange([1, 2, 3], 1, 3)
        self.assertAllGreater([2, 3], 1)
        self.assertAllLessEqual([2, 3], 3)
        self.assertArrayNear([1.0, 2.0], [1.0, 2.05], 0.1)
        self.assertShapeEqual(np.zeros((2, 3)), tf.zeros([2, 3]))

    def test_raises_op_error(self):
        x = tf.placeholder(tf.float32)
        with self.test_session() as sess, self.assertRaisesOpError(
                "You must feed a value for placeholder tensor"):
            sess.run(x)

    def test_gradient_checker(self):
        with self.test_session():
            x = tf.placeholder(tf.float64, [3])
            y = tf.square(x) * 2.0
            error = tf.test.compute_gradient_error(x, [3], y, [3],
                                                   x_init_value=np.array([1.0, -2.0, 0.5]))
        self.assertLess(error, 1e-6)


def test_module_helpers():
    assert tf.test.is_gpu_available() == (tf.test.gpu_device_name() == "/device:GPU:0")
    assert tf.test.is_built_with_xla() is False
    assert tf.gfile.IsDirectory(tf.test.get_temp_dir())
