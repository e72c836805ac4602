"""`tf.random`: TF1's random namespace (tf.compat.v1.random). A name here and its top-level
alias (`tf.random.uniform`, `tf.random_uniform`) are one object; names tfcompat does not
implement fail with the unsupported-API error.
"""
from tfcompat.ops.candidate_sampling_ops import all_candidate_sampler  # noqa: F401
from tfcompat.ops.candidate_sampling_ops import fixed_unigram_candidate_sampler  # noqa: F401
from tfcompat.ops.candidate_sampling_ops import learned_unigram_candidate_sampler  # noqa: F401,E501
from tfcompat.ops.nn_loss_ops import log_uniform_candidate_sampler  # noqa: F401
from tfcompat.ops.nn_loss_ops import uniform_candidate_sampler  # noqa: F401
from tfcompat.ops.random_ops import get_seed  # noqa: F401
from tfcompat.ops.random_ops import multinomial  # noqa: F401
from tfcompat.ops.random_ops import random_categorical as categorical  # noqa: F401
from tfcompat.ops.random_ops import random_normal as normal  # noqa: F401
from tfcompat.ops.random_ops import random_shuffle as shuffle  # noqa: F401
from tfcompat.ops.random_ops import random_uniform as uniform  # noqa: F401
from tfcompat.ops.random_ops import set_random_seed  # noqa: F401
from tfcompat.ops.random_ops import truncated_normal  # noqa: F401
from tfcompat.ops.random_more_ops import random_gamma as gamma  # noqa: F401
from tfcompat.ops.random_more_ops import random_poisson as poisson  # noqa: F401
from tfcompat.ops.stateless_random_more import create_rng_state  # noqa: F401
from tfcompat.ops.stateless_random_more import fold_in  # noqa: F401
from tfcompat.ops.stateless_random_more import split  # noqa: F401
from tfcompat.ops.stateless_random_more import (  # noqa: F401
    stateless_random_binomial as stateless_binomial)
from tfcompat.ops.stateless_random_more import (  # noqa: F401
    stateless_random_gamma as stateless_gamma)
from tfcompat.ops.stateless_random_more import (  # noqa: F401
    stateless_random_poisson as stateless_poisson)
from tfcompat.ops.stateless_random_more import stateless_parameterized_truncated_normal  # noqa: F401,E501
from tfcompat.ops.stateless_random_ops import Algorithm  # noqa: F401
from tfcompat.ops.stateless_random_ops import stateless_categorical  # noqa: F401
from tfcompat.ops.stateless_random_ops import stateless_multinomial  # noqa: F401
from tfcompat.ops.stateless_random_ops import (  # noqa: F401
    stateless_random_normal as stateless_normal)
from tfcompat.ops.stateless_random_ops import (  # noqa: F401
    stateless_random_uniform as stateless_uniform)
from tfcompat.ops.stateless_random_ops import stateless_truncated_normal  # noqa: F401
from tfcompat.random_generator import Generator  # noqa: F401
from tfcompat.random_generator import get_global_generator  # noqa: F401
from tfcompat.random_generator import set_global_generator  # noqa: F401
from tfcompat._unsupported import missing_attr as _missing_attr

__getattr__ = _missing_attr("random", __name__)
