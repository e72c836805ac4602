"""tf.config: the devices torch sees and the settings a config-less Session starts from.
Expected values recorded from TF 2.21 compat.v1 (graph mode, CPU only)."""
import numpy as np
import pytest

from tfcompat.client import context


@pytest.fixture
def fresh_context(monkeypatch):
    """A context as at process start (tf.config changes process-wide state)."""
    ctx = context._Context()
    monkeypatch.setattr(context, "CONTEXT", ctx)
    import tfcompat.config as config_module
    monkeypatch.setattr(config_module, "_CONTEXT", ctx)
    return ctx


def test_devices_and_their_reprs(tf):
    cpu = tf.config.list_physical_devices("CPU")[0]
    # TF: PhysicalDevice(name='/physical_device:CPU:0', device_type='CPU')
    assert repr(cpu) == "PhysicalDevice(name='/physical_device:CPU:0', device_type='CPU')"
    assert tf.config.list_logical_devices("CPU")[0].name == "/device:CPU:0"
    assert tf.config.LogicalDeviceConfiguration() == (None, None, None)
    assert tf.config.list_physical_devices("TPU") == []
    with pytest.raises(ValueError, match="Unrecognized device"):
        tf.config.set_visible_devices([tf.config.PhysicalDevice("/physical_device:CPU:3", "CPU")])


@pytest.mark.tfcompat_only
def test_jit_and_options_as_tf_reports_them(tf, fresh_context):
    assert tf.config.optimizer.get_jit() == ""
    tf.config.optimizer.set_jit(True)                  # TF: 'autoclustering'
    assert tf.config.optimizer.get_jit() == "autoclustering"
    tf.config.optimizer.set_experimental_options({"layout_optimizer": False})
    assert tf.config.optimizer.get_experimental_options() == {
        "layout_optimizer": False, "disable_model_pruning": False,
        "disable_meta_optimizer": False}
    assert tf.config.experimental_run_functions_eagerly is not tf.config.run_functions_eagerly


@pytest.mark.tfcompat_only
def test_layout_is_fixed_once_logical_devices_are_listed(tf, fresh_context):
    tf.config.threading.set_intra_op_parallelism_threads(0)   # before: accepted
    tf.config.list_logical_devices()
    # TF: RuntimeError: Inter op parallelism cannot be modified after initialization.
    with pytest.raises(RuntimeError, match="Inter op parallelism cannot be modified"):
        tf.config.threading.set_inter_op_parallelism_threads(0)
    tf.config.threading.set_intra_op_parallelism_threads(0)   # unchanged: a no-op
    cpu = tf.config.list_physical_devices("CPU")[0]
    with pytest.raises(RuntimeError, match="Virtual devices cannot be modified"):
        tf.config.set_logical_device_configuration(
            cpu, [tf.config.LogicalDeviceConfiguration()] * 2)


@pytest.mark.tfcompat_only
def test_configless_session_uses_the_settings(tf, fresh_context):
    cpu = tf.config.list_physical_devices("CPU")[0]
    with pytest.raises(ValueError, match="memory limit on CPU"):
        tf.config.set_logical_device_configuration(
            cpu, [tf.config.LogicalDeviceConfiguration(memory_limit=5)])
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
    assert [d.name for d in tf.config.list_logical_devices("CPU")] == [
        "/device:CPU:0", "/device:CPU:1"]
    with tf.Graph().as_default():
        with tf.device("/cpu:1"):
            y = tf.constant(2.0) * 3.0
        with tf.device("/gpu:7"):
            z = tf.constant(1.0) + 1.0
        tf.config.set_soft_device_placement(True)      # /gpu:7 falls back instead of failing
        with tf.Session() as sess:
            assert sess.run([y, z]) == [6.0, 2.0]
            assert sess._config.allow_soft_placement


def test_version_names_are_the_top_level_objects(tf):
    assert tf.version.VERSION is tf.VERSION
    assert tf.version.GRAPH_DEF_VERSION == tf.GRAPH_DEF_VERSION
    assert tf.version.GRAPH_DEF_VERSION_MIN_CONSUMER == 0      # TF: 0
    assert tf.version.GRAPH_DEF_VERSION_MIN_PRODUCER == 0      # TF: 0


def test_assert_variables_initialized_fails_until_initialized(tf):
    with tf.Graph().as_default():
        v = tf.Variable([1.0, 2.0])
        w = tf.Variable(3.0)
        check = tf.assert_variables_initialized()
        assert check.op.type == "Pack"                  # TF: stack of Rank ops
        with tf.Session() as sess:
            with pytest.raises(tf.errors.FailedPreconditionError):
                sess.run(check)
            sess.run([v.initializer, w.initializer])
            np.testing.assert_array_equal(sess.run(check), [1, 0])


@pytest.mark.tfcompat_only      # TF's status is a C TF_Status, set only by C API calls
def test_raise_exception_on_not_ok_status(tf):
    with tf.errors.raise_exception_on_not_ok_status():
        pass
    with pytest.raises(tf.errors.NotFoundError):
        with tf.errors.raise_exception_on_not_ok_status() as status:
            status.set(tf.errors.NOT_FOUND, "missing")
