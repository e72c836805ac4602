"""TF's kernel error texts for inputs that torch refuses with its own words.

Lowerings let torch check what TF's kernels check (shapes that do not broadcast, matrices that do
not multiply, ...). When one fails, the plan (client/compile.py) calls `explain` with the op and
the values its inputs had; a rule here returns the InvalidArgumentError text TF's kernel gives
for those inputs ("Incompatible shapes: [3] vs. [2]"), or None when it does not explain the
failure (the error then keeps torch's text, naming the op). The rules run only after a failure,
so they cost nothing on the hot path. Failures torch does not notice are checked in the
lowerings themselves.
"""
from __future__ import annotations

import itertools

import numpy as np

_RULES: dict = {}


def _rule(*op_types):
    def wrap(fn):
        for op_type in op_types:
            _RULES[op_type] = fn
        return fn
    return wrap


def explain(op, values) -> str | None:
    """TF's message for `op` failing on input `values` (torch tensors or numpy arrays), or None."""
    rule = _RULES.get(op.type)
    if rule is None or len(values) != len(op.inputs) or any(v is None for v in values):
        return None
    shapes = [tuple(int(d) for d in v.shape) for v in values]
    try:
        return rule(op, values, shapes)
    except Exception:  # noqa: BLE001 - a rule that cannot read the inputs explains nothing
        return None


def _fmt(shape) -> str:
    """TensorShape::DebugString: `[2,3]`."""
    return "[%s]" % ",".join(str(d) for d in shape)


def _attr(op, name):
    return op._attrs.get(name, op.op_def.attrs.get(name))


def _ints(value) -> list:
    return [int(v) for v in np.asarray(value.tolist()).reshape(-1)]


def _broadcast(*shapes):
    """The broadcast shape, or None when the shapes do not broadcast (TF's BCast)."""
    out = []
    for dims in itertools.zip_longest(*(reversed(s) for s in shapes), fillvalue=1):
        sizes = {d for d in dims if d != 1}
        if len(sizes) > 1:
            return None
        out.append(sizes.pop() if sizes else 1)
    return tuple(reversed(out))


# -- element-wise ops ------------------------------------------------------------------------

_BROADCASTING = (
    "Add", "AddV2", "Sub", "Mul", "MulNoNan", "Div", "DivNoNan", "RealDiv", "FloorDiv",
    "FloorMod", "TruncateDiv", "TruncateMod", "Mod", "Maximum", "Minimum", "Pow",
    "SquaredDifference", "Atan2", "Xdivy", "Xlogy", "Xlog1py", "Equal", "NotEqual", "Less",
    "LessEqual", "Greater", "GreaterEqual", "LogicalAnd", "LogicalOr", "BitwiseAnd", "BitwiseOr",
    "BitwiseXor", "LeftShift", "RightShift", "Igamma", "Igammac", "Zeta", "Polygamma", "Complex",
    "NextAfter")


@_rule(*_BROADCASTING)
def _binary(op, values, shapes):
    if _broadcast(shapes[0], shapes[1]) is None:
        return "Incompatible shapes: %s vs. %s" % (_fmt(shapes[0]), _fmt(shapes[1]))
    if op.type == "Pow" and np.asarray(values[1]).dtype.kind in "iu" \
            and bool((np.asarray(values[1]) < 0).any()):
        return "Integers to negative integer powers are not allowed"
    return None


@_rule("BroadcastTo")
def _broadcast_to(op, values, shapes):
    target = tuple(_ints(values[1]))
    if len(shapes[0]) > len(target):
        return ("Rank of input (%d) must be no greater than rank of output shape (%d)."
                % (len(shapes[0]), len(target)))
    if _broadcast(shapes[0], target) != target:
        return "Incompatible shapes: %s vs. %s" % (_fmt(shapes[0]), _fmt(target))
    return None


@_rule("SelectV2")
def _select_v2(op, values, shapes):
    if _broadcast(*shapes) is None:
        return ("condition %s, then %s, and else %s must be broadcastable"
                % tuple(_fmt(s) for s in shapes))
    return None


@_rule("Select")
def _select(op, values, shapes):
    cond, then, other = shapes
    if not cond or (len(cond) == 1 and len(then) != 1):  # a scalar or a vector of batches
        if cond and not then:
            return "'then' must be at least a vector, but saw shape: %s" % _fmt(then)
        if cond and then[0] != cond[0]:
            return ("Number of batches of 'then' must match size of 'cond', but saw: %d vs. %d"
                    % (then[0], cond[0]))
        if then != other:
            return ("'then' and 'else' must have the same size.  but received: %s vs. %s"
                    % (_fmt(then), _fmt(other)))
        return None
    for i, s in enumerate((then, other), 1):
        if s != cond:
            return ("Inputs to operation %s of type Select must have the same size and shape.  "
                    "Input 0: %s != input %d: %s" % (op.name, _fmt(cond), i, _fmt(s)))
    return None


# -- matrix products -------------------------------------------------------------------------

@_rule("MatMul")
def _matmul(op, values, shapes):
    a, b = shapes
    for i, s in enumerate(shapes):
        if len(s) != 2:
            return "In[%d] is not a matrix. Instead it has shape %s" % (i, _fmt(s))
    k_a = a[0] if _attr(op, "transpose_a") else a[1]
    k_b = b[1] if _attr(op, "transpose_b") else b[0]
    if k_a != k_b:
        return "Matrix size-incompatible: In[0]: %s, In[1]: %s" % (_fmt(a), _fmt(b))
    return None


@_rule("BatchMatMulV2", "BatchMatMulV3")
def _batch_matmul(op, values, shapes):
    a, b = shapes
    for i, s in enumerate(shapes):
        if len(s) < 2:
            return "In[%d] ndims must be >= 2: %d" % (i, len(s))
    if _broadcast(a[:-2], b[:-2]) is None:
        return ("In[0] and In[1] must have compatible batch dimensions: %s vs. %s"
                % (_fmt(a), _fmt(b)))
    k_a = a[-2] if _attr(op, "adj_x") else a[-1]
    k_b = b[-1] if _attr(op, "adj_y") else b[-2]
    if k_a != k_b:
        return "Matrix size-incompatible: In[0]: %s, In[1]: %s" % (_fmt(a), _fmt(b))
    return None


# -- joining and splitting -------------------------------------------------------------------

@_rule("ConcatV2")
def _concat(op, values, shapes):
    axis = _ints(values[-1])[0]
    shapes = shapes[:-1]
    first, rank = shapes[0], len(shapes[0])
    if not -rank <= axis < rank:
        return ("ConcatOp : Expected concatenating dimensions in the range [%d, %d), but got %d"
                % (-rank, rank, axis))
    axis %= rank
    for i, s in enumerate(shapes[1:], 1):
        if len(s) != rank:
            return ("ConcatOp : Ranks of all input tensors should match: shape[0] = %s vs. "
                    "shape[%d] = %s" % (_fmt(first), i, _fmt(s)))
        for j in range(rank):
            if j != axis and s[j] != first[j]:
                return ("ConcatOp : Dimension %d in both shapes must be equal: shape[0] = %s vs."
                        " shape[%d] = %s" % (j, _fmt(first), i, _fmt(s)))
    return None


@_rule("Pack")
def _pack(op, values, shapes):
    for i, s in enumerate(shapes[1:], 1):
        if s != shapes[0]:
            return ("Shapes of all inputs must match: values[0].shape = %s != values[%d].shape = "
                    "%s" % (_fmt(shapes[0]), i, _fmt(s)))
    return None


@_rule("Unpack")
def _unpack(op, values, shapes):
    shape, num, axis = shapes[0], _attr(op, "num"), _attr(op, "axis")
    if not -len(shape) <= axis < len(shape):
        return "axis = %d not in [%d, %d)" % (axis, -len(shape), len(shape))
    if shape[axis % len(shape)] != num:
        return "Input shape axis %d must equal %d, got shape %s" % (axis % len(shape), num,
                                                                    _fmt(shape))
    return None


def _split_dim(split_dim, shape):
    rank = len(shape)
    if not -rank <= split_dim < rank:
        return "-input rank(-%d) <= split_dim < input rank (%d), but got %d" % (rank, rank,
                                                                                split_dim)
    return None


@_rule("Split")
def _split(op, values, shapes):
    split_dim, shape, num = _ints(values[0])[0], shapes[1], _attr(op, "num_split")
    message = _split_dim(split_dim, shape)
    if message is None and shape[split_dim] % num:
        message = ("Number of ways to split should evenly divide the split dimension, but got "
                   "split_dim %d (size = %d) and num_split %d"
                   % (split_dim % len(shape), shape[split_dim], num))
    return message


@_rule("SplitV")
def _split_v(op, values, shapes):
    shape, sizes, split_dim = shapes[0], _ints(values[1]), _ints(values[2])[0]
    message = _split_dim(split_dim, shape)
    if message is not None:
        return message
    if sizes.count(-1) > 1:
        return "There can only be one -1 in the input."
    determined = sum(s for s in sizes if s != -1)
    if (-1 not in sizes and determined != shape[split_dim]) or determined > shape[split_dim]:
        return ("Determined shape must either match input shape along split_dim exactly if fully"
                " specified, or be less than the size of the input along split_dim if not fully "
                "specified.  Got: %d" % determined)
    return None


@_rule("Pad", "PadV2")
def _pad(op, values, shapes):
    shape, paddings = shapes[0], shapes[1]
    if len(paddings) != 2 or paddings[1] != 2:
        return "paddings must be a matrix with 2 columns: %s" % _fmt(paddings)
    if paddings[0] != len(shape):
        return ("The first dimension of paddings must be the rank of inputs%s %s"
                % (_fmt(paddings), _fmt(shape)))
    for before, after in np.asarray(values[1].tolist()).reshape(-1, 2).tolist():
        if before < 0 or after < 0:
            return "Paddings must be non-negative: %d %d" % (before, after)
    return None


@_rule("Slice")
def _slice(op, values, shapes):
    shape, begin, size = shapes[0], _ints(values[1]), _ints(values[2])
    if len(begin) != len(shape) or len(size) != len(shape):
        return ("Expected begin and size arguments to be 1-D tensors of size %d, but got shapes "
                "%s and %s instead." % (len(shape), _fmt(shapes[1]), _fmt(shapes[2])))
    for i, (dim, b, s) in enumerate(zip(shape, begin, size)):
        s = dim - b if s == -1 else s
        if dim == 0 and (b != 0 or s != 0):
            return ("Expected begin[%d] == 0 (got %d) and size[%d] == 0 (got %d) when "
                    "input.dim_size(%d) == 0" % (i, b, i, s, i))
        if not 0 <= b <= dim:
            return "Expected begin[%d] in [0, %d], but got %d" % (i, dim, b)
        if not 0 <= s <= dim - b:
            return "Expected size[%d] in [0, %d], but got %d" % (i, dim - b, s)
    return None


# -- shape manipulation ----------------------------------------------------------------------

@_rule("Transpose")
def _transpose(op, values, shapes):
    perm = _ints(values[1])
    rank = len(shapes[0])
    if len(perm) != rank:
        return ("transpose expects a vector of size %d. But input(1) is a vector of size %d"
                % (rank, len(perm)))
    for d in range(rank):
        if d not in perm:
            return "%d is missing from {%s}." % (d, ",".join(str(p) for p in perm))
    return None


@_rule("Squeeze")
def _squeeze(op, values, shapes):
    shape = shapes[0]
    for d in _attr(op, "squeeze_dims") or ():
        if not -len(shape) <= d < len(shape):
            return ("Tried to squeeze dim index %d for tensor with %d dimensions."
                    % (d, len(shape)))
        if shape[d] != 1:
            return ("Can not squeeze dim[%d], expected a dimension of 1, got %d"
                    % (d % len(shape), shape[d]))
    return None


@_rule("ExpandDims")
def _expand_dims(op, values, shapes):
    dim, rank = _ints(values[1])[0], len(shapes[0])
    if not -rank - 1 <= dim <= rank:
        return "Tried to expand dim index %d for tensor with %d dimensions." % (dim, rank)
    return None


@_rule("Tile")
def _tile(op, values, shapes):
    multiples = _ints(values[1])
    if len(multiples) != len(shapes[0]):
        return ("Expected multiples argument to be a vector of length %d but got length %d"
                % (len(shapes[0]), len(multiples)))
    for i, m in enumerate(multiples):
        if m < 0:
            return "Expected multiples[%d] >= 0, but got %d" % (i, m)
    return None


def _negative_dimension(dims):
    for d in dims:
        if d < 0:
            return "Dimension %d must be >= 0" % d
    return None


@_rule("Fill", "RandomStandardNormal", "RandomUniform", "TruncatedNormal", "RandomUniformInt",
       "Empty")
def _new_shape(op, values, shapes):
    return _negative_dimension(_ints(values[0]))


@_rule("Range")
def _range(op, values, shapes):
    start, limit, delta = (np.asarray(v.tolist()).item() for v in values)
    if delta == 0:
        return "Requires delta != 0: %s" % delta
    if delta > 0 and start > limit:
        return "Requires start <= limit when delta > 0: %s/%s" % (start, limit)
    if delta < 0 and start < limit:
        return "Requires start >= limit when delta < 0: %s/%s" % (start, limit)
    return None


# -- nn --------------------------------------------------------------------------------------

@_rule("ArgMax", "ArgMin")
def _arg_reduce(op, values, shapes):
    dim, rank = _ints(values[1])[0], len(shapes[0])
    if not -rank <= dim < rank:
        return "Expected dimension in the range [%d, %d), but got %d" % (-rank, rank, dim)
    return None


@_rule("OneHot")
def _one_hot(op, values, shapes):
    depth = _ints(values[1])[0]
    if depth < 0:
        return "depth must be non-negative, got: %d" % depth
    return None


@_rule("BiasAdd")
def _bias_add(op, values, shapes):
    value, bias = shapes
    if len(value) < 2:
        return "Input tensor must be at least 2D: %s" % _fmt(value)
    if len(bias) != 1:
        return "Biases must be 1D: %s" % _fmt(bias)
    nchw = _attr(op, "data_format") in ("NCHW", b"NCHW")
    channels = value[1] if nchw else value[-1]
    if bias[0] != channels:
        where = "channel" if nchw else "last"
        return ("Must provide as many biases as the %s dimension of the input tensor: %s vs. %s"
                % (where, _fmt(bias), _fmt(value)))
    return None


@_rule("Conv2D")
def _conv2d(op, values, shapes):
    x, w = shapes
    if len(x) != 4:
        return "convolution input must be 4-dimensional: %s" % _fmt(x)
    if len(w) != 4:
        return "convolution filter must be 4-dimensional: %s" % _fmt(w)
    nchw = _attr(op, "data_format") in ("NCHW", b"NCHW")
    depth = x[1] if nchw else x[3]
    if w[2] == 0 or depth % w[2]:
        return "input depth must be evenly divisible by filter depth: %d vs %d" % (depth, w[2])
    return None


@_rule("SoftmaxCrossEntropyWithLogits")
def _softmax_xent(op, values, shapes):
    logits, labels = shapes
    if _broadcast(logits, labels) is None:
        return ("logits and labels must be broadcastable: logits_size=%s labels_size=%s"
                % (_fmt(logits), _fmt(labels)))
    return None


@_rule("SparseSoftmaxCrossEntropyWithLogits")
def _sparse_softmax_xent(op, values, shapes):
    logits, labels = shapes
    if len(logits) != 2:
        return "logits must be 2-D, but got shape %s" % _fmt(logits)
    if len(labels) != 1:
        return "labels must be 1-D, but got shape %s" % _fmt(labels)
    if logits[0] != labels[0]:
        return ("logits and labels must have the same first dimension, got logits shape %s and "
                "labels shape %s" % (_fmt(logits), _fmt(labels)))
    return None


@_rule("Softmax", "LogSoftmax")
def _softmax(op, values, shapes):
    if not shapes[0]:
        return "logits must have >= 1 dimension, got %s" % _fmt(shapes[0])
    return None
