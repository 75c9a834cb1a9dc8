"""`python -m bot export KIND --format xlsx|csv --out FILE` (issue 15). No aiogram here.

The command line exports as the operator of the server (everything, services.exports.scope:
whoever runs it reads the database anyway); `--region` / `--centre` narrow it to an expert's
or a working group's view, with the same rules as the chat (comments need `--centre`). The
export is recorded in the audit log with no person (the command line).

Wiring (bot/cli/__init__.py):

    COMMANDS["export"] = exports_cli.cmd_export
    exports_cli.add_export_parser(sub)
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.config import Settings
from bot.i18n import LANGUAGES, Translations
from services.exports import FORMATS, KINDS, ExportJob, ExportScope, export_to_file
from services.refusal import Refusal


def add_export_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = sub.add_parser(
        "export",
        help="write an export (rating, answers, evidence, comments, audit) to a file",
        description="Exports as Excel (.xlsx) or CSV. answers are anonymised: no key, no date,"
        " the ISO week only; centre x audience x week groups of fewer than 5 questionnaires"
        " are merged into the region's other centres by week, then by month, and left out"
        " only when still under 5. comments are a working group's: give --centre.",
    )
    export.add_argument("kind", choices=KINDS)
    export.add_argument("--format", choices=FORMATS, default="xlsx")
    export.add_argument("--out", required=True, help="the file to write")
    export.add_argument("--region", action="append", default=[], help="only this region")
    export.add_argument(
        "--centre", action="append", default=[], help="only this centre (a working group's view)"
    )
    export.add_argument("--language", choices=LANGUAGES, default="ru", help="of the headers")


def scope_from(args: argparse.Namespace) -> ExportScope:
    if not args.region and not args.centre:
        return ExportScope.operator()
    return ExportScope(centres=frozenset(args.centre), regions=frozenset(args.region))


def cmd_export(settings: Settings, args: argparse.Namespace) -> int:
    from storage.migrate import upgrade

    upgrade(settings.database.database_url)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        t = Translations().get(args.language)
        result = asyncio.run(
            export_to_file(
                settings, ExportJob(args.kind, args.format, scope_from(args), out, None), t
            )
        )
    except Refusal as error:
        hint = " (comments are a working group's: give --centre)" if args.kind == "comments" else ""
        print(f"cannot export {args.kind}: {error.reason}{hint}", file=sys.stderr)
        return 1
    print(f"{args.kind}: {result.rows} rows in {result.sheets} sheet(s) written to {out}")
    if result.left_out.questionnaires:
        print(
            f"left out {result.left_out.questionnaires} questionnaires in"
            f" {result.left_out.cells} region x audience x month groups of fewer than 5"
            " (after merging small groups)"
        )
    return 0
