"""One database's part of `make bench`: set up a throwaway database, seed it, serve it with
gunicorn, measure, and write the rows (bench/table.py) as JSON. `bench/run.py` runs this once for
SQLite and, with FULL=1, once more inside `.ci/with-postgres`; it is not meant to be run alone.

    python -m bench.backend --db sqlite --screenings 1000 [--large 50000] --out rows.json --work DIR

The environment (bench/run.py sets it) names the database (DATABASE_URL), a throwaway secret key,
DEBUG off, rate limits high enough for the load, and DJANGO_SETTINGS_MODULE=bench.settings.
"""

from __future__ import annotations

import argparse
import http.client
import json
import logging
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()
# The access log's line per request stays on in gunicorn (as in production) but not for the
# in-process staff runs, which would fill the terminal.
logging.getLogger("milestone_check.access").setLevel(logging.WARNING)

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench import seed  # noqa: E402
from bench.table import IN_PROCESS, Row  # noqa: E402
from bench.wrk import parse_wrk, wrk_script  # noqa: E402
from screening.models import Screening  # noqa: E402

WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "5"))
CONCURRENCY = (1, 4)
DRAFTS = 4
PDF_FIRST = int(os.environ.get("BENCH_PDF_FIRST", "6"))
STAFF_RUNS = int(os.environ.get("BENCH_STAFF_RUNS", "7"))
HOST = "127.0.0.1"
CSRF_TOKEN = secrets.token_hex(16)  # 32 characters, as Django's own unmasked token
# A POST needs the CSRF cookie and the same token in the form; the bench sets both itself.
CSRF_COOKIE = f"csrftoken={CSRF_TOKEN}"


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- the server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn as `make serve` runs it (2 sync workers, --preload, DEBUG off) on a free port."""

    def __init__(self, work: Path):
        self.port = free_port()
        self.log_path = work / "gunicorn.log"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        gunicorn = Path(sys.executable).parent / "gunicorn"
        command = [str(gunicorn), "config.wsgi", "--preload", "--bind", f"{HOST}:{self.port}"]
        command += ["--workers", "2", "--forwarded-allow-ips", "", "--timeout", "120"]
        # Workers recycled as `make serve` does, with its defaults and variables.
        command += ["--max-requests", os.environ.get("GUNICORN_MAX_REQUESTS", "2000")]
        command += ["--max-requests-jitter", os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200")]
        with open(self.log_path, "ab") as log_file:
            self.process = subprocess.Popen(
                command, cwd=ROOT, stdout=log_file, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped: see {self.log_path}")
            try:
                if request("GET", self.port, "/bench/bare/")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def request(method: str, port: int, path: str, body: str | None = None):
    """(status, headers, body bytes) for one request, without following redirects."""
    conn = http.client.HTTPConnection(HOST, port, timeout=120)
    headers = {}
    if body is not None:
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": CSRF_COOKIE,
        }
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


# --- wrk ---------------------------------------------------------------------------------------


def run_wrk(
    port: int, work: Path, name: str, method: str, paths, bodies, concurrency: int, seconds=0
):
    script = work / f"{name}.lua"
    script.write_text(wrk_script(method, paths, bodies, CSRF_COOKIE))
    seconds = seconds or WRK_SECONDS
    command = ["wrk", "-t1", f"-c{concurrency}", f"-d{seconds}s", "--timeout", "60s"]
    command += ["--latency", "-s", str(script), f"http://{HOST}:{port}"]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    result = parse_wrk(output)
    if result["requests"] < 5:
        raise RuntimeError(f"{name}: only {result['requests']} requests in {seconds} s")
    if result["bad"] or result["timeouts"]:
        raise RuntimeError(f"{name}: {result['bad']} bad responses, {result['timeouts']} timeouts")
    log(f"{name} c{concurrency}: {result['rps']:.1f} req/s, p50 {result['p50']:.2f} ms")
    return result


# --- query counts (in-process) ------------------------------------------------------------------


def client() -> Client:
    return Client(HTTP_HOST=HOST)


def queries(method: str, path: str, data: dict | None = None, warm: bool = True) -> int:
    browser = client()
    send = browser.post if method == "POST" else browser.get
    if warm:
        send(path, data) if data else send(path)
    with CaptureQueriesContext(connection) as captured:
        response = send(path, data) if data else send(path)
    assert response.status_code < 400, (path, response.status_code)
    return len(captured)


# --- parent paths --------------------------------------------------------------------------------


def area_post_data(screening: Screening) -> tuple[str, dict]:
    domain = screening.domains.order_by("position").first()
    assert domain is not None
    data = {f"answer-{a.milestone_key}": a.answer or "yes" for a in domain.answers.all()}
    return f"/s/{screening.link}/area/{domain.key}/", data


def parent_rows(db: str, screenings: int, work: Path, done, drafts) -> list[Row]:
    rows: list[Row] = []
    area = [area_post_data(draft) for draft in drafts]
    area_paths = [path for path, _ in area]
    bodies = [urlencode({"csrfmiddlewaretoken": CSRF_TOKEN, **data}) for _, data in area]
    result_paths = [f"/s/{s.link}/result/" for s in done[:8]]
    pdf_paths = [f"/s/{s.link}/summary.pdf" for s in done[8 : 8 + PDF_FIRST]]
    pdf_for_queries = f"/s/{done[8 + PDF_FIRST].link}/summary.pdf"

    counts = {
        "bare": queries("GET", "/bench/bare/"),
        "area-get": queries("GET", area_paths[0]),
        "area-post": queries("POST", area_paths[0], area[0][1]),
        "result": queries("GET", result_paths[0]),
        "pdf-first": queries("GET", pdf_for_queries, warm=False),
        "pdf-repeat": queries("GET", pdf_for_queries, warm=False),
    }
    prefix = f"{db}/{screenings}"

    def key(name: str, concurrency: int) -> str:
        return f"{prefix}/c{concurrency}/{name}"

    with Gunicorn(work) as server:
        port = server.port
        # Each path answers as a parent's browser would see it before it is measured.
        assert request("GET", port, area_paths[0])[0] == 200
        status, headers, _ = request("POST", port, area_paths[0], bodies[0])
        # A valid POST saves and goes on to the next step (a 200 would be the form with errors).
        assert status == 302 and headers.get("Location") != area_paths[0], (status, headers)
        assert request("GET", port, result_paths[0])[0] == 200
        wrk_paths = [
            ("bare", "bare view (HttpResponse('ok'))", "GET", ["/bench/bare/"], None),
            ("area-get", "area step GET", "GET", area_paths, None),
            ("area-post", "area step POST (302 to next step)", "POST", area_paths, bodies),
            ("result", "result page GET", "GET", result_paths, None),
        ]
        for concurrency in CONCURRENCY:
            for name, label, method, paths, path_bodies in wrk_paths:
                measured = run_wrk(port, work, name, method, paths, path_bodies, concurrency)
                rows.append(
                    wrk_row(
                        measured,
                        key=key(name, concurrency),
                        path=label,
                        db=db,
                        screenings=screenings,
                        concurrency=concurrency,
                        queries=counts[name],
                        bare=key("bare", concurrency),
                    )
                )

        # PDF: the first download of each screening's summary, one after another, then repeats.
        first_times, first_body = [], b""
        for path in pdf_paths:
            started = time.perf_counter()
            status, headers, body = request("GET", port, path)
            first_times.append((time.perf_counter() - started) * 1000)
            assert status == 200 and body.startswith(b"%PDF"), (path, status)
            first_body = first_body or body
        status, _, again = request("GET", port, pdf_paths[0])
        identical = again == first_body
        plain = plain_weasyprint(first_body)
        rows.append(plain["row"](db, screenings, prefix))
        rows.append(plain["minimal"](db, screenings, prefix))
        first_times.sort()
        rows.append(
            Row(
                key=f"{prefix}/c1/pdf-first",
                path="summary PDF, first download",
                db=db,
                screenings=screenings,
                concurrency=1,
                rps=1000 / statistics.mean(first_times),
                p50_ms=statistics.median(first_times),
                p99_ms=first_times[-1],
                queries=counts["pdf-first"],
                bare=key("bare", 1),
                ref=f"{prefix}/plain-pdf",
                note=f"{plain['pages']} pages, {len(first_times)} screenings; p99 = slowest",
            )
        )
        for concurrency in CONCURRENCY:
            # Twice as long: a PDF rendered on every download takes about half a second.
            measured = run_wrk(
                port, work, "pdf-repeat", "GET", pdf_paths, None, concurrency, 2 * WRK_SECONDS
            )
            rows.append(
                wrk_row(
                    measured,
                    key=key("pdf-repeat", concurrency),
                    path="summary PDF, repeat download",
                    db=db,
                    screenings=screenings,
                    concurrency=concurrency,
                    queries=counts["pdf-repeat"],
                    bare=key("bare", concurrency),
                    ref=f"{prefix}/plain-pdf",
                    note="same bytes" if identical else "bytes differ from the first",
                )
            )
    return rows


def wrk_row(measured: dict, **fields) -> Row:
    """A row measured with wrk: its req/s, p50 and p99 (`run_wrk`'s result)."""
    return Row(rps=measured["rps"], p50_ms=measured["p50"], p99_ms=measured["p99"], **fields)


def in_process_row(times: list[float], **fields) -> Row:
    """A row measured in the bench's own process: its sorted times (ms) give req/s, p50 and the
    slowest run as p99."""
    return Row(
        concurrency=1,
        rps=1000 / statistics.mean(times),
        p50_ms=statistics.median(times),
        p99_ms=times[-1],
        mode=IN_PROCESS,
        **fields,
    )


def plain_weasyprint(pdf: bytes) -> dict:
    """A plain WeasyPrint document with the summary's text and page count, and a minimal one,
    each rendered in this process (median of 5) as the PDF rows' reference."""
    from html import escape
    from io import BytesIO

    import weasyprint
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(pdf))
    pages = len(reader.pages)
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    paragraphs = [line for line in text.splitlines() if line.strip()]

    def html_for(lines: list[str]) -> str:
        body = "".join(f"<p>{escape(line)}</p>" for line in lines)
        return f"<html><head><meta charset='utf-8'></head><body>{body}</body></html>"

    # The same text as paragraphs; repeated or cut until the page count matches the summary's.
    lines = list(paragraphs)
    while len(weasyprint.HTML(string=html_for(lines)).render().pages) < pages:
        lines += paragraphs
    while len(lines) > 1 and len(weasyprint.HTML(string=html_for(lines[:-5])).render().pages) >= (
        pages
    ):
        lines = lines[:-5]
    document = html_for(lines)

    def timed(html: str) -> list[float]:
        weasyprint.HTML(string=html).write_pdf()
        times = []
        for _ in range(5):
            started = time.perf_counter()
            weasyprint.HTML(string=html).write_pdf()
            times.append((time.perf_counter() - started) * 1000)
        return sorted(times)

    plain_times = timed(document)
    minimal_times = timed("<html><body><p>ok</p></body></html>")

    def row(times, key, label):
        return lambda db, screenings, prefix: in_process_row(
            times,
            key=f"{prefix}/{key}",
            path=label,
            db=db,
            screenings=screenings,
            ref=f"{prefix}/plain-pdf",
            note="in-process, median of 5",
        )

    return {
        "pages": pages,
        "row": row(plain_times, "plain-pdf", f"plain WeasyPrint document, {pages} pages"),
        "minimal": row(minimal_times, "minimal-pdf", "minimal WeasyPrint document, 1 page"),
    }


# --- staff paths (in-process) -----------------------------------------------------------------


def timed_get(browser: Client, path: str, data=None, runs: int = STAFF_RUNS):
    """(sorted times in ms, queries of the last run), after one warm-up run."""
    send = (lambda: browser.post(path, data)) if data else (lambda: browser.get(path))
    response = send()
    assert response.status_code == 200, (path, response.status_code)
    times, count = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = send()
            times.append((time.perf_counter() - started) * 1000)
        count = len(captured)
    return sorted(times), count, response


def staff_rows(db: str, screenings: int, reference_size: int | None) -> list[Row]:
    browser = client()
    browser.force_login(seed.staff_user())
    prefix = f"{db}/{screenings}"
    base = "/admin/screening/screening/"
    middle = Screening.objects.filter(submitted_at__isnull=False).order_by("submitted_at")
    reference = middle[middle.count() // 2].reference
    newest = list(
        Screening.objects.filter(submitted_at__isnull=False)
        .order_by("-submitted_at")
        .values_list("pk", "submitted_at")[:500]
    )
    since = newest[-1][1].isoformat()
    export_query = urlencode({"submitted_at__gte": since})
    paths = [
        ("changelist", "staff list (default)", f"{base}", None),
        ("search-reference", "staff search: a reference", f"{base}?q={reference}", None),
        ("search-nickname", "staff search: nickname 'sofia'", f"{base}?q=sofia", None),
        ("flagged", "staff filter: any flagged area", f"{base}?flagged_area=any", None),
        ("signs", "staff filter: signs checked", f"{base}?has_signs=yes", None),
        (
            "csv",
            "staff CSV export of 500 (select all matching)",
            f"{base}?{export_query}",
            {
                "action": "export_csv",
                "select_across": "1",
                "index": "0",
                "_selected_action": [newest[0][0]],
            },
        ),
    ]
    rows = []
    bare_times, bare_queries, _ = timed_get(browser, "/bench/bare/")
    bare_key = f"{prefix}/in-process/bare"
    rows.append(
        in_process_row(
            bare_times,
            key=bare_key,
            path="bare view, in-process",
            db=db,
            screenings=screenings,
            queries=bare_queries,
            bare=bare_key,
        )
    )
    for name, label, path, data in paths:
        runs = STAFF_RUNS if name != "csv" else max(3, STAFF_RUNS // 2)
        times, count, response = timed_get(browser, path, data, runs)
        note = f"median of {runs}"
        if name == "csv":
            exported = response.content.decode("utf-8-sig").count("\n") - 1
            note += f", {exported} rows"
        rows.append(
            in_process_row(
                times,
                key=f"{prefix}/in-process/{name}",
                path=label,
                db=db,
                screenings=screenings,
                queries=count,
                bare=bare_key,
                ref=f"{db}/{reference_size}/in-process/{name}" if reference_size else None,
                note=note,
            )
        )
        log(f"{label} at {screenings}: p50 {rows[-1].p50_ms:.1f} ms, {count} queries")
    return rows


# --- the run -----------------------------------------------------------------------------------


def prepare_database() -> None:
    for command in ("migrate", "createcachetable", "load_milestones", "setup_roles"):
        call_command(command, verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--screenings", type=int, default=1000)
    parser.add_argument("--large", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: `make bench` installs it (Debian package wrk)")
    args.work.mkdir(parents=True, exist_ok=True)

    started = time.monotonic()
    prepare_database()
    seed.staff_user()
    log(f"{args.db}: seeding {args.screenings} screenings through screening.services")
    done, drafts = seed.seed_screenings(args.screenings, DRAFTS)
    done.sort(key=lambda s: Screening.objects.get(pk=s.pk).submitted_at, reverse=True)
    log(f"{args.db}: seeded in {time.monotonic() - started:.0f} s")
    rows = parent_rows(args.db, args.screenings, args.work, done, drafts)
    rows += staff_rows(args.db, args.screenings, None)
    if args.large:
        log(f"{args.db}: copying up to {args.large} screenings (bulk_create)")
        copy_started = time.monotonic()
        seed.bulk_copy(args.large)
        log(f"{args.db}: copied in {time.monotonic() - copy_started:.0f} s")
        rows += staff_rows(args.db, args.large, args.screenings)
    info = {"db_version": database_version(), "seconds": round(time.monotonic() - started)}
    args.out.write_text(json.dumps({"rows": [r.as_dict() for r in rows], "info": info}))


def database_version() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]}"
        cursor.execute("show server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


if __name__ == "__main__":
    main()
