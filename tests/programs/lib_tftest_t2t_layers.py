"""tensor2tensor common_layers_test style: test_session, assertAllClose (rtol/atol), evaluate,
shape asserts, a failing assertAllClose and assertAllEqual."""
import numpy as np

from _tftest_results import run_case  # the harness these programs share

TAGS = ['tooling', 'errors', 'random']


def main(tf):
    seen = {}

    class CommonLayersTest(tf.test.TestCase):

        def testIndexLastDimWithIndices(self):
            x = np.array([[2., 3., 4., 5.], [6., 7., 8., 9.]])
            indices = np.array([2, 0])
            x_idx = tf.reduce_sum(tf.one_hot(indices, 4, dtype=tf.float64) * x, axis=-1)
            with self.test_session() as sess:
                seen["idx"] = sess.run(x_idx)
            self.assertAllEqual(seen["idx"], [4., 6.])

        def testSaturatingSigmoid(self):
            x = np.array([-120.0, -100.0, 0.0, 100.0, 120.0], dtype=np.float32)
            y = tf.minimum(1.0, tf.maximum(0.0, 1.2 * tf.sigmoid(x) - 0.1))
            res = self.evaluate(y)
            seen["sat"] = res
            self.assertAllClose(res, [0.0, 0.0, 0.5, 1.0, 1.0])

        def testShapeList(self):
            x = tf.placeholder(tf.float32, shape=[None, 2, 3])
            shape = x.get_shape().as_list()
            dims = [shape[i] if shape[i] is not None else tf.shape(x)[i] for i in range(3)]
            with self.test_session() as sess:
                seen["dim0"] = sess.run(dims[0], {x: np.zeros((5, 2, 3))})
            self.assertEqual(dims[1:], [2, 3])
            self.assertShapeEqual(np.zeros((5, 2, 3)), tf.zeros([5, 2, 3]))

        def testLayerNormTolerance(self):
            x = np.random.rand(2, 3).astype(np.float32)
            seen["np_rand"] = x
            mean, var = tf.nn.moments(tf.constant(x), [-1], keep_dims=True)
            y = (x - mean) * tf.rsqrt(var + 1e-6)
            with self.cached_session():
                res = y.eval()
            seen["ln"] = res
            self.assertAllClose(np.mean(res, -1), [0.0, 0.0], atol=1e-5)
            self.assertAllClose(np.var(res, -1), [1.0, 1.0], rtol=1e-3)

        def testFailingClose(self):
            self.assertAllClose([1.0, 2.0, 3.0], [1.0, 2.1, 3.0], rtol=1e-2, atol=1e-3)

        def testFailingCloseMsg(self):
            a = tf.constant([[1.0, 2.0], [3.0, 4.0]])
            with self.test_session():
                self.assertAllClose(a, [[1.0, 2.0], [3.0, 4.5]], msg="layer output")

        def testFailingEqual(self):
            self.assertAllEqual(np.array([1, 2, 3]), np.array([1, 5, 3]))

        def testFailingShape(self):
            self.assertAllEqual([[1, 2]], [1, 2])

        def testFailingCloseShape(self):
            self.assertAllClose(np.zeros((2, 2)), np.zeros(4))

        def testRandomDefaultSeed(self):
            r = tf.random_uniform([3])
            with self.test_session() as sess:
                seen["rand"] = sess.run(r)
                seen["graph_seed"] = str(tf.get_default_graph().seed)

    out = {"results": run_case(CommonLayersTest)}
    out.update(seen)
    return out
