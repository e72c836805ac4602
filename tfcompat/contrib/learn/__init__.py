"""`tf.contrib.learn`: of TF 1.15's contrib.learn, tfcompat provides `preprocessing` (the
VocabularyProcessor of text-classification scripts). Its estimators (Estimator, RunConfig,
DNNClassifier, ...) fail pointing to tf.estimator; learn.datasets fails pointing to numpy and
torch data loaders."""
from tfcompat._unsupported import missing_attr
from tfcompat.contrib.learn import preprocessing  # noqa: F401

__getattr__ = missing_attr("contrib.learn", __name__)
