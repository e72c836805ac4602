"""Resource variables through tf.raw_ops (VarHandleOp, ReadVariableOp, AssignVariableOp, ...,
ResourceGather, ResourceScatter*, ResourceScatterNd*, ResourceStridedSliceAssign,
DestroyResourceOp) and every resource optimizer update (ResourceApply*, ResourceSparseApply*),
as programs: variables read after their updates, compared with TF's."""
import functools

import numpy as np

from harness import Program


def _stateful(build):
    """`build` returns fetches holding "init" and "steps": run those in order, then fetch."""

    def run(tf):
        fetches, feeds = build(tf)
        return fetches, feeds, [fetches.pop("init")] + list(fetches.pop("steps"))
    return run


def _handle(tf, name, value, dtype=None):
    value = np.asarray(value, dtype=dtype or np.float32)
    h = tf.raw_ops.VarHandleOp(dtype=tf.as_dtype(value.dtype), shape=value.shape,
                               shared_name=name, name=name)
    return h, tf.raw_ops.AssignVariableOp(resource=h, value=value, name=name + "_init")


def _read(tf, h, dtype=None):
    return tf.raw_ops.ReadVariableOp(resource=h, dtype=dtype or tf.float32)


def _variables_program(tf):
    rv = tf.raw_ops
    v, init_v = _handle(tf, "v", np.arange(6).reshape(3, 2))
    n, init_n = _handle(tf, "n", [5, 6, 7, 8], np.int32)
    never, _ = _handle(tf, "never", [1.0])
    gone, init_gone = _handle(tf, "gone", [1.0])
    before = _read(tf, v)
    steps = [rv.AssignAddVariableOp(resource=v, value=np.ones((3, 2), np.float32)),
             rv.AssignSubVariableOp(resource=v, value=np.full((3, 2), 0.5, np.float32)),
             rv.ResourceScatterUpdate(resource=v, indices=[2], updates=[[9.0, 8.0]]),
             rv.ResourceScatterAdd(resource=v, indices=[0, 0], updates=np.ones((2, 2), np.float32)),
             rv.ResourceScatterSub(resource=v, indices=[1], updates=[[1.0, 2.0]]),
             rv.ResourceScatterMul(resource=v, indices=[0], updates=[[2.0, 3.0]]),
             rv.ResourceScatterDiv(resource=v, indices=[2], updates=[[2.0, 4.0]]),
             rv.ResourceScatterMax(resource=n, indices=[1, 3], updates=[0, 10]),
             rv.ResourceScatterMin(resource=n, indices=[0, 2], updates=[1, 9]),
             rv.ResourceScatterNdUpdate(ref=v, indices=[[0, 1]], updates=[-7.0]),
             rv.ResourceScatterNdAdd(ref=v, indices=[[1, 0], [1, 0]], updates=[10.0, 1.0]),
             rv.ResourceScatterNdSub(ref=v, indices=[[2]], updates=[[1.0, 2.0]]),
             rv.ResourceStridedSliceAssign(ref=v, begin=[0, 0], end=[3, 1], strides=[2, 1],
                                           value=[[5.0], [6.0]]),
             rv.DestroyResourceOp(resource=gone)]
    return {"init": [init_v, init_n, init_gone], "steps": steps, "v": _read(tf, v),
            "n": _read(tf, n, tf.int32), "before": before,
            "gathered": rv.ResourceGather(resource=v, indices=[[2, 0], [1, 1]], dtype=tf.float32),
            "shape": rv.VariableShape(input=v),
            "shape64": rv.VariableShape(input=n, out_type=tf.int64),
            "is_init": rv.VarIsInitializedOp(resource=v),
            "never_init": rv.VarIsInitializedOp(resource=never),
            "gone_init": rv.VarIsInitializedOp(resource=gone)}, {}


def _gather_nd_program(tf):
    """`ResourceVariable.gather_nd` / `tf.gather_nd` of a resource variable (ResourceGatherNd),
    its gradients (IndexedSlices rows, a ScatterNd), read after a sparse update from them."""
    v = tf.get_variable("g", initializer=np.arange(12.).reshape(3, 4).astype(np.float32),
                        use_resource=True)
    pairs = v.gather_nd([[0, 1], [2, 3]])
    rows = tf.gather_nd(v, tf.constant([[1], [1]], tf.int64))
    loss = tf.reduce_sum(pairs * 2.) + tf.reduce_sum(rows * 3.)
    grad = tf.gradients(loss, v)[0]
    step = tf.train.GradientDescentOptimizer(0.5).minimize(tf.reduce_sum(rows))
    return {"init": [v.initializer], "steps": [step], "pairs": pairs, "rows": rows,
            "grad": grad, "v": v.read_value()}, {}


# the variable's (and its slots') input names, then the other inputs, as TF's OpDefs have them
_APPLY = {
    "AdaMax": (3, ("beta1_power", "lr", "beta1", "beta2", "epsilon", "grad")),
    "Adadelta": (3, ("lr", "rho", "epsilon", "grad")),
    "Adagrad": (2, ("lr", "grad")),
    "AdagradDA": (3, ("grad", "lr", "l1", "l2", "global_step")),
    "AdagradV2": (2, ("lr", "epsilon", "grad")),
    "Adam": (3, ("beta1_power", "beta2_power", "lr", "beta1", "beta2", "epsilon", "grad")),
    "AdamWithAmsgrad": (4, ("beta1_power", "beta2_power", "lr", "beta1", "beta2", "epsilon",
                            "grad")),
    "AddSign": (2, ("lr", "alpha", "sign_decay", "beta", "grad")),
    "CenteredRMSProp": (4, ("lr", "rho", "momentum", "epsilon", "grad")),
    "Ftrl": (3, ("grad", "lr", "l1", "l2", "lr_power")),
    "FtrlV2": (3, ("grad", "lr", "l1", "l2", "l2_shrinkage", "lr_power")),
    "GradientDescent": (1, ("alpha", "delta")),
    "KerasMomentum": (2, ("lr", "grad", "momentum")),
    "Momentum": (2, ("lr", "grad", "momentum")),
    "PowerSign": (2, ("lr", "logbase", "sign_decay", "beta", "grad")),
    "ProximalAdagrad": (2, ("lr", "l1", "l2", "grad")),
    "ProximalGradientDescent": (1, ("alpha", "l1", "l2", "delta")),
    "RMSProp": (3, ("lr", "rho", "momentum", "epsilon", "grad")),
}
_SLOTS = {"AdaMax": ("m", "v"), "Adadelta": ("accum", "accum_update"), "Adagrad": ("accum",),
          "AdagradDA": ("gradient_accumulator", "gradient_squared_accumulator"),
          "AdagradV2": ("accum",), "Adam": ("m", "v"), "AdamWithAmsgrad": ("m", "v", "vhat"),
          "AddSign": ("m",), "CenteredRMSProp": ("mg", "ms", "mom"), "Ftrl": ("accum", "linear"),
          "FtrlV2": ("accum", "linear"), "GradientDescent": (), "KerasMomentum": ("accum",),
          "Momentum": ("accum",),
          "PowerSign": ("m",), "ProximalAdagrad": ("accum",), "ProximalGradientDescent": (),
          "RMSProp": ("ms", "mom")}
_SPARSE = ("Adadelta", "Adagrad", "AdagradDA", "CenteredRMSProp", "Ftrl", "FtrlV2", "Momentum",
           "ProximalAdagrad", "ProximalGradientDescent", "RMSProp")
_HYPER = {"lr": 0.1, "alpha": 0.1, "momentum": 0.9, "beta1_power": 0.81, "beta2_power": 0.998,
          "beta1": 0.9, "beta2": 0.999, "epsilon": 0.01, "rho": 0.9, "l1": 0.01, "l2": 0.02,
          "lr_power": -0.5, "l2_shrinkage": 0.1, "logbase": 0.5, "sign_decay": 0.99,
          "beta": 0.9}
_VAR = np.linspace(-1, 1, 8).reshape(4, 2).astype(np.float32)
_GRAD = np.array([[0.3, -0.2], [0.1, 0.4], [-0.5, 0.2], [0.05, -0.1]], np.float32)


def _apply_program(kind, sparse, tf, **attrs):
    """Three updates of a 4x2 variable (rows 0 and 2 when sparse) by Resource[Sparse]Apply<kind>
    (with `attrs`, e.g. use_nesterov)."""
    var, init = _handle(tf, "var", _VAR)
    handles, inits = {"var": var}, [init]
    for i, slot in enumerate(_SLOTS[kind]):
        handles[slot], init = _handle(tf, slot, np.full((4, 2), 0.1 + 0.05 * i, np.float32))
        inits.append(init)
    args = dict(handles)
    for name in _APPLY[kind][1]:
        if name in ("grad", "delta"):
            args[name] = _GRAD[[0, 2]] if sparse else _GRAD
        elif name == "global_step":
            args[name] = tf.constant(3, tf.int64)
        else:
            args[name] = tf.constant(_HYPER[name] if not (kind == "AddSign" and name == "alpha")
                                     else 1.0)
    if sparse:
        args["indices"] = tf.constant([0, 2])
        args.setdefault("grad", args.pop("delta", None))
        args.pop("delta", None)
    op = getattr(tf.raw_ops, ("ResourceSparseApply" if sparse else "ResourceApply") + kind)
    steps = [op(**args, **attrs) for _ in range(3)]
    fetches = {name: _read(tf, h) for name, h in handles.items()}
    fetches.update(init=inits, steps=steps)
    return fetches, {}


PROGRAMS = [
    Program("resource_variables_and_updates", _stateful(_variables_program),
            covers=("VarHandleOp", "AssignVariableOp", "ReadVariableOp", "AssignAddVariableOp",
                    "AssignSubVariableOp", "VarIsInitializedOp", "VariableShape",
                    "ResourceGather", "ResourceScatterUpdate", "ResourceScatterAdd",
                    "ResourceScatterSub", "ResourceScatterMul", "ResourceScatterDiv",
                    "ResourceScatterMax", "ResourceScatterMin", "ResourceScatterNdUpdate",
                    "ResourceScatterNdAdd", "ResourceScatterNdSub", "ResourceStridedSliceAssign",
                    "DestroyResourceOp")),
]
PROGRAMS.append(Program("resource_gather_nd", _stateful(_gather_nd_program),
                        covers=("ResourceGatherNd",)))
PROGRAMS += [Program("resource_apply_%s" % kind,
                     _stateful(functools.partial(_apply_program, kind, False)),
                     covers=("ResourceApply" + kind,)) for kind in sorted(_APPLY)]
PROGRAMS += [Program("resource_sparse_apply_%s" % kind,
                     _stateful(functools.partial(_apply_program, kind, True)),
                     covers=("ResourceSparseApply" + kind,)) for kind in _SPARSE]
PROGRAMS += [Program("resource_apply_%s_nesterov" % kind,
                     _stateful(functools.partial(_apply_program, kind, False,
                                                 use_nesterov=True)),
                     covers=("ResourceApply" + kind,)) for kind in ("KerasMomentum",)]
