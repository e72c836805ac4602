"""TF's wide_n_deep tutorial / census model with tf.feature_column: hash buckets, vocabulary
lists, bucketized and crossed columns, embedding_column combiners, shared_embedding_columns,
indicator and weighted categorical columns through input_layer and linear_model."""
TAGS = ['feature_column', 'embedding', 'train', 'lookup']
TOLERANCE = {'*': (1e-4, 1e-5)}


def columns(tf):
    fc = tf.feature_column
    age = fc.numeric_column('age')
    hours = fc.numeric_column('hours', shape=[2], normalizer_fn=lambda x: x / 40.0)
    age_b = fc.bucketized_column(age, boundaries=[18, 25, 30, 35, 40, 45, 50, 55, 60, 65])
    edu = fc.categorical_column_with_vocabulary_list(
        'education', ['Bachelors', 'HS-grad', '11th', 'Masters', '9th'], num_oov_buckets=1)
    occ = fc.categorical_column_with_hash_bucket('occupation', hash_bucket_size=20)
    rel = fc.categorical_column_with_vocabulary_list('relationship', ['Husband', 'Wife',
                                                                      'Own-child'],
                                                     default_value=0)
    cid = fc.categorical_column_with_identity('item_id', num_buckets=10)
    wid = fc.weighted_categorical_column(cid, 'item_weight')
    crossed = fc.crossed_column([age_b, 'education', 'occupation'], hash_bucket_size=50)
    crossed2 = fc.crossed_column(['education', 'occupation'], hash_bucket_size=30)
    clicked = fc.categorical_column_with_identity('clicked', num_buckets=10)
    shared = fc.shared_embedding_columns([cid, clicked], dimension=3, combiner='sqrtn',
                                         initializer=tf.truncated_normal_initializer(
                                             stddev=0.3, seed=5))
    wide = [age_b, edu, occ, crossed, crossed2, wid]
    deep = [age, hours, fc.indicator_column(edu), fc.indicator_column(rel),
            fc.embedding_column(occ, dimension=4, combiner='mean',
                                initializer=tf.truncated_normal_initializer(stddev=0.1, seed=1)),
            fc.embedding_column(wid, dimension=2, combiner='sum',
                                initializer=tf.random_uniform_initializer(seed=2))] + shared
    return wide, deep


def main(tf):
    tf.set_random_seed(77)
    features = {
        'age': tf.constant([[17.0], [26.0], [44.0], [70.0]]),
        'hours': tf.constant([[40.0, 20.0], [10.0, 0.0], [60.0, 40.0], [0.0, 5.0]]),
        'education': tf.constant([['Bachelors', ''], ['Masters', 'HS-grad'], ['PhD', ''],
                                  ['9th', '11th']]),
        'occupation': tf.SparseTensor([[0, 0], [1, 0], [1, 1], [3, 0]],
                                      ['Tech', 'Sales', 'Exec', 'Tech'], [4, 2]),
        'relationship': tf.constant([['Wife'], ['Husband'], ['Unmarried'], ['Own-child']]),
        'item_id': tf.SparseTensor([[0, 0], [0, 1], [2, 0], [3, 0], [3, 2]],
                                   tf.constant([1, 4, 2, 9, 4], tf.int64), [4, 3]),
        'item_weight': tf.SparseTensor([[0, 0], [0, 1], [2, 0], [3, 0], [3, 2]],
                                       [0.5, 2.0, 1.0, 1.5, 3.0], [4, 3]),
        'clicked': tf.constant([[3, -1], [4, 5], [-1, -1], [0, 0]], tf.int64),
    }
    labels = tf.constant([[1.0], [0.0], [1.0], [0.0]])
    wide, deep = columns(tf)
    with tf.variable_scope('dnn'):
        net = tf.feature_column.input_layer(features, deep)
        for units in [6, 4]:
            net = tf.layers.dense(net, units, activation=tf.nn.relu,
                                  kernel_initializer=tf.glorot_uniform_initializer(seed=units))
        dnn_logits = tf.layers.dense(net, 1, kernel_initializer=tf.ones_initializer())
    with tf.variable_scope('linear'):
        cols_to_vars = {}
        lin_logits = tf.feature_column.linear_model(features, wide, cols_to_vars=cols_to_vars,
                                                    sparse_combiner='sqrtn')
    logits = dnn_logits + lin_logits
    loss = tf.losses.sigmoid_cross_entropy(labels, logits)
    dnn_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope='dnn')
    lin_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope='linear')
    grads = tf.gradients(loss, dnn_vars + lin_vars)
    with tf.control_dependencies(grads):
        train = tf.group(tf.train.AdagradOptimizer(0.05).apply_gradients(
            list(zip(grads[:len(dnn_vars)], dnn_vars))),
            tf.train.FtrlOptimizer(0.1, l1_regularization_strength=0.01).apply_gradients(
                list(zip(grads[len(dnn_vars):], lin_vars))))
    res = {'dnn_vars': [v.name for v in dnn_vars], 'lin_vars': [v.name for v in lin_vars],
           'shape': str(net.get_shape()), 'input_layer_shape': None,
           'cols': sorted(getattr(c, 'name', c) for c in cols_to_vars),
           'col_names': [c.name for c in deep]}
    with tf.variable_scope('dnn', reuse=True):
        il = tf.feature_column.input_layer(features, deep)
    with tf.Session() as sess:
        sess.run([tf.global_variables_initializer(), tf.tables_initializer()])
        res['input_layer_shape'] = il.get_shape().as_list()
        res['input_layer'] = sess.run(il)
        res['train'] = [sess.run([loss, train])[0] for _ in range(5)]
        res['bias'] = sess.run(cols_to_vars['bias'])
    return res
