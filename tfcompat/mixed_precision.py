"""`tf.mixed_precision`: TF1's mixed_precision namespace (tf.compat.v1.mixed_precision). A name here and its aliases elsewhere in
the API are one object, as in TF; names tfcompat does not implement fail with the unsupported-API
error, which gives the reason from api_manifest.tsv.
"""
from tfcompat._unsupported import missing_attr as _missing_attr

__getattr__ = _missing_attr("mixed_precision", __name__)
