"""The keys of a canned estimator's predict() dicts (TF 1.15 canned/prediction_keys.py)."""
from __future__ import annotations


class PredictionKeys:
    """Prediction key strings."""

    CLASSES = "classes"
    CLASS_IDS = "class_ids"
    ALL_CLASSES = "all_classes"
    ALL_CLASS_IDS = "all_class_ids"
    LOGISTIC = "logistic"
    LOGITS = "logits"
    PREDICTIONS = "predictions"
    PROBABILITIES = "probabilities"
    TOP_K = "top_k"
