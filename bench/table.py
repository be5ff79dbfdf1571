"""The bench's one table: rows measured by `bench/backend.py`, ratios worked out here.

Pure Python (no Django), so tests/bench_harness checks the arithmetic without running anything.

Two ratios per row, each to a baseline measured in the same run on the same database:
- **× bare** (cost ratio): for rows served by gunicorn, the bare view's req/s ÷ the path's req/s
  at the same concurrency (11× = each request costs as much as 11 bare ones); for rows measured
  in-process with Django's test Client (the staff pages), the path's p50 ÷ the bare view's p50
  measured the same way.
- **× ref**: the path's p50 ÷ its reference's p50 — the PDF against a plain WeasyPrint document of
  the same page count (rendered in-process, same run), a staff page at 50,000 screenings against the
  same page at 1,000.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

SERVED = "gunicorn"  # rows measured through gunicorn (wrk or a Python client on loopback)
IN_PROCESS = "in-process"  # rows measured with Django's test Client in the bench's process


@dataclass(frozen=True)
class Row:
    key: str  # unique in a run, e.g. "sqlite/1000/c1/area-get"
    path: str  # what a reader sees, e.g. "area step GET"
    db: str
    screenings: int
    concurrency: int
    rps: float | None
    p50_ms: float | None
    p99_ms: float | None
    queries: int | None = None
    mode: str = SERVED
    bare: str | None = None  # key of the bare view's row (its own key for a bare row)
    ref: str | None = None  # key of the reference row for "× ref"
    note: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def cost_ratio(row: Row, bare: Row | None) -> float | None:
    """How many bare requests one request of `row` costs (see the module's docstring)."""
    if bare is None:
        return None
    if bare.key == row.key:
        return 1.0
    if row.mode == IN_PROCESS:
        if row.p50_ms is None or not bare.p50_ms:
            return None
        return row.p50_ms / bare.p50_ms
    if not row.rps or bare.rps is None:
        return None
    return bare.rps / row.rps


def ref_ratio(row: Row, ref: Row | None) -> float | None:
    if ref is None or row.p50_ms is None or not ref.p50_ms:
        return None
    return row.p50_ms / ref.p50_ms


def _number(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "—"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.{digits}f}"


def _ratio(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.1f}×" if value < 100 else f"{value:,.0f}×"


HEADER = (
    "| path | db | screenings | conc. | req/s | p50 ms | p99 ms "
    "| × bare (cost: bare req/s ÷ req/s; in-process: p50 ÷ bare p50) "
    "| × ref (p50 ÷ ref p50) | ref | queries |"
)


def markdown_table(rows: list[Row]) -> str:
    by_key = {row.key: row for row in rows}
    lines = [HEADER, "|" + "---|" * HEADER.count(" | ") + "---|"]
    for row in rows:
        cost = cost_ratio(row, by_key.get(row.bare or ""))
        ref = by_key.get(row.ref) if row.ref else None
        path = f"{row.path} ({row.note})" if row.note else row.path
        lines.append(
            "| "
            + " | ".join(
                [
                    path,
                    row.db,
                    f"{row.screenings:,}",
                    str(row.concurrency) if row.mode == SERVED else "1 (in-process)",
                    _number(row.rps),
                    _number(row.p50_ms, 2),
                    _number(row.p99_ms, 2),
                    _ratio(cost),
                    _ratio(ref_ratio(row, ref)),
                    ref.path if ref else "",
                    "" if row.queries is None else str(row.queries),
                ]
            )
            + " |"
        )
    return "\n".join(lines)


def rows_from_dicts(items: list[dict]) -> list[Row]:
    return [Row(**item) for item in items]
