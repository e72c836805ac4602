"""`tf.profiler.Profiler`: repeated static analyses of one graph (TF's Profiler also merges the
step statistics of traced runs, which tfcompat does not record: `add_step` keeps only the step
numbers, and the views show parameters and float operations)."""
from tfcompat.framework import graph as graph_module
from tfcompat.profiler import model_analyzer


class Profiler:
    def __init__(self, graph=None, op_log=None):
        self._graph = graph or graph_module.get_default_graph()
        self._op_log = op_log
        self._steps = []
        self._traced = False   # whether a step's RunMetadata had step statistics

    def add_step(self, step, run_meta):
        """Records step `step`; its RunMetadata's step statistics are not read (see
        model_analyzer.check_step_stats_options)."""
        self._traced = self._traced or bool(
            run_meta is not None and run_meta.HasField("step_stats"))
        self._steps.append(step)

    def _view(self, cmd, options):
        model_analyzer.check_step_stats_options(self._traced, options)
        op_log = model_analyzer.merge_default_with_oplog(self._graph, self._op_log)
        return model_analyzer.analyze(self._graph, op_log, cmd, options)

    def profile_python(self, options):
        return model_analyzer._as_multi(self._view("code", options))

    def profile_operations(self, options):
        return self._view("op", options)

    def profile_name_scope(self, options):
        return self._view("scope", options)

    def profile_graph(self, options):
        return self._view("graph", options)

    def advise(self, options=None):
        raise NotImplementedError("Profiler.advise: " + model_analyzer.ADVISE_UNSUPPORTED)

    def serialize_to_string(self):
        raise NotImplementedError(
            "tf.profiler.Profiler.serialize_to_string writes TF's ProfileProto of recorded "
            "step statistics, which tfcompat does not record")


