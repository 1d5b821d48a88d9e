"""Render a unit-year's facts as a ``Submission`` in its office's style.

Labels come from the template; values come from :class:`~samples.bundled.world.SampleWorld`
so that a clean report is consistent with the world by construction.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from samples.bundled.commune_progress import Status
from samples.bundled.ocop import GROUP_NAMES, Certificate
from samples.bundled.office_styles import NO_B06, STYLES, Style
from samples.bundled.scope import Unit, criteria_set, n_criteria, topic_rng
from samples.bundled.world import SampleWorld
from samples.bundled.yearly_facts import FUNDING_NAMES, Facts, tidy
from samples.workbooks import (
    SHEET_B01,
    SHEET_INFO,
    Aggregate,
    Cell,
    Commune,
    DistrictCriterion,
    FundingRow,
    OcopProduct,
    Sheet,
    Submission,
    Target,
)

H_NAMES = {
    "2016-2020": ["Quy hoạch", "Giao thông", "Thủy lợi", "Điện", "Y tế - Văn hóa - Giáo dục",
                  "Sản xuất", "Môi trường", "An ninh, trật tự xã hội",
                  "Chỉ đạo xây dựng nông thôn mới"],
    "2021-2025": ["Quy hoạch", "Giao thông", "Thủy lợi và phòng, chống thiên tai", "Điện",
                  "Y tế - Văn hóa - Giáo dục", "Kinh tế", "Môi trường",
                  "Chất lượng môi trường sống",
                  "Hệ thống chính trị - An ninh trật tự - Hành chính công"],
}
TARGET_NAMES = [
    ("XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn nông thôn mới trong năm", "xã"),
    ("XA_NANG_CAO_MOI", "Số xã đạt chuẩn nông thôn mới nâng cao trong năm", "xã"),
    ("XA_KIEU_MAU_MOI", "Số xã đạt chuẩn nông thôn mới kiểu mẫu trong năm", "xã"),
    ("TC_BINH_QUAN", "Bình quân số tiêu chí đạt/xã", "tiêu chí/xã"),
    ("XA_DUOI_10_TC", "Số xã đạt dưới 10 tiêu chí", "xã"),
    ("THON_DAT_CHUAN_MOI", "Số thôn, bản đạt chuẩn nông thôn mới trong năm", "thôn"),
    ("KDC_KIEU_MAU_MOI", "Số khu dân cư kiểu mẫu được công nhận trong năm", "khu"),
    ("OCOP_3SAO_MOI", "Số sản phẩm OCOP đạt 3 sao trở lên trong năm", "sản phẩm"),
    ("THU_NHAP_BQ", "Thu nhập bình quân đầu người khu vực nông thôn", "triệu đồng/người/năm"),
    ("TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%"),
    ("TY_LE_BHYT", "Tỷ lệ người dân tham gia bảo hiểm y tế", "%"),
    ("TY_LE_NUOC_SACH", "Tỷ lệ hộ sử dụng nước sạch", "%"),
    ("TY_LE_LD_DAO_TAO", "Tỷ lệ lao động qua đào tạo", "%"),
    ("TY_LE_RAC_THAI", "Tỷ lệ chất thải rắn được thu gom, xử lý theo quy định", "%"),
]
AGGREGATE_NAMES = {
    "SO_XA": "Tổng số xã", "SO_XA_DAT_CHUAN": "Số xã đạt chuẩn nông thôn mới (lũy kế)",
    "SO_XA_DAT_CHUAN_MOI": "Trong đó: số xã đạt chuẩn trong năm",
    "SO_XA_NANG_CAO": "Số xã đạt chuẩn nông thôn mới nâng cao (lũy kế)",
    "SO_XA_KIEU_MAU": "Số xã đạt chuẩn nông thôn mới kiểu mẫu (lũy kế)",
    "TONG_TC": "Tổng số tiêu chí đạt", "TC_BINH_QUAN": "Bình quân số tiêu chí/xã",
    "SO_XA_19_TC": "Số xã đạt 19 tiêu chí", "SO_XA_15_18_TC": "Số xã đạt từ 15 đến 18 tiêu chí",
    "SO_XA_10_14_TC": "Số xã đạt từ 10 đến 14 tiêu chí",
    "SO_XA_5_9_TC": "Số xã đạt từ 5 đến 9 tiêu chí",
    "SO_XA_DUOI_5_TC": "Số xã đạt dưới 5 tiêu chí",
    "SO_HUYEN_DAT_CHUAN": "Số huyện đạt chuẩn/hoàn thành nhiệm vụ xây dựng NTM (lũy kế)",
    "SO_KDC_KIEU_MAU": "Số khu dân cư kiểu mẫu (lũy kế)",
    "SO_THON_DAT_CHUAN": "Số thôn, bản đạt chuẩn nông thôn mới (lũy kế)",
    "TONG_VON": "Tổng nguồn lực huy động trong năm (triệu đồng)",
    "VON_CONG_DONG": "Trong đó: nguồn lực cộng đồng (triệu đồng)",
    "OCOP_3_SAO": "Sản phẩm OCOP 3 sao còn hiệu lực",
    "OCOP_4_SAO": "Sản phẩm OCOP 4 sao còn hiệu lực",
    "OCOP_5_SAO": "Sản phẩm OCOP 5 sao còn hiệu lực",
}


def vn_number(x: float, decimals: int = 1) -> str:
    """Vietnamese text style: ``.`` groups thousands, ``,`` marks decimals."""
    text = f"{x:,.{decimals}f}" if decimals else f"{x:,.0f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def signing_date(unit_code: str, year: int, level: str) -> dt.date:
    """Mostly January of the next year; a few districts sign in late December."""
    rng = topic_rng("signed", unit_code, year)
    if level == "Huyện" and rng.random() < 0.12:
        return dt.date(year, 12, rng.randint(18, 30))
    first = 5 if level == "Huyện" else 18
    return dt.date(year + 1, 1, rng.randint(first, 28 if level == "Huyện" else 31))


def to_submission(w: SampleWorld, f: Facts, *, revision: int = 1,
                  signed_on: dt.date | None = None) -> Submission:
    """Render a unit-year's facts in its office's style."""
    style = STYLES[f.unit.code]
    year = f.year
    signed = signed_on or signing_date(f.unit.code, year, f.level)
    code_rng = topic_rng("thongtin", f.unit.code, year)
    sub = Submission(
        level=f.level,
        province_code=int(f.province.code) if style.codes_as_numbers else f.province.code,
        province_name=f.province.name, year=year,
        signed_on=signed.strftime("%d/%m/%Y") if style.signed_as_text else signed,
        revision=None if style.omit_revision else revision,
        criteria_set=criteria_set(year) if code_rng.random() < 0.6 else None)
    if f.level == "Huyện":
        sub.district_code = int(f.unit.code) if style.codes_as_numbers else f.unit.code
        sub.district_name = f.unit.name
        sub.district_ntm_year = f.district_ntm_year
    if f.lists_communes:
        sub.communes = [_commune_row(style, u, s, year, f.groups.get(u.code))
                        for u, s in f.statuses]
    sub.funding = _funding_rows(f, style)
    if f.level == "Tỉnh" and f.unit.code == "20":
        sub.money_header = "Giá trị (tỷ đồng)"
    if f.unit.code == "189" and year == 2022:
        sub.money_header = "Giá trị (đồng)"
    if f.level == "Huyện" or f.unit.code in {"20", "92"}:
        sub.ocop = [_ocop_row(style, c) for c in f.certificates]
    sub.targets = _target_rows(w, f, style)
    if f.level == "Huyện":
        names = H_NAMES[criteria_set(year)]
        sub.district_criteria = [
            DistrictCriterion(f"H{i}", names[i - 1], "Đạt" if i in f.h_met else "Chưa đạt")
            for i in range(1, 10)]
    if (f.unit.code, year) not in NO_B06:
        sub.aggregates = [_aggregate_row(style, k, v)
                          for k, v in w.aggregates(f).items()]
    return sub


def _commune_row(style: Style, u: Unit, s: Status, year: int,
                 group: int | None = None) -> Commune:
    rng = topic_rng("basic-met", u.code, year)
    marks: list[Cell] = []
    for c in range(1, n_criteria(year) + 1):
        if c in s.met:
            marks.append(style.met)
        elif style.basic_met and rng.random() < 0.15:
            marks.append("Cơ bản đạt")
        else:
            marks.append(style.unmet)
    note = f"Đạt chuẩn năm {year}" if s.ntm_year == year else None
    return Commune(code=int(u.code) if style.codes_as_numbers else u.code, name=u.name,
                   marks=marks, reported_count=s.count, ntm_year=s.ntm_year,
                   advanced_year=s.advanced_year, model_year=s.model_year, note=note,
                   group=group)


def _funding_rows(f: Facts, style: Style) -> list[FundingRow]:
    billions = f.level == "Tỉnh" and f.unit.code == "20"
    in_dong = f.unit.code == "189" and f.year == 2022
    rows = []
    for code, name in FUNDING_NAMES:
        value: Cell = f.funding[code]
        if billions:
            value = round(f.funding[code] / 1000, 4)
        elif in_dong:
            value = round(f.funding[code] * 1_000_000)
        elif style.text_numbers:
            value = vn_number(f.funding[code], 1)
        else:
            value = tidy(f.funding[code])
        qty, unit = {"6.2": (f.land_m2, "m2"), "6.3": (f.labour_days, "ngày công")}.get(
            code, (None, None))
        rows.append(FundingRow(code, name, value, qty, unit))
    return rows


def _ocop_row(style: Style, c: Certificate) -> OcopProduct:
    return OcopProduct(
        name=c.product, producer=c.producer,
        commune_code=int(c.commune_code) if style.codes_as_numbers else c.commune_code,
        group=GROUP_NAMES[c.group] if style.group_as_name else c.group,
        stars=f"{c.stars}{style.stars_suffix}" if style.stars_suffix else c.stars,
        recognized_on=c.recognized_on, decision_no=c.decision_no, level=c.level)


def _target_rows(w: SampleWorld, f: Facts, style: Style) -> list[Target]:
    actual = w.actuals(f)
    rows = []
    for code, name, unit in TARGET_NAMES:
        a: Cell = tidy(actual[code])
        if style.text_numbers and isinstance(a, float):
            a = vn_number(a, 2 if code == "TC_BINH_QUAN" else 1)
        plan = f.plans.get(code)
        nxt = f.next_plans.get(code)
        rows.append(Target(code, name, unit, None if plan is None else tidy(plan), a,
                           None if nxt is None else tidy(nxt)))
    return rows


def _aggregate_row(style: Style, code: str, value: float) -> Aggregate:
    cell: Cell = value
    if style.text_numbers and isinstance(value, float):
        cell = vn_number(value, 2 if code == "TC_BINH_QUAN" else 1)
    return Aggregate(code, AGGREGATE_NAMES[code], cell)


def restyle_headers(sheets: list[Sheet], style: Style) -> None:
    """Header variants the template allows: ``TC01``, ``Tiêu chí 1``, ``1``, NFD, breaks."""
    for sheet in sheets:
        if sheet.name == SHEET_INFO:
            continue
        r = next(i for i, row in enumerate(sheet.rows)
                 if any(isinstance(v, str) and v.startswith(("Mã ", "STT")) for v in row))
        header = sheet.rows[r]
        for j, v in enumerate(header):
            if not isinstance(v, str):
                continue
            if sheet.name == SHEET_B01 and v.startswith("TC") and v[2:].isdigit():
                v = style.header.format(i=int(v[2:]))
            if style.wrapped_headers and " " in v and len(v) > 10:
                head, _, tail = v.rpartition(" ")
                v = f"{head}\n{tail}"
            if style.nfd_headers:
                v = unicodedata.normalize("NFD", v)
            header[j] = v
