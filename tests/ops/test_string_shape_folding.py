"""Static shapes that TF's shape refiner gets by evaluating constant string subgraphs
(tf.string_split of constant sentences, tf.strings.to_number/length of constants), and the
Shape op it never evaluates (ConstantPartialShape takes its input's shape).
Expected values recorded from TF 2.21 compat.v1."""


def test_string_split_of_constants_gives_a_static_dense_shape(tf):
    words = tf.string_split(['a b zz <s>', 'c q'], delimiter=' ')
    assert words.values.shape.as_list() == [None]
    assert tf.sparse_tensor_to_dense(words, default_value='').shape.as_list() == [2, 4]
    assert tf.sparse.to_dense(words, default_value='').shape.as_list() == [2, 4]


def test_string_ops_fold_into_a_shape(tf):
    shape = tf.strings.to_number(['2', '3'], out_type=tf.int32)
    assert tf.reshape(tf.range(6), shape).shape.as_list() == [2, 3]
    split = tf.string_to_number(tf.string_split(['2 3']).values, out_type=tf.int32)
    assert tf.reshape(tf.range(6), split).shape.as_list() == [2, 3]
    assert tf.zeros(tf.strings.length(['ab', 'cde'])).shape.as_list() == [2, 3]
    assert tf.zeros(tf.size(tf.strings.split(['a b c']).values)).shape.as_list() == [3]


def test_shape_of_an_unknown_shape_is_not_evaluated(tf):
    values = tf.string_split(['a b c']).values
    assert tf.zeros(tf.shape(values)).shape.as_list() == [None]


def test_python_callbacks_never_fold(tf):
    shape = tf.py_func(lambda: [2, 3], [], tf.int64, stateful=False)
    assert tf.zeros(shape).shape.ndims is None
    assert tf.get_static_value(tf.strings.length(['ab', 'cde'])) is None


def test_sparse_tensor_shape_folds_like_tf_python(tf):
    # SparseTensor.shape is TF's Python constant_value_as_shape: only get_static_value's ops
    assert tf.string_split(['a b c', 'd']).shape.as_list() == [None, None]
    as_number = tf.strings.to_number(['2', '3'], out_type=tf.int64)
    assert tf.SparseTensor([[0, 0]], [1.0], as_number).shape.as_list() == [None, None]
    plus_one = tf.constant([2, 3], tf.int64) + 1
    assert tf.SparseTensor([[0, 0]], [1.0], plus_one).shape.as_list() == [None, None]
    cast = tf.cast(tf.constant([2, 3]), tf.int64)
    assert tf.SparseTensor([[0, 0]], [1.0], cast).shape.as_list() == [2, 3]
