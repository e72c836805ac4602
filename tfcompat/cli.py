"""The `tfcompat` command (also `python -m tfcompat`):

    tfcompat run SCRIPT [ARGS...]            run a TF1 script unchanged (`import tensorflow` -> tfcompat)
    tfcompat check PATH... [--json]          list the TF APIs scripts use, and which are supported
    tfcompat convert-checkpoint CKPT OUT     TF checkpoint -> PyTorch state_dict (.pt / .safetensors)
    tfcompat --version

Usage errors (a bad flag, a missing file) are one line on stderr and exit status 2.
"""
from __future__ import annotations

import argparse
import os
import re
import sys

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line ("tfcompat run: error: ...") and exit status 2."""

    def error(self, message):
        self.exit(2, "%s: error: %s\n" % (self.prog, message))


def _versions() -> str:
    import torch

    import tfcompat

    return "tfcompat %s (TensorFlow API %s, torch %s)" % (
        tfcompat.tfcompat_version, tfcompat.VERSION, torch.__version__)


class _Version(argparse.Action):
    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS,
                 help=None):
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        print(_versions())
        parser.exit()


def _parser() -> _Parser:
    parser = _Parser(prog="tfcompat", description="Run TensorFlow 1.x programs on PyTorch, "
                     "check what they use, and move their models to PyTorch.")
    parser.add_argument("--version", action=_Version,
                        help="print tfcompat's version and the TF API version it implements")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = sub.add_parser("run", help="run a TF1 script unchanged",
                         description="Run SCRIPT with `import tensorflow` resolving to tfcompat.")
    run.add_argument("script", help="the Python script to run")
    run.add_argument("args", nargs=argparse.REMAINDER, help="arguments passed to the script")
    check = sub.add_parser("check", help="list the TensorFlow APIs scripts use and their status",
                           description="Read scripts without running them; report each TF API "
                           "as supported, caveat or unsupported. Exit status 1 when something "
                           "is unsupported.")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or directories")
    check.add_argument("--json", action="store_true", help="machine-readable output")
    check.add_argument("--quiet", "-q", action="store_true",
                       help="list only caveats and unsupported APIs")
    check.add_argument("--list-supported", action="store_true",
                       help="print every tf.* name tfcompat defines, and exit")
    conv = sub.add_parser("convert-checkpoint", help="TF checkpoint -> PyTorch state_dict",
                          description="Write the tensors of TF checkpoint CKPT (a prefix such as "
                          "model.ckpt-1000, or a directory) to OUT: a .pt state_dict or a "
                          ".safetensors file. Names map as 'dense/kernel' -> 'dense.kernel'.")
    conv.add_argument("checkpoint", metavar="CKPT")
    conv.add_argument("output", metavar="OUT")
    conv.add_argument("--exclude", action="append", default=[], metavar="REGEX",
                      help="skip TF names matching REGEX (e.g. '/Adam' for optimizer slots)")
    return parser


def main(argv=None) -> int:
    """Entry point of the `tfcompat` console script; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.command == "run":
        return _run(parser, args.script, args.args)
    if args.command == "check":
        return _check(parser, args)
    if args.command == "convert-checkpoint":
        return _convert(parser, args)
    parser.print_help()
    return 2


# -- run -------------------------------------------------------------------------------------

def _run(parser, script, args) -> int:
    if not os.path.isfile(script):
        parser.exit(2, "tfcompat run: error: can't open file %r: no such file\n" % script)
    from tfcompat import _import_hook

    _import_hook.install()
    sys.argv = [script] + list(args)
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    import runpy

    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit as e:
        return _exit_code(e.code)
    except KeyboardInterrupt:
        return 130
    except BaseException as e:  # noqa: BLE001 - reported like Python would, or as unsupported
        api = _unsupported_api(e)
        tb = _user_traceback(e.__traceback__)
        if api is None:
            import traceback

            traceback.print_exception(type(e), e, tb)
            return 1
        from tfcompat._unsupported import hint_for

        hint = hint_for(api)
        sys.stderr.write("tfcompat run: %s%s is not implemented by tfcompat\n%s  Run `tfcompat "
                         "check %s` to list every TensorFlow API the script uses that tfcompat "
                         "lacks; see migration/README.md.\n"
                         % (_location(tb), api, "  hint: %s\n" % hint if hint else "", script))
        return 1
    return 0


def _exit_code(code) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _user_traceback(tb):
    """`tb` without the frames of this module and runpy (what Python shows for a script)."""
    import runpy

    ours = {os.path.abspath(__file__), os.path.abspath(runpy.__file__)}
    while tb is not None and (tb.tb_frame.f_code.co_filename.startswith("<frozen")
                              or os.path.abspath(tb.tb_frame.f_code.co_filename) in ours):
        tb = tb.tb_next
    return tb


def _location(tb) -> str:
    """"script.py:12: " for the last traceback frame outside tfcompat and the import system."""
    package = os.path.dirname(os.path.abspath(__file__)) + os.sep
    where = ""
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if not os.path.abspath(filename).startswith(package) and not filename.startswith("<"):
            where = "%s:%d: " % (filename, tb.tb_lineno)
        tb = tb.tb_next
    return where


def _unsupported_api(e) -> str | None:
    """The TF API an exception says is missing, or None for any other error."""
    api = getattr(e, "api", None)
    if isinstance(api, str):
        return api
    text = str(e).split(":")[0]
    match = (re.fullmatch(r"module '(tfcompat[\w.]*)' has no attribute '(\w+)'", text)
             if isinstance(e, AttributeError) else
             re.match(r"cannot import name '(\w+)' from '(tfcompat[\w.]*)'", text)
             if isinstance(e, ImportError) else None)
    if match is None:
        return None
    module, name = match.groups() if isinstance(e, AttributeError) else match.groups()[::-1]
    return "%s.%s" % (_namespace_of(module) or module, name)


def _namespace_of(module_name: str) -> str | None:
    """The `tf.*` path of a tfcompat module ("tfcompat.ops.nn_ops" -> "tf.nn" when so exported)."""
    import tfcompat
    from tfcompat import _unsupported

    stack = [("tf", tfcompat)]
    seen = set()
    while stack:
        path, module = stack.pop()
        if module.__name__ == module_name:
            return path
        if id(module) in seen or path.count(".") > 3:
            continue
        seen.add(id(module))
        _unsupported.load_lazy(module)   # names loaded on first use (tf.train.Saver, ...)
        stack.extend(("%s.%s" % (path, name), value) for name, value in vars(module).items()
                     if not name.startswith("_") and type(value).__name__ == "module")
    return None


# -- check -----------------------------------------------------------------------------------

def _check(parser, args) -> int:
    from tfcompat import check

    if args.list_supported:
        print("\n".join(check.supported_names()))
        return 0
    if not args.paths:
        parser.exit(2, "tfcompat check: error: give at least one PATH (a script or directory)\n")
    missing = [p for p in args.paths if not os.path.exists(p)]
    if missing:
        parser.exit(2, "tfcompat check: error: no such file or directory: %s\n" % missing[0])
    reports = check.check_paths(args.paths)
    print(check.to_json(reports) if args.json else check.format_text(reports,
                                                                     verbose=not args.quiet))
    return check.exit_status(reports)


# -- convert-checkpoint ----------------------------------------------------------------------

def _convert(parser, args) -> int:
    from tfcompat.export import checkpoint as ckpt_lib

    out = args.output
    if not out.endswith((".pt", ".pth", ".safetensors")):
        parser.exit(2, "tfcompat convert-checkpoint: error: OUT must end in .pt, .pth or "
                    ".safetensors, got %r\n" % out)
    try:
        patterns = [re.compile(p) for p in args.exclude]
    except re.error as e:
        parser.exit(2, "tfcompat convert-checkpoint: error: bad --exclude pattern: %s\n" % e)
    try:
        prefix = ckpt_lib.find_checkpoint(args.checkpoint)
        mapping, skipped = ckpt_lib.convert(prefix, out, patterns)
    except ckpt_lib.ConversionError as e:
        parser.exit(2, "tfcompat convert-checkpoint: error: %s\n" % e)
    width = max([len(tf_name) for tf_name, _, _ in mapping] + [7])
    for tf_name, torch_name, spec in mapping:
        print("%-*s -> %s  %s" % (width, tf_name, torch_name, spec))
    for tf_name, why in skipped:
        print("%-*s    skipped: %s" % (width, tf_name, why))
    print("wrote %d tensors to %s" % (len(mapping), out))
    return 0
