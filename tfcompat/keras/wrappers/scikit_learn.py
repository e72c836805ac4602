"""`tf.keras.wrappers.scikit_learn` (TF 1.x; gone from TF 2.21's Keras, so TF 1.15's
keras/wrappers/scikit_learn.py is the reference): `KerasClassifier` and `KerasRegressor` build
a model with `build_fn`, fit it and answer sklearn's predict / predict_proba / score.

`sk_params` hold both `build_fn`'s arguments and those of `Sequential.fit`, `predict`,
`predict_classes` and `evaluate`; each call passes on the ones its target takes. The names
those methods take are TF 1.15's (its signatures), so a typo fails as it does there. SciPy and
scikit-learn are not needed.
"""
from __future__ import annotations

import copy
import inspect
import types

import numpy as np

from tfcompat.keras import losses
from tfcompat.keras.utils import to_categorical

# TF 1.15's Sequential method signatures (keyword names), which `sk_params` are checked and
# filtered against
_FIT = ("x", "y", "batch_size", "epochs", "verbose", "callbacks", "validation_split",
        "validation_data", "shuffle", "class_weight", "sample_weight", "initial_epoch",
        "steps_per_epoch", "validation_steps", "validation_freq", "max_queue_size", "workers",
        "use_multiprocessing")
_PREDICT = ("x", "batch_size", "verbose", "steps", "callbacks", "max_queue_size", "workers",
            "use_multiprocessing")
_PREDICT_CLASSES = ("x", "batch_size", "verbose")
_EVALUATE = ("x", "y", "batch_size", "verbose", "sample_weight", "steps", "callbacks",
             "max_queue_size", "workers", "use_multiprocessing")


def _arg_names(fn):
    """The names `fn` takes by keyword (Keras' `has_arg`, `**kwargs` not counted)."""
    if isinstance(fn, tuple):
        return fn
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    return tuple(name for name, p in inspect.signature(fn).parameters.items()
                 if p.kind in kinds)


class BaseWrapper(object):
    """The scikit-learn wrappers' base (use KerasClassifier or KerasRegressor)."""

    def __init__(self, build_fn=None, **sk_params):
        self.build_fn = build_fn
        self.sk_params = sk_params
        self.check_params(sk_params)

    def _build_target(self):
        if self.build_fn is None:
            return self.__call__
        if not isinstance(self.build_fn, (types.FunctionType, types.MethodType)):
            return self.build_fn.__call__
        return self.build_fn

    def check_params(self, params):
        """Raises ValueError for a name no wrapped method or `build_fn` takes."""
        legal = [_FIT, _PREDICT, _PREDICT_CLASSES, _EVALUATE, self._build_target()]
        for name in params:
            if name != "nb_epoch" and not any(name in _arg_names(fn) for fn in legal):
                raise ValueError("{} is not a legal parameter".format(name))

    def get_params(self, **params):
        res = copy.deepcopy(self.sk_params)
        res.update({"build_fn": self.build_fn})
        return res

    def set_params(self, **params):
        self.check_params(params)
        self.sk_params.update(params)
        return self

    def fit(self, x, y, **kwargs):
        """Builds a new model with `build_fn` and fits it to `(x, y)`; returns the History."""
        target = self._build_target()
        build = target if self.build_fn is None else self.build_fn
        self.model = build(**self.filter_sk_params(target))
        if losses.is_categorical_crossentropy(self.model.loss) and len(y.shape) != 2:
            y = to_categorical(y)
        fit_args = copy.deepcopy(self.filter_sk_params(_FIT))
        fit_args.update(kwargs)
        return self.model.fit(x, y, **fit_args)

    def filter_sk_params(self, fn, override=None):
        """The `sk_params` `fn` takes, updated with `override`."""
        names = _arg_names(fn)
        res = {name: value for name, value in self.sk_params.items() if name in names}
        res.update(override or {})
        return res


class KerasClassifier(BaseWrapper):
    """scikit-learn's classifier API for a Keras model."""

    def fit(self, x, y, **kwargs):
        y = np.array(y)
        if len(y.shape) == 2 and y.shape[1] > 1:
            self.classes_ = np.arange(y.shape[1])
        elif (len(y.shape) == 2 and y.shape[1] == 1) or len(y.shape) == 1:
            self.classes_ = np.unique(y)
            y = np.searchsorted(self.classes_, y)
        else:
            raise ValueError("Invalid shape for y: " + str(y.shape))
        self.n_classes_ = len(self.classes_)
        return super(KerasClassifier, self).fit(x, y, **kwargs)

    def predict(self, x, **kwargs):
        kwargs = self.filter_sk_params(_PREDICT_CLASSES, kwargs)
        return self.classes_[self.model.predict_classes(x, **kwargs)]

    def predict_proba(self, x, **kwargs):
        """Class probabilities; one sigmoid unit gives two columns `[1 - p, p]`."""
        kwargs = self.filter_sk_params(_PREDICT_CLASSES, kwargs)
        probs = self.model.predict_proba(x, **kwargs)
        if probs.shape[1] == 1:
            probs = np.hstack([1 - probs, probs])
        return probs

    def score(self, x, y, **kwargs):
        """The model's accuracy metric on `(x, y)`."""
        y = np.searchsorted(self.classes_, y)
        kwargs = self.filter_sk_params(_EVALUATE, kwargs)
        loss_name = getattr(self.model.loss, "__name__", self.model.loss)
        if loss_name == "categorical_crossentropy" and len(y.shape) != 2:
            y = to_categorical(y)
        outputs = self.model.evaluate(x, y, **kwargs)
        if not isinstance(outputs, list):
            outputs = [outputs]
        for name, output in zip(self.model.metrics_names, outputs):
            if name in ("accuracy", "acc"):
                return output
        raise ValueError("The model is not configured to compute accuracy. You should pass "
                         "`metrics=[\"accuracy\"]` to the `model.compile()` method.")


class KerasRegressor(BaseWrapper):
    """scikit-learn's regressor API for a Keras model."""

    def predict(self, x, **kwargs):
        kwargs = self.filter_sk_params(_PREDICT, kwargs)
        preds = np.array(self.model.predict(x, **kwargs))
        if preds.shape[-1] == 1:
            return np.squeeze(preds, axis=-1)
        return preds

    def score(self, x, y, **kwargs):
        """The negated loss on `(x, y)`."""
        kwargs = self.filter_sk_params(_EVALUATE, kwargs)
        loss = self.model.evaluate(x, y, **kwargs)
        if isinstance(loss, list):
            return -loss[0]
        return -loss
