"""Clinic staff's daily tool: which families need a call, their answers, the follow-up, the PDF.

Staff see only the screenings of the clinics they belong to (superusers see all); any other
screening is a 404 on every staff entry point. Every view of a screening, PDF download and export
is recorded in the audit log. The admin shows and collects; every rule it applies is a function in
`screening.services` or `screening.access`.

- `screenings.py`: the screening list (most urgent first, `screening.triage`) and a screening's
  page (the follow-up and Save at the top), and the PDF download;
- `family.py`: a screening's page lists the child's other screenings (the ones in the user's
  clinics, the rest only counted) and where each possibly lost skill was "Yes";
- `filters.py`: the list's filters; `actions.py`: its bulk actions (status changes ask first);
  `forms.py`: the follow-up form;
- `home.py`: the admin home's template tags (new and urgent screenings first);
- `clinics.py`: clinics and their staff; `audit.py`: the read-only access log;
- `scoping.py`: "not in your clinics" is a 404 everywhere.
"""

from . import audit, clinics, screenings  # noqa: F401  (registers the admins)
