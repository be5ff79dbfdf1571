"""Everything that writes a screening, each with its rule: the parent's side (starting it, saving
answers page by page, submitting it, deleting it) and the clinic's follow-up (status, referral,
assignee, internal notes), which records who did what and when."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from milestones.models import AgeRange, Milestone, RedFlag
from milestones.selectors import activities_for
from milestones.versions import current_content_version

from . import kept_results, pdf_store
from .ages import child_age
from .audit import record_deleted_by_family
from .eligibility import questions_for
from .models import (
    AssignmentChange,
    Clinic,
    Family,
    ReviewStatus,
    Screening,
    ScreeningActivity,
    ScreeningAnswer,
    ScreeningDomain,
    ScreeningRedFlag,
    StaffNote,
    StatusChange,
    search_form,
)
from .results import summarize_screening
from .series import Offer, check_again_offer, next_check_on, possibly_lost_skills


@dataclass(frozen=True)
class ChildDetails:
    nickname: str
    date_of_birth: date
    weeks_early: int
    clinic: Clinic | None = None


class ScreeningIncomplete(Exception):
    """Submit was asked for while an area has unanswered questions (`domain`), or while the
    warning-signs page has not been seen (`domain` is None)."""

    def __init__(self, domain: ScreeningDomain | None):
        self.domain = domain
        super().__init__(f"unanswered questions in {domain.key}" if domain else "signs not seen")


class ScreeningSubmitted(Exception):
    """The screening was submitted (perhaps from another tab): its answers can't change."""


def _lock_unsubmitted(screening: Screening) -> Screening:
    """The screening's row as it is now, held until the transaction ends so a submit can't slip
    in between; refuse if it is already submitted."""
    locked = (
        Screening.objects.select_for_update()
        .filter(pk=screening.pk, submitted_at__isnull=True)
        .first()
    )
    if locked is None:
        raise ScreeningSubmitted
    return locked


def _touch(screening: Screening, **changes) -> None:
    """Write `changes` to the screening's row and to `screening`, and mark it as changed now."""
    changes["updated_at"] = timezone.now()
    Screening.objects.filter(pk=screening.pk).update(**changes)
    for field, value in changes.items():
        setattr(screening, field, value)


def _set_child_details(screening: Screening, details: ChildDetails, today: date) -> AgeRange:
    age = child_age(details.date_of_birth, details.weeks_early, today)
    age_range = questions_for(age)
    if age_range is None:
        raise ValueError("no age range covers this child; the form should have said so")
    screening.nickname = details.nickname
    screening.nickname_search = search_form(details.nickname)
    screening.date_of_birth = details.date_of_birth
    screening.weeks_early = details.weeks_early
    screening.age_months = age.months
    screening.corrected_age_months = age.corrected_months
    return age_range


def _set_questionnaire(screening: Screening, age_range: AgeRange):
    screening.band_key = age_range.band.key
    screening.band_name = age_range.band.name
    screening.band_name_es = age_range.band.name_es
    screening.age_range_key = age_range.key
    screening.age_range_min_months = age_range.min_months
    screening.age_range_max_months = age_range.max_months
    screening.content_version = current_content_version()


def open_clinics():
    return Clinic.objects.filter(is_active=True)


def clinic_opened(clinic: Clinic, by) -> None:
    """Whoever opens a clinic reviews it, so its families are never left unseen (a superuser
    sees every clinic already)."""
    if not by.is_superuser:
        clinic.staff.add(by)


@transaction.atomic
def start_screening(
    details: ChildDetails, today: date, language: str = "en", family: Family | None = None
) -> Screening:
    """A new screening for the chosen clinic (the only open one when the parent had no choice):
    the first of a new child's, or the next of `family`'s."""
    clinic = details.clinic or open_clinics().get()
    screening = Screening(
        language=language, clinic=clinic, family=family or Family.objects.create()
    )
    age_range = _set_child_details(screening, details, today)
    _set_questionnaire(screening, age_range)
    screening.save()
    _copy_questions(screening, age_range)
    _copy_red_flags(screening, age_range)
    return screening


class CheckAgainRefused(Exception):
    """ "Check again" is not offered for this screening today (see `series.check_again_offer`)."""


class ClinicClosed(CheckAgainRefused):
    """The screening's clinic no longer takes new screenings."""


@transaction.atomic
def check_again(screening: Screening, today: date) -> Screening:
    """The child's next screening, with the child's details carried over, for the same clinic and
    family and in the same language. A second click finds the one the first click started."""
    # Two clicks at once wait for each other here, so the second finds the first one's screening.
    Family.objects.select_for_update().filter(screenings=screening).first()
    offer = check_again_offer(screening, today)
    if offer.offer is Offer.NEWER_STARTED and offer.newer is not None:
        return offer.newer
    if offer.offer is not Offer.DUE:
        raise CheckAgainRefused(offer.offer.value)
    if not screening.clinic.is_active:
        raise ClinicClosed(screening.clinic.name)
    details = ChildDetails(
        nickname=screening.nickname,
        date_of_birth=screening.date_of_birth,
        weeks_early=screening.weeks_early,
        clinic=screening.clinic,
    )
    return start_screening(details, today, language=screening.language, family=screening.family)


@dataclass(frozen=True)
class DetailsChange:
    # The new age range asks other questions (and the parent is taken back to the first area).
    questions_changed: bool
    # Answers the parent had given that were kept, because their questions are still asked.
    answers_kept: int = 0


@transaction.atomic
def change_child_details(screening: Screening, details: ChildDetails, today: date) -> DetailsChange:
    """Save new details. When the age range changes, its questions replace the old ones, keeping
    each answer whose question is still asked; warning signs still asked keep their check marks.
    Only a screening still being filled in can change: a submitted one keeps exactly what the
    parent saw."""
    _lock_unsubmitted(screening)
    age_before = screening.age_for_questions
    age_range = _set_child_details(screening, details, today)
    change = DetailsChange(questions_changed=age_range.key != screening.age_range_key)
    if change.questions_changed:
        _set_questionnaire(screening, age_range)
        earlier_answers = _given_answers(screening)
        screening.domains.all().delete()
        kept = _copy_questions(screening, age_range, earlier_answers)
        change = DetailsChange(questions_changed=True, answers_kept=kept)
    if change.questions_changed or screening.age_for_questions != age_before:
        # Some warning signs depend on the age in months, not only on the range.
        _replace_red_flags(screening, age_range)
    screening.save()
    return change


def _same_question(item) -> tuple[str, str]:
    """What makes two questions the same for a parent: the words they read (in both languages).
    Keys name their age range, so the same question asked in two ranges has two keys."""
    return (item.text, item.text_es)


def _given_answers(screening: Screening) -> dict:
    """The parent's answers so far, found by the question's key and by its area and words."""
    answers = ScreeningAnswer.objects.filter(domain__screening=screening).exclude(answer="")
    given: dict = {}
    for answer in answers.select_related("domain"):
        given[answer.milestone_key] = answer.answer
        given[(answer.domain.key, *_same_question(answer))] = answer.answer
    return given


def _replace_red_flags(screening: Screening, age_range: AgeRange) -> None:
    """The warning signs for the child's new age. A sign still asked keeps its check mark; if a
    sign the parent has not seen joins the list, they are asked to look at the list again."""
    before = list(screening.red_flags.all())
    checked = {
        key for flag in before if flag.checked for key in (flag.red_flag_key, _same_question(flag))
    }
    seen = {key for flag in before for key in (flag.red_flag_key, _same_question(flag))}
    screening.red_flags.all().delete()
    flags = _copy_red_flags(screening, age_range, checked)
    if any(flag.red_flag_key not in seen and _same_question(flag) not in seen for flag in flags):
        screening.red_flags_reviewed = False


def _copy_questions(
    screening: Screening, age_range: AgeRange, earlier_answers: dict | None = None
) -> int:
    """Copy the range's questions into the screening, with any answer in `earlier_answers` (by
    key, or by area and words) already filled in; return how many were."""
    earlier_answers = earlier_answers or {}
    milestones = (
        Milestone.objects.filter(age_range=age_range, is_active=True, domain__is_active=True)
        .select_related("domain")
        .order_by("domain__order", "order")
    )
    domains: dict[str, ScreeningDomain] = {}
    answers = []
    for milestone in milestones:
        domain = domains.get(milestone.domain.key)
        if domain is None:
            domain = ScreeningDomain.objects.create(
                screening=screening,
                key=milestone.domain.key,
                name=milestone.domain.name,
                name_es=milestone.domain.name_es,
                description=milestone.domain.description,
                description_es=milestone.domain.description_es,
                professional=milestone.domain.professional,
                at_home=milestone.domain.at_home,
                at_home_es=milestone.domain.at_home_es,
                position=len(domains) + 1,
            )
            domains[milestone.domain.key] = domain
        earlier = earlier_answers.get(milestone.key) or earlier_answers.get(
            (milestone.domain.key, *_same_question(milestone))
        )
        answers.append(
            ScreeningAnswer(
                domain=domain,
                milestone_key=milestone.key,
                text=milestone.text,
                text_es=milestone.text_es,
                example=milestone.example,
                example_es=milestone.example_es,
                source=milestone.source,
                source_kind=milestone.source_kind,
                source_url=milestone.source_url,
                typical_by_months=milestone.typical_by_months,
                act_early_from_months=milestone.act_early_from_months,
                # A question without a shared skill is a skill of its own: asked again in the
                # same age range (after "Keep watching"), "Yes" then "Not yet" is still a loss.
                skill=milestone.skill or milestone.key,
                position=milestone.order,
                answer=earlier or "",
            )
        )
    ScreeningAnswer.objects.bulk_create(answers)
    _copy_activities(age_range, domains)
    return sum(1 for answer in answers if answer.answer)


def _copy_activities(age_range: AgeRange, domains: dict[str, ScreeningDomain]) -> None:
    """The range's everyday activities for each area asked, kept with the screening."""
    ScreeningActivity.objects.bulk_create(
        ScreeningActivity(
            domain=domains[activity.domain.key],
            text=activity.text,
            text_es=activity.text_es,
            source=activity.source,
            source_kind=activity.source_kind,
            source_url=activity.source_url,
            position=activity.order,
        )
        for activity in activities_for(age_range)
        if activity.domain.key in domains
    )


def _copy_red_flags(
    screening: Screening, age_range: AgeRange, checked: set | None = None
) -> list[ScreeningRedFlag]:
    """The band's warning signs that make sense at the child's age (not "is 9 months or older
    and ..." for a 2-month-old); those in `checked` (by key, or by words) come checked."""
    checked = checked or set()
    flags = RedFlag.objects.filter(
        band=age_range.band, is_active=True, min_months__lte=screening.age_for_questions
    ).order_by("order")
    return ScreeningRedFlag.objects.bulk_create(
        ScreeningRedFlag(
            screening=screening,
            red_flag_key=flag.key,
            text=flag.text,
            text_es=flag.text_es,
            position=flag.order,
            checked=flag.key in checked or _same_question(flag) in checked,
        )
        for flag in flags
    )


@transaction.atomic
def save_domain_answers(
    screening: Screening, answers: list[ScreeningAnswer], chosen: dict[str, str]
):
    """Store the parent's choice for each answer row; `chosen` maps milestone key to answer."""
    _lock_unsubmitted(screening)
    for answer in answers:
        answer.answer = chosen[answer.milestone_key]
    ScreeningAnswer.objects.bulk_update(answers, ["answer"])
    _touch(screening)


@transaction.atomic
def save_red_flags(screening: Screening, checked_keys: set[str]):
    _lock_unsubmitted(screening)
    screening.red_flags.update(checked=False)
    screening.red_flags.filter(red_flag_key__in=checked_keys).update(checked=True)
    _touch(screening, red_flags_reviewed=True)


@transaction.atomic
def save_note(screening: Screening, parent_note: str):
    _lock_unsubmitted(screening)
    _touch(screening, parent_note=parent_note)


def set_language(screening: Screening, language: str):
    """The language of the screening's pages. A submitted screening's answers don't change with
    it, and its stored PDFs and kept result pages are kept per language, so they stay valid: it
    is not marked changed (that would make every PDF again, and count each toward the family's
    PDF limit). A draft is, as the parent is still working on it (the draft purge reads that)."""
    if screening.is_submitted:
        Screening.objects.filter(pk=screening.pk).update(language=language)
        screening.language = language
    else:
        _touch(screening, language=language)


@transaction.atomic
def delete_screening(screening: Screening) -> None:
    """The parent deletes their screening from its private link: the child's details, answers,
    signs, note and the clinic's follow-up go with it, so the clinic no longer sees it and the PDF
    can't be made again. The audit log keeps the reference and the clinic, saying the family
    deleted it, so staff know why it went. Nothing is logged: a log line would be the one trace
    left of the family outside the clinic's own records."""
    with transaction.atomic():
        record_deleted_by_family(screening)
        # Its stored PDFs, and the later ones of the child whose summaries list it.
        pdf_store.forget_pdfs(Screening.objects.filter(pk=screening.pk))
        kept_results.forget_results([screening.pk])
        Screening.objects.filter(pk=screening.pk).delete()
        delete_empty_families()


def delete_empty_families() -> int:
    """A family link with no screening left leads nowhere: delete it."""
    deleted, _ = Family.objects.filter(screenings__isnull=True).delete()
    return deleted


@transaction.atomic
def submit_screening(screening: Screening) -> bool:
    """Freeze the screening. Return False when it was already submitted (a double click)."""
    try:
        locked = _lock_unsubmitted(screening)
    except ScreeningSubmitted:
        return False
    unanswered = locked.first_unanswered_domain()
    if unanswered is not None:
        raise ScreeningIncomplete(unanswered)
    if not locked.red_flags_reviewed:
        raise ScreeningIncomplete(None)
    lost = possibly_lost_skills(locked).update(lost_skill=True)
    result = summarize_screening(locked)
    now = timezone.now()
    _touch(
        screening,
        submitted_at=now,
        flagged_domain_count=len(result.flagged),
        red_flag_count=len(result.checked_red_flags),
        act_early_count=len(result.missed_key_milestones),
        lost_skill_count=lost,
        doctor_soon=result.doctor_soon,
        next_check_on=next_check_on(
            locked, keep_watching=bool(result.monitor), answered_on=timezone.localdate(now)
        ),
    )
    # Kept with each area so staff can filter and list flagged areas without re-scoring.
    for status in {domain.status for domain in result.domains}:
        keys = [domain.key for domain in result.domains if domain.status == status]
        locked.domains.filter(key__in=keys).update(status=status)
    return True


# --- The clinic's follow-up -------------------------------------------------------------------
# Each change checks its rule and writes its own history row in the same transaction; the admin
# only calls these.


class FollowUpRefused(ValueError):
    """A follow-up change the rules don't allow; the message says why, for the staff member."""

    field = ""


class NotSubmittedYet(FollowUpRefused):
    field = "review_status"

    def __init__(self):
        super().__init__(
            "The parent has not submitted this screening yet; its status can change after."
        )


class ReferralMissing(FollowUpRefused):
    field = "referred_to"

    def __init__(self):
        super().__init__("Say whom the child was referred to.")


class NotClinicStaff(FollowUpRefused):
    field = "assigned_to"

    def __init__(self):
        super().__init__("Assign the screening to a staff member of its clinic.")


def check_status_change(screening: Screening, new_status: str, referred_to: str):
    """Raise FollowUpRefused when the status (or referral) can't change to this."""
    if not screening.is_submitted:
        raise NotSubmittedYet
    if new_status == ReviewStatus.REFERRED and not referred_to:
        raise ReferralMissing


@transaction.atomic
def change_review_status(
    screening: Screening, new_status: str, by, referred_to: str = ""
) -> StatusChange | None:
    """Move a screening along new → in review → contacted → referred → closed, keeping the history.

    Returns the recorded change, or None when the status (and referral) stayed the same.
    """
    locked = Screening.objects.select_for_update().get(pk=screening.pk)
    check_status_change(locked, new_status, referred_to)
    if new_status == ReviewStatus.CLOSED:
        referred_to = referred_to or locked.referred_to  # still says where the child went
    elif new_status != ReviewStatus.REFERRED:
        referred_to = ""
    if (locked.review_status, locked.referred_to) == (new_status, referred_to):
        return None
    change = StatusChange.objects.create(
        screening=locked,
        from_status=locked.review_status,
        to_status=new_status,
        referred_to=referred_to,
        changed_by=by,
    )
    _touch(screening, review_status=new_status, referred_to=referred_to)
    return change


def assignable_staff(screening: Screening):
    """Who a screening can be assigned to: active staff of its own clinic."""
    return screening.clinic.staff.filter(is_staff=True, is_active=True)


def check_assignment(screening: Screening, assignee) -> None:
    if assignee is not None and not assignable_staff(screening).filter(pk=assignee.pk).exists():
        raise NotClinicStaff


@transaction.atomic
def assign_screening(screening: Screening, assignee, by) -> AssignmentChange | None:
    """Give the screening to a colleague to follow up (or to nobody), keeping the history.

    Returns the recorded change, or None when the assignee stayed the same.
    """
    locked = Screening.objects.select_for_update().get(pk=screening.pk)
    check_assignment(locked, assignee)
    assignee_id = assignee.pk if assignee is not None else None
    if locked.assigned_to_id == assignee_id:
        return None
    change = AssignmentChange.objects.create(
        screening=locked,
        from_user_id=locked.assigned_to_id,
        to_user=assignee,
        changed_by=by,
    )
    _touch(screening, assigned_to=assignee)
    return change


def add_staff_note(screening: Screening, text: str, by) -> StaffNote:
    """An internal note, signed by its author; notes are a record and are never rewritten."""
    return StaffNote.objects.create(screening=screening, text=text, author=by)


# The follow-up moves forward in this order; bulk actions never move a screening backward.
FOLLOW_UP_ORDER = list(ReviewStatus)


def moves_forward(screening: Screening, new_status: str) -> bool:
    """Whether a bulk action may move this screening to `new_status`: only a submitted screening,
    and only forward (a closed case is never reopened in bulk)."""
    order = FOLLOW_UP_ORDER
    now = order.index(ReviewStatus(screening.review_status))
    return screening.is_submitted and now < order.index(ReviewStatus(new_status))


def move_forward(screenings, new_status: str, by) -> tuple[int, int]:
    """Move each submitted screening that is earlier in the follow-up to `new_status`.

    Returns (moved, skipped): screenings still being filled in, already there or further on (a
    closed case is never reopened by a bulk action) are skipped.
    """
    moved = skipped = 0
    for screening in screenings:
        if moves_forward(screening, new_status):
            change_review_status(screening, new_status, by)
            moved += 1
        else:
            skipped += 1
    return moved, skipped
