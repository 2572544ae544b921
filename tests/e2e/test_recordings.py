"""A flow's recording over the Telegram stand-in: sent as a voice message (sendVoice, a multipart upload) the
first time, by its file_id after that; an operator's file of the same name in CBT_MEDIA_DIR replaces the
shipped one. The stand-in refuses what Telegram refuses."""

from __future__ import annotations

from pathlib import Path

import pytest
from telegram import Bot, InputFile
from telegram.error import BadRequest

from bot.engine import FlowEngine
from bot.flow_dirs import SHIPPED_FLOWS
from bot.flowspec import load_flow_file
from bot.media_dirs import SHIPPED_MEDIA
from tests.e2e.harness import MirroredClient, RunningBot, consent
from tests.support.telegram_api import TelegramStandIn
from tests.support.walker import explore

RECORDING = SHIPPED_MEDIA / "breathing_space.ogg"


async def _walk(tg: TelegramStandIn, user_id: int) -> None:
    flow = load_flow_file(SHIPPED_FLOWS / "breathing_space.yaml").flow
    assert flow is not None
    user = tg.user(user_id, f"Client {user_id}", language_code="en")
    await consent(user)
    client = MirroredClient(user, flow, "en")
    await client.open_from_catalogue()
    for event in explore(FlowEngine(flow), "en").ends["done"]:
        await client.act(event)
    assert client.session is not None and client.session.state == "done"


async def test_the_recording_is_uploaded_once_then_sent_by_its_file_id(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    await _walk(tg, 7_300_000_001)
    await _walk(tg, 7_300_000_002)
    first, second = tg.calls_to("sendVoice")
    assert first.params["voice"].content == RECORDING.read_bytes()  # the upload, byte for byte
    assert first.params["caption"] == "Three-minute breathing space"
    voices = [f for f in tg.files if f.file_path.startswith("voice/")]
    assert len(voices) == 1 and voices[0].duration == 6 and voices[0].mime_type == "audio/ogg"
    assert second.params["voice"] == voices[0].file_id


async def test_an_operator_recording_replaces_the_shipped_one(tg: TelegramStandIn, tmp_path: Path) -> None:
    media = tmp_path / "media"
    media.mkdir()
    own = RECORDING.read_bytes()[:-1] + b"\x00"  # another file, still Ogg/Opus at its start
    (media / "breathing_space.ogg").write_bytes(own)
    bot = RunningBot(tg, tmp_path / "bot.sqlite3", speed=200.0, extra_env={"CBT_MEDIA_DIR": str(media)})
    await bot.start()
    try:
        await _walk(tg, 7_300_000_003)
    finally:
        await bot.stop()
    (call,) = tg.calls_to("sendVoice")
    assert call.params["voice"].content == own


async def test_the_stand_in_refuses_a_voice_message_that_is_not_audio_and_an_ogg_audio_track(
    tg: TelegramStandIn,
) -> None:
    user = tg.user(7_300_000_009, "Vera")
    await user.send("/start")
    async with Bot(tg.token, base_url=tg.base_url, base_file_url=tg.base_file_url) as bot:
        with pytest.raises(BadRequest):
            await bot.send_voice(user.id, InputFile(b"not audio at all", filename="x.ogg"))
        with pytest.raises(BadRequest):
            await bot.send_audio(user.id, InputFile(RECORDING.read_bytes(), filename="x.ogg"))
        sent = await bot.send_voice(user.id, InputFile(RECORDING.read_bytes(), filename="x.ogg"))
        assert sent.voice is not None and sent.voice.duration.total_seconds() == 6  # type: ignore[union-attr]
        with pytest.raises(BadRequest):  # a voice message's file_id is not an audio track's
            await bot.send_audio(user.id, sent.voice.file_id)
