"""A small content set as YAML files, for the loader tests: two areas, one band of two age ranges,
with milestones, activities and a red flag, all valid. Tests break it one way at a time."""

from pathlib import Path

DOMAINS_YAML = """\
content_version: "1"
domains:
  - key: fine_motor
    name: {en: Hand skills, es: Uso de las manos}
    description: {en: Using hands and fingers., es: Usar las manos y los dedos.}
    professional: OT
    min_months: 1
    max_months: 71
    at_home: {en: Play with blocks., es: Jueguen con bloques.}
  - key: gross_motor
    name: {en: Moving the body, es: Movimiento del cuerpo}
    description: {en: Big movements., es: Movimientos grandes.}
    professional: PT
    min_months: 1
    max_months: 71
    at_home: {en: Play outside., es: Jueguen afuera.}
"""
CDC_2_MONTHS = "https://www.cdc.gov/ncbddd/actearly/milestones/milestones-2mo.html"


def source_yaml(indent: str = "        ") -> str:
    return (
        f"{indent}source:\n"
        f"{indent}  kind: cdc\n"
        f"{indent}  citation: CDC milestone checklist (2022), 2 months\n"
        f"{indent}  url: {CDC_2_MONTHS}\n"
    )


def milestones_yaml(range_key: str, domain: str, count: int) -> str:
    return "".join(
        f"""\
      - key: {range_key}.{domain}.skill_{number}
        domain: {domain}
        text: {{en: Does skill {number} with {domain}., es: Hace la habilidad {number}.}}
        typical_by_months: 1
{source_yaml()}"""
        for number in range(1, count + 1)
    )


def activity_yaml(domain: str, number: int) -> str:
    return (
        f"        - text: {{en: Play game {number} for {domain}., es: Juego {number}.}}\n"
        + source_yaml("          ")
    )


def activities_yaml(count: int = 3, domains: tuple[str, ...] = ("fine_motor", "gross_motor")):
    """An age range's `activities:`, `count` for each area."""
    return "    activities:\n" + "".join(
        f"      {domain}:\n"
        + "".join(activity_yaml(domain, number) for number in range(1, count + 1))
        for domain in domains
    )


INFANT_YAML = f"""\
band:
  key: infant
  name: {{en: Babies, es: Bebés}}
  min_months: 1
  max_months: 6
age_ranges:
  - key: infant.m01_03
    min_months: 1
    max_months: 3
    milestones:
      - key: infant.m01_03.fine_motor.reaches
        domain: fine_motor
        text: {{en: Reaches for a toy., es: Alcanza un juguete.}}
        example: {{en: Stretches an arm toward a rattle., es: Estira un brazo hacia una sonaja.}}
        typical_by_months: 1
{source_yaml()}{milestones_yaml("infant.m01_03", "fine_motor", 4)}\
{milestones_yaml("infant.m01_03", "gross_motor", 4)}\
{activities_yaml()}\
  - key: infant.m04_06
    min_months: 4
    max_months: 6
    milestones:
{milestones_yaml("infant.m04_06", "fine_motor", 4)}\
{milestones_yaml("infant.m04_06", "gross_motor", 4)}\
{activities_yaml()}\
red_flags:
  - key: infant.red_flag.lost_skills
    text: {{en: Has lost skills they once had., es: Ha perdido habilidades que ya tenía.}}
    source: CDC Act Early
"""
# 2 domains + 1 band + 2 ranges + 17 milestones + 1 red flag (activities have no keys to count)
ITEMS = 2 + 1 + 2 + 17 + 1


def write_content(folder: Path, **files: str) -> Path:
    folder.mkdir(exist_ok=True)
    contents = {"domains.yaml": DOMAINS_YAML, "infant.yaml": INFANT_YAML}
    contents.update({f"{name}.yaml": text for name, text in files.items()})
    for name, text in contents.items():
        if text is not None:
            (folder / name).write_text(text, encoding="utf-8")
    return folder


def new_version(domains_yaml: str = DOMAINS_YAML) -> str:
    return domains_yaml.replace('content_version: "1"', 'content_version: "2"')
