"""tf.estimator's exporters (TF 1.15's exporter.py): what train_and_evaluate does with a model
after each evaluation. FinalExporter exports once, when training ends; LatestExporter exports
after every evaluation and keeps the newest `exports_to_keep`; BestExporter exports when the
evaluation beats the best one so far."""
from __future__ import annotations

import os
import shutil

import tfcompat as tf
from tfcompat.estimator.model_fn import fn_args


class Exporter:
    """The base of exporters: a `name` (the subdirectory of model_dir/export) and `export`."""

    @property
    def name(self):
        raise NotImplementedError("%s must define the `name` property" % type(self).__name__)

    def export(self, estimator, export_path, checkpoint_path, eval_result,
               is_the_final_export):
        raise NotImplementedError("%s must implement export()" % type(self).__name__)


class _SavedModelExporter(Exporter):
    def __init__(self, name, serving_input_receiver_fn, assets_extra=None, as_text=False):
        self._name = name
        self._serving_input_receiver_fn = serving_input_receiver_fn
        self._assets_extra = assets_extra
        self._as_text = as_text

    @property
    def name(self):
        return self._name

    def export(self, estimator, export_path, checkpoint_path, eval_result,
               is_the_final_export):
        return estimator.export_saved_model(
            export_path, self._serving_input_receiver_fn, assets_extra=self._assets_extra,
            as_text=self._as_text, checkpoint_path=checkpoint_path)


class FinalExporter(Exporter):
    """Exports the model once, at the evaluation that ends training."""

    def __init__(self, name, serving_input_receiver_fn, assets_extra=None, as_text=False):
        self._saved_model_exporter = _SavedModelExporter(name, serving_input_receiver_fn,
                                                         assets_extra, as_text)

    @property
    def name(self):
        return self._saved_model_exporter.name

    def export(self, estimator, export_path, checkpoint_path, eval_result,
               is_the_final_export):
        if not is_the_final_export:
            return None
        tf.logging.info("Performing the final export in the end of training.")
        return self._saved_model_exporter.export(estimator, export_path, checkpoint_path,
                                                 eval_result, is_the_final_export)


class LatestExporter(Exporter):
    """Exports the model after every evaluation, keeping the newest `exports_to_keep`
    (None keeps all)."""

    def __init__(self, name, serving_input_receiver_fn, assets_extra=None, as_text=False,
                 exports_to_keep=5):
        self._saved_model_exporter = _SavedModelExporter(name, serving_input_receiver_fn,
                                                         assets_extra, as_text)
        self._exports_to_keep = exports_to_keep
        if exports_to_keep is not None and exports_to_keep <= 0:
            raise ValueError("`exports_to_keep`, if provided, must be a positive number. "
                             "Got %s" % exports_to_keep)

    @property
    def name(self):
        return self._saved_model_exporter.name

    def export(self, estimator, export_path, checkpoint_path, eval_result,
               is_the_final_export):
        export_result = self._saved_model_exporter.export(
            estimator, export_path, checkpoint_path, eval_result, is_the_final_export)
        self._garbage_collect_exports(export_path)
        return export_result

    def _garbage_collect_exports(self, export_dir_base):
        if self._exports_to_keep is None or not os.path.isdir(export_dir_base):
            return
        stamps = sorted(int(name) for name in os.listdir(export_dir_base) if name.isdigit())
        for stamp in stamps[:-self._exports_to_keep]:
            try:
                shutil.rmtree(os.path.join(export_dir_base, str(stamp)))
            except OSError as e:
                tf.logging.warn(e)


def _loss_smaller(best_eval_result, current_eval_result):
    """BestExporter's default comparison: the current evaluation has the smaller 'loss'."""
    if not best_eval_result or "loss" not in best_eval_result:
        raise ValueError("best_eval_result cannot be empty or no loss is found in it.")
    if not current_eval_result or "loss" not in current_eval_result:
        raise ValueError("current_eval_result cannot be empty or no loss is found in it.")
    return best_eval_result["loss"] > current_eval_result["loss"]


def _check_compare_fn_args(compare_fn):
    args = set(fn_args(compare_fn))
    for needed in ("best_eval_result", "current_eval_result"):
        if needed not in args:
            raise ValueError("compare_fn (%s) must include %s argument." % (compare_fn, needed))
    unexpected = list(args - {"best_eval_result", "current_eval_result"})
    if unexpected:
        raise ValueError("compare_fn (%s) has following not expected args: %s"
                         % (compare_fn, unexpected))


def _scalar_results(event_file):
    """The {tag: simple_value} dict of each summary event of `event_file` that has any."""
    for event in tf.train.summary_iterator(event_file):
        if event.HasField("summary"):
            values = {v.tag: v.simple_value for v in event.summary.value
                      if v.HasField("simple_value")}
            if values:
                yield values


class BestExporter(LatestExporter):
    """Exports the model when an evaluation beats the best so far (by `compare_fn`, default
    the smaller loss); the best so far starts from the eval events already in model_dir."""

    def __init__(self, name="best_exporter", serving_input_receiver_fn=None,
                 event_file_pattern="eval/*.tfevents.*", compare_fn=_loss_smaller,
                 assets_extra=None, as_text=False, exports_to_keep=5):
        if not compare_fn:
            raise ValueError("`compare_fn` must not be None.")
        _check_compare_fn_args(compare_fn)
        super().__init__(name, serving_input_receiver_fn, assets_extra, as_text,
                         exports_to_keep)
        self._compare_fn = compare_fn
        self._event_file_pattern = event_file_pattern
        self._model_dir = None
        self._best_eval_result = None
        self._has_exported = False

    def export(self, estimator, export_path, checkpoint_path, eval_result,
               is_the_final_export):
        if self._model_dir != estimator.model_dir and self._event_file_pattern:
            tf.logging.info("Loading best metric from event files.")
            self._model_dir = estimator.model_dir
            self._best_eval_result = self._best_in_events(
                os.path.join(self._model_dir, self._event_file_pattern))
        # the first call always exports: the eval events it started from already hold this
        # evaluation, so TF 1.15 never exported it (fixed in TF's later `_has_exported`)
        if self._has_exported and self._best_eval_result is not None and not self._compare_fn(
                best_eval_result=self._best_eval_result, current_eval_result=eval_result):
            return None
        tf.logging.info("Performing best model export.")
        self._best_eval_result = eval_result
        self._has_exported = True
        return super().export(estimator, export_path, checkpoint_path, eval_result,
                              is_the_final_export)

    def _best_in_events(self, pattern):
        best = None
        for event_file in tf.gfile.Glob(pattern):
            for result in _scalar_results(event_file):
                if best is None or self._compare_fn(best, result):
                    best = result
        return best
