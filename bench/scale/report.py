"""The figures of `make scale-demo` (bench/scale/run.sh), from locust's CSV files and /proc.

    report.py cpu PID...                     CPU seconds used so far by each process and its
                                             children (living, and those already ended)
    report.py summary WORK USERS SECONDS STORE  the table: screenings per minute, p95 per step,
                                             errors, CPU per screening and request, the ratio
    report.py shared-counts                  the rate-limit counts both instances kept in the
                                             shared database cache, next to what was done

The CPU figures are what the app and the database spent, whatever else ran on the machine at
the time, so they size servers better than the throughput of two instances sharing two cores.
"""

import csv
import os
import sys
from pathlib import Path

# The steps in the order a parent meets them (names from bench/scale/locustfile.py).
STEPS = [
    "start",
    "child details GET",
    "child details POST",
    "area GET",
    "area POST",
    "signs GET",
    "signs POST",
    "note GET",
    "note POST",
    "contact GET",
    "contact POST",
    "check GET",
    "submit POST",
    "result GET",
    "summary PDF",
]
RUNS = {"two": "two instances", "one": "one instance"}
# README "Scaling": a county-wide programme's busiest moment.
PEAK_REQUESTS_PER_SECOND = 50
TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, list[str]]:
    text = Path(f"/proc/{pid}/stat").read_text()
    fields = text[text.rindex(")") + 2 :].split()  # after "pid (name) "
    return int(fields[1]), fields  # parent pid, fields from "state" on


def cpu_seconds(pid: int) -> float:
    """CPU time of a process, of its children it has waited for, and of its living children."""
    if pid <= 0:
        return 0.0
    try:
        _, fields = _stat(pid)
    except OSError:
        return 0.0
    # utime, stime, cutime, cstime are fields 14-17 of /proc/PID/stat; "state" is field 3.
    ticks = sum(int(value) for value in fields[11:15])
    living_children = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent, _ = _stat(int(entry.name))
            except OSError:
                continue
            if parent == pid:
                living_children += cpu_seconds(int(entry.name))
    return ticks / TICKS + living_children


def _rows(work: Path, run: str) -> dict[str, dict[str, str]]:
    with open(work / f"{run}_stats.csv", newline="") as stats:
        return {row["Name"]: row for row in csv.DictReader(stats)}


def _exceptions(work: Path, run: str) -> int:
    """Exceptions locust caught in the parents' code (none expected: journeys report theirs)."""
    exceptions = work / f"{run}_exceptions.csv"
    if not exceptions.exists():
        return 0
    with open(exceptions, newline="") as rows:
        return sum(int(row["Count"]) for row in csv.DictReader(rows))


def _errors(work: Path, run: str) -> list[str]:
    lines = []
    with open(work / f"{run}_failures.csv", newline="") as failures:
        for row in csv.DictReader(failures):
            lines.append(f"  {row['Occurrences']} × {row['Name']}: {row['Error']}")
    exceptions = work / f"{run}_exceptions.csv"
    if exceptions.exists():
        with open(exceptions, newline="") as rows:
            for row in csv.DictReader(rows):
                lines.append(f"  {row['Count']} × exception: {row['Message']}")
    return lines


def _milliseconds(value: str) -> str:
    return "—" if value in ("", "N/A") else f"{float(value):,.0f}"


def summary(work: Path, users: int, seconds: int, pdf_store: Path) -> int:
    figures = {}
    for run in RUNS:
        rows = _rows(work, run)
        http = [row for name, row in rows.items() if name in STEPS]
        journey = rows.get("journey", {})
        cpu = [float(value) for value in (work / f"{run}.cpu").read_text().split()]
        before, after = cpu[:3], cpu[3:]
        requests = sum(int(row["Request Count"]) for row in http)
        # Every failed request, and every journey that broke off for another reason.
        error_lines = _errors(work, run)
        errors = int(rows["Aggregated"]["Failure Count"]) + _exceptions(work, run)
        screenings = int(journey.get("Request Count", 0) or 0) - int(
            journey.get("Failure Count", 0) or 0
        )
        figures[run] = {
            "rows": rows,
            # Journeys begun: the requests of those still under way at the end count too.
            "started": int(rows.get("start", {}).get("Request Count", 0) or 0),
            "requests": requests,
            "errors": errors,
            "error_lines": error_lines,
            "screenings": screenings,
            "per_minute": screenings * 60 / seconds,
            "per_second": requests / seconds,
            "journey_p95": journey.get("95%", ""),
            "app_cpu": (after[0] - before[0]) + (after[1] - before[1]),
            "db_cpu": after[2] - before[2],
        }

    cores = os.cpu_count()
    print()
    print(f"Scale demo: {users} parents, {seconds}s per run, {cores} cores on this machine")
    print("Each parent: start → child details → every area → signs → note → contact (No thanks) →")
    print("check → submit → result → summary PDF, then the next parent. Times are p95 in ms.")
    print()
    header = f"{'step':<22}" + "".join(f"{label:>16}" for label in RUNS.values())
    print(header)
    print("-" * len(header))
    for step in STEPS:
        cells = [_milliseconds(figures[run]["rows"].get(step, {}).get("95%", "")) for run in RUNS]
        print(f"{step:<22}" + "".join(f"{cell:>16}" for cell in cells))
    print(
        f"{'whole journey':<22}"
        + "".join(f"{_milliseconds(figures[run]['journey_p95']):>16}" for run in RUNS)
    )
    print("-" * len(header))

    def line(label: str, cell) -> None:
        print(f"{label:<22}" + "".join(f"{cell(figures[run]):>16}" for run in RUNS))

    line("screenings completed", lambda f: f"{f['screenings']:,}")
    line("screenings / minute", lambda f: f"{f['per_minute']:,.1f}")
    line("requests / second", lambda f: f"{f['per_second']:,.1f}")
    line("requests / screening", lambda f: _per(f["requests"], f["started"], "{:.1f}"))
    line("errors", lambda f: f"{f['errors']:,}")
    line("app CPU s / screening", lambda f: _per(f["app_cpu"], f["screenings"], "{:.2f}"))
    line("app CPU ms / request", lambda f: _per(1000 * f["app_cpu"], f["requests"], "{:.0f}"))
    line("DB CPU ms / screening", lambda f: _per(1000 * f["db_cpu"], f["screenings"], "{:.0f}"))
    line("app cores busy", lambda f: f"{f['app_cpu'] / seconds:.2f}")
    print("-" * len(header))

    two, one = figures["two"], figures["one"]
    ratio = two["per_minute"] / one["per_minute"] if one["per_minute"] else float("nan")
    print(f"Speed-up, two instances over one: {ratio:.2f}× screenings per minute")
    stored = [path.stat().st_size for path in pdf_store.rglob("*.pdf")]
    if stored:
        average = sum(stored) / len(stored) / 1024
        print(f"PDFs in the shared store: {len(stored):,}, {average:,.0f} KiB each on average")
    if one["screenings"] and one["started"]:
        # A screening's requests, the PDF among them, at the peak request rate.
        per_screening = one["requests"] / one["started"]
        screenings_per_second = PEAK_REQUESTS_PER_SECOND / per_screening
        app_cores = screenings_per_second * one["app_cpu"] / one["screenings"]
        database_cores = screenings_per_second * one["db_cpu"] / one["screenings"]
        print(
            f"At {PEAK_REQUESTS_PER_SECOND} requests/s of this mix ({screenings_per_second:.1f}"
            f" screenings/s) the app needs {app_cores:.1f} cores fully busy, PostgreSQL"
            f" {database_cores:.2f} (CPU measured above, one instance)"
        )
    if os.environ.get("SCALE_PIN_CORES") == "1":
        print(
            "Each instance had one core of its own (SCALE_PIN_CORES=1); nginx, PostgreSQL and"
            " locust used both:\nthe ratio is what a second one-core server adds here."
        )
    else:
        print(
            f"Both instances share these {cores} cores with nginx, PostgreSQL and locust: the"
            " ratio shows that a second instance\nworks alongside the first (shared database,"
            " PDF store and rate-limit counts), not what a second machine would add."
        )
    failed = False
    for run, label in RUNS.items():
        if figures[run]["errors"] or figures[run]["error_lines"]:
            failed = True
            print(f"\nErrors with {label}:")
            print("\n".join(figures[run]["error_lines"]) or "  (see locust's log)")
        if not figures[run]["screenings"]:
            failed = True
            print(f"\nNo screening was completed with {label}.")
    return 1 if failed else 0


def _per(total: float, count: int, style: str) -> str:
    return style.format(total / count) if count else "—"


def shared_counts() -> int:
    """Both instances count one client's screenings and PDFs in one place (the database cache):
    its counts should match the work done in every run, not half of it."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.test import RequestFactory
    from django_ratelimit.core import get_usage

    from screening.models import Screening
    from screening.views import NEW_SCREENING_LIMIT, PDF_LIMIT

    # The address every simulated parent came from.
    factory = RequestFactory(REMOTE_ADDR="127.0.0.1")
    started = get_usage(factory.post("/screening/new/"), **NEW_SCREENING_LIMIT)
    pdfs = get_usage(factory.get("/"), **PDF_LIMIT)
    print(
        f"Rate-limit counts in the shared database cache: {started['count'] if started else 0:,}"
        f" screenings started (the database has {Screening.objects.count():,}),"
        f" {pdfs['count'] if pdfs else 0:,} PDFs"
        f" ({Screening.objects.filter(submitted_at__isnull=False).count():,} submitted)"
    )
    return 0


def main(arguments: list[str]) -> int:
    command, *rest = arguments
    if command == "cpu":
        print(" ".join(f"{cpu_seconds(int(pid)):.2f}" for pid in rest))
        return 0
    if command == "summary":
        work, users, seconds, pdf_store = rest
        return summary(Path(work), int(users), int(seconds), Path(pdf_store))
    if command == "shared-counts":
        return shared_counts()
    raise SystemExit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
