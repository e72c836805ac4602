"""`tf.contrib.learn` (TF 1.15, deprecated there): the 2016-2017 tutorial path on tfcompat's
tf.estimator: Estimator (model_fn returning ModelFnOps or (predictions, loss, train_op)),
ModeKeys, RunConfig, SKCompat, the canned DNNClassifier / DNNRegressor / LinearClassifier /
LinearRegressor / DNNLinearCombinedClassifier / DNNLinearCombinedRegressor on contrib.layers'
feature columns, their heads, `infer_real_valued_columns_from_input`, `datasets.base`'s CSV
loaders, `io` (numpy_input_fn / pandas_input_fn) and `preprocessing` (VocabularyProcessor).
`monitors` (ValidationMonitor, ...). The rest (Experiment, learn_runner, KMeansClustering,
...) fails naming it."""
from tfcompat._unsupported import missing_attr
from tfcompat.contrib.learn import datasets  # noqa: F401
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
           "infer_real_valued_columns_from_input_fn"]
__getattr__ = missing_attr("contrib.learn", __name__)
