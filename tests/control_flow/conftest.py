"""Helpers for the control-flow tests."""
import pytest


def _core(error):
    """An OpError's own text, without the "[[node ...]]" tail (or TF 2.x's "Graph execution
    error" framing, so the same tests run against real TF)."""
    message = error.message
    if "Graph execution error" in message:
        lines = message.split("\n")
        start = next(i for i, line in enumerate(lines) if line.startswith("Node:"))
        message = "\n".join(lines[start + 1:])
    return message.split("\n\t [[")[0]


@pytest.fixture
def core_message():
    return _core
