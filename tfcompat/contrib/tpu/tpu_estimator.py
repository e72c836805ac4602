"""tf.contrib.tpu.TPUEstimator and TPUEstimatorSpec (TF 1.15's tpu_estimator.py), on the CPU.

With use_tpu=False TF runs a TPUEstimator as a plain Estimator: input_fn and model_fn get
`params['batch_size']` (train/eval/predict_batch_size for the mode) and model_fn gets
`params['use_tpu'] = False`; a TPUEstimatorSpec becomes an EstimatorSpec (scaffold_fn called,
eval_metrics' metric_fn called on its tensors, host_call run every step by a hook). That is
the path tfcompat implements. use_tpu=True (and TPU embeddings) need a TPU and are refused.
"""
from __future__ import annotations

import collections
import copy
import enum
import inspect
import math

import tfcompat as tf
from tfcompat._unsupported import UnsupportedAPIError
from tfcompat.contrib import summary as contrib_summary
from tfcompat.contrib.tpu import tpu_config
from tfcompat.estimator import model_fn as model_fn_lib
from tfcompat.estimator.estimator import Estimator
from tfcompat.estimator.model_fn import ModeKeys, fn_args
from tfcompat.framework.op_builder import apply_op
from tfcompat.io.proto.summary_pb2 import Summary
from tfcompat.train.basic_session_run_hooks import StepCounterHook

_BATCH_SIZE_KEY = "batch_size"
_CTX_KEY = "context"
_USE_TPU_KEY = "use_tpu"
_RESERVED_PARAMS_KEYS = [_BATCH_SIZE_KEY, _CTX_KEY]


class ExportSavedModelApiVersion(enum.Enum):
    V1 = 1
    V2 = 2


_SPEC_FIELDS = ["mode", "predictions", "loss", "train_op", "eval_metrics", "export_outputs",
                "scaffold_fn", "host_call", "training_hooks", "evaluation_hooks",
                "prediction_hooks"]


class TPUEstimatorSpec(collections.namedtuple("TPUEstimatorSpec", _SPEC_FIELDS)):
    """What a TPUEstimator's model_fn returns: an EstimatorSpec with `eval_metrics` (metric_fn,
    tensors) instead of eval_metric_ops, `scaffold_fn` instead of scaffold, and `host_call`."""

    def __new__(cls, mode, predictions=None, loss=None, train_op=None, eval_metrics=None,
                export_outputs=None, scaffold_fn=None, host_call=None, training_hooks=None,
                evaluation_hooks=None, prediction_hooks=None):
        host_calls = {}
        if eval_metrics is not None:
            host_calls["eval_metrics"] = eval_metrics
        if host_call is not None:
            host_calls["host_call"] = host_call
        _validate_host_calls(host_calls)
        training_hooks = tuple(training_hooks or [])
        evaluation_hooks = tuple(evaluation_hooks or [])
        prediction_hooks = tuple(prediction_hooks or [])
        for hook in training_hooks + evaluation_hooks + prediction_hooks:
            if not isinstance(hook, tf.train.SessionRunHook):
                raise TypeError("All hooks must be SessionRunHook instances, given: {}"
                                .format(hook))
        return super().__new__(
            cls, mode=mode, predictions=predictions, loss=loss, train_op=train_op,
            eval_metrics=eval_metrics, export_outputs=export_outputs, scaffold_fn=scaffold_fn,
            host_call=host_call, training_hooks=training_hooks,
            evaluation_hooks=evaluation_hooks, prediction_hooks=prediction_hooks)

    def _host_calls(self):
        calls = {}
        if self.eval_metrics is not None:
            calls["eval_metrics"] = self.eval_metrics
        if self.host_call is not None:
            calls["host_call"] = self.host_call
        return calls

    def as_estimator_spec(self):
        """The equivalent EstimatorSpec, as TF builds it for CPU train/eval/predict."""
        results = _create_cpu_hostcall(self._host_calls())
        eval_metric_ops = results["eval_metrics"] if self.eval_metrics is not None else None
        hooks = ()
        if self.host_call is not None:
            hooks = (_OutfeedHostCallHook(results["host_call"]),)
        scaffold = self.scaffold_fn() if self.scaffold_fn else None
        return model_fn_lib.EstimatorSpec(
            mode=self.mode, predictions=self.predictions, loss=self.loss,
            train_op=self.train_op, eval_metric_ops=eval_metric_ops,
            export_outputs=self.export_outputs, scaffold=scaffold,
            training_hooks=self.training_hooks + hooks,
            evaluation_hooks=self.evaluation_hooks + hooks,
            prediction_hooks=self.prediction_hooks + hooks)


def _validate_host_calls(host_calls):
    """TF's checks of `eval_metrics` and `host_call`: (callable, list/tuple/dict of tensors),
    a list as long as the function's arguments."""
    for name, host_call in host_calls.items():
        if not isinstance(host_call, (tuple, list)):
            raise ValueError("{} should be tuple or list".format(name))
        if len(host_call) != 2:
            raise ValueError("{} should have two elements.".format(name))
        if not callable(host_call[0]):
            raise TypeError("{}[0] should be callable.".format(name))
        if not isinstance(host_call[1], (tuple, list, dict)):
            raise ValueError("{}[1] should be tuple or list, or dict.".format(name))
        if isinstance(host_call[1], (tuple, list)) and not _has_varargs(host_call[0]):
            args = fn_args(host_call[0])
            if len(host_call[1]) != len(args):
                raise RuntimeError(
                    "In TPUEstimatorSpec.{}, length of tensors {} does not match method args "
                    "of the function, which takes {}.".format(name, len(host_call[1]),
                                                              len(args)))


def _has_varargs(fn):
    target = getattr(fn, "func", fn)
    try:
        params = inspect.signature(target).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.kind == p.VAR_POSITIONAL for p in params)


def _create_cpu_hostcall(host_calls):
    """Calls each host function on its tensors (list: positional, dict: keyword)."""
    _validate_host_calls(host_calls)
    results = {}
    for name, (host_fn, tensors) in host_calls.items():
        if isinstance(tensors, (tuple, list)):
            results[name] = host_fn(*tensors)
            continue
        try:
            results[name] = host_fn(**tensors)
        except TypeError as e:
            tf.logging.warn("Exception while calling %s: %s. It is likely the tensors "
                            "(%s[1]) do not match the function's arguments", name, e, name)
            raise
    return results


class _OutfeedHostCallHook(tf.train.SessionRunHook):
    """Runs the host_call's results with every step, after creating the graph's
    tf.contrib.summary writers, and flushes those writers at the end (as TF does)."""

    def __init__(self, tensors):
        self._tensors = tensors

    def begin(self):
        self._init_ops = contrib_summary.summary_writer_initializer_op()
        self._finalize_ops = []
        for op in self._init_ops:
            with tf.device("cpu:0"):
                self._finalize_ops.append(apply_op("FlushSummaryWriter", [op.inputs[0]]))

    def after_create_session(self, session, coord):
        session.run(self._init_ops)

    def before_run(self, run_context):
        return tf.train.SessionRunArgs(self._tensors)

    def end(self, session):
        session.run(self._finalize_ops)


class ExamplesPerSecondHook(StepCounterHook):
    """Logs (and writes as summaries) global_step/sec and examples/sec."""

    def __init__(self, batch_size, every_n_steps=100, every_n_secs=None, output_dir=None,
                 summary_writer=None):
        self._batch_size = batch_size
        super().__init__(every_n_steps=every_n_steps, every_n_secs=every_n_secs,
                         output_dir=output_dir, summary_writer=summary_writer)

    def _log_and_record(self, elapsed_steps, elapsed_time, global_step):
        global_step_per_sec = elapsed_steps / elapsed_time
        examples_per_sec = self._batch_size * global_step_per_sec
        if self._summary_writer is not None:
            for tag, value in (("global_step/sec", global_step_per_sec),
                               ("examples/sec", examples_per_sec)):
                self._summary_writer.add_summary(
                    Summary(value=[Summary.Value(tag=tag, simple_value=value)]), global_step)
        tf.logging.info("global_step/sec: %g", global_step_per_sec)
        tf.logging.info("examples/sec: %g", examples_per_sec)


def _add_item_to_params(params, key, value):
    if hasattr(params, "set_hparam"):     # HParams
        if key in params:
            params.set_hparam(key, value)
        else:
            params.add_hparam(key, value)
    else:
        params[key] = value


class TPUEstimator(Estimator):
    """An Estimator that TF 1.x runs on TPUs, or (use_tpu=False, the only mode tfcompat runs)
    on the CPU/GPU as a plain Estimator passing the batch sizes in `params`."""

    _tfcompat_caveat = ("runs with use_tpu=False only (TF's CPU/GPU path); use_tpu=True and "
                        "TPU embeddings need a TPU, and export writes only the CPU MetaGraph")

    def __init__(self, model_fn=None, model_dir=None, config=None, params=None, use_tpu=True,
                 train_batch_size=None, eval_batch_size=None, predict_batch_size=None,
                 batch_axis=None, eval_on_tpu=True, export_to_tpu=True, export_to_cpu=True,
                 warm_start_from=None, embedding_config_spec=None,
                 export_saved_model_api_version=ExportSavedModelApiVersion.V1):
        if config is None or not isinstance(config, tpu_config.RunConfig):
            raise ValueError("`config` must be provided with type `tpu_config.RunConfig`")
        if params is not None and any(k in params for k in _RESERVED_PARAMS_KEYS):
            raise ValueError("{} are reserved keys but existed in params {}."
                             .format(_RESERVED_PARAMS_KEYS, params))
        if use_tpu:
            _check_tpu_batch_sizes(config, train_batch_size, eval_batch_size,
                                   predict_batch_size)
            raise UnsupportedAPIError("tf.contrib.tpu.TPUEstimator(use_tpu=True)")
        if embedding_config_spec is not None:
            raise UnsupportedAPIError("tf.contrib.tpu.TPUEstimator(embedding_config_spec=...)")
        model_fn_lib.verify_model_fn_args(model_fn, params)
        self._user_model_fn = model_fn
        iterations = tpu_config.parse_iterations_per_loop(
            config.tpu_config.iterations_per_loop)
        self._log_every_n_steps = config.log_step_count_steps
        self._log_every_n_secs = None
        if iterations.unit == "seconds":
            self._log_every_n_secs, self._log_every_n_steps = iterations.value, None
        elif self._log_every_n_steps is not None:
            self._log_every_n_steps = int(math.ceil(float(self._log_every_n_steps) /
                                                    iterations.value))
        # TPUEstimator's own ExamplesPerSecondHook replaces the step counter and loss logging
        config = config.replace(log_step_count_steps=None)

        def _model_fn(features, labels, mode, config, params):
            return self._tpu_model_fn(features, labels, mode, config, params)

        super().__init__(model_fn=_model_fn, model_dir=model_dir, config=config,
                         params=params or {}, warm_start_from=warm_start_from)
        self._iterations_per_training_loop = iterations
        self._batch_sizes = {ModeKeys.TRAIN: train_batch_size, ModeKeys.EVAL: eval_batch_size,
                             ModeKeys.PREDICT: predict_batch_size}
        if not export_to_cpu and not export_to_tpu:
            raise_on_export = ValueError("One of export_to_cpu and export_to_tpu must be true.")
        elif not export_to_cpu:   # only the TPU inference graph: needs a TPU
            raise_on_export = UnsupportedAPIError(
                "tf.contrib.tpu.TPUEstimator(export_to_cpu=False)")
        else:
            raise_on_export = None
        self._raise_on_export = raise_on_export
        self._export_to_tpu = export_to_tpu
        if export_saved_model_api_version not in (ExportSavedModelApiVersion.V1,
                                                  ExportSavedModelApiVersion.V2, 1, 2):
            raise ValueError("export_saved_model_api_version should be 1 or 2; got {}."
                             .format(export_saved_model_api_version))
        self._is_input_fn_invoked = None

    def _create_and_assert_global_step(self, graph):
        """TF's TPU global step: an int64 resource variable."""
        if tf.train.get_global_step(graph) is not None:
            raise ValueError('"global_step" already exists.')
        with graph.as_default() as g, g.name_scope(None):
            return tf.get_variable(
                tf.GraphKeys.GLOBAL_STEP, shape=[], dtype=tf.int64,
                initializer=tf.zeros_initializer(), trainable=False, use_resource=True,
                collections=[tf.GraphKeys.GLOBAL_VARIABLES, tf.GraphKeys.GLOBAL_STEP])

    def _call_input_fn(self, input_fn, mode, input_context=None):
        """Calls input_fn(params) with params['batch_size'] set for `mode`, on the CPU."""
        args = fn_args(input_fn)
        kwargs = {}
        if "params" not in args:
            raise ValueError("input_fn ({}) does not include params argument, required by "
                             'TPUEstimator to pass batch size as params["batch_size"]'
                             .format(input_fn))
        kwargs["params"] = self.params
        if "config" in args:
            kwargs["config"] = self.config
        if "mode" in args:
            kwargs["mode"] = mode
        if "input_context" in args:
            kwargs["input_context"] = input_context
        self._is_input_fn_invoked = True
        if self._config.tpu_config.eval_training_input_configuration == \
                tpu_config.InputPipelineConfig.SLICED:
            raise ValueError("Invalid TPUConfig `eval_training_input_configuration` value. "
                             "SLICED mode only works on use_tpu = True.")
        if self._batch_sizes.get(mode) is not None:
            _add_item_to_params(kwargs["params"], _BATCH_SIZE_KEY, self._batch_sizes[mode])
        with tf.device("/device:CPU:0"):
            return input_fn(**kwargs)

    def _tpu_model_fn(self, features, labels, mode, config, params):
        """TF's CPU path: the user's model_fn with batch_size and use_tpu in params, its
        TPUEstimatorSpec converted, an ExamplesPerSecondHook added to the training hooks."""
        is_export_mode = not self._is_input_fn_invoked
        self._is_input_fn_invoked = None
        if is_export_mode:
            _add_item_to_params(params, _USE_TPU_KEY, False)
        spec = self._call_user_model_fn(features, labels, mode, config, params,
                                        is_export_mode)
        if self._log_every_n_steps is not None or self._log_every_n_secs is not None:
            examples_hook = ExamplesPerSecondHook(
                self._batch_sizes.get(mode),
                output_dir=self.model_dir if not config or config.save_summary_steps else None,
                every_n_steps=self._log_every_n_steps, every_n_secs=self._log_every_n_secs)
            spec = spec._replace(training_hooks=spec.training_hooks + (examples_hook,))
        return spec

    def _call_user_model_fn(self, features, labels, mode, config, params, is_export_mode):
        model_fn_args = fn_args(self._user_model_fn)
        kwargs = {}
        config, params = copy.deepcopy(config), copy.deepcopy(params)
        if "labels" in model_fn_args:
            kwargs["labels"] = labels
        elif labels is not None:
            raise ValueError("model_fn does not take labels, but input_fn returns labels.")
        if "mode" in model_fn_args:
            kwargs["mode"] = mode
        if "config" in model_fn_args:
            kwargs["config"] = config
        if "params" in model_fn_args:
            kwargs["params"] = params
        else:
            raise ValueError("model_fn ({}) does not include params argument, required by "
                             "TPUEstimator to pass batch size as params['batch_size']"
                             .format(self._user_model_fn))
        batch_size = None if is_export_mode else self._batch_sizes.get(mode)
        if batch_size is not None:
            _add_item_to_params(params, _BATCH_SIZE_KEY, batch_size)
        if not is_export_mode:
            _add_item_to_params(params, _USE_TPU_KEY, False)
        tf.logging.info("Running %s on CPU/GPU", mode)
        spec = self._user_model_fn(features=features, **kwargs)
        if isinstance(spec, TPUEstimatorSpec):
            return spec.as_estimator_spec()
        return spec

    def _export_checked(self, export, *args, **kwargs):
        if self._raise_on_export is not None:
            raise self._raise_on_export
        if self._export_to_tpu:
            tf.logging.warn("tfcompat writes only the CPU ('serve') MetaGraph of a "
                            "TPUEstimator: the TPU inference graph ('serve', 'tpu') needs a "
                            "TPU (pass export_to_tpu=False to silence this)")
        return export(*args, **kwargs)

    def export_saved_model(self, export_dir_base, serving_input_receiver_fn, *args, **kwargs):
        return self._export_checked(super().export_saved_model, export_dir_base,
                                    serving_input_receiver_fn, *args, **kwargs)

    def export_savedmodel(self, export_dir_base, serving_input_receiver_fn, *args, **kwargs):
        return self._export_checked(super().export_savedmodel, export_dir_base,
                                    serving_input_receiver_fn, *args, **kwargs)


def _check_tpu_batch_sizes(config, train_batch_size, eval_batch_size, predict_batch_size):
    """TF's constructor checks for use_tpu=True (before tfcompat refuses to run it)."""
    if train_batch_size is None:
        raise ValueError("`train_batch_size` cannot be `None`")
    tpu_config.check_positive_integer(train_batch_size, "train_batch_size")
    if config.tpu_config.per_host_input_for_training is \
            tpu_config.InputPipelineConfig.PER_SHARD_V1 and \
            config.tpu_config.num_cores_per_replica:
        raise ValueError("Model parallelism only supports per host input for training. "
                         "Please adjust TPURunconfig.per_host_input_for_training.")
    if eval_batch_size is not None:
        tpu_config.check_positive_integer(eval_batch_size, "eval_batch_size")
    if predict_batch_size is not None:
        tpu_config.check_positive_integer(predict_batch_size, "predict_batch_size")
