"""Data for the bench, made by the app's own code.

- `seed_screenings`: screenings started, answered area by area, signs reviewed and submitted
  through `screening.services`, exactly as a parent's pages do, for children of every age range
  (one area in four answered "Not yet" everywhere, so it is flagged; one screening in seven with a
  sign checked). Drafts (every area answered, not submitted) are what the area step is measured on.
- `bulk_copy`: for the 50,000-screening staff list. Going through the services takes ~0.1 s per
  screening, so the rest are copies of the submitted ones, inserted with `bulk_create` (each with a
  new reference, private link and family, its areas, answers and signs, and a submission date
  spread over two years). Their activities are left out: no staff list, search, filter or export
  reads them, and they would double the time and size of the 50,000.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from milestones.models import AgeRange
from screening import services
from screening.models import (
    Family,
    Screening,
    ScreeningAnswer,
    ScreeningDomain,
    ScreeningRedFlag,
    new_reference,
    search_form,
)
from tests.factories import SuperuserFactory, date_of_birth_for_age

NICKNAMES = ["Sam", "Zoë", "Sofía", "Liam", "Ava", "Mateo", "Noah", "Emma", "Lucía", "Kai"]
STAFF_USERNAME = "bench-admin"
# Submitted screenings of the quick set are spread over the last 150 days, so their private
# links still work (DJANGO_LINK_DAYS, 180 by default) for the parent paths.
RECENT_DAYS = 150
COPY_DAYS = 730


def staff_user():
    return SuperuserFactory(username=STAFF_USERNAME)


def _child(index: int, ranges: list[AgeRange], today: date) -> services.ChildDetails:
    age_range = ranges[index % len(ranges)]
    months = (age_range.min_months + age_range.max_months) // 2
    return services.ChildDetails(
        nickname=f"{NICKNAMES[index % len(NICKNAMES)]} {index}",
        date_of_birth=date_of_birth_for_age(months, today),
        weeks_early=0,
    )


def _answer_everything(screening: Screening, index: int) -> None:
    for position, domain in enumerate(screening.domains.order_by("position")):
        answers = list(domain.answers.all())
        flagged = index % 4 == 0 and position == index % 3
        choice = "not_yet" if flagged else ("sometimes" if index % 5 == 0 else "yes")
        services.save_domain_answers(
            screening, answers, {answer.milestone_key: choice for answer in answers}
        )
    keys = list(screening.red_flags.values_list("red_flag_key", flat=True)[:1])
    services.save_red_flags(screening, set(keys) if index % 7 == 0 else set())


def seed_screenings(submitted: int, drafts: int) -> tuple[list[Screening], list[Screening]]:
    """`submitted` screenings submitted and `drafts` with every area answered, through the
    services. Returns (submitted, drafts), newest submission first."""
    today = timezone.localdate()
    ranges = list(AgeRange.objects.filter(is_active=True).order_by("min_months"))
    done, open_ = [], []
    for index in range(submitted + drafts):
        language = "es" if index % 10 == 3 else "en"
        screening = services.start_screening(_child(index, ranges, today), today, language)
        _answer_everything(screening, index)
        if index < submitted:
            assert services.submit_screening(screening)
            done.append(screening)
        else:
            open_.append(screening)
    now = timezone.now()
    step = timedelta(days=RECENT_DAYS) / max(submitted, 1)
    for position, screening in enumerate(done):
        Screening.objects.filter(pk=screening.pk).update(submitted_at=now - step * position)
    return done, open_


def _values(model, queryset, drop: tuple[str, ...]) -> list[dict]:
    names = [f.attname for f in model._meta.concrete_fields if f.attname not in drop]
    return list(queryset.values(*names))


def bulk_copy(total: int, batch: int = 1000, seed: int = 14) -> int:
    """Copies of the submitted screenings until there are `total` submitted ones. Returns how
    many were added."""
    rng = random.Random(seed)
    templates = _values(
        Screening,
        Screening.objects.filter(submitted_at__isnull=False).order_by("pk"),
        ("id", "link", "reference", "family_id"),
    )
    template_ids = [
        row["id"]
        for row in Screening.objects.filter(submitted_at__isnull=False).order_by("pk").values("id")
    ]
    domains: dict[int, list[dict]] = {}
    for row in _values(
        ScreeningDomain,
        ScreeningDomain.objects.filter(screening_id__in=template_ids).order_by("position"),
        (),
    ):
        domains.setdefault(row["screening_id"], []).append(row)
    children: dict[type, dict[int, list[dict]]] = {}
    for model in (ScreeningAnswer,):
        by_domain: dict[int, list[dict]] = {}
        for row in _values(
            model, model.objects.filter(domain__screening_id__in=template_ids), ("id",)
        ):
            by_domain.setdefault(row["domain_id"], []).append(row)
        children[model] = by_domain
    flags: dict[int, list[dict]] = {}
    for row in _values(
        ScreeningRedFlag, ScreeningRedFlag.objects.filter(screening_id__in=template_ids), ("id",)
    ):
        flags.setdefault(row["screening_id"], []).append(row)

    existing = Screening.objects.filter(submitted_at__isnull=False).count()
    to_add = max(0, total - existing)
    references = set(Screening.objects.values_list("reference", flat=True))
    now = timezone.now()
    step = timedelta(days=COPY_DAYS) / max(to_add, 1)
    added = 0
    while added < to_add:
        size = min(batch, to_add - added)
        with transaction.atomic():
            families = Family.objects.bulk_create([Family() for _ in range(size)])
            sources, screenings = [], []
            for offset in range(size):
                number = added + offset
                source_index = number % len(templates)
                values = dict(templates[source_index])
                reference = new_reference()
                while reference in references:
                    reference = new_reference()
                references.add(reference)
                nickname = f"{NICKNAMES[number % len(NICKNAMES)]} c{number}"
                values.update(
                    nickname=nickname,
                    nickname_search=search_form(nickname),
                    submitted_at=now
                    - timedelta(days=RECENT_DAYS)
                    - step * number
                    - timedelta(seconds=rng.random()),
                )
                sources.append(template_ids[source_index])
                screenings.append(
                    Screening(
                        **values,
                        link=uuid.uuid4(),
                        reference=reference,
                        family_id=families[offset].pk,
                    )
                )
            Screening.objects.bulk_create(screenings)
            new_domains, domain_sources = [], []
            for source, screening in zip(sources, screenings, strict=True):
                for row in domains.get(source, []):
                    values = {k: v for k, v in row.items() if k not in ("id", "screening_id")}
                    new_domains.append(ScreeningDomain(**values, screening_id=screening.pk))
                    domain_sources.append(row["id"])
            ScreeningDomain.objects.bulk_create(new_domains)
            for model, by_domain in children.items():
                rows = [
                    model(**{**row, "domain_id": domain.pk})
                    for source, domain in zip(domain_sources, new_domains, strict=True)
                    for row in by_domain.get(source, [])
                ]
                model.objects.bulk_create(rows, batch_size=2000)
            ScreeningRedFlag.objects.bulk_create(
                [
                    ScreeningRedFlag(**{**row, "screening_id": screening.pk})
                    for source, screening in zip(sources, screenings, strict=True)
                    for row in flags.get(source, [])
                ],
                batch_size=2000,
            )
        added += size
    return added
