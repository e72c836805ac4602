"""Elementwise unary math ops over every dtype TF allows."""
from harness import Spec
from specs import unary

_PLAIN = ["Neg", "Abs", "Sign", "Square", "Sqrt", "Rsqrt", "Exp", "Expm1", "Log", "Log1p",
          "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Tanh", "Asinh",
          "Acosh", "Atanh", "Sigmoid", "Floor", "Ceil", "Round", "Rint", "Reciprocal", "Erf",
          "Erfc", "Lgamma", "Digamma", "IsNan", "IsInf", "IsFinite", "Real", "Imag", "Conj",
          "LogicalNot", "ComplexAbs"]
_TOL = {"float32": (2e-5, 1e-6), "complex64": (2e-5, 1e-6)}
_NAMES = {"Real": "input", "Imag": "input", "Conj": "input"}

SPECS = [Spec(op, unary(_NAMES.get(op, "x")), tol=_TOL) for op in _PLAIN]
