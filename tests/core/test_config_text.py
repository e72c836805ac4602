"""`print(config)`: ConfigProto / RunOptions / GPUOptions print as protobuf's text format, as
TF's messages do. Recorded from TF 2.21 compat.v1."""

EXPECTED_CONFIG = '''device_count {
  key: "GPU"
  value: 0
}
intra_op_parallelism_threads: 2
inter_op_parallelism_threads: 2
gpu_options {
  per_process_gpu_memory_fraction: 0.4
  allow_growth: true
  visible_device_list: "0,1"
}
allow_soft_placement: true
graph_options {
  optimizer_options {
    opt_level: L0
    global_jit_level: ON_1
  }
}
'''


def test_config_proto_prints_as_text_format(tf):
    config = tf.ConfigProto(log_device_placement=False, allow_soft_placement=True,
                            device_count={"GPU": 0})
    config.gpu_options.allow_growth = True
    config.gpu_options.per_process_gpu_memory_fraction = 0.4
    config.gpu_options.visible_device_list = "0,1"
    config.intra_op_parallelism_threads = 2
    config.inter_op_parallelism_threads = 2
    config.graph_options.optimizer_options.global_jit_level = tf.OptimizerOptions.ON_1
    config.graph_options.optimizer_options.opt_level = tf.OptimizerOptions.L0
    assert str(config) == EXPECTED_CONFIG
    assert str(config.gpu_options) == ("per_process_gpu_memory_fraction: 0.4\n"
                                       "allow_growth: true\n"
                                       'visible_device_list: "0,1"\n')


def test_default_messages_print_empty_and_enums_by_name(tf):
    assert str(tf.ConfigProto()) == ""
    options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE, timeout_in_ms=500)
    assert str(options) == "trace_level: FULL_TRACE\ntimeout_in_ms: 500\n"
