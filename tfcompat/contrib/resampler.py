"""`tf.contrib.resampler` (TF 1.15): `resampler(data, warp)`, bilinear sampling of NHWC data at
(x, y) points (spatial transformers, optical-flow warping); the op is TF's `Resampler`
(tfcompat/ops/resampler_ops.py)."""
import tfcompat as tf
from tfcompat.framework.op_builder import apply_op

__all__ = ["resampler"]


def resampler(data, warp, name="resampler"):
    """Samples `data` [batch, height, width, channels] at `warp` [batch, ..., 2] (x indexes
    the width, y the height); the result is [batch, ..., channels]."""
    with tf.name_scope(name, "resampler", [data, warp]):
        data_tensor = tf.convert_to_tensor(data, name="data")
        warp_tensor = tf.convert_to_tensor(warp, name="warp")
        return apply_op("Resampler", [data_tensor, warp_tensor], name="Resampler")
