"""Storage: the bot's tables, migrations and repositories behind small interfaces (ports.py).

    store = await open_store(os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL),
                             keyring=Keyring.from_environment(os.environ))  # see docs/encryption.md
    async with store.transaction() as tx:
        if await tx.updates.claim(bot_id, update_id):
            person = await tx.people.get_or_create(telegram_id)
            ...
"""

from bot.storage.crypto import DecryptionError, Keyring, encryption_warning, generate_key
from bot.storage.errors import (
    ConcurrentUpdate,
    RecordNotFound,
    SessionAlreadyOpen,
    StorageBusy,
    StorageConfigError,
    StorageError,
    StorageUnavailable,
)
from bot.storage.migrate import current_revision, head_revision, upgrade
from bot.storage.ports import Storage, UnitOfWork
from bot.storage.records import (
    Assignment,
    AuditAction,
    AuditEntry,
    CustomFlow,
    Dialog,
    DueReminder,
    FlowVersion,
    HomeworkItem,
    HomeworkTemplate,
    Invite,
    InviteKind,
    Link,
    LinkEnd,
    NewTranscriptEntry,
    Person,
    Role,
    Schedule,
    SessionStatus,
    StoredSession,
    TranscriptEntry,
    clean_name,
)
from bot.storage.store import Store, open_store
from bot.storage.urls import DEFAULT_DATABASE_URL, normalise_url

__all__ = [
    "DEFAULT_DATABASE_URL",
    "Assignment",
    "AuditAction",
    "AuditEntry",
    "ConcurrentUpdate",
    "CustomFlow",
    "DecryptionError",
    "Dialog",
    "DueReminder",
    "FlowVersion",
    "HomeworkItem",
    "HomeworkTemplate",
    "Invite",
    "InviteKind",
    "Keyring",
    "Link",
    "LinkEnd",
    "NewTranscriptEntry",
    "Person",
    "RecordNotFound",
    "Role",
    "Schedule",
    "SessionAlreadyOpen",
    "SessionStatus",
    "Storage",
    "StorageBusy",
    "StorageConfigError",
    "StorageError",
    "StorageUnavailable",
    "Store",
    "StoredSession",
    "TranscriptEntry",
    "UnitOfWork",
    "clean_name",
    "current_revision",
    "encryption_warning",
    "generate_key",
    "head_revision",
    "normalise_url",
    "open_store",
    "upgrade",
]
