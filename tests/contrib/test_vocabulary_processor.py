"""tf.contrib.learn.preprocessing (VocabularyProcessor and friends). TF 2.x has no contrib: the
expected ids and tokens follow TF 1.15's contrib/learn/python/learn/preprocessing text.py and
categorical_vocabulary.py (pure Python), worked through by hand from that source."""
import pickle
import sys
import types

import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only

DOCS = ["the cat sat", "the dog sat down", "a cat and the dog", "zebra"]
TF_TEXT = "tensorflow.contrib.learn.python.learn.preprocessing.text"
TF_VOCAB = "tensorflow.contrib.learn.python.learn.preprocessing.categorical_vocabulary"


def _prep(tf):
    return tf.contrib.learn.preprocessing


def test_tokenizer_regex(tf):
    got = list(_prep(tf).tokenizer(["HTTPServer is GreatCode, isn't it?", "x-ray 3D_b"]))
    # all-caps runs, then CamelCase words, then word characters with ' and -
    assert got == [["HTTP", "Server", "is", "Great", "Code", "isn't", "it"], ["x-ray", "3D_b"]]


def test_fit_transform_pads_cuts_and_maps_unknown_words_to_zero(tf):
    vp = _prep(tf).VocabularyProcessor(5)
    ids = np.array(list(vp.fit_transform(DOCS)))
    assert ids.dtype == np.int64
    assert ids.tolist() == [[1, 2, 3, 0, 0], [1, 4, 3, 5, 0], [6, 2, 7, 1, 4], [8, 0, 0, 0, 0]]
    assert len(vp.vocabulary_) == 9                       # the words and <UNK>
    # fitted means frozen: new words are 0, documents are cut to max_document_length
    assert [r.tolist() for r in vp.transform(["the emu cat a b c d e"])] == [[1, 0, 2, 6, 0]]
    assert list(vp.reverse([[1, 2, 3, 0, 0]])) == ["the cat sat <UNK> <UNK>"]


def test_min_frequency_keeps_frequent_words_by_count_then_name(tf):
    vp = _prep(tf).VocabularyProcessor(3, min_frequency=1).fit(DOCS)
    assert vp.vocabulary_._mapping == {"<UNK>": 0, "the": 1, "cat": 2, "dog": 3, "sat": 4}
    assert np.array(list(vp.transform(DOCS))).tolist() == [[1, 2, 4], [1, 3, 4], [0, 2, 0],
                                                           [0, 0, 0]]


def test_categorical_vocabulary(tf):
    vocab = _prep(tf).CategoricalVocabulary()
    for category in ["b", "a", "b", "c", "a", "b", 3]:
        vocab.add(category)
    assert vocab.get("c") == 3 and len(vocab) == 5
    vocab.trim(0, max_frequency=3)          # drops "b" (count >= 3); ties: ints before strings
    assert vocab._mapping == {"<UNK>": 0, "a": 1, 3: 2, "c": 3}
    assert vocab.reverse(2) == 3
    assert vocab.get("new") == 4            # not frozen: grows
    vocab.freeze()
    assert vocab.get("newer") == 0
    with pytest.raises(ValueError, match="support_reverse"):
        _prep(tf).CategoricalVocabulary(support_reverse=False).reverse(0)


def test_byte_processor(tf):
    bp = _prep(tf).ByteProcessor(4)
    rows = list(bp.transform(["h\u00e9llo", b"ab"]))
    assert [r.tolist() for r in rows] == [[104, 195, 169, 108], [97, 98, 0, 0]]
    assert list(bp.reverse(rows)) == ["h\u00e9l", "ab"]


def test_save_writes_tf_class_paths_and_restores(tf, tmp_path):
    vp = _prep(tf).VocabularyProcessor(4, min_frequency=1)
    vp.fit(DOCS)
    path = str(tmp_path / "vocab")
    vp.save(path)
    with open(path, "rb") as f:
        data = f.read()
    assert (TF_TEXT + "\nVocabularyProcessor\n").encode() in data
    assert (TF_VOCAB + "\nCategoricalVocabulary\n").encode() in data
    back = _prep(tf).VocabularyProcessor.restore(path)
    assert type(back) is _prep(tf).VocabularyProcessor
    assert back.max_document_length == 4
    assert np.array(list(back.transform(DOCS))).tolist() == [[1, 2, 4, 0], [1, 3, 4, 0],
                                                             [0, 2, 0, 1], [0, 0, 0, 0]]


def _tf_modules(monkeypatch):
    """Stand-ins for TF 1.15's modules, so the test can write the pickle TF writes (default
    protocol, TF's class paths and attribute layout)."""
    names = TF_TEXT.split(".")
    for i in range(1, len(names) + 1):
        monkeypatch.setitem(sys.modules, ".".join(names[:i]), types.ModuleType(".".join(names[:i])))
    monkeypatch.setitem(sys.modules, TF_VOCAB, types.ModuleType(TF_VOCAB))
    text, vocab = sys.modules[TF_TEXT], sys.modules[TF_VOCAB]
    for module, name in ((text, "VocabularyProcessor"), (vocab, "CategoricalVocabulary")):
        cls = type(name, (object,), {"__module__": module.__name__})
        setattr(module, name, cls)

    def tokenizer(iterator):
        return iterator

    tokenizer.__module__, tokenizer.__qualname__ = TF_TEXT, "tokenizer"
    text.tokenizer = tokenizer
    return text, vocab


@pytest.mark.parametrize("protocol", [0, 2, 4])      # Python 2's default, and Python 3's
def test_restores_a_vocabulary_tf_saved(tf, tmp_path, monkeypatch, protocol):
    text, vocab_module = _tf_modules(monkeypatch)
    vocab = vocab_module.CategoricalVocabulary()
    vocab.__dict__.update(_unknown_token="<UNK>", _mapping={"<UNK>": 0, "hi": 1, "there": 2},
                          _support_reverse=True, _reverse_mapping=["<UNK>", "hi", "there"],
                          _freq={"hi": 2, "there": 1}, _freeze=True)
    vp = text.VocabularyProcessor()
    vp.__dict__.update(max_document_length=3, min_frequency=0, vocabulary_=vocab,
                       _tokenizer=text.tokenizer)
    path = tmp_path / "vocab"
    path.write_bytes(pickle.dumps(vp, protocol=protocol))
    monkeypatch.undo()
    back = _prep(tf).VocabularyProcessor.restore(str(path))
    assert [r.tolist() for r in back.transform(["there hi you"])] == [[2, 1, 0]]
    assert list(back.reverse([[1, 2]])) == ["hi there"]


def test_restore_refuses_other_code(tf, tmp_path):
    path = tmp_path / "evil"
    path.write_bytes(pickle.dumps(print))
    with pytest.raises(pickle.UnpicklingError, match="builtins.print; expected only TF's"):
        _prep(tf).VocabularyProcessor.restore(str(path))


def test_other_contrib_learn_names_point_to_tf_estimator(tf):
    with pytest.raises(AttributeError, match="tf.contrib.learn.BaseEstimator.*use tf.estimator"):
        tf.contrib.learn.BaseEstimator
    with pytest.raises(AttributeError, match="tf.contrib.learn.preprocessing.HashingProc"):
        tf.contrib.learn.preprocessing.HashingProcessor


def test_categorical_processor(tf):
    prep = _prep(tf)
    rows = [["a", 1], ["b", float("nan")], ["a", 2]]
    got = [r.tolist() for r in prep.CategoricalProcessor().fit_transform(rows)]
    assert got == [[1, 1], [2, 0], [1, 2]]              # one vocabulary per column; NaN is 0
    shared = prep.CategoricalProcessor(share=True)
    assert [r.tolist() for r in shared.fit_transform([["a", "b"], ["b", "c"]])] == [[1, 2],
                                                                                   [2, 3]]
    assert [r.tolist() for r in shared.transform([["c", "zz"]])] == [[3, 0]]
