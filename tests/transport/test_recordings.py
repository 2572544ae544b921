"""The sender's recordings against the Telegram stand-in: an upload, then the file_id; a file_id Telegram no
longer knows is uploaded again; a file gone from the media folders is sent as its title."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.conversation.deliveries import Deliveries
from bot.conversation.messages import SendRecording
from bot.media_dirs import SHIPPED_MEDIA
from bot.storage import open_store
from bot.transport.recordings import Recordings
from bot.transport.sender import Sender
from bot.transport.telegram_bot import CbtBot
from tests.support.telegram_api import TelegramStandIn

USER = 7_400_000_001


async def _sender(tg: TelegramStandIn, tmp_path: Path, media: Path) -> tuple[Sender, CbtBot]:
    store = await open_store(f"sqlite:///{tmp_path / 'bot.sqlite3'}")
    bot = CbtBot(tg.token, base_url=tg.base_url, base_file_url=tg.base_file_url)
    return Sender(bot, store, Deliveries(store), recordings=Recordings([media])), bot


async def test_uploaded_once_then_by_file_id_and_again_when_the_id_is_refused(tmp_path: Path) -> None:
    media = tmp_path / "media"
    media.mkdir()
    shutil.copy(SHIPPED_MEDIA / "breathing_space.ogg", media / "bell.ogg")
    reply = SendRecording(USER, "bell.ogg", "A bell", "voice")
    async with TelegramStandIn.start() as tg:
        user = tg.user(USER, "Ada")
        await user.send("/start")
        sender, bot = await _sender(tg, tmp_path, media)
        async with bot:
            await sender.deliver(USER, [reply, reply])
            first, second = tg.calls_to("sendVoice")
            assert not isinstance(first.params["voice"], str) and isinstance(second.params["voice"], str)
            assert sender.recordings.uploads == 1
            tg.fail_next("sendVoice", status=400, description="Bad Request: wrong file identifier/HTTP URL specified")
            await sender.deliver(USER, [reply])
            *_, refused, again = tg.calls_to("sendVoice")
            assert refused.status == 400 and not isinstance(again.params["voice"], str)
            assert sender.recordings.uploads == 2
            assert [m.caption for m in user.messages if m.voice is not None] == ["A bell"] * 3
        await sender.storage.close()


async def test_a_recording_gone_from_the_folder_is_sent_as_its_title(tmp_path: Path) -> None:
    async with TelegramStandIn.start() as tg:
        user = tg.user(USER, "Ada")
        await user.send("/start")
        sender, bot = await _sender(tg, tmp_path, tmp_path)
        async with bot:
            await sender.deliver(USER, [SendRecording(USER, "gone.ogg", "Breathing <space>", "voice")])
        await sender.storage.close()
        assert tg.calls_to("sendVoice") == []
        (message,) = [m for m in user.messages if m.from_bot]
        assert message.text == "🎧 Breathing <space>"
