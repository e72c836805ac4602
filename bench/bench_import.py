"""How much `import tfcompat` adds to `import torch` (budget: 0.3 s on the reference machine).

Each sample is a fresh interpreter: `import torch` alone, then `import torch; import tfcompat`,
alternating so that machine noise hits both; the figure is the median wall time of
`import tfcompat` after torch, with its CPU time beside it (steadier on a busy machine). `-X importtime` then names the slowest imports it triggers.

    python bench/bench_import.py [--runs 7] [--check]     # --check: exit 1 over the budget
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys

BUDGET_S = 0.3
_TIMER = ("import time; w0, c0 = time.perf_counter(), time.process_time(); import torch; "
          "w1, c1 = time.perf_counter(), time.process_time(); %s; "
          "w2, c2 = time.perf_counter(), time.process_time(); print(w1 - w0, w2 - w1, c2 - c1)")
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _sample(statement: str) -> tuple:
    """(torch wall s, statement wall s, statement CPU s) in a fresh interpreter."""
    out = subprocess.run([sys.executable, "-c", _TIMER % statement], capture_output=True,
                         text=True, check=True, cwd=REPO).stdout.split()
    return tuple(float(x) for x in out)


def _slowest_modules(n=10) -> list:
    """(cumulative seconds, indented name) of the imports `import tfcompat` triggers, up to
    three levels below it (third-party modules included: they are what tfcompat costs)."""
    err = subprocess.run([sys.executable, "-X", "importtime", "-c", "import torch; import tfcompat"],
                         capture_output=True, text=True, check=True, cwd=REPO).stderr
    lines = [line.split("|") for line in err.splitlines() if line.count("|") == 2]
    start = max(i for i, parts in enumerate(lines) if parts[2].strip() == "torch") + 1
    rows = []
    for parts in lines[start:]:
        depth = (len(parts[2]) - len(parts[2].lstrip())) // 2
        if depth <= 3:
            rows.append((int(parts[1]) / 1e6, "  " * depth + parts[2].strip()))
    return sorted(rows, reverse=True)[:n]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--check", action="store_true", help="exit 1 when over the budget")
    args = parser.parse_args(argv)
    torch_times, added, cpu = [], [], []
    for _ in range(args.runs):
        torch_times.append(_sample("pass")[0])
        _, wall, cpu_time = _sample("import tfcompat")
        added.append(wall)
        cpu.append(cpu_time)
    median = statistics.median(added)
    print("import torch:           %.3f s (median of %d)" % (statistics.median(torch_times),
                                                             args.runs))
    print("import tfcompat adds:   %.3f s (median; min %.3f, max %.3f); budget %.1f s"
          % (median, min(added), max(added), BUDGET_S))
    print("  CPU time of that import: %.3f s (median; close to the wall time on an idle machine)"
          % statistics.median(cpu))
    print("slowest imports under tfcompat (cumulative, one run):")
    for seconds, name in _slowest_modules():
        print("  %.3f s  %s" % (seconds, name))
    return 1 if args.check and median > BUDGET_S else 0


if __name__ == "__main__":
    sys.exit(main())
