"""`tf.gfile` (TF1 names: `GFile`, `Exists`, `MakeDirs` ...) and `tf.io.gfile` (`exists`,
`makedirs` ...) on the local file system, with TF's error classes and texts.

Local paths and `file://` URLs only: other schemes (gs://, s3://, hdfs://) raise
`UnimplementedError`. As in TF, `GFile` opens lazily, so a missing file fails with
`NotFoundError` on the first read, and text mode reads `str` without newline translation.
"""
from __future__ import annotations

import errno
import glob as _glob
import os
import shutil
import types

from tfcompat import errors

__all__ = [
    "GFile", "Open", "FastGFile", "Exists", "MakeDirs", "MkDir", "Glob", "ListDirectory",
    "Remove", "Rename", "Copy", "IsDirectory", "DeleteRecursively", "Walk", "Stat",
    "FileStatistics",
]


def _path(name) -> str:
    name = os.fsdecode(os.fspath(name))
    if name.startswith("file://"):
        return name[len("file://"):]
    scheme = name.split("://", 1)[0] if "://" in name else ""
    if scheme:
        raise errors.UnimplementedError(
            None, None, "File system scheme '%s' not implemented (file: '%s')" % (scheme, name))
    return name


_ERRNO = {
    errno.ENOENT: (errors.NotFoundError, "No such file or directory"),
    errno.EEXIST: (errors.AlreadyExistsError, "File exists"),
    errno.EISDIR: (errors.FailedPreconditionError, "Is a directory"),
    errno.ENOTDIR: (errors.FailedPreconditionError, "Not a directory"),
    errno.EACCES: (errors.PermissionDeniedError, "Permission denied"),
    errno.EPERM: (errors.PermissionDeniedError, "Operation not permitted"),
    errno.ENOTEMPTY: (errors.FailedPreconditionError, "Directory not empty"),
}


def _os_error(e: OSError, name: str):
    cls, text = _ERRNO.get(e.errno, (errors.UnknownError, e.strerror))
    return cls(None, None, "%s; %s" % (name, text))


class GFile:
    """TF `tf.gfile.GFile` / `tf.io.gfile.GFile`: a file object, text or binary by `mode`.

    >>> with tf.gfile.GFile("/tmp/x.txt", "w") as f:
    ...     f.write("hello")
    """

    def __init__(self, name, mode="r"):
        self.__name = os.fsdecode(os.fspath(name))
        self.__path = _path(name)
        self.__mode = mode
        self.__binary = "b" in mode
        self.__file = None

    name = property(lambda self: self.__name)
    mode = property(lambda self: self.__mode)

    def _file(self):
        if self.__file is None:
            raw_mode = self.__mode.replace("b", "").replace("t", "") + "b"
            try:
                self.__file = open(self.__path, raw_mode)  # noqa: SIM115 - closed by close()
            except OSError as e:
                raise _os_error(e, self.__name) from None
        return self.__file

    def _decode(self, data):
        return data if self.__binary else data.decode("utf-8")

    def _read_check(self):
        if "r" not in self.__mode and "+" not in self.__mode:
            raise errors.PermissionDeniedError(None, None, "File isn't open for reading")
        return self._file()

    def read(self, n=-1):
        return self._decode(self._read_check().read(-1 if n is None else n))

    def readline(self):
        return self._decode(self._read_check().readline())

    def readlines(self):
        return [self._decode(line) for line in self._read_check().readlines()]

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    next = __next__

    def write(self, file_content):
        if "r" in self.__mode and "+" not in self.__mode:
            raise errors.PermissionDeniedError(None, None, "File isn't open for writing")
        data = file_content.encode("utf-8") if isinstance(file_content, str) else file_content
        self._file().write(bytes(data))

    def seek(self, offset=None, whence=0, position=None):
        if position is not None:
            offset = position
        self._file().seek(offset, whence)

    def tell(self):
        return self._file().tell()

    def size(self):
        return Stat(self.__name).length

    def seekable(self):
        return True

    def flush(self):
        if self.__file is not None:
            self.__file.flush()

    def close(self):
        if self.__file is not None:
            self.__file.close()
            self.__file = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


Open = GFile
FastGFile = GFile


class FileStatistics:
    """What `Stat` returns: `length` (bytes), `mtime_nsec`, `is_directory`."""

    def __init__(self, length=0, mtime_nsec=0, is_directory=False):
        self.length, self.mtime_nsec, self.is_directory = length, mtime_nsec, is_directory

    def __repr__(self):
        return "FileStatistics(length=%d, mtime_nsec=%d, is_directory=%s)" % (
            self.length, self.mtime_nsec, self.is_directory)


def Exists(filename) -> bool:
    """True when `filename` (a file or directory) exists."""
    return os.path.exists(_path(filename))


def IsDirectory(dirname) -> bool:
    return os.path.isdir(_path(dirname))


def MakeDirs(dirname) -> None:
    """Creates `dirname` and its missing parents; an existing directory is fine."""
    path = _path(dirname)
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as e:
        raise _os_error(e, os.fsdecode(dirname)) from None


def MkDir(dirname) -> None:
    """Creates one directory (its parent must exist); an existing directory is fine."""
    path = _path(dirname)
    try:
        os.mkdir(path)
    except FileExistsError:
        if not os.path.isdir(path):
            raise errors.AlreadyExistsError(None, None, "%s; File exists" % dirname) from None
    except OSError as e:
        raise _os_error(e, os.fsdecode(dirname)) from None


def Glob(filename) -> list:
    """Paths matching the pattern `filename` (`*`, `?`, `[...]`), sorted."""
    pattern = _path(filename)
    return sorted(_glob.glob(pattern))


def ListDirectory(dirname) -> list:
    """Entry names in `dirname` (no `.` / `..`)."""
    path = _path(dirname)
    if not os.path.isdir(path):
        raise errors.NotFoundError(None, None, "Could not find directory %s" % dirname)
    return os.listdir(path)


def Remove(filename) -> None:
    try:
        os.remove(_path(filename))
    except OSError as e:
        raise _os_error(e, os.fsdecode(filename)) from None


def DeleteRecursively(dirname) -> None:
    """Deletes a directory tree (or a single file)."""
    path = _path(dirname)
    if not os.path.exists(path):
        raise errors.NotFoundError(None, None, "%s not found" % dirname)
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    else:
        os.remove(path)


def _check_target(oldpath, newpath, overwrite):
    if not os.path.exists(_path(oldpath)):
        raise errors.NotFoundError(None, None, "%s; No such file or directory" % oldpath)
    if not overwrite and os.path.exists(_path(newpath)):
        raise errors.AlreadyExistsError(None, None, "file already exists")


def Rename(oldname, newname, overwrite=False) -> None:
    _check_target(oldname, newname, overwrite)
    try:
        os.replace(_path(oldname), _path(newname))
    except OSError as e:
        raise _os_error(e, os.fsdecode(newname)) from None


def Copy(oldpath, newpath, overwrite=False) -> None:
    _check_target(oldpath, newpath, overwrite)
    try:
        shutil.copyfile(_path(oldpath), _path(newpath))
    except OSError as e:
        raise _os_error(e, os.fsdecode(newpath)) from None


def Walk(top, in_order=True):
    """Yields `(dirname, subdirs, files)` for each directory under `top` (none if missing)."""
    top = _path(top)
    for root, dirs, files in os.walk(top, topdown=in_order):
        dirs.sort()
        yield root, list(dirs), sorted(files)


def Stat(filename) -> FileStatistics:
    try:
        st = os.stat(_path(filename))
    except OSError as e:
        raise _os_error(e, os.fsdecode(filename)) from None
    return FileStatistics(st.st_size, st.st_mtime_ns, os.path.isdir(_path(filename)))


def _make_io_gfile():
    """`tf.io.gfile`: the same functions under TF2-style lowercase names."""
    module = types.ModuleType("tfcompat.io.gfile", _make_io_gfile.__doc__)

    def rename(src, dst, overwrite=False):
        Rename(src, dst, overwrite)

    def copy(src, dst, overwrite=False):
        Copy(src, dst, overwrite)

    def walk(top, topdown=True, onerror=None):
        return Walk(top, topdown)

    def join(path, *paths):
        return os.path.join(path, *paths)

    def get_registered_schemes():
        """The URI schemes paths may use: local paths ('') and `file://` only."""
        return ["", "file"]

    module.__dict__.update(
        get_registered_schemes=get_registered_schemes, GFile=GFile, exists=Exists, isdir=IsDirectory, makedirs=MakeDirs, mkdir=MkDir, glob=Glob,
        listdir=ListDirectory, remove=Remove, rmtree=DeleteRecursively, stat=Stat, rename=rename,
        copy=copy, walk=walk, join=join)
    return module


io_gfile = _make_io_gfile()

from tfcompat._unsupported import missing_attr as _missing_attr  # noqa: E402

__getattr__ = _missing_attr("gfile", __name__)

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('gfile', __name__)   # TF's names, not this module's imports
