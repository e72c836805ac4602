"""tf.contrib.learn.datasets: `base` (load_csv_with_header / load_csv_without_header,
Dataset, Datasets). The downloading loaders (load_dataset, load_iris, load_boston, mnist) are
not provided: TF bundled or downloaded their data."""
from tfcompat._unsupported import missing_attr
from tfcompat.contrib.learn.datasets import base  # noqa: F401

__all__ = ["base"]
__getattr__ = missing_attr("contrib.learn.datasets", __name__)
