"""`tf.linalg`: TF1's linear-algebra namespace (tf.compat.v1.linalg). A name here and its
top-level alias (`tf.linalg.inv`, `tf.matrix_inverse`) are one object; names tfcompat does not
implement fail with the unsupported-API error.
"""
from tfcompat.linalg_operators import *  # noqa: F401,F403 - tf.linalg.LinearOperator*
from tfcompat.ops.array_ops import matrix_transpose  # noqa: F401
from tfcompat.ops.array_ops import matrix_transpose as transpose  # noqa: F401
from tfcompat.ops.clip_ops import global_norm  # noqa: F401
from tfcompat.ops.einsum_ops import einsum  # noqa: F401
from tfcompat.ops.einsum_ops import tensordot  # noqa: F401
from tfcompat.ops.linalg_diag_ops import diag as tensor_diag  # noqa: F401
from tfcompat.ops.linalg_diag_ops import eye  # noqa: F401
from tfcompat.ops.linalg_diag_ops import matrix_band_part as band_part  # noqa: F401
from tfcompat.ops.linalg_diag_ops import matrix_diag as diag  # noqa: F401
from tfcompat.ops.linalg_diag_ops import matrix_diag_part as diag_part  # noqa: F401
from tfcompat.ops.linalg_diag_ops import matrix_set_diag as set_diag  # noqa: F401
from tfcompat.ops.linalg_diag_ops import trace  # noqa: F401
from tfcompat.ops.linalg_ops import adjoint  # noqa: F401
from tfcompat.ops.linalg_ops import cholesky  # noqa: F401
from tfcompat.ops.linalg_ops import cholesky_solve  # noqa: F401
from tfcompat.ops.linalg_ops import diag_part as tensor_diag_part  # noqa: F401
from tfcompat.ops.linalg_ops import log_matrix_determinant as slogdet  # noqa: F401
from tfcompat.ops.linalg_ops import logdet  # noqa: F401
from tfcompat.ops.linalg_ops import matrix_determinant as det  # noqa: F401
from tfcompat.ops.linalg_ops import matrix_inverse as inv  # noqa: F401
from tfcompat.ops.linalg_ops import matrix_solve as solve  # noqa: F401
from tfcompat.ops.linalg_ops import matrix_triangular_solve as triangular_solve  # noqa: F401
from tfcompat.ops.linalg_ops import matvec  # noqa: F401
from tfcompat.ops.linalg_ops import norm  # noqa: F401
from tfcompat.ops.linalg_ops import qr  # noqa: F401
from tfcompat.ops.nn_impl import l2_normalize  # noqa: F401
from tfcompat.ops.reduction_ops import matmul  # noqa: F401
from tfcompat.ops.linalg_composite_ops import eigh_tridiagonal  # noqa: F401
from tfcompat.ops.linalg_composite_ops import expm  # noqa: F401
from tfcompat.ops.linalg_composite_ops import lu_matrix_inverse  # noqa: F401
from tfcompat.ops.linalg_composite_ops import lu_reconstruct  # noqa: F401
from tfcompat.ops.linalg_composite_ops import lu_solve  # noqa: F401
from tfcompat.ops.linalg_composite_ops import matrix_rank  # noqa: F401
from tfcompat.ops.linalg_composite_ops import matrix_solve_ls as lstsq  # noqa: F401
from tfcompat.ops.linalg_composite_ops import normalize  # noqa: F401
from tfcompat.ops.linalg_composite_ops import pinv  # noqa: F401
from tfcompat.ops.linalg_composite_ops import tridiagonal_matmul  # noqa: F401
from tfcompat.ops.linalg_composite_ops import tridiagonal_solve  # noqa: F401
from tfcompat.ops.linalg_decomp_ops import cross  # noqa: F401
from tfcompat.ops.linalg_decomp_ops import logm  # noqa: F401
from tfcompat.ops.linalg_decomp_ops import lu  # noqa: F401
from tfcompat.ops.linalg_decomp_ops import matrix_square_root as sqrtm  # noqa: F401
from tfcompat.ops.linalg_decomp_ops import self_adjoint_eig as eigh  # noqa: F401
from tfcompat.ops.linalg_decomp_ops import self_adjoint_eigvals as eigvalsh  # noqa: F401
from tfcompat.ops.linalg_decomp_ops import svd  # noqa: F401
from tfcompat._unsupported import missing_attr as _missing_attr

__getattr__ = _missing_attr("linalg", __name__)
