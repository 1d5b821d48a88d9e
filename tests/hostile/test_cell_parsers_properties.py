"""Property-based tests of the cell parsers (``pipelines.ingest.values``) and folding helpers.

The example tests pin the spellings someone thought of; these generate the cells nobody
thought of. Two promises are checked. First, a parser never raises anything but
:class:`CellError`: the ingest turns that into an UNPARSEABLE_VALUE flag and keeps the row,
while any other exception aborts the whole file. Second, every spelling the template
(``submission-template.md``) accepts reads back as exactly the value that was written,
whatever the Unicode form, case, spacing or cell type it arrives in.

Runs are derandomized and use no example database, so CI sees the same cases every time and
nothing is written to ``.hypothesis/``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable
from functools import partial

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipelines.ingest.columns import _SMALL_COLUMN, parse_column
from pipelines.ingest.template import KIND_TYPES
from pipelines.ingest.text import fold, header_key, is_note_label, is_total_label, nfc
from pipelines.ingest.values import (
    PRODUCT_GROUPS,
    CellError,
    cell_text,
    is_blank,
    money_factor,
    parse_code,
    parse_date,
    parse_int,
    parse_mark,
    parse_number,
    parse_product_group,
    parse_stars,
    parse_year,
)

# Sized so that the whole module stays well under 20 s on a busy two-core machine.
_BASE = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TOTALITY = settings(_BASE, max_examples=800)
WIDE = settings(_BASE, max_examples=200)
ROUND_TRIP = settings(_BASE, max_examples=120)


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


# --------------------------------------------------------------------------- hostile cells

# Whitespace Excel users actually type or paste (tab, line break, NBSP, figure space, narrow
# NBSP, thin space, ideographic space) and the invisible characters fold() removes.
WHITESPACE = " \t\n\r\x0b\x0c\xa0\u2007\u202f\u2009\u3000\u2028"
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"

HOSTILE_CHARS = [
    "\x00",
    "\x1f",
    "\x7f",
    *WHITESPACE,
    *INVISIBLE,
    "\u200e",  # LRM
    "\u200f",  # RLM
    "\u202e",  # RLO
    "０",
    "１",
    "２",
    "９",
    "٣",  # Arabic-Indic three
    "\u0300",
    "\u0301",
    "\u0303",
    "\u0309",
    "\u0323",
    "\u0302",
    "\u0306",
    "\u031b",
    "đ",
    "Đ",
    "ð",
    "Ð",
    "ạ",
    "ư",
    "ơ",
    "ệ",
    "İ",
    "ß",
    "ﬁ",
    "\ud800",  # lone surrogates: valid in a Python str, impossible in UTF-8
    "\udc00",
    "\udfff",
]

# Pieces of real cell content, so that random strings reach deep into each parser.
FRAGMENTS = [
    *"0123456789",
    "00",
    "000",
    "123",
    "2.445",
    "12,97",
    "1e5",
    "1e400",
    "9" * 20,
    *".,-+()%/:'*",
    "−",
    "–",
    "—",
    "’",
    " ",
    "e",
    "E",
    "T",
    "★",
    "☆",
    "x",
    "X",
    "✓",
    "✔",
    "☑",
    "✅",
    "đạt",
    nfd("ĐẠT"),
    "chưa",
    "không",
    "cơ bản",
    "sao",
    "ngày",
    "tháng",
    "năm",
    "nam",
    "tư",
    "TRUE",
    "FALSE",
    "nhóm",
    "thực phẩm",
    "triệu đồng",
    "(tỷ đồng)",
]

hostile_text = st.one_of(
    st.text(
        st.one_of(st.characters(exclude_categories=()), st.sampled_from(HOSTILE_CHARS)),
        max_size=30,
    ),
    st.lists(st.sampled_from(FRAGMENTS + HOSTILE_CHARS), max_size=12).map("".join),
)

# Very long cells: digit runs beyond float range and beyond int()'s 4300-digit limit.
long_text = st.builds(
    lambda unit, times, tail: unit * times + tail,
    st.sampled_from(["1", "9", "0", "1.", "1.000", "★", "*", "x ", "\u200b", "đạt "]),
    st.integers(300, 6000),
    st.sampled_from(["", ",5", ".0", " sao", "%", "e5", "/01/2021"]),
)

big_ints = st.one_of(st.integers(), st.integers(-(10**400), 10**400))
# 10**5000 is past the 4300 digits str() accepts: error messages must still be built.
huge_ints = st.one_of(
    big_ints,
    st.sampled_from([2**53 + 1, 2**63 - 1, -(2**63), 2**1024, 10**5000, -(10**5000)]),
)

# Every Python type python-calamine returns for a cell, plus CSV text.
any_cell = st.one_of(
    st.none(),
    st.just(""),
    st.booleans(),
    huge_ints,
    st.floats(),  # NaN, ±inf, -0.0 and subnormals included
    st.datetimes(),
    st.dates(),
    st.times(),
    st.timedeltas(),
    hostile_text,
    long_text,
)


def _outcome(parser: Callable[[object], object], cell: object) -> object:
    """The parser's result, or the CellError it raised; any other exception fails the test."""
    try:
        return parser(cell)
    except CellError as exc:
        assert str(exc).startswith("cannot read")
        return exc


def _typed(result: object, blank: bool, valid: Callable[[object], bool]) -> bool:
    """A parser's outcome is a CellError, None for a blank cell, or a valid value."""
    if isinstance(result, CellError):
        return True
    if result is None:
        return blank
    return valid(result)


def _is_ascii_digits(s: str) -> bool:
    return s.isascii() and s.isdigit()


# --------------------------------------------------------------------------- totality


@TOTALITY
@given(cell=any_cell)
# Cells that once escaped as OverflowError/ValueError or were read wrongly, always tried.
@example(cell=10**400)
@example(cell=10**5000)
@example(cell="1" * 400)
@example(cell="1e400")
@example(cell="1" * 5000 + " sao")
@example(cell="0" * 4301)
@example(cell="\u200b \u200b")
@example(cell="\ud800")
def test_no_cell_makes_a_parser_raise_anything_but_cell_error(cell: object) -> None:
    """Only CellError is caught by the ingest; each result must also have its promised type."""
    blank = is_blank(cell)
    assert isinstance(blank, bool)
    assert isinstance(cell_text(cell), str)

    number = _outcome(parse_number, cell)
    if number is None:
        assert blank or (isinstance(cell, str) and cell.strip() in {"-", "–", "—", "‒", "−"})
    elif not isinstance(number, CellError):
        assert type(number) is float and math.isfinite(number)

    whole = _outcome(parse_int, cell)
    assert whole is None or isinstance(whole, CellError) or type(whole) is int
    if whole is None:
        assert number is None

    for width in (2, 3, 5):
        code = _outcome(partial(parse_code, width=width), cell)
        if isinstance(code, str):
            assert len(code) == width and _is_ascii_digits(code)
            if isinstance(cell, str):  # made of exactly the digits the unit typed, a
                # number's fraction of zeros aside (``20.0`` is 20)
                typed = re.sub(r"[^0-9]", "", re.sub(r"[.,]0+\s*$", "", cell))
                assert code.lstrip("0") == typed.lstrip("0")
        else:
            assert isinstance(code, CellError) or (code is None and blank)

    mark = _outcome(parse_mark, cell)
    assert isinstance(mark, CellError) or mark in {"met", "not_met", "basically_met"}
    if blank:
        assert mark == "not_met"

    year = _outcome(parse_year, cell)
    assert _typed(year, blank, lambda y: type(y) is int and 1900 <= y <= 2100)

    date = _outcome(parse_date, cell)
    assert _typed(date, blank, lambda d: type(d) is dt.date)

    stars = _outcome(parse_stars, cell)
    assert _typed(stars, blank, lambda n: type(n) is int)

    group = _outcome(parse_product_group, cell)
    assert _typed(group, blank, lambda g: g in PRODUCT_GROUPS)

    # A blank cell is "nothing reported", never an unparseable value.
    if blank:
        for result in (number, whole, year, date, stars, group):
            assert result is None


@WIDE
@given(header=st.one_of(st.none(), hostile_text, long_text, big_ints, st.floats()))
def test_text_helpers_never_raise(header: object) -> None:
    """Header and label matching sees every cell of a sheet, garbage included."""
    assert isinstance(fold(header), str)
    assert isinstance(header_key(header), str)
    assert isinstance(is_total_label(header), bool)
    assert isinstance(is_note_label(header), bool)
    unit = money_factor(header)
    assert unit is None or (unit[0] > 0 and isinstance(unit[1], str))


@ROUND_TRIP
@given(text=st.one_of(hostile_text, long_text))
@example(text="0()]")  # brackets emptied next to a closing one
def test_fold_gives_a_canonical_single_spaced_key(text: str) -> None:
    """Keys are compared for equality, so folding twice must not change them again."""
    key = fold(text)
    assert key == key.strip()
    assert "  " not in key
    assert not any(c in WHITESPACE + INVISIBLE for c in key.replace(" ", ""))
    assert not any(unicodedata.category(c) == "Mn" for c in key)
    assert fold(key) == key
    assert header_key(header_key(text)) == header_key(text)


# --------------------------------------------------------------------------- blanks


blank_text = st.text(st.sampled_from(WHITESPACE + INVISIBLE), min_size=1, max_size=12)


@WIDE
@given(text=blank_text)
def test_whitespace_and_invisible_characters_alone_are_blank(text: str) -> None:
    """A cell that shows nothing in Excel means "nothing reported", not an unparseable value."""
    assert is_blank(text)
    assert fold(text) == ""
    assert parse_number(text) is None
    assert parse_code(text, 5) is None
    assert parse_mark(text) == "not_met"
    assert parse_date(text) is None
    assert parse_stars(text) is None


@WIDE
@given(text=hostile_text)
def test_blank_never_hides_visible_content(text: str) -> None:
    """Whatever is_blank drops must be something fold would drop too."""
    if is_blank(text):
        assert fold(text) == ""


# --------------------------------------------------------------------------- numbers

SPACES_BETWEEN_GROUPS = [" ", "\xa0", "\u2007", "\u202f", "\u2009"]


def group3(digits: str, sep: str) -> str:
    """Group an unsigned integer's digits by three from the right, as Excel displays them."""
    head = len(digits) % 3 or 3
    return sep.join([digits[:head], *(digits[i : i + 3] for i in range(head, len(digits), 3))])


@st.composite
def written_numbers(draw: st.DrawFn) -> tuple[str, float]:
    """A number written in one of the accepted ways, with the value it must read back as."""
    whole = draw(st.one_of(st.integers(0, 999), st.integers(0, 10**15), st.integers(0, 10**30)))
    frac = draw(st.text("0123456789", max_size=6))
    digits = str(whole)
    value = float(f"{digits}.{frac}" if frac else digits)
    styles = ["vn_grouped", "vn_plain"]
    if whole >= 1000:
        styles += ["spaced_comma", "spaced_dot"]
    if (frac and whole >= 1000) or whole >= 10**6:
        styles.append("en_grouped")
    # "12.345" is Vietnamese for 12345 (see test_three_decimals_after_a_dot_are_thousands).
    if frac and not (len(frac) == 3 and whole != 0 and len(digits) <= 3):
        styles.append("en_plain")
    if frac and whole == 0:
        styles.append("bare_fraction")
    style = draw(st.sampled_from(styles))
    space = draw(st.sampled_from(SPACES_BETWEEN_GROUPS))
    body = {
        "vn_grouped": group3(digits, ".") + (f",{frac}" if frac else ""),
        "vn_plain": digits + (f",{frac}" if frac else ""),
        "spaced_comma": group3(digits, space) + (f",{frac}" if frac else ""),
        "spaced_dot": group3(digits, space) + (f".{frac}" if frac else ""),
        "en_grouped": group3(digits, ",") + (f".{frac}" if frac else ""),
        "en_plain": f"{digits}.{frac}",
        "bare_fraction": f",{frac}",
    }[style]
    body += draw(st.sampled_from(["", "%", " %"]))
    negative = draw(st.booleans())
    if negative:
        sign = draw(st.sampled_from(["-", "−", "–", "—", "- ", "()"]))
        text = f"({body})" if sign == "()" else sign + body
        value = -value
    else:
        text = draw(st.sampled_from(["", "+"])) + body
    pad = st.text(st.sampled_from(WHITESPACE), max_size=3)
    return draw(pad) + text + draw(pad), value


@ROUND_TRIP
@given(written=written_numbers())
def test_numbers_written_any_accepted_way_read_back(written: tuple[str, float]) -> None:
    """Vietnamese "1.234,5", plain "1234,5", spaced "1 234,5" and unambiguous English
    "1,234.5" must all give the number that was written, bit for bit."""
    text, value = written
    assert parse_number(text) == value
    assert parse_number(nfd(text)) == value


@ROUND_TRIP
@given(whole=st.integers(1, 999), frac=st.integers(0, 999))
def test_three_decimals_after_a_dot_are_thousands(whole: int, frac: int) -> None:
    """The documented ambiguity: text "2.445" is 2445, but a numeric cell 2.445 stays 2.445,
    and "2,445" is the Vietnamese decimal 2.445."""
    assert parse_number(f"{whole}.{frac:03}") == whole * 1000 + frac
    assert parse_number(f"{whole},{frac:03}") == float(f"{whole}.{frac:03}")
    assert parse_number(float(f"{whole}.{frac:03}")) == float(f"{whole}.{frac:03}")


@ROUND_TRIP
@given(value=st.floats(allow_nan=False, allow_infinity=False))
def test_numeric_float_cells_are_kept_as_they_are(value: float) -> None:
    result = parse_number(value)
    assert result == value
    assert math.copysign(1.0, result) == math.copysign(1.0, value)  # -0.0 stays -0.0


@ROUND_TRIP
@given(value=huge_ints)
def test_numeric_int_cells_are_kept_or_refused_never_wrapped(value: int) -> None:
    """An int beyond float range is refused (CellError), not an OverflowError or inf."""
    try:
        as_float = float(value)
    except OverflowError:
        with pytest.raises(CellError):
            parse_number(value)
    else:
        assert parse_number(value) == as_float
    assert parse_int(value) == value  # int cells are exact, whatever their size


@ROUND_TRIP
@given(
    value=st.floats(min_value=0, allow_nan=False, allow_infinity=False),
    pattern=st.sampled_from(["{:e}", "{:E}", "{:.3e}", "{:.0e}", "{:.15e}"]),
)
def test_scientific_text_reads_as_python_does(value: float, pattern: str) -> None:
    """CSV exports of other software write small and large figures as 1.5e-06."""
    text = pattern.format(value)
    if math.isinf(float(text)):  # rounding for display can carry past float's range
        with pytest.raises(CellError):
            parse_number(text)
        return
    assert parse_number(text) == float(text)
    assert parse_number("-" + text) == -float(text)


@ROUND_TRIP
@given(digits=st.integers(309, 5000), tail=st.sampled_from(["", ",5", ".25", "e0"]))
def test_text_beyond_float_range_is_unparseable_not_infinite(digits: int, tail: str) -> None:
    """An inf would reach the warehouse as a number; the unit must see its cell flagged."""
    with pytest.raises(CellError):
        parse_number("9" * digits + tail)
    with pytest.raises(CellError):
        parse_number(f"1e{digits}")


@ROUND_TRIP
@given(
    value=st.one_of(st.integers(-(2**53), 2**53), st.integers(-(10**40), 10**40)),
    style=st.sampled_from(["str", "vn_grouped", "spaced", "float"]),
)
@example(value=2**53 + 1, style="str")  # the first integer a float cannot hold
@example(value=-(2**53) - 1, style="vn_grouped")
@example(value=2**53 - 1, style="spaced")
def test_parse_int_never_returns_a_different_integer(value: int, style: str) -> None:
    """Counts typed as text beyond float precision must be refused, not silently rounded."""
    digits = str(abs(value))
    sign = "-" if value < 0 else ""
    cell: object = {
        "str": sign + digits,
        "vn_grouped": sign + group3(digits, "."),
        "spaced": sign + group3(digits, "\xa0"),
        "float": float(value),
    }[style]
    try:
        result = parse_int(cell)
    except CellError:
        assert style != "float" and abs(value) >= 2**53
        return
    if style == "float":
        assert result == int(float(value))
    else:
        assert result == value


# --------------------------------------------------------------------------- codes


@st.composite
def written_codes(draw: st.DrawFn) -> tuple[object, int, str]:
    """An administrative code as a cell may hold it, its width, and the code it stands for."""
    width = draw(st.sampled_from([2, 3, 5]))
    value = draw(st.integers(0, 10**width - 1))
    code = str(value).zfill(width)
    kind = draw(st.sampled_from(["int", "float", "text"]))
    if kind == "int":
        return value, width, code
    if kind == "float":
        return float(value), width, code
    text = draw(st.sampled_from([str(value), code, "0" * draw(st.integers(1, 6)) + code,
                                 f"{value}.0", f"{value},0", f"{code}.00"]))
    text = draw(st.sampled_from(["", "'", "’", "‘", "`"])) + text
    pad = st.text(st.sampled_from(WHITESPACE), max_size=3)
    return draw(pad) + text + draw(pad), width, code


@ROUND_TRIP
@given(written=written_codes())
def test_codes_read_back_with_leading_zeros(written: tuple[object, int, str]) -> None:
    """Excel drops leading zeros (province 04 arrives as 4); the code must come back whole."""
    cell, width, code = written
    assert parse_code(cell, width) == code
    assert parse_code(code, width) == code


@ROUND_TRIP
@given(
    width=st.sampled_from([2, 3, 5]),
    value=st.one_of(st.integers(), huge_ints),
    kind=st.sampled_from(["int", "float", "text"]),
)
def test_codes_out_of_range_are_refused(width: int, value: int, kind: str) -> None:
    """A negative or too-wide number is never truncated into some other unit's code."""
    if 0 <= value < 10**width:
        return
    if kind == "float":
        try:
            cell: object = float(value)
        except OverflowError:
            return
    elif kind == "text" and abs(value) < 10**100:
        cell = str(value)
    else:
        cell = value
    with pytest.raises(CellError):
        parse_code(cell, width)


@ROUND_TRIP
@given(width=st.sampled_from([2, 3, 5]), value=st.floats(allow_nan=False))
def test_fractional_or_infinite_float_codes_are_refused(width: int, value: float) -> None:
    if value.is_integer() and 0 <= value < 10**width:
        return
    with pytest.raises(CellError):
        parse_code(value, width)


# --------------------------------------------------------------------------- marks

MARK_SPELLINGS: dict[str, list[str]] = {
    "met": ["x", "X", "✓", "✔", "☑", "✅", "Đạt", "đạt", "Dat", "1", "1.0", "1,0", "TRUE"],
    "not_met": [
        "0",
        "0.0",
        "0,00",
        "-",
        "–",
        "—",
        "Chưa đạt",
        "Không đạt",
        "Chua dat",
        "Khong dat",
        "FALSE",
    ],
    "basically_met": ["Cơ bản đạt", "Co ban dat"],
}


@st.composite
def respelled(draw: st.DrawFn, text: str, ends: tuple[str, ...] = ("", ".")) -> str:
    """``text`` as another office might type it: NFC or NFD, any case, Ð for Đ, any spacing,
    invisible characters around it, and one of ``ends`` typed after it."""
    form = draw(st.sampled_from(["NFC", "NFD"]))
    chars = []
    for c in unicodedata.normalize(form, text):
        if c == " ":
            chars.append(draw(st.text(st.sampled_from(WHITESPACE + INVISIBLE), min_size=1)))
        elif c in "đĐ" and draw(st.booleans()):
            chars.append(draw(st.sampled_from("ðÐ")))
        else:
            chars.append(c.upper() if draw(st.booleans()) else c.lower())
    around = st.text(st.sampled_from(WHITESPACE + INVISIBLE), max_size=3)
    end = draw(st.sampled_from(ends))
    return draw(around) + "".join(chars) + end + draw(around)


@st.composite
def written_marks(draw: st.DrawFn) -> tuple[str, str, str]:
    meaning = draw(st.sampled_from(sorted(MARK_SPELLINGS)))
    canonical = draw(st.sampled_from(MARK_SPELLINGS[meaning]))
    # Marks are compared after stripping " .:;!", so "Đạt:" and "x." are accepted too.
    return draw(respelled(canonical, ("", ".", ":", "!", ";"))), canonical, meaning


@WIDE
@given(written=written_marks())
def test_marks_are_stable_under_every_accepted_spelling(written: tuple[str, str, str]) -> None:
    """An NFD "ĐẠT " from a Mac and an NFC "đạt" from Windows must be the same mark."""
    cell, canonical, meaning = written
    assert parse_mark(canonical) == meaning
    assert parse_mark(cell) == meaning


@ROUND_TRIP
@given(value=st.one_of(st.booleans(), st.integers(), st.floats()))
def test_numeric_marks(value: bool | int | float) -> None:
    """TRUE/1 is met, FALSE/0 (and -0.0) is not; any other number is unparseable."""
    if isinstance(value, float) and math.isnan(value):
        assert parse_mark(value) == "not_met"  # NaN is how dataframes spell a blank cell
    elif value == 1:
        assert parse_mark(value) == "met"
    elif value == 0:
        assert parse_mark(value) == "not_met"
    else:
        with pytest.raises(CellError):
            parse_mark(value)


@WIDE
@given(
    before=hostile_text,
    negation=st.sampled_from(["chưa", "Chưa", nfd("CHƯA"), "không", "KHÔNG", nfd("Không")]),
    after=st.one_of(hostile_text, st.sampled_from([s for v in MARK_SPELLINGS.values() for s in v])),
)
def test_a_negated_mark_is_never_met(before: str, negation: str, after: str) -> None:
    """ "Chưa đạt" contains "đạt"; no text with the word chưa/không may count as met."""
    cell = f"{before} {negation} {after}"
    words = re.split(r"[^a-z0-9]+", fold(cell))
    assert "chua" in words or "khong" in words
    assert _outcome(parse_mark, cell) != "met"


# --------------------------------------------------------------------------- dates, years

# The text forms need a four-digit year; Excel serials cover 1954-2118.
dates = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
TIME_SUFFIXES = ["", " 00:00:00", " 00:00", "T08:30", " 8:05:09", " 23:59:59.999999"]


@st.composite
def written_dates(draw: st.DrawFn) -> tuple[object, dt.date]:
    """A date as a cell may hold it (object, text in each accepted form), and that date."""
    date = draw(dates)
    d, m, y = date.day, date.month, f"{date.year:04}"
    dd, mm = (f"{d:02}", f"{m:02}") if draw(st.booleans()) else (str(d), str(m))
    sep = draw(st.sampled_from(["/", "-", "."]))
    gap = draw(st.sampled_from(["", " "]))
    form = draw(st.sampled_from(["date", "datetime", "cell_text", "dmy", "ymd", "vn"]))
    if form == "date":
        return date, date
    if form == "datetime":
        moment = dt.datetime.combine(date, draw(st.times()))
        return moment, date
    if form == "cell_text":  # what the ingest stores as value_text for a date cell
        moment = dt.datetime.combine(date, draw(st.times()))
        return cell_text(draw(st.sampled_from([date, moment]))), date
    if form == "dmy":
        text = f"{dd}{gap}{sep}{gap}{mm}{gap}{sep}{gap}{y}" + draw(st.sampled_from(TIME_SUFFIXES))
    elif form == "ymd":
        text = f"{y}-{mm}-{dd}" + draw(st.sampled_from(TIME_SUFFIXES))
    else:
        place = draw(st.sampled_from(["", "Lộc Bình, ", "…, "]))
        text = draw(respelled(f"{place}ngày {dd} tháng {mm} năm {y}"))
    pad = st.text(st.sampled_from(WHITESPACE), max_size=2)
    end = draw(st.sampled_from(["", "."]))
    return draw(pad) + text + end + draw(pad), date


@WIDE
@given(written=written_dates())
def test_dates_written_any_accepted_way_read_back(written: tuple[object, dt.date]) -> None:
    cell, date = written
    assert parse_date(cell) == date
    if 1900 <= date.year <= 2100:
        assert parse_year(cell) == date.year


@ROUND_TRIP
@given(day=st.integers(0, 40), month=st.integers(0, 14), year=st.integers(1000, 9999))
def test_text_dates_are_day_first_and_never_invented(day: int, month: int, year: int) -> None:
    """03/04/2021 is 3 April, always; 31/02 is refused, not rolled over into March."""
    try:
        expected = dt.date(year, month, day)
    except ValueError:
        with pytest.raises(CellError):
            parse_date(f"{day:02}/{month:02}/{year}")
        return
    assert parse_date(f"{day:02}/{month:02}/{year}") == expected
    assert parse_date(f"{day}.{month}.{year}") == expected


EPOCH = dt.date(1899, 12, 30)


@ROUND_TRIP
@given(
    serial=st.integers(20000, 80000),
    fraction=st.floats(min_value=0, max_value=0.999),
    form=st.sampled_from(["int", "float", "text", "text_fraction"]),
)
def test_excel_serials_read_back(serial: int, fraction: float, form: str) -> None:
    """A date cell formatted as a number shows its serial; any time of day is the same date."""
    cell: object = {
        "int": serial,
        "float": serial + fraction if serial < 80000 else float(serial),
        "text": str(serial),
        "text_fraction": f"{serial}.{int(fraction * 1000) if serial < 80000 else 0:03}",
    }[form]
    assert parse_date(cell) == EPOCH + dt.timedelta(days=serial)


@ROUND_TRIP
@given(serial=st.one_of(st.integers(), huge_ints, st.floats(allow_nan=False)))
def test_implausible_serials_are_refused(serial: int | float) -> None:
    """Small numbers (a count typed in a date column) must not become dates in 1900."""
    if 20000 <= serial <= 80000:
        return
    with pytest.raises(CellError):
        parse_date(serial)


@ROUND_TRIP
@given(year=st.integers(1000, 9999), form=st.sampled_from(["int", "float", "text", "nam"]))
def test_years_read_back_or_are_refused(year: int, form: str) -> None:
    cell: object = {
        "int": year,
        "float": float(year),
        "text": f"{year}",
        "nam": f"năm {year}",
    }[form]
    if 1900 <= year <= 2100:
        assert parse_year(cell) == year
        assert parse_year(nfd(str(cell)).upper()) == year
    else:
        with pytest.raises(CellError):
            parse_year(cell)


# --------------------------------------------------------------------------- OCOP stars

STAR_WORDS = {1: ["Một"], 2: ["Hai"], 3: ["Ba"], 4: ["Bốn", "Tư"], 5: ["Năm"]}


@st.composite
def written_stars(draw: st.DrawFn) -> tuple[object, int]:
    stars = draw(st.integers(1, 5))
    form = draw(st.sampled_from(["int", "float", "text"]))
    if form == "int":
        return stars, stars
    if form == "float":
        return float(stars), stars
    text = draw(
        st.sampled_from(
            [
                f"{stars}",
                f"{stars} sao",
                f"{stars}sao",
                f"{stars}*",
                f"{stars} *",
                f"{stars}★",
                f"{stars}.0",
                f"{stars},0",
                "★" * stars,
                "★" * stars + "☆" * (5 - stars),
                " ".join("★" * stars),
                "*" * stars,
                *(f"{word} sao" for word in STAR_WORDS[stars]),
            ]
        )
    )
    return draw(respelled(text)), stars


@WIDE
@given(written=written_stars())
def test_star_ratings_read_back(written: tuple[object, int]) -> None:
    cell, stars = written
    assert parse_stars(cell) == stars


@ROUND_TRIP
@given(count=st.integers(0, 10**6), suffix=st.sampled_from(["", " sao", "*", " ★"]))
def test_any_star_count_reads_back_for_the_range_check(count: int, suffix: str) -> None:
    """Ratings outside 3-5 are read, not refused here: the quality checks report them."""
    assert parse_stars(f"{count}{suffix}") == count


# --------------------------------------------------------------------------- folding


VIETNAMESE = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
vietnamese_words = st.lists(
    st.text(st.sampled_from(VIETNAMESE), min_size=1, max_size=8), max_size=5
)


@ROUND_TRIP
@given(words=vietnamese_words, data=st.data())
def test_fold_ignores_form_case_and_spacing_of_vietnamese(
    words: list[str], data: st.DataObject
) -> None:
    """Headers and labels typed on any keyboard must give the same ASCII key."""
    text = " ".join(words)
    key = fold(text)
    assert key.isascii()
    assert fold(data.draw(respelled(text))).strip(".:;! ") == key
    assert fold(nfd(text).upper()) == key
    assert nfc(nfd(text)) == nfc(text)


# --------------------------------------------------------------------------- columns

def _utf8(cell: object) -> bool:
    """No reader gives a lone surrogate: calamine's cells (.xlsx, .xls, .ods) are Rust strings,
    and CSV text is decoded strictly or with replacement characters."""
    if not isinstance(cell, str):
        return True
    try:
        cell.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# The cells a column of a real sheet holds: the template's marks and numbers as offices type
# them, blanks and dashes, besides anything a reader can give.
_column_cell = st.one_of(
    st.sampled_from(["x", "X ", "Đạt", "đạt", "ĐẠT", "√", "Cơ bản đạt", "Không đạt", "-", "—",
                     "", " ", "\u200b", "06532", "'06532", "6532", "2023", "12", "1.200",
                     "1.200,5", "3,5", "12.5", "0", "Xã Mẫu Sơn", "Xa\u0303 Mâ\u0303u", None,
                     1.0, 0.0, 2023.0, 6532.0, 3.5, 1200.5, -1.0, True]),
    any_cell.filter(_utf8),
)


@WIDE
@given(cells=st.lists(_column_cell, min_size=1, max_size=40),
       kind=st.sampled_from(sorted(KIND_TYPES)), with_text=st.booleans())
def test_a_few_cells_read_alone_read_as_in_a_long_column(
        cells: list[object], kind: str, with_text: bool) -> None:
    """``parse_column`` reads a short column cell by cell and a long one by its distinct
    texts: both ways give every cell the same value, text and error."""
    from pipelines.ingest.vocabulary import _builtin_marks

    marks = _builtin_marks()
    alone = parse_column(kind, cells, marks=marks, with_text=with_text)
    filler = ["x", "1.200,5", None, 7.0] * 40
    long = parse_column(kind, cells + filler, marks=marks, with_text=with_text)
    assert len(cells) <= _SMALL_COLUMN < len(cells) + len(filler)
    size = len(cells)
    assert alone.values.to_list() == long.values.slice(0, size).to_list()
    if with_text:
        assert alone.text.to_list() == long.text.slice(0, size).to_list()
    assert alone.errors == {i: e for i, e in long.errors.items() if i < size}


def test_a_short_column_read_again_is_the_same_and_its_copy_is_the_callers() -> None:
    """A short column read before is given again from memory: the same values, text and
    errors; a caller changing its copy (``scatter`` changes a Series in place) changes
    neither the remembered column nor the next caller's. 1, 1.0 and True are three cells."""
    from pipelines.ingest.vocabulary import _builtin_marks

    marks = _builtin_marks()
    cells: list[object] = ["x", 1, "abc", None, "Đạt"]
    first = parse_column("mark", cells, marks=marks, with_text=True)
    first.values.scatter([0], ["changed"])
    first.errors.clear()
    second = parse_column("mark", cells, marks=marks, with_text=True)
    assert second.values.to_list() == ["met", "met", "unparseable", "not_met", "met"]
    assert set(second.errors) == {2}
    assert second.text.to_list() == ["x", "1", "abc", None, "Đạt"]
    assert parse_column("number", [1], marks=marks).values.to_list() == [1.0]
    assert parse_column("number", [True], marks=marks).values.to_list() == [None]
