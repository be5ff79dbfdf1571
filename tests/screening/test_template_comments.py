"""Django's {# ... #} comment ends at the end of its line: one spread over two lines is shown to
parents as text (it happened on the start and check pages). Longer notes use {% comment %}."""

from pathlib import Path

import pytest
from django.urls import reverse

from tests.pages import visible_text

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.mark.parametrize(
    "template", sorted(TEMPLATES.rglob("*.html")), ids=lambda path: str(path.relative_to(TEMPLATES))
)
def test_every_one_line_comment_closes_on_its_line(template):
    for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), start=1):
        opened = line.rfind("{#")
        assert opened == -1 or "#}" in line[opened:], f"line {number}: {line.strip()}"


def test_the_start_page_shows_no_template_comment(client, content, main_clinic):
    page = visible_text(client.get(reverse("screening:start")).content)

    assert "{#" not in page and "#}" not in page
