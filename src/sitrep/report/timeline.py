"""The brief's timeline: events per day (per week, or per month, for long
periods) stacked by event type, with fatalities as a line on its own axis."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence

from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num

from sitrep.records import Event
from sitrep.report.charts import TYPE_COLOURS, colour, new_figure, to_svg
from sitrep.report.figures import Period

#: Past two months, daily bars get thinner than a line of text; past two
#: years, weekly ones do. ACLED's own dashboards step the same way.
DAILY_MAX_DAYS = 62
WEEKLY_MAX_DAYS = 730


def _day_number(day: dt.date) -> float:
    """matplotlib's number for a date (days since its epoch), for bar positions."""
    return float(date2num(day))  # type: ignore[no-untyped-call]  # untyped in matplotlib 3.11


def unit_for(period: Period) -> str:
    """ "day", "week" or "month": the bin that keeps the bars readable."""
    if period.days <= DAILY_MAX_DAYS:
        return "day"
    return "week" if period.days <= WEEKLY_MAX_DAYS else "month"


def bin_start(day: dt.date, unit: str) -> dt.date:
    """The first day of the bin holding ``day`` (weeks start on Monday, ISO 8601)."""
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def bins(period: Period, unit: str) -> list[dt.date]:
    """Every bin of the period in order, empty ones included (a gap is news)."""
    found, day = [], bin_start(period.start, unit)
    while day <= period.end:
        found.append(day)
        if unit == "month":
            day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        else:
            day += dt.timedelta(days=7 if unit == "week" else 1)
    return found


def series(
    events: Sequence[Event], period: Period, unit: str
) -> tuple[list[dt.date], dict[str, list[int]], list[int]]:
    """Bins, events per bin for each type, and fatalities per bin."""
    starts = bins(period, unit)
    index = {d: i for i, d in enumerate(starts)}
    counts: dict[str, Counter[int]] = defaultdict(Counter)
    deaths: Counter[int] = Counter()
    for e in events:
        if e.event_date is None:
            continue
        i = index[bin_start(e.event_date, unit)]
        counts[e.event_type][i] += 1
        deaths[i] += e.fatalities
    ordered = [t for t in TYPE_COLOURS if t in counts] + sorted(
        t for t in counts if t not in TYPE_COLOURS
    )
    by_type = {t: [counts[t][i] for i in range(len(starts))] for t in ordered}
    return starts, by_type, [deaths[i] for i in range(len(starts))]


def render_timeline(events: Sequence[Event], period: Period) -> str:
    """The timeline as an inline SVG (empty string when there are no events)."""
    if not events:
        return ""
    unit = unit_for(period)
    starts, by_type, deaths = series(events, period, unit)
    # Bars are placed on matplotlib's day numbers: a bar is as wide as its bin.
    width = {"day": 0.8, "week": 5.6, "month": 24.0}[unit]
    x = [_day_number(d) for d in starts]
    figure = new_figure(6.8, 2.6)
    axes = figure.add_subplot()
    bottom = [0] * len(starts)
    for event_type, values in by_type.items():
        axes.bar(x, values, width=width, bottom=bottom, color=colour(event_type),
                 label=event_type, align="edge")  # fmt: skip
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.set_ylabel(f"events per {unit}", fontsize=7)
    axes.tick_params(labelsize=6)
    axes.spines[["top"]].set_visible(False)
    if any(deaths):
        twin = axes.twinx()
        twin.plot([v + width / 2 for v in x], deaths, color="#222222", linewidth=1.0,
                  marker="." if len(starts) < 40 else "", label="fatalities")  # fmt: skip
        twin.set_ylabel("fatalities", fontsize=7)
        twin.tick_params(labelsize=6)
        twin.set_ylim(bottom=0)
        twin.spines[["top"]].set_visible(False)
        lines, labels = axes.get_legend_handles_labels()
        more, more_labels = twin.get_legend_handles_labels()
        axes.legend(lines + more, labels + more_labels, fontsize=6, loc="upper left")
    else:
        axes.legend(fontsize=6, loc="upper left")
    last = bins(Period(period.end, period.end), unit)[0]
    axes.set_xlim(x[0], _day_number(last) + {"day": 1, "week": 7, "month": 31}[unit])
    locator = AutoDateLocator(maxticks=10)  # type: ignore[no-untyped-call]  # untyped in mpl 3.11
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    return to_svg(figure, "timeline")
