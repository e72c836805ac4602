"""TF-Slim's variable helpers (TF 1.15 `tf.contrib.framework` variables): collection getters
filtered by scope and suffix, `get_variables_to_restore`, `assign_from_checkpoint(_fn)`,
`assign_from_values(_fn)`, `filter_variables` and `VariableDeviceChooser`.

`variable`, `model_variable`, `get_variables`, `get_model_variables`, `get_trainable_variables`
and `get_variables_by_name` are tfcompat.contrib.framework's (the layers use them too).
"""
from __future__ import annotations

import re

from tfcompat import train
from tfcompat import tf_logging as logging
from tfcompat.contrib.framework import get_variables
from tfcompat.framework.device import DeviceSpec
from tfcompat.framework.graph import GraphKeys
from tfcompat.framework.graph import add_to_collection
from tfcompat.framework.graph import get_collection
from tfcompat.ops import array_ops
from tfcompat.ops import control_flow_ops
from tfcompat.train import checkpoint_utils
from tfcompat.variables import Variable


def add_model_variable(var):
    """Adds `var` to MODEL_VARIABLES (once)."""
    if var not in get_collection(GraphKeys.MODEL_VARIABLES):
        add_to_collection(GraphKeys.MODEL_VARIABLES, var)


def local_variable(initial_value, validate_shape=True, name=None, use_resource=None):
    """A non-trainable variable in LOCAL_VARIABLES only."""
    return Variable(initial_value, trainable=False, collections=[GraphKeys.LOCAL_VARIABLES],
                    validate_shape=validate_shape, name=name, use_resource=use_resource)


def global_variable(initial_value, validate_shape=True, name=None, use_resource=None):
    """A non-trainable variable in GLOBAL_VARIABLES only."""
    return Variable(initial_value, trainable=False, collections=[GraphKeys.GLOBAL_VARIABLES],
                    validate_shape=validate_shape, name=name, use_resource=use_resource)


def get_local_variables(scope=None, suffix=None):
    return get_variables(scope, suffix, GraphKeys.LOCAL_VARIABLES)


def get_variables_by_suffix(suffix, scope=None):
    return get_variables(scope=scope, suffix=suffix)


def _variables_in(scopes, what):
    if not isinstance(scopes, (list, tuple)):
        raise TypeError("%s is provided but is not a list or a tuple." % what)
    found = []
    for scope in scopes:
        found += get_variables(scope)
    return found


def get_variables_to_restore(include=None, exclude=None):
    """The global variables under the `include` scopes (all when None), less those under the
    `exclude` scopes. Scopes are prefixes matched with re.match, as in get_collection."""
    included = get_variables() if include is None else _variables_in(include, "include")
    excluded = set() if exclude is None else set(_variables_in(exclude, "exclude"))
    return [v for v in included if v not in excluded]


def get_unique_variable(var_op_name):
    """The global variable whose op name is exactly `var_op_name`."""
    candidates = get_variables(scope=var_op_name)
    if not candidates:
        raise ValueError("Couldnt find variable %s" % var_op_name)
    for candidate in candidates:
        if candidate.op.name == var_op_name:
            return candidate
    raise ValueError("Variable %s does not uniquely identify a variable" % var_op_name)


def get_variable_full_name(var):
    """The checkpoint name of `var`: the whole variable's name for a partition."""
    if var._save_slice_info:
        return var._save_slice_info.full_name
    return var.op.name


def _find_global(var_name):
    found = get_collection(GraphKeys.GLOBAL_VARIABLES, var_name)
    if not found:
        raise ValueError("Variable %s wasn't found" % var_name)
    if len(found) == 1:
        return found[0]
    for var in found:  # get_collection matches a prefix: take the exact name
        if var.op.name == var_name:
            return var
    raise ValueError("Variable %s doesn't uniquely identify a variable" % var_name)


def _placeholder_assign(var):
    placeholder = array_ops.placeholder(dtype=var.dtype.base_dtype, shape=var.get_shape(),
                                        name="placeholder/" + var.op.name)
    return placeholder, var.assign(placeholder)


def assign_from_values(var_names_to_values):
    """(assign_op, feed_dict) that sets each named global variable from a numpy value, fed
    through placeholders so the values stay out of the graph."""
    feed_dict, assign_ops = {}, []
    for var_name, value in var_names_to_values.items():
        var = _find_global(var_name)
        placeholder, assign = _placeholder_assign(var)
        assign_ops.append(assign)
        feed_dict[placeholder] = value.reshape(var.get_shape().as_list())
    return control_flow_ops.group(*assign_ops), feed_dict


def assign_from_values_fn(var_names_to_values):
    """A function of a session that runs `assign_from_values`."""
    assign_op, feed_dict = assign_from_values(var_names_to_values)

    def callback(session):
        return session.run(assign_op, feed_dict)
    return callback


def _group_by_checkpoint_name(var_list):
    grouped = {}
    if isinstance(var_list, (tuple, list)):
        for var in var_list:
            grouped.setdefault(get_variable_full_name(var), []).append(var)
    else:
        for ckpt_name, value in var_list.items():
            grouped[ckpt_name] = list(value) if isinstance(value, (tuple, list)) else [value]
    return grouped


def _checkpoint_value(var, ckpt_name, ckpt_value):
    info = var._save_slice_info
    if not info:
        if var.get_shape().as_list() != list(ckpt_value.shape):
            raise ValueError("Total size of new array must be unchanged for %s lh_shape: [%s], "
                             "rh_shape: [%s]" % (ckpt_name, str(ckpt_value.shape),
                                                 str(var.get_shape())))
        return ckpt_value
    slices = tuple(slice(start, start + size)
                   for start, size in zip(info.var_offset, info.var_shape))
    return ckpt_value[slices].reshape(info.var_shape)


def assign_from_checkpoint(model_path, var_list, ignore_missing_vars=False):
    """(assign_op, feed_dict) that restores `var_list` (variables, or {checkpoint name:
    variable or [variables]}) from the checkpoint `model_path` through placeholders."""
    grouped = _group_by_checkpoint_name(var_list)
    reader = checkpoint_utils.NewCheckpointReader(model_path)
    feed_dict, assign_ops = {}, []
    for ckpt_name, variables in grouped.items():
        if not reader.has_tensor(ckpt_name):
            message = "Checkpoint is missing variable [%s]" % ckpt_name
            if not ignore_missing_vars:
                raise ValueError(message)
            logging.warning(message)
            continue
        ckpt_value = reader.get_tensor(ckpt_name)
        for var in variables:
            placeholder, assign = _placeholder_assign(var)
            assign_ops.append(assign)
            feed_dict[placeholder] = _checkpoint_value(var, ckpt_name, ckpt_value)
    return control_flow_ops.group(*assign_ops), feed_dict


def assign_from_checkpoint_fn(model_path, var_list, ignore_missing_vars=False,
                              reshape_variables=False):
    """A function of a session that restores `var_list` from `model_path` with a Saver; None
    (with a warning) when `ignore_missing_vars` leaves nothing to restore."""
    if not var_list:
        raise ValueError("var_list cannot be empty")
    if ignore_missing_vars:
        reader = checkpoint_utils.NewCheckpointReader(model_path)
        var_dict = var_list if isinstance(var_list, dict) else {
            var.op.name: var for var in var_list}
        available = {}
        for name, var in var_dict.items():
            if reader.has_tensor(name):
                available[name] = var
            else:
                logging.warning("Variable %s missing in checkpoint %s", name, model_path)
        var_list = available
    if not var_list:
        logging.warning("No Variables to restore")
        return None
    saver = train.Saver(var_list, reshape=reshape_variables)

    def callback(session):
        saver.restore(session, model_path)
    return callback


def filter_variables(var_list, include_patterns=None, exclude_patterns=None, reg_search=True):
    """The variables of `var_list` whose names match an include pattern (all when None) and no
    exclude pattern; re.search, or re.match when `reg_search` is False."""
    matches = re.search if reg_search else re.match
    included = list(var_list) if include_patterns is None else [
        v for v in var_list if any(matches(p, v.name) for p in include_patterns)]
    if exclude_patterns is None:
        return included
    return [v for v in included if not any(matches(p, v.name) for p in exclude_patterns)]


def assert_or_get_global_step(graph=None, global_step_tensor=None):
    """`global_step_tensor` checked as a global step, or the graph's global step (or None)."""
    if global_step_tensor is None:
        return train.get_global_step(graph)
    train.assert_global_step(global_step_tensor)
    return global_step_tensor


class VariableDeviceChooser(object):
    """A device function for variables: round-robin over `num_tasks` parameter-server tasks,
    or one local device."""

    def __init__(self, num_tasks=0, job_name="ps", device_type="CPU", device_index=0):
        self._job_name = job_name
        self._device_type = device_type
        self._device_index = device_index
        self._num_tasks = num_tasks
        self._next_task_id = 0

    def __call__(self, op):
        spec = DeviceSpec(device_type=self._device_type, device_index=self._device_index)
        if self._num_tasks > 0:
            task_id = self._next_task_id
            self._next_task_id = (self._next_task_id + 1) % self._num_tasks
            spec = spec.replace(job=self._job_name, task=task_id)
        return spec.to_string()
