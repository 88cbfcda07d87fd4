"""The publication calendar (as Chronicling America's issue calendar): months of a year as week grids.

Pure functions: dates in, grids out; the view reads the dates of one year's issues (≤ 366 rows).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")


@dataclass(frozen=True)
class Day:
    date: dt.date
    has_issue: bool


@dataclass(frozen=True)
class Month:
    number: int
    weeks: list[list[Day | None]]  # Monday first; None pads the days outside the month
    issue_count: int

    @property
    def label(self) -> str:
        return f"{self.number}月"


def year_calendar(year: int, issue_dates) -> list[Month]:
    """Twelve months of ``year``, each day marked when an issue came out on it."""
    dates = set(issue_dates)
    months = []
    cal = calendar.Calendar(firstweekday=0)
    for number in range(1, 13):
        weeks = [
            [Day(day, day in dates) if day.month == number else None for day in week]
            for week in cal.monthdatescalendar(year, number)
        ]
        count = sum(1 for d in dates if d.year == year and d.month == number)
        months.append(Month(number=number, weeks=weeks, issue_count=count))
    return months


def year_strip(first: dt.date | None, last: dt.date | None) -> list[int]:
    """Every year from the first issue to the last, for the strip of years above the calendar."""
    if first is None or last is None:
        return []
    return list(range(first.year, last.year + 1))
