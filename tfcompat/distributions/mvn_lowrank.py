"""TF 1.15 contrib's MultivariateNormalDiagPlusLowRank (mvn_diag_plus_low_rank.py):
N(loc, scale scale^T) with scale = diag(scale_diag + scale_identity_multiplier) +
scale_perturb_factor diag(scale_perturb_diag) scale_perturb_factor^T (a
LinearOperatorLowRankUpdate)."""
from __future__ import annotations

import tfcompat as tf
from tfcompat import linalg
from tfcompat.distributions.mvn import MultivariateNormalLinearOperator
from tfcompat.distributions.mvn import make_diag_scale


class MultivariateNormalDiagPlusLowRank(MultivariateNormalLinearOperator):
    """The multivariate normal with a diagonal-plus-low-rank scale."""

    def __init__(self, loc=None, scale_diag=None, scale_identity_multiplier=None,
                 scale_perturb_factor=None, scale_perturb_diag=None, validate_args=False,
                 allow_nan_stats=True, name="MultivariateNormalDiagPlusLowRank"):
        parameters = dict(locals())

        def _convert_to_tensor(x, name):
            return None if x is None else tf.convert_to_tensor(x, name=name)

        with tf.name_scope(name) as name:
            with tf.name_scope("init", values=[loc, scale_diag, scale_identity_multiplier,
                                               scale_perturb_factor, scale_perturb_diag]):
                has_low_rank = scale_perturb_factor is not None or scale_perturb_diag is not None
                scale = make_diag_scale(loc=loc, scale_diag=scale_diag,
                                        scale_identity_multiplier=scale_identity_multiplier,
                                        validate_args=validate_args,
                                        assert_positive=has_low_rank)
                scale_perturb_factor = _convert_to_tensor(scale_perturb_factor,
                                                          name="scale_perturb_factor")
                scale_perturb_diag = _convert_to_tensor(scale_perturb_diag,
                                                        name="scale_perturb_diag")
                if has_low_rank:
                    scale = linalg.LinearOperatorLowRankUpdate(
                        scale, u=scale_perturb_factor, diag_update=scale_perturb_diag,
                        is_diag_update_positive=scale_perturb_diag is None,
                        is_non_singular=True, is_self_adjoint=True, is_positive_definite=True,
                        is_square=True)
        super().__init__(loc=loc, scale=scale, validate_args=validate_args,
                         allow_nan_stats=allow_nan_stats, name=name)
        self._parameters = parameters
        self._parameters.pop("self", None)
