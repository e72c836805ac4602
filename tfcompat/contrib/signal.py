"""`tf.contrib.signal`: TF 1.15's signal-processing names, the functions of tf.signal (and
`frames`, the old name of `frame`)."""
from tfcompat._unsupported import missing_attr
from tfcompat.ops.signal_ops import frame  # noqa: F401
from tfcompat.ops.signal_ops import frame as frames  # noqa: F401
from tfcompat.ops.signal_ops import hamming_window  # noqa: F401
from tfcompat.ops.signal_ops import hann_window  # noqa: F401
from tfcompat.ops.signal_ops import overlap_and_add  # noqa: F401
from tfcompat.ops.signal_spectral_ops import inverse_stft  # noqa: F401
from tfcompat.ops.signal_spectral_ops import linear_to_mel_weight_matrix  # noqa: F401
from tfcompat.ops.signal_spectral_ops import mfccs_from_log_mel_spectrograms  # noqa: F401
from tfcompat.ops.signal_spectral_ops import stft  # noqa: F401

__getattr__ = missing_attr("contrib.signal", __name__)
