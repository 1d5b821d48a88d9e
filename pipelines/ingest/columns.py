"""Read whole columns of cells at once, by kind, with polars expressions.

Once a sheet's layout is known, every cell of a column is read by the same rule, so the rule
runs over the column (gathered across all sheets and files of a batch) instead of cell by
cell: the common cells (numbers, codes, marks, plain text) are decided by expressions, and only
the cells an expression cannot decide (``"(1.234,5)"``, ``"3 sao"``, a date, an unknown mark)
go to the cell parsers of ``values.py``, which stay the definition of every rule and raise
the message a flag quotes. An expression never decides a cell differently from the cell
parser: where the two could disagree (``"2.445"`` is 2445, ``"0.445"`` is not), the cell is
left to the parser (``tests/hostile/test_cell_parsers_properties.py`` checks both agree).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import polars as pl

from pipelines.ingest import seeds
from pipelines.ingest import template as t
from pipelines.ingest.text import fold, nfc
from pipelines.ingest.values import (
    CellError,
    cell_text,
    is_blank,
    parse_code,
    parse_commune_group,
    parse_count,
    parse_date,
    parse_int,
    parse_mark,
    parse_money,
    parse_number,
    parse_product_group,
    parse_stars,
    parse_year,
)

_FAST_TYPES = frozenset({str, float, type(None)})
_INVISIBLE = "[\u200b\u200c\u200d\u2060\ufeff]"
_SPACES = r"[\s\u200b\u200c\u200d\u2060\ufeff]+"
_DASHES = ("-", "–", "—", "‒", "−")


@dataclass
class Parsed:
    """A column read: typed values, the cells as typed (when asked), and the cells that could
    not be read, by position, with the reason."""

    values: pl.Series
    text: pl.Series | None = None
    errors: dict[int, str] = field(default_factory=dict)


def funding_code(value: object) -> str | None:
    """B02 source codes are labels (``6.1``), not numbers: a cell typed as the number 6.1 or
    the text ``6,1`` means the same row."""
    if is_blank(value):
        return None
    text = cell_text(value).strip().rstrip(".").replace(",", ".").replace(" ", "")
    if re.fullmatch(r"\d+(\.\d+)?", text):
        head, _, tail = text.partition(".")
        text = str(int(head)) + (f".{int(tail)}" if tail and int(tail) else "")
        if text in FUNDING_CODES:
            return text
    raise CellError(f"'{cell_text(value)}' is not a B02 source code (1-7, 6.1-6.4)")


FUNDING_CODES = tuple(seeds.funding_sources())


# A row typed or pasted into one cell, its cells' texts parted by tabs, line breaks or runs
# of spaces (``SO_XA_DAT_CHUAN<tab>Số xã đạt chuẩn<tab>1``): several texts, not one code. A
# single space, or a break beside an underscore (``XA_DAT_CHUAN_`` wrapped to ``MOI``), stays
# inside a code.
_SEVERAL_TEXTS = r"[^\W_](?:\s*[\t\n\r\v\f]\s*|\s{2,})[^\W_]"


def indicator_code(value: object) -> str | None:
    """Indicator codes are identifiers: upper case, no spaces (``xa_dat_chuan_moi `` is
    ``XA_DAT_CHUAN_MOI``). A cell holding several texts (``_SEVERAL_TEXTS``) is no code:
    with its spaces taken out, the code, name and figure of a row typed in one cell ran
    together into one unknown code (``SO_XA_DAT_CHUANSOXADATCHUAN1``), its figure unread
    without a flag."""
    if is_blank(value):
        return None
    typed = cell_text(value)
    text = re.sub(r"\s+", "", fold(typed)).upper()
    if re.search(_SEVERAL_TEXTS, typed) or not re.fullmatch(r"[A-Z0-9_.]+", text):
        raise CellError(f"'{cell_text(value)}' is not an indicator code")
    return text


def typed_text(value: object) -> str | None:
    """A cell as a person reads it, for text columns and typed-text companions."""
    if is_blank(value):
        return None
    return " ".join(nfc(cell_text(value)).split()) or None


def cell_parser(kind: str, marks: dict[str, str] | None = None) -> Callable[[object], Any]:
    """The cell parser of a kind: the definition of its rule, for one cell."""
    return {
        t.TEXT: typed_text,
        t.CODE2: lambda c: parse_code(c, 2),
        t.CODE3: lambda c: parse_code(c, 3),
        t.CODE5: lambda c: parse_code(c, 5),
        t.NUMBER: parse_number,
        t.INTEGER: parse_int,
        t.COUNT: parse_count,
        t.MONEY: parse_money,
        t.YEAR: parse_year,
        t.DATE: parse_date,
        t.MARK: lambda c: parse_mark(c, marks),
        t.STARS: parse_stars,
        t.GROUP: parse_product_group,
        t.COMMUNE_GROUP: parse_commune_group,
        t.INDICATOR: indicator_code,
        t.FUNDING: funding_code,
    }[kind]


# --------------------------------------------------------------------------- expressions
# Each kind is two expressions: one over the distinct texts of the column (column "t"), one
# over its numeric cells (column "n"). Texts repeat ("x", "Đạt", a unit), so the text rules
# run once per distinct text and are mapped back.


def _clean(col: str) -> pl.Expr:
    """Text with invisible characters and outer spaces removed; "" for blank text."""
    return pl.col(col).str.replace_all(_INVISIBLE, "").str.strip_chars()


def _number_text() -> pl.Expr:
    """The text of a numeric cell as ``values.cell_text`` writes it (2.0 as "2")."""
    n = pl.col("n")
    whole = (n == n.floor()) & (n.abs() < 1e15)
    # Not strict: polars casts the whole column, the cells ``whole`` leaves out too.
    as_int = n.cast(pl.Int64, strict=False).cast(pl.String)
    return pl.when(whole).then(as_int).otherwise(n.cast(pl.String))


def _text_of_text() -> pl.Expr:
    cleaned = pl.col("t").str.normalize("NFC").str.replace_all(_SPACES, " ").str.strip_chars()
    return pl.when(cleaned != "").then(cleaned)


def _fold(expr: pl.Expr) -> pl.Expr:
    """``text.fold`` as an expression: no accents, no case, single spaces."""
    return (expr.str.to_lowercase().str.normalize("NFD").str.replace_all(r"\p{Mn}", "")
            .str.replace_many(["đ", "ð"], ["d", "d"]).str.replace_all(_SPACES, " ")
            .str.strip_chars())


def _code(width: int) -> tuple[pl.Expr, pl.Expr]:
    text = _clean("t").str.strip_chars_start("'’‘`").str.strip_chars()
    digits = pl.when(text.str.len_chars() > width).then(
        text.str.strip_chars_start("0")).otherwise(text)
    digits = pl.when(digits == "").then(pl.lit("0")).otherwise(digits)
    from_text = pl.when(text.str.contains(r"^[0-9]+$") & (digits.str.len_chars() <= width)).then(
        digits.str.zfill(width))
    n = pl.col("n")
    ok = n.is_finite() & (n == n.floor()) & (n >= 0) & (n < 10.0**width)
    # Not strict: polars casts every cell, the ones ``ok`` leaves out too, and a strict cast
    # of 1.2e19 (too large for an integer) failed the whole batch of files.
    from_number = pl.when(ok).then(n.cast(pl.Int64, strict=False).cast(pl.String)
                                   .str.zfill(width))
    return from_text, from_number


def _number() -> tuple[pl.Expr, pl.Expr]:
    text = _clean("t")
    simple = (text.str.contains(r"^[0-9]+$") | text.str.contains(r"^[0-9]+,[0-9]+$")
              | (text.str.contains(r"^[0-9]+\.[0-9]+$")
                 & ~text.str.contains(r"^[0-9]{1,3}\.[0-9]{3}$")))
    parsed = text.str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
    n = pl.col("n")
    return pl.when(simple & parsed.is_finite()).then(parsed), pl.when(n.is_finite()).then(n)


def _year() -> tuple[pl.Expr, pl.Expr]:
    text = _clean("t")
    parsed = text.cast(pl.Int64, strict=False)
    from_text = pl.when(text.str.contains(r"^[0-9]{4}$") & parsed.is_between(1900, 2100)).then(
        parsed)
    n = pl.col("n")
    ok = n.is_finite() & (n == n.floor()) & n.is_between(1900, 2100)
    return from_text, pl.when(ok).then(n.cast(pl.Int64, strict=False))  # as in _code


def _mark(marks: dict[str, str]) -> tuple[pl.Expr, pl.Expr]:
    key = _fold(pl.col("t")).str.strip_chars(" .:;!")
    from_text = key.replace_strict(marks, default=None, return_dtype=pl.String)
    n = pl.col("n")
    return from_text, pl.when(n == 1).then(pl.lit("met")).when(n == 0).then(pl.lit("not_met"))


def _indicator() -> tuple[pl.Expr, pl.Expr]:
    key = _fold(pl.col("t")).str.replace_all(r"\s+", "").str.to_uppercase()
    one_text = ~pl.col("t").str.contains(_SEVERAL_TEXTS)
    return (pl.when(one_text & key.str.contains(r"^[A-Z0-9_.]+$")).then(key),
            pl.lit(None, pl.String))


def _fast(kind: str, marks: dict[str, str]) -> tuple[pl.Expr, pl.Expr] | None:
    if kind == t.TEXT:
        return _text_of_text(), _number_text()
    if kind in (t.CODE2, t.CODE3, t.CODE5):
        return _code(int(kind[-1]))
    if kind in (t.NUMBER, t.MONEY):
        return _number()
    if kind == t.YEAR:
        return _year()
    if kind == t.MARK:
        return _mark(marks)
    if kind == t.INDICATOR:
        return _indicator()
    return None


def _blank_text() -> pl.Expr:
    """A text cell that is blank, or a dash meaning "nothing to report"."""
    text = _clean("t")
    return (text == "") | text.is_in(list(_DASHES))


# --------------------------------------------------------------------------- columns


# Up to this many cells a column is read in one query, cell by cell; above it the text rules
# run once per distinct text (a batch's column repeats "x", "Đạt" and units many times).
_SMALL_COLUMN = 100


def parse_column(
    kind: str,
    cells: list[object],
    *,
    marks: dict[str, str],
    percent: list[bool] | None = None,
    with_text: bool = False,
) -> Parsed:
    """Read a column of cells of one kind. ``percent`` marks numeric cells formatted as a
    percentage (their value is a fraction: 0.032 shows as 3.2 %).

    A short column read before with the same marks is not read again: a workbook checked or
    read alone gives columns of a few cells, each a polars query whose fixed cost (about a
    millisecond) is most of its reading, and its sheets repeat those of the office's other
    workbooks. A batch's columns are long and read once."""
    if len(cells) > _SMALL_COLUMN:
        return _parse_column(kind, cells, marks=marks, percent=percent, with_text=with_text)
    try:
        hit = _short_column(kind, tuple((type(c), c) for c in cells), tuple(marks.items()),
                            tuple(percent) if percent is not None and any(percent) else None,
                            with_text)
    except TypeError:  # an unhashable cell: not from a reader, never fatal
        return _parse_column(kind, cells, marks=marks, percent=percent, with_text=with_text)
    # Copies (cheap: polars copies a Series' data only when it is changed): a caller may
    # change its values in place (``Series.scatter``) or its errors.
    return Parsed(values=hit.values.clone(),
                  text=None if hit.text is None else hit.text.clone(),
                  errors=dict(hit.errors))


@lru_cache(maxsize=4096)
def _short_column(kind: str, typed: tuple[tuple[type, object], ...],
                  marks: tuple[tuple[str, str], ...], percent: tuple[bool, ...] | None,
                  with_text: bool) -> Parsed:
    """A short column read, remembered by its kind, its cells with their types (1, 1.0 and
    True are equal keys), marks, percent formats (None when no cell has one) and whether its
    text was asked for."""
    return _parse_column(kind, [c for _, c in typed], marks=dict(marks),
                         percent=None if percent is None else list(percent), with_text=with_text)


def _parse_column(
    kind: str,
    cells: list[object],
    *,
    marks: dict[str, str],
    percent: list[bool] | None = None,
    with_text: bool = False,
) -> Parsed:
    dtype = t.KIND_TYPES[kind]
    size = len(cells)
    types = set(map(type, cells))
    odd = [i for i, c in enumerate(cells) if type(c) not in _FAST_TYPES] if (
        types - _FAST_TYPES) else []
    texts = pl.Series("t", [c if type(c) is str else None for c in cells] if str in types
                      else [None] * size, dtype=pl.String)
    numbers = pl.Series("n", [c if type(c) is float else None for c in cells] if float in types
                        else [None] * size, dtype=pl.Float64)
    fast = _fast(kind, marks)
    text_exprs = [_blank_text().alias("blank_t")]
    if fast is not None:
        text_exprs.append(fast[0].cast(dtype).alias("v_t"))
    if with_text:
        text_exprs.append(_text_of_text().alias("txt_t"))
    blank = (pl.col("t").is_null() & pl.col("n").is_null()) | pl.col("blank_t").fill_null(False)
    value = (pl.coalesce(pl.col("v_t"), fast[1].cast(dtype)) if fast is not None
             else pl.lit(None, dtype))
    if kind == t.MARK:  # the template defines a blank mark as not met
        value = pl.when(blank).then(pl.lit("not_met")).otherwise(value)
        undecided = value.is_null()
    else:
        undecided = ~blank & value.is_null()
    final = [value.alias("v"), undecided.alias("undecided")]
    if with_text:
        final.append(pl.coalesce(pl.col("txt_t"), _number_text()).alias("txt"))
    cells_frame = pl.DataFrame({"t": texts, "n": numbers}).lazy()
    if size > _SMALL_COLUMN:
        # The text rules run once per distinct text, then come back to the cells by a join;
        # the whole column is then read in one pass (two polars queries per column in all).
        by_text = pl.DataFrame({"t": texts.drop_nulls().unique()}).with_columns(text_exprs)
        with_texts = cells_frame.join(by_text.lazy(), on="t", how="left",
                                      maintain_order="left")
    else:
        # A few cells (one workbook checked or read alone): the same rules on every cell, in
        # one query; the distinct texts and the join cost more than they save.
        with_texts = cells_frame.with_columns(text_exprs)
    out = with_texts.select(final).collect()
    values = out["v"]
    left = out["undecided"]
    # ``arg_true`` runs a query of its own; most columns leave no cell undecided.
    todo = (set(left.arg_true().to_list()) if left.any() else set()) | set(odd)
    text = out["txt"] if with_text else None
    errors: dict[int, str] = {}
    if todo:
        values, errors = _slow(kind, cells, sorted(todo), values, marks)
        if text is not None and odd:
            text = text.scatter(odd, [typed_text(cells[i]) for i in odd])
    if percent is not None and any(percent):
        values, text = _percentages(kind, cells, percent, values, text, errors)
    return Parsed(values=values.rename("v"), text=text, errors=errors)


def _slow(
    kind: str, cells: list[object], todo: list[int], values: pl.Series, marks: dict[str, str]
) -> tuple[pl.Series, dict[int, str]]:
    """The cell parser for the cells the expressions left: each distinct value once."""
    parse = cell_parser(kind, marks)
    memo: dict[tuple[type, object], tuple[object, str | None]] = {}
    results: list[object] = []
    errors: dict[int, str] = {}
    for i in todo:
        cell = cells[i]
        try:
            key = (type(cell), cell)
            hit = memo.get(key)
        except TypeError:  # unhashable: not from a reader, but never fatal
            key, hit = None, None
        if hit is None:
            try:
                hit = (parse(cell), None)
            except CellError as exc:
                hit = (None, str(exc))
            if key is not None:
                memo[key] = hit
        value, error = hit
        if error is not None:
            errors[i] = error
            value = "unparseable" if kind == t.MARK else None
        results.append(value)
    dtype = values.dtype
    return values.scatter(todo, pl.Series(results, dtype=dtype, strict=False)), errors


def _percentages(
    kind: str, cells: list[object], percent: list[bool], values: pl.Series,
    text: pl.Series | None, errors: dict[int, str],
) -> tuple[pl.Series, pl.Series | None]:
    """A percent-formatted number shows 100 times its value: read it as shown. A money column
    or a count of criteria formatted as a percentage cannot be read either way (``100%``
    under ``Số tiêu chí đạt`` is neither 1 criterion nor 100), so the cell is reported."""
    positions = [i for i, p in enumerate(percent) if p and type(cells[i]) is float]
    if not positions or kind not in (t.NUMBER, t.MONEY, t.COUNT):
        return values, text
    if kind in (t.MONEY, t.COUNT):
        what = "a money column" if kind == t.MONEY else "a count of criteria"
        for i in positions:
            errors[i] = (f"{cell_text(cells[i])!r} is formatted as a percentage "
                         f"({_percent_text(cells[i])}) in {what}")
        return values.scatter(positions, [None] * len(positions)), text
    shown = [round(cells[i] * 100, 10) for i in positions]
    values = values.scatter(positions, shown)
    if text is not None:
        text = text.scatter(positions, [_percent_text(cells[i]) for i in positions])
    return values, text


def _percent_text(value: float) -> str:
    shown = round(value * 100, 10)
    return f"{int(shown)}%" if shown == math.floor(shown) else f"{shown:g}%"
