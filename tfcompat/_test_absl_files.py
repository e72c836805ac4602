"""absltest's per-test fixtures on `tf.test.TestCase`: `create_tempdir` / `create_tempfile`
(objects with `full_path`, `read_text`, `write_text`, `create_file`, `mkdir`, ... under
$TEST_TMPDIR or <tmp>/absl_testing, <test class>/<test method>, removed after the test as
`tempfile_cleanup` says), `enter_context`, `record_property`, and `assertCommandSucceeds` /
`assertCommandFails` (a shell command's exit code and output), with absltest's texts."""
from __future__ import annotations

import collections
import contextlib
import enum
import os
import shutil
import stat
import subprocess
import tempfile

__all__ = ["AbslFixtures", "TempFileCleanup"]


class TempFileCleanup(enum.Enum):
    """absltest.TempFileCleanup: when `create_tempdir`/`create_tempfile` paths are removed."""
    ALWAYS = "always"
    SUCCESS = "success"
    OFF = "never"


def get_default_test_tmpdir() -> str:
    return os.environ.get("TEST_TMPDIR", "") or os.path.join(tempfile.gettempdir(),
                                                             "absl_testing")


def _rmtree_ignore_errors(path: str) -> None:
    if os.path.isfile(path):
        try:
            os.unlink(path)
        except OSError:
            pass
    else:
        shutil.rmtree(path, ignore_errors=True)


def _get_first_part(path: str) -> str:
    return path.split(os.sep, 1)[0]


class _TempDir:
    """A test's temporary directory (os.PathLike): `full_path`, `create_file`, `mkdir`."""

    def __init__(self, path: str) -> None:
        self._path = path

    @property
    def full_path(self) -> str:
        return self._path

    def __fspath__(self) -> str:
        return self.full_path

    def create_file(self, file_path=None, content=None, mode="w", encoding="utf8",
                    errors="strict") -> "_TempFile":
        temp_file, _ = _TempFile._create(self._path, file_path, content, mode, encoding, errors)
        return temp_file

    def mkdir(self, dir_path=None) -> "_TempDir":
        path = (os.path.join(self._path, dir_path) if dir_path
                else tempfile.mkdtemp(dir=self._path))
        os.makedirs(path, exist_ok=True)
        return _TempDir(path)


class _TempFile:
    """A test's temporary file (os.PathLike): `full_path`, `read_text`, `read_bytes`,
    `write_text`, `write_bytes`, `open_text`, `open_bytes`."""

    def __init__(self, path: str) -> None:
        self._path = path

    @classmethod
    def _create(cls, base_path, file_path, content, mode, encoding, errors):
        if file_path:
            cleanup_path = os.path.join(base_path, _get_first_part(file_path))
            path = os.path.join(base_path, file_path)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            if os.path.exists(path) and not os.access(path, os.W_OK):
                os.chmod(path, os.stat(path).st_mode | stat.S_IWUSR)
        else:
            os.makedirs(base_path, exist_ok=True)
            fd, path = tempfile.mkstemp(dir=str(base_path))
            os.close(fd)
            cleanup_path = path
        temp_file = cls(path)
        if content:
            if isinstance(content, str):
                temp_file.write_text(content, mode=mode, encoding=encoding, errors=errors)
            else:
                temp_file.write_bytes(content, mode)
        else:
            temp_file.write_bytes(b"")
        return temp_file, cleanup_path

    @property
    def full_path(self) -> str:
        return self._path

    def __fspath__(self) -> str:
        return self.full_path

    def read_text(self, encoding="utf8", errors="strict") -> str:
        with self.open_text(encoding=encoding, errors=errors) as fp:
            return fp.read()

    def read_bytes(self) -> bytes:
        with self.open_bytes() as fp:
            return fp.read()

    def write_text(self, text, mode="w", encoding="utf8", errors="strict") -> None:
        with self.open_text(mode, encoding=encoding, errors=errors) as fp:
            fp.write(text)

    def write_bytes(self, data, mode="wb") -> None:
        with self.open_bytes(mode) as fp:
            fp.write(data)

    def open_text(self, mode="rt", encoding="utf8", errors="strict"):
        if "b" in mode:
            raise ValueError('Invalid mode %r: "b" flag not allowed when opening file in text '
                             "mode" % (mode,))
        return self._open(mode if "t" in mode else mode + "t", encoding, errors)

    def open_bytes(self, mode="rb"):
        if "t" in mode:
            raise ValueError('Invalid mode %r: "t" flag not allowed when opening file in '
                             "binary mode" % (mode,))
        return self._open(mode if "b" in mode else mode + "b", encoding=None, errors=None)

    @contextlib.contextmanager
    def _open(self, mode, encoding="utf8", errors="strict"):
        with open(self.full_path, mode=mode, encoding=encoding, errors=errors) as fp:
            yield fp


class _InstanceOrClassMethod:
    """absltest's `_method`: `self.enter_context` per test, `Cls.enter_context` per class."""

    def __init__(self, finstancemethod, fclassmethod):
        self._finstancemethod, self._fclassmethod = finstancemethod, fclassmethod
        self.__doc__ = finstancemethod.__doc__

    def __get__(self, obj, type_):
        func = self._fclassmethod if obj is None else self._finstancemethod
        return func.__get__(obj, type_)


def _enter_context(self, manager):
    """Enters `manager`; it is exited after the test's tearDown (per instance) or after the
    class's tearDownClass (called on the class)."""
    if hasattr(self, "enterContext"):   # Python 3.11+
        return self.enterContext(manager)
    if getattr(self, "_exit_stack", None) is None:
        raise AssertionError("self._exit_stack is not set: enter_context is Py3-only; also make "
                             "sure that AbslTest.setUp() is called.")
    return self._exit_stack.enter_context(manager)


def _enter_context_cls(cls, manager):
    if hasattr(cls, "enterClassContext"):
        return cls.enterClassContext(manager)
    stack = contextlib.ExitStack()
    cls.addClassCleanup(stack.close)
    return stack.enter_context(manager)


class AbslFixtures:
    """Mixin for a unittest.TestCase: absltest's temp files, contexts and properties."""

    tempfile_cleanup = TempFileCleanup.ALWAYS

    enter_context = _InstanceOrClassMethod(_enter_context, classmethod(_enter_context_cls))

    def setUp(self):
        super().setUp()
        if not hasattr(self, "enterContext"):   # before 3.11: absltest's own exit stack
            self._exit_stack = contextlib.ExitStack()
            self.addCleanup(self._exit_stack.close)

    def _absl_properties(self):
        if "_absl_recorded" not in self.__dict__:
            self._absl_recorded = {}
            self._absl_subtest_recorded = collections.defaultdict(dict)
        return self._absl_recorded, self._absl_subtest_recorded

    def get_recorded_properties(self, subtest=None):
        """The properties `record_property` recorded (a subtest's over the test's)."""
        recorded, per_subtest = self._absl_properties()
        if subtest:
            return per_subtest[subtest.id()].copy()
        ret = recorded.copy()
        if getattr(self, "_subtest", None):
            ret.update(per_subtest[self._subtest.id()])
        return ret

    def record_property(self, property_name, property_value):
        recorded, per_subtest = self._absl_properties()
        if getattr(self, "_subtest", None):
            recorded = per_subtest[self._subtest.id()]
        recorded[property_name] = property_value

    # -- temporary files -----------------------------------------------------------------------
    def _get_tempdir_path_test(self) -> str:
        cls_dir = type(self).__qualname__.replace("__main__.", "")
        return os.path.join(get_default_test_tmpdir(), cls_dir, self._testMethodName)

    def create_tempdir(self, name=None, cleanup=None) -> _TempDir:
        """A fresh (emptied) directory for this test: `name` under the test's directory, or
        a unique one."""
        test_path = self._get_tempdir_path_test()
        if name:
            path = os.path.join(test_path, name)
            cleanup_path = os.path.join(test_path, _get_first_part(name))
        else:
            os.makedirs(test_path, exist_ok=True)
            path = cleanup_path = tempfile.mkdtemp(dir=test_path)
        _rmtree_ignore_errors(cleanup_path)
        os.makedirs(path, exist_ok=True)
        self._maybe_add_temp_path_cleanup(cleanup_path, cleanup)
        return _TempDir(path)

    def create_tempfile(self, file_path=None, content=None, mode="w", encoding="utf8",
                        errors="strict", cleanup=None) -> _TempFile:
        """A file for this test (emptied, or holding `content`), at `file_path` under the
        test's directory or a unique name."""
        temp_file, cleanup_path = _TempFile._create(self._get_tempdir_path_test(), file_path,
                                                    content, mode, encoding, errors)
        self._maybe_add_temp_path_cleanup(cleanup_path, cleanup)
        return temp_file

    def _maybe_add_temp_path_cleanup(self, path, cleanup):
        cleanup = self.tempfile_cleanup if cleanup is None else cleanup
        value = getattr(cleanup, "value", cleanup)   # absltest's own enum works too
        if value == TempFileCleanup.OFF.value:
            return
        if value == TempFileCleanup.ALWAYS.value:
            self.addCleanup(_rmtree_ignore_errors, path)
        elif value == TempFileCleanup.SUCCESS.value:
            self._add_cleanup_on_success(path)
        else:
            raise AssertionError("Unexpected cleanup value: %s" % (cleanup,))

    def _add_cleanup_on_success(self, path):
        result = getattr(getattr(self, "_outcome", None), "result", None)

        def failures():
            return (len(result.failures) + len(result.errors)
                    + len(result.unexpectedSuccesses)) if result is not None else 0

        before = failures()

        def remove_if_passed():
            outcome = getattr(self, "_outcome", None)
            if failures() == before and getattr(outcome, "success", True):
                _rmtree_ignore_errors(path)

        self.addCleanup(remove_if_passed)

    # -- shell commands ------------------------------------------------------------------------
    def assertCommandSucceeds(self, command, regexes=(b"",), env=None,  # noqa: N802
                              close_fds=True, msg=None):
        """`command` (a list, or a string run by /bin/sh) exits 0 and its output (stdout and
        stderr) matches one of `regexes`. `env` None runs it with an empty environment."""
        ret_code, err = get_command_stderr(command, env, close_fds)
        regexes = _as_bytes_regexes(regexes)
        quoted = _quote_long_string(get_command_string(command))
        self.assertEqual(ret_code, 0, self._formatMessage(
            msg, "Running command\n%s failed with error code %s and message\n%s"
            % (quoted, ret_code, _quote_long_string(err))))
        self.assertRegexMatch(err, regexes, message=self._formatMessage(
            msg, "Running command\n%s failed with error code %s and message\n%s which matches "
            "no regex in %s" % (quoted, ret_code, _quote_long_string(err), regexes)))

    def assertCommandFails(self, command, regexes, env=None, close_fds=True,  # noqa: N802
                           msg=None):
        """`command` exits non-zero and its output matches one of `regexes`."""
        ret_code, err = get_command_stderr(command, env, close_fds)
        regexes = _as_bytes_regexes(regexes)
        quoted = _quote_long_string(get_command_string(command))
        self.assertNotEqual(ret_code, 0, self._formatMessage(
            msg, "The following command succeeded while expected to fail:\n%s" % quoted))
        self.assertRegexMatch(err, regexes, message=self._formatMessage(
            msg, "Running command\n%s failed with error code %s and message\n%s which matches "
            "no regex in %s" % (quoted, ret_code, _quote_long_string(err), regexes)))


def _as_bytes_regexes(regexes):
    if isinstance(regexes[0], str):
        return [regex.encode("utf-8") for regex in regexes]
    return regexes


def get_command_string(command) -> str:
    """`command` as one shell string (each word of a list single-quoted)."""
    if isinstance(command, str):
        return command
    if os.name == "nt":
        return " ".join(command)
    return " ".join("'" + word.replace("'", "'\"'\"'") + "'" for word in command)


def get_command_stderr(command, env=None, close_fds=True):
    """(exit status, bytes printed to stdout and stderr) of `command`; a string command is
    fed to /bin/sh on stdin."""
    env = {} if env is None else env
    close_fds = False if os.name == "nt" else close_fds
    use_shell = isinstance(command, str)
    stdin_input = None
    if os.name != "nt" and use_shell:
        stdin_input, command, use_shell = command.encode(), ["/bin/sh"], False
    result = subprocess.run(command, close_fds=close_fds, env=env, shell=use_shell,
                            input=stdin_input, stderr=subprocess.STDOUT,
                            stdout=subprocess.PIPE, check=False)
    return result.returncode, result.stdout


def _quote_long_string(s) -> str:
    if isinstance(s, (bytes, bytearray)):
        try:
            s = s.decode("utf-8")
        except UnicodeDecodeError:
            s = str(s)
    return "8<-----------\n" + s + "\n" + "----------->8\n"
