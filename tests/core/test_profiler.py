"""tf.profiler: static parameter and float-op counts, TF's report text and returned protos in
the scope, graph and op views. Expected reports were recorded from TF 2.21 compat.v1
(tests/core/record_profiler_goldens.py -> profiler_goldens.json); with
TFCOMPAT_TEST_AGAINST_TF=1 the same tests run against TF itself."""
import json
import os

import pytest

import profiler_cases

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                       "profiler_goldens.json")) as _f:
    GOLDENS = json.load(_f)


@pytest.mark.parametrize("name", sorted(profiler_cases.CASES))
def test_report_matches_tf(tf, tmp_path, name):
    build, cmd, options = profiler_cases.CASES[name]
    build(tf)
    path = str(tmp_path / "report.txt")
    opts = tf.profiler.ProfileOptionBuilder(options(tf)).with_file_output(path).build()
    proto = tf.profiler.profile(tf.get_default_graph(), cmd=cmd, options=opts)
    expected = GOLDENS[name]
    with open(path) as f:
        assert f.read() == expected["report"]
    assert proto.total_float_ops == expected["total_float_ops"]
    assert proto.total_parameters == expected["total_parameters"]
    if "proto" in expected:
        assert str(proto) == expected["proto"]


def test_stdout_report_and_incomplete_shape_count(tf, capfd):
    profiler_cases.conv_graph(tf)
    capfd.readouterr()
    opts = tf.profiler.ProfileOptionBuilder.trainable_variables_parameter()
    tf.profiler.profile(tf.get_default_graph(), options=opts)
    out, err = capfd.readouterr()
    assert out.startswith("\n=========================Options=============================\n"
                          "-max_depth                  10000\n")
    assert ("-account_type_regexes       _trainable_variables\n" in out)
    assert "-output                     stdout:\n\n==================Model Analysis Report" in out
    assert out.endswith(GOLDENS["scope_params"]["report"]
                        + "\n======================End of Report==========================\n")
    # x [None, 784] @ w2 and its softmax have no count (TF writes this to stderr)
    assert "2 ops no flops stats due to incomplete shapes.\n" in err


def test_empty_output_prints_nothing(tf, capfd):
    profiler_cases.conv_graph(tf)
    capfd.readouterr()
    builder = tf.profiler.ProfileOptionBuilder
    proto = tf.profiler.profile(
        tf.get_default_graph(),
        options=builder(builder.float_operation()).with_empty_output().build())
    assert proto.total_float_ops == 62841
    assert capfd.readouterr().out == ""


def test_default_options_count_trainable_parameters(tf, capfd):
    profiler_cases.conv_graph(tf)
    assert tf.profiler.profile(tf.get_default_graph()).total_parameters == 8592


def test_op_log_entries_are_merged(tf, tmp_path):
    profiler_cases.ops_graph(tf)
    log = tf.profiler.OpLogProto()
    entry = log.log_entries.add()
    entry.name, entry.float_ops = "x", 1000
    entry.types.append("_custom")
    entry = log.log_entries.add()
    entry.name, entry.float_ops = "blk/MatMul", 7  # a user's count wins over the computed 48
    builder = tf.profiler.ProfileOptionBuilder
    opts = builder(builder.float_operation()).with_accounted_types(
        ["_custom", "MatMul"]).with_file_output(str(tmp_path / "r.txt")).build()
    proto = tf.profiler.profile(tf.get_default_graph(), op_log=log, cmd="op", options=opts)
    assert proto.total_float_ops == 1007
    with open(str(tmp_path / "r.txt")) as f:
        assert f.read().endswith(
            "node name | # float_ops\n"
            "Placeholder              1.00k float_ops (100.00%, 99.30%)\n"
            "MatMul                       7 float_ops (0.70%, 0.70%)\n")


def test_write_op_log(tf, tmp_path):
    profiler_cases.ops_graph(tf)
    tf.profiler.write_op_log(tf.get_default_graph(), str(tmp_path))
    log = tf.profiler.OpLogProto()
    with open(str(tmp_path / "tfprof_log"), "rb") as f:
        log.ParseFromString(f.read())
    entries = {e.name: (e.float_ops, list(e.types)) for e in log.log_entries
               if e.float_ops or e.types}
    assert entries["blk/MatMul"] == (48, [])
    assert entries["blk/Conv3D"] == (1296, [])
    assert entries["blk/depthwise"] == (1152, [])
    assert entries["w"] == (0, ["_trainable_variables"])
    with pytest.raises(tf.errors.NotFoundError):
        tf.profiler.write_op_log(tf.get_default_graph(), str(tmp_path / "missing"))


def test_option_builder_dicts(tf):
    builder = tf.profiler.ProfileOptionBuilder
    assert list(builder.float_operation().items()) == [
        ("max_depth", 10000), ("min_bytes", 0), ("min_micros", 0), ("min_params", 0),
        ("min_float_ops", 1), ("min_occurrence", 0), ("order_by", "float_ops"),
        ("account_type_regexes", [".*"]), ("start_name_regexes", [".*"]),
        ("trim_name_regexes", []), ("show_name_regexes", [".*"]), ("hide_name_regexes", []),
        ("account_displayed_op_only", True), ("select", ["float_ops"]), ("step", -1),
        ("output", "stdout")]
    assert builder().build()["max_depth"] == 100
    assert builder().build()["select"] == ["micros"]
    opts = (builder(builder.float_operation()).with_stdout_output()
            .with_accounted_types(["MatMul"]).with_min_occurrence(2).with_min_parameters(3)
            .with_min_execution_time(4, 5, 6).with_min_memory(1, 2, 3, 4).with_step(3).build())
    assert list(opts)[-5:] == ["min_accelerator_micros", "min_cpu_micros", "min_peak_bytes",
                               "min_residual_bytes", "min_output_bytes"]
    assert (opts["min_bytes"], opts["min_micros"], opts["min_cpu_micros"], opts["step"]) == (
        1, 4, 6, 3)
    assert builder(builder.float_operation()).with_file_output("/tmp/a.txt").build()[
        "output"] == "file:outfile=/tmp/a.txt"


def test_unknown_cmd(tf):
    with pytest.raises(tf.errors.InvalidArgumentError, match="unknown cmd: bogus"):
        tf.profiler.profile(tf.get_default_graph(), cmd="bogus")


@pytest.mark.tfcompat_only
def test_profiler_class_and_code_view(tf):
    # tfcompat's code view groups ops by the user line that made them (TF also shows its own
    # internal frames below it); the totals are the same as the scope view's
    profiler_cases.ops_graph(tf)
    builder = tf.profiler.ProfileOptionBuilder
    opts = builder(builder.float_operation()).with_empty_output().build()
    profiler = tf.profiler.Profiler(tf.get_default_graph())
    profiler.add_step(0, tf.RunMetadata())
    scope = profiler.profile_name_scope(opts)
    assert scope.total_float_ops == GOLDENS["ops_graph_view"]["total_float_ops"] == 3186
    assert profiler.profile_operations(opts).total_float_ops == 3186
    assert profiler.profile_graph(opts).total_float_ops == 3186
    code = profiler.profile_python(opts)
    assert type(code).__name__ == "MultiGraphNodeProto" and code.total_float_ops == 3186
    assert all(c.name.startswith("profiler_cases.py:") for c in code.children)
    with pytest.raises(tf.errors.UnimplementedError, match="timeline output"):
        tf.profiler.profile(tf.get_default_graph(), options=builder(
            builder.float_operation()).with_timeline_output("/tmp/t.json").build())
    with pytest.raises(NotImplementedError, match="step statistics"):
        profiler.advise()
