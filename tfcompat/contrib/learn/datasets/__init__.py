"""tf.contrib.learn.datasets: `base` (load_csv_with_header / load_csv_without_header,
Dataset, Datasets, maybe_download of a file already there), `mnist` (read_data_sets of a local
directory's IDX files) and `load_dataset("mnist")` (from ./MNIST-data). tfcompat does not
download data sets: the loaders of the data TF bundled (iris, boston) or downloaded (dbpedia)
fail naming them, and a missing MNIST file fails naming it."""
from tfcompat._unsupported import missing_attr, refuse
from tfcompat.contrib.learn.datasets import base  # noqa: F401
from tfcompat.contrib.learn.datasets import mnist  # noqa: F401

__all__ = ["base", "mnist", "load_dataset"]

DATASETS = {"iris": base.load_iris, "boston": base.load_boston, "mnist": mnist.load_mnist,
            "dbpedia": refuse("tf.contrib.learn.datasets.text_datasets.load_dbpedia")}


def load_dataset(name, size="small", test_with_fake_data=False):
    """The data set `name` (only "mnist" here, read from ./MNIST-data)."""
    if name not in DATASETS:
        raise ValueError("Name of dataset is not found: %s" % name)
    if name == "dbpedia":
        return DATASETS[name](size, test_with_fake_data)
    return DATASETS[name]()


__getattr__ = missing_attr("contrib.learn.datasets", __name__)
