"""TF's own gradient functions of elementwise op types, for `Graph.gradient_override_map`.

`with g.gradient_override_map({"Relu": "Relu6"})` makes `tf.gradients` call the gradient TF
registered for "Relu6" on the Relu op (its inputs and outputs). tfcompat's built-in gradients
are torch autograd of each lowering, not graph functions, so the ones a program can borrow by
name are written here as TF writes them (math_grad.py / nn_grad.py): many read the op's
*output* (`SigmoidGrad(y, dy)`), which is why they are not the same as autograd of the borrowed
type at the op's inputs.
"""
from __future__ import annotations

from tfcompat.framework.convert import constant
from tfcompat.framework.op_builder import apply_op


def _pass_through(op, grad):
    return grad


def _of_output(grad_type, grad_first):
    """TF's `gen_*.<grad_type>(...)` of the op's first output and the incoming gradient."""
    def fn(op, grad):
        y = op.outputs[0]
        return apply_op(grad_type, [grad, y] if grad_first else [y, grad])
    fn.__name__ = "_%s" % grad_type
    return fn


def _of_input(grad_type):
    def fn(op, grad):
        return apply_op(grad_type, [grad, op.inputs[0]])
    fn.__name__ = "_%s" % grad_type
    return fn


def _exp_grad(op, grad):
    return apply_op("Mul", [grad, op.outputs[0]])


def _sign_grad(op, grad):
    return apply_op("ZerosLike", [op.inputs[0]])


def _neg_grad(op, grad):
    return apply_op("Neg", [grad])


def _square_grad(op, grad):
    x = op.inputs[0]
    two = constant(2.0, dtype=x.dtype.base_dtype)
    return apply_op("Mul", [grad, apply_op("Mul", [x, two])])


def _abs_grad(op, grad):
    return apply_op("Mul", [grad, apply_op("Sign", [op.inputs[0]])])


def _log_grad(op, grad):
    return apply_op("Mul", [grad, apply_op("Reciprocal", [op.inputs[0]])])


# The override names `gradient_override_map` may borrow: TF's registered gradient for each
# (None: TF's returns no gradient, so the op stops it).
OVERRIDE_GRADIENTS = {
    "Identity": _pass_through,
    "StopGradient": None, "Floor": None, "Ceil": None, "Round": None, "Rint": None,
    "Sign": _sign_grad,
    "Neg": _neg_grad,
    "Square": _square_grad,
    "Abs": _abs_grad,
    "Log": _log_grad,
    "Exp": _exp_grad,
    "Relu": _of_output("ReluGrad", True),
    "Relu6": _of_output("Relu6Grad", True),
    "Elu": _of_output("EluGrad", True),
    "Selu": _of_output("SeluGrad", True),
    "Softplus": _of_input("SoftplusGrad"),
    "Softsign": _of_input("SoftsignGrad"),
    "Sigmoid": _of_output("SigmoidGrad", False),
    "Tanh": _of_output("TanhGrad", False),
    "Sqrt": _of_output("SqrtGrad", False),
    "Rsqrt": _of_output("RsqrtGrad", False),
    "Reciprocal": _of_output("ReciprocalGrad", False),
}
