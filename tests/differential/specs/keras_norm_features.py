"""Batch renormalization, ghost batches and adjustment in tf.layers / tf.keras
BatchNormalization (training steps, then the moving statistics and inference outputs); the
threshold-search metrics and MeanTensor of tf.keras.metrics; tf.keras.layers.DenseFeatures;
tf.keras.experimental's LinearModel, WideDeepModel and CosineDecayRestarts. (CuDNNLSTM /
CuDNNGRU are not here: TF has no CPU kernel for their op, see known_differences.txt.)"""
import numpy as np

from harness import Program

_X = np.array([[[0.5, -1.0], [2.0, 0.3], [-0.7, 1.1], [1.4, 2.2]],
               [[1.5, 0.0], [-2.0, 0.8], [0.2, -1.1], [3.0, 0.4]]], np.float32)
_W = np.array([[1.0, -2.0], [0.5, 0.25], [-1.5, 1.0], [2.0, 3.0]], np.float32)


def _train_bn(tf, make):
    """Two SGD steps through `make(x, training)` -> (y, updates); fetches the variables, the
    training output and the inference output."""
    x = tf.placeholder_with_default(tf.constant(_X[1]), [None, 2])
    training = tf.placeholder_with_default(True, [])
    y, updates = make(x, training)
    loss = tf.reduce_sum(y * tf.constant(_W))
    with tf.control_dependencies(updates):
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    first = tf.group(train)
    fetches = {"v_" + v.op.name: v for v in tf.global_variables()}
    fetches["y_train"] = y
    fetches["dx"] = tf.gradients(loss, x)[0]
    return fetches, {training: True}, [tf.global_variables_initializer(), first, train]


def _layers_renorm(tf):
    def make(x, training):
        y = tf.layers.batch_normalization(
            x, training=training, renorm=True, momentum=0.9, renorm_momentum=0.8,
            renorm_clipping={"rmax": 1.3, "rmin": 0.8, "dmax": 0.5})
        return y, tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    return _train_bn(tf, make)


def _layers_virtual_batch(tf):
    def make(x, training):
        layer = tf.layers.BatchNormalization(virtual_batch_size=2, momentum=0.9)
        return layer.apply(x, training=training), layer.updates
    return _train_bn(tf, make)


def _layers_adjustment(tf):
    def make(x, training):
        y = tf.layers.batch_normalization(
            x, training=training, momentum=0.9,
            adjustment=lambda shape: (tf.constant([1.5, 0.5]), tf.constant([0.25, -0.25])))
        return y, tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    return _train_bn(tf, make)


def _keras_renorm(tf):
    def make(x, training):
        layer = tf.keras.layers.BatchNormalization(renorm=True, renorm_momentum=0.5,
                                                   virtual_batch_size=2)
        return layer(x, training=training), layer.updates
    return _train_bn(tf, make)


def _keras_renorm_inference(tf):
    x = tf.constant(_X[0])
    layer = tf.keras.layers.BatchNormalization(renorm=True, moving_variance_initializer=
                                               tf.constant_initializer(4.0))
    return {"y": layer(x, training=False)}, {}, [tf.global_variables_initializer()]


_RNG = np.random.RandomState(3)
_Y_TRUE = (_RNG.rand(30, 3) > 0.5).astype(np.float32)
_Y_PRED = np.round(_RNG.rand(30, 3), 2).astype(np.float32)
_SW = _RNG.rand(30, 1).astype(np.float32)


def _threshold_metrics(tf):
    m = tf.keras.metrics
    metrics = {"sens": m.SensitivityAtSpecificity(0.6), "spec": m.SpecificityAtSensitivity(
        0.7, num_thresholds=11), "par": m.PrecisionAtRecall(0.5, num_thresholds=1),
        "rap": m.RecallAtPrecision(0.5, num_thresholds=21, class_id=1)}
    steps, fetches = [], {}
    for name, metric in metrics.items():
        update = metric.update_state(tf.constant(_Y_TRUE), tf.constant(_Y_PRED))
        weighted = metric.update_state(tf.constant(_Y_TRUE[:10]), tf.constant(_Y_PRED[:10]),
                                       sample_weight=tf.constant(_SW[:10]))
        steps += [[v.initializer for v in metric.variables], update, weighted]
        fetches[name] = metric.result()
        fetches[name + "_tp"] = metric.true_positives
    mean = m.MeanTensor()
    steps += [mean.update_state(tf.constant([[0.0, 1, 2, 3]]))]
    second = mean.update_state(tf.constant([[4.0, 5, 6, 9]]),
                               sample_weight=tf.constant([[0, 0.2, 0.5, 1]]))
    steps = steps[:-1] + [[v.initializer for v in mean.variables], steps[-1], second]
    fetches["mean_tensor"] = mean.result()
    return fetches, {}, steps


def _dense_features(tf):
    fc = tf.feature_column
    color = fc.categorical_column_with_vocabulary_list("color", ["r", "g", "b"])
    columns = [fc.numeric_column("price", shape=(2,)),
               fc.embedding_column(color, 3, initializer=tf.constant_initializer(
                   np.arange(9).reshape(3, 3) / 10.0)),
               fc.indicator_column(color), fc.bucketized_column(fc.numeric_column("age"),
                                                                [18, 30])]
    features = {"price": tf.constant([[1.0, 2.0], [3.0, 4.0]]),
                "color": tf.constant([["r"], ["b"]]), "age": tf.constant([[10.0], [40.0]])}
    layer = tf.keras.layers.DenseFeatures(columns)
    out = layer(features)
    grad = tf.convert_to_tensor(
        tf.gradients(tf.reduce_sum(out * out), layer.trainable_weights)[0])
    return {"out": out, "grad": grad, "again": layer(features)}, {}, [
        tf.global_variables_initializer(), tf.tables_initializer()]


def _linear_and_wide_deep(tf):
    rng = np.random.RandomState(0)
    x = tf.constant(rng.rand(8, 3).astype(np.float32))
    linear = tf.keras.experimental.LinearModel(units=2, kernel_initializer="ones",
                                               activation="relu")
    by_key = tf.keras.models.LinearModel(kernel_initializer="ones", name="lm2")
    dnn = tf.keras.Sequential([tf.keras.layers.Dense(
        1, kernel_initializer=tf.keras.initializers.Constant(0.2))])
    wide_deep = tf.keras.experimental.WideDeepModel(
        tf.keras.experimental.LinearModel(kernel_initializer="ones"), dnn, activation="sigmoid")
    return {"linear": linear(x), "by_key": by_key({"a": x[:, :2], "b": x[:, 2:]}),
            "wide_deep": wide_deep([x[:, :2], x]),
            "names": tf.constant([w.name for w in by_key.weights + wide_deep.weights])}, {}, [
        tf.global_variables_initializer()]


def _cosine_schedules(tf):
    out = {}
    for i, kwargs in enumerate(({}, {"t_mul": 1.0, "m_mul": 0.5, "alpha": 0.1},
                                {"t_mul": 3.0, "m_mul": 0.8})):
        schedule = tf.keras.experimental.CosineDecayRestarts(0.5, 4, **kwargs)
        out["restarts%d" % i] = tf.stack([schedule(tf.constant(s)) for s in (0, 3, 5, 12, 30)])
    cosine = tf.keras.experimental.CosineDecay(0.5, 10, alpha=0.1)
    out["cosine"] = tf.stack([cosine(tf.constant(s)) for s in (0, 3, 12)])
    return out, {}


PROGRAMS = [
    Program("keras_norm_layers_renorm", _layers_renorm, tol=(1e-4, 1e-4)),
    Program("keras_norm_layers_virtual_batch", _layers_virtual_batch, tol=(1e-4, 1e-4)),
    Program("keras_norm_layers_adjustment", _layers_adjustment, tol=(1e-4, 1e-4)),
    Program("keras_norm_keras_renorm_virtual_batch", _keras_renorm, tol=(1e-4, 1e-4)),
    Program("keras_norm_keras_renorm_inference", _keras_renorm_inference),
    Program("keras_metrics_threshold_search", _threshold_metrics, tol=(1e-5, 1e-5)),
    Program("keras_dense_features", _dense_features),
    Program("keras_premade_linear_wide_deep", _linear_and_wide_deep),
    Program("keras_cosine_decay_restarts", _cosine_schedules, tol=(1e-5, 1e-6)),
]
