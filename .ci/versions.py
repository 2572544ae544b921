"""Prints the installed version of each direct dependency in pyproject.toml, so version drift shows in CI logs."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

project = tomllib.loads(Path("pyproject.toml").read_text(encoding="utf-8"))["project"]
requirements = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
for requirement in requirements:
    name = re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0]
    try:
        installed = version(name)
    except PackageNotFoundError:
        installed = "not installed"
    print(f"{name:24} {installed:14} ({requirement})")

try:
    from yaml import _yaml  # type: ignore[attr-defined]

    print(f"{'libyaml (in pyyaml)':24} {_yaml.get_version_string()}")
except ImportError:
    print(f"{'libyaml (in pyyaml)':24} not built in")
