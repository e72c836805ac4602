"""Shared fixtures for tests/cli: run the `tfcompat` command in-process, cleanly."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"


@pytest.fixture
def cli(monkeypatch, capsys):
    """`cli(*args) -> (status, stdout, stderr)`: tfcompat.cli.main in this process, with
    sys.argv, sys.path, the import hook and the global flags restored afterwards."""
    from tfcompat import _import_hook
    from tfcompat import cli as cli_lib
    from tfcompat import flags

    path = list(sys.path)
    registered = dict(flags.FLAGS._flags())
    monkeypatch.setattr(sys, "argv", list(sys.argv))

    def run(*args):
        try:
            status = cli_lib.main([str(a) for a in args])
        except SystemExit as e:
            status = e.code
        out, err = capsys.readouterr()
        return status, out, err

    yield run
    _import_hook.uninstall()
    sys.path[:] = path
    flags.FLAGS._flags().clear()
    flags.FLAGS._flags().update(registered)
    flags.FLAGS.unparse_flags()
