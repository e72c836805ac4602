"""Wide & deep input code of 2016-2017 (tf.contrib.layers feature columns, before
tf.feature_column): sparse_column_with_hash_bucket, sparse_column_with_keys,
real_valued_column, bucketized_column, crossed_column, embedding_column(combiner='sqrtn'),
one_hot_column, input_from_feature_columns and weighted_sum_from_feature_columns. The
reference where contrib is missing is tf.feature_column (same hashing, same combiners) with
the same weights loaded, column by column (contrib sorts a cross's columns and the
input layer's columns differently from core: see the reference branch)."""
TAGS = ['contrib', 'sparse', 'lookup']
import numpy as np
TOLERANCE = {'*': (2e-5, 2e-6)}


def main(tf):
    rng = np.random.RandomState(3)
    c = getattr(tf, 'contrib', None)
    feats = {
        'user': tf.SparseTensor([[0, 0], [0, 1], [1, 0], [3, 0]], ['ann', 'bob', 'cy', 'dee'],
                                [4, 2]),
        'city': tf.SparseTensor([[0, 0], [1, 0], [2, 0], [3, 0]], ['a', 'c', 'zz', 'b'], [4, 1]),
        'age': tf.constant([[15.], [33.], [41.], [70.]]),
    }
    if c is not None:
        L = c.layers
        user = L.sparse_column_with_hash_bucket('user', 10)
        city = L.sparse_column_with_keys('city', ['a', 'b', 'c'])
        age = L.real_valued_column('age')
        age_b = L.bucketized_column(age, [20., 40.])
        # an explicit hash_key selects SparseFeatureCrossV2 (core SparseCross's hashing); without
        # one TF 1.15 uses the V1 kernel, which TF 2.x no longer has to compare with
        cross = L.crossed_column([city, age_b], 16, hash_key=0xDECAFCAFFE)
        deep_cols = [L.embedding_column(user, 3, combiner='sqrtn'), age, L.one_hot_column(city)]
        wide_cols = [user, city, age_b, cross]
        with tf.variable_scope('deep'):
            dense = L.input_from_feature_columns(feats, deep_cols)
        with tf.variable_scope('wide'):
            logits, col_vars, bias = L.weighted_sum_from_feature_columns(feats, wide_cols, 2)
        order = {'user': user, 'city': city, 'age_b': age_b, 'cross': cross}
        wide_vars = [col_vars[order[k]][0] for k in ('user', 'city', 'age_b', 'cross')]
        emb_var = [v for v in tf.global_variables() if v.op.name.startswith('deep/')][0]
    else:
        F = tf.feature_column
        user = F.categorical_column_with_hash_bucket('user', 10)
        city = F.categorical_column_with_vocabulary_list('city', ['a', 'b', 'c'])
        age = F.numeric_column('age')
        age_b = F.bucketized_column(age, [20., 40.])
        # contrib's _CrossedColumn sorts its columns by name: age_bucketized, then city
        cross = F.crossed_column([age_b, 'city'], 16)
        deep_cols = [F.embedding_column(user, 3, combiner='sqrtn'), age, F.indicator_column(city)]
        with tf.variable_scope('deep'):
            dense = F.input_layer(feats, deep_cols)
        # contrib orders the columns by key (_EmbeddingColumn < _OneHotColumn <
        # _RealValuedColumn), core by name (age, city_indicator, user_embedding)
        dense = tf.concat([dense[:, 4:], dense[:, 1:4], dense[:, :1]], 1)
        cols_to_vars = {}
        with tf.variable_scope('wide'):
            logits = F.linear_model(feats, [user, city, age_b, cross], units=2,
                                    cols_to_vars=cols_to_vars)
        wide_vars = [cols_to_vars[k][0] for k in (user, city, age_b, cross)]
        bias = cols_to_vars['bias'][0]
        emb_var = [v for v in tf.global_variables() if v.op.name.startswith('deep/')][0]
    res = {'dense_shape': str(dense.shape), 'logits_shape': str(logits.shape),
           'wide_shapes': [v.shape.as_list() for v in wide_vars],
           'emb_shape': emb_var.shape.as_list()}
    with tf.Session() as sess:
        sess.run([tf.global_variables_initializer(), tf.tables_initializer()])
        for v in [emb_var] + wide_vars + [bias]:
            v.load(rng.uniform(-1, 1, v.shape.as_list()).astype(np.float32), sess)
        res['dense'], res['logits'] = sess.run([dense, logits])
    return res
