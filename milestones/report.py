"""`load_milestones --report`: the content as a reviewer checks it, per age range and area."""

from collections import Counter

from .content.specs import Content


def content_report(content: Content) -> str:
    domains = {domain.key: domain for domain in content.domains}
    lines = [f"Content version {content.version}", ""]
    header = (
        f"{'age range':<12} {'area':<20} {'items':>5}  {'typical by':<10} {'sources':<28} act early"
    )
    for age_range in sorted(content.age_ranges, key=lambda age_range: age_range.min_months):
        lines += [f"{age_range.min_months}-{age_range.max_months} months ({age_range.key})", header]
        in_range = [item for item in content.milestones if item.age_range == age_range.key]
        for domain_key in dict.fromkeys(item.domain for item in in_range):
            items = [item for item in in_range if item.domain == domain_key]
            ages = [item.typical_by_months for item in items]
            kinds = Counter(item.source_kind for item in items)
            act_early = [
                f"{item.key.rsplit('.', 1)[-1]}@{item.act_early_from_months}"
                for item in items
                if item.act_early_from_months is not None
            ]
            lines.append(
                f"{'':<12} {domains[domain_key].name.en[:20]:<20} {len(items):>5}  "
                f"{min(ages)}-{max(ages):<8} "
                f"{', '.join(f'{kind} {count}' for kind, count in sorted(kinds.items())):<28} "
                f"{', '.join(act_early) or '-'}"
            )
        lines.append("")
    all_kinds = Counter(item.source_kind for item in content.milestones)
    act_early_per_range = Counter(
        item.age_range for item in content.milestones if item.act_early_from_months is not None
    )
    by_kind = ", ".join(f"{kind} {count}" for kind, count in all_kinds.most_common())
    lines += [
        f"Totals: {len(content.milestones)} items in {len(content.age_ranges)} age ranges; "
        f"sources by kind: {by_kind}.",
        "Act-early items per age range: "
        + ", ".join(
            f"{age_range.min_months}-{age_range.max_months} {act_early_per_range[age_range.key]}"
            for age_range in sorted(content.age_ranges, key=lambda age_range: age_range.min_months)
        )
        + f" (total {sum(act_early_per_range.values())}).",
        f"Items typical more than 12 months before their range (with a reason): "
        f"{sum(1 for item in content.milestones if item.too_easy_ok)}.",
    ]
    return "\n".join(lines)
