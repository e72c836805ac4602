"""TF's `tf.linalg.LinearOperator*` classes (linear operators that act like matrices without
necessarily holding them): the abstract base, elementary, structured and composed operators."""
from tfcompat.linalg_operators.base import LinearOperator
from tfcompat.linalg_operators.basic import LinearOperatorDiag
from tfcompat.linalg_operators.basic import LinearOperatorFullMatrix
from tfcompat.linalg_operators.basic import LinearOperatorIdentity
from tfcompat.linalg_operators.basic import LinearOperatorLowerTriangular
from tfcompat.linalg_operators.basic import LinearOperatorScaledIdentity
from tfcompat.linalg_operators.basic import LinearOperatorZeros
from tfcompat.linalg_operators.composed import LinearOperatorAdjoint
from tfcompat.linalg_operators.composed import LinearOperatorBlockDiag
from tfcompat.linalg_operators.composed import LinearOperatorBlockLowerTriangular
from tfcompat.linalg_operators.composed import LinearOperatorComposition
from tfcompat.linalg_operators.composed import LinearOperatorInversion
from tfcompat.linalg_operators.composed import LinearOperatorKronecker
from tfcompat.linalg_operators.composed import LinearOperatorLowRankUpdate
from tfcompat.linalg_operators.structured import LinearOperatorCirculant
from tfcompat.linalg_operators.structured import LinearOperatorCirculant2D
from tfcompat.linalg_operators.structured import LinearOperatorCirculant3D
from tfcompat.linalg_operators.structured import LinearOperatorHouseholder
from tfcompat.linalg_operators.structured import LinearOperatorPermutation
from tfcompat.linalg_operators.structured import LinearOperatorToeplitz
from tfcompat.linalg_operators.structured import LinearOperatorTridiag

__all__ = [
    "LinearOperator",
    "LinearOperatorAdjoint",
    "LinearOperatorBlockDiag",
    "LinearOperatorBlockLowerTriangular",
    "LinearOperatorCirculant",
    "LinearOperatorCirculant2D",
    "LinearOperatorCirculant3D",
    "LinearOperatorComposition",
    "LinearOperatorDiag",
    "LinearOperatorFullMatrix",
    "LinearOperatorHouseholder",
    "LinearOperatorIdentity",
    "LinearOperatorInversion",
    "LinearOperatorKronecker",
    "LinearOperatorLowRankUpdate",
    "LinearOperatorLowerTriangular",
    "LinearOperatorPermutation",
    "LinearOperatorScaledIdentity",
    "LinearOperatorToeplitz",
    "LinearOperatorTridiag",
    "LinearOperatorZeros",
]
