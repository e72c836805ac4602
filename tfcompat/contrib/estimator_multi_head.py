"""`tf.contrib.estimator.multi_head` (TF 1.15 contrib/estimator multi_head.py): a v1 `_Head`
merging named heads. TRAIN sums their losses (weighted by `head_weights`), EVAL suffixes each
head's metrics with its name and adds `loss/<name>`, PREDICT keys the predictions by
`(head name, key)` and serves the first head by default."""
from __future__ import annotations

import tfcompat as tf
from tfcompat.estimator import export_output as export_output_lib
from tfcompat.estimator.canned import head as head_lib
from tfcompat.estimator.canned.metric_keys import MetricKeys
from tfcompat.estimator.model_fn import EstimatorSpec
from tfcompat.estimator.model_fn import ModeKeys

_DEFAULT_SERVING_KEY = head_lib._DEFAULT_SERVING_KEY


def multi_head(heads, head_weights=None):
    """A `_Head` for multi-objective learning over `heads` (each with a name)."""
    if head_weights:
        if len(head_weights) != len(heads):
            raise ValueError(
                "heads and head_weights must have the same size. "
                "Given len(heads): {}. Given len(head_weights): {}.".format(
                    len(heads), len(head_weights)))
    if not heads:
        raise ValueError("Must specify heads. Given: {}".format(heads))
    for head in heads:
        if not head.name:
            raise ValueError("All given heads must have name specified. "
                             "Given: {}".format(head))
    return _MultiHead(heads=tuple(heads),
                      head_weights=tuple(head_weights) if head_weights else tuple())


def _no_op_train_fn(loss):
    del loss
    return tf.no_op()


def _merge_losses(losses, head_weights=None):
    losses = tuple(losses)
    with tf.name_scope("merge_losses", values=losses + (head_weights or tuple())):
        if head_weights:
            losses = [tf.multiply(loss, weight) for loss, weight in zip(losses, head_weights)]
        return tf.add_n(list(losses))


def _default_export_output(export_outputs, head_name):
    if len(export_outputs) == 1:
        return next(iter(export_outputs.values()))
    if _DEFAULT_SERVING_KEY in export_outputs:
        return export_outputs[_DEFAULT_SERVING_KEY]
    raise ValueError(
        "{} did not specify default export_outputs. Given: {} Suggested fix: Use one of the "
        "heads in tf.contrib.estimator, or include key {} in export_outputs.".format(
            head_name, export_outputs, _DEFAULT_SERVING_KEY))


def _by_head(heads, specs):
    """The heads' predictions keyed by (head name, prediction key)."""
    return {(head.name, key): value for head, spec in zip(heads, specs)
            for key, value in spec.predictions.items()}


class _MultiHead(head_lib._Head):
    """See `multi_head`."""

    def __init__(self, heads, head_weights):
        self._logits_dimension = sum(head.logits_dimension for head in heads)
        self._heads = heads
        self._head_weights = head_weights

    @property
    def name(self):
        return "_".join([h.name for h in self._heads])

    @property
    def logits_dimension(self):
        return self._logits_dimension

    def create_loss(self, features, mode, logits, labels):
        logits_dict = logits if isinstance(logits, dict) else self._split_logits(logits)
        training_losses, labels_by_head, unreduced_by_head, weights_by_head = [], {}, {}, {}
        for i, head in enumerate(self._heads):
            spec = head.create_loss(features, mode, logits_dict[head.name], labels[head.name])
            training_losses.append(spec.training_loss)
            labels_by_head[head.name] = spec.processed_labels
            unreduced, weights = spec.unreduced_loss, spec.weights
            if self._head_weights:
                unreduced = tf.multiply(unreduced, self._head_weights[i])
                weights = tf.multiply(weights, self._head_weights[i])
            unreduced_by_head[head.name] = unreduced
            weights_by_head[head.name] = weights
        return head_lib.LossSpec(
            training_loss=_merge_losses(training_losses, self._head_weights),
            unreduced_loss=unreduced_by_head, weights=weights_by_head,
            processed_labels=labels_by_head)

    def create_estimator_spec(self, features, mode, logits, labels=None, optimizer=None,
                              train_op_fn=None, regularization_losses=None):
        """Each head's EstimatorSpec of `mode` (logits and labels are dicts by head name, or
        logits one tensor split along its last dimension), merged."""
        logits_dict = logits if isinstance(logits, dict) else self._split_logits(logits)
        if labels and not isinstance(labels, dict):
            raise ValueError("labels must be a dict. Given: {}".format(labels))
        specs = [head.create_estimator_spec(
            features=features, mode=mode, logits=logits_dict[head.name],
            labels=labels[head.name] if labels else None, train_op_fn=_no_op_train_fn)
            for head in self._heads]
        if mode == ModeKeys.TRAIN:
            spec = self._merge_train(specs, optimizer, train_op_fn, regularization_losses)
            with tf.name_scope(""):
                tf.summary.scalar(MetricKeys.LOSS, spec.loss)
            return spec
        if mode == ModeKeys.PREDICT:
            return self._merge_predict(specs)
        if mode == ModeKeys.EVAL:
            return self._merge_eval(specs, regularization_losses)
        raise ValueError("mode={} unrecognized".format(mode))

    def _split_logits(self, logits):
        logits_dict = {}
        with tf.name_scope(None, "split_logits", values=[logits]):
            logits = tf.convert_to_tensor(logits)
            batch_shape = tf.shape(logits)[:-1]
            zeros = tf.zeros_like(batch_shape)
            minus_ones = -1 * tf.ones_like(batch_shape)
            begin_idx = 0
            for head in self._heads:
                begin = tf.concat([zeros, [begin_idx]], axis=0)
                size = tf.concat([minus_ones, [head.logits_dimension]], axis=0)
                logits_dict[head.name] = tf.slice(logits, begin=begin, size=size)
                begin_idx += head.logits_dimension
        return logits_dict

    def _merged_loss(self, specs, regularization_losses):
        loss = _merge_losses([spec.loss for spec in specs], self._head_weights)
        if not regularization_losses:
            return loss, None
        regularization_loss = tf.add_n(regularization_losses)
        return tf.add_n([loss, regularization_loss]), regularization_loss

    def _merge_train(self, specs, optimizer, train_op_fn, regularization_losses):
        loss, _ = self._merged_loss(specs, regularization_losses)
        metrics = {}
        for spec in specs:
            metrics.update(spec.eval_metric_ops or {})
        train_op = head_lib._train_op(loss, optimizer, train_op_fn)
        return EstimatorSpec(mode=ModeKeys.TRAIN, loss=loss, train_op=train_op,
                             predictions=_by_head(self._heads, specs),
                             eval_metric_ops=metrics)

    def _merge_predict(self, specs):
        export_outputs = {_DEFAULT_SERVING_KEY: _default_export_output(
            specs[0].export_outputs, self._heads[0].name)}
        merged_predict_outputs = {}
        for head, spec in zip(self._heads, specs):
            for key, value in spec.export_outputs.items():
                name = head.name if key == _DEFAULT_SERVING_KEY else "%s/%s" % (head.name, key)
                export_outputs[name] = value
                if (key == head_lib._PREDICT_SERVING_KEY
                        and isinstance(value, export_output_lib.PredictOutput)):
                    for kp, vp in value.outputs.items():
                        merged_predict_outputs["%s/%s" % (head.name, kp)] = vp
        export_outputs[head_lib._PREDICT_SERVING_KEY] = export_output_lib.PredictOutput(
            merged_predict_outputs)
        return EstimatorSpec(mode=ModeKeys.PREDICT, predictions=_by_head(self._heads, specs),
                             export_outputs=export_outputs)

    def _merge_eval(self, specs, regularization_losses):
        metrics = {}
        with tf.name_scope("merge_eval"):
            for head, spec in zip(self._heads, specs):
                loss_name = head_lib._summary_key(head.name, MetricKeys.LOSS)
                metrics[loss_name] = tf.metrics.mean(spec.loss, name=loss_name)
                metrics.update(spec.eval_metric_ops or {})
            loss, regularization_loss = self._merged_loss(specs, regularization_losses)
            if regularization_loss is not None:
                metrics[MetricKeys.LOSS_REGULARIZATION] = tf.metrics.mean(
                    regularization_loss, name=MetricKeys.LOSS_REGULARIZATION)
        return EstimatorSpec(mode=ModeKeys.EVAL, predictions=_by_head(self._heads, specs),
                             loss=loss, eval_metric_ops=metrics)
