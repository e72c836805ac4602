"""`tf.signal`: TF1's signal namespace (tf.compat.v1.signal). A name here and its aliases elsewhere
in the API (`tf.spectral.fft`, `tf.fft`) are one object, as in TF; names tfcompat does not
implement fail with the unsupported-API error.
"""
from tfcompat.ops.fft_ops import (  # noqa: F401
    fft, fft2d, fft3d, fftnd, ifft, ifft2d, ifft3d, ifftnd, irfft, irfft2d, irfft3d, irfftnd,
    rfft, rfft2d, rfft3d, rfftnd)
from tfcompat.ops.signal_ops import (  # noqa: F401
    fftshift, frame, hamming_window, hann_window, ifftshift, kaiser_bessel_derived_window,
    kaiser_window, overlap_and_add, vorbis_window)
from tfcompat.ops.signal_spectral_ops import (  # noqa: F401
    dct, idct, inverse_mdct, inverse_stft, inverse_stft_window_fn, linear_to_mel_weight_matrix,
    mdct, mfccs_from_log_mel_spectrograms, stft)
from tfcompat._unsupported import missing_attr as _missing_attr

__getattr__ = _missing_attr("signal", __name__)
