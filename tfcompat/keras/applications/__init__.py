"""`tf.keras.applications`: the ImageNet models of TF 1.15's Keras with tf_keras 2.21's layer
names, arguments and errors. `weights='imagenet'` loads TF's weights file from Keras' cache
(`~/.keras/models/<TF's file name>`), downloading it from TF's URL when it is missing; a path
loads a Keras HDF5 weights file by topology."""
from tfcompat import _unsupported
from tfcompat.keras.applications import densenet  # noqa: F401
from tfcompat.keras.applications import imagenet_utils  # noqa: F401
from tfcompat.keras.applications import inception_resnet_v2  # noqa: F401
from tfcompat.keras.applications import inception_v3  # noqa: F401
from tfcompat.keras.applications import mobilenet  # noqa: F401
from tfcompat.keras.applications import mobilenet_v2  # noqa: F401
from tfcompat.keras.applications import nasnet  # noqa: F401
from tfcompat.keras.applications import resnet  # noqa: F401
from tfcompat.keras.applications import resnet50  # noqa: F401
from tfcompat.keras.applications import resnet_v2  # noqa: F401
from tfcompat.keras.applications import vgg16  # noqa: F401
from tfcompat.keras.applications import vgg19  # noqa: F401
from tfcompat.keras.applications import xception  # noqa: F401
from tfcompat.keras.applications.densenet import DenseNet121  # noqa: F401
from tfcompat.keras.applications.densenet import DenseNet169  # noqa: F401
from tfcompat.keras.applications.densenet import DenseNet201  # noqa: F401
from tfcompat.keras.applications.inception_resnet_v2 import InceptionResNetV2  # noqa: F401
from tfcompat.keras.applications.inception_v3 import InceptionV3  # noqa: F401
from tfcompat.keras.applications.mobilenet import MobileNet  # noqa: F401
from tfcompat.keras.applications.mobilenet_v2 import MobileNetV2  # noqa: F401
from tfcompat.keras.applications.nasnet import NASNetLarge  # noqa: F401
from tfcompat.keras.applications.nasnet import NASNetMobile  # noqa: F401
from tfcompat.keras.applications.resnet import ResNet50  # noqa: F401
from tfcompat.keras.applications.resnet import ResNet101  # noqa: F401
from tfcompat.keras.applications.resnet import ResNet152  # noqa: F401
from tfcompat.keras.applications.resnet_v2 import ResNet50V2  # noqa: F401
from tfcompat.keras.applications.resnet_v2 import ResNet101V2  # noqa: F401
from tfcompat.keras.applications.resnet_v2 import ResNet152V2  # noqa: F401
from tfcompat.keras.applications.vgg16 import VGG16  # noqa: F401
from tfcompat.keras.applications.vgg19 import VGG19  # noqa: F401
from tfcompat.keras.applications.xception import Xception  # noqa: F401

__getattr__ = _unsupported.missing_attr("keras.applications", __name__)
