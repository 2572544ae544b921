"""Encryption at rest for the columns that hold a person's words (see docs/encryption.md).

Each value is sealed on its own with AES-256-GCM: a random 96-bit nonce, and the column's name
("table.column") as associated data, so a ciphertext copied into another column fails to open. The stored
form is text, `enc:v1:<key id>:<urlsafe base64 of nonce + ciphertext + tag>`; the key id is the first 8 hex
digits of the key's SHA-256, never the key. A value without the prefix is plaintext written before a key was
configured, and reads as it is.

The key comes from the environment (CBT_ENCRYPTION_KEY) or a secret file (CBT_ENCRYPTION_KEY_FILE), never
from the database. Old keys (CBT_ENCRYPTION_OLD_KEYS) still open what they sealed until `cbt-bot keys rotate`
has sealed everything again under the current key.

`EncryptedText` is the column type. It finds the keyring of the engine that runs the statement (registered by
the Store with `bind_keyring`), so two Stores with different keys can live in one process.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import secrets
import stat
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import MetaData, Text
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.types import TypeDecorator

from bot.storage.errors import StorageConfigError, StorageError

KEY_ENV = "CBT_ENCRYPTION_KEY"
KEY_FILE_ENV = "CBT_ENCRYPTION_KEY_FILE"
OLD_KEYS_ENV = "CBT_ENCRYPTION_OLD_KEYS"

KEY_BYTES = 32  # AES-256
NONCE_BYTES = 12  # 96 bits, GCM's native nonce size
TAG_BYTES = 16

PREFIX = "enc:"
V1 = "enc:v1:"
# Plaintext that itself begins with "enc:" is written with this in front, so it never passes for a ciphertext.
ESCAPED_PLAINTEXT = "enc:plain:"
_FORMAT = re.compile(r"enc:v1:([0-9a-f]{8}):([A-Za-z0-9_-]+={0,2})\Z")
_NEWER_FORMAT = re.compile(r"enc:v\d+:")
_KEY_TEXT = re.compile(r"[A-Za-z0-9_+/-]{43}=?\Z")


class DecryptionError(StorageError):
    """A stored value cannot be opened: its key is not configured, or it was altered or moved."""


def generate_key() -> str:
    """A new random key, as CBT_ENCRYPTION_KEY takes it: the URL-safe base64 of 32 bytes."""
    return base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")


def key_id(key: bytes) -> str:
    """The 8 hex digits that name a key in stored values: enough to tell keys apart, useless to an attacker."""
    return hashlib.sha256(key).hexdigest()[:8]


def parse_key(text: str, source: str) -> bytes:
    """The 32 key bytes from their base64 text (URL-safe or standard alphabet, padding optional).
    A malformed key is a StorageConfigError naming `source`, never echoing the key."""
    cleaned = text.strip()
    if not _KEY_TEXT.match(cleaned):
        raise StorageConfigError(
            f"{source} is not a valid encryption key: expected the URL-safe base64 of 32 random bytes "
            f"(44 characters, as `cbt-bot keys generate` prints), got {len(cleaned)} characters."
        )
    unpadded = cleaned.rstrip("=").replace("+", "-").replace("/", "_")
    key = base64.urlsafe_b64decode(unpadded + "=")
    assert len(key) == KEY_BYTES
    return key


class Cipher:
    """AES-256-GCM with one key. Never shows the key: not in repr, not in errors."""

    __slots__ = ("_aead", "key_id")

    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise ValueError(f"an AES-256 key is {KEY_BYTES} bytes, not {len(key)}")
        self._aead = AESGCM(key)
        self.key_id = key_id(key)

    def __repr__(self) -> str:
        return f"Cipher(key_id={self.key_id!r})"

    def encrypt(self, plaintext: str, column: str) -> str:
        """`plaintext` sealed for `column` ("table.column"), in the stored form."""
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, plaintext.encode("utf-8"), column.encode("utf-8"))
        return f"{V1}{self.key_id}:{base64.urlsafe_b64encode(nonce + sealed).decode('ascii')}"

    def decrypt(self, stored: str, column: str) -> str:
        """The plaintext of a value this key sealed for `column`; DecryptionError if it was altered, moved from
        another column, or sealed by another key."""
        found, payload = _parse(stored, column)
        if found != self.key_id:
            raise DecryptionError(f"a value in {column} is encrypted with key {found}, not with key {self.key_id}.")
        try:
            data = base64.urlsafe_b64decode(payload)
        except (binascii.Error, ValueError):
            data = b""
        if len(data) < NONCE_BYTES + TAG_BYTES:
            raise DecryptionError(f"a value in {column} under key {found} is truncated or malformed.")
        try:
            plaintext = self._aead.decrypt(data[:NONCE_BYTES], data[NONCE_BYTES:], column.encode("utf-8"))
        except InvalidTag:
            raise DecryptionError(
                f"a value in {column} under key {found} failed its integrity check: it was altered, or moved "
                "from another column."
            ) from None
        return plaintext.decode("utf-8")


class Keyring:
    """The current key, which seals every value written, and old keys, which only open values written before
    a rotation."""

    __slots__ = ("_ciphers", "current", "warnings")

    def __init__(self, current: bytes, old: Iterable[bytes] = (), *, warnings: Sequence[str] = ()) -> None:
        self.current = Cipher(current)
        self._ciphers: dict[str, Cipher] = {self.current.key_id: self.current}
        seen = {self.current.key_id: current}
        for key in old:
            cipher = Cipher(key)
            if cipher.key_id in seen:
                if seen[cipher.key_id] == key:
                    continue  # the same key listed twice, or the current key among the old ones
                raise StorageConfigError(f"two different encryption keys share the id {cipher.key_id}; "
                                         "generate a new one.")
            seen[cipher.key_id] = key
            self._ciphers[cipher.key_id] = cipher
        self.warnings = tuple(warnings)  # e.g. a key file others can read; see encryption_warning()

    def __repr__(self) -> str:
        return f"Keyring(current={self.current_id!r}, old={list(self.key_ids[1:])!r})"

    @property
    def current_id(self) -> str:
        return self.current.key_id

    @property
    def key_ids(self) -> tuple[str, ...]:
        """The current key's id first, then the old keys'."""
        return tuple(self._ciphers)

    def encrypt(self, plaintext: str, column: str) -> str:
        return self.current.encrypt(plaintext, column)

    def decrypt(self, stored: str, column: str) -> str:
        found, _ = _parse(stored, column)
        cipher = self._ciphers.get(found)
        if cipher is None:
            raise DecryptionError(
                f"a value in {column} is encrypted with key {found}, which is not configured (configured: "
                f"{', '.join(self.key_ids)}): set {KEY_ENV} to that key, or add it to {OLD_KEYS_ENV}."
            )
        return cipher.decrypt(stored, column)

    @classmethod
    def from_keys(cls, current: str, old: Sequence[str] = ()) -> Keyring:
        """A keyring from keys in their base64 text form."""
        return cls(parse_key(current, "the key"), [parse_key(k, "an old key") for k in old])

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> Keyring | None:
        """The keyring CBT_ENCRYPTION_KEY or CBT_ENCRYPTION_KEY_FILE (plus CBT_ENCRYPTION_OLD_KEYS) configure,
        or None when neither is set: values are then written in plaintext (see encryption_warning).
        StorageConfigError, in one line, for a malformed key or an unreadable key file."""
        inline = environ.get(KEY_ENV, "").strip()
        file_name = environ.get(KEY_FILE_ENV, "").strip()
        old_text = environ.get(OLD_KEYS_ENV, "").strip()
        warnings: list[str] = []
        if inline and file_name:
            raise StorageConfigError(f"both {KEY_ENV} and {KEY_FILE_ENV} are set; set only one.")
        if file_name:
            current = parse_key(_read_key_file(Path(file_name).expanduser(), warnings), f"the key in {file_name}")
        elif inline:
            current = parse_key(inline, KEY_ENV)
        elif old_text:
            raise StorageConfigError(f"{OLD_KEYS_ENV} is set but there is no current key: set {KEY_ENV} or "
                                     f"{KEY_FILE_ENV} too.")
        else:
            return None
        old = [
            parse_key(text, f"key {n} in {OLD_KEYS_ENV}")
            for n, text in enumerate((t for t in old_text.split(",") if t.strip()), start=1)
        ]
        return cls(current, old, warnings=warnings)


def encryption_warning(keyring: Keyring | None) -> str | None:
    """What to log at WARNING when the bot starts, or None when all is well: no key configured (answers are
    then stored in plaintext), or a key file that other users can read."""
    if keyring is None:
        return (
            f"No encryption key is configured ({KEY_ENV} or {KEY_FILE_ENV}): clients' answers and notes are "
            "stored in the database in PLAIN TEXT. Create a key with `cbt-bot keys generate`, keep it apart "
            "from the database, and set it; then run `cbt-bot keys rotate` to encrypt what is already stored."
        )
    return " ".join(keyring.warnings) or None


def seal(value: str, column: str, keyring: Keyring | None) -> str:
    """The stored form of `value`: encrypted under the current key, or plaintext without a keyring."""
    if keyring is not None:
        return keyring.encrypt(value, column)
    return ESCAPED_PLAINTEXT + value if value.startswith(PREFIX) else value


def unseal(stored: str, column: str, keyring: Keyring | None) -> str:
    """The value behind a stored form: decrypted if encrypted (DecryptionError if that cannot be done),
    else the plaintext as it is."""
    if stored.startswith(V1):
        if keyring is None:
            found, _ = _parse(stored, column)
            raise DecryptionError(
                f"a value in {column} is encrypted with key {found}, but no encryption key is configured: set "
                f"{KEY_ENV} or {KEY_FILE_ENV}."
            )
        return keyring.decrypt(stored, column)
    if stored.startswith(ESCAPED_PLAINTEXT):
        return stored[len(ESCAPED_PLAINTEXT):]
    if _NEWER_FORMAT.match(stored):
        raise DecryptionError(f"a value in {column} was encrypted in a newer format ({stored[:7]}); "
                              "upgrade the bot.")
    return stored


def stored_key_id(stored: str) -> str | None:
    """The id of the key a stored value is encrypted with; None for plaintext."""
    match = _FORMAT.match(stored)
    return match.group(1) if match else None


def _parse(stored: str, column: str) -> tuple[str, str]:
    match = _FORMAT.match(stored)
    if match is None:
        raise DecryptionError(f"a value in {column} has the encrypted prefix but is malformed.")
    return match.group(1), match.group(2)


def _read_key_file(path: Path, warnings: list[str]) -> str:
    try:
        text = path.read_text(encoding="utf-8")
        mode = path.stat().st_mode
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise StorageConfigError(f"{KEY_FILE_ENV}: cannot read the key file {path}: {reason}.") from None
    if os.name == "posix" and mode & (stat.S_IROTH | stat.S_IWOTH):
        warnings.append(
            f"The encryption key file {path} can be read or written by every user on this machine (mode "
            f"{stat.S_IMODE(mode):04o}): `chmod 600` it, or `chmod 640` with a group only the bot is in."
        )
    return text


# --- the column type ---------------------------------------------------------------------------------

# Each engine has its own dialect object: the keyring rides on it, so a statement is sealed with the keyring of
# the Store whose engine runs it. Weak keys: a disposed, forgotten engine takes its keyring with it.
_KEYRINGS: WeakKeyDictionary[Dialect, Keyring] = WeakKeyDictionary()


def bind_keyring(engine: AsyncEngine | Engine, keyring: Keyring | None) -> None:
    """Make EncryptedText columns use `keyring` for every statement `engine` runs (None: plaintext)."""
    if keyring is None:
        _KEYRINGS.pop(engine.dialect, None)
    else:
        _KEYRINGS[engine.dialect] = keyring


def bound_keyring(dialect: Dialect) -> Keyring | None:
    return _KEYRINGS.get(dialect)


class EncryptedText(TypeDecorator[str]):
    """TEXT in the DDL (so no migration), encrypted in the rows. `column` is the column's "table.column", the
    associated data that ties each value to it."""

    impl = Text
    cache_ok = True

    def __init__(self, column: str) -> None:
        super().__init__()
        self.column = column

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return seal(value, self.column, bound_keyring(dialect))

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        assert isinstance(value, str)
        return unseal(value, self.column, bound_keyring(dialect))


def encrypted_columns(metadata: MetaData) -> list[tuple[str, str]]:
    """(table, column) of every EncryptedText column, in a stable order."""
    return sorted(
        (table.name, column.name)
        for table in metadata.tables.values()
        for column in table.columns
        if isinstance(column.type, EncryptedText)
    )
