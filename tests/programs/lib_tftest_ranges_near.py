"""tensorflow_probability / distributions tests (TF1 era): assertAllInRange (open bounds,
NaNs, violations), assertAllInSet, assertAllGreater/Less(Equal), assertNear and assertArrayNear,
assertNDArrayNear, assertDTypeEqual, assertAllCloseAccordingToType on float16, assertNotAllClose
and assertNotAllEqual, with the failure texts of each."""
import numpy as np

from _tftest_results import run_case  # the harness these programs share

TAGS = ['tooling', 'errors', 'fp16']


def main(tf):
    seen = {}

    class DistributionTest(tf.test.TestCase):

        def testUniformSamplesInRange(self):
            s = tf.random_uniform([50], minval=-1.0, maxval=2.0, seed=11)
            vals = self.evaluate(s)
            seen["unif_head"] = vals[:4]
            self.assertAllInRange(vals, -1.0, 2.0)
            self.assertAllInRange(s, -1.0, 2.0, open_upper_bound=True)

        def testRangeViolation(self):
            self.assertAllInRange(np.array([[0.1, 1.5], [-0.2, 0.9]]), 0.0, 1.0)

        def testOpenBoundViolation(self):
            self.assertAllInRange(tf.constant([0, 1, 2, 3]), 0, 3, open_lower_bound=True)

        def testRangeNaN(self):
            self.assertAllInRange([0.5, np.nan, 0.2], 0.0, 1.0)

        def testRangeWrongType(self):
            self.assertAllInRange(np.array(["a"]), 0, 1)

        def testInSet(self):
            c = tf.multinomial(tf.log([[0.2, 0.3, 0.5]]), 20, seed=3)
            self.assertAllInSet(c, [0, 1, 2])
            self.assertAllInSet([1, 4, 4, 7], [1, 2])

        def testGreaterLess(self):
            self.assertAllGreater(tf.constant([2.0, 3.0]), 1.0)
            self.assertAllLessEqual([1, 2, 3], 3)
            self.assertAllLess(np.array([1.0, 5.0]), 4.0)

        def testGreaterEqualFails(self):
            self.assertAllGreaterEqual([0.5, -0.1], 0.0)

        def testNear(self):
            self.assertNear(1.0, 1.0005, 1e-3)
            self.assertArrayNear([1.0, 2.0], np.array([1.01, 2.0]), 0.02)
            self.assertNear(3.0, 3.5, 0.1, msg="mean")

        def testArrayNearLength(self):
            self.assertArrayNear([1.0, 2.0], [1.0], 0.1)

        def testNDArrayNear(self):
            self.assertNDArrayNear(np.ones((2, 2)), np.ones((2, 2)) + 1e-4, 1e-3)
            self.assertNDArrayNear(np.ones(3), np.zeros(3), 0.5, msg="norm")

        def testDTypes(self):
            self.assertDTypeEqual(tf.constant([1, 2], tf.int64), np.int64)
            self.assertDTypeEqual(np.zeros(2, np.float32), np.float32)
            self.assertDTypeEqual(tf.constant(1.5), np.float64)

        def testHalfPrecision(self):
            x = tf.constant([0.1, 0.2, 0.3], dtype=tf.float16)
            y = self.evaluate(x * 3.0)
            seen["half"] = y
            self.assertAllCloseAccordingToType(y, np.array([0.3, 0.6, 0.9]))
            self.assertAllCloseAccordingToType(np.float32([1.0]), [1.0 + 1e-5])

        def testNotClose(self):
            self.assertNotAllClose([1.0, 2.0], [1.0, 2.5])
            self.assertNotAllEqual(tf.constant([1, 2]), tf.constant([1, 3]))
            self.assertNotAllClose([1.0, 2.0], [1.0, 2.0 + 1e-9], msg="same")

        def testNotEqualFails(self):
            self.assertNotAllEqual(np.arange(3), [0, 1, 2], msg="arange")

    out = {"results": run_case(DistributionTest)}
    out.update(seen)
    return out
