"""tensorflow/models + gpflow-1 gradient tests: tf.test.compute_gradient and
compute_gradient_error on placeholders and constants, lists of inputs, x_init_value, delta,
float32 vs float64, extra_feed_dict, and a deliberately wrong custom gradient."""
import numpy as np

from _tftest_results import run_case  # the harness these programs share

TAGS = ['tooling', 'gradients']


def main(tf):
    seen = {}

    class GradientCheckTest(tf.test.TestCase):

        def testSoftplusGrad(self):
            with self.test_session():
                x = tf.placeholder(tf.float64, [2, 3], name="x")
                y = tf.nn.softplus(x * 2.0)
                x0 = np.array([[-1.0, 0.0, 0.5], [1.0, 2.0, -0.3]])
                theo, num = tf.test.compute_gradient(x, [2, 3], y, [2, 3], x_init_value=x0)
                err = tf.test.compute_gradient_error(x, [2, 3], y, [2, 3], x_init_value=x0)
            seen["softplus"] = [theo, num, theo.shape, str(theo.dtype)]
            self.assertLess(err, 1e-6)

        def testFloat32Delta(self):
            with self.cached_session():
                x = tf.constant([0.3, -0.7, 1.2], dtype=tf.float32)
                y = tf.tanh(x) * tf.reduce_sum(x)
                theo, num = tf.test.compute_gradient(x, [3], y, [3], delta=1e-2,
                                                     x_init_value=np.array([0.3, -0.7, 1.2],
                                                                           np.float32))
            seen["tanh"] = [theo, str(num.dtype)]
            self.assertAllClose(theo, num, rtol=1e-2, atol=1e-2)

        def testListOfInputs(self):
            with self.test_session():
                a = tf.placeholder(tf.float64, [2], name="a")
                b = tf.placeholder(tf.float64, [2, 2], name="b")
                y = tf.reduce_sum(tf.matmul(tf.expand_dims(a, 0), b), name="y")
                grads = tf.test.compute_gradient(
                    [a, b], [[2], [2, 2]], y, [],
                    x_init_value=[np.array([1.0, 2.0]), np.array([[1.0, -1.0], [0.5, 2.0]])])
                err = tf.test.compute_gradient_error([a, b], [[2], [2, 2]], y, [])
            seen["list"] = [g[0] for g in grads]
            seen["list_types"] = [type(grads).__name__, len(grads)]
            self.assertLess(err, 1e-6)

        def testExtraFeed(self):
            with self.test_session():
                x = tf.placeholder(tf.float64, [2])
                scale = tf.placeholder(tf.float64, [])
                y = tf.square(x) * scale
                err = tf.test.compute_gradient_error(
                    x, [2], y, [2], x_init_value=np.array([1.0, 3.0]),
                    extra_feed_dict={scale: 2.5})
            seen["extra"] = err < 1e-6

        def testWrongGradientIsCaught(self):
            @tf.custom_gradient
            def bad_square(v):
                def grad(dy):
                    return dy * v   # should be 2 * v
                return tf.square(v), grad

            with self.test_session():
                x = tf.placeholder(tf.float64, [3])
                y = bad_square(x)
                err = tf.test.compute_gradient_error(x, [3], y, [3],
                                                     x_init_value=np.array([1.0, 2.0, 3.0]))
            seen["bad_err"] = err
            self.assertLess(err, 1e-4)

        def testRandomInitValue(self):
            with self.test_session():
                x = tf.placeholder(tf.float64, [2, 2])
                y = tf.matrix_determinant(x)
                theo, num = tf.test.compute_gradient(x, [2, 2], y, [])
            seen["det"] = [theo, num]
            self.assertAllClose(theo, num, atol=1e-6)

    out = {"results": run_case(GradientCheckTest)}
    out.update(seen)
    return out
