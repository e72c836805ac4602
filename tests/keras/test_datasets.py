"""tf.keras.datasets and tf.keras.utils.get_file: small synthetic files in TF's formats written
to a temporary home's Keras cache (`~/.keras/datasets`), read, shuffled and filtered as TF does.
The synthetic files cannot match TF's published hashes, so the tests accept any hash (TF
would download the real file instead). Expected values recorded from TF 2.21 compat.v1
(TF_USE_LEGACY_KERAS=1); with TFCOMPAT_TEST_AGAINST_TF=1 the same tests run against TF."""
import gzip
import hashlib
import importlib
import json
import os
import pickle
import tarfile
import urllib.error

import numpy as np
import pytest

AGAINST_TF = os.environ.get("TFCOMPAT_TEST_AGAINST_TF") == "1"   # as tests/conftest.py


def _data_utils():
    name = "tf_keras.src.utils.data_utils" if AGAINST_TF else "tfcompat.keras.utils.data_utils"
    return importlib.import_module(name)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A fresh home whose Keras cache holds the synthetic files; any hash is accepted."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(_data_utils(), "validate_file", lambda *a, **k: True)
    datasets = tmp_path / ".keras" / "datasets"
    datasets.mkdir(parents=True)
    write_synthetic(str(datasets))
    return datasets


def _sequences(rows):
    out = np.empty(len(rows), dtype=object)
    out[:] = [list(r) for r in rows]
    return out


IMDB_TRAIN = [[1, 2], [3, 4, 5], [6], [7, 8, 9, 10], [11, 12], [13, 14, 15], [16]]
IMDB_TEST = [[20, 21, 22], [23], [24, 25], [26, 27, 28, 29], [30, 1], [2, 3, 4]]
REUTERS = [[i + 1] * (1 + i % 5) + [30 - i] for i in range(12)]


def _cifar_batch(path, n, seed, label_keys):
    r = np.random.RandomState(seed)
    d = {b"data": r.randint(0, 255, (n, 3072)).astype("uint8")}
    for k in label_keys:
        d[k.encode()] = list(range(seed, seed + n))
    with open(path, "wb") as f:
        pickle.dump(d, f)


def write_synthetic(d):
    r = np.random.RandomState(0)
    np.savez(os.path.join(d, "mnist.npz"),
             x_train=r.randint(0, 255, (5, 28, 28)).astype("uint8"),
             y_train=np.arange(5).astype("uint8"),
             x_test=r.randint(0, 255, (3, 28, 28)).astype("uint8"),
             y_test=np.arange(3).astype("uint8"))
    np.savez(os.path.join(d, "boston_housing.npz"), x=np.arange(11 * 13.0).reshape(11, 13),
             y=np.arange(11.0))
    np.savez(os.path.join(d, "imdb.npz"), x_train=_sequences(IMDB_TRAIN),
             y_train=np.arange(7), x_test=_sequences(IMDB_TEST), y_test=np.arange(6) + 10)
    np.savez(os.path.join(d, "reuters.npz"), x=_sequences(REUTERS), y=np.arange(12))
    for name, index in (("imdb_word_index.json", {"the": 1, "a": 2}),
                        ("reuters_word_index.json", {"said": 1})):
        with open(os.path.join(d, name), "w") as f:
            json.dump(index, f)
    fm = os.path.join(d, "fashion-mnist")
    os.mkdir(fm)
    for prefix, n in (("train", 4), ("t10k", 2)):
        with gzip.open(os.path.join(fm, prefix + "-labels-idx1-ubyte.gz"), "wb") as f:
            f.write(b"\0" * 8 + bytes(range(n)))
        with gzip.open(os.path.join(fm, prefix + "-images-idx3-ubyte.gz"), "wb") as f:
            f.write(b"\0" * 16 + bytes(i % 256 for i in range(n * 784)))
    c100 = os.path.join(d, "cifar-100-python")
    os.mkdir(c100)
    _cifar_batch(os.path.join(c100, "train"), 4, 1, ["fine_labels", "coarse_labels"])
    _cifar_batch(os.path.join(c100, "test"), 3, 2, ["fine_labels", "coarse_labels"])
    c10 = os.path.join(d, "cifar-10-batches-py")
    os.mkdir(c10)
    for i in range(1, 6):
        _cifar_batch(os.path.join(c10, "data_batch_%d" % i), 3, i, ["labels"])
    _cifar_batch(os.path.join(c10, "test_batch"), 2, 7, ["labels"])
    for archive in ("cifar-100-python.tar.gz", "cifar-10-batches-py.tar.gz"):
        with open(os.path.join(d, archive), "wb") as f:   # get_file(untar=True) looks for it
            f.write(b"archive")


def _lists(a):
    return [list(map(int, x)) for x in a]


# load_data kwargs -> (x_train, y_train, x_test, y_test) as lists
IMDB = [
    (dict(), ([[1, 6, 7, 8], [1, 10, 11, 12, 13], [1, 4, 5], [1, 19], [1, 9], [1, 14, 15],
               [1, 16, 17, 18]], [1, 3, 0, 6, 2, 4, 5],
              [[1, 27, 28], [1, 29, 30, 31, 32], [1, 2, 4], [1, 26], [1, 23, 24, 25],
               [1, 5, 6, 7]], [12, 13, 14, 11, 10, 15])),
    (dict(num_words=12, skip_top=5, maxlen=4, seed=3, start_char=None, oov_char=None,
          index_from=1),
     ([[], [], [], [5, 6], [], [7]], [4, 6, 5, 1, 0, 2], [[5], [], [], [], []],
      [15, 14, 11, 12, 10])),
    (dict(num_words=10, oov_char=7, seed=5),
     ([[1, 7], [1, 9], [1, 7, 7], [1, 6, 7, 8], [1, 4, 5], [1, 7, 7, 7], [1, 7, 7, 7, 7]],
      [6, 2, 4, 1, 0, 5, 3],
      [[1, 5, 6, 7], [1, 7], [1, 7, 4], [1, 7, 7], [1, 7, 7, 7], [1, 7, 7, 7, 7]],
      [15, 11, 14, 12, 10, 13])),
]
REUTERS_EXPECTED = [
    (dict(), ([[1, 8, 8, 8, 8, 8, 29], [1, 7, 7, 7, 7, 30], [1, 13, 13, 13, 13, 13, 24],
               [1, 12, 12, 12, 12, 25], [1, 5, 5, 32], [1, 4, 2], [1, 15, 15, 22],
               [1, 11, 11, 11, 26], [1, 10, 10, 27]], [4, 3, 9, 8, 1, 0, 11, 7, 6],
              [[1, 14, 23], [1, 6, 6, 6, 31], [1, 9, 28]], [10, 2, 5])),
    (dict(num_words=20, skip_top=2, maxlen=5, test_split=0.5, seed=9, index_from=0,
          start_char=None),
     ([[8, 8, 8, 2], [3, 3, 3, 2], [2, 2], [2, 2, 2]], [7, 2, 0, 1],
      [[12, 12, 19], [11, 2], [7, 7, 2], [6, 2]], [11, 10, 6, 5])),
]


def _check_sequences(result, expected):
    (xa, ya), (xb, yb) = result
    assert xa.dtype == object and xb.dtype == object
    assert (_lists(xa), ya.tolist(), _lists(xb), yb.tolist()) == expected


@pytest.mark.parametrize("kwargs,expected", IMDB)
def test_imdb_as_tf(tf, cache, kwargs, expected):
    _check_sequences(tf.keras.datasets.imdb.load_data(**kwargs), expected)


@pytest.mark.parametrize("kwargs,expected", REUTERS_EXPECTED)
def test_reuters_as_tf(tf, cache, kwargs, expected):
    _check_sequences(tf.keras.datasets.reuters.load_data(**kwargs), expected)


def test_word_indices_and_label_names(tf, cache):
    assert tf.keras.datasets.imdb.get_word_index() == {"the": 1, "a": 2}
    assert tf.keras.datasets.reuters.get_word_index() == {"said": 1}
    names = tf.keras.datasets.reuters.get_label_names()
    assert len(names) == 46 and names[:3] == ("cocoa", "grain", "veg-oil")


def test_sequence_errors_as_tf(tf, cache):
    with pytest.raises(TypeError, match=r"^Unrecognized keyword arguments: \{'foo': 1\}\.$"):
        tf.keras.datasets.imdb.load_data(foo=1)
    with pytest.raises(TypeError, match=r"^Unrecognized keyword arguments: \{'foo': 1\}$"):
        tf.keras.datasets.reuters.load_data(foo=1)
    with pytest.raises(ValueError, match=r"^After filtering for sequences shorter than maxlen=1, "
                                         r"no sequence was kept. Increase maxlen.$"):
        tf.keras.datasets.imdb.load_data(maxlen=1)
    (xa, _), _ = tf.keras.datasets.imdb.load_data(nb_words=5)   # Keras 1's name
    assert max(max(x) for x in xa) < 5


def test_boston_housing_as_tf(tf, cache):
    (xa, ya), (xb, yb) = tf.keras.datasets.boston_housing.load_data()
    assert ya.tolist() == [4.0, 3.0, 8.0, 7.0, 1.0, 0.0, 10.0, 6.0]
    assert yb.tolist() == [9.0, 2.0, 5.0]
    assert xa[:, 0].tolist() == [52.0, 39.0, 104.0, 91.0, 13.0, 0.0, 130.0, 78.0]
    assert xa.shape == (8, 13) and xb.shape == (3, 13)
    (_, ya), (_, yb) = tf.keras.datasets.boston_housing.load_data(test_split=0.3, seed=4)
    assert (ya.tolist(), yb.tolist()) == ([3.0, 8.0, 4.0, 9.0, 2.0, 6.0, 0.0],
                                         [1.0, 5.0, 7.0, 10.0])


def test_cifar100_as_tf(tf, cache):
    (xa, ya), (xb, yb) = tf.keras.datasets.cifar100.load_data()
    assert xa.shape == (4, 32, 32, 3) and xa.dtype == np.uint8 and xb.shape == (3, 32, 32, 3)
    assert ya.tolist() == [[1], [2], [3], [4]] and yb.tolist() == [[2], [3], [4]]
    assert xa[0, 0, :2].tolist() == [[37, 106, 39], [235, 39, 14]]
    assert xb[2, 31, 31].tolist() == [161, 109, 68]
    with pytest.raises(ValueError, match='^`label_mode` must be one of `"fine"`, `"coarse"`. '
                                         'Received: label_mode=x.$'):
        tf.keras.datasets.cifar100.load_data(label_mode="x")


@pytest.mark.tfcompat_only   # TF fills exactly 10,000 rows per batch file; these have 3
def test_cifar10_batches_stacked(tf, cache):
    (xa, ya), (xb, yb) = tf.keras.datasets.cifar10.load_data()
    assert xa.shape == (15, 32, 32, 3) and xa.dtype == np.uint8 and xb.shape == (2, 32, 32, 3)
    assert ya.dtype == np.uint8 and ya.shape == (15, 1) and yb.dtype == np.uint8
    assert ya.ravel().tolist() == [1, 2, 3, 2, 3, 4, 3, 4, 5, 4, 5, 6, 5, 6, 7]
    with open(str(cache / "cifar-10-batches-py" / "data_batch_2"), "rb") as f:
        raw = pickle.load(f, encoding="bytes")[b"data"]
    np.testing.assert_array_equal(xa[3], raw[0].reshape(3, 32, 32).transpose(1, 2, 0))


def test_mnist_and_fashion_mnist_as_tf(tf, cache):
    (xa, ya), (xb, yb) = tf.keras.datasets.mnist.load_data()
    assert (xa.shape, ya.tolist(), xb.shape, yb.tolist()) == ((5, 28, 28), [0, 1, 2, 3, 4],
                                                              (3, 28, 28), [0, 1, 2])
    (xa, ya), (xb, yb) = tf.keras.datasets.fashion_mnist.load_data()
    assert (xa.shape, ya.tolist(), xb.shape, yb.tolist()) == ((4, 28, 28), [0, 1, 2, 3],
                                                              (2, 28, 28), [0, 1])
    assert xa[1, 0, :4].tolist() == [16, 17, 18, 19] and xb.dtype == np.uint8


def test_cache_dir_argument(tf, cache, tmp_path):
    other = tmp_path / "elsewhere"
    (other / "datasets").mkdir(parents=True)
    np.savez(str(other / "datasets" / "mnist.npz"), x_train=np.zeros((1, 28, 28), "uint8"),
             y_train=np.array([7], "uint8"), x_test=np.zeros((0, 28, 28), "uint8"),
             y_test=np.zeros((0,), "uint8"))
    (_, ya), _ = tf.keras.datasets.mnist.load_data(cache_dir=str(other))
    assert ya.tolist() == [7]


# -- get_file ---------------------------------------------------------------------------------

def _sha256(data):
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A home with a writable `~/.keras` (without one TF and tfcompat use /tmp/.keras)."""
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / ".keras").mkdir()
    return tmp_path


def test_get_file_returns_the_cached_file_with_a_matching_hash(tf, home):
    models = home / ".keras" / "models"
    models.mkdir(parents=True)
    (models / "x.txt").write_bytes(b"hello\n")
    get_file = tf.keras.utils.get_file
    expected = str(models / "x.txt")
    assert get_file("x.txt", "http://example.invalid/x.txt", cache_subdir="models") == expected
    assert get_file("x.txt", "http://example.invalid/x.txt", cache_subdir="models",
                    file_hash=_sha256(b"hello\n")) == expected
    assert get_file("x.txt", "http://example.invalid/x.txt", cache_subdir="models",
                    md5_hash="b1946ac92492d2347c6235b4d2611184") == expected
    with pytest.raises(ValueError, match=r'^Please specify the "origin" argument \(URL of the '
                                         r'file to download\).$'):
        get_file("x.txt")


def _refuse_network(monkeypatch):
    def urlretrieve(url, filename, reporthook=None):
        with open(filename, "wb") as f:
            f.write(b"partial")
        raise urllib.error.URLError(OSError(-2, "Name or service not known"))
    monkeypatch.setattr("urllib.request.urlretrieve", urlretrieve)


@pytest.mark.tfcompat_only   # TF binds urlretrieve at import: the network cannot be faked
def test_get_file_with_a_stale_cached_file_downloads_and_removes_it_on_failure(
        tf, home, monkeypatch, capsys):
    models = home / ".keras" / "models"
    models.mkdir(parents=True)
    (models / "x.h5").write_bytes(b"stale")
    _refuse_network(monkeypatch)
    with pytest.raises(Exception) as info:
        tf.keras.utils.get_file("x.h5", "http://example.invalid/x.h5", cache_subdir="models",
                                file_hash="0" * 32)
    # TF's texts
    assert str(info.value) == ("URL fetch failure on http://example.invalid/x.h5: None -- "
                               "[Errno -2] Name or service not known")
    out = capsys.readouterr().out
    assert ("A local file was found, but it seems to be incomplete or outdated because the auto "
            "file hash does not match the original value of " + "0" * 32 + " so we will "
            "re-download the data.") in out
    assert "Downloading data from http://example.invalid/x.h5" in out
    assert os.listdir(str(models)) == []


@pytest.mark.tfcompat_only
def test_get_file_downloads_checks_the_hash_and_extracts(tf, home, monkeypatch, tmp_path):
    src = tmp_path / "src"
    (src / "d").mkdir(parents=True)
    (src / "d" / "a.txt").write_text("inside")
    archive = tmp_path / "d.tar.gz"
    with tarfile.open(str(archive), "w:gz") as t:
        t.add(str(src / "d"), arcname="d")

    def urlretrieve(url, filename, reporthook=None):
        with open(str(archive), "rb") as f, open(filename, "wb") as out:
            out.write(f.read())
    monkeypatch.setattr("urllib.request.urlretrieve", urlretrieve)
    path = tf.keras.utils.get_file("d", "http://example.invalid/d.tar.gz", untar=True,
                                   file_hash=_sha256(archive.read_bytes()))
    assert path == str(home / ".keras" / "datasets" / "d")
    assert (home / ".keras" / "datasets" / "d" / "a.txt").read_text() == "inside"
    with pytest.raises(ValueError, match=r"^Incomplete or corrupted file detected. The sha256 "
                                         r"file hash does not match the provided value of 1+.$"):
        tf.keras.utils.get_file("e.tar.gz", "http://example.invalid/e.tar.gz",
                                file_hash="1" * 64, hash_algorithm="sha256")


@pytest.mark.tfcompat_only   # TF adds the two splits' object arrays elementwise here
def test_imdb_without_offsets(tf, cache):
    (xa, ya), (xb, yb) = tf.keras.datasets.imdb.load_data(start_char=None, index_from=0)
    assert _lists(xa) == [[3, 4, 5], [7, 8, 9, 10], [1, 2], [16], [6], [11, 12], [13, 14, 15]]
    assert ya.tolist() == [1, 3, 0, 6, 2, 4, 5] and len(xb) == 6
