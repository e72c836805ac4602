"""The canned estimators of TF 1.15's tf.estimator (v1 API): DNN, linear, wide-and-deep and
baseline classifiers, regressors and estimators, with their heads."""
from __future__ import annotations

from tfcompat.estimator.canned.baseline import BaselineClassifier  # noqa: F401
from tfcompat.estimator.canned.baseline import BaselineEstimator  # noqa: F401
from tfcompat.estimator.canned.baseline import BaselineRegressor  # noqa: F401
from tfcompat.estimator.canned.dnn import DNNClassifier  # noqa: F401
from tfcompat.estimator.canned.dnn import DNNEstimator  # noqa: F401
from tfcompat.estimator.canned.dnn import DNNRegressor  # noqa: F401
from tfcompat.estimator.canned.dnn_linear_combined import DNNLinearCombinedClassifier  # noqa: F401
from tfcompat.estimator.canned.dnn_linear_combined import DNNLinearCombinedEstimator  # noqa: F401
from tfcompat.estimator.canned.dnn_linear_combined import DNNLinearCombinedRegressor  # noqa: F401
from tfcompat.estimator.canned.linear import LinearClassifier  # noqa: F401
from tfcompat.estimator.canned.linear import LinearEstimator  # noqa: F401
from tfcompat.estimator.canned.linear import LinearRegressor  # noqa: F401
