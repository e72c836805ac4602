"""`tf.app`: `tf.app.run()` (parse flags, call `main(argv)`, exit with its result) and
`tf.app.flags` (the same module as `tf.flags`).
"""
from __future__ import annotations

import sys

from tfcompat import flags

__all__ = ["run", "flags"]

_HELP = ("--help", "-help", "-h", "--helpshort", "--helpfull", "-?")


def run(main=None, argv=None):
    """TF1 `tf.app.run`: parses the defined flags out of `argv` (default `sys.argv`), leaving
    unknown ones, then `sys.exit(main(remaining_argv))`; `main` defaults to `__main__.main`.

    A bad flag value prints absl's "FATAL Flags parsing error: ..." and exits with status 1;
    `--help` prints the flags and exits with status 1, as absl does.
    """
    main = main or sys.modules["__main__"].main
    args = list(sys.argv if argv is None else argv)
    head = args[1:args.index("--")] if "--" in args else args[1:]
    if any(a in _HELP for a in head) and "help" not in flags.FLAGS:
        print("\n       USAGE: %s [flags]\nflags:\n\n%s" % (args[0], flags.FLAGS.get_help()))
        sys.exit(1)
    try:
        remaining = flags.FLAGS(args, known_only=True)
    except flags.Error as e:
        sys.stderr.write("FATAL Flags parsing error: %s\n"
                         "Pass --helpshort or --helpfull to see help on flags.\n" % e)
        sys.exit(1)
    sys.exit(main(remaining))

from tfcompat._unsupported import missing_attr as _missing_attr  # noqa: E402

__getattr__ = _missing_attr("app", __name__)

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('app', __name__)   # TF's names, not this module's imports
