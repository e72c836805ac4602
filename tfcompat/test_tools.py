"""The smaller `tf.test` helpers: `Benchmark`, `StubOutForTesting`, `assert_equal_graph_def`,
`benchmark_config`, `disable_with_predicate`, `is_cpu_target_available`, `test_src_dir_path`,
`with_eager_op_as_function` (re-exported by tfcompat/test.py)."""
from __future__ import annotations

import functools
import inspect
import math
import numbers
import os
import platform
import re
import sys
import time

from tfcompat.client.config import ConfigProto
from tfcompat.client.config import RewriterConfig
from tfcompat.client.config import RunMetadata
from tfcompat.client.config import RunOptions
from tfcompat.client.timeline import Timeline
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


def _text_double(value) -> str:
    """A double as protobuf's text format prints it (0.25, 32, 1e-07)."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def _text_string(value) -> str:
    return '"%s"' % str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _entry_text(name, iters, cpu_time, wall_time, throughput, extras, metrics) -> str:
    """TF's BenchmarkEntries proto in text format (proto3: zero scalars are left out; map
    entries in insertion order, where TF's protobuf prints them in its hash order)."""
    lines = ["entry {"]
    if name:
        lines.append("  name: %s" % _text_string(name))
    if iters:
        lines.append("  iters: %d" % iters)
    for key, value in (("cpu_time", cpu_time), ("wall_time", wall_time),
                       ("throughput", throughput)):
        if value:
            lines.append("  %s: %s" % (key, _text_double(value)))
    for key, value in (extras or {}).items():
        entry = ("double_value: %s" % _text_double(value) if isinstance(value, numbers.Number)
                 else "string_value: %s" % _text_string(value))
        lines += ["  extras {", "    key: %s" % _text_string(key), "    value {",
                  "      " + entry, "    }", "  }"]
    for metric in metrics or []:
        lines += ["  metrics {", "    name: %s" % _text_string(metric["name"])]
        if metric["value"]:
            lines.append("    value: %s" % _text_double(metric["value"]))
        for bound in ("min_value", "max_value"):
            if bound in metric:
                lines += ["    %s {" % bound, "      value: %s" % _text_double(metric[bound]),
                          "    }"] if metric[bound] else ["    %s {" % bound, "    }"]
        lines.append("  }")
    return "\n".join(lines + ["}", ""])


def _report(name, iters=None, cpu_time=None, wall_time=None, throughput=None, extras=None,
            metrics=None):
    """Logs the benchmark entry and prints it (TF's output without TEST_REPORT_FILE_PREFIX)."""
    _info("Benchmark [%s] iters: %d, wall_time: %g, cpu_time: %g,throughput: %g, extras: %s, "
          "metrics: %s", name, iters if iters is not None else -1,
          wall_time if wall_time is not None else -1, cpu_time if cpu_time is not None else -1,
          throughput if throughput is not None else -1, str(extras) if extras else "None",
          str(metrics) if metrics else "None")
    if extras is not None and not isinstance(extras, dict):
        raise TypeError("extras must be a dict")
    if metrics is not None:
        if not isinstance(metrics, list):
            raise TypeError("metrics must be a list")
        for metric in metrics:
            for field in ("name", "value"):
                if field not in metric:
                    raise TypeError("metric must has a '%s' field" % field)
    if os.environ.get("TEST_REPORT_FILE_PREFIX") is not None:
        raise NotImplementedError("tf.test.Benchmark: writing reports to "
                                  "TEST_REPORT_FILE_PREFIX (a test_log.proto file) is not "
                                  "supported by tfcompat; unset it to print the entries")
    print(_entry_text(name, iters, cpu_time, wall_time, throughput, extras, metrics),
          file=sys.stdout)


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
        """Runs `op_or_tensor` burn_iters + min_iters times, then once traced (for the
        allocators' peak bytes, and the Chrome trace with `store_trace`); reports and returns
        {iters, wall_time (the median), extras, name, throughput (mbs / wall_time)}."""
        for _ in range(burn_iters):
            sess.run(op_or_tensor, feed_dict=feed_dict)
        deltas = []
        for _ in range(min_iters):
            start = time.time()
            sess.run(op_or_tensor, feed_dict=feed_dict)
            deltas.append(time.time() - start)
        extras = extras if extras is not None else {}
        unreported = {}
        if store_trace or store_memory_usage:
            run_options = RunOptions(trace_level=RunOptions.FULL_TRACE)
            run_metadata = RunMetadata()
            sess.run(op_or_tensor, feed_dict=feed_dict, options=run_options,
                     run_metadata=run_metadata)
            tl = Timeline(run_metadata.step_stats)
            if store_trace:
                unreported["full_trace_chrome_format"] = tl.generate_chrome_trace_format()
            if store_memory_usage:
                maximums = tl.analyze_step_stats(show_memory=True).allocator_maximums
                for k, v in maximums.items():
                    extras["allocator_maximum_num_bytes_%s" % k] = v.num_bytes
        ordered = sorted(deltas)
        median = ((ordered[len(ordered) // 2] + ordered[(len(ordered) - 1) // 2]) / 2.0
                  if ordered else -1)
        values = {"iters": min_iters, "wall_time": median, "extras": extras, "name": name,
                  "throughput": mbs / median}
        self.report_benchmark(**values)
        if len(deltas) > 1:
            mean = sum(deltas) / len(deltas)
            stdev = math.sqrt(sum((d - mean) ** 2 for d in deltas) / (len(deltas) - 1))
        else:
            mean, stdev = (deltas[0], -1) if deltas else (-1, -1)
        unreported["wall_time_mean"] = mean
        unreported["wall_time_stdev"] = stdev
        values["extras"].update(unreported)
        return values

    def evaluate(self, tensors):
        """The values of `tensors` in the default session."""
        return get_default_session().run(tensors)
