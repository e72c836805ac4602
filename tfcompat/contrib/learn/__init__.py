"""`tf.contrib.learn` (TF 1.15, deprecated there): the 2016-2017 tutorial path on tfcompat's
tf.estimator: Estimator (model_fn returning ModelFnOps or (predictions, loss, train_op)),
ModeKeys, RunConfig, SKCompat, the canned DNNClassifier / DNNRegressor / LinearClassifier /
LinearRegressor / DNNLinearCombinedClassifier / DNNLinearCombinedRegressor on contrib.layers'
feature columns, their heads, `infer_real_valued_columns_from_input`, `datasets.base`'s CSV
loaders, `io` (numpy_input_fn / pandas_input_fn) and `preprocessing` (VocabularyProcessor).
`monitors` (ValidationMonitor, ...), Experiment and `learn_runner`, MetricSpec (evaluate's
`metrics`), export (ExportStrategy, `utils`: make_export_strategy, InputFnOps,
build_parsing_serving_input_fn), PredictionKey / ProblemType / MetricKey, KMeansClustering.
The rest fails naming it."""
from tfcompat._unsupported import missing_attr
from tfcompat.contrib.learn import constants  # noqa: F401
from tfcompat.contrib.learn import datasets  # noqa: F401
from tfcompat.contrib.learn import metric_key  # noqa: F401
from tfcompat.contrib.learn import prediction_key  # noqa: F401
from tfcompat.contrib.learn import learn_runner  # noqa: F401
from tfcompat.contrib.learn import utils  # noqa: F401
from tfcompat.contrib.learn.experiment import Experiment  # noqa: F401
from tfcompat.contrib.learn.export_strategy import ExportStrategy  # noqa: F401
from tfcompat.contrib.learn.head import MetricKey, PredictionKey, ProblemType  # noqa: F401
from tfcompat.contrib.learn.kmeans import KMeansClustering  # noqa: F401
from tfcompat.contrib.learn.metric_spec import MetricSpec  # noqa: F401
from tfcompat.contrib.learn.run_config import Environment, TaskType  # noqa: F401
from tfcompat.contrib.learn.utils import InputFnOps  # noqa: F401
from tfcompat.contrib.learn.utils import build_default_serving_input_fn  # noqa: F401
from tfcompat.contrib.learn.utils import build_parsing_serving_input_fn  # noqa: F401
from tfcompat.contrib.learn.utils import make_export_strategy  # noqa: F401
from tfcompat.contrib.learn import learn_io as io  # noqa: F401
from tfcompat.contrib.learn import monitors  # noqa: F401
from tfcompat.contrib.learn import preprocessing  # noqa: F401
from tfcompat.contrib.learn.canned import DNNClassifier  # noqa: F401
from tfcompat.contrib.learn.canned import DNNLinearCombinedClassifier  # noqa: F401
from tfcompat.contrib.learn.canned import DNNLinearCombinedRegressor  # noqa: F401
from tfcompat.contrib.learn.canned import DNNRegressor  # noqa: F401
from tfcompat.contrib.learn.canned import LinearClassifier  # noqa: F401
from tfcompat.contrib.learn.canned import LinearRegressor  # noqa: F401
from tfcompat.contrib.learn.estimator import Estimator  # noqa: F401
from tfcompat.contrib.learn.estimator import NotFittedError  # noqa: F401
from tfcompat.contrib.learn.estimator import RunConfig  # noqa: F401
from tfcompat.contrib.learn.estimator import SKCompat  # noqa: F401
from tfcompat.contrib.learn.head import multi_class_head  # noqa: F401
from tfcompat.contrib.learn.head import regression_head  # noqa: F401
from tfcompat.contrib.learn.model_fn import ModeKeys  # noqa: F401
from tfcompat.contrib.learn.model_fn import ModelFnOps  # noqa: F401
from tfcompat.contrib.learn.utils import infer_real_valued_columns_from_input  # noqa: F401
from tfcompat.contrib.learn.utils import infer_real_valued_columns_from_input_fn  # noqa: F401

__all__ = ["datasets", "io", "monitors", "preprocessing", "DNNClassifier", "DNNLinearCombinedClassifier",
           "DNNLinearCombinedRegressor", "DNNRegressor", "LinearClassifier", "LinearRegressor",
           "Estimator", "NotFittedError", "RunConfig", "SKCompat", "multi_class_head",
           "regression_head", "ModeKeys", "ModelFnOps", "infer_real_valued_columns_from_input",
           "infer_real_valued_columns_from_input_fn", "learn_runner", "utils", "Experiment",
           "ExportStrategy", "MetricKey", "PredictionKey", "ProblemType", "MetricSpec",
           "Environment", "TaskType", "InputFnOps", "build_default_serving_input_fn",
           "build_parsing_serving_input_fn", "make_export_strategy", "KMeansClustering", "constants", "metric_key",
           "prediction_key"]
__getattr__ = missing_attr("contrib.learn", __name__)
