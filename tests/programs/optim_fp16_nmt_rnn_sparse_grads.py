"""OpenSeq2Seq/NMT fp16 recurrent model (2018): float32 master weights through a custom getter,
a float16 embedding (a Cast of the float32 matrix) whose gradient stays IndexedSlices as in TF,
dynamic_rnn over LSTMCell and GRUCell with dtype=tf.float16, sequence_mask-weighted float16
sparse cross entropy cast to float32 (and contrib.seq2seq.sequence_loss where present), loss
scaling by 512 unscaled per gradient (IndexedSlices rebuilt by hand), clip_by_norm and Adam."""
import numpy as np
TAGS = ['train', 'fp16', 'rnn', 'embedding']
TOLERANCE = {'*': (5e-3, 3e-3)}


def main(tf):
    tf.set_random_seed(12)
    rng = np.random.RandomState(12)
    ids = rng.randint(0, 10, (3, 5)).astype(np.int32)
    lens = np.array([5, 3, 2], np.int32)
    tgt = rng.randint(0, 10, (3, 5)).astype(np.int32)

    def getter(getter, name, shape=None, dtype=None, initializer=None, regularizer=None,
               trainable=True, *args, **kwargs):
        storage = tf.float32 if trainable else dtype
        v = getter(name, shape, dtype=storage, initializer=initializer, regularizer=regularizer,
                   trainable=trainable, *args, **kwargs)
        if trainable and dtype != tf.float32:
            v = tf.cast(v, dtype)
        return v

    src = tf.placeholder(tf.int32, [None, None])
    src_len = tf.placeholder(tf.int32, [None])
    labels = tf.placeholder(tf.int32, [None, None])
    res = {}
    with tf.variable_scope("ForwardPass", custom_getter=getter,
                           initializer=tf.random_uniform_initializer(-0.1, 0.1, seed=4)):
        emb = tf.get_variable("EncoderEmbeddingMatrix", [10, 6], dtype=tf.float16)
        inp = tf.nn.embedding_lookup(emb, src)
        with tf.variable_scope("lstm"):
            cell = tf.nn.rnn_cell.LSTMCell(7)
            outs, state = tf.nn.dynamic_rnn(cell, inp, sequence_length=src_len, dtype=tf.float16)
        with tf.variable_scope("gru"):
            gouts, gstate = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(5), outs,
                                              sequence_length=src_len, dtype=tf.float16)
        logits = tf.layers.dense(gouts, 10, name="proj")
    res["dtypes"] = [t.dtype.name for t in (inp, outs, state.c, state.h, gouts, gstate, logits)]
    res["vars"] = [v.op.name + ":" + v.dtype.base_dtype.name for v in tf.global_variables()]
    mask = tf.sequence_mask(src_len, tf.shape(src)[1], dtype=tf.float32)
    xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    res["xent_dtype"] = xent.dtype.name
    loss = tf.reduce_sum(tf.cast(xent, tf.float32) * mask) / tf.reduce_sum(mask)
    seq_loss = tf.contrib.seq2seq.sequence_loss(tf.cast(logits, tf.float32), labels, mask) \
        if getattr(tf, "contrib", None) is not None else None
    opt = tf.train.AdamOptimizer(0.01)
    gvs = opt.compute_gradients(loss * 512.0)
    def unscale(g):
        if isinstance(g, tf.IndexedSlices):
            return tf.IndexedSlices(g.values / 512.0, g.indices, g.dense_shape)
        return g / 512.0
    res["grad_kinds"] = [isinstance(g, tf.IndexedSlices) for g, v in gvs]
    gvs = [(tf.clip_by_norm(unscale(g), 5.0), v) for g, v in gvs]
    res["grad_dtypes"] = [g.dtype.name for g, v in gvs]
    train = opt.apply_gradients(gvs)
    feed = {src: ids, src_len: lens, labels: tgt}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        res["outs"], res["c"], res["gstate"] = sess.run([outs, state.c, gstate], feed)
        tr = []
        for _ in range(4):
            tr.append(sess.run(loss, feed))
            sess.run(train, feed)
        res["trace"] = np.array(tr)
        if seq_loss is not None:
            res["seq_loss_minus_loss"] = float(np.round(sess.run(seq_loss - loss, feed), 2))
        else:
            res["seq_loss_minus_loss"] = 0.0
        res["emb"] = sess.run(tf.global_variables()[0])
    return res
