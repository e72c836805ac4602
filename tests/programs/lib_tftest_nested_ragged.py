"""sonnet-1 module tests: assertAllClose over nested structures (dicts of namedtuples of lists
of Tensors, as snt.LSTM state tests compare), the "Mismatched value: a[..] is different from
b[..]" path messages, mismatched keys / lengths / dict-vs-list errors, string assertAllEqual,
assertAllEqual on a RaggedTensor, assertItemsEqual and assertDictEqual with arrays."""
import collections

import numpy as np

from _tftest_results import run_case  # the harness these programs share

TAGS = ['tooling', 'errors', 'ragged']


LSTMState = collections.namedtuple("LSTMState", ["hidden", "cell"])


def main(tf):
    seen = {}

    class ModuleTest(tf.test.TestCase):

        def _state(self):
            h = tf.constant([[0.5, -0.5]])
            c = tf.constant([[1.0, 2.0]])
            return LSTMState(hidden=h, cell=c)

        def testNestedClosePasses(self):
            state = self._state()
            with self.test_session() as sess:
                got = sess.run({"core": state, "steps": [tf.constant(3), tf.constant([1, 2])]})
            seen["state"] = [got["core"].hidden, got["core"].cell]
            self.assertAllClose(
                {"core": LSTMState(hidden=[[0.5, -0.5]], cell=[[1.0, 2.0]]), "steps": [3, [1, 2]]},
                got)

        def testNestedPathMessage(self):
            want = {"core": LSTMState(hidden=[[0.5, -0.5]], cell=[[1.0, 2.5]])}
            self.assertAllClose(want, {"core": self.evaluate(self._state())})

        def testTensorsOnBothSides(self):
            self.assertAllClose(self._state(), LSTMState(hidden=tf.constant([[0.5, -0.5]]),
                                                         cell=tf.constant([[1.0, 2.0]])))

        def testMismatchedKeys(self):
            self.assertAllClose({"a": 1.0, "b": 2.0}, {"a": 1.0, "c": 2.0})

        def testMismatchedLength(self):
            self.assertAllClose([np.zeros(2), np.zeros(3)], [np.zeros(2)])

        def testDictVsList(self):
            self.assertAllClose({"a": [1.0]}, {"a": {"b": 1.0}})

        def testStringsEqual(self):
            s = tf.constant(["conv", "dense"])
            self.assertAllEqual(self.evaluate(s), [b"conv", b"dense"])
            self.assertAllEqual(self.evaluate(s), ["conv", "dense"])

        def testStringsDiffer(self):
            self.assertAllEqual([b"linear", b"relu"], [b"linear", b"tanh"])

        def testRaggedEqual(self):
            rt = tf.ragged.constant([[1, 2], [3]])
            self.assertAllEqual(rt, [[1, 2], [3]])
            self.assertAllClose(rt, [[1, 2], [3]])

        def testRaggedCloseFails(self):
            rt = tf.ragged.constant([[1.0, 2.0], [3.0]])
            self.assertAllClose(rt, [[1.0, 2.0], [3.5]])

        def testRaggedEqualFails(self):
            rt = tf.ragged.constant([[1, 2], [3]])
            self.assertAllEqual(rt, tf.ragged.constant([[1], [2, 3]]))

        def testItemsAndDicts(self):
            self.assertItemsEqual(["w", "b"], ["b", "w"])
            self.assertDictEqual({"w": np.ones(2), "n": 3}, {"w": np.ones(2), "n": 3})
            self.assertDictEqual({"w": np.ones(2)}, {"w": np.zeros(2)})

        def testCloseWithNaN(self):
            self.assertAllClose([np.nan, 1.0], [np.nan, 1.0])
            self.assertAllEqual([np.nan], [np.nan])
            self.assertAllClose(np.array([np.nan, 1.0]), np.array([0.0, 1.0]))

        def testScalarClose(self):
            self.assertAllClose(tf.constant(2.0), 2.0000001)
            self.assertAllClose(3, 3.5)

    out = {"results": run_case(ModuleTest)}
    out.update(seen)
    return out
