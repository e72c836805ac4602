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
from tfcompat.contrib.learn import _export
from tfcompat.contrib.learn._export import NotFittedError
from tfcompat.contrib.learn import data_feeder
from tfcompat.contrib.learn import metric_spec
from tfcompat.contrib.learn import monitors as monitors_lib
from tfcompat.contrib.learn.model_fn import ModelFnOps
from tfcompat.contrib.learn.run_config import RunConfig
from tfcompat.estimator import estimator as core_estimator
from tfcompat.estimator.model_fn import fn_args
from tfcompat.train.monitored_session import ChiefSessionCreator, MonitoredSession


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
        ops = self._call_contrib_model_fn(features, labels, mode)
        if mode != "eval":   # a lone-tensor metric (contrib.learn allows it) is not evaluated
            ops = ops._replace(eval_metric_ops={})
        return ops.estimator_spec()

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
        if metrics is not None and not isinstance(metrics, dict):
            raise ValueError("Metrics argument should be None or dict. Got %s." % metrics)
        return self._evaluate_model(input_fn, feed_fn, steps, name, checkpoint_path, hooks,
                                    metrics=metrics)

    def _evaluate_model(self, input_fn, feed_fn=None, steps=None, name=None,
                        checkpoint_path=None, hooks=None, metrics=None):
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
        self._eval_metric_specs = metrics
        try:
            return core_estimator.Estimator.evaluate(
                self, input_fn, steps=steps, hooks=hooks, checkpoint_path=checkpoint_path,
                name=name)
        finally:
            self._eval_metric_specs = None

    def _evaluate_build_graph(self, input_fn, hooks, checkpoint_path):
        g = tf.get_default_graph()
        tf.set_random_seed(self._config.tf_random_seed)
        self._create_and_assert_global_step(g)
        features, labels, input_hooks = self._features_and_labels(input_fn, "eval")
        ops = self._call_contrib_model_fn(features, labels, "eval")
        metric_ops = dict(ops.eval_metric_ops)
        metric_ops.update(metric_spec.make_metrics_ops(
            getattr(self, "_eval_metric_specs", None), features, labels, ops.predictions))
        if "loss" not in metric_ops:
            metric_ops["loss"] = tf.metrics.mean(ops.loss)
        update_op, eval_dict = _extract_metric_update_ops(metric_ops)
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

    # -- export ---------------------------------------------------------------------------

    def export_savedmodel(self, export_dir_base, serving_input_fn,
                          default_output_alternative_key=None, assets_extra=None,
                          as_text=False, checkpoint_path=None, graph_rewrite_specs=None,
                          strip_default_attrs=False):
        """Writes a SavedModel of the INFER graph of `serving_input_fn` (InputFnOps) to a new
        timestamped directory under `export_dir_base`; returns it (bytes)."""
        specs = graph_rewrite_specs or ((("serve",), ()),)   # GraphRewriteSpec(tags, transforms)
        if specs[0][1]:
            raise ValueError("The first element of graph_rewrite_specs must specify no "
                             "transforms.")
        if len(specs) > 1:
            raise ValueError("export_savedmodel's graph_rewrite_specs with transforms (graph "
                             "transforms) are not supported by tfcompat")
        return _export.export_savedmodel(
            self, export_dir_base, serving_input_fn, tags=list(specs[0][0]),
            default_output_alternative_key=default_output_alternative_key,
            assets_extra=assets_extra, as_text=as_text, checkpoint_path=checkpoint_path,
            strip_default_attrs=strip_default_attrs)

    def get_variable_value(self, name):
        return tf.train.load_variable(self.model_dir, name)

    def get_variable_names(self):
        return [name for name, _ in tf.train.list_variables(self.model_dir)]


def _extract_metric_update_ops(eval_dict):
    """(one op running the updates, {name: value}): a metric is a (value, update) pair or a
    lone value tensor (sorted by name, so the graph is the same every time)."""
    update_ops, value_ops = [], {}
    for name, metric_ops in sorted(eval_dict.items(), key=lambda item: str(item[0])):
        if isinstance(metric_ops, (list, tuple)):
            if len(metric_ops) == 2:
                value_ops[name] = metric_ops[0]
                update_ops.append(metric_ops[1])
            else:
                tf.logging.warning("Ignoring metric {}. It returned a list|tuple with len {}, "
                                   "expected 2".format(name, len(metric_ops)))
                value_ops[name] = metric_ops
        else:
            value_ops[name] = metric_ops
    return (tf.group(*update_ops) if update_ops else None), value_ops


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
        return self._estimator._evaluate_model(input_fn, feed_fn=feed_fn, steps=steps,
                                               name=name, metrics=metrics)

    def predict(self, x, batch_size=128, outputs=None):
        input_fn, feed_fn = data_feeder.get_input_fn(x, None, None, None, batch_size,
                                                     shuffle=False, epochs=1)
        results = list(self._estimator._infer_model(input_fn, feed_fn, outputs=outputs,
                                                    as_iterable=True, iterate_batches=True))
        if not isinstance(results[0], dict):
            return np.concatenate(results, axis=0)
        return {key: np.concatenate([r[key] for r in results], axis=0) for key in results[0]}
