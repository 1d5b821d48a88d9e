"""The submission template rendered into sheets: the upper layer of the workbook writer.

``Submission`` holds plain Python data; ``render`` lays it out as the template of
``docs/submission-template.md`` (sheet names and header texts exactly as specified, title
rows, notes, signature blocks, total rows) in ``Sheet`` objects of
``samples.workbooks.formats``. Callers may mutate ``Sheet.rows`` afterwards to inject mess.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from samples.workbooks.formats import Cell, Sheet

SHEET_INFO = "ThongTin"
SHEET_B01 = "B01_TieuChiXa"
SHEET_B02 = "B02_NguonVon"
SHEET_B03 = "B03_OCOP"
SHEET_B04 = "B04_ChiTieu"
SHEET_B05 = "B05_TieuChiHuyen"
SHEET_B06 = "B06_TongHop"

TOTAL_LABEL = "Tổng cộng"

# --------------------------------------------------------------------------- template data


@dataclass
class Commune:
    """One B01 row. ``marks`` holds one cell per criterion, exactly as it should appear."""

    code: Cell
    name: Cell
    marks: list[Cell]
    reported_count: Cell = None
    ntm_year: Cell = None
    advanced_year: Cell = None
    model_year: Cell = None
    note: Cell = None
    group: Cell = None  # Nhóm xã (2026-2030 set); the column is written when a row has one


@dataclass
class FundingRow:
    """One B02 row; ``code`` is the template's ``Mã nguồn`` text (``"1"``, ``"6.1"``, ...)."""

    code: Cell
    name: Cell
    value: Cell
    quantity: Cell = None
    quantity_unit: Cell = None


@dataclass
class OcopProduct:
    """One B03 row: a certificate recognized in the reporting year."""

    name: Cell
    producer: Cell
    commune_code: Cell
    group: Cell
    stars: Cell
    recognized_on: Cell
    decision_no: Cell
    level: Cell


@dataclass
class Target:
    """One B04 row: this year's plan and result, and next year's plan."""

    code: Cell
    name: Cell
    unit: Cell
    target: Cell = None
    actual: Cell = None
    next_year_target: Cell = None


@dataclass
class DistrictCriterion:
    """One B05 row (``H1`` ... ``H9``)."""

    code: Cell
    name: Cell
    met: Cell


@dataclass
class Aggregate:
    """One B06 row: an aggregate as the unit reports it."""

    code: Cell
    name: Cell
    value: Cell


@dataclass
class Submission:
    """One submission in plain data; a sheet whose list is ``None`` is not written.

    Every field is a cell value as it should appear, so tests can pass messy values
    (codes as numbers, years as text). ``n_criteria`` fixes the number of ``TC`` columns
    when ``communes`` is empty; otherwise it is the length of the first commune's marks.
    """

    level: Cell
    province_code: Cell
    province_name: Cell
    year: Cell
    signed_on: Cell
    district_code: Cell = None
    district_name: Cell = None
    revision: Cell = None
    criteria_set: Cell = None
    district_ntm_year: Cell = None
    communes: list[Commune] | None = None
    funding: list[FundingRow] | None = None
    money_header: str = "Giá trị (triệu đồng)"
    ocop: list[OcopProduct] | None = None
    targets: list[Target] | None = None
    district_criteria: list[DistrictCriterion] | None = None
    aggregates: list[Aggregate] | None = None
    n_criteria: int | None = None

    @property
    def is_district(self) -> bool:
        """District submissions carry district keys in ThongTin and a B05 sheet."""
        return str(self.level).strip().lower() in {"huyện", "huyen"}


# --------------------------------------------------------------------------- rendering

_TITLES = {
    SHEET_B01: "BIỂU 01: KẾT QUẢ THỰC HIỆN TIÊU CHÍ NÔNG THÔN MỚI CẤP XÃ NĂM {year}",
    SHEET_B02: "BIỂU 02: KẾT QUẢ HUY ĐỘNG NGUỒN LỰC XÂY DỰNG NÔNG THÔN MỚI NĂM {year}",
    SHEET_B03: "BIỂU 03: SẢN PHẨM OCOP ĐƯỢC CÔNG NHẬN NĂM {year}",
    SHEET_B04: "BIỂU 04: KẾ HOẠCH VÀ KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM {year}",
    SHEET_B05: "BIỂU 05: KẾT QUẢ THỰC HIỆN TIÊU CHÍ HUYỆN NÔNG THÔN MỚI NĂM {year}",
    SHEET_B06: "BIỂU 06: TỔNG HỢP KẾT QUẢ XÂY DỰNG NÔNG THÔN MỚI NĂM {year}",
}

_NOTES = {
    SHEET_B01: "Ghi chú: Đánh dấu x vào tiêu chí đã đạt; số liệu tính đến ngày 31/12/{year}.",
    SHEET_B02: "Ghi chú: Giá trị quy đổi theo giá thực tế tại thời điểm huy động.",
    SHEET_B03: "Ghi chú: Chỉ liệt kê sản phẩm được công nhận trong năm {year}.",
    SHEET_B04: "Ghi chú: Số liệu năm {year} là số ước thực hiện đến 31/12/{year}.",
    SHEET_B05: "Ghi chú: Đánh giá theo bộ tiêu chí huyện nông thôn mới hiện hành.",
    SHEET_B06: "Ghi chú: Số liệu lũy kế tính đến ngày 31/12/{year}.",
}

_NUMBER_TEXT = re.compile(r"^-?[\d.]+(,\d+)?$")


def number(value: Cell) -> float | None:
    """Read a number from a cell, accepting Vietnamese text style (``"1.234,5"``).

    Total rows are computed from the cells the caller supplied, which may be text.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip()
    if not _NUMBER_TEXT.match(text):
        return None
    return float(text.replace(".", "").replace(",", "."))


def _tidy(x: float) -> int | float:
    """Sums of decimals pick up float noise; show them as an office would."""
    x = round(x, 6)
    return int(x) if x.is_integer() else x


def _strip_unit_prefix(name: str) -> str:
    """Drop ``Tỉnh``/``Huyện``/... so that ``UBND HUYỆN X`` is not ``UBND HUYỆN HUYỆN X``."""
    for prefix in ("Thành phố ", "Thị xã ", "Huyện ", "Quận ", "Tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def _authority(sub: Submission) -> str:
    """First title line naming the People's Committee that submits."""
    if sub.is_district and sub.district_name is not None:
        name = str(sub.district_name)
        kind = "HUYỆN"
        for prefix, k in (("Thành phố ", "THÀNH PHỐ"), ("Thị xã ", "THỊ XÃ")):
            if name.startswith(prefix):
                kind = k
        return f"UBND {kind} {_strip_unit_prefix(name).upper()}"
    name = str(sub.province_name)
    kind = "THÀNH PHỐ" if name.startswith("Thành phố ") else "TỈNH"
    return f"UBND {kind} {_strip_unit_prefix(name).upper()}"


def _signed_line(sub: Submission) -> str:
    """The ``<place>, ngày dd tháng mm năm yyyy`` line above the signatures."""
    place = _strip_unit_prefix(str(sub.district_name if sub.is_district else sub.province_name))
    signed = sub.signed_on
    if isinstance(signed, str):
        m = re.match(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$", signed)
        signed = dt.date(int(m[3]), int(m[2]), int(m[1])) if m else None
    if isinstance(signed, dt.date):
        return f"{place}, ngày {signed.day:02d} tháng {signed.month:02d} năm {signed.year}"
    return f"{place}, ngày ..... tháng ..... năm ......"


def _table_sheet(name: str, sub: Submission, header: list[Cell], body: list[list[Cell]],
                 total: list[Cell] | None, total_merge: int, *, title_rows: bool,
                 signature: bool) -> Sheet:
    """Assemble titles, header, body, optional total row and signature block.

    ``total_merge`` is how many leading cells of the total row are merged (1 = none).
    """
    width = len(header)
    rows: list[list[Cell]] = []
    merges: list[tuple[int, int, int, int]] = []
    if title_rows:
        rows.append([_authority(sub)])
        merges.append((0, 0, 0, min(3, width - 1)))
        rows.append([_TITLES[name].format(year=sub.year)])
        merges.append((1, 0, 1, width - 1))
        unit = sub.district_name if sub.is_district else sub.province_name
        rows.append([f"(Kèm theo Báo cáo kết quả xây dựng nông thôn mới năm {sub.year} "
                     f"của UBND {unit})"])
        merges.append((2, 0, 2, width - 1))
        rows.append([])
    rows.append(list(header))
    rows.extend(body)
    if total is not None:
        r = len(rows)
        rows.append(total)
        if total_merge > 1:
            merges.append((r, 0, r, total_merge - 1))
    if signature:
        rows.append([])
        rows.append([_NOTES[name].format(year=sub.year)])
        rows.append([])
        right = max(width - 3, 2)
        sign = [None] * (right + 1)
        sign[right] = _signed_line(sub)
        rows.append(sign)
        pair = [None] * (right + 1)
        pair[1], pair[right] = "Người lập biểu", "Thủ trưởng đơn vị"
        rows.append(pair)
        hint = [None] * (right + 1)
        hint[1], hint[right] = "(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)"
        rows.append(hint)
    return Sheet(name=name, rows=rows, merges=merges)


def _info_sheet(sub: Submission, *, title_rows: bool) -> Sheet:
    """ThongTin: keys in column A, values in column B.

    Optional keys are written only when given, except the district NTM year, which a
    district leaves blank when it is not recognized (the template's own convention).
    """
    pairs: list[tuple[str, Cell]] = [("Cấp báo cáo", sub.level), ("Mã tỉnh", sub.province_code),
                                     ("Tên tỉnh", sub.province_name)]
    if sub.is_district or sub.district_code is not None:
        pairs += [("Mã huyện", sub.district_code), ("Tên huyện", sub.district_name)]
    pairs += [("Năm báo cáo", sub.year), ("Ngày lập", sub.signed_on)]
    if sub.revision is not None:
        pairs.append(("Lần gửi", sub.revision))
    if sub.criteria_set is not None:
        pairs.append(("Bộ tiêu chí", sub.criteria_set))
    if sub.is_district or sub.district_ntm_year is not None:
        pairs.append(("Năm đạt chuẩn huyện NTM", sub.district_ntm_year))
    rows: list[list[Cell]] = []
    merges: list[tuple[int, int, int, int]] = []
    if title_rows:
        rows.append(["THÔNG TIN CHUNG VỀ BÁO CÁO NÔNG THÔN MỚI"])
        merges.append((0, 0, 0, 1))
        rows.append([])
    rows += [[k, v] for k, v in pairs]
    return Sheet(name=SHEET_INFO, rows=rows, merges=merges)


def _b01(sub: Submission, communes: list[Commune], total_rows: bool, **kw: bool) -> Sheet:
    n = sub.n_criteria if sub.n_criteria is not None else (
        len(communes[0].marks) if communes else 19)
    grouped = any(c.group is not None for c in communes)
    header: list[Cell] = ["STT", "Mã xã", "Tên xã", *(["Nhóm xã"] if grouped else []),
                          *[f"TC{i}" for i in range(1, n + 1)],
                          "Số tiêu chí đạt", "Năm đạt chuẩn NTM", "Năm đạt NTM nâng cao",
                          "Năm đạt NTM kiểu mẫu", "Ghi chú"]
    body = [[i, c.code, c.name, *([c.group] if grouped else []), *c.marks, c.reported_count,
             c.ntm_year, c.advanced_year, c.model_year, c.note]
            for i, c in enumerate(communes, start=1)]
    total = None
    if total_rows:
        counts = [number(c.reported_count) for c in communes]

        def filled(values: list[Cell]) -> int:
            return sum(1 for v in values if v not in (None, ""))

        total = [TOTAL_LABEL, None, None, *([None] if grouped else []), *[None] * n,
                 _tidy(sum(x for x in counts if x is not None)),
                 filled([c.ntm_year for c in communes]),
                 filled([c.advanced_year for c in communes]),
                 filled([c.model_year for c in communes]), None]
    return _table_sheet(SHEET_B01, sub, header, body, total, 3, **kw)


def _b02(sub: Submission, rows: list[FundingRow], total_rows: bool, **kw: bool) -> Sheet:
    with_qty = any(r.quantity is not None or r.quantity_unit is not None for r in rows)
    header: list[Cell] = ["Mã nguồn", "Nguồn vốn", sub.money_header]
    if with_qty:
        header += ["Khối lượng", "Đơn vị khối lượng"]
    body = [[r.code, r.name, r.value, *([r.quantity, r.quantity_unit] if with_qty else [])]
            for r in rows]
    total = None
    if total_rows:
        top = [number(r.value) for r in rows if "." not in str(r.code).strip()]
        total = [TOTAL_LABEL, None, _tidy(sum(x for x in top if x is not None))]
    return _table_sheet(SHEET_B02, sub, header, body, total, 2, **kw)


def _b03(sub: Submission, rows: list[OcopProduct], total_rows: bool, **kw: bool) -> Sheet:
    header: list[Cell] = ["STT", "Tên sản phẩm", "Chủ thể", "Mã xã", "Nhóm sản phẩm", "Số sao",
                          "Ngày công nhận", "Số quyết định", "Cấp công nhận"]
    body = [[i, p.name, p.producer, p.commune_code, p.group, p.stars, p.recognized_on,
             p.decision_no, p.level] for i, p in enumerate(rows, start=1)]
    total = [TOTAL_LABEL, len(rows)] if total_rows else None
    return _table_sheet(SHEET_B03, sub, header, body, total, 1, **kw)


def render(sub: Submission, *, title_rows: bool = True, signature: bool = True,
           total_rows: bool = True) -> list[Sheet]:
    """Render a submission into the template's sheets, in template order.

    The flags switch off the mess that the template allows, for tests that want the bare
    tables. Total rows are computed from the cells given (they agree with the body).
    """
    kw = {"title_rows": title_rows, "signature": signature}
    sheets = [_info_sheet(sub, title_rows=title_rows)]
    if sub.communes is not None:
        sheets.append(_b01(sub, sub.communes, total_rows, **kw))
    if sub.funding is not None:
        sheets.append(_b02(sub, sub.funding, total_rows, **kw))
    if sub.ocop is not None:
        sheets.append(_b03(sub, sub.ocop, total_rows, **kw))
    if sub.targets is not None:
        header: list[Cell] = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện",
                              "Kế hoạch năm sau"]
        body = [[t.code, t.name, t.unit, t.target, t.actual, t.next_year_target]
                for t in sub.targets]
        sheets.append(_table_sheet(SHEET_B04, sub, header, body, None, 1, **kw))
    if sub.district_criteria is not None:
        body = [[d.code, d.name, d.met] for d in sub.district_criteria]
        sheets.append(_table_sheet(SHEET_B05, sub, ["Mã tiêu chí", "Tên tiêu chí", "Đạt"], body,
                                   None, 1, **kw))
    if sub.aggregates is not None:
        body = [[a.code, a.name, a.value] for a in sub.aggregates]
        sheets.append(_table_sheet(SHEET_B06, sub, ["Mã chỉ số", "Chỉ số", "Giá trị"], body,
                                   None, 1, **kw))
    return sheets
