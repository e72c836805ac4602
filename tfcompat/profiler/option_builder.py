"""`tf.profiler.ProfileOptionBuilder`: the option dicts tf.profiler.profile takes, with TF's
defaults, keys (and key order, which printing a dict shows) and builder methods."""
import copy

from tfcompat.profiler.tfprof_nodes import TRAINABLE_VARIABLES


def _base(max_depth, order_by, account_types, displayed_only, select, **minimums):
    options = {"max_depth": max_depth, "min_bytes": 0, "min_micros": 0, "min_params": 0,
               "min_float_ops": 0, "min_occurrence": 0}
    options.update(minimums)
    options.update({"order_by": order_by, "account_type_regexes": account_types,
                    "start_name_regexes": [".*"], "trim_name_regexes": [],
                    "show_name_regexes": [".*"], "hide_name_regexes": [],
                    "account_displayed_op_only": displayed_only, "select": select,
                    "step": -1, "output": "stdout"})
    return options


class ProfileOptionBuilder:
    """Builds the options of tf.profiler.profile: start from a preset or `ProfileOptionBuilder()`
    (TF's general defaults), chain `with_*`/`select`/`order_by`, then `build()`."""

    def __init__(self, options=None):
        self._options = (copy.deepcopy(options) if options is not None else
                         _base(100, "name", [".*"], False, ["micros"]))

    @staticmethod
    def trainable_variables_parameter():
        """Counts the parameters of trainable variables, by name scope."""
        return _base(10000, "name", [TRAINABLE_VARIABLES], True, ["params"])

    @staticmethod
    def float_operation():
        """Counts float operations of ops whose shapes are known, largest first."""
        return _base(10000, "float_ops", [".*"], True, ["float_ops"], min_float_ops=1)

    @staticmethod
    def time_and_memory(min_micros=1, min_bytes=1, min_accelerator_micros=0, min_cpu_micros=0,
                        min_peak_bytes=0, min_residual_bytes=0, min_output_bytes=0):
        """Execution time and memory of ops (from the RunMetadata of a traced run)."""
        options = {"max_depth": 10000, "min_bytes": min_bytes, "min_peak_bytes": min_peak_bytes,
                   "min_residual_bytes": min_residual_bytes,
                   "min_output_bytes": min_output_bytes, "min_micros": min_micros,
                   "min_accelerator_micros": min_accelerator_micros,
                   "min_cpu_micros": min_cpu_micros, "min_params": 0, "min_float_ops": 0,
                   "min_occurrence": 0}
        rest = _base(10000, "micros", [".*"], True, ["micros", "bytes"])
        options.update((k, v) for k, v in rest.items() if k not in options)
        return options

    def build(self):
        return copy.deepcopy(self._options)

    def _set(self, **values):
        self._options.update(values)
        return self

    def with_max_depth(self, max_depth):
        return self._set(max_depth=max_depth)

    def with_min_memory(self, min_bytes=0, min_peak_bytes=0, min_residual_bytes=0,
                        min_output_bytes=0):
        return self._set(min_bytes=min_bytes, min_peak_bytes=min_peak_bytes,
                         min_residual_bytes=min_residual_bytes,
                         min_output_bytes=min_output_bytes)

    def with_min_execution_time(self, min_micros=0, min_accelerator_micros=0, min_cpu_micros=0):
        return self._set(min_micros=min_micros, min_accelerator_micros=min_accelerator_micros,
                         min_cpu_micros=min_cpu_micros)

    def with_min_parameters(self, min_params):
        return self._set(min_params=min_params)

    def with_min_occurrence(self, min_occurrence):
        return self._set(min_occurrence=min_occurrence)

    def with_min_float_operations(self, min_float_ops):
        return self._set(min_float_ops=min_float_ops)

    def with_accounted_types(self, account_type_regexes):
        return self._set(account_type_regexes=copy.copy(account_type_regexes))

    def with_node_names(self, start_name_regexes=None, show_name_regexes=None,
                        hide_name_regexes=None, trim_name_regexes=None):
        given = {"start_name_regexes": start_name_regexes, "show_name_regexes": show_name_regexes,
                 "hide_name_regexes": hide_name_regexes, "trim_name_regexes": trim_name_regexes}
        return self._set(**{k: copy.copy(v) for k, v in given.items() if v is not None})

    def account_displayed_op_only(self, is_true):
        return self._set(account_displayed_op_only=is_true)

    def with_empty_output(self):
        return self._set(output="none")

    def with_stdout_output(self):
        return self._set(output="stdout")

    def with_file_output(self, outfile):
        return self._set(output="file:outfile=%s" % outfile)

    def with_timeline_output(self, timeline_file):
        return self._set(output="timeline:outfile=%s" % timeline_file)

    def with_pprof_output(self, pprof_file):
        return self._set(output="pprof:outfile=%s" % pprof_file)

    def order_by(self, attribute):
        return self._set(order_by=attribute)

    def select(self, attributes):
        return self._set(select=copy.copy(attributes))

    def with_step(self, step):
        return self._set(step=step)
