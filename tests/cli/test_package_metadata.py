"""The package as `pip show` presents it: license, authors, classifiers, Python versions, and the
console script's front end (tfcompat_cli, outside the package so it imports no torch)."""
import hashlib
import importlib.metadata

import pytest
from conftest import REPO

pytestmark = pytest.mark.tfcompat_only

tomllib = pytest.importorskip("tomllib")   # Python 3.11+

# md5 of the Apache License 2.0 text as apache.org publishes it (LICENSE-2.0.txt)
_APACHE_2_MD5 = "3b83ef96387f14655fc854ddc3c6bd57"


def _project():
    with open(REPO / "pyproject.toml", "rb") as f:
        return tomllib.load(f)


def test_license_is_the_full_apache_2_text():
    text = (REPO / "LICENSE").read_bytes()
    assert hashlib.md5(text).hexdigest() == _APACHE_2_MD5


def test_project_metadata():
    config = _project()
    project = config["project"]
    assert project["license"] == "Apache-2.0" and project["license-files"] == ["LICENSE"]
    assert project["authors"] == [{"name": "tfcompat developers"}]
    assert {"tensorflow", "pytorch", "migration"} <= set(project["keywords"])
    classifiers = set(project["classifiers"])
    assert not any(c.startswith("License ::") for c in classifiers)   # PEP 639: the expression
    minimum = project["requires-python"].removeprefix(">=")
    assert "Programming Language :: Python :: %s" % minimum in classifiers
    assert any(d.startswith("tqdm") for d in project["dependencies"])
    assert project["scripts"] == {"tfcompat": "tfcompat_cli:main"}
    assert config["tool"]["setuptools"]["py-modules"] == ["tfcompat_cli"]
    assert {"api_manifest.tsv", "api_unsupported.txt"} <= set(config["tool"]["setuptools"]["package-data"]["tfcompat"])


def test_installed_metadata():
    meta = importlib.metadata.metadata("tfcompat")
    if meta.get("License-Expression") is None:
        pytest.skip("installed before the license metadata; reinstall (pip install -e .)")
    assert meta["License-Expression"] == "Apache-2.0"
    assert meta["Author"] == "tfcompat developers"
    scripts = importlib.metadata.entry_points(group="console_scripts")
    assert [e.value for e in scripts if e.name == "tfcompat"] == ["tfcompat_cli:main"]
