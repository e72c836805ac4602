"""tf.contrib.learn.datasets.base (TF 1.15 learn/datasets/base.py): the CSV loaders of the
2016-2017 tutorials (iris: a header row "n_samples,n_features,<class names>...")."""
from __future__ import annotations

import collections
import csv
import os

import numpy as np

from tfcompat import gfile
from tfcompat._unsupported import refuse

Dataset = collections.namedtuple("Dataset", ["data", "target"])
Datasets = collections.namedtuple("Datasets", ["train", "validation", "test"])


def load_csv_with_header(filename, target_dtype, features_dtype, target_column=-1):
    """Dataset(data [n_samples, n_features], target [n_samples]) of a CSV file whose header
    row starts with the number of samples and of features."""
    with gfile.Open(filename) as csv_file:
        data_file = csv.reader(csv_file)
        header = next(data_file)
        n_samples = int(header[0])
        n_features = int(header[1])
        data = np.zeros((n_samples, n_features), dtype=features_dtype)
        target = np.zeros((n_samples,), dtype=target_dtype)
        for i, row in enumerate(data_file):
            target[i] = np.asarray(row.pop(target_column), dtype=target_dtype)
            data[i] = np.asarray(row, dtype=features_dtype)
    return Dataset(data=data, target=target)


def load_csv_without_header(filename, target_dtype, features_dtype, target_column=-1):
    """Dataset of a CSV file with no header row."""
    with gfile.Open(filename) as csv_file:
        data_file = csv.reader(csv_file)
        data, target = [], []
        for row in data_file:
            target.append(row.pop(target_column))
            data.append(np.asarray(row, dtype=features_dtype))
    target = np.array(target, dtype=target_dtype)
    data = np.array(data)
    return Dataset(data=data, target=target)


def maybe_download(filename, work_directory, source_url):
    """`work_directory/filename` when it is there. TF downloaded it from `source_url`
    otherwise; tfcompat does not download: a missing file fails naming it."""
    filepath = os.path.join(work_directory, filename)
    if not gfile.Exists(filepath):
        raise FileNotFoundError(
            "tf.contrib.learn.datasets: %s is not in %s, and tfcompat does not download data "
            "sets (TF would fetch %s): download it there first" % (
                filename, work_directory, source_url))
    return filepath


# the data of these TF bundled in its package: not here
load_iris = refuse("tf.contrib.learn.datasets.base.load_iris")
load_boston = refuse("tf.contrib.learn.datasets.base.load_boston")
