"""Version constants, a leaf module (everything may import it): the TF1 release whose API
tfcompat implements (`tf.VERSION`, which TF1 scripts compare against) and tfcompat's own."""
__version__ = "1.15.5"
VERSION = __version__
GIT_VERSION = "tfcompat-0.1.0"
COMPILER_VERSION = "torch"
tfcompat_version = "0.1.0"
GRAPH_DEF_VERSION_MIN_PRODUCER = 0
