"""One update being handled: the transaction, the person, what came in and the language to answer in. Every
feature takes a Turn; none of them needs the Conversation that made it."""

from __future__ import annotations

from dataclasses import dataclass

from bot.conversation.messages import Incoming
from bot.storage import Person, UnitOfWork


@dataclass
class Turn:
    tx: UnitOfWork
    person: Person
    incoming: Incoming
    language: str

    @property
    def chat_id(self) -> int:
        return self.incoming.chat_id

    @property
    def at(self) -> float:
        return self.incoming.at
