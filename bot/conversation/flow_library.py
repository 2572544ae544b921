"""The flows a person can start, and the exact version each session in progress runs on."""

from __future__ import annotations

from pathlib import Path

from bot.engine import FlowEngine
from bot.flowspec import load_catalogue, load_flow_text
from bot.flowspec.model import Flow
from bot.storage import UnitOfWork


class FlowLibrary:
    def __init__(self, flows: dict[str, Flow], sources: dict[str, str]) -> None:
        self._flows = flows
        self._sources = sources
        self._engines: dict[int, FlowEngine] = {}

    @classmethod
    def from_dirs(cls, dirs: list[Path], media: list[Path] | None = None) -> FlowLibrary:
        """`media`: the folders recordings are found in; a flow naming one that is missing is not loaded."""
        catalogue = load_catalogue(dirs, media)
        sources = {fid: path.read_text(encoding="utf-8") for fid, path in catalogue.sources.items()
                   if fid in catalogue.flows}
        return cls(dict(catalogue.flows), sources)

    def current(self, flow_id: str) -> Flow | None:
        return self._flows.get(flow_id)

    def source(self, flow_id: str) -> str:
        return self._sources[flow_id]

    def listing(self) -> list[Flow]:
        order = {"reframing": 0, "relaxation": 1, "boundaries": 2, "measures": 3, "other": 4}
        return sorted(self._flows.values(), key=lambda f: (order[f.category], f.estimated_minutes, f.id))

    def engine(self, flow_version_id: int, source: str | None = None) -> FlowEngine | None:
        """The engine for a stored flow version; `source` is needed the first time a version is seen."""
        if flow_version_id not in self._engines:
            if source is None:
                return None
            flow = load_flow_text(source, f"<flow version {flow_version_id}>").flow
            if flow is None:
                return None
            self._engines[flow_version_id] = FlowEngine(flow)
        return self._engines[flow_version_id]

    def remember(self, flow_version_id: int, flow: Flow) -> FlowEngine:
        engine = self._engines.get(flow_version_id)
        if engine is None or engine.flow is not flow:
            engine = self._engines.setdefault(flow_version_id, FlowEngine(flow))
        return engine


async def stored_engine(tx: UnitOfWork, library: FlowLibrary, flow_version_id: int) -> FlowEngine | None:
    """The engine of a stored flow version, compiled from its stored source the first time it is needed."""
    engine = library.engine(flow_version_id)
    if engine is None:
        version = await tx.flow_versions.get(flow_version_id)
        engine = library.engine(flow_version_id, version.source if version else None)
    return engine
