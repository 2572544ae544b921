"""The typed flow model: what a YAML flow file means once parsed.

Structure is checked here (types, unknown keys, ranges); graph and cross-reference rules live in
`bot.flowspec.rules`. The JSON Schema for editors is generated from these classes.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

LangCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}$", description="ISO 639-1/639-3 language code")]
Text = Annotated[
    str | dict[LangCode, str],
    Field(description="A plain string (single-language flows) or a mapping language -> text."),
]
StepId = Annotated[
    str,
    Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=48, description="lower_snake_case step id"),
]
# An answer reference: a step id, or `call_step.block_step` for answers given inside a called block.
AnswerRef = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$", max_length=100)]
OptionValue = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,32}$")]
ParamRef = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", description="name of a flow parameter")]
Outcome = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=32)]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# --- conditions (branch) ---------------------------------------------------------------------------

class Compare(StrictModel):
    """Compare one answer with a value. Exactly one operator besides `answer`."""

    answer: AnswerRef
    equals: str | int | float | None = None
    not_equals: str | int | float | None = None
    in_: list[str | int | float] | None = Field(default=None, alias="in")
    includes: str | None = Field(default=None, description="for multi_choice answers")
    gt: float | None = None
    gte: float | None = None
    lt: float | None = None
    lte: float | None = None
    skipped: bool | None = Field(default=None, description="true: the client skipped the step, or never reached it")

    @model_validator(mode="after")
    def _one_operator(self) -> Compare:
        used = [n for n in COMPARE_OPERATORS if getattr(self, n) is not None]
        if len(used) != 1:
            ops = ", ".join(o.rstrip("_") for o in COMPARE_OPERATORS)
            raise ValueError(f"a condition needs exactly one operator ({ops}); found {len(used)}")
        return self

    @property
    def operator(self) -> str:
        return next(n for n in COMPARE_OPERATORS if getattr(self, n) is not None)


COMPARE_OPERATORS = ("equals", "not_equals", "in_", "includes", "gt", "gte", "lt", "lte", "skipped")


class AllOf(StrictModel):
    all: list[Condition] = Field(min_length=1)


class AnyOf(StrictModel):
    any: list[Condition] = Field(min_length=1)


class NotOf(StrictModel):
    not_: Condition = Field(alias="not")


def _condition_kind(value: Any) -> str:
    if isinstance(value, dict):
        for key in ("all", "any", "not"):
            if key in value:
                return key
    elif isinstance(value, AllOf):
        return "all"
    elif isinstance(value, AnyOf):
        return "any"
    elif isinstance(value, NotOf):
        return "not"
    return "compare"


Condition = Annotated[
    Annotated[Compare, Tag("compare")]
    | Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[NotOf, Tag("not")],
    Discriminator(_condition_kind),
]


# --- computed values (set) -------------------------------------------------------------------------

Operand = str | int | float  # a string operand is an answer reference


class Expression(StrictModel):
    """A computed value. Exactly one of the keys."""

    answer: AnswerRef | None = Field(default=None, description="copy an answer")
    add: list[Operand] | None = Field(default=None, min_length=2)
    subtract: list[Operand] | None = Field(default=None, min_length=2, max_length=2)
    count: AnswerRef | None = Field(default=None, description="number of items chosen or collected")

    @model_validator(mode="after")
    def _one_operator(self) -> Expression:
        used = [n for n in ("answer", "add", "subtract", "count") if getattr(self, n) is not None]
        if len(used) != 1:
            raise ValueError(f"a value needs exactly one of answer, add, subtract, count; found {len(used)}")
        return self


# --- shared pieces ---------------------------------------------------------------------------------

class OnInvalid(StrictModel):
    """What happens when an answer does not fit the step."""

    message: Text | None = Field(default=None, description="re-prompt; a built-in one is used if absent")
    max_attempts: int = Field(default=3, ge=1, le=10)
    fallback: StepId | Literal["skip"] | None = Field(
        default=None,
        description="after max_attempts: a step to go to, or `skip` (optional steps only); "
        "absent: show help and keep asking",
    )


class Rating(StrictModel):
    """Marks a scale as a measurement, so ratings before and after can be compared."""

    measure: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    when: Literal["before", "after"]


class ScaleLabels(StrictModel):
    min: Text
    max: Text


class ChoiceOption(StrictModel):
    value: OptionValue
    label: Text
    description: Text | None = None
    next: StepId | None = Field(default=None, description="jump here when this option is chosen")


class MultiOption(StrictModel):
    value: OptionValue
    label: Text
    description: Text | None = Field(default=None, description="a one-line example")


class OtherOption(StrictModel):
    label: Text
    prompt: Text


class Phase(StrictModel):
    label: Text
    seconds: int | ParamRef = Field(description="seconds, or the name of a flow parameter")


AUDIO_SUFFIXES = {".ogg": "voice", ".oga": "voice", ".opus": "voice", ".mp3": "audio"}


class Audio(StrictModel):
    """A recording sent with a message: a file of the operator's media folder (docs/deploy.md), as a voice
    message (OGG/Opus; MP3 works too) or as a music-player track (`audio`: MP3 only)."""

    file: Annotated[str, Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}\.(ogg|oga|opus|mp3)$",
        description="a file name in the media folder (no folders): .ogg/.oga/.opus (Opus) or .mp3",
    )]
    title: Text = Field(description="what the recording is; the terminal prints it instead of playing it")
    as_: Literal["voice", "audio"] | None = Field(
        default=None, alias="as",
        description="voice: a voice message; audio: a track in the music player (MP3 only); "
        "default: voice for OGG/Opus, audio for MP3",
    )

    @property
    def send_as(self) -> Literal["voice", "audio"]:
        if self.as_ is not None:
            return self.as_
        return "audio" if self.file.lower().endswith(".mp3") else "voice"


class KeptRef(StrictModel):
    """A list the client keeps across exercises (a flow's `keep` step wrote it), read by name."""

    kept: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=48,
                               description="the kept list's name, as in a `keep` step's `as`")]


class Case(StrictModel):
    when: Condition
    goto: StepId


# --- steps -----------------------------------------------------------------------------------------

class _Step(StrictModel):
    id: StepId
    label: Text | None = Field(default=None, description="short name used in summaries and transcripts")
    help: Text | None = Field(default=None, description="shown when the client asks for help here")


class MessageStep(_Step):
    type: Literal["message"]
    text: Text
    button: Text | None = Field(default=None, description="wait for this button before going on")
    audio: Audio | None = Field(default=None, description="a recording sent before the text (guided practice)")
    next: StepId | None = None


class TextStep(_Step):
    type: Literal["text"]
    prompt: Text
    min_length: int = Field(default=1, ge=1, le=4000)
    max_length: int = Field(default=2000, ge=1, le=3500)
    max_words: int | None = Field(default=None, ge=1, le=100,
                                  description="at most this many words (1: a one-word answer)")
    optional: bool = False
    append: bool = Field(default=False, description="each visit adds to a list instead of replacing")
    on_invalid: OnInvalid | None = None
    next: StepId | None = None


class ChoiceStep(_Step):
    model_config = ConfigDict(json_schema_extra={
        "anyOf": [{"required": ["options"]}, {"required": ["options_from"]}],
        "dependentRequired": {"other": ["options_from"]},
    })

    type: Literal["choice"]
    prompt: Text
    options_from: AnswerRef | KeptRef | None = Field(
        default=None,
        description="offer each item of this list (an earlier `text` step with `append: true`, or "
        "`{kept: name}`: the open items of a list the client keeps) as an option, before `options`; the "
        "chosen item's text is the answer",
    )
    options: list[ChoiceOption] = Field(default_factory=list, max_length=12,
                                        description="required unless `options_from` is given")
    other: OtherOption | None = Field(
        default=None,
        description="with `options_from`: a last option to write the answer in one's own words instead",
    )
    on_invalid: OnInvalid | None = None
    next: StepId | None = None

    @model_validator(mode="after")
    def _has_options(self) -> ChoiceStep:
        if self.options_from is None:
            if not self.options:
                raise ValueError("a choice needs `options` (or `options_from`, a list answered earlier)")
            if self.other is not None:
                raise ValueError("`other` goes with `options_from`; give a fixed choice another option instead")
        return self


class MultiChoiceStep(_Step):
    type: Literal["multi_choice"]
    prompt: Text
    options: list[MultiOption] = Field(min_length=1, max_length=20)
    min_selected: int = Field(default=1, ge=0)
    max_selected: int | None = Field(default=None, ge=1)
    other: OtherOption | None = None
    done_label: Text | None = None
    on_invalid: OnInvalid | None = None
    next: StepId | None = None


class ScaleStep(_Step):
    type: Literal["scale"]
    prompt: Text
    min: int
    max: int
    step: int = Field(default=1, ge=1)
    labels: ScaleLabels | None = None
    rating: Rating | None = None
    optional: bool = False
    on_invalid: OnInvalid | None = None
    next: StepId | None = None


class TimerStep(_Step):
    type: Literal["timer"]
    text: Text | None = Field(default=None, description="said once before the count-down starts")
    phases: list[Phase] = Field(min_length=1, max_length=20)
    repeat: int | ParamRef = 1
    next: StepId | None = None


class BranchStep(_Step):
    type: Literal["branch"]
    cases: list[Case] = Field(min_length=1)
    else_: StepId | None = Field(default=None, alias="else")


class GotoStep(_Step):
    type: Literal["goto"]
    target: StepId


class CallStep(_Step):
    type: Literal["call"]
    block: StepId
    next: StepId | None = None


class SetStep(_Step):
    type: Literal["set"]
    value: int | float | str | Expression
    next: StepId | None = None


class SummaryStep(_Step):
    type: Literal["summary"]
    prompt: Text
    items: list[AnswerRef] | None = Field(
        default=None, description="answers to show, in order; default: every answer given so far"
    )
    confirm_label: Text | None = None
    next: StepId | None = None


class CrisisRule(StrictModel):
    """When an item's answer opens the crisis path: its score above (`gt`) or at least (`gte`) a number."""

    gt: int | None = None
    gte: int | None = None

    @model_validator(mode="after")
    def _one_operator(self) -> CrisisRule:
        if (self.gt is None) == (self.gte is None):
            raise ValueError("a crisis rule needs exactly one of gt, gte")
        return self

    def fires(self, score: int) -> bool:
        return score > self.gt if self.gt is not None else score >= (self.gte or 0)


class ItemStep(_Step):
    """One questionnaire item: the shared answer options of `answers` (an answer set), each with a score."""

    type: Literal["item"]
    prompt: Text
    answers: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", description="the name of an answer set")]
    crisis: CrisisRule | None = Field(
        default=None,
        description="an answer whose score meets this opens the crisis path and alerts the linked therapist "
        "(without the answer)",
    )
    on_invalid: OnInvalid | None = None
    next: StepId | None = None


KeptName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=48,
                                description="a kept list's name, the same for every flow of the client")]


class KeepStep(_Step):
    """Writes to a list the client keeps across exercises, when the flow reaches its end. Exactly one of
    `add`, `replace`, `done`."""

    type: Literal["keep"]
    as_: KeptName = Field(alias="as")
    add: AnswerRef | None = Field(default=None, description="add this answer (a text, or each item of a list)")
    replace: AnswerRef | None = Field(default=None, description="the list becomes this answer's items")
    done: AnswerRef | None = Field(default=None, description="mark the item this answer names (its text) done")
    next: StepId | None = None

    @model_validator(mode="after")
    def _one_operation(self) -> KeepStep:
        used = [n for n in ("add", "replace", "done") if getattr(self, n) is not None]
        if len(used) != 1:
            raise ValueError(f"a keep step needs exactly one of add, replace, done; found {len(used)}")
        return self

    @property
    def operation(self) -> tuple[str, str]:
        """(add | replace | done, the answer it takes)."""
        name = next(n for n in ("add", "replace", "done") if getattr(self, n) is not None)
        return name, getattr(self, name)


class FollowUpStep(_Step):
    """The client picks a day and a time; when the flow completes, `flow` is set for them as their own
    homework then, reminded with `note`."""

    type: Literal["follow_up"]
    prompt: Text
    flow: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,39}$", description="the flow to do then")]
    note: Text | None = Field(default=None, description="said with the reminder")
    days: int = Field(default=7, ge=1, le=14, description="days offered, from today")
    optional: bool = Field(default=False, description="true: a 'no reminder' button")
    next: StepId | None = None


class EndStep(_Step):
    type: Literal["end"]
    outcome: Outcome = "completed"
    text: Text | None = None


Step = Annotated[
    MessageStep
    | TextStep
    | ChoiceStep
    | MultiChoiceStep
    | ScaleStep
    | ItemStep
    | TimerStep
    | BranchStep
    | GotoStep
    | CallStep
    | SetStep
    | SummaryStep
    | KeepStep
    | FollowUpStep
    | EndStep,
    Field(discriminator="type"),
]

INPUT_STEPS = (TextStep, ChoiceStep, MultiChoiceStep, ScaleStep, ItemStep, FollowUpStep)
STEP_TYPES: dict[str, type[_Step]] = {
    cls.model_fields["type"].annotation.__args__[0]: cls  # type: ignore[union-attr]
    for cls in (
        MessageStep, TextStep, ChoiceStep, MultiChoiceStep, ScaleStep, ItemStep, TimerStep,
        BranchStep, GotoStep, CallStep, SetStep, SummaryStep, KeepStep, FollowUpStep, EndStep,
    )
}


# --- the therapist's compact card --------------------------------------------------------------------

class CardAnswer(StrictModel):
    """An answer shown beside a card row's main answer, e.g. the belief in a balanced thought."""

    step: AnswerRef
    label: Text | None = Field(default=None, description="shown before the answer, e.g. `belief`")


class CardField(StrictModel):
    """One row of the card: an answer, under its step's label unless `label` is given."""

    step: AnswerRef
    label: Text | None = Field(default=None, description="default: the step's own label")
    with_: list[AnswerRef | CardAnswer] = Field(
        default_factory=list, alias="with", max_length=4,
        description="answers shown after the main one on the same row; a before-rating shows as before → after",
    )


CardItem = AnswerRef | CardField


# --- questionnaires ----------------------------------------------------------------------------------

class AnswerOption(StrictModel):
    """One of an answer set's options: what the client sees, and the number it scores."""

    score: int = Field(ge=-1000, le=1000)
    label: Text


class Band(StrictModel):
    """A severity band of a score: `min` to `max`, both included."""

    min: int
    max: int
    label: Text


class Score(StrictModel):
    """A sum of item (or scale) answers, with optional severity bands; a subscale names only some items."""

    id: StepId
    label: Text
    items: list[StepId] | None = Field(
        default=None, description="the `item` or `scale` steps summed; default: every `item` step of the flow"
    )
    bands: list[Band] = Field(default_factory=list, max_length=10,
                              description="in order, from the lowest score; together they cover every sum")
    reliable_change: int | None = Field(
        default=None, ge=1,
        description="a change of at least this many points between two administrations is pointed out",
    )


class KeptList(StrictModel):
    """A list this flow keeps for the client across exercises."""

    label: Text = Field(description="its name for the client and their therapist, e.g. `My goals`")


class Block(StrictModel):
    """A reusable sub-flow. Falling off its last step returns to the caller."""

    title: Text | None = None
    steps: list[Step] = Field(min_length=1)


class Flow(StrictModel):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,39}$")]
    version: int = Field(ge=1)
    title: Text
    description: Text
    category: Literal["reframing", "relaxation", "boundaries", "measures", "other"]
    languages: list[LangCode] = Field(min_length=1)
    estimated_minutes: int = Field(ge=1, le=180)
    source: str = Field(min_length=3, description="citation of the clinical structure this flow follows")
    params: dict[ParamRef, int] = Field(default_factory=dict, description="named numbers, e.g. timings")
    start: StepId | None = Field(default=None, description="first step; default: the first in `steps`")
    steps: list[Step] = Field(min_length=1)
    blocks: dict[StepId, Block] = Field(default_factory=dict)
    card: list[CardItem] | None = Field(
        default=None, min_length=1, max_length=12,
        description="the answers a therapist's compact card shows, in order (an answer id, or a mapping with "
        "`step`, `label` and `with`); default: the ratings and the first free-text answers",
    )
    offered_to: Literal["everyone", "linked", "unlinked"] = Field(
        default="everyone",
        description="who finds the flow in /practice: everyone, only clients linked to a therapist, or only "
        "clients with none (a therapist may assign any flow)",
    )
    answer_sets: dict[StepId, Annotated[list[AnswerOption], Field(min_length=2, max_length=10)]] = Field(
        default_factory=dict,
        description="named lists of answer options shared by `item` steps, each option with its score",
    )
    scores: list[Score] = Field(default_factory=list, max_length=8,
                                description="totals and subscales of the flow's items, with severity bands")
    keeps: dict[KeptName, KeptList] = Field(
        default_factory=dict, max_length=8,
        description="lists this flow keeps for the client (its `keep` steps write them); any flow may read them",
    )

    @property
    def start_step(self) -> str:
        return self.start or self.steps[0].id
