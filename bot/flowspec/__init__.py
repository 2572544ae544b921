"""Flow definitions: YAML -> typed `Flow`, with line-numbered, all-at-once validation.

    result = load_flow_file(Path("flows/box_breathing.yaml"))
    for problem in result.problems:
        print(problem)            # flows/box_breathing.yaml:12:5: [unknown-step] step 'intro': ...
    if result.flow is not None:   # no errors (warnings allowed)
        ...
"""

from bot.flowspec.catalogue import Catalogue, load_catalogue
from bot.flowspec.loader import load_flow_file, load_flow_text
from bot.flowspec.model import Flow
from bot.flowspec.problems import LoadResult, Problem
from bot.flowspec.schema import flow_json_schema

__all__ = [
    "Catalogue",
    "Flow",
    "LoadResult",
    "Problem",
    "flow_json_schema",
    "load_catalogue",
    "load_flow_file",
    "load_flow_text",
]
