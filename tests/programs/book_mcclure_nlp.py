"""McClure cookbook ch7: bag of words with embedding_lookup of an identity matrix, TF-IDF logistic
regression on a sparse-ish matrix, skip-gram word2vec with nce_loss and cosine similarity via
normalized embeddings (top_k neighbours); sampled_softmax_loss on the same weights."""
import collections
import numpy as np
TAGS = ['train', 'nn', 'random']

TEXTS = ["free entry in a weekly competition to win cup final tickets",
         "i will call you later when i get home",
         "you have won a guaranteed cash prize call now",
         "are you coming home for dinner tonight",
         "urgent you won a free prize claim now",
         "see you at the cup final tonight then"] * 3


def build_dictionary(sentences, vocabulary_size):
    words = [w for s in sentences for w in s.split()]
    count = [['RARE', -1]]
    count.extend(collections.Counter(words).most_common(vocabulary_size - 1))
    word_dict = {}
    for word, _ in count:
        word_dict[word] = len(word_dict)
    return word_dict


def part_bow_tfidf(tf, out):
    tf.set_random_seed(1)
    word_dict = build_dictionary(TEXTS, 30)
    docs = [[word_dict.get(w, 0) for w in s.split()] for s in TEXTS]
    target = np.array([1., 0., 1., 0., 1., 0.] * 3, np.float32)
    identity_mat = tf.diag(tf.ones(shape=[30]))
    A = tf.Variable(tf.random_normal(shape=[30, 1], seed=2))
    b = tf.Variable(tf.random_normal(shape=[1, 1], seed=3))
    x_data = tf.placeholder(shape=[None], dtype=tf.int32)
    y_target = tf.placeholder(shape=[1, 1], dtype=tf.float32)
    x_embed = tf.nn.embedding_lookup(identity_mat, x_data)
    x_col_sums = tf.reduce_sum(x_embed, 0)
    x_col_sums_2D = tf.expand_dims(x_col_sums, 0)
    model_output = tf.add(tf.matmul(x_col_sums_2D, A), b)
    loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=model_output, labels=y_target))
    prediction = tf.sigmoid(model_output)
    train_step = tf.train.GradientDescentOptimizer(0.001).minimize(loss)
    out['bow_names'] = [identity_mat.name, x_embed.name, x_col_sums_2D.name, str(x_embed.shape)]
    # tf-idf by hand
    tf_counts = np.zeros((len(docs), 30), np.float32)
    for i, d in enumerate(docs):
        for w in d:
            tf_counts[i, w] += 1
    counts = tf.constant(tf_counts)
    df = tf.reduce_sum(tf.cast(counts > 0, tf.float32), 0)
    idf = tf.log((1. + len(docs)) / (1. + df)) + 1.
    tfidf = tf.nn.l2_normalize(counts * idf, axis=1)
    W2 = tf.Variable(tf.random_normal(shape=[30, 1], seed=4))
    b2 = tf.Variable(tf.random_normal(shape=[1, 1], seed=5))
    y2 = tf.constant(target.reshape(-1, 1))
    logit2 = tf.matmul(tfidf, W2) + b2
    loss2 = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=logit2, labels=y2))
    acc2 = tf.reduce_mean(tf.cast(tf.equal(tf.round(tf.sigmoid(logit2)), y2), tf.float32))
    train2 = tf.train.AdamOptimizer(0.05).minimize(loss2)
    bl, tl = [], []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for ix, t in enumerate(docs):
            sess.run(train_step, {x_data: t, y_target: [[target[ix]]]})
            bl.append(sess.run(loss, {x_data: t, y_target: [[target[ix]]]}))
        for i in range(30):
            sess.run(train2)
            tl.append(sess.run(loss2))
        out['tfidf_row0'] = sess.run(tfidf)[0]
        out['acc2'] = sess.run(acc2)
        out['pred0'] = sess.run(prediction, {x_data: docs[0]})
    out['bow_losses'] = np.array(bl)
    out['tfidf_losses'] = np.array(tl)


def part_w2v(tf, out):
    tf.set_random_seed(7)
    word_dict = build_dictionary(TEXTS, 40)
    vocab = len(word_dict)
    data = [word_dict.get(w, 0) for s in TEXTS for w in s.split()]
    pairs = [(data[i], data[i + o]) for i in range(2, len(data) - 2) for o in (-2, -1, 1, 2)]
    pairs = np.array(pairs, np.int64)
    embedding_size, batch_size = 8, 32
    embeddings = tf.Variable(tf.random_uniform([vocab, embedding_size], -1.0, 1.0, seed=8))
    nce_weights = tf.Variable(tf.truncated_normal([vocab, embedding_size], stddev=1.0 / np.sqrt(8), seed=9))
    nce_biases = tf.Variable(tf.zeros([vocab]))
    x_inputs = tf.placeholder(tf.int32, shape=[batch_size])
    y_target = tf.placeholder(tf.int64, shape=[batch_size, 1])
    valid_dataset = tf.constant([1, 2, 3], dtype=tf.int32)
    embed = tf.nn.embedding_lookup(embeddings, x_inputs)
    loss = tf.reduce_mean(tf.nn.nce_loss(weights=nce_weights, biases=nce_biases, inputs=embed,
                                         labels=y_target, num_sampled=5, num_classes=vocab))
    ss_loss = tf.reduce_mean(tf.nn.sampled_softmax_loss(nce_weights, nce_biases, y_target, embed,
                                                        num_sampled=5, num_classes=vocab, seed=10))
    norm = tf.sqrt(tf.reduce_sum(tf.square(embeddings), 1, keepdims=True))
    normalized_embeddings = embeddings / norm
    valid_embeddings = tf.nn.embedding_lookup(normalized_embeddings, valid_dataset)
    similarity = tf.matmul(valid_embeddings, normalized_embeddings, transpose_b=True)
    top = tf.nn.top_k(similarity, k=4)
    opt = tf.train.GradientDescentOptimizer(learning_rate=1.0).minimize(loss)
    out['w2v_names'] = [embed.name, loss.name, ss_loss.name, similarity.name, top.indices.name]
    rng = np.random.RandomState(11)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(20):
            idx = rng.choice(len(pairs), batch_size)
            sess.run(opt, {x_inputs: pairs[idx, 0], y_target: pairs[idx, 1:]})
        idx = rng.choice(len(pairs), batch_size)
        out['ss_loss_shape'] = np.shape(sess.run(ss_loss, {x_inputs: pairs[idx, 0], y_target: pairs[idx, 1:]}))
        out['sim'] = sess.run(similarity)
        out['top_idx'] = sess.run(top.indices)[:, 0]


def main(tf):
    out = {}
    for p in (part_bow_tfidf, part_w2v):
        with tf.Graph().as_default():
            p(tf, out)
    return out

TOLERANCE = {'*': (1e-4, 1e-5)}
