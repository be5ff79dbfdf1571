"""wrk's side of the bench: the Lua script that sends each request, and reading wrk's report.
Pure Python, so tests/bench_harness checks it without running wrk."""

from __future__ import annotations

import re


def lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wrk_script(method: str, paths: list[str], bodies: list[str] | None, cookie: str = "") -> str:
    """A wrk script that sends `method` to each of `paths` in turn (with `bodies` for a POST)."""
    lines = ["local paths = {" + ", ".join(lua_string(p) for p in paths) + "}"]
    if bodies:
        lines.append("local bodies = {" + ", ".join(lua_string(b) for b in bodies) + "}")
        lines.append(
            'local headers = {["Content-Type"] = "application/x-www-form-urlencoded", '
            f'["Cookie"] = {lua_string(cookie)}}}'
        )
    lines += [
        "local i = 0",
        "request = function()",
        "  i = i % #paths + 1",
        (
            f'  return wrk.format("{method}", paths[i], headers, bodies[i])'
            if bodies
            else f'  return wrk.format("{method}", paths[i])'
        ),
        "end",
    ]
    return "\n".join(lines) + "\n"


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match.group(1)) * UNITS[match.group(2)]


def parse_wrk(output: str) -> dict:
    percentiles = {
        int(p): _ms(v) for p, v in re.findall(r"^\s+(\d+)%\s+(\S+)\s*$", output, re.MULTILINE)
    }
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors:.*?timeout (\d+)", output)
    return {
        "rps": rps,
        "p50": percentiles.get(50),
        "p99": percentiles.get(99),
        "requests": requests,
        "bad": int(bad.group(1)) if bad else 0,
        "timeouts": int(errors.group(1)) if errors else 0,
    }
