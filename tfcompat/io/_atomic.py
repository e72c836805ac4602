"""How checkpoint files reach the disk, so that no crash, full disk or kill -9 loses a checkpoint.

A V2 checkpoint at prefix ``P`` is two kinds of files, ``P.index`` and ``P.data-*``, that must
match: the index holds the offsets and checksums of the bytes in the data files. A file can be
replaced atomically (written under a temporary name, then renamed), but two files cannot, so a
save to a prefix that already holds a checkpoint has an instant where the new data files sit
next to the old index. A process killed right then would leave neither checkpoint readable.
So a save keeps the checkpoint it replaces, as the *backup* ``P.tfcompat-backup``, until the
new one is complete:

1. write the new files under temporary names (``<file>.tempstate-<pid>-<random>-<host>``);
   a failure here (full disk, no permission, a bad value) deletes them and changes nothing;
2. if ``P`` holds a complete checkpoint, make it the backup: remove any older backup (its
   index first), then hard-link (or copy, where links are not supported) ``P.data-*`` and
   last ``P.index`` to ``P.tfcompat-backup.data-*`` and ``P.tfcompat-backup.index``;
3. rename the new data files over ``P.data-*``, then the new index over ``P.index``;
4. remove the backup, index first.

A backup exists (its ``.index`` is present) only between steps 2 and 4, so its presence says
"``P`` may be half replaced". Readers (:func:`readable_prefix`) then compare the two indexes:
if ``P.index`` is still byte-for-byte the backup's index, step 3 has not finished and the
backup is the complete checkpoint; if it differs, step 3 finished (the index is renamed last)
and ``P`` is complete. Either way ``restore``, ``NewCheckpointReader`` and
``latest_checkpoint`` find a complete checkpoint at every instant. A save that finds a backup
whose checkpoint ``P`` has not replaced keeps it (``P`` is the half-replaced one) rather than
overwriting it. ``P.index`` and ``P.data-*`` keep TF's names and format, so TensorFlow reads
them; after a crash in step 3 TensorFlow can read the backup, as the prefix
``P.tfcompat-backup``.

Temporary files of a process that died (same host, pid no longer running) are deleted by the
next save to the same file. Without ``sync`` (the Saver's choice, as TF's) nothing is fsynced:
every guarantee above holds for a killed process, not for a power loss.
"""
from __future__ import annotations

import errno
import glob
import logging
import os
import re
import shutil
import socket
import uuid

from tfcompat import errors

__all__ = ["PendingFile", "commit_bundle", "readable_prefix", "backup_prefix",
           "data_files", "remove_backup", "remove_stale_temps", "os_error", "temp_name"]

_log = logging.getLogger("tensorflow")   # as TF logs: "WARNING:tensorflow:..." (tf_logging.py)

BACKUP_SUFFIX = ".tfcompat-backup"
_TEMP = ".tempstate-"
_TEMP_RE = re.compile(r"\.tempstate-(\d+)-[0-9a-f]{16}-(.*)$")
_HOST = socket.gethostname().replace("/", "_")


# -- TF's errno -> error class table (tensorflow/core/platform/errors ErrnoToCode) ---------------

def _codes() -> dict:
    table = {}
    for code, names in (
            (errors.INVALID_ARGUMENT, "EINVAL ENAMETOOLONG E2BIG EDESTADDRREQ EDOM EFAULT EILSEQ "
                                      "ENOPROTOOPT ENOSTR ENOTSOCK ENOTTY EPROTOTYPE ESPIPE"),
            (errors.DEADLINE_EXCEEDED, "ETIMEDOUT ETIME"),
            (errors.NOT_FOUND, "ENODEV ENOENT ENXIO ESRCH"),
            (errors.ALREADY_EXISTS, "EEXIST EADDRNOTAVAIL EALREADY"),
            (errors.PERMISSION_DENIED, "EPERM EACCES EROFS"),
            (errors.FAILED_PRECONDITION, "ENOTEMPTY EISDIR ENOTDIR EADDRINUSE EBADF EBUSY ECHILD "
                                         "EISCONN ENOTBLK ENOTCONN EPIPE ESHUTDOWN ETXTBSY"),
            (errors.RESOURCE_EXHAUSTED, "ENOSPC EDQUOT EMFILE EMLINK ENFILE ENOBUFS ENODATA "
                                        "ENOMEM ENOSR EUSERS"),
            (errors.OUT_OF_RANGE, "EFBIG EOVERFLOW ERANGE"),
            (errors.UNIMPLEMENTED, "ENOSYS ENOTSUP EAFNOSUPPORT EPFNOSUPPORT EPROTONOSUPPORT "
                                   "ESOCKTNOSUPPORT EXDEV"),
            (errors.UNAVAILABLE, "EAGAIN ECONNREFUSED ECONNABORTED ECONNRESET EINTR EHOSTDOWN "
                                 "EHOSTUNREACH ENETDOWN ENETRESET ENETUNREACH ENOLCK ENOLINK "
                                 "ENONET"),
            (errors.ABORTED, "EDEADLK ESTALE"),
            (errors.CANCELLED, "ECANCELED")):
        for name in names.split():
            if hasattr(errno, name):
                table[getattr(errno, name)] = code
    return table


_ERRNO_CODES = _codes()


def os_error(e: OSError, path: str | None = None) -> errors.OpError:
    """The tf.errors class TF raises for ``e`` (ENOSPC: ResourceExhaustedError, EACCES:
    PermissionDeniedError, ENOENT: NotFoundError, ...), with TF's "<path>; <reason>" text."""
    code = _ERRNO_CODES.get(e.errno, errors.UNKNOWN)
    reason = e.strerror or str(e)
    return errors.exception_type_from_error_code(code)(
        None, None, "%s; %s" % (path or e.filename or "<unknown file>", reason))


# -- temporary files ----------------------------------------------------------------------------

def temp_name(path: str) -> str:
    """A fresh temporary name next to ``path``, telling which process wrote it."""
    return "%s%s%d-%s-%s" % (path, _TEMP, os.getpid(), uuid.uuid4().hex[:16], _HOST)


def _alive(pid: int) -> bool:
    if pid <= 0:
        return True  # not a name temp_name() makes: leave it alone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):  # EPERM: someone else's live process
        return True
    return True


def remove_stale_temps(path: str, any_suffix: bool = False) -> None:
    """Deletes temporary files of ``path`` (with ``any_suffix``: of every file whose name
    starts with ``path``) left by processes of this host that have died."""
    for temp in glob.glob(glob.escape(path) + ("*" if any_suffix else "") + _TEMP + "*"):
        match = _TEMP_RE.search(temp)
        if match and match.group(2) == _HOST and not _alive(int(match.group(1))):
            try:
                os.remove(temp)
            except OSError:  # best effort: gone already, or not ours to remove
                pass


def _remove(path: str) -> None:
    try:
        os.remove(path)
    except FileNotFoundError:
        pass
    except OSError as e:
        raise os_error(e, path) from e


def _forget(path: str) -> None:
    """Removes a temporary file, if it can: on the way out of a failure, which it must not
    hide (a stale one is removed by a later save)."""
    try:
        os.remove(path)
    except OSError:
        pass


class PendingFile:
    """A file written under a temporary name; :func:`commit_bundle` or :meth:`commit` renames
    it into place, :meth:`discard` deletes it. OSErrors become tf.errors naming the file."""

    def __init__(self, path: str, sync: bool):
        self.path, self.temp, self.sync = path, temp_name(path), sync
        self._committed = False
        try:
            self._file = open(self.temp, "wb")  # noqa: SIM115 - closed by finish()/discard()
        except OSError as e:
            raise os_error(e, self.temp) from e

    def write(self, data) -> None:
        try:
            self._file.write(data)
        except OSError as e:
            raise os_error(e, self.temp) from e

    def finish(self) -> None:
        """Pushes the bytes to the operating system (and the disk, with ``sync``)."""
        try:
            self._file.flush()
            if self.sync:
                os.fsync(self._file.fileno())
            self._file.close()
        except OSError as e:
            raise os_error(e, self.temp) from e

    def commit(self) -> None:
        _replace(self.temp, self.path)
        self._committed = True

    def discard(self) -> None:
        """Closes and deletes the temporary file if it is still there."""
        try:
            self._file.close()
        except OSError:
            pass
        if not self._committed:
            _forget(self.temp)


def _replace(src: str, dst: str) -> None:
    try:
        os.replace(src, dst)
    except OSError as e:
        raise os_error(e, dst) from e


# -- the backup pair ----------------------------------------------------------------------------

def backup_prefix(prefix: str) -> str:
    return prefix + BACKUP_SUFFIX


def _read_bytes(path: str) -> bytes | None:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:  # not there (or unreadable: the reader reports that for the prefix)
        return None


def readable_prefix(prefix: str) -> str:
    """``prefix``, or its backup where a save to ``prefix`` is under way or was killed before
    its index was renamed (see the module docstring)."""
    backup = _read_bytes(backup_prefix(prefix) + ".index")
    if backup is None:
        return prefix
    current = _read_bytes(prefix + ".index")
    return backup_prefix(prefix) if current is None or current == backup else prefix


def data_files(prefix: str) -> list:
    """The data files on disk named like those of a checkpoint at ``prefix``."""
    return glob.glob(glob.escape(prefix) + ".data-[0-9][0-9][0-9][0-9][0-9]-of-[0-9][0-9][0-9]"
                     "[0-9][0-9]")


def remove_backup(prefix: str) -> None:
    """Deletes the backup of ``prefix`` (its index first, so it is never half there)."""
    backup = backup_prefix(prefix)
    _remove(backup + ".index")
    for path in data_files(backup):
        _remove(path)


def _link(src: str, dst: str) -> None:
    """``dst`` becomes the same file as ``src`` (a hard link, else a copy), atomically."""
    remove_stale_temps(dst)
    temp = temp_name(dst)
    try:
        try:
            os.link(src, temp)
        except OSError:  # no hard links here (some network and FAT file systems)
            shutil.copyfile(src, temp)
        os.replace(temp, dst)
    except OSError as e:
        _forget(temp)
        raise os_error(e, dst) from e


def _keep_as_backup(prefix: str, files: list) -> None:
    remove_backup(prefix)
    backup = backup_prefix(prefix)
    for path in files:
        _link(path, backup + path[len(prefix):])
    _link(prefix + ".index", backup + ".index")


def commit_bundle(prefix: str, data: list, index: PendingFile, data_files_of) -> None:
    """Renames the finished ``data`` files and then ``index`` into place at ``prefix``,
    keeping the checkpoint they replace as the backup until they are all in place.

    ``data_files_of(prefix)`` lists the data files the index at ``prefix`` refers to, or None
    when that index is unreadable (then there is nothing complete to keep).
    """
    if readable_prefix(prefix) == prefix and os.path.exists(prefix + ".index"):
        old = data_files_of(prefix)
        if old is not None and all(os.path.exists(path) for path in old):
            _keep_as_backup(prefix, old)
    # else: the backup (if any) is the complete checkpoint and stays until the new one is in
    for pending in data:
        pending.commit()
    index.commit()
    if index.sync:
        _sync_dir(os.path.dirname(prefix) or ".")
    try:
        remove_backup(prefix)
    except errors.OpError as e:  # the new checkpoint is complete: readers no longer use it
        _log.warning("Could not remove the backup of checkpoint %s: %s", prefix, e)


def _sync_dir(directory: str) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
