"""`tf.keras.applications.resnet50`: ResNet50 and its helpers (the same as in `resnet`)."""
from tfcompat.keras.applications.resnet import ResNet50  # noqa: F401
from tfcompat.keras.applications.resnet import decode_predictions  # noqa: F401
from tfcompat.keras.applications.resnet import preprocess_input  # noqa: F401
