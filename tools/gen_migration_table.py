"""Rewrites the table of unimplemented TF1 names in migration/README.md from
tfcompat/api_manifest.tsv (between the markers `tfcompat.check.TABLE_BEGIN` / `TABLE_END`).
Run after tools/gen_api_manifest.py; tests/api/test_manifest.py fails while they differ.

    python tools/gen_migration_table.py
"""
import os
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
GUIDE = os.path.join(ROOT, "migration", "README.md")
sys.path.insert(0, ROOT)

from tfcompat import check  # noqa: E402


def main() -> None:
    with open(GUIDE, encoding="utf-8") as f:
        text = f.read()
    begin, end = text.index(check.TABLE_BEGIN), text.index(check.TABLE_END)
    table = "%s\n%s\n" % (check.TABLE_BEGIN, check.not_implemented_markdown())
    with open(GUIDE, "w", encoding="utf-8") as f:
        f.write(text[:begin] + table + text[end:])
    print("updated %s" % os.path.relpath(GUIDE))


if __name__ == "__main__":
    main()
