"""/mydata end to end below Telegram: an exercise stored the way the bot stores it, read back with
tx.privacy.everything_about and exported; the answers are in both files."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from pypdf import PdfReader

from bot.privacy import export_personal_json, export_personal_pdf
from bot.storage import NewTranscriptEntry, open_store
from tests.privacy.people import typed
from tests.therapist.scenarios import FLOWS, thought_record_ru_abandoned


async def test_a_stored_exercise_is_exported_with_every_answer(tmp_path: Path) -> None:
    client = thought_record_ru_abandoned()
    source = (FLOWS / "thought_record.yaml").read_text(encoding="utf-8")
    store = await open_store(f"sqlite:///{tmp_path / 'cbt.sqlite3'}")
    try:
        async with store.transaction() as tx:
            person = await tx.people.get_or_create(2**40 + 7)
            await tx.people.set_language(person.id, "ru")
            await tx.people.give_consent(person.id)
            version = await tx.flow_versions.ensure("thought_record", client.flow.version, source)
            row = await tx.sessions.start(person.id, version, client.session.to_json(), client.session.state)
            await tx.transcript.append(row.id, [
                NewTranscriptEntry(e.kind, e.at, e.step_id, e.raw, e.value) for e in client.entries
            ])
            await tx.sessions.save(row, state=client.session.to_json(), status="abandoned", current_step=None)
        async with store.transaction() as tx:
            data = await tx.privacy.everything_about(person.id)
    finally:
        await store.close()

    document = json.loads(export_personal_json(data))
    (exercise,) = document["exercises"]
    assert exercise["review"]["title"] == "Дневник мыслей"
    answers = [step["answer"] for step in exercise["review"]["steps"]]
    stored = [entry["raw"] for entry in exercise["transcript"]]
    pdf = PdfReader(io.BytesIO(export_personal_pdf(data, "ru")))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pdf.pages))
    words = typed(client)
    assert words
    for said in words:
        assert said in stored
        assert any(said in answer for answer in answers)
        assert re.sub(r"\s+", " ", said) in text
