"""`tf.contrib.factorization` (TF 1.15), as far as tfcompat provides it: the k-means graph
(`KMeans` and its constants, the `nearest_neighbors` / `kmeans_plus_plus_initialization` /
`kmc2_chain_initialization` ops), the `KMeansClustering` estimator, the weighted ALS model
`WALSModel` and the Gaussian mixture graph (`gmm`, `GmmAlgorithm`). The estimators built on
tf.contrib.learn (`GMM`, `WALSMatrixFactorization`) are not implemented and fail with an
error naming them."""
from tfcompat._unsupported import missing_attr
from tfcompat.contrib.factorization.clustering_ops import (
    CLUSTERS_VAR_NAME, COSINE_DISTANCE, KMC2_INIT, KMEANS_PLUS_PLUS_INIT, RANDOM_INIT,
    SQUARED_EUCLIDEAN_DISTANCE, KMeans, kmc2_chain_initialization, kmeans_plus_plus_initialization,
    nearest_neighbors)
from tfcompat.contrib.factorization.factorization_ops import WALSModel
from tfcompat.contrib.factorization.gmm_ops import (
    DIAG_COVARIANCE, FULL_COVARIANCE, MEPS, GmmAlgorithm, gmm)
from tfcompat.contrib.factorization.kmeans_estimator import KMeansClustering

__all__ = ["COSINE_DISTANCE", "KMC2_INIT", "KMEANS_PLUS_PLUS_INIT", "RANDOM_INIT",
           "SQUARED_EUCLIDEAN_DISTANCE", "KMeans", "KMeansClustering", "WALSModel",
           "GmmAlgorithm", "gmm", "kmc2_chain_initialization",
           "kmeans_plus_plus_initialization", "nearest_neighbors", "CLUSTERS_VAR_NAME",
           "DIAG_COVARIANCE", "FULL_COVARIANCE", "MEPS"]

__getattr__ = missing_attr("contrib.factorization", __name__)
