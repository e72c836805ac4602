"""dopamine / magenta agent tests: cached_session reuse and its ValueError for another graph,
session(graph=...), test_session(graph=...), test_session(use_gpu=False) device pinning,
tf.test.mock.patch.object on a module function, get_temp_dir with a Saver round trip,
evaluate on nested dicts, the per-test graph reset and default seeds, is_gpu_available."""
import os

import numpy as np

from _tftest_results import run_case  # the harness these programs share

TAGS = ['tooling', 'session', 'saver']


class _Env(object):
    def reward(self):
        return 1.0


def main(tf):
    seen = {}

    class AgentTest(tf.test.TestCase):

        def setUp(self):
            super(AgentTest, self).setUp()
            self._env = _Env()

        def testCachedSessionReuse(self):
            with self.cached_session() as s1:
                v = tf.Variable(2.0, name="q")
                s1.run(v.initializer)
            with self.cached_session() as s2:
                seen["same_session"] = s1 is s2
                seen["q"] = s2.run(v)
            with self.test_session() as s3:
                seen["test_session_is_cached"] = s3 is s1

        def testCachedSessionOtherGraph(self):
            with self.cached_session():
                pass
            with self.cached_session(graph=tf.Graph()):
                pass

        def testSessionWithGraph(self):
            g = tf.Graph()
            with g.as_default():
                c = tf.constant([1, 2], name="c")
            with self.session(graph=g) as sess:
                seen["graph_session"] = [sess.run(c), sess.graph is g,
                                         tf.get_default_graph() is g]
            with self.test_session(graph=g) as sess2:
                seen["graph_test_session"] = sess2.run(c * 2)

        def testDevicePinning(self):
            with self.test_session(use_gpu=False):
                a = tf.constant(1.0, name="a")
            with self.session(use_gpu=True):
                b = tf.constant(2.0, name="b")
            seen["devices"] = [a.device, b.device]

        def testGraphResetAndSeeds(self):
            seen["ops_at_start"] = len(tf.get_default_graph().get_operations())
            seen["graph_seed"] = tf.get_default_graph().seed
            seen["np_draw"] = np.random.randint(0, 1000, size=3)
            x = tf.random_normal([2])
            seen["tf_draw"] = self.evaluate(x)
            seen["nested"] = self.evaluate({"a": tf.constant(1), "b": [tf.constant(2.0)],
                                            "c": (tf.constant([3]),)})

        def testMockPatch(self):
            with tf.test.mock.patch.object(_Env, "reward", return_value=5.0) as patched:
                r = tf.constant(self._env.reward()) * 2.0
            seen["mocked"] = [self.evaluate(r), patched.call_count, self._env.reward()]
            m = tf.test.mock.MagicMock()
            m.step.return_value = (np.zeros(2), 0.5, False)
            seen["magic"] = list(m.step(1)[1:])
            m.step.assert_called_once_with(1)

        def testTempDirSaver(self):
            ckpt_dir = os.path.join(self.get_temp_dir(), "agent")
            seen["temp_same"] = self.get_temp_dir() == self.get_temp_dir()
            seen["temp_under_global"] = self.get_temp_dir().startswith(tf.test.get_temp_dir())
            v = tf.get_variable("w", initializer=tf.constant([1.0, 2.0]))
            saver = tf.train.Saver()
            with self.test_session() as sess:
                sess.run(tf.global_variables_initializer())
                sess.run(v.assign([3.0, 4.0]))
                path = saver.save(sess, os.path.join(ckpt_dir, "tf_ckpt"), global_step=7)
                sess.run(v.assign([0.0, 0.0]))
                saver.restore(sess, path)
                seen["restored"] = sess.run(v)
            seen["ckpt_name"] = os.path.basename(path)
            seen["ckpt_files"] = sorted(f for f in os.listdir(ckpt_dir) if "tf_ckpt" in f)

        def testGpuHelpers(self):
            seen["gpu"] = [tf.test.is_gpu_available(), tf.test.gpu_device_name(),
                           tf.test.is_gpu_available(cuda_only=True)]

    out = {"results": run_case(AgentTest)}
    out.update(seen)
    return out
