"""TF1 RNN cell wrappers: DropoutWrapper, ResidualWrapper, DeviceWrapper (tf.nn.rnn_cell)."""
from __future__ import annotations

import hashlib
import numbers
import sys
import types

from tfcompat._lazy import lazy_module

from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import device as device_scope
from tfcompat.framework.graph import name_scope
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.nn.rnn_cell_impl import LSTMStateTuple
from tfcompat.nn.rnn_cell_impl import RNNCell
from tfcompat.nn.rnn_cell_impl import assert_like_rnncell
from tfcompat.ops import array_ops
from tfcompat.ops import control_flow_nest as nest
from tfcompat.ops import math_ops
from tfcompat.ops import nn_impl
from tfcompat.ops import random_ops

_generic_utils = lazy_module("tfcompat.keras._generic_utils")


class _RNNCellWrapper(RNNCell):
    """Base of the wrappers: delegates sizes and state to the wrapped `cell`."""

    def __init__(self, cell, *args, **kwargs):
        super().__init__(*args, **kwargs)
        assert_like_rnncell("cell", cell)
        self.cell = cell

    def _call_wrapped_cell(self, inputs, state, cell_call_fn, **kwargs):
        raise NotImplementedError

    def __call__(self, inputs, state, scope=None):
        return self._call_wrapped_cell(inputs, state, cell_call_fn=self.cell.__call__,
                                       scope=scope)

    state_size = property(lambda self: self.cell.state_size)
    output_size = property(lambda self: self.cell.output_size)
    trainable_weights = property(lambda self: self.cell.trainable_weights)
    non_trainable_weights = property(lambda self: self.cell.non_trainable_weights)

    def zero_state(self, batch_size, dtype):
        with name_scope(type(self).__name__ + "ZeroState"):
            return self.cell.zero_state(batch_size, dtype)

    def get_config(self):
        config = super().get_config()
        config["cell"] = {"class_name": type(self.cell).__name__,
                          "config": self.cell.get_config()}
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """`cls(cell, **config)`: the config's `cell` must be an RNNCell instance (TF does
        not rebuild the wrapped cell from its config)."""
        config = dict(config)
        cell = config.pop("cell")
        try:
            assert_like_rnncell("cell", cell)
            return cls(cell, **config)
        except TypeError:
            raise ValueError("RNNCellWrapper cannot reconstruct the wrapped cell. Please "
                             "overwrite the cell in the config with a RNNCell instance.")


def _function_to_config(function):
    """TF's `_serialize_function_to_config`: (code, "lambda", module) or (name,
    "function", module)."""
    if isinstance(function, types.LambdaType) and function.__name__ == "<lambda>":
        return _generic_utils.func_dump(function), "lambda", function.__module__
    if callable(function):
        return function.__name__, "function", function.__module__
    raise ValueError("Unrecognized function type for input: {}".format(type(function)))


def _config_to_function(config, custom_objects, key):
    """TF's `_parse_config_to_function` for `config[key]` (+ `_type`, `_module`)."""
    function_type = config.pop(key + "_type")
    module = config.pop(key + "_module")
    if function_type == "lambda":
        return _generic_utils.func_load(config[key], globs=vars(sys.modules[module])
                                        if module in sys.modules else None)
    objects = dict(vars(sys.modules[module])) if module in sys.modules else {}
    objects.update(custom_objects or {})
    if config[key] not in objects:
        raise ValueError("Unknown function: " + config[key])
    return objects[config[key]]


def _default_dropout_state_filter_visitor(substate):
    if isinstance(substate, LSTMStateTuple):
        return LSTMStateTuple(c=False, h=True)
    return True


def _enumerated_map_structure_up_to(shallow_structure, map_fn, *args):
    ix = [0]

    def enumerated_fn(*inner_args):
        r = map_fn(ix[0], *inner_args)
        ix[0] += 1
        return r

    return _map_structure_up_to(shallow_structure, enumerated_fn, *args)


def _map_structure_up_to(shallow, fn, *structures):
    if not nest.is_sequence(shallow):
        return fn(*structures)
    children = [list(s) for s in structures]
    results = [_map_structure_up_to(sub, fn, *[c[i] for c in children])
               for i, sub in enumerate(list(shallow))]
    if hasattr(type(shallow), "_fields"):
        return type(shallow)(*results)
    return type(shallow)(results)


class DropoutWrapper(_RNNCellWrapper):
    """TF1 `tf.nn.rnn_cell.DropoutWrapper`: dropout on the cell's inputs, outputs and state
    (for LSTMs only on h, as TF), optionally with the same mask at every step
    (`variational_recurrent`)."""

    def __init__(self, cell, input_keep_prob=1.0, output_keep_prob=1.0, state_keep_prob=1.0,
                 variational_recurrent=False, input_size=None, dtype=None, seed=None,
                 dropout_state_filter_visitor=None, **kwargs):
        super().__init__(cell, dtype=dtype, **kwargs)
        if dropout_state_filter_visitor is not None and not callable(
                dropout_state_filter_visitor):
            raise TypeError("dropout_state_filter_visitor must be callable. Received: %s"
                            % dropout_state_filter_visitor)
        self._dropout_state_filter = (dropout_state_filter_visitor or
                                      _default_dropout_state_filter_visitor)
        with name_scope("DropoutWrapperInit"):
            for prob, attr in ((input_keep_prob, "input_keep_prob"),
                               (state_keep_prob, "state_keep_prob"),
                               (output_keep_prob, "output_keep_prob")):
                tensor_prob = convert_to_tensor(prob)
                const_prob = constant_value(tensor_prob)
                if const_prob is not None:
                    if const_prob < 0 or const_prob > 1:
                        raise ValueError("Parameter %s must be between 0 and 1. Received %s"
                                         % (attr, const_prob))
                    setattr(self, "_" + attr, float(const_prob))
                else:
                    setattr(self, "_" + attr, tensor_prob)
        self._variational_recurrent = variational_recurrent
        self._input_size = input_size
        self._seed = seed
        self._recurrent_input_noise = None
        self._recurrent_state_noise = None
        self._recurrent_output_noise = None
        if variational_recurrent:
            self._make_variational_noise(cell, dtype, input_size)

    def _make_variational_noise(self, cell, dtype, input_size):
        if dtype is None:
            raise ValueError("When variational_recurrent=True, dtype must be provided")

        def batch_noise(s, inner_seed):
            shape = array_ops.concat(([1], TensorShape(s).as_list()), 0)
            return random_ops.random_uniform(shape, seed=inner_seed, dtype=dtype)

        if not isinstance(self._input_keep_prob, numbers.Real) or self._input_keep_prob < 1.0:
            if input_size is None:
                raise ValueError("When variational_recurrent=True and input_keep_prob < 1.0 or "
                                 "is unknown, input_size must be provided")
            self._recurrent_input_noise = _enumerated_map_structure_up_to(
                input_size, lambda i, s: batch_noise(s, self._gen_seed("input", i)), input_size)
        self._recurrent_state_noise = _enumerated_map_structure_up_to(
            cell.state_size, lambda i, s: batch_noise(s, self._gen_seed("state", i)),
            cell.state_size)
        self._recurrent_output_noise = _enumerated_map_structure_up_to(
            cell.output_size, lambda i, s: batch_noise(s, self._gen_seed("output", i)),
            cell.output_size)

    def _gen_seed(self, salt_prefix, index):
        if self._seed is None:
            return None
        string = (str(self._seed) + "%s_%d" % (salt_prefix, index)).encode("utf-8")
        return int(hashlib.md5(string).hexdigest()[:8], 16) & 0x7FFFFFFF

    wrapped_cell = property(lambda self: self.cell)

    def get_config(self):
        config = super().get_config()
        config.update(input_keep_prob=self._input_keep_prob,
                      output_keep_prob=self._output_keep_prob,
                      state_keep_prob=self._state_keep_prob,
                      variational_recurrent=self._variational_recurrent,
                      input_size=self._input_size, seed=self._seed)
        if self._dropout_state_filter is not _default_dropout_state_filter_visitor:
            function, kind, module = _function_to_config(self._dropout_state_filter)
            config.update(dropout_fn=function, dropout_fn_type=kind, dropout_fn_module=module)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        if "dropout_fn" in config:
            config = dict(config)
            config["dropout_state_filter_visitor"] = _config_to_function(
                config, custom_objects, "dropout_fn")
            config.pop("dropout_fn")
        return super().from_config(config, custom_objects=custom_objects)

    def _variational_value(self, value, noise, keep_prob):
        binary_tensor = math_ops.floor(keep_prob + noise)
        ret = math_ops.divide(value, keep_prob) * binary_tensor
        ret.set_shape(value.get_shape())
        return ret

    def _dropout(self, values, salt_prefix, recurrent_noise, keep_prob, shallow=None):
        shallow = values if shallow is None else shallow
        if not self._variational_recurrent:
            def dropout(i, do_dropout, v):
                if not isinstance(do_dropout, bool) or do_dropout:
                    return nn_impl.dropout(v, rate=1.0 - keep_prob,
                                          seed=self._gen_seed(salt_prefix, i))
                return v
            return _enumerated_map_structure_up_to(shallow, dropout, shallow, values)

        def variational(i, do_dropout, v, n):
            if not isinstance(do_dropout, bool) or do_dropout:
                return self._variational_value(v, n, keep_prob)
            return v
        return _enumerated_map_structure_up_to(shallow, variational, shallow, values,
                                               recurrent_noise)

    def _call_wrapped_cell(self, inputs, state, cell_call_fn, **kwargs):
        def should_dropout(p):
            return (not isinstance(p, float)) or p < 1

        if should_dropout(self._input_keep_prob):
            inputs = self._dropout(inputs, "input", self._recurrent_input_noise,
                                   self._input_keep_prob)
        output, new_state = cell_call_fn(inputs, state, **kwargs)
        if should_dropout(self._state_keep_prob):
            shallow = _traverse_shallow(self._dropout_state_filter, new_state)
            new_state = self._dropout(new_state, "state", self._recurrent_state_noise,
                                      self._state_keep_prob, shallow)
        if should_dropout(self._output_keep_prob):
            output = self._dropout(output, "output", self._recurrent_output_noise,
                                   self._output_keep_prob)
        return output, new_state


def _traverse_shallow(fn, structure):
    """TF's get_traverse_shallow_structure: which leaves of `structure` `fn` selects."""
    result = fn(structure)
    if isinstance(result, bool):
        if not nest.is_sequence(structure) or not result:
            return result
        children = [_traverse_shallow(fn, c) for c in structure]
        return type(structure)(*children) if hasattr(type(structure), "_fields") else type(
            structure)(children)
    return result


class ResidualWrapper(_RNNCellWrapper):
    """TF1 `tf.nn.rnn_cell.ResidualWrapper`: output = inputs + cell output."""

    def __init__(self, cell, residual_fn=None, **kwargs):
        super().__init__(cell, **kwargs)
        self._residual_fn = residual_fn

    def get_config(self):
        config = super().get_config()
        if self._residual_fn is not None:
            function, kind, module = _function_to_config(self._residual_fn)
            config.update(residual_fn=function, residual_fn_type=kind,
                          residual_fn_module=module)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        if "residual_fn" in config:
            config = dict(config)
            config["residual_fn"] = _config_to_function(config, custom_objects, "residual_fn")
        return super().from_config(config, custom_objects=custom_objects)

    def _call_wrapped_cell(self, inputs, state, cell_call_fn, **kwargs):
        outputs, new_state = cell_call_fn(inputs, state, **kwargs)

        def default_residual_fn(inputs, outputs):
            nest.assert_same_structure(inputs, outputs)
            for inp, out in zip(nest.flatten(inputs), nest.flatten(outputs)):
                inp.get_shape().assert_is_compatible_with(out.get_shape())
            return nest.map_structure(lambda inp, out: inp + out, inputs, outputs)

        return (self._residual_fn or default_residual_fn)(inputs, outputs), new_state


class DeviceWrapper(_RNNCellWrapper):
    """TF1 `tf.nn.rnn_cell.DeviceWrapper`: runs the cell on `device`."""

    def __init__(self, cell, device, **kwargs):
        super().__init__(cell, **kwargs)
        self._device = device

    def get_config(self):
        config = super().get_config()
        config["device"] = self._device
        return config

    def zero_state(self, batch_size, dtype):
        with name_scope(type(self).__name__ + "ZeroState"):
            with device_scope(self._device):
                return self.cell.zero_state(batch_size, dtype)

    def _call_wrapped_cell(self, inputs, state, cell_call_fn, **kwargs):
        with device_scope(self._device):
            return cell_call_fn(inputs, state, **kwargs)

