"""`tf.feature_column`: TF1's feature columns (tf.compat.v1.feature_column), built from
tfcompat's graph ops: the columns describe how raw features (dense tensors, SparseTensors,
strings) become model inputs, and `input_layer` / `linear_model` build them into the graph with
TF's variable names. The sequence_* columns feed only Keras' SequenceFeatures layer, which
tfcompat does not implement: they fail with the unsupported-API error and its reason.
"""
from tfcompat._unsupported import missing_attr as _missing_attr
from tfcompat.feature_column._categorical import categorical_column_with_hash_bucket  # noqa: F401
from tfcompat.feature_column._categorical import categorical_column_with_identity  # noqa: F401
from tfcompat.feature_column._categorical import categorical_column_with_vocabulary_file  # noqa: F401,E501
from tfcompat.feature_column._categorical import categorical_column_with_vocabulary_list  # noqa: F401,E501
from tfcompat.feature_column._categorical import crossed_column  # noqa: F401
from tfcompat.feature_column._categorical import weighted_categorical_column  # noqa: F401
from tfcompat.feature_column._dense import embedding_column  # noqa: F401
from tfcompat.feature_column._dense import indicator_column  # noqa: F401
from tfcompat.feature_column._dense import shared_embedding_columns  # noqa: F401
from tfcompat.feature_column._layers import input_layer  # noqa: F401
from tfcompat.feature_column._layers import linear_model  # noqa: F401
from tfcompat.feature_column._layers import make_parse_example_spec  # noqa: F401
from tfcompat.feature_column._numeric import bucketized_column  # noqa: F401
from tfcompat.feature_column._numeric import numeric_column  # noqa: F401

__getattr__ = _missing_attr("feature_column", __name__)
