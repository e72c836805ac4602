"""The `tf` fixture of tests/estimator: tfcompat, or with TFCOMPAT_TEST_AGAINST_TF=1 real
`tensorflow.compat.v1` given the TF 1.15-lineage `estimator` of tensorflow_estimator (loaded by
tf_estimator_shim.py, which stubs the TF internals TF 2.21 removed; tensorflow_estimator must be
on sys.path, e.g. PYTHONPATH=/work/est_site)."""
import importlib.util
import os

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
AGAINST_TF = os.environ.get("TFCOMPAT_TEST_AGAINST_TF") == "1"


def _tf_estimator():
    spec = importlib.util.spec_from_file_location("tf_estimator_shim",
                                                  os.path.join(HERE, "tf_estimator_shim.py"))
    shim = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shim)
    estimator, _ = shim.load_estimator()
    return estimator


@pytest.fixture
def tf(tf):
    if AGAINST_TF and not hasattr(tf, "estimator"):
        tf.estimator = _tf_estimator()
    elif AGAINST_TF and not hasattr(tf.estimator, "Estimator"):
        tf.estimator = _tf_estimator()
    # the tests read the INFO lines users see; other tests keep the default verbosity
    verbosity = tf.logging.get_verbosity()
    tf.logging.set_verbosity(tf.logging.INFO)
    yield tf
    tf.logging.set_verbosity(verbosity)
