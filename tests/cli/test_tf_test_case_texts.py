"""tf.test.TestCase as TF's: failure texts of its assertions (the lines users read), setUp's
graph reset and default seeds, the cached session's rules, the "test_session" skip, ragged
comparisons, checkedThread, the absltest assertions and the gradient checker's results. Each
case is run programmatically (unittest), as tf.test.main would run it."""
import os
import sys
import unittest

import numpy as np
import pytest

AGAINST_TF = os.environ.get("TFCOMPAT_TEST_AGAINST_TF") == "1"


def _run(cls):
    """{method name: (status, exception class name, message)} for every test of `cls`."""
    got = {}

    class Recorder(unittest.TestResult):
        def addSuccess(self, test):
            got[test._testMethodName] = ("pass", "", "")

        def addFailure(self, test, err):
            got[test._testMethodName] = ("fail", err[0].__name__, str(err[1]))

        def addError(self, test, err):
            got[test._testMethodName] = ("error", err[0].__name__, str(err[1]))

        def addSkip(self, test, reason):
            got[test._testMethodName] = ("skip", "", reason)

    names = unittest.TestLoader().getTestCaseNames(cls)
    unittest.TestSuite([cls(n) for n in names]).run(Recorder())
    return got


def _first(text):
    return [line for line in text.splitlines() if line.strip()][0]


def test_all_close_and_equal_failure_texts(tf):
    class Case(tf.test.TestCase):
        def testClose(self):
            self.assertAllClose([1.0, 2.0, 3.0], [1.0, 2.1, 3.0], rtol=1e-2, atol=1e-3)

        def testNested(self):
            self.assertAllClose({"core": ([0.5], [1.0, 2.5])}, {"core": ([0.5], [1.0, 2.0])})

        def testEqual(self):
            self.assertAllEqual(np.array([1, 2, 3]), np.array([1, 5, 3]), msg="ids")

        def testShape(self):
            self.assertAllEqual([[1, 2]], [1, 2])

        def testKeys(self):
            self.assertAllClose({"a": 1.0}, {"b": 1.0})

        def testLength(self):
            self.assertAllClose([np.zeros(2), np.zeros(3)], [np.zeros(2)])

        def testDictVsList(self):
            self.assertAllClose({"a": [1.0]}, {"a": {"b": 1.0}})

    got = _run(Case)
    status, kind, text = got["testClose"]
    assert (status, kind, _first(text)) == ("fail", "AssertionError",
                                            "Not equal to tolerance rtol=0.01, atol=0.001")
    assert "not close where = (array([1]),)" in text
    assert "not close lhs = [2.]" in text and "dtype = float64, shape = (3,)" in text
    text = got["testNested"][2]
    assert "Mismatched value: a[core][1] is different from b[core][1]." in text
    text = got["testEqual"][2]
    assert _first(text) == "Arrays are not equal"
    assert "ids\nnot equal where = (array([1]),)\nnot equal lhs = array([2])" in text
    assert _first(got["testShape"][2]) == "Tuples differ: (1, 2) != (2,)"
    assert "Shape mismatch: expected (1, 2), got (2,). Contents: array([1, 2]). \n." in \
        got["testShape"][2]
    assert got["testKeys"][2].startswith("Element counts were not equal:")
    assert "mismatched keys: a has keys dict_keys(['a']), but b has keys" in got["testKeys"][2]
    assert got["testLength"][1] == "AssertionError"   # numpy makes [zeros(2)] a (1, 2) array
    assert got["testLength"][2].endswith(
        "+ (1, 2) : Shape mismatch: expected (2,), got (1, 2) with contents [[0. 0.]].")
    assert got["testDictVsList"][1:] == ("ValueError",
                                         "Can't compare dict to non-dict, a[a] vs b[a]. ")


def test_range_set_near_texts(tf):
    class Case(tf.test.TestCase):
        def testRange(self):
            self.assertAllInRange(np.array([[0.1, 1.5], [-0.2, 0.9]]), 0.0, 1.0)

        def testOpen(self):
            self.assertAllInRange(np.array([0, 1, 2, 3]), 0, 3, open_lower_bound=True)

        def testNaN(self):
            self.assertAllInRange([0.5, np.nan, 0.2], 0.0, 1.0)

        def testSet(self):
            self.assertAllInSet([1, 4, 4, 7], [1, 2])

        def testNear(self):
            self.assertNear(3.0, 3.5, 0.1, msg="mean")

        def testLess(self):
            self.assertAllLess(np.array([1.0, 5.0]), 4.0)

        def testNotClose(self):
            self.assertNotAllClose([1.0, 2.0], [1.0, 2.0 + 1e-9], msg="same")

        def testDType(self):
            self.assertDTypeEqual(np.zeros(2, np.float32), np.float64)

    got = _run(Case)
    assert got["testRange"][2] == (
        "2 of the 4 element(s) are outside the range [0.0, 1.0]. Subscript(s) and value(s) of "
        "the offending elements:\n  [0 1] : 1.5\n  [1 0] : -0.2")
    assert got["testOpen"][2] == (
        "1 of the 4 element(s) are outside the range (0, 3]. Subscript(s) and value(s) of the "
        "offending elements:\n  [0] : 0")
    assert got["testNaN"][2] == ("1 of the 3 element(s) are NaN. Subscripts(s) and value(s) of "
                                 "the NaN element(s):\n  [1] : nan")
    assert got["testSet"][2] == "2 unique element(s) are not in the set [1, 2]: [4 7]"
    assert got["testNear"][2] == ("False is not true : 3.000000 != 3.500000 +/- 0.100000 "
                                  "(difference: 0.5) (mean)")
    assert got["testLess"][2] == "np.float64(5.0) not less than 4.0"
    assert got["testNotClose"][2] == "The two values are close at all elements. same"
    assert got["testDType"][2] == "dtype('float32') != <class 'numpy.float64'>"


def test_raises_predicate_texts(tf):
    class Case(tf.test.TestCase):
        def testNotRaised(self):
            with self.assertRaisesOpError("anything"):
                pass

        def testWrongType(self):
            with self.assertRaisesWithPredicateMatch(TypeError, "shape"):
                raise ValueError("Cannot reshape a tensor")

        def testCausedBy(self):
            a = tf.placeholder(tf.float32, [2], name="a_in")
            b = tf.verify_tensor_all_finite(a, "bad a", name="verified")
            with self.cached_session() as sess, self.assertRaisesOpError("Caused by: verified"):
                sess.run(b, {a: [np.nan, 1.0]})

        def testLiteral(self):
            with self.assertRaisesWithLiteralMatch(ValueError, "bad hparam"):
                raise ValueError("bad hparam: lr")

        def testRegexp(self):
            with self.assertRaisesRegexp(ValueError, "Dimensions must be equal"):
                tf.matmul(tf.zeros([2, 3]), tf.zeros([4, 5]))

    got = _run(Case)
    assert got["testNotRaised"][2] == ("Exception of type <class 'AssertionError'>: OpError "
                                       "not raised")
    assert got["testWrongType"][2] == ("Exception of type <class 'ValueError'>: Cannot reshape "
                                       "a tensor")
    assert got["testCausedBy"] == ("pass", "", "")
    assert got["testLiteral"][2] == (
        "Exception message does not match.\nExpected: 'bad hparam'\nActual: 'bad hparam: lr':\n"
        "- bad hparam\n+ bad hparam: lr\n?           ++++\n")
    assert got["testRegexp"] == ("pass", "", "")


def test_set_up_resets_graph_and_seeds_and_skips_test_session(tf):
    seen = {}

    class Case(tf.test.TestCase):
        def testSeeds(self):
            seen["ops"] = len(tf.get_default_graph().get_operations())
            seen["seed"] = tf.get_default_graph().seed
            seen["np"] = np.random.randint(0, 1000, size=3).tolist()
            seen["draw"] = self.evaluate(tf.random_uniform([3]))

        def testCachedOtherGraph(self):
            with self.cached_session() as first:
                pass
            with self.test_session() as second:
                seen["same"] = first is second
            with self.cached_session(graph=tf.Graph()):
                pass

    tf.constant(1.0)   # built inside the fixture's graph: setUp clears that nesting, as TF's
    got = _run(Case)
    assert got["test_session"] == ("skip", "", "Not a test.")
    assert got["testSeeds"] == ("pass", "", "")
    assert seen["ops"] == 0 and seen["seed"] == 87654321
    assert seen["np"] == [539, 156, 528]
    np.testing.assert_allclose(seen["draw"], [0.10086262, 0.9701668, 0.8487642], rtol=1e-6)
    assert seen["same"] is True
    assert got["testCachedOtherGraph"][1:] == (
        "ValueError", "The graph used to get the cached session is different than the one that "
        "was used to create the session. Maybe create a new session with self.session()")


def test_ragged_threads_and_absl_assertions(tf):
    class Case(tf.test.TestCase):
        def testRagged(self):
            rt = tf.ragged.constant([[1, 2], [3]])
            self.assertAllEqual(rt, [[1, 2], [3]])
            self.assertAllClose(rt, [[1, 2], [3]])

        def testRaggedClose(self):
            self.assertAllClose(tf.ragged.constant([[1.0, 2.0], [3.0]]), [[1.0, 2.0], [3.5]])

        def testThread(self):
            def bad():
                raise ValueError("producer exploded")
            thread = self.checkedThread(bad)
            thread.start()
            thread.join()

        def testUnjoined(self):
            thread = self.checkedThread(lambda: None)
            thread.start()
            thread._thread.join()

        def testLen(self):
            self.assertLen([1, 2], 3, msg="vocab")

        def testSame(self):
            self.assertSameElements([1, 2, 5], [2, 3, 4], msg="ids")

        def testSubset(self):
            self.assertContainsSubset(["dog"], ["cat"])

        def testStarts(self):
            self.assertSequenceStartsWith(["the"], ["a", "the"])

    got = _run(Case)
    assert got["testRagged"] == ("pass", "", "")
    assert "Mismatched value: a[v][a][l][u][e][[][1][]][[][0][]] is different" in got["testRaggedClose"][2]
    assert got["testThread"][2] == "Error in checkedThread: producer exploded"
    assert got["testUnjoined"][2] == "A checked thread was not joined."
    assert got["testLen"][2] == "[1, 2] has length of 2, expected 3. : vocab"
    assert got["testSame"][2] == ("ids:\nExpected, but missing:\n  [1, 5]\nUnexpected, but "
                                  "present:\n  [3, 4]\n")
    assert got["testSubset"][2] == "Missing elements {'dog'}\nExpected: ['dog']\nActual: ['cat']"
    assert got["testStarts"][2] == "prefix: ['the'] not found at start of whole: ['a', 'the']."


def test_compute_gradient_follows_tf(tf):
    with tf.Session() as sess, sess.as_default():
        x = tf.placeholder(tf.float64, [2], name="x")
        y = tf.square(x) * 3.0
        theo, num = tf.test.compute_gradient(x, [2], y, [2], x_init_value=np.array([1.0, -2.0]))
        err = tf.test.compute_gradient_error(x, [2], y, [2], x_init_value=np.array([1.0, -2.0]))
        a = tf.placeholder(tf.float64, [2], name="a")
        b = tf.placeholder(tf.float64, [2], name="b")
        with pytest.raises(tf.errors.InvalidArgumentError):   # b is not fed while a is checked
            tf.test.compute_gradient([a, b], [[2], [2]], tf.reduce_sum(a * b), [])
        pairs = tf.test.compute_gradient([a], [[2]], tf.reduce_sum(a * a), [],
                                         x_init_value=[np.array([1.0, 2.0])])
    np.testing.assert_allclose(theo, [[6.0, 0.0], [0.0, -12.0]])
    np.testing.assert_allclose(num, [[6.0, 0.0], [0.0, -12.0]], atol=1e-6)
    assert isinstance(err, np.float64) and err < 1e-6
    assert isinstance(pairs, list) and len(pairs) == 1
    np.testing.assert_allclose(pairs[0][0], [[2.0], [4.0]])


def test_benchmark_returns_and_prints_as_tf(tf, capsys):
    class Bench(tf.test.Benchmark):
        def benchmarkTiny(self):
            with tf.Session() as sess:
                return self.run_op_benchmark(sess, tf.constant(1.0) + 1.0, min_iters=2,
                                             store_memory_usage=False, extras={"n": 4})

        def benchmarkReport(self):
            self.report_benchmark(iters=5, wall_time=0.25, extras={"mode": "fp32"},
                                  metrics=[{"name": "acc", "value": 0.75, "min_value": 0.5}])

    capsys.readouterr()
    res = Bench().benchmarkTiny()
    assert sorted(res) == ["extras", "iters", "name", "throughput", "wall_time"]
    assert sorted(res["extras"]) == ["n", "wall_time_mean", "wall_time_stdev"]
    assert res["throughput"] == 0.0 and res["name"] is None
    capsys.readouterr()
    Bench().benchmarkReport()
    assert capsys.readouterr().out == (
        'entry {\n  name: "Bench.benchmarkReport"\n  iters: 5\n  wall_time: 0.25\n  extras {\n'
        '    key: "mode"\n    value {\n      string_value: "fp32"\n    }\n  }\n  metrics {\n'
        '    name: "acc"\n    value: 0.75\n    min_value {\n      value: 0.5\n    }\n  }\n}\n\n')


@pytest.mark.tfcompat_only   # TF 2.21 crashes here under protobuf 7 (known_differences.txt)
def test_failing_assert_proto_equals_shows_the_ndiff(tf):
    class Case(tf.test.TestCase):
        def testProto(self):
            tf.constant(1.5, name="c")
            node = tf.get_default_graph().as_graph_def().node[0]
            self.assertProtoEquals('name: "c" op: "Const"', node, msg="const node")

    status, kind, text = _run(Case)["testProto"]
    assert (status, kind) == ("fail", "AssertionError")
    assert text.startswith('const node:\n  name: "c"\n  op: "Const"\n+ attr {\n+   key: "dtype"')


def test_more_absltest_assertions(tf):
    class Case(tf.test.TestCase):
        def testSubclass(self):
            self.assertIsSubclass(int, (str, bytes))

        def testNotSubclass(self):
            self.assertNotIsSubclass(bool, (str, int))

        def testInOrder(self):
            self.assertContainsInOrder(["a", "c", "b"], "abc")

        def testNotEndsWith(self):
            self.assertNotEndsWith("x.ckpt", "ckpt", msg="m")

        def testVersion(self):
            g = tf.Graph()
            with g.as_default():
                tf.no_op(name="n")
            self.assertProtoEqualsVersion('node { name: "n" op: "NoOp" }', g.as_graph_def())

    got = _run(Case)
    assert got["testSubclass"][2] == ("<class 'int'> is not a subclass of any of (<class 'str'>, "
                                      "<class 'bytes'>)")
    assert got["testNotSubclass"][2] == "<class 'bool'> is a subclass of <class 'int'>"
    assert got["testInOrder"][2] == "Did not find 'b' after 'c' in 'abc'"
    assert got["testNotEndsWith"][2] == "'x.ckpt' does end with 'ckpt' : m"
    assert got["testVersion"] == ("pass", "", "")


def test_capture_writes_to_stream_gets_tf_print(tf, monkeypatch):
    monkeypatch.setattr(sys, "stderr", sys.__stderr__)   # file descriptor 2, not pytest's
    seen = {}

    class Case(tf.test.TestCase):
        def testPrint(self):
            x = tf.constant([1.0, 2.0])
            printed_op = tf.print("sum:", tf.reduce_sum(x), output_stream=sys.stderr)
            with self.captureWritesToStream(sys.stderr) as printed:
                self.evaluate(printed_op)
            seen["text"] = printed.contents()

    assert _run(Case)["testPrint"] == ("pass", "", "")
    assert seen["text"] == "sum: 3\n"
