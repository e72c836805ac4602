"""TF 1.15's `tf.contrib.learn.preprocessing.CategoricalVocabulary`: a category -> id map with
id 0 for the unknown token, frequency counts and trimming."""
from __future__ import annotations

import collections


class CategoricalVocabulary(object):
    """Categories to ids, growing until frozen (then new categories are 0, the unknown
    token's id); counts each added category for `trim`."""

    def __init__(self, unknown_token="<UNK>", support_reverse=True):
        self._unknown_token = unknown_token
        self._mapping = {unknown_token: 0}
        self._support_reverse = support_reverse
        if support_reverse:
            self._reverse_mapping = [unknown_token]
        self._freq = collections.defaultdict(int)
        self._freeze = False

    def __len__(self):
        """The number of ids, the unknown token's included."""
        return len(self._mapping)

    def freeze(self, freeze=True):
        self._freeze = freeze

    def get(self, category):
        """`category`'s id; a new category gets the next id unless frozen (then 0)."""
        if category not in self._mapping:
            if self._freeze:
                return 0
            self._mapping[category] = len(self._mapping)
            if self._support_reverse:
                self._reverse_mapping.append(category)
        return self._mapping[category]

    def add(self, category, count=1):
        """Counts `count` more of `category` (giving it an id if new and not frozen)."""
        if self.get(category) <= 0:
            return
        self._freq[category] += count

    def trim(self, min_frequency, max_frequency=-1):
        """Keeps the categories counted more than `min_frequency` times (and, when
        `max_frequency` > 0, fewer than it), renumbered 1..n by falling count, ties in sorted
        order."""
        by_name = sorted(self._freq.items(), key=lambda x: (isinstance(x[0], str), x[0]))
        self._freq = sorted(by_name, key=lambda x: x[1], reverse=True)
        self._mapping = {self._unknown_token: 0}
        if self._support_reverse:
            self._reverse_mapping = [self._unknown_token]
        idx = 1
        for category, count in self._freq:
            if max_frequency > 0 and count >= max_frequency:
                continue
            if count <= min_frequency:
                break
            self._mapping[category] = idx
            idx += 1
            if self._support_reverse:
                self._reverse_mapping.append(category)
        # TF keeps the first idx - 1 counts, skipped frequent ones included (a TF quirk)
        self._freq = dict(self._freq[:idx - 1])

    def reverse(self, class_id):
        """The category of id `class_id`."""
        if not self._support_reverse:
            raise ValueError("This vocabulary wasn't initalized with support_reverse to "
                             "support reverse() function.")
        return self._reverse_mapping[class_id]
