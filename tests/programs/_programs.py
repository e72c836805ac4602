"""The TF1 programs of this directory: each a module with `main(tf) -> dict` (and optionally
TOLERANCE = {result name or '*': (rtol, atol)}), run as written by real TF and by tfcompat."""
import importlib.util
import os

HERE = os.path.dirname(os.path.abspath(__file__))
NAMES = sorted(f[:-3] for f in os.listdir(HERE)
               if f.endswith(".py") and not f.startswith(("_", "test_", "record")))


def load(name):
    spec = importlib.util.spec_from_file_location("tf1_program_" + name,
                                                  os.path.join(HERE, name + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fresh_state(tf):
    """What a fresh process has, before each program: no cached FileWriters. TF and tfcompat
    cache them by the logdir string, so an earlier program's relative logdir ('model', in a
    directory since deleted) would take this program's events (in TF as in tfcompat), and a
    program's files would depend on the programs run before it."""
    tf.summary.FileWriterCache.clear()
