"""`python -m bot …` as an operator runs it, in a separate process."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from PIL import Image

from tests.conftest import ROOT, SAMPLE_CENTRES


def run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "DATABASE_URL"}}
    environment.update({"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", **env})
    environment["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,  # no stray .env from the developer's checkout
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_run_without_token_explains_what_to_do(tmp_path: Path) -> None:
    result = run(tmp_path, "run", BOT_TOKEN="")
    assert result.returncode == 2
    assert "@BotFather" in result.stderr and ".env" in result.stderr


def test_import_centres_and_print_poster(tmp_path: Path) -> None:
    result = run(tmp_path, "import-centres", str(SAMPLE_CENTRES))
    assert result.returncode == 0, result.stderr
    assert "imported" in result.stdout
    with sqlite3.connect(tmp_path / "bot.db") as db:
        (centres,) = db.execute("select count(*) from centres").fetchone()
    assert centres >= 30

    poster = tmp_path / "posters" / "77-cao.png"
    result = run(tmp_path, "qr", "77-cao", "--out", str(poster), BOT_USERNAME="my_czn_bot")
    assert result.returncode == 0, result.stderr
    assert "t.me/my_czn_bot?start=c_77-cao" in result.stdout
    with Image.open(poster) as image:
        assert image.size == (2480, 3508)

    missing = run(tmp_path, "qr", "no-such-centre", "--out", str(tmp_path / "x.png"))
    assert missing.returncode == 1 and "no-such-centre" in missing.stderr


def test_bad_csv_imports_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    lines = SAMPLE_CENTRES.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("Europe/Moscow", "Mars/Olympus")
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(tmp_path, "import-centres", str(bad))
    assert result.returncode == 1
    assert "line 4" in result.stderr and "nothing imported" in result.stderr
    assert not (tmp_path / "bot.db").exists()  # validation happens before the database


def test_migrate_command(tmp_path: Path) -> None:
    result = run(tmp_path, "migrate")
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "bot.db") as db:
        assert db.execute("select version_num from alembic_version").fetchone()


def test_index_and_snapshot_commands(tmp_path: Path) -> None:
    assert run(tmp_path, "import-centres", str(SAMPLE_CENTRES)).returncode == 0
    with sqlite3.connect(tmp_path / "bot.db") as db:
        db.execute(
            "insert into questionnaires (centre_code, audience, respondent_key, methodology,"
            " started_at, completed_at) values ('77-cao', 'seeker', 'k', 'star-2023',"
            " datetime('now', '-1 day'), datetime('now', '-1 day'))"
        )
        db.execute(
            "insert into answers (questionnaire_id, question_id, indicator, value, answered_at)"
            " select 1, code, code, 5, datetime('now') from (select 'D1' as code union all"
            " select 'P1' union all select 'M1' union all select 'A1' union all select 'K1')"
        )
    table = run(tmp_path, "index", "--level", "centre", "--region", "77")
    assert table.returncode == 0, table.stderr
    assert "Preliminary" in table.stdout and "77-cao" in table.stdout
    assert "No index yet" in table.stdout  # the other Moscow centres
    # METHODOLOGY §8: one questionnaire, so every resample is the same: a zero-width interval
    assert "95% CI" in table.stdout and "10.00-10.00" in table.stdout
    snap = run(tmp_path, "snapshot")
    assert snap.returncode == 0, snap.stderr
    assert "levels stored" in snap.stdout
    as_json = run(tmp_path, "index", "--level", "country", "--format", "json")
    assert '"code": "RU"' in as_json.stdout
    assert '"delta": 0.0' in as_json.stdout  # against the snapshot just taken
    as_csv = run(tmp_path, "index", "--format", "csv")
    assert as_csv.stdout.startswith("level,code,name")


def test_objective_and_checklist_commands(tmp_path: Path) -> None:
    assert run(tmp_path, "import-centres", str(SAMPLE_CENTRES)).returncode == 0
    synced = run(tmp_path, "sync-checklist")
    assert synced.returncode == 0, synced.stderr
    empty = run(tmp_path, "objective")
    assert "no region has objective indicators" in empty.stdout
    assert run(tmp_path, "objective", "K1", "M1").returncode == 2  # which region?
    bad = run(tmp_path, "objective", "--region", "77", "Z9")
    assert bad.returncode == 1 and "Z9" in bad.stderr
    done = run(tmp_path, "objective", "--region", "77", "K1", "M1")
    assert done.returncode == 0 and "77: K1 M1" in done.stdout
    everything = run(tmp_path, "objective", "--region", "16", "--all")
    assert "16: A1 A2 D1" in everything.stdout
