"""tfdbg under `tfcompat run`: `from tensorflow.python import debug as tf_debug` imports, and
every tfdbg name (wrapper sessions, hooks, and lowercase helpers such as `has_inf_or_nan`, which
must not pass for sub-modules) fails where it is used, with the reason and what to use."""
import importlib

import pytest

import tfcompat
from tfcompat import _import_hook
from tfcompat._unsupported import UnsupportedAttributeError
from tfcompat._unsupported import UnsupportedImportError

pytestmark = pytest.mark.tfcompat_only


@pytest.fixture
def hook():
    spec = tfcompat.__spec__
    _import_hook.install()
    yield
    _import_hook.uninstall()
    assert tfcompat.__spec__ is spec


@pytest.mark.parametrize("name", ["LocalCLIDebugWrapperSession", "LocalCLIDebugHook",
                                  "DumpingDebugWrapperSession", "has_inf_or_nan"])
def test_tfdbg_names_are_refused_with_the_reason(hook, name):
    from tensorflow.python import debug as tf_debug
    with pytest.raises(UnsupportedAttributeError) as info:
        getattr(tf_debug, name)
    text = str(info.value)
    assert "tf.python.debug.%s" % name in text
    assert "tfdbg" in text and "add_check_numerics_ops" in text


def test_tfdbg_submodule_import_is_refused(hook):
    with pytest.raises(UnsupportedImportError, match="tfdbg"):
        importlib.import_module("tensorflow.python.debug.lib.debug_data")
