"""Counts × threshold rules → what the processor owes. Pure functions; every number comes from rules/."""

from __future__ import annotations

from outbound.common.records import Obligation, YearlyCounts
from outbound.regulation.rules import ThresholdFile, ThresholdRule

SEVERITY = {"security_assessment": 3, "standard_contract_or_certification": 2, "exempt": 0}


def _facts(counts: YearlyCounts) -> dict[str, int | bool]:
    important = int(counts.important_data)
    return {
        "ciio": counts.ciio,
        "pi_non_sensitive_persons": counts.non_sensitive_persons,
        "spi_persons": counts.sensitive_persons,
        "pi_persons": counts.persons,
        "important_data": important,
        "pi_persons_or_important": counts.persons + important,
    }


def _applies(rule: ThresholdRule, facts: dict[str, int | bool]) -> bool:
    return all(facts[key] == want for key, want in rule.requires.items())


def _distance(measured: int, rule: ThresholdRule) -> str:
    """'87,412 persons (87.4 % of 100,000)': how far the count is from the rule's next line."""
    text = f"{measured:,} measured"
    if rule.at_least is not None and measured < rule.at_least:
        line: int | None = rule.at_least  # not yet reached (an approaching line)
    else:
        line = rule.below
    if not line:
        return text
    share = measured / line
    if measured < line:  # a line not reached never shows as 100.0 % (9,999 of 10,000 is 99.9 %)
        share = min(share, 0.999)
    return f"{text} ({share:.1%} of {line:,})"


def _obligation(rule: ThresholdRule, file: ThresholdFile, measured: int, threshold: int | None) -> Obligation:
    return Obligation(
        rule_id=rule.id,
        mechanism=rule.mechanism,
        counter=rule.counter,
        measured=measured,
        threshold=threshold,
        source=f"{file.meta.id} Art. {rule.article}",
        summary=f"{rule.summary['en']}: {_distance(measured, rule)}",
        severity=SEVERITY[rule.mechanism],
        next_line=rule.below,
        summary_zh=f"{rule.summary['zh']}：{measured:,}",
        document=f"{file.meta.title['zh']}（{file.meta.document_number}）",
        source_url=file.meta.source_url,
        verified=file.meta.verified,
    )


def obligations_for(counts: YearlyCounts, rules: ThresholdFile) -> tuple[Obligation, ...]:
    """Every obligation the year's distinct-person counts trigger, most severe first.

    For an exemption the threshold shown is the line it stays below (its `below`, 不满: exclusive);
    for a mechanism it is the line crossed (its `at_least`, 以上: inclusive).
    """
    facts = _facts(counts)
    found = []
    for rule in rules.rules:
        measured = int(facts[rule.counter])
        if _applies(rule, facts) and rule.holds_for(measured):
            threshold = rule.below if rule.mechanism == "exempt" else rule.at_least
            found.append(_obligation(rule, rules, measured, threshold))
    return tuple(sorted(found, key=lambda o: -o.severity))


def approaching(counts: YearlyCounts, rules: ThresholdFile, share: float) -> tuple[Obligation, ...]:
    """Lines not yet crossed that the counts have reached `share` of (e.g. 80 % of 100,000).

    Lines at 1 (any SPI, any important data) have no 'approaching': they are crossed or not.
    """
    facts = _facts(counts)
    near = []
    for rule in rules.rules:
        if rule.mechanism == "exempt" or rule.at_least is None or rule.at_least <= 1:
            continue
        measured = int(facts[rule.counter])
        if _applies(rule, facts) and share * rule.at_least <= measured < rule.at_least:
            near.append(_obligation(rule, rules, measured, rule.at_least))
    return tuple(sorted(near, key=lambda o: -o.severity))
