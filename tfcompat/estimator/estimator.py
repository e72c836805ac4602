"""tf.estimator.Estimator (TF 1.15's v1 API): trains, evaluates and predicts with a model_fn,
each call in a fresh graph, keeping its state only in the checkpoints of `model_dir`.

Built on tfcompat's tf.train pieces: MonitoredTrainingSession with the checkpoint, summary,
step-counter and logging hooks for train(); a MonitoredSession restoring a checkpoint for
evaluate() and predict(); SavedModelBuilder for export_saved_model (in _export_lib).
"""
from __future__ import annotations

import copy
import os
import tempfile

import numpy as np

import tfcompat as tf
from tfcompat.estimator import _eval_lib, _export_lib
from tfcompat.estimator import model_fn as model_fn_lib
from tfcompat.estimator import warm_starting
from tfcompat.estimator.model_fn import EstimatorSpec, ModeKeys, fn_args
from tfcompat.estimator.run_config import RunConfig, get_default_session_config
from tfcompat.train.basic_session_run_hooks import _global_step_read
from tfcompat.train.monitored_session import ChiefSessionCreator, MonitoredSession, Scaffold


class Estimator:
    """Trains, evaluates, predicts and exports the model `model_fn(features, labels, mode,
    params, config)` builds (any subset of those arguments but `features`)."""

    def __init__(self, model_fn, model_dir=None, config=None, params=None,
                 warm_start_from=None):
        if config is None:
            config = RunConfig()
            tf.logging.info("Using default config.")
        elif not isinstance(config, RunConfig):
            raise ValueError("config must be an instance of `RunConfig`, but provided %s."
                             % config)
        self._config = _resolved_config(config, model_dir)
        self._model_dir = self._config.model_dir
        self._session_config = self._config.session_config
        tf.logging.info("Using config: %s", str(vars(self._config)))
        self._device_fn = self._config.device_fn
        if model_fn is None:
            raise ValueError("model_fn must be provided to Estimator.")
        model_fn_lib.verify_model_fn_args(model_fn, params)
        self._model_fn = model_fn
        self._params = copy.deepcopy(params or {})
        self._warm_start_settings = warm_starting.settings_from(warm_start_from)

    model_dir = property(lambda self: self._model_dir)
    config = property(lambda self: copy.deepcopy(self._config))
    params = property(lambda self: copy.deepcopy(self._params))

    @property
    def model_fn(self):
        """The model_fn bound to this Estimator's params and config."""
        def public_model_fn(features, labels, mode, config):
            return self._call_model_fn(features, labels, mode, config)
        return public_model_fn

    # -- checkpoints ----------------------------------------------------------------------

    def latest_checkpoint(self):
        return tf.train.latest_checkpoint(self.model_dir)

    def _check_checkpoint_available(self):
        if not tf.train.latest_checkpoint(self.model_dir):
            raise ValueError("Could not find trained model in model_dir: {}."
                             .format(self.model_dir))

    def get_variable_value(self, name):
        self._check_checkpoint_available()
        return tf.train.load_variable(self.model_dir, name)

    def get_variable_names(self):
        self._check_checkpoint_available()
        return [name for name, _ in tf.train.list_variables(self.model_dir)]

    def eval_dir(self, name=None):
        return os.path.join(self._model_dir, "eval" if not name else "eval_" + name)

    # -- train ----------------------------------------------------------------------------

    def train(self, input_fn, hooks=None, steps=None, max_steps=None, saving_listeners=None):
        """Trains `steps` more steps, or up to global step `max_steps`, or until the input
        ends; returns self."""
        if steps is not None and max_steps is not None:
            raise ValueError("Can not provide both steps and max_steps.")
        if steps is not None and steps <= 0:
            raise ValueError("Must specify steps > 0, given: {}".format(steps))
        if max_steps is not None and max_steps <= 0:
            raise ValueError("Must specify max_steps > 0, given: {}".format(max_steps))
        if max_steps is not None and max_steps <= self._saved_global_step():
            tf.logging.info("Skipping training since max_steps has already saved.")
            return self
        hooks = _checked_hooks(hooks)
        if steps is not None or max_steps is not None:
            hooks.append(tf.train.StopAtStepHook(steps, max_steps))
        listeners = list(saving_listeners or [])
        for listener in listeners:
            if not isinstance(listener, tf.train.CheckpointSaverListener):
                raise TypeError("saving_listeners must be a list of CheckpointSaverListener, "
                                "given: {}".format(listener))
        loss = self._train_model(input_fn, hooks, listeners)
        tf.logging.info("Loss for final step: %s.", loss)
        return self

    def _saved_global_step(self):
        path = tf.train.latest_checkpoint(self.model_dir)
        if not path:
            return 0
        return int(tf.train.load_variable(path, tf.GraphKeys.GLOBAL_STEP))

    def _train_model(self, input_fn, hooks, saving_listeners):
        worker_hooks = []
        with tf.Graph().as_default() as g, g.device(self._device_fn):
            tf.set_random_seed(self._config.tf_random_seed)
            self._create_and_assert_global_step(g)
            _global_step_read(g)
            features, labels, input_hooks = self._features_and_labels(input_fn,
                                                                      ModeKeys.TRAIN)
            worker_hooks.extend(input_hooks)
            spec = self._call_model_fn(features, labels, ModeKeys.TRAIN, self.config)
            global_step = tf.train.get_global_step(g)
            return self._train_with_spec(spec, worker_hooks, hooks, global_step,
                                         saving_listeners)

    def _train_with_spec(self, spec, worker_hooks, hooks, global_step, saving_listeners):
        if self._warm_start_settings:
            warm_starting.warm_start(self._warm_start_settings)
        if not any(x.op.name == "loss" for x in tf.get_collection(tf.GraphKeys.SUMMARIES)):
            tf.summary.scalar("loss", spec.loss)
        tf.add_to_collection(tf.GraphKeys.LOSSES, spec.loss)
        worker_hooks.extend(hooks)
        worker_hooks.append(tf.train.NanTensorHook(spec.loss))
        if self._config.log_step_count_steps is not None:
            worker_hooks.append(tf.train.LoggingTensorHook(
                {"loss": spec.loss, "step": global_step},
                every_n_iter=self._config.log_step_count_steps))
        worker_hooks.extend(spec.training_hooks)
        if not (spec.scaffold.saver or tf.get_collection(tf.GraphKeys.SAVERS)):
            tf.add_to_collection(tf.GraphKeys.SAVERS, tf.train.Saver(
                sharded=True, max_to_keep=self._config.keep_checkpoint_max,
                keep_checkpoint_every_n_hours=self._config.keep_checkpoint_every_n_hours,
                defer_build=True, save_relative_paths=True))
        chief_hooks = self._checkpoint_hooks(spec, worker_hooks, saving_listeners)
        with tf.train.MonitoredTrainingSession(
                checkpoint_dir=self._model_dir, scaffold=spec.scaffold, hooks=worker_hooks,
                chief_only_hooks=tuple(chief_hooks) + tuple(spec.training_chief_hooks),
                save_checkpoint_secs=0,   # the CheckpointSaverHook above saves
                save_summaries_steps=self._config.save_summary_steps,
                config=self._session_config,
                log_step_count_steps=self._config.log_step_count_steps,
                save_graph_def=self._config.checkpoint_save_graph_def) as session:
            loss, any_step_done = None, False
            while not session.should_stop():
                _, loss = session.run([spec.train_op, spec.loss])
                any_step_done = True
        if not any_step_done:
            tf.logging.warning("Training with estimator made no steps. Perhaps input is empty "
                               "or misspecified.")
        return loss

    def _checkpoint_hooks(self, spec, worker_hooks, saving_listeners):
        """The chief's CheckpointSaverHook (unless the model_fn brought one), with the
        saving listeners attached."""
        chief_hooks = []
        all_hooks = list(worker_hooks) + list(spec.training_chief_hooks)
        saver_hooks = [h for h in all_hooks if isinstance(h, tf.train.CheckpointSaverHook)]
        if (self._config.save_checkpoints_secs or self._config.save_checkpoints_steps) and \
                not saver_hooks:
            chief_hooks = [tf.train.CheckpointSaverHook(
                self._model_dir, save_secs=self._config.save_checkpoints_secs,
                save_steps=self._config.save_checkpoints_steps, scaffold=spec.scaffold,
                save_graph_def=self._config.checkpoint_save_graph_def)]
            saver_hooks = chief_hooks
        if saving_listeners:
            if not saver_hooks:
                raise ValueError(
                    "There should be a CheckpointSaverHook to use saving_listeners. Please set "
                    "one of the RunConfig.save_checkpoints_steps or "
                    "RunConfig.save_checkpoints_secs.")
            for listener in saving_listeners:
                if listener not in saver_hooks[0]._listeners:
                    saver_hooks[0]._listeners.append(listener)
        return chief_hooks

    # -- evaluate ---------------------------------------------------------------------------

    def evaluate(self, input_fn, steps=None, hooks=None, checkpoint_path=None, name=None):
        """Evaluates the model of `checkpoint_path` (default: the latest) on `steps` batches
        or until the input ends; returns the metric dict with 'loss' and 'global_step'."""
        hooks = _checked_hooks(hooks)
        if steps is not None:
            if steps <= 0:
                raise ValueError("Must specify steps > 0, given: {}".format(steps))
            hooks.append(_eval_lib.StopAfterNEvalsHook(num_evals=steps))
        if not checkpoint_path:
            checkpoint_path = tf.train.latest_checkpoint(self._model_dir)
            if not checkpoint_path:
                tf.logging.info("Could not find trained model in model_dir: {}, running "
                                "initialization to evaluate.".format(self._model_dir))
        with tf.Graph().as_default():
            scaffold, update_op, eval_dict, all_hooks = self._evaluate_build_graph(
                input_fn, hooks, checkpoint_path)
            return self._evaluate_run(checkpoint_path, scaffold, update_op, eval_dict,
                                      all_hooks, self.eval_dir(name))

    def _evaluate_run(self, checkpoint_path, scaffold, update_op, eval_dict, all_hooks,
                      output_dir):
        """Runs the built evaluation graph and writes its results to `output_dir`."""
        results = _eval_lib.evaluate_once(checkpoint_path, scaffold, update_op, eval_dict,
                                          all_hooks, self._session_config)
        step = results[tf.GraphKeys.GLOBAL_STEP]
        _eval_lib.write_dict_to_summary(output_dir, results, step)
        if checkpoint_path:
            _eval_lib.write_checkpoint_path_to_summary(output_dir, checkpoint_path, step)
        return results

    def _evaluate_build_graph(self, input_fn, hooks, checkpoint_path):
        g = tf.get_default_graph()
        tf.set_random_seed(self._config.tf_random_seed)
        self._create_and_assert_global_step(g)
        features, labels, input_hooks = self._features_and_labels(input_fn, ModeKeys.EVAL)
        spec = self._call_model_fn(features, labels, ModeKeys.EVAL, self.config)
        global_step = tf.train.get_global_step(g)
        self._maybe_warm_start(checkpoint_path)
        if model_fn_lib.LOSS_METRIC_KEY in spec.eval_metric_ops:
            raise ValueError('Metric with name "%s" is not allowed, because Estimator already '
                             "defines a default metric with the same name."
                             % model_fn_lib.LOSS_METRIC_KEY)
        spec.eval_metric_ops[model_fn_lib.LOSS_METRIC_KEY] = tf.metrics.mean(spec.loss)
        update_op, eval_dict = _eval_lib.extract_metric_update_ops(spec.eval_metric_ops)
        if tf.GraphKeys.GLOBAL_STEP in eval_dict:
            raise ValueError("Metric with name `global_step` is not allowed, because Estimator "
                             "already defines a default metric with the same name.")
        eval_dict[tf.GraphKeys.GLOBAL_STEP] = global_step
        all_hooks = list(input_hooks) + list(hooks) + list(spec.evaluation_hooks or [])
        scaffold = spec.scaffold
        if scaffold.local_init_op is not None:
            # the metrics added local variables the model_fn's local_init_op does not cover
            _eval_lib.get_or_create_eval_step()
            scaffold = Scaffold(local_init_op=tf.group(scaffold.local_init_op,
                                                       Scaffold.default_local_init_op()),
                                copy_from_scaffold=scaffold)
        return scaffold, update_op, eval_dict, all_hooks

    # -- predict ----------------------------------------------------------------------------

    def predict(self, input_fn, predict_keys=None, hooks=None, checkpoint_path=None,
                yield_single_examples=True):
        """Yields the model's predictions for the features of `input_fn`, one example at a
        time (or one batch with yield_single_examples=False)."""
        hooks = _checked_hooks(hooks)
        if not checkpoint_path:
            checkpoint_path = tf.train.latest_checkpoint(self._model_dir)
        if not checkpoint_path:
            tf.logging.info("Could not find trained model in model_dir: {}, running "
                            "initialization to predict.".format(self._model_dir))
        with tf.Graph().as_default() as g:
            tf.set_random_seed(self._config.tf_random_seed)
            self._create_and_assert_global_step(g)
            result = self._call_input_fn(input_fn, ModeKeys.PREDICT)
            _warn_if_input_never_ends(result, g)
            features, _, input_hooks = _parse_input_fn_result(result)
            spec = self._call_model_fn(features, None, ModeKeys.PREDICT, self.config)
            self._maybe_warm_start(checkpoint_path)
            predictions = _extract_keys(spec.predictions, predict_keys)
            all_hooks = list(input_hooks) + list(hooks) + list(spec.prediction_hooks or [])
            creator = ChiefSessionCreator(checkpoint_filename_with_path=checkpoint_path,
                                          scaffold=spec.scaffold, config=self._session_config)
            with MonitoredSession(session_creator=creator, hooks=all_hooks) as session:
                while not session.should_stop():
                    values = session.run(predictions)
                    if not yield_single_examples:
                        yield values
                    elif not isinstance(predictions, dict):
                        for value in values:
                            yield value
                    else:
                        for i in range(_batch_length(values)):
                            yield {key: value[i] for key, value in values.items()}

    # -- export -----------------------------------------------------------------------------

    def export_saved_model(self, export_dir_base, serving_input_receiver_fn,
                           assets_extra=None, as_text=False, checkpoint_path=None,
                           experimental_mode=ModeKeys.PREDICT):
        """Writes a SavedModel (the serving graph of `serving_input_receiver_fn` and the
        checkpoint's variables) to a new timestamped directory under `export_dir_base`;
        returns that directory (bytes, as TF)."""
        if not serving_input_receiver_fn and experimental_mode == ModeKeys.PREDICT:
            raise ValueError("An input_receiver_fn must be defined.")
        return _export_lib.export_all_saved_models(
            self, export_dir_base, {experimental_mode: serving_input_receiver_fn},
            assets_extra=assets_extra, as_text=as_text, checkpoint_path=checkpoint_path)

    def export_savedmodel(self, export_dir_base, serving_input_receiver_fn,
                          assets_extra=None, as_text=False, checkpoint_path=None,
                          strip_default_attrs=False):
        """The deprecated name of export_saved_model (TF 1.x)."""
        if not serving_input_receiver_fn:
            raise ValueError("An input_receiver_fn must be defined.")
        return _export_lib.export_all_saved_models(
            self, export_dir_base, {ModeKeys.PREDICT: serving_input_receiver_fn},
            assets_extra=assets_extra, as_text=as_text, checkpoint_path=checkpoint_path,
            strip_default_attrs=strip_default_attrs)

    def experimental_export_all_saved_models(self, export_dir_base, input_receiver_fn_map,
                                             assets_extra=None, as_text=False,
                                             checkpoint_path=None):
        return _export_lib.export_all_saved_models(
            self, export_dir_base, input_receiver_fn_map, assets_extra=assets_extra,
            as_text=as_text, checkpoint_path=checkpoint_path)

    # -- shared helpers -----------------------------------------------------------------------

    def _create_and_assert_global_step(self, graph):
        step = tf.train.create_global_step(graph)
        assert step is tf.train.get_global_step(graph)
        assert step.dtype.is_integer
        return step

    def _maybe_warm_start(self, checkpoint_path):
        if not checkpoint_path and self._warm_start_settings:
            warm_starting.warm_start(self._warm_start_settings)

    def _call_input_fn(self, input_fn, mode, input_context=None):
        args = fn_args(input_fn)
        kwargs = {}
        if "mode" in args:
            kwargs["mode"] = mode
        if "params" in args:
            kwargs["params"] = self.params
        if "config" in args:
            kwargs["config"] = self.config
        if input_context and "input_context" in args:
            kwargs["input_context"] = input_context
        with tf.device("/cpu:0"):
            return input_fn(**kwargs)

    def _features_and_labels(self, input_fn, mode):
        return _parse_input_fn_result(self._call_input_fn(input_fn, mode))

    def _call_model_fn(self, features, labels, mode, config):
        args = fn_args(self._model_fn)
        kwargs = {}
        if "labels" in args:
            kwargs["labels"] = labels
        elif labels is not None:
            raise ValueError("model_fn does not take labels, but input_fn returns labels.")
        if "mode" in args:
            kwargs["mode"] = mode
        if "params" in args:
            kwargs["params"] = self.params
        if "config" in args:
            kwargs["config"] = config
        tf.logging.info("Calling model_fn.")
        spec = self._model_fn(features=features, **kwargs)
        tf.logging.info("Done calling model_fn.")
        if not isinstance(spec, EstimatorSpec):
            raise ValueError("model_fn should return an EstimatorSpec.")
        return spec


def _resolved_config(config, model_dir):
    """`config` with the model_dir (constructor's, config's, or a new temporary directory) and
    the default session config filled in."""
    if hasattr(model_dir, "__fspath__"):
        model_dir = os.fspath(model_dir)
    if model_dir is not None and config.model_dir is not None and \
            model_dir != config.model_dir:
        raise ValueError(
            "`model_dir` are set both in constructor and `RunConfig`, but with different "
            "values. In constructor: '{}', in `RunConfig`: '{}' ".format(model_dir,
                                                                          config.model_dir))
    model_dir = model_dir or config.model_dir
    if model_dir is None:
        model_dir = tempfile.mkdtemp()
        tf.logging.warning("Using temporary folder as model directory: %s", model_dir)
    if config.model_dir != model_dir:
        config = config.replace(model_dir=model_dir)
    if config.session_config is None:
        config = config.replace(session_config=get_default_session_config())
    return config


def _checked_hooks(hooks):
    hooks = list(hooks or [])
    for hook in hooks:
        if not isinstance(hook, tf.train.SessionRunHook):
            raise TypeError("Hooks must be a SessionRunHook, given: {}".format(hook))
    return hooks


class _DatasetInitializerHook(tf.train.SessionRunHook):
    """Initializes the input Dataset's iterator when the session is created."""

    def __init__(self, iterator):
        self._iterator = iterator

    def begin(self):
        self._initializer = self._iterator.initializer

    def after_create_session(self, session, coord):
        session.run(self._initializer)


def _parse_input_fn_result(result):
    """(features, labels or None, input hooks) of what an input_fn returned: a Dataset (of
    features or (features, labels)), or features, or a (features, labels) pair."""
    hooks = []
    if isinstance(result, tf.data.Dataset):
        iterator = tf.data.make_initializable_iterator(result)
        hooks.append(_DatasetInitializerHook(iterator))
        result = iterator.get_next()
    if isinstance(result, (list, tuple)):
        if len(result) != 2:
            raise ValueError("input_fn should return (features, labels) as a len 2 tuple.")
        return result[0], result[1], hooks
    return result, None, hooks


def _warn_if_input_never_ends(result, graph):
    """TF's warning for predict() on input with no end (constants or placeholders). tfcompat
    also counts an iterator over a tf.data pipeline as ending (numpy_input_fn makes one)."""
    if isinstance(result, tf.data.Dataset) or graph.get_collection(
            tf.GraphKeys.QUEUE_RUNNERS):
        return
    if any(op.type in ("IteratorGetNext", "IteratorGetNextSync")
           for op in graph.get_operations()):
        return
    tf.logging.warning("Input graph does not use tf.data.Dataset or contain a QueueRunner. That "
                       "means predict yields forever. This is probably a mistake.")


def _extract_keys(predictions, predict_keys):
    if not predict_keys:
        return predictions
    if not isinstance(predictions, dict):
        raise ValueError("predict_keys argument is not valid in case of non-dict predictions.")
    existing_keys = predictions.keys()
    predictions = {k: v for k, v in predictions.items() if k in predict_keys}
    if not predictions:
        raise ValueError("Expected to run at least one output from {}, provided {}."
                         .format(existing_keys, predict_keys))
    return predictions


def _batch_length(values):
    length = None
    for key, value in values.items():
        value = np.asarray(value)
        length = length or value.shape[0]
        if value.shape[0] != length:
            raise ValueError("Batch length of predictions should be same. %s has different "
                             "batch length than others." % key)
    return length
