"""`make bench`'s own arithmetic and wiring (bench/): the ratios in its table, reading wrk's
report, and the bare view its bench-only settings add. Nothing here is timed."""

import pytest
from django.test import Client, override_settings
from django.urls import resolve

from bench import settings as bench_settings
from bench.table import IN_PROCESS, Row, cost_ratio, markdown_table, ref_ratio
from bench.wrk import parse_wrk, wrk_script


def row(key, **fields):
    values = {
        "path": key,
        "db": "sqlite",
        "screenings": 1000,
        "concurrency": 1,
        "rps": None,
        "p50_ms": None,
        "p99_ms": None,
    }
    return Row(key=key, **{**values, **fields})


def test_cost_ratio_is_bare_throughput_over_the_paths():
    bare = row("bare", rps=1400.0, p50_ms=0.7, bare="bare")
    area = row("area", rps=140.0, p50_ms=7.0, bare="bare")
    assert cost_ratio(bare, bare) == 1.0
    assert cost_ratio(area, bare) == pytest.approx(10.0)
    assert cost_ratio(area, None) is None


def test_in_process_rows_compare_medians():
    bare = row("bare", rps=100.0, p50_ms=2.0, mode=IN_PROCESS, bare="bare")
    staff = row("staff", rps=4.0, p50_ms=250.0, mode=IN_PROCESS, bare="bare")
    assert cost_ratio(staff, bare) == pytest.approx(125.0)


def test_ref_ratio_compares_medians():
    plain = row("plain", p50_ms=200.0)
    pdf = row("pdf", p50_ms=500.0, ref="plain")
    assert ref_ratio(pdf, plain) == pytest.approx(2.5)
    assert ref_ratio(pdf, None) is None


def test_table_has_one_line_per_row_with_its_ratios():
    rows = [
        row("bare", path="bare view", rps=1400.0, p50_ms=0.7, p99_ms=2.0, queries=0, bare="bare"),
        row(
            "area", path="area step GET", rps=140.0, p50_ms=7.5, p99_ms=20.0, queries=3, bare="bare"
        ),
        row("plain", path="plain WeasyPrint", rps=5.0, p50_ms=200.0, mode=IN_PROCESS),
        row("pdf", path="summary PDF", rps=2.0, p50_ms=500.0, bare="bare", ref="plain"),
    ]
    table = markdown_table(rows).splitlines()
    assert len(table) == 2 + len(rows)
    assert table[0].count("|") == table[1].count("|") == table[2].count("|")
    assert "| area step GET | sqlite | 1,000 | 1 | 140 | 7.50 | 20.0 | 10.0× |" in table[3]
    assert table[3].endswith("| 3 |")
    assert "| 700× | 2.5× | plain WeasyPrint |" in table[5]


WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8000
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.86ms    1.20ms  21.04ms   90.12%
  Latency Distribution
     50%  670.00us
     75%    3.10ms
     90%    4.02ms
     99%    1.20s
  7131 requests in 5.00s, 1.95MB read
  Non-2xx or 3xx responses: 2
Requests/sec:   1426.12
Transfer/sec:    399.73KB
"""


def test_reads_wrks_report():
    report = parse_wrk(WRK_OUTPUT)
    assert report["rps"] == pytest.approx(1426.12)
    assert report["p50"] == pytest.approx(0.67)
    assert report["p99"] == pytest.approx(1200.0)
    assert report["requests"] == 7131
    assert report["bad"] == 2


def test_post_script_sends_each_body_with_the_csrf_cookie():
    script = wrk_script("POST", ["/a/", "/b/"], ["x=1", 'y="2"'], "csrftoken=abc")
    assert 'local paths = {"/a/", "/b/"}' in script
    assert 'local bodies = {"x=1", "y=\\"2\\""}' in script
    assert '["Cookie"] = "csrftoken=abc"' in script
    assert 'wrk.format("POST", paths[i], headers, bodies[i])' in script


def test_bench_settings_add_the_bare_view_to_the_apps_urls():
    assert bench_settings.ROOT_URLCONF == "bench.urls"
    assert resolve("/bench/bare/", urlconf="bench.urls").url_name == "bench_bare"
    assert resolve("/health/", urlconf="bench.urls").url_name == "health"


@override_settings(ROOT_URLCONF="bench.urls")
def test_bare_view_answers_ok():
    response = Client().get("/bench/bare/")
    assert response.status_code == 200
    assert response.content == b"ok"
