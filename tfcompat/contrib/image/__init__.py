"""`tf.contrib.image` (TF 1.15): projective transforms (transform, rotate, translate and the
helpers building them), dense_image_warp / interpolate_bilinear, sparse_image_warp /
interpolate_spline, connected_components and the
YIQ colour adjustments adjust_hsv_in_yiq / random_hsv_in_yiq."""
from tfcompat._unsupported import missing_attr
from tfcompat.contrib.image.dense_image_warp import dense_image_warp
from tfcompat.contrib.image.dense_image_warp import interpolate_bilinear
from tfcompat.contrib.image.distort_image_ops import adjust_hsv_in_yiq
from tfcompat.contrib.image.distort_image_ops import random_hsv_in_yiq
from tfcompat.contrib.image.image_ops import angles_to_projective_transforms
from tfcompat.contrib.image.image_ops import compose_transforms
from tfcompat.contrib.image.image_ops import connected_components
from tfcompat.contrib.image.image_ops import flat_transforms_to_matrices
from tfcompat.contrib.image.image_ops import matrices_to_flat_transforms
from tfcompat.contrib.image.image_ops import rotate
from tfcompat.contrib.image.image_ops import transform
from tfcompat.contrib.image.image_ops import translate
from tfcompat.contrib.image.image_ops import translations_to_projective_transforms
from tfcompat.contrib.image.sparse_image_warp import interpolate_spline
from tfcompat.contrib.image.sparse_image_warp import sparse_image_warp

__all__ = ["dense_image_warp", "interpolate_bilinear", "adjust_hsv_in_yiq", "random_hsv_in_yiq",
           "angles_to_projective_transforms",
           "compose_transforms", "connected_components", "flat_transforms_to_matrices",
           "matrices_to_flat_transforms", "rotate", "transform", "translate",
           "translations_to_projective_transforms", "interpolate_spline", "sparse_image_warp"]
__getattr__ = missing_attr("contrib.image", __name__)
