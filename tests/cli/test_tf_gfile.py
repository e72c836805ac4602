"""tf.gfile / tf.io.gfile on the local file system; error classes and texts are TF's."""
import os

import pytest

import tfcompat as tf
from tfcompat import gfile


def test_read_write_text_and_binary(tmp_path):
    path = str(tmp_path / "a.txt")
    with tf.gfile.GFile(path, "w") as f:
        f.write("hi\nthere\n")
    f = tf.gfile.GFile(path)
    assert (f.read(), f.size(), f.tell()) == ("hi\nthere\n", 9, 9)
    f.close()
    with tf.gfile.Open(path, "rb") as f:
        assert (f.readline(), f.readlines()) == (b"hi\n", [b"there\n"])
    assert list(tf.gfile.GFile(path)) == ["hi\n", "there\n"]
    with tf.gfile.GFile(path, "ab") as f:
        f.write(b"!")
    assert tf.gfile.GFile(path, "rb").read() == b"hi\nthere\n!"


def test_directory_functions(tmp_path):
    d = str(tmp_path)
    tf.gfile.MakeDirs(os.path.join(d, "s", "t"))
    tf.gfile.MakeDirs(os.path.join(d, "s", "t"))
    tf.gfile.MkDir(os.path.join(d, "s"))
    for name in "ab":
        with tf.gfile.GFile(os.path.join(d, name), "w") as f:
            f.write("x")
    assert sorted(tf.gfile.ListDirectory(d)) == ["a", "b", "s"]
    assert [(r.replace(d, "D"), a, b) for r, a, b in tf.gfile.Walk(d)] == [
        ("D", ["s"], ["a", "b"]), ("D/s", ["t"], []), ("D/s/t", [], [])]
    assert [p.replace(d, "D") for p in tf.gfile.Glob(d + "/*")] == ["D/a", "D/b", "D/s"]
    assert tf.gfile.IsDirectory(os.path.join(d, "s")) and not tf.gfile.IsDirectory(d + "/a")
    stat = tf.gfile.Stat(os.path.join(d, "a"))
    assert (stat.length, stat.is_directory, type(stat.mtime_nsec)) == (1, False, int)
    tf.gfile.Copy(os.path.join(d, "a"), os.path.join(d, "c"))
    tf.gfile.Rename(os.path.join(d, "c"), os.path.join(d, "b"), overwrite=True)
    tf.gfile.Remove(os.path.join(d, "a"))
    tf.gfile.DeleteRecursively(os.path.join(d, "s"))
    assert sorted(tf.gfile.ListDirectory(d)) == ["b"] and tf.gfile.Exists(d + "/b")


@pytest.mark.parametrize("call, error, text", [
    (lambda d: gfile.GFile(d + "/nope").read(), "NotFoundError", "D/nope; No such file or directory"),
    (lambda d: gfile.Remove(d + "/nope"), "NotFoundError", "D/nope; No such file or directory"),
    (lambda d: gfile.ListDirectory(d + "/nope"), "NotFoundError", "Could not find directory D/nope"),
    (lambda d: gfile.Stat(d + "/nope"), "NotFoundError", "D/nope; No such file or directory"),
    (lambda d: gfile.DeleteRecursively(d + "/nope"), "NotFoundError", "D/nope not found"),
    (lambda d: gfile.Rename(d + "/nope", d + "/x"), "NotFoundError", "D/nope; No such file or directory"),
    (lambda d: gfile.Copy(d + "/a", d + "/b"), "AlreadyExistsError", "file already exists"),
    (lambda d: gfile.Rename(d + "/a", d + "/b"), "AlreadyExistsError", "file already exists"),
    (lambda d: gfile.GFile(d).read(), "FailedPreconditionError", "D; Is a directory"),
    (lambda d: gfile.GFile("gs://bucket/x").read(), "UnimplementedError",
     "File system scheme 'gs' not implemented (file: 'gs://bucket/x')"),
])
def test_errors_as_tf(tmp_path, call, error, text):
    d = str(tmp_path)
    for name in "ab":
        (tmp_path / name).write_text("x")
    with pytest.raises(getattr(tf.errors, error)) as info:
        call(d)
    assert str(info.value).replace(d, "D") == text


def test_io_gfile_names(tmp_path):
    io_gfile = gfile.io_gfile
    path = io_gfile.join(str(tmp_path), "f.bin")
    with io_gfile.GFile(path, "wb") as f:
        f.write(b"\x00\x01")
    assert io_gfile.exists(path) and io_gfile.listdir(str(tmp_path)) == ["f.bin"]
    io_gfile.copy(path, path + ".2")
    io_gfile.rename(path + ".2", path + ".3")
    assert io_gfile.stat(path + ".3").length == 2
    io_gfile.rmtree(str(tmp_path / "f.bin.3"))
    assert sorted(io_gfile.glob(str(tmp_path) + "/*")) == [path]
    if hasattr(tf, "io") and hasattr(tf.io, "gfile"):
        assert tf.io.gfile.exists is gfile.Exists
