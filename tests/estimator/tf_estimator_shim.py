"""Shims so that tensorflow_estimator 2.15 (TF 1.15's Estimator lineage) imports on TF 2.21.
Reference use only (tfcompat's differential checks); never a tfcompat dependency."""
import sys, types
import tensorflow.python.distribute as _d
m = types.ModuleType("tensorflow.python.distribute.estimator_training")
m.CHIEF = "chief"; m.EVALUATOR = "evaluator"; m.PS = "ps"; m.WORKER = "worker"
def _no(*a, **k): raise NotImplementedError("distribute coordinator shim")
m.init_run_config = lambda config, tf_config: None
m.should_run_distribute_coordinator = lambda config: False
m.train_and_evaluate = _no; m.estimator_train = _no; m.estimator_evaluate = _no
sys.modules[m.__name__] = m; _d.estimator_training = m
from tensorflow.python.util import tf_export as _te
if not hasattr(_te, "ESTIMATOR_API_NAME"):
    _te.ESTIMATOR_API_NAME = "estimator"
    _k = _te.API_ATTRS[_te.KERAS_API_NAME]
    _te.API_ATTRS["estimator"] = type(_k)("_estimator_api_names", "_estimator_api_constants")
    _k1 = _te.API_ATTRS_V1[_te.KERAS_API_NAME]
    _te.API_ATTRS_V1["estimator"] = type(_k1)("_estimator_api_names_v1", "_estimator_api_constants_v1")

class _Dummy:
    def __init__(self, *a, **k): raise NotImplementedError("estimator shim: TPU-only symbol")
def _stub_attr(attr):
    # dunder lookups (inspect reads every module's __file__) must fail as on a real module
    if attr.startswith("__"):
        raise AttributeError(attr)
    return type(attr, (_Dummy,), {})
def _stub_module(name, parent_pkg=None):
    mod = types.ModuleType(name)
    mod.__getattr__ = _stub_attr
    sys.modules[name] = mod
    if parent_pkg is not None:
        setattr(parent_pkg, name.rsplit(".", 1)[1], mod)
    return mod
import tensorflow.python.tpu as _tpu
for _n in ("tpu_embedding",):
    try:
        __import__("tensorflow.python.tpu." + _n)
    except ImportError:
        _stub_module("tensorflow.python.tpu." + _n, _tpu)

import importlib, re
def load_estimator(max_stubs=60):
    """Import tensorflow_estimator's v1 API, stubbing TF internals that TF 2.21 removed (TPU,
    distribute-coordinator bits that a single-process CPU Estimator never touches)."""
    stubbed = []
    for _ in range(max_stubs):
        try:
            from tensorflow_estimator.python.estimator.api._v1 import estimator
            return estimator, stubbed
        except ImportError as e:
            msg = str(e)
            m = re.search(r"cannot import name '(\w+)' from '([\w.]+)'", msg)
            if m:
                name = m.group(2) + "." + m.group(1)
                parent = importlib.import_module(m.group(2))
                if name.startswith("tensorflow_estimator"):
                    setattr(parent, m.group(1), type(m.group(1), (_Dummy,), {}))
                else:
                    _stub_module(name, parent)
            else:
                m = re.search(r"No module named '([\w.]+)'", msg)
                if not m:
                    raise
                name = m.group(1)
                pkg, _, leaf = name.rpartition(".")
                parent = importlib.import_module(pkg) if pkg else None
                _stub_module(name, parent)
            stubbed.append(name)
            for k in [k for k in sys.modules if k.startswith("tensorflow_estimator")]:
                del sys.modules[k]
    raise ImportError("too many stubs: %s" % stubbed)
