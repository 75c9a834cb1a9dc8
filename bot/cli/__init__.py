"""`python -m bot <command>`: run the bot, migrate, import centres, print QR posters."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.cli import evidence as evidence_cli
from bot.cli import exports as exports_cli
from bot.cli import practices as practices_cli
from bot.cli import roadmap as roadmap_cli
from bot.config import Settings
from bot.memory import limit_malloc_arenas
from bot.settings_check import BadSettings, load_settings, refuse_weak_secrets

log = logging.getLogger("bot")

NO_TOKEN = """\
BOT_TOKEN is not set, so the bot cannot connect to Telegram.

  1. In Telegram, open @BotFather, send /newbot and follow the steps.
  2. Copy the token it gives you (looks like 123456789:AAE...).
  3. Put it into the file .env in the project folder:
         BOT_TOKEN=123456789:AAE...
         BOT_USERNAME=the_username_you_chose_bot
     (copy .env.example to .env first; it documents every other setting).
  4. Run `make run` again.
"""


def _setup_logging() -> None:
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("aiogram.event").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)


def cmd_migrate(settings: Settings, _args: argparse.Namespace) -> int:
    from storage.migrate import upgrade

    upgrade(settings.database.database_url)
    print("database is at the latest schema")
    return 0


def cmd_run(settings: Settings, _args: argparse.Namespace) -> int:
    if not settings.messenger.is_max and settings.telegram.bot_token is None:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    if refuse_weak_secrets(settings):
        return 2
    limit_malloc_arenas()  # before the first thread
    from bot.app import serve
    from storage.migrate import upgrade

    upgrade(settings.database.database_url)
    asyncio.run(serve(settings))
    return 0


def cmd_import_centres(settings: Settings, args: argparse.Namespace) -> int:
    from bot.cli.tasks import import_centres
    from services.centres.directory_csv import CentreCsvError
    from services.centres.directory_xlsx import read_centres_file
    from storage.migrate import upgrade

    try:
        rows = read_centres_file(Path(args.file))
    except CentreCsvError as error:
        print(f"{args.file}: nothing imported, fix these lines first:\n{error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"cannot read {args.file}: {error}", file=sys.stderr)
        return 1
    upgrade(settings.database.database_url)
    regions, centres = asyncio.run(import_centres(settings, rows))
    print(f"imported {centres} centres in {regions} regions from {args.file}")
    return 0


def cmd_qr(settings: Settings, args: argparse.Namespace) -> int:
    from bot.cli.tasks import poster_for
    from storage.migrate import upgrade

    upgrade(settings.database.database_url)
    try:
        link = asyncio.run(poster_for(settings, args.centre_code, Path(args.out)))
    except LookupError as error:
        print(str(error), file=sys.stderr)
        return 1
    print(f"poster for {args.centre_code} written to {args.out} (link: {link})")
    return 0


def cmd_index(settings: Settings, args: argparse.Namespace) -> int:
    from bot.cli.tasks import current_rating
    from services.index.report import render
    from storage.migrate import upgrade

    upgrade(settings.database.database_url)
    rows = asyncio.run(current_rating(settings, args.level, args.region))
    print(render(rows, args.format, settings.scoring.display_scale), end="")
    return 0


def cmd_snapshot(settings: Settings, _args: argparse.Namespace) -> int:
    from bot.cli.tasks import snapshot
    from storage.migrate import upgrade

    upgrade(settings.database.database_url)
    run_id, rows = asyncio.run(snapshot(settings))
    print(f"snapshot run {run_id}: {rows} levels stored")
    return 0


def cmd_objective(settings: Settings, args: argparse.Namespace) -> int:
    from bot.cli.tasks import objective
    from storage.migrate import upgrade

    if (args.indicators or args.all) and not args.region:
        print("--region is required to change the objective indicators", file=sys.stderr)
        return 2
    upgrade(settings.database.database_url)
    try:
        table = asyncio.run(objective(settings, args.region, args.indicators, args.all))
    except ValueError as error:
        print(str(error), file=sys.stderr)
        return 1
    for region, codes in sorted(table.items()):
        print(f"{region}: {' '.join(codes)}")
    if not table:
        print("no region has objective indicators yet (the index is the survey alone)")
    return 0


def cmd_purge(settings: Settings, _args: argparse.Namespace) -> int:
    from bot.cli.tasks import purge
    from storage.migrate import upgrade

    upgrade(settings.database.database_url)
    removed = asyncio.run(purge(settings))
    print(f"deleted {removed} questionnaires older than {settings.survey.retention_days} days")
    return 0


def cmd_reseal(settings: Settings, _args: argparse.Namespace) -> int:
    from bot.cli.reseal import reseal_database
    from storage.migrate import upgrade

    if not settings.survey.sealing_key.get_secret_value():
        print(
            "bad setting SEALING_KEY: not set, so there is no key to reseal with", file=sys.stderr
        )
        return 2
    upgrade(settings.database.database_url)
    report = asyncio.run(reseal_database(settings))
    print(f"resealed {report.resealed} values with SEALING_KEY; {report.unreadable} unreadable")
    return 0


def cmd_digest(settings: Settings, args: argparse.Namespace) -> int:
    from bot.cli.digest import run_digest

    return run_digest(settings, args)


def cmd_demo(settings: Settings, args: argparse.Namespace) -> int:
    from bot.cli.digest import run_demo

    return run_demo(settings, args)


COMMANDS: dict[str, Callable[[Settings, argparse.Namespace], int]] = {
    "run": cmd_run,
    "migrate": cmd_migrate,
    "import-centres": cmd_import_centres,
    "qr": cmd_qr,
    "index": cmd_index,
    "snapshot": cmd_snapshot,
    "purge": cmd_purge,
    "objective": cmd_objective,
    "sync-checklist": evidence_cli.cmd_sync_checklist,
    "reseal": cmd_reseal,
    "digest": cmd_digest,
    "demo": cmd_demo,
    "practices": practices_cli.cmd_practices,
    "export": exports_cli.cmd_export,
    "roadmap": roadmap_cli.cmd_roadmap,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="apply pending migrations and start the bot (polling)")
    sub.add_parser("migrate", help="apply pending database migrations")
    imp = sub.add_parser(
        "import-centres", help="import regions and centres from a CSV or .xlsx file"
    )
    imp.add_argument(
        "file", help="UTF-8 CSV or .xlsx (first sheet): region_code,region_name,centre_code,..."
    )
    qr = sub.add_parser("qr", help="write a printable A4 poster with the centre's QR code")
    qr.add_argument("centre_code")
    qr.add_argument("--out", required=True, help="PNG file to write")
    index = sub.add_parser("index", help="print the current rating (official first)")
    index.add_argument("--level", choices=("centre", "region", "country"), default="region")
    index.add_argument("--region", help="only the centres (or the region) with this code")
    index.add_argument("--format", choices=("table", "csv", "json"), default="table")
    sub.add_parser("snapshot", help="compute every level and store a snapshot run")
    evidence_cli.add_sync_parser(sub)
    objective = sub.add_parser(
        "objective", help="show or set which indicators a region also measures by checklist"
    )
    objective.add_argument("--region", help="the region to change")
    objective.add_argument("indicators", nargs="*", help="indicator codes, e.g. K1 M1 M8")
    objective.add_argument("--all", action="store_true", help="every indicator")
    sub.add_parser("purge", help="delete answers older than RETENTION_DAYS (runs daily too)")
    sub.add_parser("reseal", help="re-encrypt sealed chat ids and updates with SEALING_KEY")
    digest = sub.add_parser(
        "digest",
        help="render (--dry-run) or post this week's digest",
        description="Post this week's digest to CHANNEL_ID unless it is posted already. A week"
        " the bot gave up on or skipped (too few questionnaires) is tried again. A week whose"
        " send has no known result (the admins were told) is posted again only with --force.",
    )
    digest.add_argument("--dry-run", action="store_true", help="render only, post nothing")
    digest.add_argument(
        "--force",
        action="store_true",
        help="also post a week whose earlier send has no known result: first check the"
        " channel, the post may be there already",
    )
    digest.add_argument("--out", default="out/digest", help="folder for the images and caption")
    exports_cli.add_export_parser(sub)
    roadmap_cli.add_parser(sub)
    demo = sub.add_parser("demo", help="build a demo database and render its digest")
    demo.add_argument("--out", default="out/demo", help="folder for the demo output")
    demo.add_argument("--database", default="data/demo.db", help="SQLite file to (re)create")
    practices_cli.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _setup_logging()
    try:
        settings = load_settings()
    except BadSettings as error:  # one line per bad setting, never a traceback
        for line in error.lines:
            print(line, file=sys.stderr)
        return 2
    return COMMANDS[args.command](settings, args)
