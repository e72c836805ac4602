"""word2vec.py (tensorflow/models tutorials, 2016) style: fixed unigram sampler with
distortion, learned unigram sampler, sharded embeddings with sampled softmax / nce (div and
mod partitions, max_norm), accidental hits. Seeded: TF's own candidates."""
import numpy as np
TAGS = ['train', 'random', 'nn', 'partitioned']
TOLERANCE = {'*': (1e-4, 1e-5)}


def main(tf):
    out = {}
    tf.set_random_seed(41)
    rng = np.random.RandomState(41)
    vocab_size, emb_dim, batch, num_samples = 20, 6, 8, 5
    counts = (np.arange(vocab_size, 0, -1) ** 2).tolist()
    examples = tf.placeholder(tf.int32, [batch])
    labels = tf.placeholder(tf.int64, [batch])
    emb = tf.Variable(tf.random_uniform([vocab_size, emb_dim], -0.5 / emb_dim, 0.5 / emb_dim))
    sm_w_t = tf.Variable(tf.zeros([vocab_size, emb_dim]))
    sm_b = tf.Variable(tf.zeros([vocab_size]))
    labels_matrix = tf.reshape(labels, [batch, 1])
    sampled_ids, true_expected, sampled_expected = tf.nn.fixed_unigram_candidate_sampler(
        true_classes=labels_matrix, num_true=1, num_sampled=num_samples, unique=True,
        range_max=vocab_size, distortion=0.75, unigrams=counts)
    example_emb = tf.nn.embedding_lookup(emb, examples)
    true_logits = tf.reduce_sum(example_emb * tf.nn.embedding_lookup(sm_w_t, labels), 1) \
        + tf.nn.embedding_lookup(sm_b, labels)
    sampled_logits = tf.matmul(example_emb, tf.nn.embedding_lookup(sm_w_t, sampled_ids),
                               transpose_b=True) + tf.nn.embedding_lookup(sm_b, sampled_ids)
    true_xent = tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.ones_like(true_logits),
                                                        logits=true_logits)
    sampled_xent = tf.nn.sigmoid_cross_entropy_with_logits(
        labels=tf.zeros_like(sampled_logits), logits=sampled_logits)
    nce_loss = (tf.reduce_sum(true_xent) + tf.reduce_sum(sampled_xent)) / batch
    global_step = tf.Variable(0, name="global_step")
    lr = 0.2 * tf.maximum(0.0001, 1.0 - tf.cast(global_step, tf.float32) / 100)
    opt = tf.train.GradientDescentOptimizer(lr)
    train = opt.minimize(nce_loss, global_step=global_step, gate_gradients=opt.GATE_NONE)
    with tf.variable_scope("sharded", partitioner=tf.fixed_size_partitioner(3)):
        pemb = tf.get_variable("pemb", [vocab_size, emb_dim],
                               initializer=tf.truncated_normal_initializer(stddev=0.3))
        psm = tf.get_variable("psm", [vocab_size, emb_dim],
                              initializer=tf.truncated_normal_initializer(stddev=0.3))
    psb = tf.get_variable("psb", [vocab_size], initializer=tf.zeros_initializer())
    pe_div = tf.nn.embedding_lookup(pemb, examples, partition_strategy="div")
    pe_mod = tf.nn.embedding_lookup(list(pemb), examples, partition_strategy="mod", max_norm=0.5)
    unif = tf.nn.uniform_candidate_sampler(labels_matrix, 1, num_samples, True, vocab_size, seed=3)
    ss_loss = tf.nn.sampled_softmax_loss(list(psm), psb, labels_matrix, pe_div, num_samples,
                                         vocab_size, sampled_values=unif,
                                         partition_strategy="div")
    nce2 = tf.nn.nce_loss(list(psm), psb, labels_matrix, pe_mod, num_samples, vocab_size,
                          sampled_values=unif, partition_strategy="mod")
    lu = tf.nn.log_uniform_candidate_sampler(labels_matrix, 1, num_samples, False, vocab_size,
                                             seed=9)
    hits = tf.nn.compute_accidental_hits(labels_matrix, lu[0], num_true=1)
    learned = tf.nn.learned_unigram_candidate_sampler(labels_matrix, 1, 4, True, vocab_size,
                                                      seed=5)
    ss_train = tf.train.AdagradOptimizer(0.3).minimize(tf.reduce_mean(ss_loss)
                                                       + tf.reduce_mean(nce2))
    out['names'] = [v.name for v in tf.global_variables()]
    fd = {examples: rng.randint(0, vocab_size, batch), labels: rng.randint(0, vocab_size, batch)}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        steps = [sess.run([train, nce_loss, sampled_ids, true_expected, sampled_expected], fd)[1:]
                 for _ in range(4)]
        out['fixed'] = steps
        out['pe'] = sess.run([pe_div, tf.norm(pe_mod, axis=1)], fd)
        out['ss'] = [sess.run([ss_train, ss_loss, nce2], fd)[1:] for _ in range(3)]
        out['hits'] = sess.run(list(hits), fd)
        out['learned'] = [sess.run(list(learned), fd) for _ in range(3)]
    return out
