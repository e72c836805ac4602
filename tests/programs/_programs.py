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
