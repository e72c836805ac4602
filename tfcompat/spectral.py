"""`tf.spectral`: TF1's spectral namespace (tf.compat.v1.spectral), the older name of tf.signal's
transforms. A name here and its aliases elsewhere in the API are one object, as in TF; names
tfcompat does not implement fail with the unsupported-API error.
"""
from tfcompat.ops.fft_ops import (  # noqa: F401
    fft, fft2d, fft3d, ifft, ifft2d, ifft3d, irfft, irfft2d, irfft3d, rfft, rfft2d, rfft3d)
from tfcompat.ops.signal_spectral_ops import dct, idct  # noqa: F401
from tfcompat._unsupported import missing_attr as _missing_attr

__getattr__ = _missing_attr("spectral", __name__)
