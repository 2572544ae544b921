"""`cbt-bot keys generate | status | rotate`: the encryption key of clients' answers (docs/encryption.md)."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.settings import database_url, environment
from bot.storage import Keyring, StorageError, Store, generate_key, open_store
from bot.storage.crypto import KEY_ENV, KEY_FILE_ENV, OLD_KEYS_ENV, key_id, parse_key

DEFAULT_BATCH = 500


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    keys = commands.add_parser("keys", help="the encryption key of answers and notes").add_subparsers(
        title="keys")
    generate = keys.add_parser("generate", help="print a new random key (for CBT_ENCRYPTION_KEY)")
    generate.add_argument("--output", type=Path, metavar="FILE",
                          help="write it to a new file only its owner can read (for CBT_ENCRYPTION_KEY_FILE)")
    generate.set_defaults(handler=lambda a: _generate(a.output))
    keys.add_parser("status", help="how many values are under each key, and how many are plain text"
                    ).set_defaults(handler=lambda a: _with_store(_status))
    rotate = keys.add_parser(
        "rotate", help=f"encrypt every value with the current key ({KEY_ENV}); the previous keys go in "
                       f"{OLD_KEYS_ENV}. Also encrypts plain text. Safe to run again.")
    rotate.add_argument("--batch-size", type=int, default=DEFAULT_BATCH, help="rows per transaction")
    rotate.set_defaults(handler=lambda a: _with_store(lambda s: _rotate(s, a.batch_size)))


def _generate(output: Path | None) -> int:
    key = generate_key()
    fingerprint = key_id(parse_key(key, "the new key"))
    if output is None:
        print(key)
        print(f"key id {fingerprint}. Keep the key apart from the database and its backups, e.g. in a file "
              f"only the bot can read, named by {KEY_FILE_ENV}.", file=sys.stderr)
        return 0
    try:
        descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as error:
        print(f"cbt-bot: cannot create {output}: {error.strerror}", file=sys.stderr)
        return 1
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(key + "\n")
    print(f"wrote key {fingerprint} to {output} (readable by its owner only); set {KEY_FILE_ENV}={output}",
          file=sys.stderr)
    return 0


def _with_store(action: Callable[[Store], Awaitable[int]]) -> int:
    environ = environment()
    url = database_url(environ)

    async def run() -> int:
        store = await open_store(url, create=False, keyring=Keyring.from_environment(environ))
        try:
            return await action(store)
        finally:
            await store.close()

    try:
        return asyncio.run(run())
    except StorageError as error:
        print(f"cbt-bot: {error}", file=sys.stderr)
        return 2


def _describe(store: Store, found: str | None) -> str:
    keyring = store.keyring
    if found is None:
        return "plain text"
    if keyring is not None and found == keyring.current_id:
        return f"key {found} (current)"
    if keyring is not None and found in keyring.key_ids:
        return f"key {found} (old)"
    return f"key {found} (NOT CONFIGURED)"


def _print_usage(store: Store, usage: dict[str, dict[str | None, int]]) -> None:
    width = max(len(name) for name in usage)
    totals: dict[str | None, int] = {}
    for name, counts in usage.items():
        if not counts:
            print(f"{name:{width}}  (no values)")
        for found, count in sorted(counts.items(), key=lambda item: item[0] or ""):
            print(f"{name:{width}}  {_describe(store, found):28} {count:>9}")
            totals[found] = totals.get(found, 0) + count
    summary = ", ".join(f"{count} {_describe(store, found)}" for found, count in
                        sorted(totals.items(), key=lambda item: item[0] or "")) or "no values"
    print(f"total: {summary}")


async def _status(store: Store) -> int:
    keyring = store.keyring
    if keyring is None:
        print(f"no key configured ({KEY_ENV} / {KEY_FILE_ENV}): new values are written in plain text")
    else:
        old = ", ".join(keyring.key_ids[1:]) or "none"
        print(f"current key {keyring.current_id}; old keys: {old}")
    _print_usage(store, await store.key_usage())
    return 0


async def _rotate(store: Store, batch_size: int) -> int:
    keyring = store.keyring
    if keyring is None:
        print(f"cbt-bot: no key configured: set {KEY_ENV} (or {KEY_FILE_ENV}) to the new key and "
              f"{OLD_KEYS_ENV} to the previous one(s)", file=sys.stderr)
        return 2
    if batch_size < 1:
        print("cbt-bot: --batch-size must be at least 1", file=sys.stderr)
        return 2
    before = await store.key_usage()
    missing = sorted({found for counts in before.values() for found in counts
                      if found is not None and found not in keyring.key_ids})
    if missing:
        print(f"cbt-bot: values are encrypted with key(s) {', '.join(missing)}, which are not configured: add "
              f"them to {OLD_KEYS_ENV} (comma-separated). Nothing was changed.", file=sys.stderr)
        return 2
    seen: dict[str, int] = {}

    def progress(table: str, rows: int) -> None:  # a long run shows it is alive, on a terminal only
        seen[table] = seen.get(table, 0) + rows
        if sys.stderr.isatty():
            print(f"\r{table}: {seen[table]} row(s) done", end="", file=sys.stderr, flush=True)

    done = await store.reencrypt(batch_size, progress)
    if seen and sys.stderr.isatty():
        print(file=sys.stderr)
    for name, rotation in done.items():
        print(f"{name}: {rotation.reencrypted} re-encrypted from an old key, {rotation.encrypted} encrypted from "
              f"plain text" + (f", {rotation.changed_meanwhile} changed meanwhile" if rotation.changed_meanwhile
                               else ""))
    if await store.compact():
        print("compacted the SQLite file: what was replaced is gone from it too")
    after = await store.key_usage()
    left = sum(count for counts in after.values() for found, count in counts.items()
               if found != keyring.current_id)
    if left:
        print(f"{left} value(s) are not under key {keyring.current_id} yet (changed while this ran, perhaps by "
              "a bot still on the old key): run `cbt-bot keys rotate` again.", file=sys.stderr)
        return 1
    print(f"every value is under key {keyring.current_id}"
          + (f"; the old key(s) can now be removed from {OLD_KEYS_ENV}" if len(keyring.key_ids) > 1 else ""))
    return 0
