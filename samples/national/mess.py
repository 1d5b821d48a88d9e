"""How often each kind of real-world mess appears in the national set, and where.

The bundled sample plants every kind once, by hand, in known cells. Nationally the same
mess is spread by rate: each office draws a lasting style (how it marks criteria, heads
columns, writes codes and numbers), and each unit-year draws its file's accidents. Every
draw is seeded by unit and year only, so a slice of the country (some provinces or years)
gets exactly the files the full set has for those units.

Rates are per file (unit-year) unless said otherwise, and chosen from what coordination
offices describe: most reports are clean ``.xlsx`` workbooks of the template, a few offices
lag on formats, and corrections, resends and late reports are a few percent.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace

from samples.bundled.office_styles import Style
from samples.national.scope import REFORM_YEAR, rng
from samples.workbooks import Format

# ---- office styles: valid per the template, drawn once per office

BASE_STYLES: tuple[tuple[float, Style], ...] = (
    (40, Style()), (10, Style(met="X")), (8, Style(met="Đạt", unmet="Chưa đạt")),
    (4, Style(met="Đạt", unmet="Không đạt")), (8, Style(met=1, unmet=0)), (3, Style(met="✓")),
    (3, Style(met=True, unmet=False)), (4, Style(unmet="-", header="Tiêu chí {i}")),
    (5, Style(header="TC{i:02d}")), (3, Style(header="{i}")),
)
"""How an office marks criteria and heads the criterion columns (weights sum to 88: the
plain template, ``x`` and ``TC1``, is by far the most common)."""
STYLE_FLAGS: dict[str, tuple[float, object]] = {
    "group_as_name": (0.30, True),     # OCOP group typed as its name: common in the south
    "signed_as_text": (0.06, True),    # Ngày lập typed as text dd/mm/yyyy
    "omit_revision": (0.05, True),     # Lần gửi left blank (means 1)
    "codes_as_numbers": (0.04, True),  # codes lose leading zeros when typed as numbers
    "stars_suffix": (0.04, " sao"),    # Số sao typed "4 sao"
    "wrapped_headers": (0.04, True),   # line breaks inside header cells
    "basic_met": (0.04, True),         # "Cơ bản đạt" in a few unmet cells
    "nfd_headers": (0.03, True),       # headers pasted in decomposed Unicode
    "text_numbers": (0.03, True),      # money and averages typed as Vietnamese text
}
"""Chance that an office has each trait (independent of each other and of the base style)."""
XLS_OFFICE_SHARE = 0.10
"""Offices still saving Excel 97-2003 ``.xls`` in the early years; each switches to ``.xlsx``
after a year between 2016 and 2021 (about 4 % of all files end up ``.xls``)."""
LEGACY_ENCODING_SHARE = 0.12
"""Of the ``.xls`` files up to 2018, those typed with TCVN3 (.VnTime) fonts (about 0.2 %)."""
PROVINCE_B03_SHARE = 0.35
"""Legacy provinces that repeat their districts' OCOP list in an optional B03."""
BILLION_PROVINCE_SHARE = 0.30
"""Provinces that report money in billion VND (``Giá trị (tỷ đồng)``), as provinces often do."""

# ---- accidents of one file, drawn per unit-year

CRITERIA_SET_WRITTEN = 0.6
"""Files that fill in the optional Bộ tiêu chí (the others leave it to the year's default)."""

CSV_RATE = 0.01
"""A folder of CSV exports instead of a workbook: rare, made when a workbook will not open."""
IN_DONG_RATE = 0.005
"""Money typed in đồng (``Giá trị (đồng)``) by a district."""
NO_B06_RATE = 0.02
"""A district leaving out its optional B06, only in the first (2016) or last (2024) legacy
year, so that no reported cumulative series has a hole in the middle."""
REVISION_RATE = 0.02
"""A report corrected and sent again as Lần gửi 2 (the first keeps a provisional credit
figure); the warehouse must keep both and use the second."""
DUPLICATE_RATE = 0.005
"""The same file sent twice (a ``- Copy`` in a ``ban_sao`` folder)."""
LATE_RATE = 0.03
"""Signed after 31 January of the next year (February or March)."""
BAD_CELL_RATE = 0.01
"""A district file with one bad cell: half ``đạt?`` in an unmet criterion (unparseable,
counts as not met), half a health-insurance rate of 112 % (typo, out of range). Neither
changes a commune's status, so the simulated truth stays the truth of the files."""
MISSING_RATE = 0.004
"""District-years drawn to send nothing; only those in which none of the district's communes
changed level are kept (about one a year), and they issue no OCOP certificate, so that later
reports stay consistent with what was received."""


def office_style(seed: int, office: str) -> Style:
    """An office's lasting style; ``office`` names the unit and its map era."""
    r = rng(seed, "style", office)
    style = r.choices([s for _, s in BASE_STYLES], weights=[w for w, _ in BASE_STYLES])[0]
    changes = {name: value for name, (share, value) in STYLE_FLAGS.items()
               if r.random() < share}
    return replace(style, **changes)  # type: ignore[arg-type]


def last_xls_year(seed: int, office: str) -> int | None:
    """Last year an office saves ``.xls``, or None if it never does."""
    r = rng(seed, "xls-office", office)
    return r.randint(2016, 2021) if r.random() < XLS_OFFICE_SHARE else None


@dataclass(frozen=True)
class FileMess:
    """The accidents of one unit-year's file (all defaults: a clean ``.xlsx``)."""

    signed_on: dt.date
    """Ngày lập: on time, or late when ``late``."""
    fmt: Format = "xlsx"
    legacy_encoding: bool = False
    money: str = "triệu đồng"
    with_b06: bool = True
    revised: bool = False
    duplicate: bool = False
    late: bool = False
    bad_cell: str | None = None
    """``"mark"`` or ``"rate"``."""
    write_criteria_set: bool = True


def file_mess(seed: int, office: str, code: str, year: int, level: str) -> FileMess:
    """Draw one file's accidents. ``level`` is ``Huyện`` or ``Tỉnh``."""
    r = rng(seed, "mess", code, year)
    district = level == "Huyện"
    xls_until = last_xls_year(seed, office)
    fmt: Format = "xlsx"
    if xls_until is not None and year <= xls_until:
        fmt = "xls"
    if r.random() < CSV_RATE:
        fmt = "csv"
    legacy = fmt == "xls" and year <= 2018 and r.random() < LEGACY_ENCODING_SHARE
    money = "triệu đồng"
    if not district and rng(seed, "billions", office).random() < BILLION_PROVINCE_SHARE:
        money = "tỷ đồng"
    elif district and r.random() < IN_DONG_RATE:
        money = "đồng"
    with_b06 = not (district and year in (2016, REFORM_YEAR - 1) and r.random() < NO_B06_RATE)
    revised = r.random() < REVISION_RATE
    duplicate = not revised and fmt != "csv" and r.random() < DUPLICATE_RATE
    late = r.random() < LATE_RATE
    signed = signing_date(r, year, level, late)
    bad = None
    if district and r.random() < BAD_CELL_RATE:
        bad = r.choice(["mark", "rate"])
    return FileMess(signed_on=signed, fmt=fmt, legacy_encoding=legacy, money=money,
                    with_b06=with_b06, revised=revised, duplicate=duplicate, late=late,
                    bad_cell=bad, write_criteria_set=r.random() < CRITERIA_SET_WRITTEN)


def signing_date(r: random.Random, year: int, level: str, late: bool) -> dt.date:
    """Mostly January of the next year (districts first); a few districts sign in late
    December; a late report in February or March."""
    if late:
        return dt.date(year + 1, r.choice([2, 3]), r.randint(1, 28))
    if level == "Huyện" and r.random() < 0.12:
        return dt.date(year, 12, r.randint(18, 30))
    first = 5 if level == "Huyện" else 18
    return dt.date(year + 1, 1, r.randint(first, 28 if level == "Huyện" else 31))
