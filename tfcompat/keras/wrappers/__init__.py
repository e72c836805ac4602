"""`tf.keras.wrappers`: the scikit-learn wrappers of TF 1.x (`scikit_learn.KerasClassifier`,
`scikit_learn.KerasRegressor`)."""
from tfcompat.keras.wrappers import scikit_learn

__all__ = ["scikit_learn"]
