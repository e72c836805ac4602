"""The commands of `tfcompat` (also `python -m tfcompat`): run, check, convert-checkpoint, port,
export.

The command line (arguments, help, usage errors) is parsed by the top-level module tfcompat_cli,
which imports nothing heavy; it calls `run_command` here once the arguments are valid.
"""
from __future__ import annotations

import collections
import os
import re
import runpy
import sys

import tfcompat
import tfcompat_cli
from tfcompat import _import_hook
from tfcompat import _unsupported
from tfcompat._unsupported import hint_for
from tfcompat import check
from tfcompat import errors
from tfcompat.export import ExportError
from tfcompat.export import checkpoint as ckpt_lib
from tfcompat.export import export_program
from tfcompat.export import load
from tfcompat.export import to_torch
from tfcompat.export.port import write_port

__all__ = ["main", "run_command"]


def main(argv=None) -> int:
    """Entry point of the `tfcompat` console script; returns the exit status."""
    return tfcompat_cli.main(argv)


def run_command(args) -> int:
    """Runs the command of parsed, checked arguments (see tfcompat_cli)."""
    if args.command == "run":
        return _run(args.script, args.args)
    if args.command == "check":
        return _check(args)
    if args.command in ("port", "export"):
        return _port_or_export(args)
    return _convert(args)


def _fail(command: str, message: str) -> int:
    """A one-line error on stderr, exit status 2 (what the command line asked cannot be done)."""
    sys.stderr.write("tfcompat %s: error: %s\n" % (command, message))
    return 2


# -- run -------------------------------------------------------------------------------------

def _run(script, args) -> int:
    _import_hook.install()
    sys.argv = [script] + list(args)
    if not os.path.isdir(script):   # runpy puts a directory itself first on sys.path
        sys.path.insert(0, os.path.dirname(os.path.abspath(script)))

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
        sys.stderr.write(_unsupported_message(api, _location(tb), script))
        return 1
    return 0


def _unsupported_message(api: str, where: str, script: str) -> str:
    """"x.py:3: tf.foo is not implemented by tfcompat ..." for a TF API tfcompat lacks, or
    "... is not a TensorFlow API (did you mean ...?)" for a name TF does not have either."""

    typo, close = check.not_a_tf_api(api)
    if typo:
        return ("tfcompat run: %s%s is not a TensorFlow API: TensorFlow 1.x has no such name%s\n"
                % (where, api, "; did you mean %s?" % " or ".join(close) if close else ""))

    hint = hint_for(api)
    return ("tfcompat run: %s%s is not implemented by tfcompat\n%s  Run `tfcompat check %s` to "
            "list every TensorFlow API the script uses that tfcompat lacks; see "
            "migration/README.md.\n" % (where, api, "  hint: %s\n" % hint if hint else "", script))


def _exit_code(code) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _user_traceback(tb):
    """`tb` without the frames of this module, the front end and runpy (what Python shows)."""
    ours = {os.path.abspath(p) for p in (__file__, runpy.__file__, tfcompat_cli.__file__)}
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
    """The TF API an exception says is missing ("tf.nn.foo"), or None for any other error."""
    api = getattr(e, "api", None)
    if isinstance(api, str):
        return _import_hook.canonical(api)
    text = str(e).split(":")[0]
    match = (re.fullmatch(r"module '(tfcompat[\w.]*)' has no attribute '(\w+)'", text)
             if isinstance(e, AttributeError) else
             re.match(r"cannot import name '(\w+)' from '(tfcompat[\w.]*)'", text)
             if isinstance(e, ImportError) else None)
    if match is None:
        return None
    module, name = match.groups() if isinstance(e, AttributeError) else match.groups()[::-1]
    return _import_hook.canonical("%s.%s" % (_namespace_of(module) or module, name))


def _namespace_of(module_name: str) -> str | None:
    """The `tf.*` path of a tfcompat module ("tfcompat.ops.nn_ops" -> "tf.nn" when so exported);
    breadth first, so the shortest path."""


    queue = collections.deque([("tf", tfcompat)])
    seen = set()
    while queue:
        path, module = queue.popleft()
        if module.__name__ == module_name:
            return path
        if id(module) in seen or path.count(".") > 3:
            continue
        seen.add(id(module))
        _unsupported.load_lazy(module)   # names loaded on first use (tf.train.Saver, ...)
        queue.extend(("%s.%s" % (path, name), value) for name, value in vars(module).items()
                     if not name.startswith("_") and type(value).__name__ == "module")
    return None


# -- check -----------------------------------------------------------------------------------

def _check(args) -> int:
    if args.list_supported:
        print("\n".join(check.supported_names()))
        return 0
    reports = check.check_paths(args.paths)
    print(check.to_json(reports) if args.json else check.format_text(reports,
                                                                     verbose=not args.quiet))
    return check.exit_status(reports)


# -- convert-checkpoint ----------------------------------------------------------------------

def _convert(args) -> int:
    out = args.output
    try:
        prefix = ckpt_lib.find_checkpoint(args.checkpoint)
        mapping, skipped = ckpt_lib.convert(prefix, out, args.exclude)
    except ckpt_lib.ConversionError as e:
        return _fail("convert-checkpoint", str(e))
    width = max([len(tf_name) for tf_name, _, _ in mapping] + [7])
    for tf_name, torch_name, spec in mapping:
        print("%-*s -> %s  %s" % (width, tf_name, torch_name, spec))
    for tf_name, why in skipped:
        print("%-*s    skipped: %s" % (width, tf_name, why))
    print("wrote %d tensors to %s" % (len(mapping), out))
    return 0


# -- port and export -----------------------------------------------------------------------------

def _port_or_export(args) -> int:
    try:
        model = load.open_model(args.model, args.tags)
        session, what = model.session, model.what
        with session:
            inputs = load.tensors(session.graph, args.inputs, "input", model.aliases)
            outputs = load.tensors(session.graph, args.outputs, "output", model.aliases)
            fetches = outputs if len(outputs) > 1 else outputs[0]
            if args.command == "export":
                return _export(session, inputs, fetches, args.output, what)
            module = to_torch(session, inputs, fetches)
        py, pt = write_port(module, args.output)
    except (ExportError, errors.OpError, ValueError, OSError) as e:
        return _fail(args.command, str(e).splitlines()[0])
    print("wrote %s (class %s) and %s from %s" % (py, type(module).__mro__[1].__name__, pt, what))
    return 0


_WRITERS = {".pt2": "torch.export", ".pt": "torch.jit.trace", ".ts": "torch.jit.trace",
            ".onnx": "torch.onnx.export"}


def _export(session, inputs, fetches, out, what) -> int:
    try:
        path = export_program(session, inputs, fetches, out)
    except (ExportError, errors.OpError, ValueError, OSError):
        raise
    except Exception as e:  # noqa: BLE001 - torch's exporter refused the module: say why, briefly
        writer = _WRITERS.get(os.path.splitext(out)[1], "the exporter")
        cause = (str(e).strip().splitlines() or [""])[0]
        tied = to_torch(session, inputs, fetches).not_portable
        return _fail("export", "%s could not convert the model (%s: %s)%s" % (
            writer, type(e).__name__, cause[:300], "; ops with no plain-PyTorch form, a likely "
            "cause: %s" % "; ".join(tied) if tied else ""))
    print("wrote %s from %s" % (path, what))
    return 0
