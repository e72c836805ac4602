"""tf.feature_column refuses bad arguments and features as TF does: same exception class,
same message. Recorded from TF 2.21 compat.v1; runs against it with TFCOMPAT_TEST_AGAINST_TF=1."""
import re

import pytest

import _scenarios as S

# Recorded from TF 2.21 compat.v1.
REFUSALS = {'embedding_combiner': ('ValueError',
                        "combiner must be one of 'mean', 'sqrtn' or 'sum', got max"),
 'linear_combiner': ('ValueError', "combiner must be one of 'mean', 'sqrtn' or 'sum', got max"),
 'batch_sizes': ('ValueError',
                 'Batch size (first dimension) of each feature must be same. Batch size of '
                 'columns (x, y): (1, 2)'),
 'bounds_empty': ('ValueError', 'boundaries must not be empty.'),
 'bounds_set': ('ValueError', 'boundaries must be a sorted list.'),
 'bounds_unsorted': ('ValueError', 'boundaries must be a sorted list.'),
 'bucket_2d': ('ValueError',
               "source_column must be one-dimensional column. Given: NumericColumn(key='y', "
               'shape=(2, 2), default_value=None, dtype=tf.float32, normalizer_fn=None)'),
 'cross_hashed': ('ValueError',
                  'categorical_column_with_hash_bucket is not supported for crossing. Hashing '
                  'before crossing will increase probability of collision. Instead, use the '
                  "feature name as a string. Given: HashedCategoricalColumn(key='h', "
                  'hash_bucket_size=3, dtype=tf.string)'),
 'cross_one': ('ValueError', "keys must be a list with length > 1. Given: ['a']"),
 'cross_size': ('ValueError', 'hash_bucket_size must be > 1. hash_bucket_size: 0'),
 'default_float_int': ('TypeError',
                       'default_value must be compatible with dtype. default_value: 1.5, '
                       "dtype: <dtype: 'int32'>, key: x"),
 'default_shape': ('ValueError',
                   'The shape of default_value must be equal to given shape. default_value: '
                   '[1.0, 2.0, 3.0], shape: (2,), key: x'),
 'default_str': ('TypeError',
                 'default_value must be compatible with dtype. default_value: a, dtype: '
                 "<dtype: 'float32'>, key: x"),
 'dtype_string': ('ValueError',
                  "dtype must be convertible to float. dtype: <dtype: 'string'>, key: x"),
 'embedding_ckpt': ('ValueError',
                    'Must specify both `ckpt_to_load_from` and `tensor_name_in_ckpt` or none '
                    'of them.'),
 'embedding_dim': ('ValueError', 'Invalid dimension 0.'),
 'embedding_init': ('ValueError',
                    'initializer must be callable if specified. Embedding of column_name: c'),
 'hash_dtype': ('ValueError',
                "column_name: h dtype must be string or integer. dtype: <dtype: 'float32'>."),
 'hash_int_for_string': ('ValueError',
                         'Column dtype and SparseTensors dtype must be compatible. key: h, '
                         "column dtype: <dtype: 'string'>, tensor dtype: <dtype: 'int64'>"),
 'hash_size': ('ValueError',
               'hash_bucket_size must be at least 1. hash_bucket_size: 0, key: h'),
 'identity_buckets': ('ValueError', 'num_buckets 0 < 1, column_name c'),
 'identity_default': ('ValueError', 'default_value 3 not in range [0, 3), column_name c'),
 'identity_strings': ('ValueError',
                      "Invalid input, not integer. key: c dtype: <dtype: 'string'>"),
 'indicator_numeric': ('ValueError',
                       'Unsupported input type. Input must be a CategoricalColumn. Given: '
                       "NumericColumn(key='x', shape=(1,), default_value=None, "
                       'dtype=tf.float32, normalizer_fn=None)'),
 'input_layer_categorical': ('ValueError',
                             'Items of feature_columns must be a _DenseColumn. You can wrap a '
                             'categorical column with an embedding_column or indicator_column. '
                             "Given: IdentityCategoricalColumn(key='c', number_buckets=3, "
                             'default_value=None)'),
 'input_layer_dict': ('ValueError', 'Expected feature_columns to be iterable, found dict.'),
 'input_layer_duplicate': ('ValueError',
                           'Duplicate feature column name found for columns: '
                           "NumericColumn(key='x', shape=(1,), default_value=None, "
                           "dtype=tf.float32, normalizer_fn=None) and NumericColumn(key='x', "
                           'shape=(1,), default_value=None, dtype=tf.float32, '
                           'normalizer_fn=None). This usually means that these columns refer '
                           'to same base feature. Either one must be discarded or a duplicated '
                           'but renamed item must be inserted in features dict.'),
 'input_layer_empty': ('ValueError', 'feature_columns must not be empty.'),
 'input_layer_not_column': ('ValueError',
                            'Items of feature_columns must be a _FeatureColumn. Given (type '
                            "<class 'str'>): x."),
 'key_int': ('ValueError', "key must be a string. Got: type <class 'int'>. Given key: 1."),
 'linear_not_column': ('ValueError',
                       'Items of feature_columns must be a _FeatureColumn. Given (type <class '
                       "'int'>): 3."),
 'missing_feature': ('ValueError', 'Feature x is not in features dictionary.'),
 'normalizer': ('TypeError', 'normalizer_fn must be a callable. Given: 3'),
 'numeric_sparse': ('ValueError',
                    'The corresponding Tensor of numerical column must be a Tensor. '
                    'SparseTensor is not supported. key: x'),
 'rank_zero': ('ValueError',
               'Feature (key: x) cannot have rank 0. Given: Tensor("input_layer_1/x/Const:0", '
               'shape=(), dtype=float32)'),
 'shape_float': ('TypeError', 'shape dimensions must be integer. shape: (1.5,), key: x'),
 'shape_zero': ('ValueError', 'shape dimensions must be greater than 0. shape: (0,), key: x'),
 'shared_buckets': ('ValueError',
                    'To use shared_embedding_column, all categorical_columns must have the '
                    "same number of buckets. ven column: IdentityCategoricalColumn(key='c', "
                    'number_buckets=3, default_value=None) with buckets: 3 does  not match '
                    "column: IdentityCategoricalColumn(key='d', number_buckets=4, "
                    'default_value=None) with buckets: 4'),
 'spec_conflict': ('ValueError',
                   'feature_columns contain different parse_spec for key x. Given '
                   'FixedLenFeature(shape=(2,), dtype=tf.float32, default_value=None) and '
                   'FixedLenFeature(shape=(1,), dtype=tf.float32, default_value=None)'),
 'spec_not_column': ('ValueError',
                     'All feature_columns must be _FeatureColumn instances. Given: x'),
 'vocab_dtype': ('ValueError',
                 "dtype <dtype: 'int64'> and vocabulary dtype <dtype: 'string'> do not match, "
                 'column_name: v'),
 'vocab_dup': ('ValueError', "Duplicate keys in vocabulary_list ['a', 'a'], column_name: v"),
 'vocab_empty': ('ValueError', 'vocabulary_list [] must be non-empty, column_name: v'),
 'vocab_file_missing': ('ValueError', 'vocabulary_file in v does not exist.'),
 'vocab_file_none': ('ValueError', 'Missing vocabulary_file in v.'),
 'vocab_float': ('ValueError',
                 'column_name: v vocabulary dtype must be string or integer. dtype: <dtype: '
                 "'float64'>."),
 'vocab_int_for_string': ('ValueError',
                          'Column dtype and SparseTensors dtype must be compatible. key: v, '
                          "column dtype: <dtype: 'string'>, tensor dtype: <dtype: 'int64'>"),
 'vocab_oov_default': ('ValueError',
                       "Can't specify both num_oov_buckets and default_value in v."),
 'weighted_dtype': ('ValueError', "dtype <dtype: 'string'> is not convertible to float."),
 'weighted_int': ('ValueError',
                  "Bad dtype, expected <dtype: 'float32'>, but got <dtype: 'int64'>."),
 'weighted_missing': ('ValueError', 'Feature w is not in features dictionary.')}


@pytest.mark.parametrize("what", sorted(REFUSALS))
def test_refusal(tf, what):
    fn = dict(S.bad_inputs(tf))[what]
    kind, message = REFUSALS[what]
    with pytest.raises(Exception) as info:
        fn()
    assert type(info.value).__name__ == kind
    if what == "rank_zero":  # the message shows the tensor, whose op name is TF's own
        assert re.match(r"Feature \(key: x\) cannot have rank 0\. Given: ", str(info.value))
    else:
        assert str(info.value) == message
