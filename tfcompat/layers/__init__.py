"""The `tf.layers` namespace (TF1 legacy layers): classes and their functional forms."""
from tfcompat.layers.base import InputSpec
from tfcompat.layers.base import Layer
from tfcompat.layers.convolutional import AveragePooling1D
from tfcompat.layers.convolutional import AveragePooling2D
from tfcompat.layers.convolutional import AveragePooling3D
from tfcompat.layers.convolutional import Conv1D
from tfcompat.layers.convolutional import Conv2D
from tfcompat.layers.convolutional import Conv2DTranspose
from tfcompat.layers.convolutional import Conv3D
from tfcompat.layers.convolutional import Conv3DTranspose
from tfcompat.layers.convolutional import MaxPooling1D
from tfcompat.layers.convolutional import MaxPooling2D
from tfcompat.layers.convolutional import MaxPooling3D
from tfcompat.layers.convolutional import SeparableConv1D
from tfcompat.layers.convolutional import SeparableConv2D
from tfcompat.layers.convolutional import average_pooling1d
from tfcompat.layers.convolutional import average_pooling2d
from tfcompat.layers.convolutional import average_pooling3d
from tfcompat.layers.convolutional import conv1d
from tfcompat.layers.convolutional import conv2d
from tfcompat.layers.convolutional import conv2d_transpose
from tfcompat.layers.convolutional import conv3d
from tfcompat.layers.convolutional import conv3d_transpose
from tfcompat.layers.convolutional import max_pooling1d
from tfcompat.layers.convolutional import max_pooling2d
from tfcompat.layers.convolutional import max_pooling3d
from tfcompat.layers.convolutional import separable_conv1d
from tfcompat.layers.convolutional import separable_conv2d
from tfcompat.layers.core import Dense
from tfcompat.layers.core import Dropout
from tfcompat.layers.core import Flatten
from tfcompat.layers.core import dense
from tfcompat.layers.core import dropout
from tfcompat.layers.core import flatten
from tfcompat.layers.normalization import BatchNormalization
from tfcompat.layers.normalization import batch_normalization

Convolution1D, Convolution2D, Convolution3D = Conv1D, Conv2D, Conv3D
Convolution2DTranspose, Deconvolution2D = Conv2DTranspose, Conv2DTranspose
Convolution3DTranspose, Deconvolution3D = Conv3DTranspose, Conv3DTranspose
MaxPool1D, MaxPool2D, MaxPool3D = MaxPooling1D, MaxPooling2D, MaxPooling3D
AvgPool1D, AvgPool2D, AvgPool3D = AveragePooling1D, AveragePooling2D, AveragePooling3D

from tfcompat._unsupported import missing_attr as _missing_attr  # noqa: E402

__all__ = ["AveragePooling1D", "AveragePooling2D", "AveragePooling3D", "AvgPool1D", "AvgPool2D",
           "AvgPool3D", "BatchNormalization", "Conv1D", "Conv2D", "Conv2DTranspose", "Conv3D",
           "Conv3DTranspose", "Convolution1D", "Convolution2D", "Convolution2DTranspose",
           "Convolution3D", "Convolution3DTranspose", "Deconvolution2D", "Deconvolution3D",
           "Dense", "Dropout", "Flatten", "InputSpec", "Layer", "MaxPool1D", "MaxPool2D",
           "MaxPool3D", "MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "SeparableConv1D", "SeparableConv2D",
           "average_pooling1d", "average_pooling2d", "average_pooling3d", "batch_normalization",
           "conv1d", "conv2d", "conv2d_transpose", "conv3d", "conv3d_transpose", "dense",
           "dropout", "flatten", "max_pooling1d", "max_pooling2d", "max_pooling3d",
           "separable_conv1d", "separable_conv2d"]
__getattr__ = _missing_attr("layers", __name__)

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('layers', __name__)   # TF's names, not this module's imports
