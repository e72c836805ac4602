"""`tf.data.Options` and its parts (`OptimizationOptions`, `DistributeOptions`, the
`AutoShardPolicy` / `ExternalStatePolicy` enums), with TF's type-checked properties, defaults
and `merge`. tfcompat runs pipelines as they are written (no graph rewrites, no sharding), so
apart from `deterministic` (which parallel map and interleave honour) the settings are recorded
and read back but change nothing.
"""
from __future__ import annotations

import enum

from tfcompat.data.threading_options import ThreadingOptions


class OptionsBase:
    """A set of options: only declared properties can be set, each checked against its type."""

    def __init__(self):
        object.__setattr__(self, "_options", {})

    def __eq__(self, other):
        if not isinstance(other, self.__class__):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n)
                   for n in set(self._options) | set(other._options))

    def __ne__(self, other):
        if isinstance(other, self.__class__):
            return not self.__eq__(other)
        return NotImplemented

    __hash__ = None

    def __setattr__(self, name, value):
        if hasattr(self, name):
            object.__setattr__(self, name, value)
        else:
            raise AttributeError("Cannot set the property {} on {}.".format(
                name, type(self).__name__))


def create_option(name, ty, docstring, default_factory=lambda: None):
    """A property of type `ty` (TypeError otherwise; None means unset)."""

    def get_fn(option):
        if name not in option._options:
            option._options[name] = default_factory()
        return option._options.get(name)

    def set_fn(option, value):
        if not isinstance(value, ty):
            raise TypeError('Property "{}" must be of type {}, got: {} (type: {})'.format(
                name, ty, value, type(value)))
        option._options[name] = value

    return property(get_fn, set_fn, None, docstring)


def merge_options(*options_list):
    """One options object: for each option the last setting that differs from the default
    (nested options are merged recursively)."""
    if not options_list:
        raise ValueError("At least one options should be provided")
    result_type = type(options_list[0])
    for options in options_list:
        if not isinstance(options, result_type):
            raise TypeError("Could not merge incompatible options of type {} and {}.".format(
                type(options), result_type))
    default, result = result_type(), result_type()
    for options in options_list:
        for name in options._options:
            this, that = getattr(result, name), getattr(options, name)
            if that == getattr(default, name):
                continue
            if this != getattr(default, name) and isinstance(this, OptionsBase):
                that = merge_options(this, that)
            setattr(result, name, that)
    return result


class AutoShardPolicy(enum.IntEnum):
    """How a distributed pipeline is sharded (recorded; tfcompat does not shard)."""
    OFF = -1
    AUTO = 0
    FILE = 1
    DATA = 2
    HINT = 3


class ExternalStatePolicy(enum.Enum):
    """What to do with external state when a pipeline is serialized (recorded)."""
    WARN = 0
    IGNORE = 1
    FAIL = 2


class DistributeOptions(OptionsBase):
    """`auto_shard_policy` (AutoShardPolicy.AUTO) and `num_devices`."""

    auto_shard_policy = create_option("auto_shard_policy", AutoShardPolicy,
                                      "How the dataset is sharded across workers.",
                                      lambda: AutoShardPolicy.AUTO)
    num_devices = create_option("num_devices", int, "The number of devices attached to this "
                                "input pipeline.")


_OPTIMIZATIONS = {
    bool: ("apply_default_optimizations", "autotune", "autotune_buffers", "filter_fusion",
           "filter_parallelization", "filter_with_random_uniform_fusion",
           "hoist_random_uniform", "inject_prefetch", "map_and_batch_fusion",
           "map_and_filter_fusion", "map_fusion", "map_parallelization", "noop_elimination",
           "parallel_batch", "seq_interleave_prefetch", "shuffle_and_repeat_fusion"),
    int: ("autotune_cpu_budget", "autotune_ram_budget"),
}


class OptimizationOptions(OptionsBase):
    """TF's static graph rewrites (TF 1.15 and 2.x names); None means TF's default."""


for _type, _names in _OPTIMIZATIONS.items():
    for _name in _names:
        setattr(OptimizationOptions, _name, create_option(
            _name, _type, "Whether to apply the %s rewrite (recorded)." % _name))
del _type, _names, _name


def _alias(name):
    return property(lambda self: getattr(self, name),
                    lambda self, value: setattr(self, name, value),
                    None, "Alias of `%s`." % name)


class Options(OptionsBase):
    """`tf.data.Options`: `deterministic = False` lets parallel map and interleave yield
    elements in the order they finish; the other options are recorded."""

    deterministic = create_option("deterministic", bool, "Whether the outputs must be "
                                  "produced in deterministic order.")
    experimental_deterministic = _alias("deterministic")
    experimental_distribute = create_option("experimental_distribute", DistributeOptions,
                                            "Distribution options.", DistributeOptions)
    experimental_external_state_policy = create_option(
        "experimental_external_state_policy", ExternalStatePolicy,
        "How to handle external state while serializing.", lambda: ExternalStatePolicy.WARN)
    experimental_optimization = create_option("experimental_optimization",
                                              OptimizationOptions, "Optimization options.",
                                              OptimizationOptions)
    experimental_slack = create_option("experimental_slack", bool, "Whether to introduce "
                                       "slack in the last prefetch.")
    experimental_threading = create_option("experimental_threading", ThreadingOptions,
                                           "Threading options.", ThreadingOptions)
    threading = _alias("experimental_threading")

    def merge(self, options):
        """These options merged with `options` (whose settings win)."""
        return merge_options(self, options)


__all__ = ["Options", "OptimizationOptions", "DistributeOptions", "AutoShardPolicy",
           "ExternalStatePolicy", "OptionsBase", "merge_options"]
