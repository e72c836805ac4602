"""TF 1.15's `tf.contrib.learn.preprocessing.CategoricalProcessor`: the columns of a table of
categories to ids, one CategoricalVocabulary per column (or one shared); NaN is unknown (0)."""
from __future__ import annotations

import math

import numpy as np

from tfcompat.contrib.learn.preprocessing.categorical_vocabulary import CategoricalVocabulary


def _rows(x):
    """The rows of `x`: a pandas DataFrame or Series gives its values, as TF's data feeder."""
    if type(x).__module__.startswith("pandas"):
        return x.values
    return x


def _is_nan(value):
    return isinstance(value, float) and math.isnan(value)


class CategoricalProcessor(object):
    """Rows of categories to rows of int64 ids, with vocabularies learnt by `fit` (categories
    seen more than `min_frequency` times)."""

    def __init__(self, min_frequency=0, share=False, vocabularies=None):
        self.min_frequency = min_frequency
        self.share = share
        self.vocabularies_ = vocabularies

    def freeze(self, freeze=True):
        for vocab in self.vocabularies_:
            vocab.freeze(freeze)

    def _make_vocabularies(self, row):
        if not self.share:
            self.vocabularies_ = [CategoricalVocabulary() for _ in row]
        else:
            vocab = CategoricalVocabulary()
            self.vocabularies_ = [vocab for _ in row]

    def fit(self, x, unused_y=None):
        """Adds every category of `x` to its column's vocabulary, trims and freezes them."""
        for row in _rows(x):
            if self.vocabularies_ is None:
                self._make_vocabularies(row)
            for idx, value in enumerate(row):
                if not _is_nan(value):
                    self.vocabularies_[idx].add(value)
        if self.min_frequency > 0:
            for vocab in self.vocabularies_:
                vocab.trim(self.min_frequency)
        self.freeze()
        return self

    def fit_transform(self, x, unused_y=None):
        self.fit(x)
        return self.transform(x)

    def transform(self, x):
        """Yields one int64 row of ids per row of `x` (0 for unknown categories and NaN)."""
        self.freeze()
        for row in _rows(x):
            yield np.array([0 if _is_nan(value) else self.vocabularies_[idx].get(value)
                            for idx, value in enumerate(row)], dtype=np.int64)
