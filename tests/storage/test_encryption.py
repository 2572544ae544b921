"""Encryption at rest: answers and notes are sealed in the database with a key kept outside it (crypto.py).

The database tests run on every backend; the raw dumps read the tables with plain SQL (and, on SQLite, the
file's bytes), so they see what an attacker with a copy of the database would see."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import stat
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.types import TypeDecorator

from bot.cli import main
from bot.engine.kept import KeptChange
from bot.storage import (
    DecryptionError,
    Keyring,
    NewTranscriptEntry,
    StorageConfigError,
    Store,
    encryption_warning,
    generate_key,
    open_store,
    upgrade,
)
from bot.storage.crypto import (
    ESCAPED_PLAINTEXT,
    KEY_ENV,
    KEY_FILE_ENV,
    OLD_KEYS_ENV,
    Cipher,
    EncryptedText,
    encrypted_columns,
    key_id,
    parse_key,
    seal,
    stored_key_id,
    unseal,
)
from bot.storage.engine import create_engine
from bot.storage.schema import metadata
from bot.storage.store import Rotation, _by_table, _reencrypt_row
from bot.storage.urls import parse_url, sqlite_path
from tests.storage.backends import Backend, FakeClock
from tests.storage.therapy import assign, linked_pair

# Distinctive words that must never be found in the database in plain text.
ANSWER = "Zq7-sentinel-answer: I am a total failure at work"
RAW = "Zq7-sentinel-raw: everyone at the party laughed at me"
NOTE = "Zq7-sentinel-note: три записи до пятницы"
DIALOG = "Zq7-sentinel-dialog: dear therapist"
NAME = "Zq7-sentinel-name Maria K."
SENTINELS = (ANSWER, RAW, NOTE, DIALOG)
MARK = "Zq7-sentinel"
AT = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)

KEY_A = generate_key()
KEY_B = generate_key()
ID_A = key_id(parse_key(KEY_A, "A"))
ID_B = key_id(parse_key(KEY_B, "B"))
ENCRYPTED = [
    ("assignments", "note"),
    ("dialogs", "state"),
    ("homework_templates", "note"),
    ("invites", "client_name"),
    ("kept_lists", "items"),
    ("links", "client_name"),
    ("people", "first_name"),
    ("sessions", "state"),
    ("therapist_notes", "text"),
    ("transcript", "raw"),
    ("transcript", "value"),
]
STORED = re.compile(r"enc:v1:[0-9a-f]{8}:[A-Za-z0-9_-]+={0,2}")


def keyring(current: str, *old: str) -> Keyring:
    return Keyring.from_keys(current, old)


# --- the cipher and the keyring ------------------------------------------------------------------------


class TestCipher:
    def test_round_trip_with_a_random_nonce_and_no_trace_of_key_or_text(self) -> None:
        key = parse_key(KEY_A, "k")
        cipher = Cipher(key)
        first = cipher.encrypt(ANSWER, "sessions.state")
        second = cipher.encrypt(ANSWER, "sessions.state")
        assert first != second  # a new nonce every time
        for stored in (first, second):
            assert STORED.fullmatch(stored)
            assert stored.startswith(f"enc:v1:{ID_A}:")
            assert MARK not in stored
            assert KEY_A not in stored and KEY_A.rstrip("=") not in stored
            assert cipher.decrypt(stored, "sessions.state") == ANSWER
        assert ID_A not in repr(cipher) or repr(cipher) == f"Cipher(key_id={ID_A!r})"
        assert KEY_A not in repr(cipher)

    def test_unicode_and_empty_text(self) -> None:
        cipher = Cipher(parse_key(KEY_A, "k"))
        for value in ("", "Я чувствую тревогу 😟", "x" * 100_000):
            assert cipher.decrypt(cipher.encrypt(value, "transcript.raw"), "transcript.raw") == value

    def test_a_flipped_byte_is_detected(self) -> None:
        cipher = Cipher(parse_key(KEY_A, "k"))
        stored = cipher.encrypt(ANSWER, "transcript.raw")
        prefix, payload = stored.rsplit(":", 1)
        data = bytearray(base64.urlsafe_b64decode(payload))
        for position in (0, 12, len(data) // 2, len(data) - 1):  # nonce, ciphertext, tag
            tampered = bytearray(data)
            tampered[position] ^= 0x01
            forged = f"{prefix}:{base64.urlsafe_b64encode(bytes(tampered)).decode()}"
            with pytest.raises(DecryptionError, match=r"transcript\.raw.*integrity check"):
                cipher.decrypt(forged, "transcript.raw")

    def test_truncated_and_malformed_values_are_refused(self) -> None:
        cipher = Cipher(parse_key(KEY_A, "k"))
        stored = cipher.encrypt(ANSWER, "transcript.raw")
        with pytest.raises(DecryptionError, match="truncated or malformed"):
            cipher.decrypt(stored[:30], "transcript.raw")
        with pytest.raises(DecryptionError, match="malformed"):
            cipher.decrypt(f"enc:v1:{ID_A}:not base64!", "transcript.raw")

    def test_a_value_moved_to_another_column_does_not_open(self) -> None:
        cipher = Cipher(parse_key(KEY_A, "k"))
        stored = cipher.encrypt(ANSWER, "transcript.raw")
        with pytest.raises(DecryptionError, match=r"transcript\.value.*moved from another column"):
            cipher.decrypt(stored, "transcript.value")

    def test_a_key_of_the_wrong_size_is_refused(self) -> None:
        with pytest.raises(ValueError, match="32 bytes"):
            Cipher(b"short")


class TestKeys:
    def test_generated_keys_are_32_random_bytes_in_urlsafe_base64(self) -> None:
        keys = {generate_key() for _ in range(20)}
        assert len(keys) == 20
        for key in keys:
            assert re.fullmatch(r"[A-Za-z0-9_-]{43}=", key)
            assert len(parse_key(key, "k")) == 32

    def test_the_key_id_is_a_short_hash_never_the_key(self) -> None:
        raw = parse_key(KEY_A, "k")
        assert re.fullmatch(r"[0-9a-f]{8}", ID_A)
        assert ID_A not in (KEY_A, raw.hex())
        assert ID_A != ID_B

    def test_standard_base64_and_missing_padding_are_accepted(self) -> None:
        raw = parse_key(KEY_A, "k")
        standard = base64.b64encode(raw).decode()
        assert parse_key(standard, "k") == raw
        assert parse_key(KEY_A.rstrip("="), "k") == raw
        assert parse_key(f"  {KEY_A}\n", "k") == raw

    @pytest.mark.parametrize("bad", ["", "secret", KEY_A[:-5], KEY_A + "AAAA", KEY_A[:-2] + "!="])
    def test_a_malformed_key_is_one_clear_line_that_does_not_echo_it(self, bad: str) -> None:
        with pytest.raises(StorageConfigError, match=r"CBT_ENCRYPTION_KEY is not a valid encryption key") as info:
            parse_key(bad, KEY_ENV)
        message = str(info.value)
        assert "\n" not in message
        assert "cbt-bot keys generate" in message
        if bad:
            assert bad not in message

    def test_the_keyring_writes_with_the_current_key_and_reads_old_ones(self) -> None:
        old_only = keyring(KEY_A)
        rotated = keyring(KEY_B, KEY_A)
        under_a = old_only.encrypt(ANSWER, "sessions.state")
        assert rotated.decrypt(under_a, "sessions.state") == ANSWER
        under_b = rotated.encrypt(ANSWER, "sessions.state")
        assert stored_key_id(under_b) == ID_B == rotated.current_id
        assert rotated.key_ids == (ID_B, ID_A)
        with pytest.raises(DecryptionError, match=rf"key {ID_B}, which is not configured.*{OLD_KEYS_ENV}"):
            old_only.decrypt(under_b, "sessions.state")

    def test_repeated_keys_are_folded_and_nothing_secret_is_in_repr(self) -> None:
        ring = keyring(KEY_B, KEY_A, KEY_B, KEY_A)
        assert ring.key_ids == (ID_B, ID_A)
        assert repr(ring) == f"Keyring(current={ID_B!r}, old=[{ID_A!r}])"
        assert KEY_A not in repr(ring) and KEY_B not in repr(ring)


class TestFromEnvironment:
    def test_nothing_set_means_no_keyring_and_a_clear_warning(self) -> None:
        assert Keyring.from_environment({}) is None
        assert Keyring.from_environment({KEY_ENV: "  "}) is None
        warning = encryption_warning(None)
        assert warning is not None
        assert "PLAIN TEXT" in warning and KEY_ENV in warning and "cbt-bot keys generate" in warning
        assert "\n" not in warning

    def test_the_key_from_the_environment(self) -> None:
        ring = Keyring.from_environment({KEY_ENV: KEY_A})
        assert ring is not None
        assert ring.key_ids == (ID_A,)
        assert encryption_warning(ring) is None

    def test_old_keys_comma_separated(self) -> None:
        ring = Keyring.from_environment({KEY_ENV: KEY_B, OLD_KEYS_ENV: f" {KEY_A} ,, {generate_key()}"})
        assert ring is not None
        assert ring.current_id == ID_B
        assert len(ring.key_ids) == 3 and ring.key_ids[1] == ID_A

    def test_a_malformed_old_key_is_named_by_position(self) -> None:
        with pytest.raises(StorageConfigError, match=rf"key 2 in {OLD_KEYS_ENV} is not a valid"):
            Keyring.from_environment({KEY_ENV: KEY_B, OLD_KEYS_ENV: f"{KEY_A},oops"})

    def test_old_keys_without_a_current_key_are_refused(self) -> None:
        with pytest.raises(StorageConfigError, match="no current key"):
            Keyring.from_environment({OLD_KEYS_ENV: KEY_A})

    def test_the_key_from_a_secret_file(self, tmp_path: Path) -> None:
        secret = tmp_path / "cbt.key"
        secret.write_text(KEY_A + "\n")
        secret.chmod(0o600)
        ring = Keyring.from_environment({KEY_FILE_ENV: str(secret)})
        assert ring is not None
        assert ring.key_ids == (ID_A,)
        assert encryption_warning(ring) is None

    @pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
    def test_a_key_file_others_can_read_is_warned_about(self, tmp_path: Path) -> None:
        secret = tmp_path / "cbt.key"
        secret.write_text(KEY_A)
        secret.chmod(0o644)
        ring = Keyring.from_environment({KEY_FILE_ENV: str(secret)})
        assert ring is not None
        warning = encryption_warning(ring)
        assert warning is not None
        assert str(secret) in warning and "0644" in warning and "chmod 600" in warning
        assert KEY_A not in warning

    def test_a_missing_or_bad_key_file_is_one_clear_line(self, tmp_path: Path) -> None:
        missing = tmp_path / "nope.key"
        with pytest.raises(StorageConfigError, match=rf"{KEY_FILE_ENV}: cannot read the key file .*nope\.key"):
            Keyring.from_environment({KEY_FILE_ENV: str(missing)})
        bad = tmp_path / "bad.key"
        bad.write_text("not a key")
        with pytest.raises(StorageConfigError, match=r"the key in .*bad\.key is not a valid encryption key"):
            Keyring.from_environment({KEY_FILE_ENV: str(bad)})

    def test_a_key_and_a_key_file_together_are_refused(self, tmp_path: Path) -> None:
        secret = tmp_path / "cbt.key"
        secret.write_text(KEY_A)
        with pytest.raises(StorageConfigError, match="set only one"):
            Keyring.from_environment({KEY_ENV: KEY_A, KEY_FILE_ENV: str(secret)})


class TestStoredForm:
    def test_without_a_keyring_values_are_plaintext(self) -> None:
        assert seal(ANSWER, "transcript.raw", None) == ANSWER
        assert unseal(ANSWER, "transcript.raw", None) == ANSWER
        assert unseal(ANSWER, "transcript.raw", keyring(KEY_A)) == ANSWER  # a legacy row

    def test_plaintext_that_looks_encrypted_is_escaped(self) -> None:
        lookalike = f"enc:v1:{ID_A}:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
        for value in (lookalike, "enc:", "enc:plain:x"):
            stored = seal(value, "transcript.raw", None)
            assert stored == ESCAPED_PLAINTEXT + value
            assert stored_key_id(stored) is None
            assert unseal(stored, "transcript.raw", None) == value
            assert unseal(stored, "transcript.raw", keyring(KEY_A)) == value

    def test_an_encrypted_value_without_a_keyring_names_its_key(self) -> None:
        stored = seal(ANSWER, "transcript.raw", keyring(KEY_A))
        with pytest.raises(DecryptionError, match=rf"encrypted with key {ID_A}, but no encryption key"):
            unseal(stored, "transcript.raw", None)

    def test_a_newer_format_is_not_taken_for_plaintext(self) -> None:
        with pytest.raises(DecryptionError, match="newer format"):
            unseal("enc:v2:abcdef12:AAAA", "transcript.raw", keyring(KEY_A))

    def test_the_encrypted_columns_are_the_ones_with_a_persons_words(self) -> None:
        assert encrypted_columns(metadata) == ENCRYPTED
        for table_name, column_name in ENCRYPTED:
            column_type = metadata.tables[table_name].c[column_name].type
            assert isinstance(column_type, EncryptedText)
            assert column_type.column == f"{table_name}.{column_name}"  # the associated data names its column
        others = [
            f"{table.name}.{column.name}" for table in metadata.tables.values() for column in table.columns
            if isinstance(column.type, TypeDecorator) and not isinstance(column.type, EncryptedText)
            and "Text" in type(column.type).__name__
        ]
        assert others == []


# --- in the database ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Written:
    therapist_id: int
    person_id: int
    session_id: int
    assignment_id: int


async def _migrated(backend: Backend) -> None:
    await asyncio.to_thread(upgrade, backend.url)


@asynccontextmanager
async def _opened(backend: Backend, ring: Keyring | None, clock: FakeClock) -> AsyncIterator[Store]:
    store = await open_store(backend.url, clock=clock, keyring=ring)
    try:
        yield store
    finally:
        await store.close()


async def _write_everything(store: Store, telegram_id: int = 1001, tag: str = "") -> Written:
    """A session with a sentinel answer in its state and transcript, a dialog, and an assignment note."""
    therapist_id, client_id = await linked_pair(store, 5_000_000_000 + telegram_id, telegram_id)
    async with store.transaction() as tx:
        version = await tx.flow_versions.ensure("thought_record", 1, "id: thought_record\nversion: 1\n")
        session = await tx.sessions.start(client_id, version, json.dumps({"answers": {}}), "situation")
        session = await tx.sessions.save(
            session, state=json.dumps({"answers": {"situation": ANSWER + tag}}, ensure_ascii=False),
            status="active", current_step="thought",
        )
        await tx.transcript.append(session.id, [
            NewTranscriptEntry(kind="prompt", at=AT, step_id="situation"),
            NewTranscriptEntry(kind="answer", at=AT, step_id="situation", raw=RAW + tag,
                               value={"text": ANSWER + tag, "rating": 7}),
        ])
        await tx.dialogs.put(therapist_id, "assign", {"draft_note": DIALOG + tag})
    assignment, _ = await assign(store, therapist_id, client_id, date(2026, 1, 5), note=NOTE + tag)
    async with store.transaction() as tx:
        await tx.templates.save(therapist_id, "thought_record", "once", 1, 0, time(20, 0), NOTE + tag)
        await tx.notes.add(therapist_id, client_id, NOTE + tag, session.id)
        await tx.kept.apply(client_id, KeptChange("goals", "add", (ANSWER + tag,)), "smart_goal")
        await tx.people.note_first_name(client_id, NAME + tag)  # the client's Telegram first name
        await tx.links.set_client_name(therapist_id, client_id, NAME + tag)  # the therapist's name for them
        await tx.invites.create("client", therapist_id, timedelta(days=7), NAME + tag)  # an invitation for a name
    return Written(therapist_id, client_id, session.id, assignment.id)


async def _read_everything(store: Store, written: Written, tag: str = "") -> None:
    async with store.transaction() as tx:
        session = await tx.sessions.get(written.session_id)
        assert session is not None
        assert json.loads(session.state) == {"answers": {"situation": ANSWER + tag}}
        entries = await tx.transcript.for_session(written.session_id)
        assert [(e.raw, e.value) for e in entries] == [
            (None, None), (RAW + tag, {"text": ANSWER + tag, "rating": 7})
        ]
        assignment = await tx.homework.get_assignment(written.assignment_id)
        assert assignment is not None and assignment.note == NOTE + tag
        dialog = await tx.dialogs.get(written.therapist_id)
        assert dialog is not None and dialog.state == {"draft_note": DIALOG + tag}
        templates = await tx.templates.for_therapist(written.therapist_id)
        assert [t.note for t in templates] == [NOTE + tag]
        notes = await tx.notes.for_session(written.therapist_id, written.session_id)
        assert [n.text for n in notes] == [NOTE + tag]
        client = await tx.people.get(written.person_id)
        assert client is not None and client.first_name == NAME + tag
        assert await tx.links.client_names(written.therapist_id) == {written.person_id: NAME + tag}


async def _dump(backend: Backend) -> list[tuple[str, str, str]]:
    """Every text value of every table, read with plain SQL: (table, column, value)."""
    engine = create_engine(backend.url)
    values: list[tuple[str, str, str]] = []
    try:
        async with engine.connect() as connection:
            tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
            for table_name in tables:
                result = await connection.execute(text(f'SELECT * FROM "{table_name}"'))
                names = list(result.keys())
                for row in result:
                    values.extend((table_name, names[i], str(v)) for i, v in enumerate(row) if v is not None)
    finally:
        await engine.dispose()
    return values


def _sqlite_bytes(backend: Backend) -> bytes:
    """The SQLite database file and its write-ahead log, as they are on disk."""
    path = sqlite_path(parse_url(backend.url))
    assert path is not None
    return b"".join(p.read_bytes() for p in sorted(path.parent.glob(path.name + "*")))


async def _raw_value(backend: Backend, table_name: str, column_name: str, where: str = "1=1") -> str:
    engine = create_engine(backend.url)
    try:
        async with engine.connect() as connection:
            value = await connection.scalar(
                text(f"SELECT {column_name} FROM {table_name} WHERE {where} AND {column_name} IS NOT NULL")
            )
    finally:
        await engine.dispose()
    assert isinstance(value, str)
    return value


async def _set_raw(backend: Backend, table_name: str, column_name: str, value: str, where: str = "1=1") -> None:
    engine = create_engine(backend.url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text(f"UPDATE {table_name} SET {column_name} = :v WHERE {where}"), {"v": value}
            )
    finally:
        await engine.dispose()


def _secret_forms(key: str) -> list[str]:
    raw = parse_key(key, "k")
    return [key.rstrip("="), base64.b64encode(raw).decode().rstrip("="), raw.hex()]


class TestInTheDatabase:
    async def test_round_trip_through_the_repositories(self, backend: Backend, clock: FakeClock) -> None:
        await _migrated(backend)
        async with _opened(backend, keyring(KEY_A), clock) as store:
            written = await _write_everything(store)
            await _read_everything(store, written)
            clock.advance(timedelta(hours=1))
            async with store.transaction() as tx:  # the note also comes through the reminder query's join
                reminders = await tx.homework.claim_due_reminders(10, timedelta(minutes=5))
            assert [r.note for r in reminders] == [NOTE]
        async with _opened(backend, keyring(KEY_A), clock) as store:  # and after a restart
            await _read_everything(store, written)

    async def test_a_raw_dump_holds_no_answer_note_or_key(self, backend: Backend, clock: FakeClock) -> None:
        await _migrated(backend)
        async with _opened(backend, keyring(KEY_A), clock) as store:
            await _write_everything(store)
            if backend.name == "sqlite":
                on_disk = _sqlite_bytes(backend)  # the write-ahead log included
                assert MARK.encode() not in on_disk
                assert all(form.encode() not in on_disk for form in _secret_forms(KEY_A))
        dump = await _dump(backend)
        assert not [(t, c) for t, c, v in dump if MARK in v]
        for form in _secret_forms(KEY_A):
            assert not [(t, c) for t, c, v in dump if form in v]
        encrypted = {(t, c) for t, c, v in dump if STORED.fullmatch(v)}
        assert encrypted == set(ENCRYPTED)
        assert {stored_key_id(v) for t, c, v in dump if (t, c) in encrypted} == {ID_A}
        if backend.name == "sqlite":
            on_disk = _sqlite_bytes(backend)
            assert MARK.encode() not in on_disk
            assert all(form.encode() not in on_disk for form in _secret_forms(KEY_A))

    async def test_without_a_key_the_values_are_plaintext(self, backend: Backend, clock: FakeClock) -> None:
        await _migrated(backend)  # the legacy behaviour, and what the warning is about
        async with _opened(backend, None, clock) as store:
            written = await _write_everything(store)
            await _read_everything(store, written)
            await store.check_keys()
        dump = await _dump(backend)
        assert {(t, c) for t, c, v in dump if MARK in v} == set(ENCRYPTED)

    async def test_a_missing_or_wrong_key_is_a_clear_error(self, backend: Backend, clock: FakeClock) -> None:
        await _migrated(backend)
        async with _opened(backend, keyring(KEY_A), clock) as store:
            written = await _write_everything(store)
            await store.check_keys()
        async with _opened(backend, None, clock) as store:
            with pytest.raises(StorageConfigError, match=rf"encrypted with key {ID_A} .*no encryption key"):
                await store.check_keys()
            with pytest.raises(DecryptionError, match=rf"sessions\.state is encrypted with key {ID_A}, but no"):
                async with store.transaction() as tx:
                    await tx.sessions.get(written.session_id)
        async with _opened(backend, keyring(KEY_B), clock) as store:
            with pytest.raises(StorageConfigError, match=rf"key {ID_A} .*not among the configured keys \({ID_B}\)"):
                await store.check_keys()
            with pytest.raises(DecryptionError, match=rf"transcript\.raw is encrypted with key {ID_A}, which is not"):
                async with store.transaction() as tx:
                    await tx.transcript.for_session(written.session_id)
            with pytest.raises(DecryptionError, match=rf"assignments\.note is encrypted with key {ID_A}"):
                async with store.transaction() as tx:
                    await tx.homework.get_assignment(written.assignment_id)

    async def test_a_tampered_value_is_detected(self, backend: Backend, clock: FakeClock) -> None:
        await _migrated(backend)
        async with _opened(backend, keyring(KEY_A), clock) as store:
            written = await _write_everything(store)
        stored = await _raw_value(backend, "sessions", "state", f"id = {written.session_id}")
        prefix, payload = stored.rsplit(":", 1)
        data = bytearray(base64.urlsafe_b64decode(payload))
        data[20] ^= 0x80
        await _set_raw(backend, "sessions", "state", f"{prefix}:{base64.urlsafe_b64encode(bytes(data)).decode()}",
                       f"id = {written.session_id}")
        async with _opened(backend, keyring(KEY_A), clock) as store:
            with pytest.raises(DecryptionError, match=r"sessions\.state .*integrity check"):
                async with store.transaction() as tx:
                    await tx.sessions.get(written.session_id)

    async def test_a_value_moved_to_another_column_is_detected(self, backend: Backend, clock: FakeClock) -> None:
        await _migrated(backend)
        async with _opened(backend, keyring(KEY_A), clock) as store:
            written = await _write_everything(store)
        raw = await _raw_value(backend, "transcript", "raw")
        await _set_raw(backend, "transcript", "value", raw, "raw IS NOT NULL")
        note = await _raw_value(backend, "assignments", "note")
        await _set_raw(backend, "sessions", "state", note)
        async with _opened(backend, keyring(KEY_A), clock) as store:
            with pytest.raises(DecryptionError, match=r"transcript\.value .*moved from another column"):
                async with store.transaction() as tx:
                    await tx.transcript.for_session(written.session_id)
            with pytest.raises(DecryptionError, match=r"sessions\.state .*moved from another column"):
                async with store.transaction() as tx:
                    await tx.sessions.get(written.session_id)

    async def test_rotation_moves_every_value_to_the_new_key(self, backend: Backend, clock: FakeClock) -> None:
        await _migrated(backend)
        async with _opened(backend, None, clock) as store:
            legacy = await _write_everything(store, 1001, " (legacy)")
        async with _opened(backend, keyring(KEY_A), clock) as store:
            written = await _write_everything(store, 1002)
            await _read_everything(store, legacy, " (legacy)")  # plaintext rows read as they are
            assert await store.key_usage() == {f"{t}.{c}": {None: 1, ID_A: 1} for t, c in ENCRYPTED}
        async with _opened(backend, keyring(KEY_B, KEY_A), clock) as store:
            done = await store.reencrypt(batch_size=1)  # one row per transaction: the batching is exercised
            assert {name: (r.encrypted, r.reencrypted, r.changed_meanwhile) for name, r in done.items()} == {
                f"{t}.{c}": (1, 1, 0) for t, c in ENCRYPTED
            }
            assert await store.key_usage() == {f"{t}.{c}": {ID_B: 2} for t, c in ENCRYPTED}
            again = await store.reencrypt()  # harmless: nothing is left to do
            assert {(r.encrypted, r.reencrypted) for r in again.values()} == {(0, 0)}
        async with _opened(backend, keyring(KEY_B), clock) as store:  # the old key is no longer needed
            await store.check_keys()
            await _read_everything(store, written)
            await _read_everything(store, legacy, " (legacy)")
        async with _opened(backend, keyring(KEY_A), clock) as store:
            with pytest.raises(DecryptionError, match=rf"encrypted with key {ID_B}"):
                await _read_everything(store, written)
        dump = await _dump(backend)
        assert not [(t, c) for t, c, v in dump if MARK in v]
        assert {stored_key_id(v) for t, c, v in dump if (t, c) in set(ENCRYPTED)} == {ID_B}

    async def test_rotation_leaves_alone_a_value_changed_since_it_was_read(
        self, backend: Backend, clock: FakeClock
    ) -> None:
        await _migrated(backend)
        async with _opened(backend, keyring(KEY_A), clock) as store:
            written = await _write_everything(store)
            read_by_rotation = await _raw_value(backend, "sessions", "state", f"id = {written.session_id}")
            async with store.transaction() as tx:  # the bot saves the session in between
                session = await tx.sessions.get(written.session_id)
                assert session is not None
                await tx.sessions.save(session, state='{"answers":{}}', status="active", current_step="x")
            saved = await _raw_value(backend, "sessions", "state", f"id = {written.session_id}")
        (sessions,) = [targets for name, targets in _by_table().items() if name == "sessions"]
        done = {target.name: Rotation() for target in sessions}
        async with _opened(backend, keyring(KEY_B, KEY_A), clock) as store, store.engine.begin() as connection:
            await _reencrypt_row(connection, keyring(KEY_B, KEY_A), sessions, written.session_id,
                                 [read_by_rotation], done)
        assert done["sessions.state"] == Rotation(changed_meanwhile=1)
        assert await _raw_value(backend, "sessions", "state", f"id = {written.session_id}") == saved

    async def test_rotation_needs_a_key(self, backend: Backend, clock: FakeClock) -> None:
        await _migrated(backend)
        async with _opened(backend, None, clock) as store:
            with pytest.raises(StorageConfigError, match="No encryption key is configured"):
                await store.reencrypt()

    async def test_rotation_stops_at_a_value_it_cannot_open(self, backend: Backend, clock: FakeClock) -> None:
        await _migrated(backend)
        async with _opened(backend, keyring(KEY_A), clock) as store:
            written = await _write_everything(store)
        async with _opened(backend, keyring(KEY_B), clock) as store:
            with pytest.raises(DecryptionError, match=rf"key {ID_A}, which is not configured.*\(row id="):
                await store.reencrypt()
        async with _opened(backend, keyring(KEY_A), clock) as store:  # nothing was lost
            await _read_everything(store, written)

    async def test_two_stores_with_different_keys_do_not_interfere(self, backend: Backend, clock: FakeClock) -> None:
        await _migrated(backend)
        async with (
            _opened(backend, keyring(KEY_A), clock) as store_a,
            _opened(backend, keyring(KEY_B), clock) as store_b,
            _opened(backend, None, clock) as plain,
        ):
            written_a = await _write_everything(store_a, 1001, " A")
            written_b = await _write_everything(store_b, 1002, " B")
            written_plain = await _write_everything(plain, 1003, " plain")
            await asyncio.gather(
                _read_everything(store_a, written_a, " A"),
                _read_everything(store_b, written_b, " B"),
                _read_everything(plain, written_plain, " plain"),
                _read_everything(store_a, written_plain, " plain"),
            )
            with pytest.raises(DecryptionError, match=rf"key {ID_B}, which is not configured"):
                async with store_a.transaction() as tx:
                    await tx.sessions.get(written_b.session_id)
            with pytest.raises(DecryptionError, match=rf"key {ID_A}, but no encryption key"):
                async with plain.transaction() as tx:
                    await tx.sessions.get(written_a.session_id)
        states = {
            session_id: await _raw_value(backend, "sessions", "state", f"id = {session_id}")
            for session_id in (written_a.session_id, written_b.session_id, written_plain.session_id)
        }
        assert stored_key_id(states[written_a.session_id]) == ID_A
        assert stored_key_id(states[written_b.session_id]) == ID_B
        assert ANSWER + " plain" in states[written_plain.session_id]


# --- the CLI ---------------------------------------------------------------------------------------------


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """A working directory without a .env, and no key in the environment."""
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    for name in (KEY_ENV, KEY_FILE_ENV, OLD_KEYS_ENV, "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


async def _cli(*argv: str) -> int:
    return await asyncio.to_thread(main, list(argv))  # the CLI runs its own event loop


class TestCli:
    def test_generate_prints_a_new_key(self, cli_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["keys", "generate"]) == 0
        out, err = capsys.readouterr()
        key = out.strip()
        assert len(parse_key(key, "k")) == 32
        assert f"key id {key_id(parse_key(key, 'k'))}" in err
        assert KEY_FILE_ENV in err

    @pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
    def test_generate_into_a_file_only_its_owner_reads(
        self, cli_env: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        secret = tmp_path / "cbt.key"
        assert main(["keys", "generate", "--output", str(secret)]) == 0
        assert stat.S_IMODE(secret.stat().st_mode) == 0o600
        ring = Keyring.from_environment({KEY_FILE_ENV: str(secret)})
        assert ring is not None and encryption_warning(ring) is None
        assert ring.current_id in capsys.readouterr().err
        assert main(["keys", "generate", "--output", str(secret)]) == 1  # never overwrites a key
        assert "cannot create" in capsys.readouterr().err
        assert Keyring.from_environment({KEY_FILE_ENV: str(secret)}).key_ids == ring.key_ids  # type: ignore[union-attr]

    async def test_status_and_rotate(
        self, backend: Backend, clock: FakeClock, cli_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        await _migrated(backend)
        async with _opened(backend, None, clock) as store:
            legacy = await _write_everything(store, 1001, " (legacy)")
        async with _opened(backend, keyring(KEY_A), clock) as store:
            written = await _write_everything(store, 1002)
        cli_env.setenv("DATABASE_URL", backend.url)

        assert await _cli("keys", "status") == 0  # no key needed to count
        out = capsys.readouterr().out
        assert "no key configured" in out
        assert re.search(rf"sessions\.state\s+key {ID_A} \(NOT CONFIGURED\)\s+1\n", out)
        assert re.search(r"sessions\.state\s+plain text\s+1\n", out)
        assert f"total: {len(ENCRYPTED)} plain text, {len(ENCRYPTED)} key {ID_A} (NOT CONFIGURED)" in out

        assert await _cli("keys", "rotate") == 2
        assert "no key configured" in capsys.readouterr().err

        cli_env.setenv(KEY_ENV, KEY_B)
        assert await _cli("keys", "rotate") == 2  # key A is missing: refuses before changing anything
        assert f"key(s) {ID_A}, which are not configured" in capsys.readouterr().err

        cli_env.setenv(OLD_KEYS_ENV, KEY_A)
        assert await _cli("keys", "status") == 0
        out = capsys.readouterr().out
        assert f"current key {ID_B}; old keys: {ID_A}" in out
        assert f"key {ID_A} (old)" in out

        assert await _cli("keys", "rotate", "--batch-size", "1") == 0
        out = capsys.readouterr().out
        assert "sessions.state: 1 re-encrypted from an old key, 1 encrypted from plain text" in out
        assert f"every value is under key {ID_B}; the old key(s) can now be removed from {OLD_KEYS_ENV}" in out

        assert await _cli("keys", "rotate") == 0  # again: nothing to do
        assert "sessions.state: 0 re-encrypted from an old key, 0 encrypted from plain text" in (
            capsys.readouterr().out)

        cli_env.delenv(OLD_KEYS_ENV)
        assert await _cli("keys", "status") == 0
        assert f"total: {2 * len(ENCRYPTED)} key {ID_B} (current)" in capsys.readouterr().out
        async with _opened(backend, keyring(KEY_B), clock) as store:
            await _read_everything(store, written)
            await _read_everything(store, legacy, " (legacy)")
        if backend.name == "sqlite":
            assert MARK.encode() not in _sqlite_bytes(backend)  # no plaintext left in free pages either

    async def test_a_malformed_key_is_one_line_not_a_traceback(
        self, backend: Backend, cli_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        await _migrated(backend)
        cli_env.setenv("DATABASE_URL", backend.url)
        cli_env.setenv(KEY_ENV, "not-a-key")
        assert await _cli("keys", "status") == 2
        err = capsys.readouterr().err
        assert err.startswith("cbt-bot: CBT_ENCRYPTION_KEY is not a valid encryption key")
        assert err.count("\n") == 1
