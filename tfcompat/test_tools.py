"""The smaller `tf.test` helpers: `Benchmark`, `StubOutForTesting`, `assert_equal_graph_def`,
`benchmark_config`, `disable_with_predicate`, `is_cpu_target_available`, `test_src_dir_path`,
`with_eager_op_as_function` (re-exported by tfcompat/test.py)."""
from __future__ import annotations

import functools
import inspect
import numbers
import os
import platform
import re
import sys
import time

from tfcompat.client.config import ConfigProto
from tfcompat.client.config import RewriterConfig
from tfcompat.client.session import get_default_session
from tfcompat.io.proto.graph_pb2 import GraphDef
from tfcompat.tf_logging import info as _info

__all__ = ["Benchmark", "StubOutForTesting", "assert_equal_graph_def", "benchmark_config",
           "disable_with_predicate", "is_cpu_target_available", "test_src_dir_path",
           "with_eager_op_as_function"]


# -- graph comparison --------------------------------------------------------------------------

def _normalized_nodes(graph_def, checkpoint_v2, hash_table_shared_name):
    nodes = {}
    for node in graph_def.node:
        node_copy = type(node)()
        node_copy.CopyFrom(node)
        if checkpoint_v2 and node_copy.op == "Const" and "value" in node_copy.attr:
            tensor = node_copy.attr["value"].tensor
            tensor.string_val[:] = [re.sub(rb"_temp_[0-9a-f]{32}/part", b"", s)
                                    for s in tensor.string_val]
        if hash_table_shared_name and "shared_name" in node_copy.attr:
            value = node_copy.attr["shared_name"].s
            node_copy.attr["shared_name"].s = re.sub(rb"hash_table_[0-9a-f]+", b"hash_table",
                                                     value)
        nodes[node_copy.name] = node_copy
    return nodes


def _node_difference(name, actual, expected):
    if actual.op != expected.op:
        return ("Node named '%s' has op %s that does not match expected op %s"
                % (name, actual.op, expected.op))
    if list(actual.input) != list(expected.input):
        return ("Node named '%s' has inputs %s that do not match expected %s"
                % (name, list(actual.input), list(expected.input)))
    if actual.device != expected.device:
        return ("Node named '%s' has device %s that does not match expected device %s"
                % (name, actual.device, expected.device))
    for key in sorted(set(actual.attr) | set(expected.attr)):
        if key not in expected.attr:
            return "Node named '%s' has unexpected attr '%s'" % (name, key)
        if key not in actual.attr:
            return "Node named '%s' missing expected attr '%s'" % (name, key)
        if actual.attr[key] != expected.attr[key]:
            return ("Node named '%s' has attr '%s' with value: %s that does not match "
                    "expected: %s" % (name, key, str(actual.attr[key]).strip(),
                                      str(expected.attr[key]).strip()))
    return None


def assert_equal_graph_def(actual, expected, checkpoint_v2=False,
                           hash_table_shared_name=False):
    """Raises AssertionError when two GraphDefs differ (node order does not matter)."""
    if not isinstance(actual, GraphDef):
        raise TypeError("Expected tf.GraphDef for actual, got %s" % type(actual).__name__)
    if not isinstance(expected, GraphDef):
        raise TypeError("Expected tf.GraphDef for expected, got %s"
                        % type(expected).__name__)
    got = _normalized_nodes(actual, checkpoint_v2, hash_table_shared_name)
    want = _normalized_nodes(expected, checkpoint_v2, hash_table_shared_name)
    for name in got:
        if name not in want:
            raise AssertionError("Found unexpected node '%s' not in expected graph" % name)
        difference = _node_difference(name, got[name], want[name])
        if difference:
            raise AssertionError(difference)
    for name in want:
        if name not in got:
            raise AssertionError("Did not find expected node '%s'" % name)


# -- small helpers -----------------------------------------------------------------------------

def benchmark_config():
    """A ConfigProto for benchmarks (TF turns grappler's dependency optimizer off, which
    tfcompat does not run anyway)."""
    config = ConfigProto()
    config.graph_options.rewrite_options.dependency_optimization = RewriterConfig.OFF
    return config


def disable_with_predicate(pred, skip_message):
    """Decorator: skips the test method when `pred()` is true."""
    def decorator(func):
        @functools.wraps(func)
        def wrapper(self, *args, **kwargs):
            if pred():
                self.skipTest(skip_message)
            else:
                return func(self, *args, **kwargs)
        return wrapper
    return decorator


_CPU_TARGETS = {"x86": ("x86_64", "amd64", "i386", "i686", "x86"),
                "aarch64": ("aarch64", "arm64"), "arm": ("arm", "armv7l", "aarch64", "arm64"),
                "ppc": ("ppc64le", "ppc64", "ppc")}


def is_cpu_target_available(target):
    """Whether code can be compiled for CPU `target` ("x86", "aarch64", ...): tfcompat's
    compiler (torch.compile's C++ backend) targets this machine's architecture only."""
    machine = platform.machine().lower()
    return machine in _CPU_TARGETS.get(target.lower(), (target.lower(),))


def test_src_dir_path(relative_path):
    """`relative_path` under the tensorflow directory of a Bazel test's runfiles
    ($TEST_SRCDIR/$TEST_WORKSPACE/tensorflow)."""
    return os.path.join(os.environ["TEST_SRCDIR"], os.environ["TEST_WORKSPACE"], "tensorflow",
                        relative_path)


def with_eager_op_as_function(cls=None, only_as_function=False):
    """The class unchanged (TF's decorator is a no-op kept for old tests)."""
    def decorator(klass):
        return klass
    return decorator(cls) if cls is not None else decorator


# -- StubOutForTesting -------------------------------------------------------------------------

class StubOutForTesting:
    """Replaces attributes for a test and puts them back: `Set`, `SmartSet`, `UnsetAll`,
    `SmartUnsetAll`, `CleanUp` (googletest's stubout)."""

    def __init__(self):
        self.cache = []
        self.stubs = []

    def __del__(self):
        self.SmartUnsetAll()
        self.UnsetAll()

    def SmartSet(self, obj, attr_name, new_attr):  # noqa: N802 - TF's names
        """Like Set, but restores inherited and static/class methods correctly."""
        if inspect.ismodule(obj) or (not inspect.isclass(obj) and attr_name in obj.__dict__):
            orig_obj, orig_attr = obj, getattr(obj, attr_name)
        else:
            mro = list(inspect.getmro(obj if inspect.isclass(obj) else obj.__class__))
            mro.reverse()
            orig_attr = None
            found = False
            for cls in mro:
                try:
                    orig_obj = cls
                    orig_attr = getattr(obj, attr_name)
                    found = True
                except AttributeError:
                    continue
            if not found:
                raise AttributeError("Attribute not found.")
        old_attribute = obj.__dict__.get(attr_name)
        if old_attribute is not None and isinstance(old_attribute, staticmethod):
            orig_attr = staticmethod(orig_attr)
        self.stubs.append((orig_obj, attr_name, orig_attr))
        setattr(orig_obj, attr_name, new_attr)

    def SmartUnsetAll(self):  # noqa: N802
        for args in reversed(self.stubs):
            setattr(*args)
        self.stubs = []

    def Set(self, parent, child_name, new_child):  # noqa: N802
        old_child = getattr(parent, child_name)
        old_attribute = parent.__dict__.get(child_name)
        if old_attribute is not None and isinstance(old_attribute, classmethod):
            old_child = classmethod(old_child.__func__)
        self.cache.append((parent, old_child, child_name))
        setattr(parent, child_name, new_child)

    def UnsetAll(self):  # noqa: N802
        for (parent, old_child, child_name) in reversed(self.cache):
            setattr(parent, child_name, old_child)
        self.cache = []

    def CleanUp(self):  # noqa: N802
        self.SmartUnsetAll()
        self.UnsetAll()

    def __enter__(self):
        return self

    def __exit__(self, unused_exc_type, unused_exc_value, unused_tb):
        self.CleanUp()


# -- Benchmark ---------------------------------------------------------------------------------

GLOBAL_BENCHMARK_REGISTRY = set()


class _BenchmarkRegistrar(type):
    def __new__(mcs, clsname, bases, attrs):
        newclass = type.__new__(mcs, clsname, bases, attrs)
        if not newclass.is_abstract():
            GLOBAL_BENCHMARK_REGISTRY.add(newclass)
        return newclass


def _report(name, iters=None, cpu_time=None, wall_time=None, throughput=None, extras=None,
            metrics=None):
    """Logs and prints the benchmark entry, as TF does without a test reporter."""
    if extras is not None and not isinstance(extras, dict):
        raise TypeError("extras must be a dict")
    if metrics is not None:
        if not isinstance(metrics, list):
            raise TypeError("metrics must be a list")
        for metric in metrics:
            for field in ("name", "value"):
                if field not in metric:
                    raise TypeError("metric must has a '%s' field" % field)
    _info("Benchmark [%s] iters: %d, wall_time: %g, cpu_time: %g,throughput: %g, extras: %s, "
          "metrics: %s", name, iters if iters is not None else -1,
          wall_time if wall_time is not None else -1, cpu_time if cpu_time is not None else -1,
          throughput if throughput is not None else -1, str(extras) if extras else "None",
          str(metrics) if metrics else "None")
    lines = ["entry {", '  name: "%s"' % name]
    for key, value in (("iters", iters), ("cpu_time", cpu_time), ("wall_time", wall_time),
                       ("throughput", throughput)):
        if value is not None:
            lines.append("  %s: %s" % (key, value))
    for key, value in (extras or {}).items():
        kind = "double_value" if isinstance(value, numbers.Number) else "string_value"
        lines.append('  extras { key: "%s" value { %s: %r } }' % (key, kind, value))
    for metric in metrics or []:
        lines.append('  metrics { name: "%s" value: %s }' % (metric["name"], metric["value"]))
    print("\n".join(lines + ["}"]), file=sys.stdout)


class Benchmark(metaclass=_BenchmarkRegistrar):
    """TF1 `tf.test.Benchmark`: `run_op_benchmark(sess, op)` times a session run;
    `report_benchmark(...)` prints the entry. Subclasses are registered."""

    @classmethod
    def is_abstract(cls):
        return len(cls.mro()) <= 2

    def _get_name(self, overwrite_name=None):
        calling, name = None, None
        for frame in inspect.stack()[::-1]:
            f_self = frame[0].f_locals.get("self")
            if isinstance(f_self, Benchmark):
                calling, name = f_self, frame[3]
                break
        if calling is None:
            raise ValueError("Unable to determine calling Benchmark class.")
        return "%s.%s" % (type(calling).__name__, overwrite_name or name)

    def report_benchmark(self, iters=None, cpu_time=None, wall_time=None, throughput=None,
                         extras=None, name=None, metrics=None):
        _report(self._get_name(overwrite_name=name), iters=iters, cpu_time=cpu_time,
                wall_time=wall_time, throughput=throughput, extras=extras, metrics=metrics)

    def run_op_benchmark(self, sess, op_or_tensor, feed_dict=None, burn_iters=2, min_iters=10,
                         store_trace=False, store_memory_usage=True, name=None, extras=None,
                         mbs=0):
        """Runs `op_or_tensor` burn_iters + min_iters times; reports and returns the median
        wall time (and throughput in MB/s when `mbs` is given)."""
        for _ in range(burn_iters):
            sess.run(op_or_tensor, feed_dict=feed_dict)
        deltas = []
        for _ in range(min_iters):
            start = time.time()
            sess.run(op_or_tensor, feed_dict=feed_dict)
            deltas.append(time.time() - start)
        extras = dict(extras or {})
        ordered = sorted(deltas)
        mid = len(ordered) // 2
        median = (ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2.0)
        throughput = mbs / median if mbs else None
        self.report_benchmark(iters=min_iters, wall_time=median, extras=extras, name=name,
                              throughput=throughput)
        results = {"wall_time": median, "extras": extras, "iters": min_iters, "name": name}
        if throughput is not None:
            results["throughput"] = throughput
        return results

    def evaluate(self, tensors):
        """The values of `tensors` in the default session."""
        return get_default_session().run(tensors)
