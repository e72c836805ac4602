"""`tf.config`: the devices torch sees and the process-wide runtime settings (TF's context).

Devices are the CPU and each CUDA GPU torch sees. The settings live in `client/context.py`;
a `tf.Session()` made without a `config` starts from them (as in TF 2.x's compat.v1), so
`set_visible_devices`, `set_soft_device_placement`, `set_logical_device_configuration` (several
logical CPUs) and the thread counts act on such sessions. As in TF, the device layout and
thread counts are fixed once `list_logical_devices()` has been called: changing them after
that raises RuntimeError.
"""
from __future__ import annotations

import sys
import types

import torch

from tfcompat._unsupported import missing_attr as _missing_attr
from tfcompat.client.context import CONTEXT as _CONTEXT
from tfcompat.client.context import LogicalDevice
from tfcompat.client.context import LogicalDeviceConfiguration
from tfcompat.client.context import PhysicalDevice
from tfcompat.tf_logging import warning as _warning

__all__ = [
    "LogicalDevice", "LogicalDeviceConfiguration", "PhysicalDevice",
    "experimental_functions_run_eagerly", "experimental_run_functions_eagerly",
    "functions_run_eagerly", "get_logical_device_configuration", "get_soft_device_placement",
    "get_visible_devices", "list_logical_devices", "list_physical_devices", "optimizer",
    "run_functions_eagerly", "set_logical_device_configuration", "set_soft_device_placement",
    "set_visible_devices", "threading", "get_log_device_placement", "set_log_device_placement",
    "experimental",
]


# -- devices ---------------------------------------------------------------------------------

def list_physical_devices(device_type=None):
    """The local devices, all or those of `device_type` ("CPU", "GPU")."""
    return [d for d in _CONTEXT.physical if device_type is None or d.device_type == device_type]


def list_logical_devices(device_type=None):
    """The devices ops can be placed on; fixes the device layout, as TF's context does."""
    _CONTEXT.initialized = True
    return [d for d in _CONTEXT.logical_devices()
            if device_type is None or d.device_type == device_type]


def get_visible_devices(device_type=None):
    return [d for d in _CONTEXT.visible if device_type is None or d.device_type == device_type]


def set_visible_devices(devices, device_type=None):
    """Limits the devices sessions may use: `devices` replaces the visible devices (of
    `device_type` only, when given)."""
    if not isinstance(devices, list):
        devices = [devices]
    for d in devices:
        if d not in _CONTEXT.physical or (device_type is not None
                                          and d.device_type != device_type):
            raise ValueError("Unrecognized device: %s" % repr(d))
    visible = [] if device_type is None else [
        d for d in _CONTEXT.visible if d.device_type != device_type]
    visible += devices
    if visible == _CONTEXT.visible:
        return
    _check_not_initialized("Visible devices cannot be modified after being initialized")
    _CONTEXT.visible = visible


def get_logical_device_configuration(device):
    """The `LogicalDeviceConfiguration` list set for `device`, or None."""
    return _CONTEXT.virtual.get(device)


def set_logical_device_configuration(device, logical_devices):
    """Splits `device` into len(logical_devices) logical devices (CPU: no options; GPU: each
    needs a memory_limit)."""
    if device not in _CONTEXT.physical:
        raise ValueError("Unrecognized device: %s" % repr(device))
    if device.device_type == "CPU":
        _check_cpu_virtual(logical_devices)
    elif device.device_type == "GPU":
        if any(v.memory_limit is None for v in logical_devices):
            raise ValueError("Setting memory limit is required for GPU virtual devices")
        if len(logical_devices) > 1:
            raise ValueError("tfcompat cannot split a GPU into several logical devices "
                             "(torch has one device per GPU); give one "
                             "LogicalDeviceConfiguration to set its memory limit")
    else:
        raise ValueError("Virtual devices are not supported for %s" % device.device_type)
    if _CONTEXT.virtual.get(device) == logical_devices:
        return
    _check_not_initialized("Virtual devices cannot be modified after being initialized")
    _CONTEXT.virtual[device] = logical_devices


def _check_cpu_virtual(logical_devices):
    for field, what in (("memory_limit", "memory limit"),
                        ("experimental_priority", "experimental_priority"),
                        ("experimental_device_ordinal", "experimental_device_ordinal")):
        if any(getattr(v, field) is not None for v in logical_devices):
            raise ValueError("Setting %s on CPU virtual devices is currently not supported"
                             % what)


def _check_not_initialized(message):
    if _CONTEXT.initialized:
        raise RuntimeError(message)


# -- placement and function settings ----------------------------------------------------------

def get_soft_device_placement():
    return _CONTEXT.soft_placement


def set_soft_device_placement(enabled):
    """Sessions made without a config fall back to an existing device for impossible
    placements."""
    _CONTEXT.soft_placement = bool(enabled)


def get_log_device_placement():
    return _CONTEXT.log_placement


def set_log_device_placement(enabled):
    """Sessions made without a config print each op's device (as ConfigProto's
    log_device_placement)."""
    _CONTEXT.log_placement = bool(enabled)


def functions_run_eagerly():
    return _CONTEXT.functions_run_eagerly


def run_functions_eagerly(run_eagerly):
    """TF's switch for `tf.function`; tfcompat runs graphs in sessions, so it is only recorded."""
    _CONTEXT.functions_run_eagerly = bool(run_eagerly)


def experimental_functions_run_eagerly():
    _warning("experimental_functions_run_eagerly is deprecated: use "
             "tf.config.functions_run_eagerly instead of the experimental version.")
    return functions_run_eagerly()


def experimental_run_functions_eagerly(run_eagerly):
    _warning("experimental_run_functions_eagerly is deprecated: use "
             "tf.config.run_functions_eagerly instead of the experimental version.")
    return run_functions_eagerly(run_eagerly)


# -- tf.config.optimizer ----------------------------------------------------------------------

def get_jit() -> str:
    """"autoclustering" when sessions made without a config compile their plans, else ""."""
    return _CONTEXT.jit


def set_jit(enabled):
    """`True` or "autoclustering": sessions made without a config get global_jit_level ON_1
    (their plans go to torch.compile); False: not."""
    _CONTEXT.jit = "autoclustering" if enabled in (True, "autoclustering") else ""


# TF's defaults of the two boolean rewriter options (toggles appear once set)
_REWRITER_BOOLS = {"disable_model_pruning": False, "disable_meta_optimizer": False}


def get_experimental_options():
    """The grappler options set so far, plus the two boolean ones (tfcompat's plans do their
    own pruning and folding: these are recorded, as TF records them)."""
    options = {k: v for k, v in _CONTEXT.optimizer_options.items() if k not in _REWRITER_BOOLS}
    options.update({k: _CONTEXT.optimizer_options.get(k, v) for k, v in _REWRITER_BOOLS.items()})
    return options


def set_experimental_options(options):
    _CONTEXT.optimizer_options.update(options)


# -- tf.config.threading ----------------------------------------------------------------------

def get_intra_op_parallelism_threads():
    return _CONTEXT.intra_op_threads or 0


def set_intra_op_parallelism_threads(num_threads):
    """torch's intra-op thread count; 0 restores torch's default (one per core)."""
    if num_threads == _CONTEXT.intra_op_threads:
        return
    _check_not_initialized("Intra op parallelism cannot be modified after initialization.")
    _CONTEXT.intra_op_threads = num_threads
    torch.set_num_threads(num_threads if num_threads > 0 else _CONTEXT.default_torch_threads)


def get_inter_op_parallelism_threads():
    return _CONTEXT.inter_op_threads or 0


def set_inter_op_parallelism_threads(num_threads):
    """Threads a session uses to run independent per-device parts of a step (0: one per
    core), as ConfigProto's inter_op_parallelism_threads; also torch's inter-op pool when
    torch still allows it (it fixes that pool once parallel work has started)."""
    if num_threads == _CONTEXT.inter_op_threads:
        return
    _check_not_initialized("Inter op parallelism cannot be modified after initialization.")
    _CONTEXT.inter_op_threads = num_threads
    if num_threads > 0:
        try:
            torch.set_num_interop_threads(num_threads)
        except RuntimeError:
            pass    # torch's pool is already running; sessions still use num_threads


def _submodule(name, functions):
    """`tf.config.<name>` as a module object, as in TF (holding these same functions)."""
    module = types.ModuleType(__name__ + "." + name)
    for public, function in functions.items():
        setattr(module, public, function)
    module.__all__ = sorted(functions)
    module.__getattr__ = _missing_attr("config." + name, module.__name__)
    sys.modules[module.__name__] = module
    return module


optimizer = _submodule("optimizer", {
    "get_jit": get_jit, "set_jit": set_jit,
    "get_experimental_options": get_experimental_options,
    "set_experimental_options": set_experimental_options})
threading = _submodule("threading", {
    "get_intra_op_parallelism_threads": get_intra_op_parallelism_threads,
    "set_intra_op_parallelism_threads": set_intra_op_parallelism_threads,
    "get_inter_op_parallelism_threads": get_inter_op_parallelism_threads,
    "set_inter_op_parallelism_threads": set_inter_op_parallelism_threads})


# -- tf.config.experimental (the TF 2.0-era spellings TF1.15 scripts use) ---------------------

_memory_growth: dict = {}


def get_memory_growth(device):
    """Whether `set_memory_growth` was asked for this GPU (KeyError for a non-GPU, as TF)."""
    if device.device_type != "GPU" or device not in _CONTEXT.physical:
        raise KeyError(device)
    return _memory_growth.get(device, False)


def set_memory_growth(device, enable):
    """Accepted for GPUs: torch's caching allocator always takes CUDA memory as it is needed
    (TF's memory growth), so there is nothing to switch."""
    if device.device_type != "GPU":
        raise ValueError("Cannot set memory growth on non-GPU and non-Pluggable devices")
    if device not in _CONTEXT.physical:
        raise ValueError("Unrecognized device: %s" % repr(device))
    _memory_growth[device] = bool(enable)


def _cuda_index(device):
    """'GPU:1' / '/device:GPU:1' -> 1; None for a CPU."""
    kind, _, index = str(device).rsplit("/", 1)[-1].replace("device:", "").partition(":")
    if kind.upper() != "GPU":
        return None
    return int(index or 0)


def get_memory_info(device):
    """{'current', 'peak'} bytes allocated on the GPU `device` ("GPU:0"); the CPU's
    allocations are not tracked (ValueError, as TF)."""
    index = _cuda_index(device)
    if index is None:
        raise ValueError("Allocator stats not available for device '%s'" % device)
    return {"current": torch.cuda.memory_allocated(index),
            "peak": torch.cuda.max_memory_allocated(index)}


def reset_memory_stats(device):
    index = _cuda_index(device)
    if index is not None:
        torch.cuda.reset_peak_memory_stats(index)


def get_device_details(device):
    """{'device_name', 'compute_capability'} for a GPU; {} for the CPU."""
    if device.device_type != "GPU":
        return {}
    index = int(device.name.rsplit(":", 1)[1])
    return {"device_name": torch.cuda.get_device_name(index),
            "compute_capability": torch.cuda.get_device_capability(index)}


def tensor_float_32_execution_enabled():
    """Whether float32 matmuls and convolutions on GPUs may use TensorFloat-32 (torch's
    switches; TF enables it by default, torch does not)."""
    return bool(torch.backends.cuda.matmul.allow_tf32 and torch.backends.cudnn.allow_tf32)


def enable_tensor_float_32_execution(enabled):
    torch.backends.cuda.matmul.allow_tf32 = bool(enabled)
    torch.backends.cudnn.allow_tf32 = bool(enabled)


experimental = _submodule("experimental", {
    "list_physical_devices": list_physical_devices, "list_logical_devices": list_logical_devices,
    "get_visible_devices": get_visible_devices, "set_visible_devices": set_visible_devices,
    "VirtualDeviceConfiguration": LogicalDeviceConfiguration,
    "get_virtual_device_configuration": get_logical_device_configuration,
    "set_virtual_device_configuration": set_logical_device_configuration,
    "get_memory_growth": get_memory_growth, "set_memory_growth": set_memory_growth,
    "get_memory_info": get_memory_info, "reset_memory_stats": reset_memory_stats,
    "get_device_details": get_device_details,
    "tensor_float_32_execution_enabled": tensor_float_32_execution_enabled,
    "enable_tensor_float_32_execution": enable_tensor_float_32_execution})


__getattr__ = _missing_attr("config", __name__)

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('config', __name__)   # TF's names, not this module's imports
