"""Check labelled snippet files (eval/GUIDELINES.md section 11) and print counts.

    python tools/check_snippets.py train/snippets/train-p1.jsonl [...]

Exits 1 naming each bad line: not JSON, a missing field, a sub-event type that
is not ACLED's, an event type that does not own it, a span that is not an exact
substring of the text. Standard library only, so a labelling pass can run it
before the package is installed.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

TAXONOMY = {
    "Battles": ["Government regains territory", "Non-state actor overtakes territory",
                "Armed clash"],
    "Protests": ["Excessive force against protesters", "Protest with intervention",
                 "Peaceful protest"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Explosions/Remote violence": ["Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack",
                                   "Remote explosive/landmine/IED", "Grenade"],
    "Violence against civilians": ["Sexual violence", "Attack",
                                   "Abduction/forced disappearance"],
    "Strategic developments": ["Agreement", "Arrests", "Change to group/activity",
                               "Disrupted weapons use", "Headquarters or base established",
                               "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"],
}  # fmt: skip
EVENT_TYPE_OF = {sub: event for event, subs in TAXONOMY.items() for sub in subs}
NON_EVENTS = {
    "accident", "disaster", "crime", "threat", "plan", "denial", "history", "policy",
    "statistic", "sports", "weapons", "trial", "diplomacy", "military_routine", "other",
}  # fmt: skip
SPANS = ("actor1", "actor2", "location", "date", "fatalities")
REQUIRED = ("id", "text", "event_type", "sub_event_type", "non_event", "country", "register")


def problems(record: dict[str, object]) -> list[str]:
    """What is wrong with one labelled snippet (empty when nothing is)."""
    found = [f"missing field {name!r}" for name in REQUIRED if name not in record]
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return [*found, "text must be a non-empty string"]
    sub, event = record.get("sub_event_type"), record.get("event_type")
    if sub is None:
        if event is not None:
            found.append("event_type given without sub_event_type")
        if record.get("non_event") not in NON_EVENTS:
            found.append(f"non_event must be one of {sorted(NON_EVENTS)}")
    else:
        if sub not in EVENT_TYPE_OF:
            found.append(f"unknown sub_event_type {sub!r}")
        elif EVENT_TYPE_OF[sub] != event:
            found.append(f"event_type of {sub!r} is {EVENT_TYPE_OF[sub]!r}, not {event!r}")
        if record.get("non_event") is not None:
            found.append("non_event must be null for an event")
    also = record.get("also") or []
    if not isinstance(also, list) or any(a not in EVENT_TYPE_OF for a in also):
        found.append("also must list ACLED sub-event types")
    for name in SPANS:
        value = record.get(name)
        if value is not None and (not isinstance(value, str) or value not in text):
            found.append(f"{name} {value!r} is not an exact substring of the text")
    country = record.get("country")
    if not (isinstance(country, str) and len(country) == 2 and country.isupper()):
        found.append("country must be an ISO 3166-1 alpha-2 code")
    return found


def main(paths: list[str]) -> int:
    """Check each file; print per-type counts; 1 if any line is bad."""
    bad = 0
    by_type: Counter[str] = Counter()
    countries: set[str] = set()
    ids: set[str] = set()
    for path in paths:
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                print(f"{path}:{number}: not JSON ({exc})")
                bad += 1
                continue
            issues = problems(record)
            if record.get("id") in ids:
                issues.append(f"duplicate id {record.get('id')!r}")
            ids.add(str(record.get("id")))
            for issue in issues:
                print(f"{path}:{number}: {issue}")
            bad += bool(issues)
            by_type[record.get("sub_event_type") or f"(non-event) {record.get('non_event')}"] += 1
            countries.add(str(record.get("country")))
    for name, count in sorted(by_type.items()):
        print(f"{count:6d}  {name}")
    print(f"{sum(by_type.values())} snippets, {len(countries)} countries, {bad} bad lines")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
