"""The fixed lists some content fields choose from: who usually helps with an area, and what kind of
source an item's age rests on.

They live apart from the models so that the YAML reader (`content/reading.py`) checks against the
very lists the database stores, without needing Django's app registry or a database.
"""

from django.db.models import TextChoices
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _


class Professional(TextChoices):
    """Who usually helps with an area. Defined only here: areas, referrals, the result, the PDF
    and the staff filters all use this list."""

    OT = "OT", _("Occupational therapist (OT)")
    PT = "PT", _("Physical therapist (PT)")
    SLP = "SLP", _("Speech-language pathologist (SLP)")

    @property
    def short_name(self) -> str:
        """ "OT", in the active language (Spanish-speaking families know an OT as a "TO")."""
        return gettext(SHORT_NAMES[self])


SHORT_NAMES = {
    Professional.OT: gettext_noop("OT"),
    Professional.PT: gettext_noop("PT"),
    Professional.SLP: gettext_noop("SLP"),
}


class SourceKind(TextChoices):
    """What kind of public source an item's age rests on."""

    CDC = "cdc", "CDC milestone checklist (2022)"
    AAP = "aap", "American Academy of Pediatrics"
    WHO = "who", "World Health Organization"
    PAPER = "paper", "Peer-reviewed paper"
    # No published age norm: a behaviour nearly every child shows from well before the age range,
    # with a source that says it is typical. Parents are told which areas rest on these.
    PRACTICE = "practice", "Clinical practice (no published age norm)"

    @classmethod
    def age_normed(cls) -> set[str]:
        return {kind.value for kind in cls if kind != cls.PRACTICE}
