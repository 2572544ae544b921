"""`cbt-bot`: run a flow in the terminal, and inspect, validate and draw flows."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.cli_keys import add_commands as add_key_commands
from bot.cli_purge import add_commands as add_purge_commands
from bot.cli_therapists import add_commands as add_therapist_commands
from bot.console.clock import FastClock, RealClock
from bot.console.runner import ConsoleRun, Terminal
from bot.engine import FlowEngine
from bot.flow_dirs import flow_dirs
from bot.flowspec import Catalogue, LoadResult, flow_json_schema, load_catalogue, load_flow_file
from bot.flowspec.diagram import mermaid
from bot.flowspec.model import Flow
from bot.flowspec.texts import localize
from bot.media_dirs import SHIPPED_MEDIA, media_dirs


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "handler"):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cbt-bot", description="CBT practice bot")
    commands = parser.add_subparsers(title="commands")

    try_cmd = commands.add_parser("try", help="run a flow in the terminal")
    try_cmd.add_argument("flow", help="a flow id or a path to a YAML file")
    try_cmd.add_argument("--lang", help="one of the flow's languages (default: your LANG if the flow has it, "
                                        "else the flow's first)")
    try_cmd.add_argument("--fast", action="store_true", help="timers finish at once")
    try_cmd.set_defaults(handler=_try)

    flows = commands.add_parser("flows", help="list, validate, draw flows").add_subparsers(title="flows")
    flows.add_parser("list", help="the flows available").set_defaults(handler=_list)
    validate = flows.add_parser("validate", help="check flow files; exit 1 on any error")
    validate.add_argument("paths", nargs="*", type=Path, help="files or directories (default: all flows)")
    validate.add_argument("--quiet", action="store_true", help="errors only, no warnings or notes")
    validate.add_argument("--media", action="append", type=Path, metavar="DIR",
                          help="a folder of recordings to look in (repeatable; default: CBT_MEDIA_DIR, then the "
                          "shipped media/)")
    validate.set_defaults(handler=_validate)
    diagram = flows.add_parser("diagram", help="a Mermaid state diagram of a flow")
    diagram.add_argument("flow", help="a flow id or a path to a YAML file")
    diagram.add_argument("--lang")
    diagram.set_defaults(handler=_diagram)
    flows.add_parser("schema", help="the JSON Schema of flow files").set_defaults(handler=_schema)

    commands.add_parser("run", help="run the Telegram bot (configured by environment / .env)").set_defaults(
        handler=_run)
    add_therapist_commands(commands)
    add_purge_commands(commands)
    add_key_commands(commands)
    db = commands.add_parser("db", help="database maintenance").add_subparsers(title="db")
    db.add_parser("upgrade", help="migrate the database (DATABASE_URL) to the newest schema").set_defaults(
        handler=_db_upgrade)
    return parser


def _run(args: argparse.Namespace) -> int:
    import asyncio
    import signal

    from bot.i18n import CatalogError, shipped_catalogs
    from bot.logging_setup import configure_logging
    from bot.settings import SettingsError, load_settings
    from bot.storage import StorageError
    from bot.transport.app import serve

    try:
        shipped_catalogs()  # an uncompiled or stale translation stops the start, not a conversation later
    except CatalogError as error:
        print(f"cbt-bot: {error}", file=sys.stderr)
        return 2
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"cbt-bot: {error}", file=sys.stderr)
        return 2
    configure_logging()

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await serve(settings, stop)

    from telegram.error import InvalidToken, NetworkError

    from bot.ops.running import PortUnavailable
    from bot.transport.unreachable import explain

    try:
        asyncio.run(main())
    except StorageError as error:
        print(f"cbt-bot: database: {error}", file=sys.stderr)
        return 2
    except InvalidToken:
        print("cbt-bot: Telegram refused the token: check TELEGRAM_BOT_TOKEN", file=sys.stderr)
        return 2
    except NetworkError as error:
        print(f"cbt-bot: cannot reach the Telegram Bot API at {settings.api_base_url}", file=sys.stderr)
        for line in explain(error, settings.api_base_url).lines():
            print(f"  {line}", file=sys.stderr)
        return 1
    except PortUnavailable as error:
        print(f"cbt-bot: {error}", file=sys.stderr)
        return 2
    return 0


def _db_upgrade(args: argparse.Namespace) -> int:
    from bot.settings import database_url, environment
    from bot.storage import StorageError, current_revision, upgrade

    url = database_url(environment())
    try:
        upgrade(url)
        print(f"database at revision {current_revision(url)}")
    except StorageError as error:
        print(f"cbt-bot: database: {error}", file=sys.stderr)
        return 2
    return 0


def _try(args: argparse.Namespace) -> int:
    flow = _resolve_flow(args.flow)
    if flow is None:
        return 1
    if args.lang is not None and args.lang.lower() not in flow.languages:
        print(f"cbt-bot: the flow '{flow.id}' is not written in '{args.lang}'; its languages: "
              f"{', '.join(flow.languages)}", file=sys.stderr)
        return 2
    language = _pick_language(flow, args.lang and args.lang.lower())
    terminal = Terminal(read_line=_read_line, write=_write, live=sys.stdout.isatty() and not args.fast)
    clock = FastClock() if args.fast else RealClock()
    return ConsoleRun(FlowEngine(flow), terminal, clock, language).run()


def _list(args: argparse.Namespace) -> int:
    catalogue = load_catalogue(flow_dirs())
    for flow in sorted(catalogue.flows.values(), key=lambda f: (f.category, f.id)):
        title = localize(flow.title, "en")
        print(f"{flow.id:32} {flow.category:11} {flow.estimated_minutes:>3} min  "
              f"{','.join(flow.languages):8} {title}")
    _print_problems(catalogue, quiet=True)
    return 1 if _errors(catalogue) else 0


def _validate(args: argparse.Namespace) -> int:
    media = [*args.media, SHIPPED_MEDIA] if args.media else media_dirs()
    catalogue = load_catalogue(args.paths or flow_dirs(), media)  # a missing path is an `unreadable` error
    _print_problems(catalogue, quiet=args.quiet)
    errors = _errors(catalogue)
    warnings = sum(p.severity == "warning" for p in catalogue.problems)
    print(f"{len(catalogue.sources)} flow(s) valid, {errors} error(s), {warnings} warning(s)")
    return 1 if errors else 0


def _diagram(args: argparse.Namespace) -> int:
    flow = _resolve_flow(args.flow)
    if flow is None:
        return 1
    sys.stdout.write(mermaid(flow, args.lang))
    return 0


def _schema(args: argparse.Namespace) -> int:
    print(json.dumps(flow_json_schema(), indent=2, ensure_ascii=False))
    return 0


def _resolve_flow(name: str) -> Flow | None:
    path = Path(name)
    if path.suffix in (".yaml", ".yml") or path.exists():
        result: LoadResult = load_flow_file(path)
        for problem in result.problems:
            if problem.severity == "error":
                print(problem, file=sys.stderr)
        return result.flow
    catalogue = load_catalogue(flow_dirs())
    if name in catalogue.flows:
        return catalogue.flows[name]
    known = ", ".join(sorted(catalogue.flows)) or "none"
    print(f"no flow '{name}' (known: {known})", file=sys.stderr)
    return None


def _pick_language(flow: Flow, wanted: str | None) -> str:
    env_lang = os.environ.get("LANG", "")[:2].lower()
    for candidate in (wanted, env_lang):
        if candidate and candidate in flow.languages:
            return candidate
    return flow.languages[0]


def _print_problems(catalogue: Catalogue, quiet: bool) -> None:
    for problem in catalogue.problems:
        if not (quiet and problem.severity != "error"):
            print(problem, file=sys.stderr)


def _errors(catalogue: Catalogue) -> int:
    return sum(p.severity == "error" for p in catalogue.problems)


def _read_line() -> str | None:
    try:
        return input("> ")
    except EOFError:
        return None


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
