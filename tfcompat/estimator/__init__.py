"""tf.estimator (TF 1.13-1.15): Estimator, RunConfig, EstimatorSpec, ModeKeys, train_and_evaluate,
the input and export helpers, built on tf.train.MonitoredTrainingSession and its hooks."""
from __future__ import annotations

from tfcompat.estimator.model_fn import EstimatorSpec, ModeKeys  # noqa: F401
from tfcompat.estimator.run_config import RunConfig  # noqa: F401
from tfcompat.estimator.estimator import Estimator  # noqa: F401
from tfcompat.estimator.warm_starting import VocabInfo, WarmStartSettings  # noqa: F401
from tfcompat.estimator import export  # noqa: F401
from tfcompat.train.session_run_hook import (  # noqa: F401 - tf.estimator re-exports them
    SessionRunArgs, SessionRunContext, SessionRunHook, SessionRunValues)
from tfcompat.train.basic_session_run_hooks import (  # noqa: F401
    CheckpointSaverHook, CheckpointSaverListener, FeedFnHook, FinalOpsHook,
    GlobalStepWaiterHook, LoggingTensorHook, NanLossDuringTrainingError, NanTensorHook,
    ProfilerHook, SecondOrStepTimer, StepCounterHook, StopAtStepHook, SummarySaverHook)
from tfcompat.estimator import inputs  # noqa: F401
from tfcompat.estimator.training import EvalSpec, TrainSpec, train_and_evaluate  # noqa: F401
from tfcompat.estimator.exporter import (  # noqa: F401
    BestExporter, Exporter, FinalExporter, LatestExporter)
from tfcompat.estimator.extenders import add_metrics  # noqa: F401
from tfcompat.estimator.parsing_utils import (  # noqa: F401
    classifier_parse_example_spec, regressor_parse_example_spec)
from tfcompat.estimator import experimental  # noqa: F401
from tfcompat.estimator.canned import (  # noqa: F401 - the canned estimators (Engineer B)
    BaselineClassifier, BaselineEstimator, BaselineRegressor, DNNClassifier, DNNEstimator,
    DNNLinearCombinedClassifier, DNNLinearCombinedEstimator, DNNLinearCombinedRegressor,
    DNNRegressor, LinearClassifier, LinearEstimator, LinearRegressor)

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('estimator', __name__)   # TF's names, not this module's imports

from tfcompat._unsupported import package_getattr as _package_getattr  # noqa: E402

# tf.estimator.tpu imports tf.contrib.tpu, which imports this package: made on first use
__getattr__ = _package_getattr(__name__, {"tpu": "tfcompat.estimator.tpu"}, "estimator")
