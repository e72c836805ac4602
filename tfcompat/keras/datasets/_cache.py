"""What the data set loaders share: TF's download folder, the `cache_dir` argument, CIFAR's
pickled batches and the word-index sequences of imdb and reuters."""
from __future__ import annotations

import json
import os
import pickle

import numpy as np

from tfcompat import tf_logging as logging
from tfcompat.keras.utils.data_utils import get_file

ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"


def fetch(fname, origin, file_hash, cache_dir=None, **kwargs):
    """`get_file` into `<cache_dir or ~/.keras>/datasets`, making `cache_dir` first as TF does."""
    if cache_dir:
        cache_dir = os.path.expanduser(cache_dir)
        os.makedirs(cache_dir, exist_ok=True)
    return get_file(fname, origin=origin, file_hash=file_hash, cache_dir=cache_dir, **kwargs)


def load_batch(fpath, label_key="labels"):
    """One CIFAR batch file (a pickled dict with bytes keys): images (N, 3, 32, 32), labels."""
    with open(fpath, "rb") as f:
        d = {k.decode("utf8"): v for k, v in pickle.load(f, encoding="bytes").items()}
    data = d["data"]
    return data.reshape(data.shape[0], 3, 32, 32), d[label_key]


def word_index(path, origin_name, file_hash):
    with open(get_file(path, origin=ORIGIN + origin_name, file_hash=file_hash)) as f:
        return json.load(f)


def renamed_num_words(num_words, kwargs):
    """Keras 1's `nb_words` is `num_words`; any other extra keyword is TF's TypeError."""
    if "nb_words" in kwargs:
        logging.warning("The `nb_words` argument in `load_data` has been renamed `num_words`.")
        num_words = kwargs.pop("nb_words")
    return num_words


def shuffled(rng, *arrays):
    """The arrays in one random order drawn from `rng` (TF draws one permutation per split)."""
    indices = np.arange(len(arrays[0]))
    rng.shuffle(indices)
    return tuple(a[indices] for a in arrays)


def offset_words(xs, start_char, index_from):
    if start_char is not None:
        return [[start_char] + [w + index_from for w in x] for x in xs]
    if index_from:
        return [[w + index_from for w in x] for x in xs]
    return xs


def remove_long_seq(maxlen, seq, label):
    """The sequences shorter than `maxlen` and their labels."""
    kept = [(x, y) for x, y in zip(seq, label) if len(x) < maxlen]
    return [x for x, _ in kept], [y for _, y in kept]


def limit_words(xs, num_words, skip_top, oov_char):
    """Words outside [skip_top, num_words) become `oov_char` (or are dropped when it is None)."""
    if not num_words:
        num_words = max(max(x) for x in xs)
    if oov_char is not None:
        return [[w if skip_top <= w < num_words else oov_char for w in x] for x in xs]
    return [[w for w in x if skip_top <= w < num_words] for x in xs]
