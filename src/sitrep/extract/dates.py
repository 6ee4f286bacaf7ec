"""Date expressions resolved against the publication date, with ACLED's
``time_precision`` (1 day, 2 week or weekend, 3 month).

News dates events relative to the day it is published: "on Sunday",
"Saturday night", "this weekend", "last week", "earlier this month". Without a
publication date only absolute dates resolve; nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import dateparser

DAY, WEEK, MONTH, YEAR = 1, 2, 3, 4

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")]
    )
    for m in names
}  # fmt: skip
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\.?,?\s*(\d{{4}})?\b"
)
_MONTH_DAY = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b,?\s*(\d{{4}})?")
_MONTH_ONLY = re.compile(
    rf"\b(early|late|mid|beginning of|end of|start of)?\s*-?({_MONTH_RE})\b\.?\s*(\d{{4}})?"
)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_AGO = re.compile(r"\b(\w+)\s+(day|week|month|year)s?\s+ago\b")
_NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10}  # fmt: skip


@dataclass(frozen=True, slots=True)
class DateRange:
    """A resolved date: the span it covers and ACLED's precision code."""

    start: dt.date
    end: dt.date
    precision: int
    text: str

    @property
    def event_date(self) -> dt.date:
        """ACLED codes the middle of a span (the first of two middle days)."""
        return self.start + dt.timedelta(days=(self.end - self.start).days // 2)

    @property
    def days(self) -> list[dt.date]:
        """The days of a span of named days ("on Tuesday and Wednesday", "11-12
        March"): ACLED codes one event for each; a single day, a week or a
        month is one date."""
        if self.precision != DAY:
            return [self.start]
        return [self.start + dt.timedelta(days=n) for n in range((self.end - self.start).days + 1)]


#: The longest span of named days read as one event a day ("from Monday to
#: Friday"); ACLED's precision 2 is a week, so a longer one is not days.
MAX_SPAN_DAYS = 6
#: Words that join two days into a span: "Tuesday and Wednesday", "11-12 March",
#: "from Monday to Wednesday", "between 11 and 12 March".
SPAN_JOINER = re.compile(r"\s*(?:\band\b|\bto\b|\bthrough\b|\buntil\b|-|–|—)\s*")
_SPAN_OPENER = re.compile(r"^(?:on|over|between|from|during)\s+")


def day_span(first: DateRange, second: DateRange, text: str) -> DateRange | None:
    """Two single days joined into a span of days, or ``None`` when they are
    not consecutive enough (or not single days)."""
    if first.precision != DAY or second.precision != DAY:
        return None
    if first.start != first.end or second.start != second.end:
        return None
    start, end = sorted((first.start, second.start))
    if not 0 < (end - start).days <= MAX_SPAN_DAYS:
        return None
    return DateRange(start, end, DAY, text)


def _day_list(raw: str, published: dt.date | None) -> _Found:
    """A span of named days in one expression: "tuesday and wednesday",
    "march 11-12", "11 and 12 march", "from monday to wednesday"."""
    parts = SPAN_JOINER.split(_SPAN_OPENER.sub("", raw))
    if len(parts) != 2 or not all(parts):
        return None
    month = _MONTH_ONLY.search(raw)
    found = []
    for part in parts:
        named = part
        if part.isdigit() and month is not None:
            # "11 and 12 march", "march 11-12": a bare day takes the month named.
            named = f"{part} {month.group(2)} {month.group(3) or ''}".strip()
        day = _absolute(named, published) or _weekday(named, published)
        if day is None:
            return None
        found.append(DateRange(day[0], day[1], day[2], named))
    span = day_span(found[0], found[1], raw)
    return (span.start, span.end, DAY) if span is not None else None


def _weekend_before(day: dt.date) -> tuple[dt.date, dt.date]:
    """The Saturday-Sunday on or before ``day`` (the current one at a weekend)."""
    weekday = day.weekday()  # Monday 0 ... Sunday 6
    if weekday == 5:
        return day, day + dt.timedelta(days=1)
    if weekday == 6:
        return day - dt.timedelta(days=1), day
    saturday = day - dt.timedelta(days=weekday + 2)
    return saturday, saturday + dt.timedelta(days=1)


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def _past_year(month: int, day: int, published: dt.date | None) -> int | None:
    """The year that puts month/day on or before publication (news looks back)."""
    if published is None:
        return None
    candidate = published.year
    try:
        if dt.date(candidate, month, day) > published + dt.timedelta(days=1):
            candidate -= 1
    except ValueError:
        return None
    return candidate


def resolve(text: str, published: dt.date | None) -> DateRange | None:
    """Resolve a date expression; ``None`` when it cannot be pinned down."""
    raw = " ".join(text.lower().replace("’", "'").split())
    for resolver in (_day_list, _absolute, _relative_day, _weekday, _week_or_weekend, _month, _ago):
        found = resolver(raw, published)
        if found is not None:
            start, end, precision = found
            return DateRange(start, end, precision, text)
    span = re.search(r"\b(?:past|last|previous)\s+(\w+)\s+(years|months)\b", raw)
    if span and published is not None:
        count = _NUMBER_WORDS.get(
            span.group(1), int(span.group(1)) if span.group(1).isdigit() else 0
        )
        if count:
            days = count * (365 if span.group(2) == "years" else 30)
            return DateRange(published - dt.timedelta(days=days), published, YEAR, text)
    year = _YEAR.search(raw)
    if year:
        y = int(year.group(1))
        return DateRange(dt.date(y, 1, 1), dt.date(y, 12, 31), YEAR, text)
    if published is not None and re.search(r"\b(last|past|previous) year\b", raw):
        y = published.year - 1
        return DateRange(dt.date(y, 1, 1), dt.date(y, 12, 31), YEAR, text)
    return None


_Found = tuple[dt.date, dt.date, int] | None

#: Any day serves to tell whether an expression counts from publication.
_SOME_DAY = dt.date(2001, 1, 3)


def news_cycle_precision(text: str) -> int | None:
    """The precision (``DAY`` or ``WEEK``) of an expression that dates from
    the report's own day ("yesterday", "this Sunday", "last week"), known
    even when the report has no publication date to resolve it against."""
    raw = " ".join(text.lower().replace("’", "'").split())
    for resolver in (_relative_day, _weekday, _week_or_weekend):
        found = resolver(raw, _SOME_DAY)
        if found is not None:
            return found[2]
    return None


def _absolute(raw: str, published: dt.date | None) -> _Found:
    if m := _ISO.search(raw):
        try:
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
        return day, day, DAY
    for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        if m := pattern.search(raw):
            day_n, month = int(m.group(day_group)), _MONTHS[m.group(month_group)]
            year = int(m.group(3)) if m.group(3) else _past_year(month, day_n, published)
            if year is None:
                return None
            try:
                day = dt.date(year, month, day_n)
            except ValueError:
                return None
            return day, day, DAY
    return None


def _relative_day(raw: str, published: dt.date | None) -> _Found:
    if published is None:
        return None
    if re.search(r"\b(day before yesterday)\b", raw):
        day = published - dt.timedelta(days=2)
    elif re.search(r"\b(yesterday|last night|overnight)\b", raw):
        day = published - dt.timedelta(days=1)
    elif re.search(
        r"\b(today|this morning|this afternoon|this evening|tonight|earlier today)\b", raw
    ):
        day = published
    else:
        return None
    return day, day, DAY


def _weekday(raw: str, published: dt.date | None) -> _Found:
    if published is None:
        return None
    for index, name in enumerate(_WEEKDAYS):
        if re.search(rf"\b{name}\b", raw):
            back = (published.weekday() - index) % 7
            if re.search(rf"\blast {name}\b", raw) and back == 0:
                back = 7
            day = published - dt.timedelta(days=back)
            return day, day, DAY
    return None


def _week_or_weekend(raw: str, published: dt.date | None) -> _Found:
    if published is None:
        return None
    if "weekend" in raw:
        saturday, sunday = _weekend_before(published)
        if re.search(r"\b(last|previous|past)\b", raw) and published.weekday() >= 5:
            saturday, sunday = saturday - dt.timedelta(days=7), sunday - dt.timedelta(days=7)
        return saturday, sunday, WEEK
    if re.search(r"\b(last|previous|past) week\b", raw):
        monday = published - dt.timedelta(days=published.weekday() + 7)
        return monday, monday + dt.timedelta(days=6), WEEK
    if re.search(r"\b(this|earlier this) week\b", raw):
        monday = published - dt.timedelta(days=published.weekday())
        return monday, published, WEEK
    if re.search(r"\b(past|last) (few|several|couple of) days\b|\brecent days\b", raw):
        return published - dt.timedelta(days=6), published, WEEK
    return None


def _month(raw: str, published: dt.date | None) -> _Found:
    if published is not None:
        if re.search(r"\b(earlier this|this) month\b", raw):
            return published.replace(day=1), published, MONTH
        if re.search(r"\b(last|previous|past) month\b", raw):
            last = published.replace(day=1) - dt.timedelta(days=1)
            return last.replace(day=1), last, MONTH
    m = _MONTH_ONLY.search(raw)
    if not m or (
        m.group(2) == "may" and not m.group(3) and not m.group(1) and " in may" not in f" {raw}"
    ):
        return None  # "may" alone is the verb
    month = _MONTHS[m.group(2)]
    year = int(m.group(3)) if m.group(3) else _past_year(month, 1, published)
    if year is None:
        return None
    first, last = _month_span(year, month)
    edge = m.group(1) or ""
    if edge in {"early", "beginning of", "start of"}:
        return first, first, MONTH
    if edge in {"late", "end of"}:
        return last, last, MONTH
    return first, last, MONTH


def _ago(raw: str, published: dt.date | None) -> _Found:
    if published is None:
        return None
    m = _AGO.search(raw)
    if not m:
        return None
    count = _NUMBER_WORDS.get(m.group(1), int(m.group(1)) if m.group(1).isdigit() else 0)
    if not count:
        return None
    unit = m.group(2)
    if unit == "day":
        day = published - dt.timedelta(days=count)
        return day, day, DAY
    if unit == "week":
        day = published - dt.timedelta(days=7 * count)
        return day - dt.timedelta(days=3), day + dt.timedelta(days=3), WEEK
    # Months and years ago are history: let the caller see how old it is.
    parsed = dateparser.parse(
        raw, settings={"RELATIVE_BASE": dt.datetime.combine(published, dt.time())}, languages=["en"]
    )
    if parsed is None:
        return None
    return parsed.date(), parsed.date(), MONTH if unit == "month" else YEAR


def is_historical(found: DateRange, published: dt.date | None) -> bool:
    """True when a date lies well before publication: background, not news.

    ACLED codes what a report newly reports; a date ending more than 30 days
    before publication (a month is ACLED's coarsest event precision) is history.
    """
    if found.precision >= YEAR:
        return published is None or found.end.year < published.year
    if published is None:
        return False
    return (published - found.end).days > 30
