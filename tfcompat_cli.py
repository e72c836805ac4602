"""The `tfcompat` command's front end: its arguments, help and usage errors.

    tfcompat run SCRIPT [ARGS...]         run a TF1 script unchanged (tensorflow -> tfcompat)
    tfcompat check PATH... [--json]       list the TF APIs scripts use, and which are supported
    tfcompat convert-checkpoint CKPT OUT  TF checkpoint -> PyTorch state_dict (.pt / .safetensors)
    tfcompat --version

This module uses the standard library only, so `tfcompat --help` and usage errors (one line on
stderr, exit status 2) answer at once: importing tfcompat imports torch, which takes over a second
and only a command that runs needs. It is a top-level module because importing any module of the
tfcompat package runs tfcompat/__init__.py. The commands themselves are in tfcompat/cli.py.
"""
from __future__ import annotations

import argparse
import os
import re
import sys

__all__ = ["main", "build_parser"]


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line ("tfcompat run: error: ...") and exit status 2."""

    def error(self, message):
        self.exit(2, "%s: error: %s\n" % (self.prog, message))


class _Version(argparse.Action):
    """`--version`: the one option that needs tfcompat and torch (it prints their versions)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS,
                 help=None):
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        import torch

        import tfcompat

        print("tfcompat %s (TensorFlow API %s, torch %s)" % (
            tfcompat.tfcompat_version, tfcompat.VERSION, torch.__version__))
        parser.exit()


def build_parser() -> _Parser:
    parser = _Parser(prog="tfcompat", description="Run TensorFlow 1.x programs on PyTorch, "
                     "check what they use, and move their models to PyTorch.")
    parser.add_argument("--version", action=_Version,
                        help="print tfcompat's version and the TF API version it implements")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    _add_run(sub)
    _add_check(sub)
    _add_convert(sub)
    _add_port_and_export(sub)
    return parser


def _add_run(sub) -> None:
    run = sub.add_parser("run", help="run a TF1 script unchanged",
                         description="Run SCRIPT with `import tensorflow` resolving to tfcompat; "
                         "ARGS go to the script (its sys.argv[1:]). SCRIPT may be a directory "
                         "with a __main__.py, as with `python DIR`.")
    run.add_argument("script", metavar="SCRIPT", help="the Python script to run")
    script_args = run.add_argument("args", nargs=argparse.REMAINDER, metavar="ARGS",
                                   help="arguments passed to the script")
    script_args.required = False   # argparse counts an empty REMAINDER as missing


def _add_check(sub) -> None:
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


def _add_convert(sub) -> None:
    conv = sub.add_parser("convert-checkpoint", help="TF checkpoint -> PyTorch state_dict",
                          description="Write the tensors of TF checkpoint CKPT (a prefix such as "
                          "model.ckpt-1000, or a directory) to OUT: a .pt state_dict or a "
                          ".safetensors file. Names map as 'dense/kernel' -> 'dense.kernel'. "
                          "A long conversion shows its progress on stderr.")
    conv.add_argument("checkpoint", metavar="CKPT", help="a checkpoint prefix (model.ckpt-1000, "
                      "with its .index and .data files) or a directory with a `checkpoint` file")
    conv.add_argument("output", metavar="OUT", help="the file to write: .pt, .pth or .safetensors")
    conv.add_argument("--exclude", action="append", default=[], metavar="REGEX",
                      help="skip TF names matching REGEX (e.g. '/Adam' for optimizer slots)")


def _add_port_and_export(sub) -> None:
    port = sub.add_parser("port", help="write a model as plain PyTorch code and a state_dict",
                          description="Write the part of MODEL between --inputs and --outputs "
                          "as OUT.py (one torch.nn.Module subclass, plain PyTorch: it runs "
                          "without tfcompat) and OUT.pt (its state_dict, named after the TF "
                          "variables).")
    export = sub.add_parser("export", help="write a model as a .pt2, TorchScript or ONNX program",
                            description="Write the part of MODEL between --inputs and --outputs "
                            "as a deployable program: OUT.pt2 (torch.export), OUT.pt "
                            "(TorchScript) or OUT.onnx.")
    for command in (port, export):
        command.add_argument("model", metavar="MODEL", help="a SavedModel directory, a "
                             "checkpoint prefix or directory (with its .meta), or a frozen .pb")
        command.add_argument("output", metavar="OUT", help=(
            "writes OUT.py and OUT.pt (OUT may end in .py or .pt)" if command is port else
            "the program to write: .pt2 (torch.export), .pt or .ts (TorchScript), .onnx"))
        command.add_argument("--inputs", required=True, metavar="NAMES",
                             help="comma-separated input tensors, e.g. x:0 or x,keep_prob "
                             "(for a SavedModel, also its signature's names)")
        command.add_argument("--outputs", required=True, metavar="NAMES",
                             help="comma-separated output tensors, e.g. logits:0")
        command.add_argument("--tags", default="serve", metavar="TAGS",
                             help="SavedModel tags, comma-separated (default: serve)")


# -- usage errors, found before tfcompat (and torch) is imported ------------------------------

def _usage_error(command: str, message: str):
    raise SystemExit(_exit_with("tfcompat %s: error: %s\n" % (command, message)))


def _exit_with(message: str) -> int:
    sys.stderr.write(message)
    return 2


def _check_run(args) -> None:
    script = args.script
    if os.path.isdir(script):
        if not os.path.isfile(os.path.join(script, "__main__.py")):
            _usage_error("run", "%r is a directory, not a Python script (a directory runs only "
                         "when it has a __main__.py, as with `python DIR`)" % script)
    elif not os.path.exists(script):
        _usage_error("run", "can't open file %r: no such file" % script)
    elif not os.access(script, os.R_OK):
        _usage_error("run", "can't open file %r: permission denied" % script)


def _check_check(args) -> None:
    if args.list_supported:
        return
    if not args.paths:
        _usage_error("check", "give at least one PATH (a script or directory)")
    missing = [p for p in args.paths if not os.path.exists(p)]
    if missing:
        _usage_error("check", "no such file or directory: %s" % missing[0])


def _check_convert(args) -> None:
    command, out = "convert-checkpoint", args.output
    if not out.endswith((".pt", ".pth", ".safetensors")):
        _usage_error(command, "OUT must end in .pt, .pth or .safetensors, got %r" % out)
    out_dir = os.path.dirname(os.path.abspath(out))
    if not os.path.isdir(out_dir):
        _usage_error(command, "the directory of OUT does not exist: %s (create it first)"
                     % os.path.dirname(out))
    try:
        args.exclude = [re.compile(p) for p in args.exclude]
    except re.error as e:
        _usage_error(command, "bad --exclude pattern: %s" % e)
    ckpt = args.checkpoint
    if not os.path.exists(ckpt) and not os.path.exists(ckpt + ".index"):
        _usage_error(command, "no TF checkpoint at %r (expected %s.index, or a directory with "
                     "a `checkpoint` state file)" % (ckpt, ckpt))


def _check_model_command(args) -> None:
    command = args.command
    if not any(os.path.exists(args.model + suffix) for suffix in ("", ".meta", ".index")):
        _usage_error(command, "no model at %r (a SavedModel directory, a checkpoint prefix or "
                     "directory, or a frozen .pb)" % args.model)
    if command == "export" and not args.output.endswith((".pt2", ".pt", ".ts", ".onnx")):
        _usage_error(command, "OUT must end in .pt2, .pt, .ts or .onnx, got %r" % args.output)
    out_dir = os.path.dirname(os.path.abspath(args.output))
    if not os.path.isdir(out_dir):
        _usage_error(command, "the directory of OUT does not exist: %s (create it first)"
                     % os.path.dirname(args.output))
    for what in ("inputs", "outputs"):
        names = [n.strip() for n in getattr(args, what).split(",") if n.strip()]
        if not names:
            _usage_error(command, "--%s names no tensor" % what)
        setattr(args, what, names)
    args.tags = [t.strip() for t in args.tags.split(",") if t.strip()]
    if not args.tags:
        _usage_error(command, "--tags names no tag (a SavedModel's tags, such as serve)")


_USAGE_CHECKS = {"run": _check_run, "check": _check_check,
                 "convert-checkpoint": _check_convert, "port": _check_model_command,
                 "export": _check_model_command}


def main(argv=None) -> int:
    """Entry point of the `tfcompat` console script; returns the exit status."""
    parser = build_parser()
    args, unknown = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    if args.command is None:
        if unknown:
            parser.error("unrecognized arguments: %s" % " ".join(unknown))
        parser.print_help()
        return 2
    if unknown:
        _usage_error(args.command, "unrecognized arguments: %s%s" % (" ".join(unknown), (
            " (`tfcompat run` has no options of its own: the script's go after SCRIPT)"
            if args.command == "run" else "")))
    _USAGE_CHECKS[args.command](args)
    from tfcompat import cli

    try:
        return cli.run_command(args)
    except BrokenPipeError:
        # The reader of stdout went away (`tfcompat check . | head`): stop quietly, as `cat`
        # does. stdout points at /dev/null so that Python's flush at exit fails no more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
