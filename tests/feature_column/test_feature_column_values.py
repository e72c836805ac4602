"""tf.feature_column values, static shapes and variable names. Each graph is built by
_scenarios.py; the expected literals were recorded from TF 2.21 compat.v1 (the TF 1.x stand-in)
and the same tests run against it with TFCOMPAT_TEST_AGAINST_TF=1."""
import numpy as np

import _scenarios as S

# Recorded from TF 2.21 compat.v1 (tf.disable_v2_behavior()) by running _scenarios.py there.
NUMERIC_AND_BUCKETIZED = ('(2, 11)',
 [[10.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 2.0],
  [12.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 3.0, 4.0]])

BUCKETIZE_EDGES = [
 [1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0],
 [0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 1.0], [0.0, 0.0, 0.0, 1.0], [0.0, 0.0, 0.0, 1.0]]

CATEGORICAL_INDICATORS = ('(2, 24)',
 [[1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0,
   1.0, 1.0, 1.0, 0.0, 0.0, 0.0],
  [0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0,
   0.0, 0.0, 0.0, 0.0, 1.0, 0.0]])

VOCABULARY_FILE = ('(2, 8)', [[0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0],
                              [0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 2.0]])

WEIGHTED_AND_CROSSED = ('(2, 13)',
 [[[0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.5, 0.0, 2.0],
   [0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 3.0, 0.0]],
  [472, 477]])

EMBEDDINGS = ([('input_layer/c_embedding/embedding_weights:0', [5, 3]),
  ('input_layer_1/c_embedding/embedding_weights:0', [5, 3]),
  ('input_layer_2/c_embedding/embedding_weights:0', [5, 3]),
  ('input_layer_3/c_embedding/embedding_weights:0', [5, 4])],
 '(2, 4)',
 [{'mean': [[6.0, 7.0, 8.0], [6.0, 7.0, 8.0], [0.0, 0.0, 0.0]],
   'sqrtn': [[8.485280990600586, 9.899495124816895, 11.313708305358887], [6.0, 7.0, 8.0],
             [0.0, 0.0, 0.0]],
   'sum': [[12.0, 14.0, 16.0], [6.0, 7.0, 8.0], [0.0, 0.0, 0.0]]},
  [[-0.5719240307807922, 0.28987836837768555, -0.249844491481781, 0.18032146990299225],
   [-0.1322287619113922, -0.517148494720459, -0.16620053350925446, -0.5391837954521179]],
  [[-0.932358980178833, 0.40132251381874084, -0.22160857915878296, 0.06908341497182846],
   [-0.21148908138275146, 0.17843420803546906, -0.27808040380477905, 0.29155951738357544],
   [-0.2061464935541153, -0.12586981058120728, 0.4415383040904999, 0.025239067152142525],
   [0.004147491883486509, 0.5772097706794739, 0.8166103959083557, 0.519489586353302],
   [-0.1322287619113922, -0.517148494720459, -0.16620053350925446, -0.5391837954521179]]])

SHARED_EMBEDDINGS = (['b_shared_embedding', 'a_shared_embedding', 'a_b_shared_embedding'],
 ['input_layer/a_b_shared_embedding/embedding_weights:0'],
 [[[-1.2118951082229614, -0.47991499304771423, 0.16692544519901276, -0.6066564321517944],
   [0.18600265681743622, -0.6008985042572021, 0.16692544519901276, -0.6066564321517944]],
  [[-1.2118951082229614, -0.47991499304771423], [0.18600265681743622, -0.6008985042572021],
   [0.16692544519901276, -0.6066564321517944]]])

LINEAR = ({'bias': ['linear_model_2/bias_weights:0'],
  'color': ['linear_model_2/color_2/weights:0'],
  'ids_weighted_by_w': ['linear_model_2/ids_weighted_by_w_2/weights:0'],
  'price': ['linear_model_2/price_2/weights:0']},
 [['linear_model/color/weights:0', 'linear_model/ids_weighted_by_w/weights:0',
   'linear_model/price/weights:0', 'linear_model/bias_weights:0',
   'linear_model_1/color_1/weights:0', 'linear_model_1/ids_weighted_by_w_1/weights:0',
   'linear_model_1/price_1/weights:0', 'linear_model_1/bias_weights:0',
   'linear_model_2/color_2/weights:0', 'linear_model_2/ids_weighted_by_w_2/weights:0',
   'linear_model_2/price_2/weights:0', 'linear_model_2/bias_weights:0'],
  ['linear_model/color/weights:0', 'linear_model/ids_weighted_by_w/weights:0',
   'linear_model/price/weights:0', 'linear_model/bias_weights:0',
   'linear_model_1/color_1/weights:0', 'linear_model_1/ids_weighted_by_w_1/weights:0',
   'linear_model_1/price_1/weights:0', 'linear_model_1/bias_weights:0',
   'linear_model_2/color_2/weights:0', 'linear_model_2/ids_weighted_by_w_2/weights:0',
   'linear_model_2/price_2/weights:0', 'linear_model_2/bias_weights:0']],
 '(2, 2)',
 {'mean': [[7.75, 20.25], [21.5, 9.5]],
  'sqrtn': [[9.439388275146484, 27.673309326171875], [21.5, 9.5]],
  'sum': [[19.5, 30.5], [37.5, -6.5]]})

PARSE_SPEC_ROUND_TRIP = ({'i': 'VarLenFeature(dtype=tf.int64)',
  's': 'VarLenFeature(dtype=tf.string)',
  't': 'VarLenFeature(dtype=tf.string)',
  'w': 'VarLenFeature(dtype=tf.float32)',
  'x': 'FixedLenFeature(shape=(2,), dtype=tf.float32, default_value=(1.0, 2.0))',
  'y': 'FixedLenFeature(shape=(1,), dtype=tf.float32, default_value=(-1.0,))'},
 [[0.0, 0.0, 0.0, 0.25, 1.0, 2.0, 1.0, 0.0]])

PLACEHOLDERS_AND_RANKS = ('(?, 6)', [[0.0, 1.0, 1.0, 2.0, 3.0, 7.0]])

UNKNOWN_RANK = ('(?, 1)', [[3.0], [4.0]])

TRAIN_STEP = {
 'input_layer/color_embedding/embedding_weights': [[-0.5572651624679565, -0.33813515305519104],
                                                   [-1.2587840557098389, -0.01861715316772461],
                                                   [-0.8507273197174072, 0.16443005204200745],
                                                   [-0.4317723512649536, -0.8427649736404419]],
 'linear_model/bias_weights': [-1.6559455394744873],
 'linear_model/color/weights': [[-1.0424649715423584], [-0.8026901483535767],
                                [-0.6134805679321289], [-0.6134805679321289]],
 'linear_model/ids/weights': [[-0.8026901483535767], [-0.8026901483535767],
                              [-0.47954973578453064], [-0.6134805679321289]]}

MORE_EMBEDDINGS = ('(2, 16)',
 [[[0.5600000619888306, 0.6599999666213989, 0.7600000500679016, 0.8600000143051147,
    0.8979535102844238, 0.9635517597198486, 1.0291500091552734, 1.0947482585906982, 2.0,
    2.0999999046325684, 2.1999998092651367, 2.299999952316284, 2.0, 2.0999999046325684,
    2.200000047683716, 2.299999952316284],
   [2.0, 2.0999999046325684, 2.200000047683716, 2.299999952316284, 0.0, 0.10000000149011612,
    0.20000000298023224, 0.30000001192092896, 3.200000047683716, 3.299999952316284,
    3.4000000953674316, 3.5, 2.799999952316284, 2.9000000953674316, 3.0, 3.0999999046325684]],
  [[7.0], [15.0]]])

REUSE_AND_COLLECTIONS = (['model/input_layer/c_embedding/embedding_weights:0',
  'model/input_layer_1/c_embedding/embedding_weights:0'],
 ['model/input_layer_1/c_embedding/embedding_weights:0'],
 ['model/input_layer/c_embedding/embedding_weights:0'],
 ['model/input_layer/c_embedding/embedding_weights:0',
  'model/input_layer_1/c_embedding/embedding_weights:0'])

SPARSE_FEATURES_AND_COLS_TO_VARS = (
 [('b_bucketized_indicator', []), ('h_indicator', []), ('i_indicator', []), ('m', []),
  ('w_embedding', ['input_layer/w_embedding/embedding_weights:0'])],
 [('b_bucketized_indicator', '(2, 6)'), ('h_indicator', '(2, 6)'), ('i_indicator', '(2, 3)'),
  ('m', '(2, 6)'), ('w_embedding', '(2, 2)')],
 '(2, 23)',
 [[0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 2.0, 3.0,
   4.0, 5.0, 6.0, 0.0, 0.0],
  [1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 2.0, 0.0, 0.0, 7.0, 8.0, 9.0,
   10.0, 11.0, 12.0, 0.9441079497337341, -1.1800403594970703]])

INTEGER_VOCABULARIES = [[0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0],
                        [0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0]]


def _close(got, want):
    np.testing.assert_allclose(np.asarray(got, dtype=np.float64), np.asarray(want, np.float64),
                               rtol=2e-6, atol=1e-7)


def _same(got, want):
    """Equal structure and strings, floats to float32 rounding."""
    if isinstance(want, dict):
        assert sorted(got) == sorted(want)
        for key in want:
            _same(got[key], want[key])
    elif isinstance(want, (list, tuple)) and want and not isinstance(want[0], (int, float)):
        assert len(got) == len(want)
        for g, w in zip(got, want):
            _same(g, w)
    elif isinstance(want, (str, bytes)) or want is None:
        assert got == want
    else:
        _close(got, want)


def test_numeric_and_bucketized_columns(tf):
    # normalizer_fn on an int64 feature, shape (2,), bucket boundaries hit exactly
    _same(S.numeric_and_bucketized(tf), NUMERIC_AND_BUCKETIZED)


def test_bucketize_edges_and_nan(tf):
    # a value equal to a boundary goes up; NaN goes to the last bucket
    _same(S.bucketize_edges(tf), BUCKETIZE_EDGES)


def test_categorical_columns_as_indicators(tf):
    # identity default_value, vocabulary oov buckets (Fingerprint64), int vocabulary default,
    # string and int hash buckets; '' and -1 are missing values
    _same(S.categorical_indicators(tf), CATEGORICAL_INDICATORS)


def test_vocabulary_file_columns(tf, tmp_path):
    _same(S.vocabulary_file(tf, str(tmp_path / "vocab.txt")), VOCABULARY_FILE)


def test_weighted_and_crossed_columns(tf):
    _same(S.weighted_and_crossed(tf), WEIGHTED_AND_CROSSED)


def test_embedding_combiners_seeded_values_and_names(tf):
    # the default initializer (truncated normal, stddev 1/sqrt(dim)) under a graph seed gives
    # TF's numbers
    _same(S.embeddings(tf), EMBEDDINGS)


def test_shared_embedding_columns(tf):
    _same(S.shared_embeddings(tf), SHARED_EMBEDDINGS)


def test_linear_model_combiners_names_and_collections(tf):
    _same(S.linear(tf), LINEAR)


def test_make_parse_example_spec_round_trip(tf):
    _same(S.parse_spec_round_trip(tf), PARSE_SPEC_ROUND_TRIP)


def test_rank_one_features_and_unknown_batch(tf):
    _same(S.placeholders_and_ranks(tf), PLACEHOLDERS_AND_RANKS)


def test_unknown_rank_feature(tf):
    _same(S.unknown_rank(tf), UNKNOWN_RANK)


def test_gradient_step_through_columns(tf):
    _same(S.train_step(tf), TRAIN_STEP)


def test_embeddings_of_weighted_crossed_bucketized_columns(tf):
    # weighted mean, bucketized x string cross, max_norm, use_safe_embedding_lookup=False, and
    # a linear model over the bucketized column and the cross
    _same(S.more_embeddings(tf), MORE_EMBEDDINGS)


def test_reuse_and_weight_collections(tf):
    # default_name scopes stay unique under reuse; trainable=False and weight_collections
    _same(S.reuse_and_collections(tf), REUSE_AND_COLLECTIONS)


def test_sparse_features_and_cols_to_vars(tf):
    # SparseTensor features (int64 hashed, int32 identity, string vocabulary), a 2x3 numeric
    # column flattened, an indicator of a bucketized column; cols_to_vars / _output_tensors
    _same(S.sparse_features_and_cols_to_vars(tf), SPARSE_FEATURES_AND_COLS_TO_VARS)


def test_integer_vocabularies_with_oov_buckets(tf, tmp_path):
    _same(S.integer_vocabularies(tf, str(tmp_path / "ints.txt")), INTEGER_VOCABULARIES)


def test_embedding_initialized_from_checkpoint(tf, tmp_path):
    # rows 2 and 0 of the saved [[0, 1], [2, 3], [4, 5]] (TF 2.21 gives the same)
    _same(S.embedding_from_checkpoint(tf, str(tmp_path)), [[4.0, 5.0], [0.0, 1.0]])


def test_embeddings_inside_linear_model(tf):
    # recorded from TF 2.21 compat.v1: the shared variable is made once, the second shared
    # column gets its own `weights` scope `..._1`
    names, shared = S.linear_with_embeddings(tf)
    assert names == ["linear_model/c_d_shared_embedding/weights:0",
                     "linear_model/c_d_shared_embedding/embedding_weights:0",
                     "linear_model/c_d_shared_embedding_1/weights:0",
                     "linear_model/c_embedding/weights:0",
                     "linear_model/c_embedding/embedding_weights:0",
                     "linear_model/bias_weights:0"]
    _close(shared, [[-0.2705414295196533, -0.3380313813686371],
                    [-0.3668105900287628, -1.3061667680740356],
                    [0.7632603049278259, -0.7794972658157349]])
