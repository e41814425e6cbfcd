"""Lay out one day of the program as a grid: rooms as columns, time as rows.

Sessions at the same time in the same place share a cell (the twelve Cafés). A cell with no
room spans every column when nothing runs beside it; otherwise it takes the widest run of
rooms free at that time, or, when there is none, an "other places" column. Rows are
five-minute steps from the day's first start.
"""

import datetime
import functools
from dataclasses import dataclass, field

from django.utils import formats, timezone

STEP = datetime.timedelta(minutes=5)


@dataclass
class Cell:
    start: datetime.datetime
    end: datetime.datetime
    room: object
    sessions: list = field(default_factory=list)
    row: int = 0
    row_end: int = 0
    column: int = 0
    column_end: int = 0

    @property
    def is_group(self):
        return len(self.sessions) > 1

    @property
    def session(self):
        """The cell's one session (the template's `sessions.0` is a slow failed lookup first)."""
        return self.sessions[0]

    @property
    def classes(self):
        # Classes of program/grid.css, not a style attribute (the Content-Security-Policy
        # refuses those); plain text, not localised numbers in the template.
        return f"r{self.row} re{self.row_end} c{self.column} ce{self.column_end}"


@dataclass
class Slot:
    """A start time of the day, with the cells that start then (in column order)."""

    start: datetime.datetime
    end: datetime.datetime
    row: int
    row_end: int
    cells: list
    times: str  # "14:30–16:00", in the active language's convention


@dataclass
class DayGrid:
    day: datetime.date
    columns: list  # rooms, and None for "elsewhere"
    slots: list
    rows: int


def local_time_label(value):
    """A time in the active language's convention (14:30, 2:30 p.m.), as `|time` shows it."""
    return formats.time_format(timezone.localtime(value), "TIME_FORMAT")


def _overlap(a, b):
    return a.start < b.end and b.start < a.end


def _longest_free_run(columns, taken):
    """(first, end) of the longest run of consecutive free columns, or None."""
    best, run = None, []
    for column in [*columns, None]:
        if column is not None and column not in taken:
            run.append(column)
            continue
        if run and (best is None or len(run) > best[1] - best[0]):
            best = (run[0], run[-1] + 1)
        run = []
    return best


def build_day(day, sessions):
    """`sessions`: that day's sessions (with rooms loaded), in time order."""
    cells = {}
    for session in sessions:
        key = (session.start, session.end, session.room_id)
        if key not in cells:
            cells[key] = Cell(session.start, session.end, session.room)
        cells[key].sessions.append(session)
    cells = list(cells.values())
    if not cells:
        return DayGrid(day, [], [], 0)
    rooms = sorted(
        {cell.room.pk: cell.room for cell in cells if cell.room}.values(),
        key=lambda room: (room.order, room.pk),
    )
    index = {room.pk: i for i, room in enumerate(rooms)}
    origin = min(cell.start for cell in cells)
    # Column 1 holds the times, row 1 the room names; rooms are columns 2, 3…
    for cell in cells:
        cell.row = 2 + int((cell.start - origin) / STEP)
        cell.row_end = 2 + int((cell.end - origin) / STEP)
        if cell.room is not None:
            cell.column = 2 + index[cell.room.pk]
            cell.column_end = cell.column + 1
    placed = [cell for cell in cells if cell.room is not None]
    elsewhere, full_width = False, []
    for cell in (cell for cell in cells if cell.room is None):
        taken = {col for c in placed if _overlap(c, cell) for col in range(c.column, c.column_end)}
        if not taken:
            full_width.append(cell)
            cell.column = 2
        else:
            run = _longest_free_run(range(2, len(rooms) + 2), taken)
            if run:
                cell.column, cell.column_end = run
            else:
                elsewhere = True
                cell.column, cell.column_end = len(rooms) + 2, len(rooms) + 3
        placed.append(cell)
    columns = rooms + ([None] if elsewhere or not rooms else [])
    for cell in full_width:
        cell.column_end = len(columns) + 2
    slots = []
    label = functools.cache(local_time_label)  # a day has a handful of distinct times
    for start in sorted({cell.start for cell in cells}):
        starting = sorted((c for c in cells if c.start == start), key=lambda c: c.column)
        end = max(c.end for c in starting)
        row_end = max(c.row_end for c in starting)
        times = f"{label(start)}–{label(end)}"
        slots.append(Slot(start, end, starting[0].row, row_end, starting, times))
    rows = max(cell.row_end for cell in cells)
    return DayGrid(day, columns, slots, rows)
