"""These tests check tfcompat against TensorFlow's files (the `run_tf` fixture is in
tests/conftest.py); a run of the suite against real TF (TFCOMPAT_TEST_AGAINST_TF=1) has nothing
to test here."""
import os

if os.environ.get("TFCOMPAT_TEST_AGAINST_TF") == "1":
    collect_ignore_glob = ["test_*.py"]
