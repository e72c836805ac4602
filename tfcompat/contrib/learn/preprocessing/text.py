"""TF 1.15's `tf.contrib.learn.preprocessing` text processors (`text.py`): the tokenizer,
ByteProcessor and VocabularyProcessor of the cnn-text-classification style scripts.

`VocabularyProcessor.save` writes, and `restore` reads, TF's file: a pickle of the processor
under TF's class paths (`tensorflow.contrib.learn.python.learn.preprocessing.text...`), so a
vocabulary saved by TF restores here and one saved here restores in TF 1.x. `restore` loads
only these classes and plain containers, never other code."""
from __future__ import annotations

import io
import pickle
import re
import types

import numpy as np

from tfcompat import gfile
from tfcompat.contrib.learn.preprocessing.categorical_vocabulary import CategoricalVocabulary

TOKENIZER_RE = re.compile(r"[A-Z]{2,}(?![a-z])|[A-Z][a-z]+(?=[A-Z])|[\'\w\-]+", re.UNICODE)


def tokenizer(iterator):
    """Yields the tokens (TOKENIZER_RE matches) of each string of `iterator`."""
    for value in iterator:
        yield TOKENIZER_RE.findall(value)


class ByteProcessor(object):
    """Documents to their utf-8 bytes (uint8), cut or zero-padded to max_document_length."""

    def __init__(self, max_document_length):
        self.max_document_length = max_document_length

    def fit(self, x):
        """No fitting is needed."""

    def fit_transform(self, x):
        return self.transform(x)

    def reverse(self, x):
        """Yields the text of each row of byte ids (trailing zeros dropped; '' if not utf-8)."""
        for data in x:
            document = np.trim_zeros(data.astype(np.int8), trim="b").tobytes()
            try:
                yield document.decode("utf-8")
            except UnicodeDecodeError:
                yield ""

    def transform(self, x):
        """Yields each document's first max_document_length bytes, zero-padded."""
        for document in x:
            if isinstance(document, str):
                document = document.encode("utf-8")
            buff = np.frombuffer(memoryview(document)[:self.max_document_length], dtype=np.uint8)
            yield np.pad(buff, (0, self.max_document_length - len(buff)), "constant")


class VocabularyProcessor(object):
    """Documents to rows of word ids (int64, max_document_length long: cut or zero-padded),
    with the vocabulary learnt by `fit` (words seen more than `min_frequency` times)."""

    def __init__(self, max_document_length, min_frequency=0, vocabulary=None,
                 tokenizer_fn=None):
        self.max_document_length = max_document_length
        self.min_frequency = min_frequency
        self.vocabulary_ = vocabulary if vocabulary else CategoricalVocabulary()
        self._tokenizer = tokenizer_fn if tokenizer_fn else tokenizer

    def fit(self, raw_documents, unused_y=None):
        """Adds every token of `raw_documents` to the vocabulary, trims and freezes it."""
        for tokens in self._tokenizer(raw_documents):
            for token in tokens:
                self.vocabulary_.add(token)
        if self.min_frequency > 0:
            self.vocabulary_.trim(self.min_frequency)
        self.vocabulary_.freeze()
        return self

    def fit_transform(self, raw_documents, unused_y=None):
        """fit, then transform (a generator of rows: use list() or np.array(list(...)))."""
        self.fit(raw_documents)
        return self.transform(raw_documents)

    def transform(self, raw_documents):
        """Yields one int64 row of word ids per document (0 for unknown words and padding)."""
        for tokens in self._tokenizer(raw_documents):
            word_ids = np.zeros(self.max_document_length, np.int64)
            for idx, token in enumerate(tokens):
                if idx >= self.max_document_length:
                    break
                word_ids[idx] = self.vocabulary_.get(token)
            yield word_ids

    def reverse(self, documents):
        """Yields each row of ids as space-joined words (padding as '<UNK>')."""
        for item in documents:
            yield " ".join(self.vocabulary_.reverse(class_id) for class_id in item)

    def save(self, filename):
        """Writes this processor to `filename` in TF's format (a pickle, TF's class paths)."""
        with gfile.GFile(filename, "wb") as f:
            f.write(_dumps(self))

    @classmethod
    def restore(cls, filename):
        """The processor saved in `filename` (by TF or by tfcompat)."""
        with gfile.GFile(filename, "rb") as f:
            return _loads(f.read())


# -- TF's pickle: class paths, and a loader that admits only them -----------------------------

_TF_PACKAGE = "tensorflow.contrib.learn.python.learn.preprocessing"
_TF_NAMES = {
    VocabularyProcessor: (_TF_PACKAGE + ".text", "VocabularyProcessor"),
    ByteProcessor: (_TF_PACKAGE + ".text", "ByteProcessor"),
    tokenizer: (_TF_PACKAGE + ".text", "tokenizer"),
    CategoricalVocabulary: (_TF_PACKAGE + ".categorical_vocabulary", "CategoricalVocabulary"),
}
_LOADABLE = {name: obj for obj, name in _TF_NAMES.items()}
_SAFE_GLOBALS = {("collections", "defaultdict"), ("collections", "OrderedDict"),
                 ("builtins", "int"), ("builtins", "object"), ("builtins", "set"),
                 ("builtins", "frozenset"), ("copyreg", "_reconstructor"),
                 ("__builtin__", "int"), ("__builtin__", "object"), ("__builtin__", "set"),
                 ("copy_reg", "_reconstructor")}


class _TFPickler(pickle._Pickler):
    """The pure-Python pickler, writing tfcompat's preprocessing classes under TF's names."""

    def save_global(self, obj, name=None):
        tf_name = _TF_NAMES.get(obj) if _hashable(obj) else None
        if tf_name is None:
            return super().save_global(obj, name)
        self.write(pickle.GLOBAL + ("%s\n%s\n" % tf_name).encode("utf-8"))
        self.memoize(obj)

    # the base class's table binds functions to its own save_global
    dispatch = dict(pickle._Pickler.dispatch)
    dispatch[types.FunctionType] = save_global


def _hashable(obj):
    try:
        hash(obj)
    except TypeError:
        return False
    return True


class _TFUnpickler(pickle.Unpickler):
    """Resolves TF's class paths to tfcompat's classes and refuses every other global."""

    def find_class(self, module, name):
        if (module, name) in _LOADABLE:
            return _LOADABLE[(module, name)]
        if (module, name) in _SAFE_GLOBALS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(
            "VocabularyProcessor.restore: the file refers to %s.%s; expected only TF's "
            "VocabularyProcessor, CategoricalVocabulary, ByteProcessor and tokenizer (a "
            "processor with a custom tokenizer_fn cannot be restored)" % (module, name))


def _dumps(obj):
    out = io.BytesIO()
    _TFPickler(out, protocol=2).dump(obj)
    return out.getvalue()


def _loads(data):
    return _TFUnpickler(io.BytesIO(data), encoding="latin1").load()
