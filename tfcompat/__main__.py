"""`python -m tfcompat ...`: the `tfcompat` command (tfcompat_cli.py parses the command line,
tfcompat/cli.py runs the commands). Python imports the tfcompat package, and so torch, before
this runs; the `tfcompat` console script answers `--help` and usage errors without either."""
from tfcompat.cli import main

raise SystemExit(main())
