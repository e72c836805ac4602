"""tf.contrib.learn's ModeKeys and ModelFnOps (TF 1.15 estimators/model_fn.py): what a
contrib.learn model_fn returns; checked as tf.estimator's EstimatorSpec is, whose checks it
reuses."""
from __future__ import annotations

import collections

from tfcompat.estimator.model_fn import EstimatorSpec


class ModeKeys:
    """The modes of a contrib.learn model_fn (INFER is tf.estimator's PREDICT)."""
    TRAIN = "train"
    EVAL = "eval"
    INFER = "infer"

    @classmethod
    def validate(cls, key):
        if key not in (cls.TRAIN, cls.EVAL, cls.INFER):
            raise ValueError("Invalid mode %s." % key)


class ModelFnOps(collections.namedtuple("ModelFnOps", [
        "predictions", "loss", "train_op", "eval_metric_ops", "output_alternatives",
        "training_chief_hooks", "training_hooks", "scaffold", "mode"])):
    """Ops returned from a model_fn: TRAIN needs `loss` and `train_op`, EVAL `loss`, INFER
    `predictions` (a Tensor or a dict of them)."""

    def __new__(cls, mode, predictions=None, loss=None, train_op=None, eval_metric_ops=None,
                output_alternatives=None, training_chief_hooks=None, training_hooks=None,
                scaffold=None):
        ModeKeys.validate(mode)
        if eval_metric_ops is not None and not isinstance(eval_metric_ops, dict):
            raise ValueError("eval_metric_ops must be a dict.")
        # contrib.learn also takes a lone value tensor as a metric (no update op)
        pairs = {k: v for k, v in (eval_metric_ops or {}).items()
                 if isinstance(v, (tuple, list))}
        spec = EstimatorSpec(mode, predictions=predictions, loss=loss, train_op=train_op,
                             eval_metric_ops=pairs,
                             training_chief_hooks=training_chief_hooks,
                             training_hooks=training_hooks, scaffold=scaffold)
        return super().__new__(
            cls, predictions=spec.predictions, loss=spec.loss, train_op=spec.train_op,
            eval_metric_ops=dict(eval_metric_ops or {}),
            output_alternatives=output_alternatives,
            training_chief_hooks=spec.training_chief_hooks,
            training_hooks=spec.training_hooks, scaffold=spec.scaffold, mode=mode)

    def estimator_spec(self, default_serving_output_alternative_key=None):
        """This ModelFnOps as a tf.estimator EstimatorSpec."""
        return EstimatorSpec(self.mode, predictions=self.predictions, loss=self.loss,
                             train_op=self.train_op,
                             eval_metric_ops=dict(self.eval_metric_ops),
                             training_chief_hooks=self.training_chief_hooks,
                             training_hooks=self.training_hooks, scaffold=self.scaffold)
