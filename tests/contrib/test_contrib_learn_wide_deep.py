"""tf.contrib.learn's wide & deep estimator on contrib.layers' feature columns. TF 2.21 has no
contrib.learn: variable names, shapes and evaluate()'s keys follow TF 1.15's source
(dnn_linear_combined.py, feature_column.py, feature_column_ops.py); training is checked on
separable data."""
import pytest

pytestmark = pytest.mark.tfcompat_only


def test_wide_and_deep(tf, tmp_path):
    layers = tf.contrib.layers
    gender = layers.sparse_column_with_keys("gender", keys=["female", "male"])
    education = layers.sparse_column_with_hash_bucket("education", hash_bucket_size=10)
    age = layers.real_valued_column("age")
    age_buckets = layers.bucketized_column(age, boundaries=[18, 30, 50])
    deep = [layers.embedding_column(education, dimension=4), layers.one_hot_column(gender),
            age]
    wide = [gender, education, age_buckets,
            layers.crossed_column([education, gender], hash_bucket_size=50)]

    def input_fn():
        features = {
            "age": tf.constant([[25.], [40.], [61.], [17.]]),
            "gender": tf.SparseTensor([[0, 0], [1, 0], [2, 0], [3, 0]],
                                      ["male", "female", "female", "male"], [4, 1]),
            "education": tf.SparseTensor([[0, 0], [1, 0], [2, 0], [3, 0]],
                                         ["Bachelors", "HS-grad", "Masters", "HS-grad"],
                                         [4, 1])}
        return features, tf.constant([[1], [0], [0], [1]], tf.int64)

    model = tf.contrib.learn.DNNLinearCombinedClassifier(
        model_dir=str(tmp_path), linear_feature_columns=wide, dnn_feature_columns=deep,
        dnn_hidden_units=[5, 3], config=tf.contrib.learn.RunConfig(tf_random_seed=4))
    model.fit(input_fn=input_fn, steps=1)
    # TF 1.15's fix_global_step_increment_bug=False: both parts' optimize_loss increment it
    assert model.get_variable_value("global_step") == 2
    model.fit(input_fn=input_fn, steps=16)
    names = model.get_variable_names()
    for name in ["dnn/input_from_feature_columns/education_embedding/weights",
                 "dnn/hiddenlayer_0/weights", "dnn/hiddenlayer_1/biases",
                 "dnn/logits/weights", "linear/gender/weights", "linear/education/weights",
                 "linear/age_bucketized/weights", "linear/education_X_gender/weights",
                 "linear/bias_weight"]:
        assert name in names, name
    assert model.get_variable_value(
        "dnn/input_from_feature_columns/education_embedding/weights").shape == (10, 4)
    assert model.get_variable_value("dnn/hiddenlayer_0/weights").shape == (4 + 2 + 1, 5)
    assert model.get_variable_value("linear/age_bucketized/weights").shape == (4, 1)
    results = model.evaluate(input_fn=input_fn, steps=1)
    # StopAtStepHook counts pre-step value + 1 (TF's), so it stops at 20, not 18
    assert results["global_step"] == 20 and results["accuracy"] == 1.0


def test_crossed_column_hashes_like_sparse_feature_cross(tf):
    """contrib's crossed_column hashes with SparseFeatureCross (V1): HashCombine chains from
    0xDECAFCAFFE over Fingerprint64 of strings and the values of ints. Expected ids: that
    kernel's formula (sparse_feature_cross_kernel.cc) on Fingerprint64 values read from TF 2.21
    (tf.strings.to_hash_bucket_fast modulo 2**62 and 2**63 - 1 pin them down)."""
    layers = tf.contrib.layers
    education = layers.sparse_column_with_hash_bucket("education", hash_bucket_size=10)
    occupation = layers.sparse_column_with_keys("occupation", keys=["a", "b"])
    age = layers.bucketized_column(layers.real_valued_column("age"), boundaries=[18, 30])
    cross = layers.crossed_column([occupation, education, age], hash_bucket_size=1000)
    assert cross.name == "age_bucketized_X_education_X_occupation"
    # models build columns in the order of their keys: TF's class names, then fields
    # (_SparseColumnHashed before _SparseColumnKeys whatever the column names)
    zeta = layers.sparse_column_with_hash_bucket("zeta", hash_bucket_size=5)
    order = sorted([occupation, zeta, age, cross, layers.embedding_column(zeta, 2)],
                   key=lambda column: column.key)
    assert [column.name for column in order] == [
        "age_bucketized", "age_bucketized_X_education_X_occupation", "zeta_embedding", "zeta",
        "occupation"]
    features = {
        "education": tf.SparseTensor([[0, 0], [1, 0], [1, 1]], ["x", "y", "z"], [2, 2]),
        "occupation": tf.SparseTensor([[0, 0], [1, 0]], ["a", "b"], [2, 1]),
        "age": tf.constant([[20.], [40.]])}
    ids = cross._transform_feature(_builder(tf, features))
    logits, _, _ = layers.weighted_sum_from_feature_columns(features, [cross, age],
                                                            num_outputs=1, scope="linear")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        value = sess.run(ids)
        assert value.values.tolist() == [794, 528, 128]
        assert value.indices.tolist() == [[0, 0], [1, 0], [1, 1]]
        assert value.dense_shape.tolist() == [2, 2]
        assert sess.run(logits).tolist() == [[0.0], [0.0]]
    assert sorted(v.name for v in tf.global_variables()) == [
        "linear/age_bucketized/weights:0",
        "linear/age_bucketized_X_education_X_occupation/weights:0", "linear/bias_weight:0"]
    assert tf.global_variables()[1].shape.as_list() == [1000, 1]


def _builder(tf, features):
    """The feature cache columns transform through (TF's _Transformer)."""
    import tfcompat.feature_column._base as base  # tfcompat_only: its _LazyBuilder
    return base._LazyBuilder(features)
