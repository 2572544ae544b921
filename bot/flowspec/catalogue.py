"""Load every flow of a directory (or a list of files) and check that flow ids are unique."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.flowspec.loader import load_flow_file
from bot.flowspec.model import Flow
from bot.flowspec.problems import LoadResult, Problem

FLOW_SUFFIXES = (".yaml", ".yml")


@dataclass
class Catalogue:
    """The flows that loaded without errors, by id, and every problem found in any file."""

    flows: dict[str, Flow] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    results: list[LoadResult] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def flow_files(paths: Iterable[Path]) -> list[Path]:
    """Files as given; directories expand to their *.yaml and *.yml files, sorted by name."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix in FLOW_SUFFIXES and p.is_file()))
        else:
            found.append(path)
    return found


def load_catalogue(paths: Iterable[Path], media: Sequence[Path] | None = None) -> Catalogue:
    """`media`: the media folders the flows' recordings must be found in (None: not looked for)."""
    catalogue = Catalogue()
    declared: dict[str, Path] = {}
    for path in flow_files(paths):
        result = load_flow_file(path, media)
        catalogue.results.append(result)
        catalogue.problems.extend(result.problems)
        if result.flow_id is None:
            continue
        if result.flow_id in declared:
            line, col = result.flow_id_at
            catalogue.problems.append(Problem(result.path, line, col, "duplicate-flow",
                                              f"the flow id '{result.flow_id}' is already used by "
                                              f"{declared[result.flow_id]}"))
            continue
        declared[result.flow_id] = path
        if result.flow is not None:
            catalogue.flows[result.flow_id] = result.flow
            catalogue.sources[result.flow_id] = path
    return catalogue
