"""The k-means kernels of tf.contrib.factorization (TF 2.21 keeps them as raw ops): nearest
centers with their squared distances (ties to the lower index, k above the number of centers),
k-means++ and k-MC2 seeded sampling (tfcompat reproduces the kernels' own seeded RNG)."""
import numpy as np

from harness import Program

_POINTS = np.array([[0., 0.], [1., 0.], [0., 1.], [5., 5.], [6., 5.], [5., 6.], [2.5, 2.5],
                    [-3., 4.], [9., -1.], [1., 1.]], np.float32)


def _nearest_neighbors(tf):
    centers = tf.constant([[0., 0.], [5., 5.], [1., 1.]], tf.float32)
    points = tf.constant(_POINTS)
    near, dist = tf.raw_ops.NearestNeighbors(points=points, centers=centers,
                                             k=tf.constant(2, tf.int64))
    all_near, all_dist = tf.raw_ops.NearestNeighbors(points=points, centers=centers,
                                                     k=tf.constant(5, tf.int64))
    return {"near": near, "dist": dist, "all_near": all_near, "all_dist": all_dist}, {}, []


def _kmeans_plus_plus(tf):
    points = tf.constant(_POINTS)
    out = {}
    for seed, retries in ((7, -1), (123456789, 3), (2 ** 40 + 5, 0)):
        out["s%d_r%d" % (seed % 1000, retries)] = tf.raw_ops.KmeansPlusPlusInitialization(
            points=points, num_to_sample=tf.constant(4, tf.int64),
            seed=tf.constant(seed, tf.int64), num_retries_per_sample=tf.constant(retries,
                                                                                 tf.int64))
    return out, {}, []


def _kmc2_chain(tf):
    distances = tf.constant([0.5, 3.0, 0.0, 7.25, 1.0, 2.0], tf.float32)
    return {"seed%d" % s: tf.raw_ops.KMC2ChainInitialization(
        distances=distances, seed=tf.constant(s, tf.int64)) for s in (0, 1, 99, 31337)}, {}, []


PROGRAMS = [
    Program("clustering_nearest_neighbors", _nearest_neighbors, covers=("NearestNeighbors",)),
    Program("clustering_kmeans_plus_plus", _kmeans_plus_plus,
            covers=("KmeansPlusPlusInitialization",)),
    Program("clustering_kmc2_chain", _kmc2_chain, covers=("KMC2ChainInitialization",)),
]
