"""The files a user or a citing author reads first: the licence pyproject claims, a citation file in the Citation
File Format, and no path of one machine in the docs or the sources."""

import re
import tomllib
from pathlib import Path

import yaml

import magnerve

ROOT = Path(__file__).parent.parent
#: an absolute path on somebody's machine (a URL's path, e.g. example.org/work/x, is not one)
MACHINE_PATH = re.compile(r"(?<![\w.:/-])/(work|home|Users|root|mnt)/")


def test_licence_is_the_one_pyproject_claims():
    claimed = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"]["text"]
    text = (ROOT / "LICENSE").read_text()
    assert claimed == "MIT" and text.startswith("MIT License") and "WITHOUT WARRANTY OF ANY KIND" in text


def test_citation_file_names_this_version():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert cff["cff-version"] == "1.2.0" and cff["license"] == "MIT"
    assert cff["version"] == magnerve.__version__
    assert cff["title"].startswith("magnerve") and cff["message"] and cff["authors"]
    assert all(set(a) & {"name", "family-names"} for a in cff["authors"])  # an entity or a person


def test_no_machine_paths_in_docs_or_sources():
    files = [ROOT / "README.md", *ROOT.glob("docs/**/*"), *ROOT.glob("src/**/*"), *ROOT.glob("benchmarks/**/*")]
    found = [f"{path.relative_to(ROOT)}:{n}" for path in files
             if path.is_file() and path.suffix in {".md", ".py", ".yaml", ".html", ".txt", ".toml"}
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if MACHINE_PATH.search(line)]
    assert not found, found
