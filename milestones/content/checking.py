"""What the YAML reader's parts share: the checker that collects problems, naming the file and the
item of each, and the checks of texts, keys and sources that milestones and activities both use.

No database and no models here, so the reader runs without Django set up.
"""

import re

from ..choices import SourceKind
from .specs import NO_TEXT, Text

KEY_PATTERN = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
LANGUAGES = ("en", "es")
URL_PATTERN = re.compile(r"^https?://[^\s/]+\.[^\s]+$")
SOURCE_FIELDS = {"kind": True, "citation": True, "url": True}
# Fields that hold a text in each language: {en: ..., es: ...}.
TRANSLATED = {"name", "description", "text", "example", "at_home"}


class ContentError(Exception):
    """The YAML content has mistakes; `problems` lists each one with its file and item."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class Checker:
    """Collects problems while turning raw YAML into specs."""

    def __init__(self):
        self.problems: list[str] = []

    def problem(self, where: str, message: str):
        self.problems.append(f"{where}: {message}")

    def fields(self, raw, allowed: dict[str, bool], where: str) -> dict | None:
        """The item's values, translated ones as Text; None (with problems noted) if one is
        wrong."""
        if not isinstance(raw, dict):
            self.problem(where, "must be a set of 'field: value' lines")
            return None
        ok = True
        for name in raw:
            if name not in allowed:
                self.problem(where, f"unknown field '{name}' (allowed: {', '.join(allowed)})")
                ok = False
        values = dict(raw)
        for name, required in allowed.items():
            value = raw.get(name)
            if name in TRANSLATED:
                if value is None and not required:
                    values[name] = NO_TEXT
                    continue
                values[name] = self.translated(value, name, where)
                ok = ok and values[name] is not None
            elif required and (value is None or (isinstance(value, str) and not value.strip())):
                self.problem(where, f"'{name}' is missing or empty")
                ok = False
        return values if ok else None

    def translated(self, value, name: str, where: str) -> Text | None:
        if not isinstance(value, dict):
            self.problem(
                where, f"'{name}' must give the text in each language: en: ... and es: ..."
            )
            return None
        unknown = sorted(set(value) - set(LANGUAGES))
        if unknown:
            self.problem(
                where, f"'{name}' has unknown language(s) {', '.join(unknown)} (use en, es)"
            )
            return None
        missing = [lang for lang in LANGUAGES if not self.text(value.get(lang))]
        if missing:
            self.problem(where, f"'{name}' is missing its {' and '.join(missing)} translation")
            return None
        return Text(*(self.text(value[lang]) for lang in LANGUAGES))

    def text(self, value) -> str:
        return " ".join(str(value).split()) if value is not None else ""

    def key(self, raw: dict, where: str) -> bool:
        if not KEY_PATTERN.match(str(raw["key"])):
            self.problem(
                where, "key must use only lowercase letters, digits, '_' and '.' (no spaces)"
            )
            return False
        return True

    def months(self, value, name: str, where: str) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 120:
            self.problem(where, f"'{name}' must be a whole number of months from 0 to 120")
            return None
        return value

    def month_span(self, raw: dict, where: str) -> tuple[int, int] | None:
        span = []
        for name in ("min_months", "max_months"):
            value = raw[name]
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 120:
                self.problem(where, f"'{name}' must be a whole number of months from 0 to 120")
                return None
            span.append(value)
        if span[0] > span[1]:
            self.problem(where, "min_months is larger than max_months")
            return None
        return span[0], span[1]


def describe(file_name: str, section: str, index: int, raw) -> str:
    label = f"{file_name}, {section} item {index + 1}"
    if isinstance(raw, dict) and raw.get("key"):
        label += f" (key '{raw['key']}')"
    return label


def as_list(checker: Checker, container: dict, section: str, where: str) -> list:
    items = container.get(section) or []
    if not isinstance(items, list):
        checker.problem(f"{where}, {section}", "must be a list of items, each starting with '-'")
        return []
    return items


def item_source(checker: Checker, raw, where: str) -> tuple[str, str, str] | None:
    """(kind, citation, url) of an item's or activity's `source: {kind:, citation:, url:}`."""
    values = checker.fields(raw, SOURCE_FIELDS, f"{where}, source")
    if values is None:
        return None
    kind, url = checker.text(values["kind"]), checker.text(values["url"])
    if kind not in SourceKind.values:
        checker.problem(where, f"source kind must be one of {', '.join(SourceKind.values)}")
        return None
    if not URL_PATTERN.match(url) or len(url) > 300:
        checker.problem(where, "source url must be a web address a reviewer can open (https://...)")
        return None
    citation = checker.text(values["citation"])
    if len(citation) > 300:
        checker.problem(where, "source citation must be at most 300 characters")
        return None
    return kind, citation, url
