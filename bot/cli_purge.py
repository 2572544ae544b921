"""`cbt-bot purge [--dry-run]`: apply the retention policy (CBT_RETENTION_DAYS, CBT_INACTIVE_DAYS) to the
database at DATABASE_URL, and print what went, table by table.

Run it daily (cron, a systemd timer). Whatever the policy, processed-update records older than the 2-day
deduplication window go too: they hold the sender's Telegram id and serve no purpose after that. A dry run
does all the work in a transaction and rolls it back, so its counts are exact.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Mapping
from datetime import UTC, datetime

from bot.privacy.retention import RetentionConfigError, RetentionPolicy
from bot.settings import database_url, environment
from bot.storage import Keyring, StorageError, Store, open_store
from bot.storage.records import PurgeReport


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    purge = commands.add_parser(
        "purge", help="delete what the retention policy (CBT_RETENTION_DAYS, CBT_INACTIVE_DAYS) no longer keeps")
    purge.add_argument("--dry-run", action="store_true", help="count what would go; delete nothing")
    purge.set_defaults(handler=lambda a: purge_command(a.dry_run))


def purge_command(dry_run: bool, environ: Mapping[str, str] | None = None) -> int:
    env = dict(environ) if environ is not None else environment()
    try:
        policy = RetentionPolicy.from_environment(env)
        keyring = Keyring.from_environment(env)
    except (RetentionConfigError, StorageError) as error:
        print(f"cbt-bot: {error}", file=sys.stderr)
        return 2
    url = database_url(env)
    print(f"retention: {policy.describe()}")

    async def run() -> PurgeReport:
        store = await open_store(url, create=False, keyring=keyring)
        try:
            return await _purge(store, policy, dry_run)
        finally:
            await store.close()

    try:
        report = asyncio.run(run())
    except StorageError as error:
        print(f"cbt-bot: database: {error}", file=sys.stderr)
        return 2
    _print_report(report, policy, dry_run)
    return 0


class _RollBack(Exception):  # noqa: N818 (not an error: how a dry run undoes its transaction)
    def __init__(self, report: PurgeReport) -> None:
        super().__init__("dry run")
        self.report = report


async def _purge(store: Store, policy: RetentionPolicy, dry_run: bool) -> PurgeReport:
    now = datetime.now(UTC)
    try:
        async with store.transaction() as tx:
            report = await tx.privacy.purge(policy.finished_before(now), policy.inactive_before(now))
            if dry_run:
                raise _RollBack(report)
    except _RollBack as rolled_back:
        return rolled_back.report
    return report


def _print_report(report: PurgeReport, policy: RetentionPolicy, dry_run: bool) -> None:
    if policy.keeps_everything:
        print("nothing is purged but processed-update records past the 2-day deduplication window")
    verb = "would delete" if dry_run else "deleted"
    width = max(len(table) for table in report.deleted)
    for table, count in report.deleted.items():
        print(f"  {table:{width}}  {count:>9}")
    anonymised = {table: count for table, count in report.anonymised.items() if count}
    for table, count in anonymised.items():
        print(f"  {table:{width}}  {count:>9} anonymised (the erased person's reference set to NULL)")
    summary = f"{verb} {report.total} row(s)"
    if policy.inactive_days is not None:
        summary += f"; {'would erase' if dry_run else 'erased'} {report.people_erased} inactive person(s)"
    print(summary + (" — dry run: nothing was changed" if dry_run else ""))
