"""`tf.contrib.staging` (TF 1.15): `StagingArea`, TF's data_flow_ops.StagingArea
(tfcompat/ops/staging_ops.py)."""
from tfcompat.ops.staging_ops import StagingArea  # noqa: F401
