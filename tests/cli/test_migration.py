"""Every program in migration/ runs as its docstring says and prints its expected last line;
`tfcompat check` finds nothing unsupported in any of them."""
import concurrent.futures
import os
import re
import shlex
import subprocess
import sys

import pytest
from conftest import REPO

MIGRATION = REPO / "migration"
PROGRAMS = sorted(p.name for p in MIGRATION.glob("[0-9]*.py"))


def _command(program):
    """The command the docstring gives (`tfcompat run ...` or `python ...`) and the expected
    last line."""
    text = (MIGRATION / program).read_text()
    expected = re.search(r"^Expected last line: (.+)$", text, re.MULTILINE).group(1).strip()
    line = re.search(r"^\s+(tfcompat run|python) (migration/%s.*)$" % re.escape(program), text,
                     re.MULTILINE)
    args = shlex.split(line.group(2))
    prefix = [sys.executable, "-m", "tfcompat", "run"] if line.group(1) == "tfcompat run" \
        else [sys.executable]
    return prefix + args, expected


def _run(program):
    command, expected = _command(program)
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    proc = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300,
                          env=env, check=False)
    return proc, expected


@pytest.fixture(scope="module")
def results():
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(PROGRAMS, pool.map(_run, PROGRAMS)))


def test_there_are_programs():
    assert len(PROGRAMS) >= 6


@pytest.mark.parametrize("program", PROGRAMS)
def test_program_runs(results, program):
    proc, expected = results[program]
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip().splitlines()[-1] == expected, proc.stdout[-2000:]


@pytest.mark.parametrize("program", PROGRAMS)
def test_program_uses_only_supported_apis(cli, program):
    status, out, _ = cli("check", MIGRATION / program, "--quiet")
    assert status == 0, out
