"""The harness of the lib_tftest_* programs: runs a tf.test.TestCase subclass's test methods
with unittest and records, per method, its outcome, the exception class and the first line
(and the start of the whole text) of its message, as a library's CI log shows them."""
import unittest

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
