"""Build-time dtype checks from TF's OpDefs (framework/op_signatures.py), and the sweep that
every elementwise op's static dtype is its runtime dtype for every dtype TF allows.

Expected messages and values were recorded from TF 2.21 compat.v1 (graph mode).
"""
import gzip
import json
import os
import subprocess
import sys

import numpy as np
import pytest

_SQRT_ALLOWED = "bfloat16, float16, float32, float64, complex64, complex128"
_ADD_ALLOWED = ("bfloat16, float16, float32, float64, uint8, uint16, uint32, uint64, int8, "
                "int16, int32, int64, complex64, complex128")
_SUM_ALLOWED = ("float32, float64, int32, uint8, int16, int8, complex64, int64, qint8, quint8, "
                "qint32, bfloat16, qint16, quint16, uint16, complex128, float16, uint32, uint64")
_NEG_ALLOWED = ("bfloat16, float16, float32, float64, int8, int16, int32, int64, complex64, "
                "complex128")

# (build, exception class, message) as TF 2.21 compat.v1 raises them
REFUSED = {
    "sqrt_int32": (lambda tf: tf.sqrt(tf.constant([4, 9])), TypeError,
                   "Value passed to parameter 'x' has DataType int32 not in list of allowed "
                   "values: " + _SQRT_ALLOWED),
    "sqrt_python_int": (lambda tf: tf.sqrt(4), TypeError,
                        "Value passed to parameter 'x' has DataType int32 not in list of allowed "
                        "values: " + _SQRT_ALLOWED),
    "bool_plus_bool": (lambda tf: tf.constant(True) + tf.constant(True), TypeError,
                       "Value passed to parameter 'x' has DataType bool not in list of allowed "
                       "values: " + _ADD_ALLOWED),
    "bool_plus_float": (lambda tf: tf.add(tf.constant(True), tf.constant(1.0)), TypeError,
                        "Value passed to parameter 'x' has DataType bool not in list of allowed "
                        "values: " + _ADD_ALLOWED),
    "float_plus_bool": (lambda tf: tf.constant(1.0) + tf.constant(True), TypeError,
                        "Input 'y' of 'AddV2' Op has type bool that does not match type float32 "
                        "of argument 'x'."),
    "reduce_sum_bool": (lambda tf: tf.reduce_sum(tf.constant(True)), TypeError,
                        "Value passed to parameter 'input' has DataType bool not in list of "
                        "allowed values: " + _SUM_ALLOWED),
    "cumsum_bool": (lambda tf: tf.cumsum(tf.constant([True])), TypeError,
                    "Value passed to parameter 'x' has DataType bool not in list of allowed "
                    "values: " + _SUM_ALLOWED),
    "neg_uint8": (lambda tf: -tf.constant(3, tf.uint8), TypeError,
                  "Value passed to parameter 'x' has DataType uint8 not in list of allowed "
                  "values: " + _NEG_ALLOWED),
    "matmul_bool": (lambda tf: tf.matmul(tf.constant([[True]]), tf.constant([[True]])), TypeError,
                    "Value passed to parameter 'a' has DataType bool not in list of allowed "
                    "values: bfloat16, float16, float32, float64, int32, int64, uint8, uint16, "
                    "uint32, uint64, complex64, complex128"),
    "reshape_float_shape": (lambda tf: tf.reshape(tf.constant([1., 2.]), tf.constant([2.])),
                            TypeError, "Value passed to parameter 'shape' has DataType float32 "
                            "not in list of allowed values: int32, int64"),
    "concat_mixed": (lambda tf: tf.concat([tf.constant([1.]), tf.constant([1])], 0), TypeError,
                     "Tensors in list passed to 'values' of 'ConcatV2' Op have types [float32, "
                     "int32] that don't all match."),
    "add_n_bool": (lambda tf: tf.add_n([tf.constant(True), tf.constant(True)]), TypeError,
                   "Value passed to parameter 'inputs' has DataType bool not in list of allowed "
                   "values: " + _SUM_ALLOWED + ", variant"),
    "logical_and_int": (lambda tf: tf.logical_and(tf.constant(1), tf.constant(1)), TypeError,
                        "Input 'x' of 'LogicalAnd' Op has type int32 that does not match "
                        "expected type of bool."),
    "softmax_int": (lambda tf: tf.nn.softmax(tf.constant([1, 2])), TypeError,
                    "Value passed to parameter 'logits' has DataType int32 not in list of "
                    "allowed values: float16, bfloat16, float32, float64"),
    "pack_empty": (lambda tf: tf.raw_ops.Pack(values=[]), ValueError,
                   "List argument 'values' to 'Pack' Op with length 0 shorter than minimum "
                   "length 1."),
    "concat_one": (lambda tf: tf.raw_ops.ConcatV2(values=[tf.constant([1.])], axis=0), ValueError,
                   "List argument 'values' to 'ConcatV2' Op with length 1 shorter than minimum "
                   "length 2."),
    "assign_to_constant": (lambda tf: tf.raw_ops.Assign(ref=tf.constant(1.0), value=2.0),
                           TypeError, "'Assign' Op requires that input 'ref' be a mutable tensor "
                           "(e.g.: a tf.Variable)"),
    "truediv_bool": (lambda tf: tf.constant(True) / tf.constant(True), TypeError,
                     "Invalid dtype tf.bool in __truediv__. Expected one of {tf.uint8, tf.int8, "
                     "tf.uint16, tf.int16, tf.uint32, tf.int32, tf.uint64, tf.int64, tf.bfloat16, "
                     "tf.float16, tf.float32, tf.float64, tf.complex64, tf.complex128}."),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_with_tf_text(tf, case):
    build, cls, message = REFUSED[case]
    with pytest.raises(cls) as info:
        build(tf)
    assert str(info.value) == message


def test_refused_op_is_not_added(tf):
    with pytest.raises(TypeError):
        tf.sqrt(tf.constant(4), name="root")
    # as in TF, the refused op's scope name stays taken, but no op is added
    assert tf.sqrt(tf.constant(4.0), name="root").name == "root_1:0"
    assert [op.name for op in tf.get_default_graph().get_operations()] == [
        "Const", "Const_1", "root_1"]


# -- TF's Python wrappers, which keep refused dtypes away from the ops -------------------------

def test_complex_parts_have_real_dtypes(tf):
    c = tf.constant([3 + 4j], tf.complex128)
    parts = [tf.abs(c), tf.real(c), tf.imag(c), tf.conj(c)]
    assert [t.dtype.name for t in parts] == ["float64", "float64", "float64", "complex128"]
    assert [t.op.type for t in parts] == ["ComplexAbs", "Real", "Imag", "Conj"]
    with tf.Session() as sess:
        values = sess.run(parts)
    assert [v.dtype.name for v in values] == ["float64", "float64", "float64", "complex128"]
    np.testing.assert_allclose(values[0], [5.0])
    np.testing.assert_allclose(values[3], [3 - 4j])


def test_complex_parts_of_real_tensors(tf):
    x = tf.constant([1.5], name="x")
    assert tf.real(x) is x and tf.conj(x) is x
    imag = tf.imag(tf.constant([2]))
    assert imag.name == "Imag/zeros_like:0" and imag.dtype.name == "int32"


def test_string_add_and_compare(tf):
    s = tf.constant(["a", "b"])
    joined, plus, eq, ne = tf.add(s, s), s + "x", tf.equal(s, "a"), tf.not_equal(s, "a")
    assert joined.op.type == "Add" and plus.op.type == "Add"  # AddV2 refuses strings
    with tf.Session() as sess:
        values = sess.run([joined, plus, eq, ne])
    assert list(values[0]) == [b"aa", b"bb"] and list(values[1]) == [b"ax", b"bx"]
    assert values[2].tolist() == [True, False] and values[3].tolist() == [False, True]


def test_bool_multiplication_goes_through_int32(tf):
    a = tf.constant([True, False])
    product = a * a
    assert product.name == "mul/Cast_2:0" and product.dtype.name == "bool"
    with tf.Session() as sess:
        assert sess.run(product).tolist() == [True, False]


def test_unsigned_true_division_is_float64(tf):
    out = tf.constant(3, tf.uint32) / tf.constant(2, tf.uint32)
    assert out.dtype.name == "float64"
    with tf.Session() as sess:
        assert sess.run(out) == 1.5


# -- uint16/uint32/uint64, which torch has few kernels for ---------------------------------

# values recorded from TF 2.21: x = [7, max], y = [2, 3]
UNSIGNED = {
    "uint16": {"add": [9, 2], "subtract": [5, 65532], "multiply": [14, 65533],
               "maximum": [7, 65535], "minimum": [2, 3], "greater": [True, True],
               "floordiv": [3, 21845], "floormod": [1, 0]},
    "uint32": {"add": [9, 2], "subtract": [5, 4294967292], "multiply": [14, 4294967293],
               "maximum": [7, 4294967295], "minimum": [2, 3], "greater": [True, True],
               "floordiv": [3, 1431655765], "floormod": [1, 0]},
}


@pytest.mark.parametrize("dtype", sorted(UNSIGNED))
def test_unsigned_arithmetic(tf, dtype):
    top = np.iinfo(dtype).max
    x, y = tf.constant(np.array([7, top], dtype)), tf.constant(np.array([2, 3], dtype))
    outs = {name: getattr(tf, name)(x, y) for name in UNSIGNED[dtype]}
    with tf.Session() as sess:
        values = sess.run(outs)
    for name, want in UNSIGNED[dtype].items():
        assert values[name].dtype == (np.bool_ if name == "greater" else np.dtype(dtype)), name
        assert values[name].tolist() == want, name


@pytest.mark.tfcompat_only
def test_uint64_wraps_and_compares_exactly(tf):
    big = np.array([2**64 - 1, 5], np.uint64)
    x, y = tf.constant(big), tf.constant(np.array([2, 3], np.uint64))
    with tf.Session() as sess:
        total, relu, less = sess.run([x + y, tf.nn.relu(y), tf.less(y, x)])
        assert total.dtype == np.uint64 and total.tolist() == [1, 8]
        assert relu.dtype == np.uint64 and relu.tolist() == [2, 3]
        assert less.tolist() == [True, True]


@pytest.mark.tfcompat_only
def test_unsigned_lowering_widens_where_torch_has_no_kernel(tf):
    import types

    import torch

    from tfcompat import errors
    from tfcompat.ops import _dtype_support
    op = tf.nn.relu(tf.placeholder(tf.uint64)).op
    lower = _dtype_support.unsigned_lowering(op, lambda ctx, v: torch.clamp_min(v, 0))
    ctx = types.SimpleNamespace(op=op)
    small = torch.tensor([3, 2**62], dtype=torch.uint64)
    out = lower(ctx, small)  # torch's clamp_min has no uint64 kernel: run in int64, cast back
    assert out.dtype == torch.uint64 and out.view(torch.int64).tolist() == [3, 2**62]
    with pytest.raises(errors.UnimplementedError, match="2\\*\\*63"):
        lower(ctx, torch.tensor([2**63], dtype=torch.uint64))
    with tf.Graph().as_default():
        plain = tf.nn.relu(tf.placeholder(tf.float32)).op
        fn = lambda ctx, v: v  # noqa: E731
        assert _dtype_support.unsigned_lowering(plain, fn) is fn


# -- the table -------------------------------------------------------------------------------

@pytest.mark.tfcompat_only
def test_table_is_generated_from_the_shipped_op_defs():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    sys.path.insert(0, os.path.join(root, "tools"))
    try:
        import gen_op_signatures
    finally:
        sys.path.pop(0)
    from tfcompat.io import op_defs
    with gzip.open(gen_op_signatures.OUT, "rb") as f:
        shipped = json.loads(f.read())
    assert len(shipped) > 1500
    for name in ("Sqrt", "ConcatV2", "SaveV2", "Real", "VariableV2", "Sum"):
        assert shipped[name] == gen_op_signatures.signature(op_defs.tf_op_def(name)), name


@pytest.mark.tfcompat_only
def test_import_does_not_load_the_table():
    code = ("import tfcompat\nfrom tfcompat.framework import op_signatures\n"
            "print(op_signatures._table.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"


@pytest.mark.tfcompat_only
def test_output_dtypes_follow_the_op_def(tf):
    from tfcompat.framework import op_signatures
    c = tf.constant([1j], tf.complex64)
    real = tf.real(c)
    bound = op_signatures.check_op("Real", [c], real.op._attrs)
    assert op_signatures.output_dtypes("Real", bound, real.op._attrs) == [tf.float32]
    assert op_signatures.output_dtypes("Shape", {"T": tf.float32}, {"out_type": tf.int64}) \
        == [tf.int64]


# -- the sweep: every elementwise op over every dtype --------------------------------------

_DTYPES = ["float16", "bfloat16", "float32", "float64", "int8", "int16", "int32", "int64",
           "uint8", "uint16", "uint32", "uint64", "complex64", "complex128", "bool", "string"]
_UNARY = ["Neg", "Abs", "Sign", "Square", "Sqrt", "Rsqrt", "Exp", "Expm1", "Log", "Log1p", "Sin",
          "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Tanh", "Asinh", "Acosh", "Atanh",
          "Sigmoid", "Floor", "Ceil", "Round", "Rint", "Reciprocal", "Erf", "Erfc", "Lgamma",
          "Digamma", "IsNan", "IsInf", "IsFinite", "LogicalNot", "Real", "Imag", "ComplexAbs",
          "Conj", "Relu", "Relu6", "Elu", "Selu", "Softplus", "Softsign", "LeakyRelu", "Softmax",
          "LogSoftmax", "Identity", "Snapshot", "StopGradient", "ZerosLike", "OnesLike",
          "CheckNumerics", "L2Loss"]
_BINARY = ["AddV2", "Add", "Sub", "Mul", "RealDiv", "Maximum", "Minimum", "SquaredDifference",
           "Atan2", "Pow", "DivNoNan", "Xlogy", "Xdivy", "FloorDiv", "FloorMod", "TruncateDiv",
           "TruncateMod", "Div", "Equal", "NotEqual", "Less", "LessEqual", "Greater",
           "GreaterEqual", "LogicalAnd", "LogicalOr"]
_REDUCE = ["Sum", "Prod", "Max", "Min", "Mean", "Cumsum", "Cumprod", "ArgMax", "ArgMin"]
_OUT_TYPE = {"Real", "Imag", "ComplexAbs"}  # TF's wrappers pass Tout = the real dtype


def _value(dtype, second=False):
    if dtype == "string":
        return np.array([b"a", b"b"], dtype=object)
    if dtype == "bool":
        return np.array([True, second])
    if dtype.startswith("complex"):
        return np.array([0.5 + 0.25j, 0.75 - 0.5j], dtype)
    if dtype.startswith(("float", "bfloat")):
        return np.array([0.25, 2.0] if second else [0.5, 0.75], np.float32)
    return np.array([3, 1] if second else [1, 2]).astype(dtype)


def _build(tf, op_type, dtype):
    """The op over placeholders of `dtype` (+ feeds), as TF's raw op would be called."""
    from tfcompat.framework.op_builder import apply_op
    n = 2 if op_type in _BINARY else 1
    phs = [tf.placeholder(dtype, [2]) for _ in range(n)]
    feeds = {p: _value(dtype, i == 1).astype(p.dtype.as_numpy_dtype) for i, p in enumerate(phs)}
    attrs = {}
    if op_type in _OUT_TYPE and tf.as_dtype(dtype).is_complex:
        attrs["Tout"] = tf.as_dtype(dtype).real_dtype
    if op_type == "AddN":
        return apply_op("AddN", [phs + phs], **attrs), feeds
    inputs = phs + ([tf.constant(0)] if op_type in _REDUCE else [])
    return apply_op(op_type, inputs, **attrs), feeds


def _allowed(op_type):
    from tfcompat.framework import op_signatures
    sig = op_signatures.signature(op_type)
    arg = sig.inputs[0]
    if arg.dtype is not None:
        return [arg.dtype.name]
    allowed = sig.allowed.get(arg.type_attr)
    return _DTYPES if allowed is None else [t.name for t in allowed]


@pytest.mark.tfcompat_only
@pytest.mark.parametrize("op_type", _UNARY + _BINARY + _REDUCE + ["AddN"])
def test_static_dtype_is_runtime_dtype(tf, op_type):
    """Refused dtypes raise TypeError at build time; allowed ones build, run, and come back in
    their static dtype (or fail the run as TF does where it has no CPU kernel)."""
    from tfcompat import errors
    allowed = _allowed(op_type)
    for dtype in _DTYPES:
        with tf.Graph().as_default():
            if dtype not in allowed:
                with pytest.raises(TypeError, match="DataType %s not in list|has type %s that "
                                   "does not match expected type" % (dtype, dtype)):
                    _build(tf, op_type, dtype)
                continue
            out, feeds = _build(tf, op_type, dtype)
            with tf.Session() as sess:
                try:
                    value = sess.run(out, feeds)
                except errors.InvalidArgumentError as e:
                    assert "No OpKernel was registered to support Op '%s'" % op_type in str(e)
                    continue
            got = np.asarray(value).dtype
            assert got == np.dtype(out.dtype.as_numpy_dtype), (op_type, dtype, got)
