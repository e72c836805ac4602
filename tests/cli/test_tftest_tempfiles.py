"""tf.test.TestCase's absltest fixtures as TF's: create_tempdir / create_tempfile (paths under
$TEST_TMPDIR/<class>/<method>, objects with full_path, read_text, write_text, create_file, mkdir,
os.fspath), their cleanup after the test, enter_context and record_property. Paths and texts are
what TF 2.21 gave (run by tf.test.main)."""
import os
import unittest

import pytest

AGAINST_TF = os.environ.get("TFCOMPAT_TEST_AGAINST_TF") == "1"


@pytest.fixture
def tmpdir_env(tmp_path, monkeypatch):
    monkeypatch.setenv("TEST_TMPDIR", str(tmp_path))
    if AGAINST_TF:   # absltest reads --test_tmpdir, which tf.test.main parses (pytest does not)
        from absl import flags
        flags.FLAGS.unparse_flags()
        flags.FLAGS(["prog"], known_only=True)
        flags.FLAGS.test_tmpdir = str(tmp_path)   # its default was read at import
    return str(tmp_path)


def _run(case):
    result = unittest.TestResult()
    case.run(result)
    assert not result.errors and not result.failures, result.errors + result.failures


def test_create_tempdir_and_tempfile(tf, tmpdir_env):
    seen = {}

    class MyTest(tf.test.TestCase):
        def test_x(self):
            d = self.create_tempdir()
            seen["dir"] = (d.full_path, os.fspath(d), os.path.isdir(d))
            named = self.create_tempdir("foo/bar")
            seen["named"] = named.full_path
            f = self.create_tempfile("a/b.txt", content="hi")
            seen["file"] = (f.full_path, f.read_text(), f.read_bytes())
            f.write_text("more", mode="a")
            seen["appended"] = f.read_text()
            g = named.create_file(content=b"xy")
            seen["in_dir"] = (os.path.dirname(g.full_path), g.read_text())
            seen["mkdir"] = d.mkdir("q/r").full_path
            empty = self.create_tempfile()
            seen["empty"] = (os.path.dirname(empty.full_path), empty.read_bytes())
            for opener, mode in ((f.open_text, "rb"), (f.open_bytes, "rt")):
                try:
                    opener(mode)
                except ValueError as e:
                    seen.setdefault("errors", []).append(str(e))

    _run(MyTest("test_x"))
    root = os.path.join(tmpdir_env, "test_create_tempdir_and_tempfile.<locals>.MyTest", "test_x")
    path, fspath, isdir = seen["dir"]
    assert os.path.dirname(path) == root and fspath == path and isdir
    assert seen["named"] == os.path.join(root, "foo/bar")
    assert seen["file"] == (os.path.join(root, "a/b.txt"), "hi", b"hi")
    assert seen["appended"] == "himore"
    assert seen["in_dir"] == (os.path.join(root, "foo/bar"), "xy")
    assert seen["mkdir"] == os.path.join(path, "q/r")
    assert seen["empty"] == (root, b"")
    assert seen["errors"] == [
        "Invalid mode 'rb': \"b\" flag not allowed when opening file in text mode",
        "Invalid mode 'rt': \"t\" flag not allowed when opening file in binary mode"]
    # cleaned up after the test (TempFileCleanup.ALWAYS)
    assert os.listdir(root) == []


def test_tempfile_cleanup_off_keeps_files(tf, tmpdir_env):
    kept = []

    class KeepTest(tf.test.TestCase):
        def test_keep(self):
            kept.append(self.create_tempfile("k.txt", content="x",
                                             cleanup=type(self.tempfile_cleanup).OFF).full_path)

    _run(KeepTest("test_keep"))
    with open(kept[0]) as f:
        assert f.read() == "x"


def test_enter_context_and_recorded_properties(tf, tmpdir_env):
    events = []

    class Ctx:
        def __enter__(self):
            events.append("enter")
            return 7

        def __exit__(self, *exc):
            events.append("exit")

    class CtxTest(tf.test.TestCase):
        def tearDown(self):
            events.append("tearDown")
            super().tearDown()

        def test_ctx(self):
            events.append(self.enter_context(Ctx()))
            self.record_property("k", 3)
            events.append(self.get_recorded_properties())

    _run(CtxTest("test_ctx"))
    assert events == ["enter", 7, {"k": 3}, "tearDown", "exit"]


def test_tempfile_cleanup_on_success_only(tf, tmpdir_env):
    paths = {}

    class SuccessTest(tf.test.TestCase):
        def test_pass(self):
            paths["pass"] = self.create_tempfile(content="p", cleanup=type(
                self.tempfile_cleanup).SUCCESS).full_path

        def test_fail(self):
            paths["fail"] = self.create_tempfile(content="f", cleanup=type(
                self.tempfile_cleanup).SUCCESS).full_path
            self.fail("boom")

    result = unittest.TestResult()
    SuccessTest("test_pass").run(result)
    SuccessTest("test_fail").run(result)
    assert len(result.failures) == 1
    assert not os.path.exists(paths["pass"]) and os.path.exists(paths["fail"])
