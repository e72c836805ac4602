"""tf.contrib.cluster_resolver (TF 1.15): the resolvers of tf.distribute.cluster_resolver under
their contrib names (UnionResolver as UnionClusterResolver), and TPUClusterResolver, which finds
the Cloud TPU a program runs on. tfcompat runs on CPUs and GPUs only: constructing a
TPUClusterResolver fails, as TF's does wherever no TPU is reachable. GceClusterResolver and
KubernetesClusterResolver (cloud client libraries) fail with an error naming them."""
from tfcompat._unsupported import UnsupportedAPIError, missing_attr
from tfcompat.distribute.cluster_resolver import (ClusterResolver, SimpleClusterResolver,
                                                  SlurmClusterResolver, TFConfigClusterResolver,
                                                  UnionResolver)

UnionClusterResolver = UnionResolver

__all__ = ["ClusterResolver", "SimpleClusterResolver", "SlurmClusterResolver",
           "TFConfigClusterResolver", "TPUClusterResolver", "UnionClusterResolver"]


class TPUClusterResolver(ClusterResolver):
    """The cluster of a Cloud TPU. TF raises ValueError without a TPU name (outside Google
    Compute Engine); tfcompat, which has no TPU to connect to, refuses every other one."""

    _tfcompat_unsupported = ("tfcompat runs on CPUs and GPUs: there is no TPU to resolve; run "
                             "TPUEstimator with use_tpu=False")

    def __init__(self, tpu=None, zone=None, project=None, job_name="worker",
                 coordinator_name=None, coordinator_address=None, credentials="default",
                 service=None, discovery_url=None):
        if not tpu:
            raise ValueError("Please provide a TPU Name to connect to.")
        raise UnsupportedAPIError("tf.contrib.cluster_resolver.TPUClusterResolver")

    # ClusterResolver's abstract methods; never reached, as no instance can be made
    def cluster_spec(self):
        raise UnsupportedAPIError("tf.contrib.cluster_resolver.TPUClusterResolver")

    def master(self, task_type=None, task_id=None, rpc_layer=None):
        raise UnsupportedAPIError("tf.contrib.cluster_resolver.TPUClusterResolver")


__getattr__ = missing_attr("contrib.cluster_resolver", __name__)
