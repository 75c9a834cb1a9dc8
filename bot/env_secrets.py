"""`python -m bot.env_secrets .env` (`make run` does it): random secrets for a new `.env`.

RESPONDENT_SECRET and SEALING_KEY that are missing or blank get `secrets.token_urlsafe(48)`.
A value already there is never replaced, not even the old shipped placeholder: a live bot's
pseudonyms and sealed rows hang on it, so changing it is the operator's decision (README,
Secrets); `python -m bot run` refuses the placeholder and says how to proceed. A setting
given in the environment wins over `.env`, so it is left alone there too.
"""

from __future__ import annotations

import os
import re
import secrets
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

GENERATED = ("RESPONDENT_SECRET", "SEALING_KEY")


def new_secret() -> str:
    return secrets.token_urlsafe(48)


def fill_secrets(path: Path, environ: Mapping[str, str] | None = None) -> list[str]:
    """Write a random value for each blank or missing secret; the names written."""
    environ = os.environ if environ is None else environ
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    written: list[str] = []
    for name in GENERATED:
        if environ.get(name, "").strip():
            continue
        pattern = re.compile(rf"^\s*{name}\s*=(.*)$")
        found = [n for n, line in enumerate(lines) if pattern.match(line)]
        if found:
            match = pattern.match(lines[found[-1]])
            if match is not None and match.group(1).strip():
                continue  # set: never replaced here
            lines[found[-1]] = f"{name}={new_secret()}"
        else:
            lines.append(f"{name}={new_secret()}")
        written.append(name)
    if written:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        path.chmod(0o600)  # secrets: readable by the bot's user only
    return written


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    path = Path(args[0] if args else ".env")
    written = fill_secrets(path)
    if written:
        print(f"generated {', '.join(written)} into {path} (keep them: README, Secrets)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
