"""`tf.ConfigProto`, `GPUOptions`, `RunOptions` ... are TensorFlow's protobuf messages: the same
bytes, parsing, field presence, nested messages and keyword errors. Bytes and messages recorded
from TF 2.21 compat.v1 (config.proto's field numbers are TF 1.15's)."""
from __future__ import annotations

import pytest

CONFIG_BYTES = (b"\n\x07\n\x03GPU\x10\x00\x10\x02(\x042\x0e\t\x00\x00\x00\x00\x00\x00\xe0? \x01"
                b"*\x0108\x01@\x01R\x04\x1a\x02(\x01")
RUN_OPTIONS_BYTES = b"\x08\x03\x10\xe8\x07(\x01"
EXPERIMENTAL_BYTES = (b"R\x10R\x0e@\x02\xa2\x06\tconstfold\x82\x01\x1e\n\x1c"
                      b"/job:worker/replica:0/task:0")
EXPERIMENTAL_TEXT = '''graph_options {
  rewrite_options {
    dependency_optimization: OFF
    optimizers: "constfold"
  }
}
experimental {
  collective_group_leader: "/job:worker/replica:0/task:0"
}
'''


def _config(tf):
    config = tf.ConfigProto(allow_soft_placement=True, log_device_placement=True,
                            device_count={"GPU": 0}, intra_op_parallelism_threads=2,
                            inter_op_parallelism_threads=4)
    config.gpu_options.allow_growth = True
    config.gpu_options.per_process_gpu_memory_fraction = 0.5
    config.gpu_options.visible_device_list = "0"
    config.graph_options.optimizer_options.global_jit_level = tf.OptimizerOptions.ON_1
    return config


def test_serialized_bytes_are_tfs(tf):
    config = _config(tf)
    assert config.SerializeToString() == CONFIG_BYTES
    assert config.ByteSize() == 39
    options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE, timeout_in_ms=1000,
                            output_partition_graphs=True)
    assert options.SerializeToString() == RUN_OPTIONS_BYTES


def test_from_string_round_trip(tf):
    config = tf.ConfigProto.FromString(CONFIG_BYTES)
    assert config == _config(tf)
    assert config.gpu_options.per_process_gpu_memory_fraction == 0.5
    assert dict(config.device_count) == {"GPU": 0}
    assert config.graph_options.optimizer_options.global_jit_level == 1
    parsed = tf.RunOptions()
    parsed.ParseFromString(RUN_OPTIONS_BYTES)
    assert (parsed.trace_level, parsed.timeout_in_ms) == (3, 1000)
    merged = tf.ConfigProto(operation_timeout_in_ms=5)
    merged.MergeFrom(config)
    assert merged.operation_timeout_in_ms == 5 and merged.allow_soft_placement


def test_field_presence_and_defaults(tf):
    config = tf.ConfigProto()
    assert not config.HasField("gpu_options")
    assert config.gpu_options.allow_growth is False      # reading does not set it
    assert not config.HasField("gpu_options")
    assert (config.intra_op_parallelism_threads, config.gpu_options.visible_device_list) == (0, "")
    assert config.graph_options.optimizer_options.global_jit_level == tf.OptimizerOptions.DEFAULT
    full = _config(tf)
    assert [f.name for f, _ in full.ListFields()] == [
        "device_count", "intra_op_parallelism_threads", "inter_op_parallelism_threads",
        "gpu_options", "allow_soft_placement", "log_device_placement", "graph_options"]
    full.ClearField("gpu_options")
    assert not full.HasField("gpu_options") and full.ByteSize() == 23


def test_experimental_and_rewrite_options(tf):
    config = tf.ConfigProto()
    config.experimental.collective_group_leader = "/job:worker/replica:0/task:0"
    rewrite = config.graph_options.rewrite_options
    rewrite.dependency_optimization = type(rewrite).OFF
    rewrite.optimizers.append("constfold")
    assert config.HasField("experimental")
    assert config.SerializeToString() == EXPERIMENTAL_BYTES
    assert str(config) == EXPERIMENTAL_TEXT
    assert isinstance(config.experimental, tf.ConfigProto.Experimental)
    assert tf.ConfigProto.DeviceCountEntry.__name__ == "DeviceCountEntry"


def test_enum_constants(tf):
    options = tf.OptimizerOptions
    assert (options.ON_1, options.ON_2, options.OFF, options.DEFAULT) == (1, 2, -1, 0)
    assert (tf.OptimizerOptions.L1, tf.OptimizerOptions.L0) == (0, -1)
    assert (tf.RunOptions.NO_TRACE, tf.RunOptions.SOFTWARE_TRACE, tf.RunOptions.HARDWARE_TRACE,
            tf.RunOptions.FULL_TRACE) == (0, 1, 2, 3)


def test_keyword_errors_are_protobufs(tf):
    with pytest.raises(ValueError, match='Protocol message ConfigProto has no "foo" field.'):
        tf.ConfigProto(foo=1)
    with pytest.raises(TypeError):
        tf.ConfigProto(allow_soft_placement="yes")
    with pytest.raises(ValueError, match='Protocol message GPUOptions has no "growth" field.'):
        tf.GPUOptions(growth=True)


def test_run_metadata_is_configs(tf):
    metadata = tf.RunMetadata()
    assert not metadata.HasField("step_stats") and not metadata.HasField("cost_graph")
    assert metadata.DESCRIPTOR.file is tf.ConfigProto.DESCRIPTOR.file


def test_server_def_is_tfs_message(tf):
    # bytes recorded from TF 2.21 (its map entries in the order TF's protobuf wrote them)
    cluster = tf.train.ClusterSpec({"ps": ["ps0:2222"], "worker": ["w0:2222", "w1:2222"]})
    server_def = tf.train.ServerDef(cluster=cluster.as_cluster_def(), job_name="worker",
                                    task_index=1, protocol="grpc",
                                    default_session_config=tf.ConfigProto(
                                        allow_soft_placement=True))
    recorded = (b'\n8\n\x12\n\x02ps\x12\x0c\x08\x00\x12\x08ps0:2222\n"\n\x06worker\x12\x0b\x08'
                b'\x01\x12\x07w1:2222\x12\x0b\x08\x00\x12\x07w0:2222\x12\x06worker\x18\x01"'
                b'\x028\x01*\x04grpc')
    assert tf.train.ServerDef.FromString(recorded) == server_def
    assert server_def.default_session_config.allow_soft_placement
    assert tf.train.ClusterSpec(server_def.cluster).task_address("worker", 1) == "w1:2222"
