"""`tf.keras.utils.get_file`: a file from Keras' cache (`~/.keras/<cache_subdir>/<fname>`),
downloaded from `origin` only when it is missing there or its hash does not match.

As TF (tf_keras 2.21 and TF 1.15): the cache is `~/.keras` unless `cache_dir` is given (the
`KERAS_HOME` variable moves only `keras.json`, not this cache), `/tmp/.keras` when that is not
writable; a 64-digit hash is sha256 and any other md5 under 'auto'; a cached file whose hash
does not match is downloaded again (with urllib's `urlretrieve` and a progress bar, as TF), and
a failed download removes the file.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tarfile
import urllib.error
import urllib.request
import warnings
import zipfile
from urllib.parse import urlsplit

from tfcompat._lazy import lazy_module

_progbar = lazy_module("tfcompat.keras.engine.progbar")

__all__ = ["get_file", "validate_file"]

_URL_ERROR = "URL fetch failure on {}: {} -- {}"


def get_file(fname=None, origin=None, untar=False, md5_hash=None, file_hash=None,
             cache_subdir="datasets", hash_algorithm="auto", extract=False,
             archive_format="auto", cache_dir=None):
    """The local path of `fname`, downloaded from `origin` into the Keras cache if needed."""
    if origin is None:
        raise ValueError('Please specify the "origin" argument (URL of the file to download).')
    if cache_dir is None:
        cache_dir = os.path.join(os.path.expanduser("~"), ".keras")
    if md5_hash is not None and file_hash is None:
        file_hash, hash_algorithm = md5_hash, "md5"
    datadir = _cache_dir(cache_dir, cache_subdir)
    fname = _file_name(fname, origin)
    if untar:
        if fname.endswith(".tar.gz"):
            fname = fname[:-len(".tar.gz")]
        untar_fpath = os.path.join(datadir, fname)
        fpath = untar_fpath + ".tar.gz"
    else:
        fpath = os.path.join(datadir, fname)
    if _needs_download(fpath, file_hash, hash_algorithm):
        _download(origin, fpath)
        if os.path.exists(fpath) and file_hash is not None \
                and not validate_file(fpath, file_hash, algorithm=hash_algorithm):
            raise ValueError("Incomplete or corrupted file detected. The %s file hash does not "
                             "match the provided value of %s." % (hash_algorithm, file_hash))
    if untar:
        if not os.path.exists(untar_fpath):
            _extract_archive(fpath, datadir, archive_format="tar")
        return untar_fpath
    if extract:
        _extract_archive(fpath, datadir, archive_format)
    return fpath


def _cache_dir(cache_dir, cache_subdir):
    base = os.path.expanduser(cache_dir)
    if not os.access(base, os.W_OK):
        base = os.path.join("/tmp", ".keras")
    datadir = os.path.join(base, cache_subdir)
    os.makedirs(datadir, exist_ok=True)
    return datadir


def _file_name(fname, origin):
    fname = os.fspath(fname) if fname is not None else fname
    if not fname:
        fname = os.path.basename(urlsplit(origin).path)
        if not fname:
            raise ValueError("Can't parse the file name from the origin provided: '%s'.Please "
                             "specify the `fname` as the input param." % (origin,))
    return fname


def _needs_download(fpath, file_hash, hash_algorithm):
    if not os.path.exists(fpath):
        return True
    if file_hash is not None and not validate_file(fpath, file_hash, algorithm=hash_algorithm):
        print("A local file was found, but it seems to be incomplete or outdated because the %s "
              "file hash does not match the original value of %s so we will re-download the "
              "data." % (hash_algorithm, file_hash))
        return True
    return False


def _download(origin, fpath):
    print("Downloading data from %s" % origin)
    try:
        try:
            urllib.request.urlretrieve(origin, fpath, _DownloadProgress())
        except urllib.error.HTTPError as e:
            raise Exception(_URL_ERROR.format(origin, e.code, e.msg)) from e
        except urllib.error.URLError as e:
            raise Exception(_URL_ERROR.format(origin, e.errno, e.reason)) from e
    except (Exception, KeyboardInterrupt):
        if os.path.exists(fpath):     # never leave a partial file where the cache looks
            os.remove(fpath)
        raise


class _DownloadProgress:
    """urlretrieve's report hook: a Keras progress bar over the bytes received."""

    def __init__(self):
        self.progbar = None
        self.finished = False

    def __call__(self, block_num, block_size, total_size):
        if self.progbar is None:
            self.progbar = _progbar.Progbar(None if total_size == -1 else total_size)
        current = block_num * block_size
        if total_size == -1 or current < total_size:
            self.progbar.update(current)
        elif not self.finished:
            self.progbar.update(self.progbar.target)
            self.finished = True


def _resolve_hasher(algorithm, file_hash=None):
    if algorithm == "sha256":
        return hashlib.sha256()
    if algorithm == "auto" and file_hash is not None and len(file_hash) == 64:
        return hashlib.sha256()
    return hashlib.md5()      # TF's legacy default


def _hash_file(fpath, hasher, chunk_size=65535):
    with open(fpath, "rb") as f:
        for chunk in iter(lambda: f.read(chunk_size), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def validate_file(fpath, file_hash, algorithm="auto", chunk_size=65535):
    """Whether the file's sha256 (or md5) hash is `file_hash`."""
    hasher = _resolve_hasher(algorithm, file_hash)
    return str(_hash_file(fpath, hasher, chunk_size)) == str(file_hash)


def _extract_archive(file_path, path=".", archive_format="auto"):
    """Extracts a tar or zip archive into `path`; False when it is neither."""
    if archive_format is None:
        return False
    if archive_format == "auto":
        archive_format = ["tar", "zip"]
    if isinstance(archive_format, str):
        archive_format = [archive_format]
    for archive_type in archive_format:
        is_match, open_fn = ((tarfile.is_tarfile, tarfile.open) if archive_type == "tar"
                             else (zipfile.is_zipfile, zipfile.ZipFile))
        if is_match(file_path):
            with open_fn(file_path) as archive:
                _extract_all(archive, path, file_path)
            return True
    return False


def _extract_all(archive, path, file_path):
    try:
        if zipfile.is_zipfile(file_path):
            archive.extractall(path)
        else:       # a tar member may point outside `path`: skip those, as TF does
            archive.extractall(path, members=_safe_members(archive))
    except (tarfile.TarError, RuntimeError, KeyboardInterrupt):
        if os.path.exists(path):
            if os.path.isfile(path):
                os.remove(path)
            else:
                shutil.rmtree(path)
        raise


def _inside(path, base):
    return os.path.realpath(os.path.abspath(os.path.join(base, path))).startswith(base)


def _safe_members(archive):
    base = os.path.realpath(os.path.abspath("."))
    for info in archive.getmembers():
        tip = os.path.realpath(os.path.abspath(os.path.join(base, os.path.dirname(info.name))))
        if _inside(info.name, base) or ((info.issym() or info.islnk())
                                        and _inside(info.linkname, tip)):
            yield info
        else:
            warnings.warn("Skipping invalid path during archive extraction: '%s'." % info.name)
