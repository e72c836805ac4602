"""tf.contrib.learn's Estimator (TF 1.15 estimators/estimator.py), on tfcompat's tf.estimator:
`fit`, `evaluate` and `predict` take numpy `x`/`y` (fed by a DataFeeder) or an `input_fn`; the
model_fn `(features, labels[, mode][, params][, config][, model_dir])` returns ModelFnOps or the
old `(predictions, loss, train_op)` tuple. evaluate() returns the model's metrics (the heads'
"loss", "accuracy", ...) and "global_step"; predict() yields per example (or returns the whole
batch with as_iterable=False) and, for an input with no queue and no feed function, stops
after one batch, as TF does.
"""
from __future__ import annotations

import numpy as np

import tfcompat as tf
from tfcompat.contrib.learn import data_feeder
from tfcompat.contrib.learn import monitors as monitors_lib
from tfcompat.contrib.learn.model_fn import ModelFnOps
from tfcompat.estimator import _eval_lib
from tfcompat.estimator import estimator as core_estimator
from tfcompat.estimator import run_config as core_run_config
from tfcompat.estimator.model_fn import fn_args
from tfcompat.train.monitored_session import ChiefSessionCreator, MonitoredSession


class NotFittedError(ValueError, AttributeError):
    """Raised when an estimator is used before it was fitted."""


class RunConfig(core_run_config.RunConfig):
    """contrib.learn's RunConfig: tf.estimator's, with the session options of TF 1.x's
    constructor (num_cores, log_device_placement, gpu_memory_fraction)."""

    def __init__(self, master=None, num_cores=0, log_device_placement=False,
                 gpu_memory_fraction=1, tf_random_seed=None, save_summary_steps=100,
                 save_checkpoints_secs=core_run_config._USE_DEFAULT,
                 save_checkpoints_steps=None, keep_checkpoint_max=5,
                 keep_checkpoint_every_n_hours=10000, log_step_count_steps=100,
                 protocol=None, evaluation_master="", model_dir=None, session_config=None,
                 session_creation_timeout_secs=7200):
        if session_config is None and (num_cores or log_device_placement):
            session_config = tf.ConfigProto(
                log_device_placement=log_device_placement,
                intra_op_parallelism_threads=num_cores,
                inter_op_parallelism_threads=num_cores)
        if save_checkpoints_secs is core_run_config._USE_DEFAULT:
            save_checkpoints_secs = 600 if save_checkpoints_steps is None else None
        super().__init__(model_dir=model_dir, tf_random_seed=tf_random_seed,
                         save_summary_steps=save_summary_steps,
                         save_checkpoints_steps=save_checkpoints_steps,
                         save_checkpoints_secs=save_checkpoints_secs,
                         session_config=session_config, keep_checkpoint_max=keep_checkpoint_max,
                         keep_checkpoint_every_n_hours=keep_checkpoint_every_n_hours,
                         log_step_count_steps=log_step_count_steps, protocol=protocol,
                         session_creation_timeout_secs=session_creation_timeout_secs)
        self._master = master or ""
        self._evaluation_master = evaluation_master or ""

    master = property(lambda self: self._master)
    evaluation_master = property(lambda self: self._evaluation_master)


def _verify_input_args(x, y, input_fn, feed_fn, batch_size):
    if input_fn is None:
        if x is None:
            raise ValueError("Either x or input_fn must be provided.")
        if isinstance(x, tf.Tensor) or (y is not None and isinstance(y, tf.Tensor)):
            raise ValueError("Inputs cannot be tensors. Please provide input_fn.")
        if feed_fn is not None:
            raise ValueError("Can not provide both feed_fn and x or y.")
    else:
        if (x is not None) or (y is not None):
            raise ValueError("Can not provide both input_fn and x or y.")
        if batch_size is not None:
            raise ValueError("Can not provide both input_fn and batch_size.")


class Estimator(core_estimator.Estimator):
    """contrib.learn's Estimator: fit / evaluate / predict of a contrib-style model_fn."""

    def __init__(self, model_fn=None, model_dir=None, config=None, params=None,
                 feature_engineering_fn=None):
        if config is None:
            config = RunConfig()
        if model_fn is None:
            raise ValueError("model_fn must be provided to Estimator.")
        args = fn_args(model_fn)
        if params is not None and "params" not in args:
            raise ValueError("Estimator's model_fn (%s) does not have a params argument, but "
                             "params (%s) were passed to the Estimator's constructor."
                             % (model_fn, params))
        self._contrib_model_fn = model_fn
        self._contrib_params = params
        self._feature_engineering_fn = feature_engineering_fn or (lambda f, l: (f, l))

        def unused_model_fn(features, labels, mode, config):
            raise AssertionError("contrib.learn's Estimator calls its model_fn itself")

        super().__init__(model_fn=unused_model_fn, model_dir=model_dir, config=config)

    params = property(lambda self: self._contrib_params)

    # -- the model_fn ---------------------------------------------------------------------

    def _call_contrib_model_fn(self, features, labels, mode):
        features, labels = self._feature_engineering_fn(features, labels)
        args = fn_args(self._contrib_model_fn)
        kwargs = {}
        if "mode" in args:
            kwargs["mode"] = mode
        if "params" in args:
            kwargs["params"] = self.params
        if "config" in args:
            kwargs["config"] = self.config
        if "model_dir" in args:
            kwargs["model_dir"] = self.model_dir
        results = self._contrib_model_fn(features, labels, **kwargs)
        if isinstance(results, ModelFnOps):
            return results
        if isinstance(results, tf.estimator.EstimatorSpec):
            raise ValueError("contrib.learn's Estimator takes a model_fn returning ModelFnOps "
                             "(use tf.estimator.Estimator for an EstimatorSpec)")
        if len(results) != 3:
            raise ValueError("Unrecognized value returned by model_fn, please return "
                             "ModelFnOps.")
        return ModelFnOps(mode=mode, predictions=results[0], loss=results[1],
                          train_op=results[2])

    def _call_model_fn(self, features, labels, mode, config):
        return self._call_contrib_model_fn(features, labels, mode).estimator_spec()

    # -- fit ------------------------------------------------------------------------------

    def fit(self, x=None, y=None, input_fn=None, steps=None, batch_size=None, monitors=None,
            max_steps=None):
        """Trains `steps` steps (or up to `max_steps`) on numpy x, y or on `input_fn`."""
        if (steps is not None) and (max_steps is not None):
            raise ValueError("Can not provide both steps and max_steps.")
        _verify_input_args(x, y, input_fn, None, batch_size)
        if x is not None:
            SKCompat(self).fit(x, y, batch_size, steps, max_steps, monitors)
            return self
        self.train(input_fn, hooks=monitors_lib.replace_monitors_with_hooks(monitors, self),
                   steps=steps, max_steps=max_steps)
        return self

    def partial_fit(self, x=None, y=None, input_fn=None, steps=1, batch_size=None,
                    monitors=None):
        return self.fit(x=x, y=y, input_fn=input_fn, steps=steps, batch_size=batch_size,
                        monitors=monitors)

    # -- evaluate -------------------------------------------------------------------------

    def evaluate(self, x=None, y=None, input_fn=None, feed_fn=None, batch_size=None,
                 steps=None, metrics=None, name=None, checkpoint_path=None, hooks=None,
                 log_progress=True):
        """The metrics of the model on numpy x, y or `input_fn`, and "global_step"."""
        _verify_input_args(x, y, input_fn, feed_fn, batch_size)
        if x is not None:
            return SKCompat(self).score(x, y, batch_size, steps, metrics, name)
        if metrics is not None:
            raise ValueError("evaluate's metrics (MetricSpecs) are not supported by tfcompat's "
                             "contrib.learn; return eval_metric_ops from the model_fn")
        return self._evaluate_model(input_fn, feed_fn, steps, name, checkpoint_path, hooks)

    def _evaluate_model(self, input_fn, feed_fn=None, steps=None, name=None,
                        checkpoint_path=None, hooks=None):
        if not checkpoint_path and not tf.train.latest_checkpoint(self._model_dir):
            raise NotFittedError("Couldn't find trained model at %s." % self._model_dir)
        hooks = list(hooks or [])
        if feed_fn:
            hooks.append(tf.train.FeedFnHook(feed_fn))
        if steps == 0:
            tf.logging.warning("evaluation steps are 0. If `input_fn` does not raise "
                               "`OutOfRangeError`, the evaluation will never stop. Use "
                               "steps=None if intended.")
            steps = None
        return core_estimator.Estimator.evaluate(
            self, input_fn, steps=steps, hooks=hooks, checkpoint_path=checkpoint_path,
            name=name)

    def _evaluate_build_graph(self, input_fn, hooks, checkpoint_path):
        g = tf.get_default_graph()
        tf.set_random_seed(self._config.tf_random_seed)
        self._create_and_assert_global_step(g)
        features, labels, input_hooks = self._features_and_labels(input_fn, "eval")
        ops = self._call_contrib_model_fn(features, labels, "eval")
        metric_ops = dict(ops.eval_metric_ops)
        if "loss" not in metric_ops:
            metric_ops["loss"] = tf.metrics.mean(ops.loss)
        update_op, eval_dict = _eval_lib.extract_metric_update_ops(metric_ops)
        key = "global_step"
        while key in eval_dict:
            key = "_" + key
        eval_dict[key] = tf.train.get_global_step(g)
        return ops.scaffold, update_op, eval_dict, list(input_hooks) + list(hooks)

    # -- predict --------------------------------------------------------------------------

    def predict(self, x=None, input_fn=None, batch_size=None, outputs=None, as_iterable=True,
                iterate_batches=False):
        """The model's predictions: per example (as_iterable) or all at once."""
        _verify_input_args(x, None, input_fn, None, batch_size)
        if x is not None and not as_iterable:
            return SKCompat(self).predict(x, batch_size)
        input_fn, feed_fn = data_feeder.get_input_fn(x, None, input_fn, None, batch_size)
        return self._infer_model(input_fn, feed_fn, outputs, as_iterable, iterate_batches)

    def _infer_model(self, input_fn, feed_fn=None, outputs=None, as_iterable=True,
                     iterate_batches=False):
        checkpoint_path = tf.train.latest_checkpoint(self._model_dir)
        graph = tf.Graph()
        with graph.as_default():
            tf.set_random_seed(self._config.tf_random_seed)
            self._create_and_assert_global_step(graph)
            result = input_fn()
            features = result[0] if isinstance(result, (list, tuple)) else result
            ops = self._call_contrib_model_fn(features, None, "infer")
            predictions = _filter_predictions(ops.predictions, outputs)
            creator = ChiefSessionCreator(checkpoint_filename_with_path=checkpoint_path,
                                          scaffold=ops.scaffold, config=self._session_config)
            session = MonitoredSession(session_creator=creator)
        if not as_iterable:
            with session:
                if not session.should_stop():
                    return session.run(predictions, feed_fn() if feed_fn else None)
            return None
        constant = feed_fn is None and not graph.get_collection(tf.GraphKeys.QUEUE_RUNNERS)
        return _predict_generator(session, predictions, feed_fn, iterate_batches, constant)

    def get_variable_value(self, name):
        return tf.train.load_variable(self.model_dir, name)

    def get_variable_names(self):
        return [name for name, _ in tf.train.list_variables(self.model_dir)]


def _filter_predictions(predictions, outputs):
    if not outputs:
        return predictions
    if not isinstance(predictions, dict):
        raise ValueError("outputs argument is not valid in case of non-dict predictions.")
    existing_keys = predictions.keys()
    predictions = {key: value for key, value in predictions.items() if key in outputs}
    if not predictions:
        raise ValueError("Expected to run at least one output from %s, provided %s."
                         % (existing_keys, outputs))
    return predictions


def _predict_generator(session, predictions, feed_fn, iterate_batches, constant):
    with session:
        while not session.should_stop():
            preds = session.run(predictions, feed_fn() if feed_fn else None)
            if iterate_batches:
                yield preds
            elif not isinstance(predictions, dict):
                for pred in preds:
                    yield pred
            else:
                for i in range(list(preds.values())[0].shape[0]):
                    yield {key: value[i] for key, value in preds.items()}
            if constant:
                return


class SKCompat:
    """A scikit-learn style wrapper of an Estimator: fit(x, y), score(x, y), predict(x),
    batches of 128 by default."""

    def __init__(self, estimator):
        self._estimator = estimator

    def fit(self, x, y, batch_size=128, steps=None, max_steps=None, monitors=None):
        input_fn, feed_fn = data_feeder.get_input_fn(x, y, None, None, batch_size,
                                                     shuffle=True, epochs=None)
        hooks = [tf.train.FeedFnHook(feed_fn)] + list(monitors or [])
        self._estimator.fit(input_fn=input_fn, steps=steps, max_steps=max_steps,
                            monitors=hooks)
        return self

    def score(self, x, y, batch_size=128, steps=None, metrics=None, name=None):
        input_fn, feed_fn = data_feeder.get_input_fn(x, y, None, None, batch_size,
                                                     shuffle=False, epochs=1)
        if metrics is not None:
            raise ValueError("score's metrics (MetricSpecs) are not supported by tfcompat's "
                             "contrib.learn; return eval_metric_ops from the model_fn")
        return self._estimator._evaluate_model(input_fn, feed_fn=feed_fn, steps=steps,
                                               name=name)

    def predict(self, x, batch_size=128, outputs=None):
        input_fn, feed_fn = data_feeder.get_input_fn(x, None, None, None, batch_size,
                                                     shuffle=False, epochs=1)
        results = list(self._estimator._infer_model(input_fn, feed_fn, outputs=outputs,
                                                    as_iterable=True, iterate_batches=True))
        if not isinstance(results[0], dict):
            return np.concatenate(results, axis=0)
        return {key: np.concatenate([r[key] for r in results], axis=0) for key in results[0]}
