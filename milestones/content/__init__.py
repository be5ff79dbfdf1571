"""The reference content as the YAML files in `fixtures/` give it, and its way into the database.

- `specs.py`: the plain shapes the files are read into (no database).
- `reading.py`: parses and validates the files, naming every mistake (no database), with
  `checking.py` (the checks its parts share), `skills.py` (the `skill` keys that link items across
  age ranges) and `activities.py` (each age range's everyday activities per area).
- `writing.py`: checks the content against what is already loaded, then writes it.

The version new screenings record is read and written in `milestones/versions.py`.
"""
