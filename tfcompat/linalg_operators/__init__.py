"""TF's `tf.linalg.LinearOperator*` classes (linear operators that act like matrices without
necessarily holding them): the abstract base, elementary, structured and composed operators."""
from tfcompat.linalg_operators.base import LinearOperator  # noqa: F401
from tfcompat.linalg_operators.basic import LinearOperatorDiag  # noqa: F401
from tfcompat.linalg_operators.basic import LinearOperatorFullMatrix  # noqa: F401
from tfcompat.linalg_operators.basic import LinearOperatorIdentity  # noqa: F401
from tfcompat.linalg_operators.basic import LinearOperatorLowerTriangular  # noqa: F401
from tfcompat.linalg_operators.basic import LinearOperatorScaledIdentity  # noqa: F401
from tfcompat.linalg_operators.basic import LinearOperatorZeros  # noqa: F401
from tfcompat.linalg_operators.composed import LinearOperatorAdjoint  # noqa: F401
from tfcompat.linalg_operators.composed import LinearOperatorBlockDiag  # noqa: F401
from tfcompat.linalg_operators.composed import LinearOperatorBlockLowerTriangular  # noqa: F401
from tfcompat.linalg_operators.composed import LinearOperatorComposition  # noqa: F401
from tfcompat.linalg_operators.composed import LinearOperatorInversion  # noqa: F401
from tfcompat.linalg_operators.composed import LinearOperatorKronecker  # noqa: F401
from tfcompat.linalg_operators.composed import LinearOperatorLowRankUpdate  # noqa: F401
from tfcompat.linalg_operators.structured import LinearOperatorCirculant  # noqa: F401
from tfcompat.linalg_operators.structured import LinearOperatorCirculant2D  # noqa: F401
from tfcompat.linalg_operators.structured import LinearOperatorCirculant3D  # noqa: F401
from tfcompat.linalg_operators.structured import LinearOperatorHouseholder  # noqa: F401
from tfcompat.linalg_operators.structured import LinearOperatorPermutation  # noqa: F401
from tfcompat.linalg_operators.structured import LinearOperatorToeplitz  # noqa: F401
from tfcompat.linalg_operators.structured import LinearOperatorTridiag  # noqa: F401

__all__ = sorted(name for name in dir() if name.startswith("LinearOperator"))
