"""What a BERT/GPT-2 user sees when things go wrong (2018-2019 GitHub issues): while_loop shape
invariants, init_from_checkpoint with a missing / mis-shaped tensor, top_k k too big,
gather index out of range, reshape with the wrong head count, tf.split uneven,
tf.assert_rank / assert_equal messages, einsum mismatch, slice past the position table."""
import os
import numpy as np
TAGS = ['nlp', 'errors', 'shapes']

def err(fn):
    try:
        fn()
        return 'no error'
    except Exception as e:
        msg = getattr(e, 'message', None) or str(e)
        lines = [l for l in str(msg).split('\n') if l.strip() and 'Graph execution error' not in l]
        # TF 2.x prefixes a Session error with "Detected at node ... Node: 'x'" (TF 1.x does not)
        node = [i for i, l in enumerate(lines) if l.startswith("Node: '")]
        if node:
            lines = lines[node[-1] + 1:]
        # TF 2.x node texts list attrs TF 1.15 lacks (grad_x, index_type): keep what precedes
        return '%s: %s' % (type(e).__name__, lines[0].split(" for '{{node")[0][:220] if lines else '')

def main(tf):
    res = {}
    # 1. while_loop without shape_invariants on a growing output
    def grow():
        out = tf.zeros([2, 3], tf.int32)
        tf.while_loop(lambda i, o: i < 3, lambda i, o: (i + 1, tf.concat([o, o[:, :1]], 1)), [tf.constant(0), out])
    res['while_shape'] = err(grow)
    # 2. shape_invariants of wrong rank
    def bad_inv():
        out = tf.zeros([2, 3], tf.int32)
        tf.while_loop(lambda i, o: i < 3, lambda i, o: (i + 1, o), [tf.constant(0), out],
                      shape_invariants=[tf.TensorShape([]), tf.TensorShape([None])])
    res['while_inv'] = err(bad_inv)
    # 3. init_from_checkpoint problems
    with tf.Graph().as_default():
        tf.get_variable('bert/embeddings/word_embeddings', [5, 3], initializer=tf.ones_initializer())
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            tf.train.Saver().save(s, os.path.abspath('ck/model.ckpt'))
    with tf.Graph().as_default():
        tf.get_variable('bert/embeddings/word_embeddings', [6, 3])
        tf.get_variable('bert/pooler/dense/kernel', [3, 3])
        res['init_shape'] = err(lambda: tf.train.init_from_checkpoint('ck', {'bert/embeddings/': 'bert/embeddings/'}))
        res['init_missing'] = err(lambda: tf.train.init_from_checkpoint('ck', {'bert/pooler/dense/kernel': 'bert/pooler/dense/kernel'}))
        res['init_novar'] = err(lambda: tf.train.init_from_checkpoint('ck', {'bert/embeddings/word_embeddings': 'bert/nothing'}))
        res['init_nodir'] = err(lambda: tf.train.init_from_checkpoint('nope', {'a': 'b'}))
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [2, None])
        idx = tf.placeholder(tf.int32, [None])
        table = tf.ones([17, 4])
        with tf.Session() as s:
            res['top_k'] = err(lambda: s.run(tf.nn.top_k(x, k=5), {x: np.ones([2, 4])}))
            res['top_k_static'] = err(lambda: tf.nn.top_k(tf.ones([2, 4]), k=5))
            res['gather'] = err(lambda: s.run(tf.gather(table, idx), {idx: [1, 20]}))
            res['one_hot_mm'] = err(lambda: s.run(tf.matmul(tf.one_hot(idx, 17), table), {idx: [1, 20]}))
            res['reshape'] = err(lambda: s.run(tf.reshape(x, [2, 3, -1]), {x: np.ones([2, 4])}))
            res['reshape_static'] = err(lambda: tf.reshape(tf.ones([2, 12]), [2, 5, 3]))
            res['split'] = err(lambda: tf.split(tf.ones([2, 10]), 3, axis=1))
            res['split_dyn'] = err(lambda: s.run(tf.split(x, 3, axis=1), {x: np.ones([2, 10])}))
            res['slice'] = err(lambda: s.run(tf.slice(table, [0, 0], [tf.shape(x)[1], -1]), {x: np.ones([2, 20])}))
            res['assert_rank'] = err(lambda: tf.assert_rank(tf.ones([2, 3]), 3))
            res['assert_rank_dyn'] = err(lambda: s.run(tf.assert_rank(x, 3), {x: np.ones([2, 3])}))
            res['assert_equal'] = err(lambda: s.run(tf.assert_equal(tf.shape(x)[1], 8, message='seq len mismatch'), {x: np.ones([2, 3])}))
            res['einsum'] = err(lambda: tf.einsum('ij,jk->ik', tf.ones([2, 3]), tf.ones([4, 5])))
            res['einsum_spec'] = err(lambda: tf.einsum('ij,jk', tf.ones([2, 3]), tf.ones([3, 5]), name='e'))
            res['matmul'] = err(lambda: tf.matmul(tf.ones([2, 3, 4]), tf.ones([2, 5, 4])))
            res['categorical'] = err(lambda: tf.random.categorical(tf.ones([3]), 2))
            res['sce_rank'] = err(lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.ones([2, 3], tf.int32), logits=tf.ones([2, 4])))
            res['sce_dtype'] = err(lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.ones([2], tf.float32), logits=tf.ones([2, 4])))
            res['sce_run'] = err(lambda: s.run(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=idx, logits=tf.ones([2, 4])), {idx: [1, 7]}))
    return res
