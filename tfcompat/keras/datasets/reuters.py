"""`tf.keras.datasets.reuters`: 11,228 Reuters newswires as lists of word indices, labelled
with 46 topics; one shuffle with `seed`, the last `test_split` as the test set."""
from __future__ import annotations

import numpy as np

from tfcompat.keras.datasets import _cache

_HASH = "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916"
_INDEX_HASH = "4d44cc38712099c9e383dc6e5f11a921"
_LABEL_NAMES = (
    "cocoa", "grain", "veg-oil", "earn", "acq", "wheat", "copper", "housing", "money-supply",
    "coffee", "sugar", "trade", "reserves", "ship", "cotton", "carcass", "crude", "nat-gas",
    "cpi", "money-fx", "interest", "gnp", "meal-feed", "alum", "oilseed", "gold", "tin",
    "strategic-metal", "livestock", "retail", "ipi", "iron-steel", "rubber", "heat", "jobs",
    "lei", "bop", "zinc", "orange", "pet-chem", "dlr", "gas", "silver", "wpi", "hog", "lead")


def load_data(path="reuters.npz", num_words=None, skip_top=0, maxlen=None, test_split=0.2,
              seed=113, start_char=1, oov_char=2, index_from=3, cache_dir=None, **kwargs):
    """`(x_train, y_train), (x_test, y_test)`: object arrays of word-index lists and topics."""
    num_words = _cache.renamed_num_words(num_words, kwargs)
    if kwargs:
        raise TypeError("Unrecognized keyword arguments: %s" % (kwargs,))
    path = _cache.fetch(path, _cache.ORIGIN + "reuters.npz", _HASH, cache_dir)
    with np.load(path, allow_pickle=True) as f:
        xs, labels = f["x"], f["y"]
    xs, labels = _cache.shuffled(np.random.RandomState(seed), xs, labels)
    xs = [list(x) for x in _cache.offset_words(xs, start_char, index_from)]
    if maxlen:
        xs, labels = _cache.remove_long_seq(maxlen, xs, labels)
    xs = _cache.limit_words(xs, num_words, skip_top, oov_char)
    idx = int(len(xs) * (1 - test_split))
    return ((np.array(xs[:idx], dtype="object"), np.array(labels[:idx])),
            (np.array(xs[idx:], dtype="object"), np.array(labels[idx:])))


def get_word_index(path="reuters_word_index.json"):
    """The dict word -> index (before `index_from` is added)."""
    return _cache.word_index(path, "reuters_word_index.json", _INDEX_HASH)


def get_label_names():
    """The 46 topic names, in label order."""
    return _LABEL_NAMES
