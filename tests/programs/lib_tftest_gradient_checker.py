"""tensorflow/models + gpflow-1 gradient tests: tf.test.compute_gradient and
compute_gradient_error on placeholders and constants, lists of inputs, x_init_value, delta,
float32 vs float64, extra_feed_dict, and a deliberately wrong custom gradient."""
import unittest

import numpy as np

TAGS = ['tooling', 'gradients']

FULL_MESSAGES = True


def _norm(text):
    # an OpError's str() is TF-version dependent (TF2's "Graph execution error:" + stack)
    if "Graph execution error" in text or "[[node " in text:
        return ("Exception of type " if "Exception of type" in text else "") + "<op error>"
    return text


def _first_line(e):
    lines = [ln for ln in _norm(str(e)).splitlines() if ln.strip()]
    return lines[0].strip() if lines else ""


class _Recorder(unittest.TestResult):
    def __init__(self):
        super(_Recorder, self).__init__()
        self.rec = {}

    def _put(self, test, status, err=None):
        kind, text = ("", "") if err is None else (err[0].__name__, _first_line(err[1]))
        self.rec[test._testMethodName] = [status, kind, text]
        if err is not None and FULL_MESSAGES:
            self.rec[test._testMethodName].append(_norm(str(err[1]))[:800])

    def addSuccess(self, test):
        self._put(test, "pass")

    def addFailure(self, test, err):
        self._put(test, "fail", err)

    def addError(self, test, err):
        self._put(test, "error", err)

    def addSkip(self, test, reason):
        self.rec[test._testMethodName] = ["skip", "", str(reason)[:60]]


def run_case(cls):
    names = unittest.TestLoader().getTestCaseNames(cls)
    result = _Recorder()
    unittest.TestSuite([cls(n) for n in names]).run(result)
    return result.rec


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
