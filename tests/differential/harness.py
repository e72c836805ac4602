"""The differential harness: one op case, built and run the same way under tfcompat and under real
TensorFlow (`tensorflow.compat.v1`), and its results compared.

A `Spec` names a TF op type and how to make its inputs; `expand()` turns it into `Case`s, one per
(variant, dtype): the dtypes come from TF's OpDef (every dtype the op's swept type attr allows, and
a couple it refuses). `run_case(tf, case)` builds the op with `tf.raw_ops` in a fresh graph and
returns a JSON-able record of what happened: build error, static dtypes and shapes, values (or the
run error), and for float cases the gradients (values and None-ness). `compare(got, want)` lists
the differences. The same code runs under both implementations; only the module `tf` differs.

Programs (`Program`) are small graphs written with the public API, for op types that cannot be
driven op by op (variables, queues, control flow): same record, same comparison.
"""
from __future__ import annotations

import dataclasses
import zlib
from typing import Any
from typing import Callable

import numpy as np

FLOATS = ("float16", "bfloat16", "float32", "float64")
COMPLEX = ("complex64", "complex128")
SIGNED = ("int8", "int16", "int32", "int64")
UNSIGNED = ("uint8", "uint16", "uint32", "uint64")
# dtypes the harness can make values of (TF's quantized and variant types are not swept)
SWEEPABLE = FLOATS + COMPLEX + SIGNED + UNSIGNED + ("bool", "string")
GRAD_DTYPES = ("float32", "float64")


@dataclasses.dataclass
class Arg:
    """How to make one input: its shape, a fixed dtype (None: the swept dtype), and values."""

    shape: tuple = (2, 3)
    dtype: str | None = None
    value: Any = None            # explicit values (cast to the dtype); else seeded random ones
    low: float | None = None     # range of random values (default by dtype)
    high: float | None = None
    noncontig: bool = False      # passed through a transpose, so kernels see a strided view
    fed: bool = False            # a placeholder of unknown shape, fed at run time
    grad: bool = True            # take the gradient with respect to it (float inputs)
    count: int | None = None     # a list input (TF's `N * T`): this many tensors like this one


@dataclasses.dataclass
class Spec:
    """Cases for one op type: `variants` maps a variant name to its args (and attrs)."""

    op: str
    variants: dict                      # name -> {"args": {...}, "attrs": {...}} or args dict
    sweep: str | None = "auto"          # the type attr swept over its allowed dtypes
    dtypes: tuple | None = None         # explicit dtype list instead of the OpDef's
    refused: tuple = ("auto",)          # dtypes the OpDef refuses, checked to raise TypeError
    grad: bool = True                   # compare gradients for float dtypes
    tol: dict = dataclasses.field(default_factory=dict)   # dtype -> (rtol, atol)
    outputs: tuple | None = None        # indices of outputs to compare (None: all)
    only_dtypes: tuple | None = None    # restrict variants to these dtypes (None: all)


@dataclasses.dataclass
class Program:
    """A graph built with the public API: `build(tf)` returns `(fetches dict, feed dict)` or
    `(fetches, feeds, steps)`: `steps` (initializers, updates) are run in order first."""

    id: str
    build: Callable
    covers: tuple = ()                  # op types this program exercises
    tol: tuple = (1e-5, 1e-6)
    graph: bool = False                 # also compare the graph: op names, types and inputs
    # name scopes left out of that graph record (`gradients`, `cond`, `while`): tfcompat builds
    # them differently by design (one `Gradients` op, functional control flow); an input from
    # one reads `<scope>/*`
    graph_skip: tuple = ()


@dataclasses.dataclass
class Case:
    id: str
    op: str
    args: dict                          # name -> Arg with dtype resolved
    attrs: dict
    dtype: str | None
    grad: bool
    tol: tuple
    outputs: tuple | None


# -- expanding specs into cases -------------------------------------------------------------

def _tol(spec: Spec, dtype: str | None) -> tuple:
    default = {"float16": (2e-3, 1e-3), "bfloat16": (2e-2, 1e-2), "complex64": (1e-5, 1e-6)}
    return spec.tol.get(dtype, spec.tol.get("*", default.get(dtype, (1e-5, 1e-6))))


def expand(spec: Spec, allowed_dtypes: Callable[[str, str], tuple]) -> list[Case]:
    """`allowed_dtypes(op, attr)` -> (allowed, refused) dtype names from TF's OpDef."""
    attr = spec.sweep
    dtypes, refused = (None,), ()
    if attr:
        allowed, not_allowed = allowed_dtypes(spec.op, None if attr == "auto" else attr)
        dtypes = tuple(spec.dtypes or [d for d in allowed if d in SWEEPABLE])
        if spec.refused == ("auto",):
            refused = tuple(d for d in ("int32", "bool", "float32", "string")
                            if d in not_allowed)[:2]
        else:
            refused = spec.refused
    cases = []
    for vname, variant in spec.variants.items():
        args = variant.get("args") or {k: v for k, v in variant.items()
                                       if k not in ("attrs", "dtypes")}
        attrs = variant.get("attrs", {})
        only = variant.get("dtypes", spec.only_dtypes)
        for dtype in dtypes + tuple(d for d in refused if vname == next(iter(spec.variants))):
            if only is not None and dtype not in only and dtype not in refused:
                continue
            resolved = {n: dataclasses.replace(a, dtype=a.dtype or dtype) for n, a in args.items()}
            grad = spec.grad and dtype in GRAD_DTYPES
            cid = "%s.%s%s" % (spec.op, vname, "" if dtype is None else "." + dtype)
            cases.append(Case(cid, spec.op, resolved, dict(attrs), dtype, grad, _tol(spec, dtype),
                              spec.outputs))
    return cases


# -- values -----------------------------------------------------------------------------------

SPECIAL_FLOATS = [np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 1e-30, 3e38, -7.0]


def make_value(case_id: str, name: str, arg: Arg) -> np.ndarray:
    """Deterministic input values: the same numbers in both implementations."""
    dtype = arg.dtype
    np_dtype = np.float32 if dtype == "bfloat16" else (object if dtype == "string" else dtype)
    if arg.value is not None:
        if isinstance(arg.value, str) and arg.value == "special":
            return _special(dtype, arg.shape)
        if dtype == "string":
            return np.array(arg.value, dtype=object).reshape(arg.shape)
        return np.asarray(arg.value).astype(np_dtype).reshape(arg.shape)
    rng = np.random.RandomState(zlib.crc32(("%s/%s" % (case_id, name)).encode()))
    size = int(np.prod(arg.shape, dtype=np.int64))
    if dtype == "bool":
        return rng.rand(size).reshape(arg.shape) > 0.5
    if dtype == "string":
        words = [b"", b"a", b"tf", b"hello", b"x y", b"\xc3\xa9t\xc3\xa9", b"42", b"-1.5"]
        return np.array([words[i] for i in rng.randint(0, len(words), size)],
                        dtype=object).reshape(arg.shape)
    if dtype in UNSIGNED:
        low, high = arg.low if arg.low is not None else 0, arg.high if arg.high is not None else 20
        return rng.randint(low, high, size).astype(dtype).reshape(arg.shape)
    if dtype in SIGNED:
        low, high = arg.low if arg.low is not None else -10, arg.high if arg.high is not None else 10
        return rng.randint(low, high, size).astype(dtype).reshape(arg.shape)
    low, high = arg.low if arg.low is not None else -3.0, arg.high if arg.high is not None else 3.0
    values = rng.uniform(low, high, size)
    if dtype in COMPLEX:
        values = values + 1j * rng.uniform(low, high, size)
    return values.astype(np_dtype).reshape(arg.shape)


def _special(dtype: str, shape: tuple) -> np.ndarray:
    size = int(np.prod(shape, dtype=np.int64))
    if dtype in FLOATS or dtype in COMPLEX:
        values = np.resize(np.array(SPECIAL_FLOATS, np.float64), size)
        with np.errstate(over="ignore"):
            out = values.astype(np.float32 if dtype == "bfloat16" else dtype)
        return out.reshape(shape)
    if dtype in SIGNED or dtype in UNSIGNED:
        info = np.iinfo(dtype)
        values = [info.max, info.min, 0, 1, info.max - 1, info.min + 1, 7, 3]
        return np.resize(np.array(values, dtype=dtype), size).reshape(shape)
    if dtype == "bool":
        return np.resize(np.array([True, False]), size).reshape(shape)
    return np.resize(np.array([b"", b"a", b"\x00b"], dtype=object), size).reshape(shape)


# -- encoding results ---------------------------------------------------------------------------

def encode(value) -> dict:
    """A run result as JSON: dtype name, shape and flat data (NaN/inf as JSON's NaN/Infinity)."""
    array = np.asarray(value)
    name = array.dtype.name
    if array.dtype == object or array.dtype.kind == "S":
        data = [(v if isinstance(v, bytes) else str(v).encode()).decode("latin-1")
                for v in array.reshape(-1)]
        return {"dtype": "string", "shape": list(array.shape), "data": data}
    if name == "bfloat16":
        array = array.astype(np.float32)
    if array.dtype.kind == "c":
        data = [[float(v.real), float(v.imag)] for v in array.reshape(-1)]
    elif array.dtype.kind == "f":
        data = [float(v) for v in array.reshape(-1)]
    elif array.dtype.kind == "b":
        data = [bool(v) for v in array.reshape(-1)]
    else:
        data = [int(v) for v in array.reshape(-1)]
    return {"dtype": name, "shape": list(array.shape), "data": data}


def error_text(e: BaseException) -> str:
    """`Class: first line of the message`; for TF 2.x's "Graph execution error:" wrapper, the
    kernel's own line (the one after "Node: 'name'")."""
    lines = [line for line in str(getattr(e, "message", None) or e).strip().splitlines()]
    first = lines[0] if lines else ""
    for i, line in enumerate(lines[:-1]):
        if line.startswith("Node: '"):
            first = lines[i + 1]
            break
    if "with these attrs: [" in first:  # TF lists them in hash order: keep goldens stable
        first = first.partition("with these attrs: [")[0] + "with these attrs: [...]"
    return "%s: %s" % (type(e).__name__, first[:300])


def static_info(tensor) -> dict:
    shape = tensor.get_shape()
    dims = None if shape.ndims is None else [d if d is None else int(d) for d in _dims(shape)]
    return {"dtype": tensor.dtype.base_dtype.name, "shape": dims}


def _dims(shape):
    return shape.as_list()


# -- running one case under an implementation `tf` ----------------------------------------------

def _as_tf_dtype(tf, name):
    return getattr(tf, name)


def _make_input(tf, case, name, arg, feeds):
    if arg.count is not None:
        one = dataclasses.replace(arg, count=None)
        return [_make_input(tf, case, "%s_%d" % (name, i), one, feeds) for i in range(arg.count)]
    value = make_value(case.id, name, arg)
    dtype = _as_tf_dtype(tf, arg.dtype)
    if arg.fed:
        ph = tf.placeholder(dtype, shape=None, name=name)
        feeds[ph] = value
        return ph
    if arg.noncontig and value.ndim >= 2:
        perm = list(range(value.ndim))[::-1]
        return tf.transpose(tf.constant(np.transpose(value, perm), dtype=dtype), perm)
    return tf.constant(value, dtype=dtype, name=name)


def _outputs_of(result):
    if result is None:
        return []
    if hasattr(result, "outputs") and not hasattr(result, "op"):
        return list(result.outputs)                 # an Operation
    if hasattr(result, "op"):
        return list(result.op.outputs)
    first = list(result)[0]
    return list(first.op.outputs)


def run_case(tf, case: Case) -> dict:
    """Builds and runs `case` in a fresh graph; a JSON-able record of what happened."""
    record: dict = {}
    with tf.Graph().as_default():
        feeds: dict = {}
        try:
            inputs = {n: _make_input(tf, case, n, a, feeds) for n, a in case.args.items()}
            result = getattr(tf.raw_ops, case.op)(**inputs, **_attrs(tf, case.attrs))
        except Exception as e:  # noqa: BLE001 - an error is a result to compare
            record["build"] = error_text(e)
            return record
        outputs = _outputs_of(result)
        if case.outputs is not None:
            outputs = [outputs[i] for i in case.outputs]
        record["static"] = [static_info(t) for t in outputs]
        _run_into(tf, record, outputs, feeds)
        if case.grad and "values" in record:
            xs = [t for n, t in inputs.items() if case.args[n].grad
                  and case.args[n].dtype in FLOATS]
            xs = [x for item in xs for x in (item if isinstance(item, list) else [item])]
            _grads_into(tf, record, outputs, xs, feeds)
    return record


def _attrs(tf, attrs):
    out = {}
    for key, value in attrs.items():
        if isinstance(value, str) and value.startswith("dtype:"):
            value = _as_tf_dtype(tf, value[6:])
        out[key] = value
    return out


def _run_into(tf, record, fetches, feeds, before=()):
    """Runs `before` (each a fetch, in order: initializers, update steps), then `fetches`."""
    try:
        with tf.Session() as sess:
            coord = None
            for step in before:
                if step == "__queue_runners__":     # start the graph's queue runners
                    coord = tf.train.Coordinator()
                    threads = tf.train.start_queue_runners(sess, coord)
                    continue
                sess.run(step, feeds)
            values = sess.run(fetches, feeds)
            if coord is not None:
                coord.request_stop()
                coord.join(threads, stop_grace_period_secs=5)
        record["values"] = [encode(v) for v in values]
    except Exception as e:  # noqa: BLE001
        record["run"] = error_text(e)


def _grads_into(tf, record, outputs, xs, feeds):
    ys = [t for t in outputs if t.dtype.base_dtype.name in FLOATS]
    if not ys or not xs:
        return
    grad_ys = []
    for y, v in zip(outputs, record["values"]):
        if y.dtype.base_dtype.name in FLOATS:
            rng = np.random.RandomState(len(grad_ys) + 7)
            grad_ys.append(tf.constant(rng.uniform(-1, 1, v["shape"]).astype(v["dtype"])))
    try:
        grads = tf.gradients(ys, xs, grad_ys=grad_ys)
    except Exception as e:  # noqa: BLE001
        record["grad_build"] = error_text(e)
        return
    record["grad_none"] = [g is None for g in grads]
    present = [g for g in grads if g is not None]
    if not present:
        return
    present = [tf.convert_to_tensor(g) for g in present]   # IndexedSlices -> dense
    try:
        with tf.Session() as sess:
            record["grads"] = [encode(v) for v in sess.run(present, feeds)]
    except Exception as e:  # noqa: BLE001 - several gradient kernels may fail; TF reports
        record["grad_run"] = type(e).__name__ + ":"   # whichever ran first: the class only


def run_program(tf, program: Program) -> dict:
    record: dict = {}
    with tf.Graph().as_default():
        try:
            built = program.build(tf)
        except Exception as e:  # noqa: BLE001
            record["build"] = error_text(e)
            return record
        fetches, feeds = built[0], built[1] or {}
        names = sorted(fetches)
        tensors = [fetches[n] for n in names]
        record["names"] = names
        record["static"] = [static_info(t) if hasattr(t, "get_shape") else None
                            for t in tensors]
        if program.graph:
            record["graph"] = graph_structure(tf.get_default_graph(), program.graph_skip)
            record["fetch_names"] = [fetch_name(t, program.graph_skip) for t in tensors]
        _run_into(tf, record, tensors, feeds, before=built[2] if len(built) > 2 else ())
    return record


def fetch_name(fetch, skip=()):
    """A fetch's name; `<scope>/*` for one built under a scope of `skip`."""
    op = getattr(fetch, "op", fetch)
    if not hasattr(op, "name"):
        return None
    scope = next((s for s in skip if op.name == s or op.name.startswith(s + "/")), None)
    return fetch.name if scope is None else scope + "/*"


def graph_structure(graph, skip=()) -> list:
    """Every op as `name type <- inputs ^control_inputs`, sorted by name: what a GraphDef says
    about structure, without attrs (their encodings differ by implementation). Ops under the
    name scopes `skip` are left out."""
    def hidden(name):
        return next((s for s in skip if name == s or name.startswith(s + "/")), None)

    def shown(tensor_or_op):
        scope = hidden(getattr(tensor_or_op, "op", tensor_or_op).name)
        return tensor_or_op.name if scope is None else scope + "/*"

    rows = []
    for op in graph.get_operations():
        if hidden(op.name) is not None:
            continue
        # control inputs are a set in TF (hash-ordered past a few edges): sorted
        inputs = ([shown(t) for t in op.inputs]
                  + sorted({"^" + shown(c) for c in op.control_inputs}))
        rows.append("%s %s <- %s" % (op.name, op.type, " ".join(inputs)))
    return sorted(rows)


# -- comparing records ---------------------------------------------------------------------------

def compare(got: dict, want: dict, tol=(1e-5, 1e-6), check_messages=False) -> list[str]:
    """The differences between two records (empty when they agree)."""
    diffs = []
    for key in ("build", "run", "grad_build", "grad_run"):
        g, w = got.get(key), want.get(key)
        if (g is None) != (w is None):
            diffs.append("%s: got %r, TF %r" % (key, g, w))
        elif g is not None and g.split(":")[0] != w.split(":")[0]:
            diffs.append("%s error class: got %r, TF %r" % (key, g, w))
        elif g is not None and check_messages and g != w:
            diffs.append("%s message: got %r, TF %r" % (key, g, w))
    if diffs or "build" in want:
        return diffs
    for key in ("names", "static", "grad_none", "fetch_names"):
        if got.get(key) != want.get(key):
            diffs.append("%s: got %r, TF %r" % (key, got.get(key), want.get(key)))
    if got.get("graph") != want.get("graph"):
        extra = sorted(set(got.get("graph") or []) - set(want.get("graph") or []))
        missing = sorted(set(want.get("graph") or []) - set(got.get("graph") or []))
        diffs.append("graph: only in tfcompat %s; only in TF %s" % (extra[:4], missing[:4]))
    for key in ("values", "grads"):
        for i, (g, w) in enumerate(zip(got.get(key) or [], want.get(key) or [])):
            problem = compare_value(g, w, tol)
            if problem:
                diffs.append("%s[%d]: %s" % (key, i, problem))
    return diffs


def compare_value(got: dict, want: dict, tol) -> str | None:
    if got["dtype"] != want["dtype"]:
        return "runtime dtype %s, TF %s" % (got["dtype"], want["dtype"])
    if got["shape"] != want["shape"]:
        return "shape %s, TF %s" % (got["shape"], want["shape"])
    g, w = got["data"], want["data"]
    if got["dtype"] in ("string", "bool") or not (
            got["dtype"].startswith(("float", "complex", "bfloat"))):
        if g != w:
            bad = next(i for i, (a, b) in enumerate(zip(g, w)) if a != b)
            return "element %d: %r, TF %r" % (bad, g[bad], w[bad])
        return None
    ga, wa = np.array(g, np.float64), np.array(w, np.float64)
    rtol, atol = tol
    with np.errstate(invalid="ignore"):
        close = np.isclose(ga, wa, rtol=rtol, atol=atol, equal_nan=True)
        close |= (ga == wa)           # inf == inf
    if not close.all():
        bad = int(np.argwhere(~close.reshape(-1))[0][0]) if close.ndim else 0
        return "%d/%d elements differ, first at %d: %r, TF %r" % (
            int((~close).sum()), close.size, bad, ga.reshape(-1)[bad], wa.reshape(-1)[bad])
    return None
