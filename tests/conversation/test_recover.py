"""After a restart: which sessions get their question again, read a page at a time."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

from bot.conversation.flow_library import FlowLibrary
from bot.conversation.messages import ButtonPress, Command, Incoming, Payload, Reply, Send
from bot.conversation.service import Conversation
from bot.flow_dirs import SHIPPED_FLOWS
from bot.storage import open_store

_ids = itertools.count(1)


async def _say(conversation: Conversation, user_id: int, payload: Payload) -> list[Reply]:
    return await conversation.handle(Incoming(next(_ids), user_id, user_id, "en", time.time(), payload))


def _press(replies: list[Reply], label_start: str) -> ButtonPress:
    sent = [r for r in replies if isinstance(r, Send)][-1]
    data = next(b.data for row in sent.keyboard for b in row if b.label.startswith(label_start))
    return ButtonPress("cb", data, 1)


async def _open_thought_record(conversation: Conversation, user_id: int) -> Send:
    """Consents, opens the thought record; returns its first question (not yet marked delivered)."""
    welcome = await _say(conversation, user_id, Command("start"))
    await _say(conversation, user_id, _press(welcome, ""))  # its first button: consent
    catalogue = await _say(conversation, user_id, Command("practice"))
    opened = await _say(conversation, user_id, _press(catalogue, "Thought record"))
    return [r for r in opened if isinstance(r, Send) and r.confirms_seq][-1]


async def test_only_undelivered_questions_are_repeated_across_pages(tmp_path: Path) -> None:
    store = await open_store(f"sqlite:///{tmp_path / 'cbt.sqlite3'}")
    conversation = Conversation(store, FlowLibrary.from_dirs([SHIPPED_FLOWS]), bot_id=1)
    questions = {user_id: await _open_thought_record(conversation, user_id) for user_id in (101, 102, 103, 104)}
    for user_id in (101, 103):  # these two reached their clients; the marks are written
        assert questions[user_id].confirms_seq is not None
        conversation.deliveries.confirm(*questions[user_id].confirms_seq)
    await conversation.deliveries.save()
    assert questions[104].confirms_seq is not None
    conversation.deliveries.confirm(*questions[104].confirms_seq)  # reached, mark not yet written

    found = await conversation.recover(time.time(), page=1)  # four pages of one

    assert [user_id for user_id, _, _ in found] == [102]
    _, chat_id, replies = found[0]
    texts = [r.text for r in replies if isinstance(r, Send)]
    assert chat_id == 102 and "may not have reached you" in texts[0] and texts[1] == questions[102].text
    await store.close()
