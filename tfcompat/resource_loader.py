"""`tf.resource_loader`: paths of data files shipped beside Python code (TF1 endpoints).

As in TF, paths are relative to the directory of the calling module's file; `load_resource`
and `get_root_dir_with_all_resources` (called from here) resolve against this package's
directory, as TF's resolve against its `platform` package. Bazel runfiles trees (a
`*.runfiles` directory above the script) are recognised as TF does.
"""
from __future__ import annotations

import inspect as _inspect
import os as _os
import sys as _sys

__all__ = ["load_resource", "get_data_files_path", "get_root_dir_with_all_resources",
           "get_path_to_datafile", "readahead_file_path"]


def load_resource(path):
    """The bytes of the data file `path` (relative to this package's directory)."""
    with open(get_path_to_datafile(path), "rb") as f:
        return f.read()


def get_data_files_path():
    """The directory of the calling module's file."""
    return _os.path.dirname(_inspect.getfile(_sys._getframe(1)))


def get_root_dir_with_all_resources():
    """The root of the Bazel runfiles tree above this code when there is one, else the
    directory of this module (TF's rule)."""
    script_dir = get_data_files_path()
    directories = [script_dir]
    while True:
        candidate = directories[-1]
        if ".runfiles" in _os.path.basename(candidate):
            return directories[-2] if len(directories) > 1 else script_dir
        parent = _os.path.dirname(candidate)
        if parent == candidate:
            return script_dir
        directories.append(parent)


def get_path_to_datafile(path):
    """`path` joined to the directory of the calling module's file."""
    return _os.path.join(_os.path.dirname(_inspect.getfile(_sys._getframe(1))), path)


def readahead_file_path(path, readahead="128M"):  # noqa: ARG001 - TF's signature
    """`path` unchanged (TF's readahead hint applies to none of the file systems tfcompat reads)."""
    return path


from tfcompat._unsupported import missing_attr as _missing_attr  # noqa: E402

__getattr__ = _missing_attr("resource_loader", __name__)

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('resource_loader', __name__)   # TF's names, not this module's imports
