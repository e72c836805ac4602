"""TF's `tensorflow.python.lib.io.file_io`, which TF1 scripts import for its snake_case file
functions (`file_exists`, `read_file_to_string`, `write_string_to_file`, `recursive_create_dir`,
...): each is the `tf.gfile` operation of the same meaning (local files; other file systems fail
as tf.gfile's do)."""
from __future__ import annotations

import uuid

from tfcompat.gfile import GFile as FileIO
from tfcompat.gfile import io_gfile as _gfile

file_exists = file_exists_v2 = _gfile.exists
delete_file = delete_file_v2 = _gfile.remove
get_matching_files = get_matching_files_v2 = _gfile.glob
create_dir = create_dir_v2 = _gfile.mkdir
recursive_create_dir = recursive_create_dir_v2 = _gfile.makedirs
delete_recursively = delete_recursively_v2 = _gfile.rmtree
is_directory = is_directory_v2 = _gfile.isdir
list_directory = list_directory_v2 = _gfile.listdir
stat = stat_v2 = _gfile.stat
walk = walk_v2 = _gfile.walk


def read_file_to_string(filename, binary_mode=False):
    """The file's contents: bytes with `binary_mode`, else str."""
    with FileIO(filename, mode="rb" if binary_mode else "r") as f:
        return f.read()


def write_string_to_file(filename, file_content):
    """Writes `file_content` (str or bytes) to `filename`, replacing it."""
    with FileIO(filename, mode="w") as f:
        f.write(file_content)


def atomic_write_string_to_file(filename, contents, overwrite=True):
    """Writes `contents` to a temporary file beside `filename`, then renames it over it."""
    temp = "%s.tmp%s" % (filename, uuid.uuid4().hex)
    write_string_to_file(temp, contents)
    try:
        rename(temp, filename, overwrite)
    except Exception:
        delete_file(temp)
        raise


def copy(oldpath, newpath, overwrite=False):
    _gfile.copy(oldpath, newpath, overwrite)


def rename(oldname, newname, overwrite=False):
    _gfile.rename(oldname, newname, overwrite)


copy_v2, rename_v2 = copy, rename
