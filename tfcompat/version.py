"""`tf.version`: the version constants, the same objects as the top-level `tf.VERSION`, ...

tfcompat reports the TF1 release whose API it implements (`VERSION`) and the GraphDef versions
it reads and writes; `GIT_VERSION`/`COMPILER_VERSION` name tfcompat's build (TF's name theirs).
"""
from tfcompat._version import COMPILER_VERSION  # noqa: F401
from tfcompat._version import GIT_VERSION  # noqa: F401
from tfcompat._version import GRAPH_DEF_VERSION_MIN_PRODUCER  # noqa: F401
from tfcompat._version import VERSION  # noqa: F401
from tfcompat.io.graph_def import MIN_CONSUMER as GRAPH_DEF_VERSION_MIN_CONSUMER  # noqa: F401
from tfcompat.io.graph_def import PRODUCER as GRAPH_DEF_VERSION  # noqa: F401
from tfcompat._unsupported import missing_attr as _missing_attr

__getattr__ = _missing_attr("version", __name__)
