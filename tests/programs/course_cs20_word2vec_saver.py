"""CS20 04_word2vec_visualize.py: class-free skip-gram with nce_loss, embedding_lookup, global_step
as a non-trainable variable, summaries (scalar, histogram) with merge_all, Saver with global_step,
get_checkpoint_state restore, then a cosine-similarity nearest word lookup."""
import os
import numpy as np
TAGS = ['train', 'summary', 'saver', 'random']


def main(tf):
    out = {}
    tf.set_random_seed(11)
    VOCAB, EMBED, BATCH, NUM_SAMPLED = 50, 16, 32, 8
    rng = np.random.RandomState(5)
    stream = rng.zipf(1.6, 4000) % VOCAB
    centers = stream[:-1]
    targets = stream[1:]
    global_step = tf.Variable(0, dtype=tf.int32, trainable=False, name='global_step')
    with tf.name_scope('data'):
        center_words = tf.placeholder(tf.int32, shape=[BATCH], name='center_words')
        target_words = tf.placeholder(tf.int32, shape=[BATCH, 1], name='target_words')
    with tf.name_scope('embed'):
        embed_matrix = tf.get_variable('embed_matrix', shape=[VOCAB, EMBED],
                                       initializer=tf.random_uniform_initializer(seed=12))
        embed = tf.nn.embedding_lookup(embed_matrix, center_words, name='embedding')
    with tf.name_scope('loss'):
        nce_weight = tf.get_variable('nce_weight', shape=[VOCAB, EMBED],
                                     initializer=tf.truncated_normal_initializer(
                                         stddev=1.0 / (EMBED ** 0.5), seed=13))
        nce_bias = tf.get_variable('nce_bias', initializer=tf.zeros([VOCAB]))
        loss = tf.reduce_mean(tf.nn.nce_loss(weights=nce_weight, biases=nce_bias,
                                             labels=target_words, inputs=embed,
                                             num_sampled=NUM_SAMPLED, num_classes=VOCAB), name="loss")
    optimizer = tf.train.GradientDescentOptimizer(1.0).minimize(loss, global_step=global_step)
    with tf.name_scope('summaries'):
        tf.summary.scalar('loss', loss)
        tf.summary.histogram('histogram_loss', loss)
        summary_op = tf.summary.merge_all()
    out['names'] = [embed.name, loss.name, nce_bias.name, embed_matrix.name, summary_op.name,
                    global_step.name]
    saver = tf.train.Saver()
    os.makedirs('checkpoints', exist_ok=True)
    losses = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        ckpt = tf.train.get_checkpoint_state(os.path.dirname('checkpoints/checkpoint'))
        out['ckpt_before'] = str(ckpt)
        writer = tf.summary.FileWriter('graphs/word2vec', sess.graph)
        initial_step = global_step.eval()
        total = 0.0
        for index in range(initial_step, 60):
            s = (index * BATCH) % (len(centers) - BATCH)
            feed = {center_words: centers[s:s + BATCH],
                    target_words: targets[s:s + BATCH].reshape(-1, 1)}
            loss_batch, _, summary = sess.run([loss, optimizer, summary_op], feed_dict=feed)
            writer.add_summary(summary, global_step=index)
            total += loss_batch
            if (index + 1) % 20 == 0:
                losses.append(total / 20)
                total = 0.0
                saver.save(sess, 'checkpoints/skip-gram', index)
        writer.close()
        final_embed = sess.run(embed_matrix)
    out['losses'] = np.array(losses)
    ckpt = tf.train.get_checkpoint_state('checkpoints')
    out['ckpt_paths'] = [os.path.basename(ckpt.model_checkpoint_path)] + \
        [os.path.basename(p) for p in ckpt.all_model_checkpoint_paths]
    with tf.Session() as sess:
        saver.restore(sess, ckpt.model_checkpoint_path)
        out['restored_step'] = sess.run(global_step)
        restored = sess.run(embed_matrix)
        out['restore_equal'] = bool(np.allclose(restored, final_embed))
        norm = tf.sqrt(tf.reduce_sum(tf.square(embed_matrix), 1, keepdims=True))
        normalized = embed_matrix / norm
        valid = tf.constant([0, 1, 2], dtype=tf.int32)
        sim = tf.matmul(tf.nn.embedding_lookup(normalized, valid), normalized, transpose_b=True)
        top = tf.nn.top_k(sim, k=4)
        out['sim_shape'] = str(sim.shape)
        out['top_vals'] = sess.run(top.values)
    reader = tf.train.NewCheckpointReader(ckpt.model_checkpoint_path)
    out['ckpt_vars'] = sorted(reader.get_variable_to_shape_map().items())
    return out
