"""`tf.keras.preprocessing.sequence`: `pad_sequences` (shared with `tf.keras.utils`),
`make_sampling_table` and `skipgrams` as Keras computes them."""
from __future__ import annotations

import random

import numpy as np

from tfcompat import _unsupported
from tfcompat.keras.utils import pad_sequences  # noqa: F401


def make_sampling_table(size, sampling_factor=1e-5):
    """Word-rank sampling probabilities from Zipf's law (word2vec's subsampling)."""
    gamma = 0.577
    rank = np.arange(size)
    rank[0] = 1
    inv_fq = rank * (np.log(rank) + gamma) + 0.5 - 1.0 / (12.0 * rank)
    f = sampling_factor * inv_fq
    return np.minimum(1.0, f / np.sqrt(f))


def skipgrams(sequence, vocabulary_size, window_size=4, negative_samples=1.0, shuffle=True,
              categorical=False, sampling_table=None, seed=None):
    """(word, context) couples within `window_size` labelled 1, plus random negatives
    labelled 0; shuffled with Python's `random` seeded by `seed` as Keras does."""
    couples, labels = [], []
    for i, wi in enumerate(sequence):
        if not wi:
            continue
        if sampling_table is not None and sampling_table[wi] < random.random():
            continue
        for j in range(max(0, i - window_size), min(len(sequence), i + window_size + 1)):
            if j != i and sequence[j]:
                couples.append([wi, sequence[j]])
                labels.append([0, 1] if categorical else 1)
    if negative_samples > 0:
        num_negative = int(len(labels) * negative_samples)
        words = [c[0] for c in couples]
        random.shuffle(words)
        couples += [[words[i % len(words)], random.randint(1, int(vocabulary_size - 1))]
                    for i in range(num_negative)]
        labels += [[1, 0] if categorical else 0] * num_negative
    if shuffle:
        if seed is None:
            seed = random.randint(0, int(10e6))
        random.seed(seed)
        random.shuffle(couples)
        random.seed(seed)
        random.shuffle(labels)
    return couples, labels


__getattr__ = _unsupported.missing_attr("keras.preprocessing.sequence", __name__)
