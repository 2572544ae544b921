"""Runs flows: events in, effects out. No Telegram, no database, no clock."""

from bot.engine.effects import (
    AnswerRecorded,
    AnswersDropped,
    Ask,
    Button,
    Effect,
    Ended,
    Paused,
    PlayAudio,
    Say,
    SosRequested,
    TimerPhase,
    TimerProgress,
    TimerStarted,
)
from bot.engine.engine import FlowEngine
from bot.engine.events import ActionChosen, CommandIssued, Event, OptionChosen, TextEntered, TimerTick
from bot.engine.session import Session

__all__ = [
    "ActionChosen",
    "AnswerRecorded",
    "AnswersDropped",
    "Ask",
    "Button",
    "CommandIssued",
    "Effect",
    "Ended",
    "Event",
    "FlowEngine",
    "OptionChosen",
    "Paused",
    "PlayAudio",
    "Say",
    "Session",
    "SosRequested",
    "TextEntered",
    "TimerPhase",
    "TimerProgress",
    "TimerStarted",
    "TimerTick",
]
