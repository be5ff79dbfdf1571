"""`make bench`: how fast the parents' pages, the PDF and the staff list are, as ratios to a bare
Django view measured in the same run (README, "Benchmarks").

    .venv/bin/python bench/run.py            # quick: SQLite, 1,000 screenings (a few minutes)
    .venv/bin/python bench/run.py --full     # also 50,000 screenings, and PostgreSQL
    .venv/bin/python bench/run.py --out bench/results/mine.md

Everything runs on 127.0.0.1 in a temporary folder (a throwaway SQLite file, or a throwaway
PostgreSQL server through .ci/with-postgres), with a throwaway secret key; the developer's
db.sqlite3 is never opened. bench/backend.py does the measuring; bench/table.py the table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.table import markdown_table, rows_from_dicts  # noqa: E402

QUICK_SCREENINGS = 1000
LARGE_SCREENINGS = 50000


def machine() -> dict[str, str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    if git("status", "--porcelain", "--untracked-files=no"):
        commit += " (with uncommitted changes)"
    return {
        "load": " ".join(f"{value:.1f}" for value in os.getloadavg()),
        "cpus": str(os.cpu_count()),
        "cpu": model,
        "python": platform.python_version(),
        "commit": commit,
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
    }


def environment(work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        # The load comes from one address: limits meant for abuse would answer 429 instead.
        DJANGO_RATE_PDF="1000000/h",
        DJANGO_RATE_NEW_SCREENING="1000000/h",
        # The PDF store in the run's temporary folder, never the developer's private/pdfs.
        DJANGO_PDF_STORAGE="filesystem",
        DJANGO_PDF_STORAGE_DIR=str(work / "pdfs"),
        PYTHONPATH=str(ROOT),
    )
    return env


def run_backend(db: str, work: Path, full: bool, wrapper: list[str]) -> dict:
    out = work / f"{db}.json"
    env = environment(work)
    if db == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    else:
        env.pop("DATABASE_URL", None)  # .ci/with-postgres sets it
    command = [*wrapper, sys.executable, "-m", "bench.backend", "--db", db]
    command += ["--screenings", str(QUICK_SCREENINGS), "--out", str(out), "--work", str(work)]
    if full:
        command += ["--large", str(LARGE_SCREENINGS)]
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    return json.loads(out.read_text())


def report(rows, info: dict[str, str], versions: list[str], full: bool) -> str:
    mode = "FULL (1,000 and 50,000 screenings; SQLite and PostgreSQL)" if full else "quick"
    return "\n".join(
        [
            f"# make bench{' FULL=1' if full else ''}: {mode}",
            "",
            f"- commit {info['commit']}, {info['date']}; load average before the run "
            f"{info['load']}, after {' '.join(f'{v:.1f}' for v in os.getloadavg())} (1, 5, 15 min: "
            "other work on the machine makes every figure slower, the ratios less so)",
            f"- {info['cpus']} CPUs ({info['cpu']}), Python {info['python']}, "
            + ", ".join(versions),
            "- gunicorn 2 sync workers, DEBUG off, each replaced after "
            f"{os.environ.get('GUNICORN_MAX_REQUESTS', '2000')} ± "
            f"{os.environ.get('GUNICORN_MAX_REQUESTS_JITTER', '200')} requests; "
            "wrk -t1 on 127.0.0.1 for 5 s per row "
            "(conc. = connections); staff pages in-process with Django's test Client",
            "",
            markdown_table(rows),
            "",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--full", action="store_true", help="50,000 screenings and PostgreSQL")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "latest.md")
    args = parser.parse_args()
    info = machine()
    results = []
    with tempfile.TemporaryDirectory(prefix="milestone-bench-") as folder:
        work = Path(folder)
        results.append(run_backend("sqlite", work / "sqlite", args.full, []))
        if args.full:
            wrapper = [str(ROOT / ".ci" / "with-postgres")]
            results.append(run_backend("postgresql", work / "postgresql", args.full, wrapper))
    rows = rows_from_dicts([row for result in results for row in result["rows"]])
    versions = [result["info"]["db_version"] for result in results]
    text = report(rows, info, versions, args.full)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    print()
    print(text)
    print(f"Written to {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")


if __name__ == "__main__":
    main()
