"""tf.contrib.learn.ExportStrategy (TF 1.15 learn/export_strategy.py): a named export
function an Experiment calls after evaluating (export_fn(estimator, export_dir_base[,
checkpoint_path[, eval_result]]))."""
from __future__ import annotations

import collections

from tfcompat.estimator.model_fn import fn_args

__all__ = ["ExportStrategy"]


class ExportStrategy(collections.namedtuple("ExportStrategy",
                                            ["name", "export_fn", "strip_default_attrs"])):
    """A class representing a type of model export."""

    def __new__(cls, name, export_fn, strip_default_attrs=None):
        return super().__new__(cls, name, export_fn, strip_default_attrs)

    def export(self, estimator, export_path, checkpoint_path=None, eval_result=None):
        """Exports `estimator` to a subdirectory of `export_path` (what export_fn returns)."""
        export_fn_args = fn_args(self.export_fn)
        kwargs = {}
        if "checkpoint_path" in export_fn_args:
            kwargs["checkpoint_path"] = checkpoint_path
        if "eval_result" in export_fn_args:
            if "checkpoint_path" not in export_fn_args:
                raise ValueError("An export_fn accepting eval_result must also accept "
                                 "checkpoint_path.")
            kwargs["eval_result"] = eval_result
        return self.export_fn(estimator, export_path, **kwargs)
