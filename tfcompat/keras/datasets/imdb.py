"""`tf.keras.datasets.imdb`: 25,000 + 25,000 movie reviews as lists of word indices (1 the
most frequent word), labelled positive or negative."""
from __future__ import annotations

import numpy as np

from tfcompat.keras.datasets import _cache

_HASH = "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f"
_INDEX_HASH = "bfafd718b763782e994055a2d397834f"


def load_data(path="imdb.npz", num_words=None, skip_top=0, maxlen=None, seed=113,
              start_char=1, oov_char=2, index_from=3, cache_dir=None, **kwargs):
    """`(x_train, y_train), (x_test, y_test)`: object arrays of word-index lists and labels,
    each split shuffled with `seed` as TF does."""
    num_words = _cache.renamed_num_words(num_words, kwargs)
    if kwargs:
        raise TypeError("Unrecognized keyword arguments: %s." % (kwargs,))
    path = _cache.fetch(path, _cache.ORIGIN + "imdb.npz", _HASH, cache_dir)
    with np.load(path, allow_pickle=True) as f:
        x_train, labels_train = f["x_train"], f["y_train"]
        x_test, labels_test = f["x_test"], f["y_test"]
    rng = np.random.RandomState(seed)
    x_train, labels_train = _cache.shuffled(rng, x_train, labels_train)
    x_test, labels_test = _cache.shuffled(rng, x_test, labels_test)
    x_train = [list(x) for x in _cache.offset_words(x_train, start_char, index_from)]
    x_test = [list(x) for x in _cache.offset_words(x_test, start_char, index_from)]
    if maxlen:
        x_train, labels_train = _cache.remove_long_seq(maxlen, x_train, labels_train)
        x_test, labels_test = _cache.remove_long_seq(maxlen, x_test, labels_test)
        if not x_train or not x_test:
            raise ValueError("After filtering for sequences shorter than maxlen=%s, no sequence "
                             "was kept. Increase maxlen." % (maxlen,))
    xs = _cache.limit_words(x_train + x_test, num_words, skip_top, oov_char)
    labels = np.concatenate([labels_train, labels_test])
    idx = len(x_train)
    return ((np.array(xs[:idx], dtype="object"), labels[:idx]),
            (np.array(xs[idx:], dtype="object"), labels[idx:]))


def get_word_index(path="imdb_word_index.json"):
    """The dict word -> index (before `index_from` is added)."""
    return _cache.word_index(path, "imdb_word_index.json", _INDEX_HASH)
