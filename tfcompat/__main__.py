"""`python -m tfcompat ...`: the `tfcompat` command (see tfcompat/cli.py)."""
from tfcompat.cli import main

raise SystemExit(main())
