"""`tf.keras.preprocessing`: the Tokenizer, pad_sequences, the hashing trick and skipgrams
feeding an Embedding model. Expected values recorded from TF 2.21 (tf.compat.v1, v2
behaviour disabled, TF_USE_LEGACY_KERAS=1)."""
import numpy as np

TEXTS = ["The cat sat on the mat.", "The dog ate my homework!", "A cat and a dog, friends?",
         "my cat likes THE dog", "Nothing to see here"]


def _tokenizer(tf):
    tokenizer = tf.keras.preprocessing.text.Tokenizer(num_words=8, oov_token="<OOV>")
    tokenizer.fit_on_texts(TEXTS)
    return tokenizer


def test_tokenizer_indices_sequences_and_texts(tf):
    tokenizer = _tokenizer(tf)
    ranked = sorted(tokenizer.word_index.items(), key=lambda kv: kv[1])[:8]
    assert ranked == [("<OOV>", 1), ("the", 2), ("cat", 3), ("dog", 4), ("my", 5), ("a", 6),
                      ("sat", 7), ("on", 8)]
    assert tokenizer.document_count == 5
    assert dict(tokenizer.word_counts)["the"] == 4 and dict(tokenizer.word_docs)["cat"] == 3
    seqs = tokenizer.texts_to_sequences(TEXTS + ["unknown words cat"])
    assert seqs == [[2, 3, 7, 1, 2, 1], [2, 4, 1, 5, 1], [6, 3, 1, 6, 4, 1], [5, 3, 1, 2, 4],
                    [1, 1, 1, 1], [1, 1, 3]]
    assert tokenizer.sequences_to_texts(seqs[:2]) == ["the cat sat <OOV> the <OOV>",
                                                      "the dog <OOV> my <OOV>"]
    restored = tf.keras.preprocessing.text.tokenizer_from_json(tokenizer.to_json())
    assert restored.texts_to_sequences(["the cat"]) == [[2, 3]]
    assert restored.num_words == 8
    assert sorted(restored.index_word.items())[:2] == [(1, "<OOV>"), (2, "the")]
    chars = tf.keras.preprocessing.text.Tokenizer(char_level=True)
    chars.fit_on_texts(["abca"])
    assert chars.word_index == {"a": 1, "b": 2, "c": 3}
    assert chars.texts_to_sequences(["cab"]) == [[3, 1, 2]]


def test_tokenizer_matrices(tf):
    tokenizer = _tokenizer(tf)
    expected = {
        "binary": [[0, 1, 1, 1, 0, 0, 0, 1], [0, 1, 1, 0, 1, 1, 0, 0]],
        "count": [[0, 2, 2, 1, 0, 0, 0, 1], [0, 2, 1, 0, 1, 1, 0, 0]],
        "freq": [[0, 0.3333, 0.3333, 0.1667, 0, 0, 0, 0.1667], [0, 0.4, 0.2, 0, 0.2, 0.2, 0, 0]],
        "tfidf": [[0, 3.0337, 1.373, 0.8109, 0, 0, 0, 1.2528],
                  [0, 3.0337, 0.8109, 0, 0.8109, 0.9808, 0, 0]]}
    for mode, rows in expected.items():
        np.testing.assert_allclose(tokenizer.texts_to_matrix(TEXTS[:2], mode=mode), rows,
                                   atol=1e-4, err_msg=mode)


def test_pad_sequences_and_word_helpers(tf):
    pad = tf.keras.preprocessing.sequence.pad_sequences
    seqs = [[2, 3, 7, 1, 2, 1], [2, 4, 1, 5, 1], [1, 1, 3]]
    assert pad(seqs, maxlen=5).tolist() == [[3, 7, 1, 2, 1], [2, 4, 1, 5, 1], [0, 0, 1, 1, 3]]
    assert pad(seqs, maxlen=4, padding="post", truncating="post", value=-1).tolist() == [
        [2, 3, 7, 1], [2, 4, 1, 5], [1, 1, 3, -1]]
    assert pad([[1.5, 2], [3]], dtype="float32").tolist() == [[1.5, 2.0], [0.0, 3.0]]
    assert pad([[]], maxlen=2).tolist() == [[0, 0]] and pad(seqs).dtype == np.int32
    text = tf.keras.preprocessing.text
    assert text.text_to_word_sequence("Hello, World! It's-me") == ["hello", "world", "it's",
                                                                    "me"]
    assert text.hashing_trick("a b c a", 10, "md5") == [2, 5, 8, 2]
    sequence = tf.keras.preprocessing.sequence
    np.testing.assert_allclose(sequence.make_sampling_table(5),
                               [0.00315, 0.00315, 0.00548, 0.00742, 0.00913], atol=1e-5)
    couples, labels = sequence.skipgrams([1, 2, 3, 0, 4], 5, window_size=1,
                                         negative_samples=0., shuffle=False)
    assert couples == [[1, 2], [2, 1], [2, 3], [3, 2]] and labels == [1, 1, 1, 1]


def test_tokenized_texts_train_an_embedding_model(tf):
    keras = tf.keras
    tokenizer = _tokenizer(tf)
    x = keras.preprocessing.sequence.pad_sequences(tokenizer.texts_to_sequences(TEXTS),
                                                   maxlen=6)
    y = np.array([1, 0, 1, 1, 0], np.float32)
    model = keras.Sequential([keras.layers.Embedding(8, 4, input_length=6),
                              keras.layers.GlobalAveragePooling1D(),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
    model.set_weights([np.full(w.shape.as_list(), 0.1 * (i + 1), np.float32)
                       for i, w in enumerate(model.weights)])
    history = model.fit(x, y, epochs=3, verbose=0, batch_size=2, shuffle=False)
    np.testing.assert_allclose(history.history["loss"], [0.6732, 0.6727, 0.6724], atol=2e-4)
    assert history.history["acc"] == [0.6000000238418579] * 3
