"""The submission template as data: every sheet, its columns, what they mean and where they go.

This is the one place that says what the template holds. The layout finder (``layout.py``)
looks for these headers, the column parsers (``columns.py``) read the cells by ``kind``, and the
raw tables' schemas (``store.py``) are derived from the same declarations, so a column is added
here once and nowhere else.

Header vocabulary is written as people write headers; it is compared after folding (no accents,
no case, punctuation as spaces, ``TC``/``ĐVT``/``KH``/``TH`` spelled out, ``nông thôn mới`` as
``ntm``; see ``vocabulary.header_words``). A phrase matches a header:

- ``"=ma"``: the whole header is exactly this (short words that would match too much);
- ``"~nang cao"``: the words appear anywhere in the header;
- ``"ma xa"``: the header starts with these words (the default).

The most specific match wins (exact, then anywhere, then the longest start); two columns of the
template matching equally well is an ambiguity, reported rather than guessed. Statisticians add
phrases without code in the vocabulary file (``vocabulary.py``, ``docs/ingest.md``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import polars as pl

from pipelines.ingest import seeds

# Template headers with their accents, for messages (phrases are written folded).
TITLES = {
    "stt": "STT", "commune_code": "Mã xã", "commune_name": "Tên xã",
    "reported_count": "Số tiêu chí đạt", "ntm_year": "Năm đạt chuẩn NTM",
    "advanced_year": "Năm đạt NTM nâng cao", "model_year": "Năm đạt NTM kiểu mẫu",
    "note": "Ghi chú", "source_code": "Mã nguồn", "source_name": "Nguồn vốn",
    "value": "Giá trị", "quantity": "Khối lượng", "quantity_unit": "Đơn vị khối lượng",
    "product_name": "Tên sản phẩm", "producer": "Chủ thể", "product_group": "Nhóm sản phẩm",
    "stars": "Số sao", "recognized_on": "Ngày công nhận", "decision_no": "Số quyết định",
    "recognition_year": "Năm công nhận", "rerated_stars": "Nâng hạng (số sao)",
    "rerated_on": "Ngày đánh giá lại",
    "recognition_level": "Cấp công nhận", "indicator_code": "Mã chỉ tiêu / Mã chỉ số",
    "indicator_name": "Chỉ tiêu", "unit_of_measure": "Đơn vị tính", "target": "Kế hoạch",
    "actual": "Thực hiện", "next_year_target": "Kế hoạch năm sau",
    "criterion_code": "Mã tiêu chí", "criterion_name": "Tên tiêu chí", "met": "Đạt",
    "commune_group": "Nhóm xã",
}

# Cell kinds: how a column's cells are read (``columns.py`` holds one parser per kind).
TEXT = "text"  # names, notes: NFC, single spaces
CODE2, CODE3, CODE5 = "code2", "code3", "code5"  # GSO codes with their leading zeros
NUMBER = "number"  # Vietnamese number text or a numeric cell; a percent-formatted cell x 100
INTEGER = "integer"  # a whole number (a revision)
COUNT = "count"  # a count of criteria: 17, or as offices write it, 17/19 or 17 tiêu chí
MONEY = "money"  # a number in the unit of its header or table, stored in million VND
YEAR = "year"
DATE = "date"
MARK = "mark"  # criterion met / not met / basically met
STARS = "stars"  # OCOP star rating
GROUP = "group"  # OCOP product group 1-6
COMMUNE_GROUP = "commune_group"  # commune group 1-3 of the 2026-2030 set (Decision 51/2025)
INDICATOR = "indicator"  # B04/B05/B06 codes: upper case, no spaces
FUNDING = "funding"  # B02 source codes 1-7, 6.1-6.4
IGNORED = "ignored"  # a column people add that the template knows and does not read
# B01: the criteria a commune has not met, listed in one cell (``5, 13, 17``, ``Giao thông,
# Môi trường``) where the template has a column per criterion; read into ``b01_marks``.
UNMET_LIST = "unmet_list"
# B03: a column repeating a part of another field's value (``Field.of``): ``Năm công nhận``
# beside ``Ngày quyết định``. Read only to check that field's year (``extract``), and its
# cells kept in ``raw.unmapped_cells``; where the sheet has no column for that field, read as
# that field (``Field.within``).
CHECK = "check"
# B03: a later value of another field (``Field.of``), as a product re-rated after its first
# recognition: on a row where a column of this kind is filled, the sheet's columns of this
# kind are read in place of the fields they are later values of, and the cells they replace
# are kept in ``raw.unmapped_cells`` (``extract``).
LATER = "later"
# Kinds without a raw column of their own.
NOT_STORED = frozenset({IGNORED, UNMET_LIST, CHECK, LATER})

# Raw column types of each kind; a kind with a typed-text companion names it in Field.text.
KIND_TYPES: dict[str, Any] = {
    TEXT: pl.String, CODE2: pl.String, CODE3: pl.String, CODE5: pl.String,
    NUMBER: pl.Float64, INTEGER: pl.Int64, COUNT: pl.Int64, MONEY: pl.Float64, YEAR: pl.Int64,
    DATE: pl.Date,
    MARK: pl.String, STARS: pl.Int64, GROUP: pl.Int64, COMMUNE_GROUP: pl.Int64,
    INDICATOR: pl.String, FUNDING: pl.String,
}


@dataclass(frozen=True)
class Field:
    """One column of a template sheet."""

    name: str  # the field's name, and its raw column unless ``column`` says otherwise
    kind: str
    phrases: tuple[str, ...]  # header vocabulary (see the module docstring)
    required: bool = False  # without it the sheet's figures would be wrong, not just thinner
    # Without it the rows are still read, and each row's value is unknown rather than empty
    # (B01's status years: a blank cell there means "not reached", a missing column does not).
    unknown_if_absent: bool = False
    column: str | None = None  # raw column of the value, when it differs from ``name``
    text: str | None = None  # raw column keeping the cell as typed
    unit: str | None = None  # raw column of the money unit applied (MONEY; B06's money rows)
    label: bool = False  # a cell that names the row: where "Tổng cộng" or "Ghi chú" shows
    years: bool = False  # the header may carry a year, resolved against the reporting year
    # (field, word) pairs, the first that applies: without a column of its own, read from
    # that field's column when its header has the word ("Số, ngày quyết định": the decision
    # and its date in one cell; an empty word: whatever the header), or when, headed without
    # it, a data cell of that column reads as this field ("Quyết định công nhận" holding
    # "Quyết định số 123/QĐ-UBND ngày 15/6/2023"): a person reads the date where it is written.
    within: tuple[tuple[str, str], ...] = ()
    # The field a CHECK or LATER column repeats, or gives a later value of.
    of: str | None = None
    # B03: a value of one recognition of the product (its date, decision, level): on a row
    # read from a re-rating (LATER), the re-rating's column for it, or unknown without one,
    # never the first recognition's value paired with the re-rating's.
    recognition: bool = False
    # A ditto mark in its cell (``nt``, ``Như trên``, ``〃``: ``values.is_ditto``) repeats the
    # cell right above it, as a person reads a unit, a date, a decision, a level or a
    # producer typed once for the rows under it (``extract._repeat_dittos``). Never set on a
    # figure's column: a figure repeated by a mark is not read (a wrong figure is worse than
    # a missing one). B02's unit column has its own rule (``extract.Batch._units_typed_above``).
    ditto: bool = False

    @property
    def raw_column(self) -> str:
        return self.column or self.name

    @property
    def title(self) -> str:
        """The header as the template writes it, for messages: its first phrase, unless
        ``TITLES`` spells it with its accents."""
        return TITLES.get(self.name, self.phrases[0].lstrip("=~"))


@dataclass(frozen=True)
class SheetSpec:
    """One template sheet: how to find its table and what its columns mean."""

    code: str  # "B01" ... "B06"
    table: str  # the raw table it feeds
    fields: tuple[Field, ...]
    anchors: tuple[str, ...]  # a header row has a cell of one of these fields
    required_any: tuple[tuple[str, ...], ...] = ()  # at least one field of each group
    criteria: bool = False  # B01: one column per criterion of the set in force
    extra_columns: dict[str, Any] = field(default_factory=dict)  # raw columns set by the reader
    # Indicators (B06 rows) whose value is money, in the unit of the row's own unit cell, of
    # a line above the table, or the template's million VND.
    money_rows: frozenset[str] = frozenset()
    # Words that may follow "Tổng" in a label of this sheet's total beyond the general ones
    # ("Tổng nguồn vốn huy động" in B02, where no source's name begins with "Tổng"); a label
    # with any other word ("Tổng vốn ngân sách") names a part, not the total.
    total_words: frozenset[str] = frozenset()
    # Labels (folded, matched at the start) of rows that count this sheet's rows up or head
    # a group of them, as offices add them under or between the rows: not data, and not
    # the sheet's total either (whose check their figures would fail).
    summary: re.Pattern[str] | None = None
    # Indicators (B04, B06 rows) that count the reporting year alone: under a value column
    # headed as a running total (``Lũy kế``, B06), which may count the years before, they
    # are not read; nor is a row named as a running total read as one of them (B04, B06).
    year_only_rows: frozenset[str] = frozenset()
    # Labels (in lower case with their diacritics, matched at the start: ``xã`` is not the
    # ``xà`` of a soap) that head a group of the rows below when the row holds nothing but
    # its label and number (B03's products listed under ``Xã Mẫu Sơn``): kept as notes.
    # With any other cell filled, such a label is data (a product may be named after its
    # commune).
    headings: re.Pattern[str] | None = None
    # The sheet's figures are counts at the year's end (B06: communes NTM so far) besides
    # ``year_only_rows``: a column "Trong đó: năm 2023" holds the year's part of them, not
    # them.
    stocks: bool = False
    # A field whose values may head columns of their own instead of rows: B02 laid out
    # across (``Ngân sách trung ương | Ngân sách địa phương | … | Cộng đồng dân cư`` as
    # columns, the rows the works the money went to). A header naming two of its values or
    # more is such a table (``layout``): each column is read as one row of the raw table,
    # its amount the total row's cell (``extract.Batch._add_across``).
    across: str | None = None

    def get(self, name: str) -> Field:
        return self._by_name[name]

    @cached_property
    def _by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    @cached_property
    def dittos(self) -> frozenset[str]:
        """The fields whose cells may hold a ditto mark repeating the cell above
        (``Field.ditto``)."""
        return frozenset(f.name for f in self.fields if f.ditto)

    @property
    def key(self) -> str:
        return self.anchors[0]


# What may stand before a row's label: a bullet, a Roman or Arabic number ("II.", "2)").
_NUMBERED = r"[-+•*\s]*(?:[ivx]+[.)]?\s+|[0-9]+[.)]\s*)?"
# A B03 product group named alone on its row, in lower case with its diacritics (the
# groups of seeds/ocop_product_groups.csv, and the 2019 name of group 6), before a colon or
# the end of the cell: "Thực phẩm", "Lưu niệm, nội thất, trang trí".
_GROUP_HEADING = (
    r"(?:(?:ngành hàng|sản phẩm|bộ sản phẩm|nhóm sản phẩm)\s+)?(?:"
    + "|".join(r"[\s,;-]+".join(re.escape(w) for w in re.split(r"[\s,;-]+", name.lower())
                                if w)
               for name in (*seeds.product_groups().values(),
                            "Dịch vụ du lịch nông thôn, bán hàng", "Dịch vụ du lịch nông thôn"))
    # with the count of its products after it: "Thực phẩm (12 sản phẩm)", "Đồ uống: 5 SP"
    + r")(?:\s*[(:-]\s*(?:có |gồm )?[0-9]+\s*(?:sản phẩm|sp)\s*\)?)?\s*[:.]?\s*$")
_STT = Field("stt", TEXT, ("=stt", "=so tt", "=tt", "=so thu tu", "=thu tu"), label=True)
_COMMUNE_CODE = ("ma xa", "ma so xa", "ma dvhc", "ma don vi hanh chinh", "ma don vi",
                 "ma xa phuong", "ma cua xa", "=ma", "=ma so", "=ma so dvhc", "=ma hanh chinh")

B01 = SheetSpec(
    code="B01",
    table="b01_communes",
    # Communes are known by their code or, in a list that gives none (offices seldom know
    # the 5-digit codes), by their name: downstream, a row without a code is the one rural
    # commune of its unit with that name, or in no count (COMMUNE_BY_NAME).
    anchors=("commune_code", "commune_name"),
    required_any=(("commune_code", "commune_name"),),
    criteria=True,
    # "Số xã đạt", "Tổng số xã đạt chuẩn", "Tỷ lệ (%)", "Số tiêu chí đạt bình quân/xã",
    # "Bình quân": no commune's name begins so (there is a Xã Trung Bình, so not that).
    summary=re.compile(_NUMBERED + r"(?:(?:tong )?so xa|t[yi] le|so tieu chi|binh quan|%)"
                       r"(?!\w)"),
    # status_years_unreadable: the status years of the row whose cells could not be read,
    # or whose column the sheet lacks (``ntm_year, model_year``): the commune's status is
    # then unknown, not "not reached".
    # status_years_marked: those holding a mark of reached (``x``, ``Đạt``) instead of a
    # year: reached, the year unknown (STATUS_MARK).
    extra_columns={"criteria_columns": pl.Int64, "status_years_unreadable": pl.String,
                   "status_years_marked": pl.String},
    fields=(
        _STT,
        Field("commune_code", CODE5, _COMMUNE_CODE, label=True),
        Field("commune_name", TEXT, ("ten xa", "ten don vi", "ten dvhc", "ten don vi hanh chinh",
                                     "=xa", "=don vi", "=ten", "danh sach xa", "=xa thi tran",
                                     "=xa phuong", "=xa phuong thi tran", "=dia phuong",
                                     "=ten dia phuong", "=don vi hanh chinh"), label=True),
        Field("reported_count", COUNT, (
            "so tieu chi dat", "tong so tieu chi dat", "so tieu chi da dat", "tong tieu chi dat",
            "so tieu chi dat chuan", "tong so tieu chi", "=so tieu chi", "so luong tieu chi dat",
            "ket qua so tieu chi dat", "tong so tieu chi da dat", "=tong cong tieu chi dat",
            "=cong so tieu chi dat", "=tieu chi dat", "=tieu chi da dat",
            # The running count (lũy kế): for criteria, those standing at the year's end.
            "luy ke so tieu chi dat", "luy ke so tieu chi da dat")),
        # Start phrases name NTM (or are whole headers), so that a group over a column it
        # does not name ("Năm đạt chuẩn | Phân loại") is no NTM year; a level's or a plan's
        # words anywhere in a header ("~nang cao", "~du kien") outweigh them.
        Field("ntm_year", YEAR, (
            "nam dat chuan ntm", "=nam dat chuan", "nam dat ntm", "nam cong nhan ntm",
            "nam cong nhan dat chuan", "nam duoc cong nhan", "=nam cong nhan", "=ntm",
            "=dat chuan ntm", "=dat chuan", "xa dat chuan ntm", "=xa ntm", "=nam dat ntm",
            "nam duoc cong nhan dat chuan ntm", "nam cong nhan xa dat chuan ntm",
            # "Đạt chuẩn NTM năm", "Năm đạt chuẩn xã NTM", "Thời điểm đạt chuẩn NTM", "Năm CN
            # (công nhận) đạt chuẩn NTM", "Năm về đích NTM", "Năm QĐ công nhận NTM".
            "dat chuan ntm nam", "nam dat chuan xa ntm", "thoi diem dat chuan ntm",
            "thoi diem dat ntm", "thoi diem cong nhan ntm", "=thoi diem dat chuan",
            "=thoi diem cong nhan", "nam cn dat chuan ntm", "nam cn ntm", "nam cn xa dat chuan ntm",
            "=nam cn dat chuan", "=nam cn", "nam ve dich ntm", "=nam ve dich",
            "nam quyet dinh cong nhan ntm", "nam quyet dinh cong nhan dat chuan ntm",
            "nam quyet dinh cong nhan xa dat chuan ntm", "=nam quyet dinh cong nhan"),
            unknown_if_absent=True),
        # A report from before a level existed (NTM nâng cao and kiểu mẫu date from 2018) has
        # no column for it; its criteria are still read, its communes' status at that level
        # is unknown (``status_years_unreadable``), never "not reached".
        # `NTMNC`, `NTMKM` as offices shorten the levels, or `NC`, `KM` under `Năm công nhận`.
        # "Năm đạt chuẩn NC", "Năm đạt NC": the level shortened after the words of a status.
        Field("advanced_year", YEAR, ("~nang cao", "~ntmnc", "~ntm nc", "=nc", "~chuan nc",
                                      "~dat nc", "~nhan nc"),
              unknown_if_absent=True),
        Field("model_year", YEAR, ("~kieu mau", "~ntmkm", "~ntm km", "=km", "~chuan km",
                                   "~dat km", "~nhan km"),
              unknown_if_absent=True),
        Field("note", TEXT, ("ghi chu",)),
        # From 2026 (Decision 51/2025/QĐ-TTg) the criteria's thresholds depend on the
        # commune's group; the column is optional, the group null where it is not given.
        Field("commune_group", COMMUNE_GROUP, ("nhom xa", "=nhom", "phan nhom xa",
                                               "=phan nhom", "xa thuoc nhom")),
        # A commune's area (`Khu vực I, II, III`: the classes of the ethnic-minority and
        # mountain areas), also under `Nhóm xã (khu vực)`: not the group of Decision
        # 51/2025, whose group 2 takes both areas II and III; kept, not read as the group.
        Field("area_class", IGNORED, ("~khu vuc",)),
        # "Tổng số tiêu chí chưa đạt" is not the count of criteria met.
        Field("not_met_count", IGNORED, ("~chua dat",)),
        # The criteria whose quality must be raised (nâng chất), counted or listed in a
        # column of their own ("Số TC cần nâng cao chất lượng", "Các tiêu chí cần nâng
        # chất"): not the level NTM nâng cao, which "~nang cao" would read it as.
        Field("to_raise", IGNORED, ("~nang chat", "~nang chat luong", "~nang cao chat luong")),
        # Without a column per criterion, the criteria not met listed in one cell: each
        # commune's marks are read from it when the list agrees with its count (extract).
        Field("unmet_list", UNMET_LIST, (
            "=tieu chi chua dat", "=cac tieu chi chua dat", "=nhung tieu chi chua dat",
            "=ten tieu chi chua dat", "=ten cac tieu chi chua dat", "=tieu chi chua dat chuan",
            "=cac tieu chi chua dat chuan", "=tieu chi con thieu", "=cac tieu chi con thieu",
            "=tieu chi khong dat", "=cac tieu chi khong dat", "=tieu chi chua dat gom",
            "=danh sach tieu chi chua dat")),
        # A year planned or registered for, not reached: "Năm đăng ký đạt chuẩn NTM nâng
        # cao", "Dự kiến năm đạt NTM kiểu mẫu", "Xã đăng ký … nâng cao" (ticked). Its
        # phrases outweigh a level's ("~nang cao"), so such a column is never a status.
        Field("planned_status", IGNORED, (
            "~dang ky dat", "~dang ky dat chuan", "~nam dang ky", "~xa dang ky", "~dang ky nam",
            "~du kien nam", "~du kien dat", "~nam du kien", "~phan dau dat", "~phan dau nam",
            "~ke hoach dat", "~ke hoach nam", "~lo trinh dat", "~muc tieu dat", "~dang ky",
            "~du kien", "~phan dau", "~ke hoach", "~lo trinh")),
        # The level a commune reached named in a column of its own ("Mức độ đạt chuẩn":
        # NTM, NTM nâng cao): a year beside it is that level's (``layout._year_of_a_level``).
        Field("status_level", IGNORED, ("muc do dat chuan", "=muc do", "=muc do dat",
                                        "=cap do dat chuan", "=cap do", "=xep loai",
                                        "=xep loai xa", "=ket qua dat chuan", "=muc dat chuan",
                                        "=ket qua cong nhan", "=danh hieu", "=danh hieu dat")),
        # The decision that recognised a status, beside its year or under its level (``Đạt
        # chuẩn NTM nâng cao | Năm | Số QĐ``): a note on the status, kept, never a year. Its
        # phrases outweigh a level's ("~nang cao": fewer words), so it is never the level's
        # second year column.
        Field("status_decision", IGNORED, (
            "~so quyet dinh", "~quyet dinh so", "~so ngay quyet dinh", "~so va ngay quyet dinh",
            "~so hieu quyet dinh", "=quyet dinh", "=quyet dinh cong nhan")),
        Field("population", IGNORED, ("dan so", "so dan", "so ho", "=so nhan khau")),
        Field("area", IGNORED, ("dien tich",)),
        Field("district", IGNORED, ("=huyen", "ten huyen", "ma huyen", "thuoc huyen")),
    ),
)

B02 = SheetSpec(
    code="B02",
    table="b02_funding",
    total_words=frozenset({"nguon", "von", "huy", "dong", "da", "kinh", "phi", "gia", "tri",
                           "so", "tien", "cac", "toan", "bo", "thuc", "hien", "nam", "ca"}),
    anchors=("source_code", "source_name"),
    required_any=(("source_code", "source_name"),),
    # "Tỷ lệ vốn cộng đồng (%)", "Cơ cấu (%)", "Bình quân/xã" under the sources: shares and
    # averages, not money of a source.
    summary=re.compile(_NUMBERED + r"(?:t[yi] le|co cau|t[yi] trong|binh quan)(?!\w)"),
    # value_unreadable: the amount's cell holds something that could not be read (`1,2 USD`,
    # `abc`; a dash or a blank is nothing to report): the unit's total is then not known.
    extra_columns={"value_unreadable": pl.Boolean},
    across="source_code",
    fields=(
        Field("source_code", FUNDING, ("ma nguon", "ma nguon von", "=ma", "=ma so"), label=True),
        Field("source_name", TEXT, (
            "nguon von", "ten nguon", "=nguon", "=noi dung", "=chi tieu", "cac nguon von",
            "nguon huy dong", "=noi dung nguon von", "=loai nguon von", "=ten nguon von"),
            label=True),
        Field("value", MONEY, (
            "gia tri", "so tien", "kinh phi", "von huy dong", "tong von", "=thuc hien",
            "gia tri thuc hien", "so von", "=von", "tong kinh phi", "gia tri huy dong",
            "kinh phi huy dong", "so von huy dong", "ket qua huy dong", "von thuc hien",
            "=da huy dong", "so kinh phi", "tong so von", "=so von thuc hien",
            "thuc hien nam", "=uoc thuc hien", "=ket qua thuc hien", "=tong so", "=nam",
            "=huy dong", "=huy dong duoc", "=da huy dong duoc", "=uoc thuc hien ca nam",
            "=uoc ca nam", "=uoc tinh ca nam", "=uoc thuc hien nam", "=uoc nam",
            "=thuc hien ca nam", "=uoc thuc hien trong nam", "thanh tien",
            # "Thực hiện kế hoạch năm 2023": what was done of the year's plan, the year's money
            "thuc hien ke hoach", "ket qua thuc hien ke hoach"),
            # "=nam": a column headed by a year alone (Năm 2023, Trong đó: năm 2023) holds
            # that year's money; another year's column is not read.
            required=True, column="amount_million_vnd", text="value_text", unit="value_unit",
            years=True),
        Field("quantity", NUMBER, ("khoi luong", "=so luong", "quy mo")),
        Field("quantity_unit", TEXT, ("don vi khoi luong", "don vi tinh khoi luong",
                                      "=don vi tinh", "=don vi")),
        Field("planned", IGNORED, ("=ke hoach", "ke hoach nam", "gia tri ke hoach",
                                   "=von ke hoach", "=du toan")),
        Field("share", IGNORED, ("=ty le", "co cau", "ty trong")),
    ),
)

B03 = SheetSpec(
    code="B03",
    table="b03_ocop",
    anchors=("product_name",),
    # "Nhóm Thực phẩm", "Sản phẩm 3 sao" over the products; "Trong đó: 3 sao", "Số sản
    # phẩm 4 sao", "Số SP 3 sao", "Loại 3 sao", "Tổng số sản phẩm" under them (a count
    # typed under Số sao would read as a rating).
    summary=re.compile(_NUMBERED + r"(?:trong do\b|(?:tong )?so (?:luong )?san pham\b"
                       r"|nhom\b|(?:(?:so )?(?:san pham|sp) |hang |loai )?(?:dat )?"
                       r"[3-5] sao\b)"),
    # The unit whose products follow: "Xã Mẫu Sơn", "Huyện Lộc Bình" (a province's list),
    # "TT. Na Dương", "TP. Lạng Sơn".
    # And the product group whose products follow, named alone: "I. Thực phẩm", "2) Đồ
    # uống", "Sản phẩm thảo dược" (with "Nhóm" it is a summary's).
    headings=re.compile(_NUMBERED + r"(?:(?:xã|phường|thị trấn|huyện|thị xã|thành phố|quận"
                        r"|tt|tx|tp)(?:\s|\.)|" + _GROUP_HEADING + ")"),
    # recognized_year: the year of recognition, from the date, or from a date given without
    # its day or as a year only (``06/2023``, ``Năm công nhận`` 2023), flagged DATE_PARTIAL.
    extra_columns={"recognized_year": pl.Int64},
    fields=(
        _STT,
        Field("product_name", TEXT, ("ten san pham", "=san pham", "ten sp", "ten san pham ocop",
                                     "=san pham ocop"), required=True, label=True),
        Field("producer", TEXT, ("chu the", "co so san xuat", "don vi san xuat",
                                 "ten chu the", "=to chuc ca nhan", "=chu so huu",
                                 "=doanh nghiep htx"), ditto=True),
        Field("commune_code", CODE5, ("ma xa", "ma so xa", "ma dvhc", "=ma xa phuong")),
        Field("commune_name", IGNORED, ("ten xa", "=xa", "dia chi", "=dia ban")),
        Field("product_group", GROUP, ("nhom san pham", "=nhom", "=phan nhom", "=bo san pham",
                                       "nganh hang", "=nhom nganh"), text="product_group_text"),
        Field("stars", STARS, ("so sao", "hang sao", "=xep hang", "=sao", "=hang",
                               "ket qua xep hang", "so sao dat", "=hang sao dat", "=phan hang",
                               "ket qua danh gia phan hang", "=xep hang sao",
                               # the result of the evaluation, where it is the rating
                               # (a score out of 100 is "(điểm)"'s, kept apart)
                               "=ket qua danh gia", "=ket qua phan hang",
                               "=ket qua phan hang san pham", "=phan hang sao",
                               "=xep hang ocop", "=hang ocop", "=ket qua danh gia xep hang",
                               "=dat hang", "=dat hang sao"),
              required=True, text="stars_text"),
        # The evaluation's score out of 100 (``Điểm đánh giá``, ``Kết quả đánh giá (điểm)``),
        # from which the rating follows by bands a person does not apply for the office: kept,
        # never read as the rating.
        Field("score", IGNORED, ("~diem", "~so diem", "~tong diem")),
        # The decision's date where no column gives the date, else a year-only column's.
        # "Thời điểm công nhận (ngày/tháng/năm)" is "thời gian ..." (``header_words``).
        Field("recognized_on", DATE, ("ngay cong nhan", "ngay quyet dinh", "=ngay ky",
                                      "=ngay", "ngay cap", "thoi gian cong nhan",
                                      "thoi gian duoc cong nhan",
                                      "=ngay thang nam cong nhan", "ngay chung nhan",
                                      "thang nam cong nhan"),
              required=True, within=(("decision_no", "ngay"), ("recognition_year", "")),
              recognition=True, ditto=True),
        # A year-only column: beside a date it repeats the date's year, and a person checks
        # the one against the other (a row where they differ has no date that can be
        # trusted); alone it is the date, known to its year (DATE_PARTIAL).
        Field("recognition_year", CHECK, ("nam cong nhan", "nam duoc cong nhan",
                                          "nam chung nhan", "=nam"), of="recognized_on"),
        # The year of a first recognition beside the date of the current one
        # ("Năm công nhận lần đầu"): no check of that date, which it may well differ from.
        Field("first_recognition_year", IGNORED, (
            "~nam cong nhan lan dau", "~nam duoc cong nhan lan dau", "~nam lan dau",
            "~nam chung nhan lan dau")),
        # A product re-rated (re-certified when its 36 months end, or upgraded) beside its
        # first recognition (``Ngày công nhận lần đầu``): its current certificate is the
        # latest, so a row with these filled is read from them (LATER). Phrases start the
        # header: "Ngày nâng hạng" must not be read as the rating "Nâng hạng".
        Field("rerated_stars", LATER, ("nang hang", "so sao nang hang", "hang sao nang hang",
                                       "so sao sau nang hang", "so sao danh gia lai",
                                       "ket qua danh gia lai", "ket qua nang hang",
                                       "so sao tai cong nhan", "so sao cong nhan lai",
                                       "=xep hang lai", "=hang sao moi"), of="stars"),
        Field("rerated_on", LATER, ("ngay nang hang", "ngay danh gia lai", "ngay tai cong nhan",
                                    "ngay cong nhan lai", "thoi gian nang hang",
                                    "thoi gian danh gia lai", "thoi gian tai cong nhan",
                                    "thoi gian cong nhan lai",
                                    "nam nang hang", "nam danh gia lai", "nam tai cong nhan",
                                    "nam cong nhan lai", "=tai cong nhan", "=cong nhan lai",
                                    "=danh gia lai", "nang hang nam",
                                    # a certificate issued again is the same re-rating
                                    "ngay cap lai", "nam cap lai", "thoi gian cap lai",
                                    "=cap lai"), of="recognized_on"),
        Field("decision_no", TEXT, ("so quyet dinh", "=quyet dinh", "so qd", "=quyet dinh so",
                                    "so hieu quyet dinh", "quyet dinh cong nhan",
                                    "so ngay quyet dinh", "so va ngay quyet dinh",
                                    "so ngay qd"), recognition=True, ditto=True),
        Field("recognition_level", TEXT, ("cap cong nhan", "=cap", "cap quyet dinh",
                                          "=cap danh gia", "cap xep hang"), recognition=True,
              ditto=True),
    ),
)

B04 = SheetSpec(
    code="B04",
    table="b04_targets",
    # Rows are known by their code or, without one, by their name (``indicator_names.py``).
    # The year's new communes, villages, areas and products: a row named as a running total
    # (``Số xã đạt chuẩn NTM mới (lũy kế)``) may count the years before, and is not read as
    # one of them (``extract._indicator_rows``).
    year_only_rows=frozenset({"XA_DAT_CHUAN_MOI", "XA_NANG_CAO_MOI", "XA_KIEU_MAU_MOI",
                              "THON_DAT_CHUAN_MOI", "KDC_KIEU_MAU_MOI", "OCOP_3SAO_MOI"}),
    anchors=("indicator_code", "indicator_name"),
    required_any=(("indicator_code", "indicator_name"), ("target", "actual", "next_year_target")),
    fields=(
        Field("indicator_code", INDICATOR, ("ma chi tieu", "=ma", "=ma so", "=ma chi so"),
              label=True),
        Field("indicator_name", TEXT, ("=chi tieu", "ten chi tieu", "=noi dung",
                                       "noi dung chi tieu", "chi tieu chu yeu", "=ten chi so"),
              label=True),
        Field("unit_of_measure", TEXT, ("don vi tinh", "=don vi"), ditto=True),
        # "=chi tieu nam": "Chỉ tiêu năm 2024", the year's target, once its year is the
        # word "năm" (``layout._classify``: a name column is not headed by another year).
        # A year's target is also what is striven for, expected or registered ("Phấn đấu
        # năm 2024", "Dự kiến năm 2024", "Đăng ký năm 2024"), with its year only
        # (``layout._classify``): the year it names resolves it, as "Kế hoạch năm 2024" is
        # next year's.
        Field("target", NUMBER, ("ke hoach", "chi tieu ke hoach", "=muc tieu",
                                 "chi tieu giao", "=ke hoach giao", "=chi tieu nam",
                                 "=phan dau nam", "=du kien nam", "=dang ky nam"),
              years=True),
        Field("actual", NUMBER, ("thuc hien", "uoc thuc hien", "ket qua thuc hien",
                                 "=ket qua", "uoc dat", "=dat duoc", "=uoc", "=luy ke thuc hien",
                                 "=uoc ca nam", "=uoc tinh ca nam", "=uoc nam",
                                 # to the year's end: its stocks are read, its rows of the
                                 # year alone not (``extract._year_only_rows``)
                                 "=luy ke", "luy ke den", "luy ke tu dau",
                                 "luy ke thuc hien den"),
              years=True),
        Field("next_year_target", NUMBER, (
            "ke hoach nam sau", "ke hoach nam toi", "chi tieu nam sau", "muc tieu nam sau",
            "ke hoach nam tiep theo", "du kien nam sau", "ke hoach nam ke tiep"), years=True),
        # A ratio or comparison is no figure of the indicator: "TH/KH (%)" (the words of
        # "Thực hiện kế hoạch" and a per cent sign: without it, the plan's result),
        # "Thực hiện so với kế hoạch", "So với KH", "Tỷ lệ hoàn thành".
        Field("comparison", IGNORED, ("so sanh", "=ty le", "=ty le so voi ke hoach",
                                      "ty le thuc hien", "=tang giam", "~thuc hien ke hoach %",
                                      "~% thuc hien ke hoach", "~so voi ke hoach",
                                      "~so voi cung ky", "ty le hoan thanh", "=%")),
        # Part of the year ("Thực hiện 6 tháng đầu năm 2023") is not the year's result.
        Field("part_of_year", IGNORED, ("~thang dau nam", "~6 thang", "~9 thang", "~3 thang",
                                        "~nua dau nam", "~nua nam")),
        Field("note", IGNORED, ("ghi chu",)),
    ),
)

# A B05 row bulleted or lettered as a part of the criterion above it (``a) Y tế``, ``b.``,
# ``- Văn hóa``, ``+ Giáo dục``), in its numbering, its code or before its name, typed as
# offices type it (not folded: an upper-case letter or a Roman number heads a section, ``A``,
# ``II``), as ``5.1`` numbers one (``B05.summary``).
PART_BULLET = re.compile(r"\s*(?:[-–—+•·*]|\(?[a-zđ][).])(?:\s|$)")


B05 = SheetSpec(
    code="B05",
    table="b05_district_criteria",
    # Rows are known by their code or, without one (offices seldom know the template's H1 to
    # H9), by the criterion's name (``indicator_names.py``), as B04's and B06's are.
    anchors=("criterion_code", "criterion_name"),
    required_any=(("criterion_code", "criterion_name"),),
    # Rows offices add among the criteria: a criterion's own indicators ("2.1. Hệ thống
    # giao thông …", "Chỉ tiêu 2.2", "TC2.1", "H5.1" under "H5"), which do not say whether
    # the criterion is met, and a count under them ("Tổng số tiêu chí đạt | 4/9", "Số tiêu
    # chí chưa đạt", "Tỷ lệ (%)"): notes, not criteria.
    summary=re.compile(_NUMBERED + r"(?:(?:tong )?so tieu chi|t[yi] le|%)(?!\w)"
                       r"|[-+•*\s]*(?:(?:tc|tieu chi|chi tieu|h)\s*)?(?:so\s*)?"
                       r"[0-9]{1,2}\.[0-9]{1,2}(?![0-9])"),
    fields=(
        _STT,
        Field("criterion_code", INDICATOR, ("ma tieu chi", "=ma", "=ma so", "=tieu chi so"),
              label=True),
        Field("criterion_name", TEXT, ("ten tieu chi", "=tieu chi", "=noi dung",
                                       "noi dung tieu chi"), label=True),
        # The district's own assessment (`Huyện tự đánh giá`) and the province's appraisal
        # (`Tỉnh thẩm định`) side by side both give the result: the appraisal is read
        # (``layout._preferred``), the district's word where it is blank only when it says
        # not met (``extract``).
        Field("met", MARK, ("=dat", "=ket qua", "=danh gia", "ket qua danh gia",
                            "=tinh trang", "=dat chuan", "ket qua thuc hien",
                            "=ket qua tu danh gia", "=muc do dat", "=dat chua dat",
                            "=dat khong dat", "=tu danh gia", "=huyen tu danh gia",
                            "=ket qua huyen tu danh gia", "=huyen danh gia",
                            "=danh gia cua huyen", "=tham dinh", "=tinh tham dinh",
                            "=ket qua tham dinh", "=ket qua tinh tham dinh",
                            "=tham dinh cua tinh", "=ket qua tham dinh cua tinh",
                            "=tinh danh gia", "=danh gia cua tinh",
                            "=ket qua tinh danh gia", "=ket qua danh gia cua tinh"),
              required=True, column="mark", text="value_text"),
        # `Đạt | Chưa đạt`, a criterion ticked in one or the other: the ticks of not met are
        # read against the met column (``extract``), never as marks of met.
        Field("not_met", IGNORED, ("=chua dat", "=khong dat", "=tieu chi chua dat")),
        Field("note", IGNORED, ("ghi chu",)),
    ),
)

B06 = SheetSpec(
    code="B06",
    table="b06_aggregates",
    money_rows=seeds.money_indicators(),
    # The year's new NTM communes and money; the other rows are stocks at the year's end.
    year_only_rows=frozenset({"SO_XA_DAT_CHUAN_MOI", "TONG_VON", "VON_CONG_DONG"}),
    stocks=True,
    anchors=("indicator_code", "indicator_name"),
    required_any=(("indicator_code", "indicator_name"),),
    fields=(
        Field("indicator_code", INDICATOR, ("ma chi so", "ma chi tieu", "=ma", "=ma so"),
              label=True),
        Field("indicator_name", TEXT, ("=chi so", "ten chi so", "=noi dung", "=chi tieu",
                                       "ten chi tieu", "noi dung chi so"), label=True),
        # "=nam": a column headed by a year alone (Năm 2023) holds that year's figures.
        # "Lũy kế đến 31/12/2023": the figures at the year's end (a running total's rows of
        # the year alone are not read: ``year_only_rows``).
        Field("value", NUMBER, ("gia tri", "=so lieu", "=ket qua", "=thuc hien", "=so luong",
                                "=tong so", "=uoc thuc hien", "=gia tri thuc hien",
                                "=so lieu bao cao", "=nam", "=luy ke", "=so luy ke",
                                "luy ke den", "so luy ke den"),
              required=True, text="value_text", unit="value_unit", years=True),
        Field("unit_of_measure", TEXT, ("don vi tinh", "=don vi"), ditto=True),
        # A plan beside the result ("Giá trị" over "Kế hoạch | Thực hiện"): B06 holds what
        # was reached, not what was planned.
        Field("planned", IGNORED, ("=ke hoach", "ke hoach nam", "=chi tieu ke hoach",
                                   "=muc tieu", "=ke hoach giao", "=chi tieu giao")),
        Field("comparison", IGNORED, ("=ty le", "=ty le thuc hien", "=so sanh",
                                      "=ty le so voi ke hoach", "=ty le hoan thanh")),
        Field("note", IGNORED, ("ghi chu",)),
    ),
)

SHEETS: dict[str, SheetSpec] = {s.code: s for s in (B01, B02, B03, B04, B05, B06)}

# ThongTin: key in one cell, value in the next filled cell to its right.
THONGTIN: tuple[Field, ...] = (
    Field("level", TEXT, ("cap bao cao", "=cap", "=cap don vi", "cap don vi bao cao",
                          "=cap hanh chinh"), required=True),
    Field("province_code", CODE2, ("ma tinh", "ma so tinh", "ma tinh thanh pho"),
          required=True),
    Field("province_name", TEXT, ("ten tinh", "=tinh", "=tinh thanh pho", "ten tinh thanh pho")),
    Field("district_code", CODE3, ("ma huyen", "ma so huyen", "ma quan huyen",
                                   "ma huyen thi xa")),
    Field("district_name", TEXT, ("ten huyen", "=huyen", "=quan huyen", "ten quan huyen",
                                  "ten huyen thi xa")),
    # Not keys of the template: a commune's office filling in the form it reports on adds
    # its own code and name, or names itself as the reporting unit (`Đơn vị báo cáo: UBND xã
    # Mẫu Sơn`). Known so that such a report is told from a district's or a province's
    # (``thongtin._no_commune_named``). Only the unit that reports, never the one that
    # receives (`Đơn vị nhận báo cáo`): hence exact phrases for the reporting unit.
    Field("commune_code", CODE5, ("ma xa", "ma so xa", "ma xa phuong", "ma xa thi tran")),
    Field("commune_name", TEXT, ("ten xa", "=xa", "=xa phuong", "=xa phuong thi tran",
                                 "ten xa phuong")),
    Field("reporting_unit", TEXT, ("=don vi bao cao", "=ten don vi bao cao", "=don vi",
                                   "=ten don vi", "=co quan bao cao", "=don vi lap bao cao",
                                   "=don vi gui bao cao", "=ten co quan bao cao")),
    Field("year", YEAR, ("nam bao cao", "=nam", "=ky bao cao", "nam cua bao cao"),
          required=True),
    Field("signed_on", DATE, ("ngay lap", "ngay bao cao", "=ngay ky", "ngay lap bao cao",
                              "=ngay thang nam lap", "=ngay gui")),
    # "Số lần gửi", "Báo cáo lần", "Gửi lần", "Lần bổ sung", "Lần điều chỉnh": the sending's
    # number, however the office words it; a number of amendments counts the sendings after
    # the first, so "Lần bổ sung: 1", as "Bổ sung lần 1", is revision 2 (``thongtin._sending``).
    # "Lần gởi" is the southern spelling of "Lần gửi"; "Lượt gửi", "Đợt gửi", "Bản số" and
    # "Version" (a form translated for a donor's project) number the sending too.
    Field("revision", INTEGER, ("lan gui", "=lan", "lan bao cao", "=phien ban", "=lan nop",
                                "so lan gui", "=so lan", "lan thu", "bao cao lan", "gui lan",
                                "nop lan", "lan bo sung", "bo sung lan", "lan dieu chinh",
                                "dieu chinh lan", "lan sua doi", "lan goi", "so lan goi",
                                "lan nop bao cao", "so lan nop", "lan cap nhat",
                                "so lan dieu chinh", "so lan bo sung", "luot gui", "dot gui",
                                "=ban so", "=version")),
    Field("criteria_set", TEXT, ("bo tieu chi", "giai doan", "=bo tieu chi ap dung")),
    # In a district's ThongTin "Năm đạt chuẩn NTM" is the district's own year; a thị xã is
    # recognised as "đạt chuẩn thị xã NTM" or "hoàn thành nhiệm vụ xây dựng NTM" (the title of
    # a town's or city's recognition).
    Field("district_ntm_year", YEAR, ("nam dat chuan huyen ntm", "nam huyen dat chuan ntm",
                                      "nam cong nhan huyen ntm", "nam huyen dat chuan",
                                      "huyen dat chuan ntm nam", "nam dat chuan ntm",
                                      "nam cong nhan huyen", "nam duoc cong nhan huyen",
                                      "nam huyen duoc cong nhan", "nam dat chuan thi xa ntm",
                                      "nam thi xa dat chuan ntm",
                                      "nam hoan thanh nhiem vu xay dung ntm",
                                      "dat chuan huyen ntm nam")),
    # The year the district reached a level above NTM (`Năm đạt chuẩn huyện NTM nâng cao`,
    # `… kiểu mẫu`): known, not read. Its phrases anywhere outweigh the NTM year's starts, so
    # such a key is never the district's NTM year.
    Field("district_higher_level_year", IGNORED, ("~nang cao", "~kieu mau", "~ntmnc",
                                                  "~ntmkm", "~ntm nc", "~ntm km")),
    # A status year planned, registered for or proposed, not reached (`Năm đăng ký đạt chuẩn
    # huyện NTM`, `Dự kiến năm đạt chuẩn NTM`): known, not read, and said so. A status year's
    # key above naming a plan (`Năm đạt chuẩn huyện NTM (dự kiến)`, `… theo lộ trình`) is
    # this field too (``thongtin._NOT_YET``).
    Field("planned_status_year", IGNORED, ("nam dang ky dat chuan", "nam du kien dat chuan",
                                           "nam phan dau dat chuan", "nam ke hoach dat chuan",
                                           "dang ky dat chuan", "du kien dat chuan",
                                           "phan dau dat chuan", "du kien nam dat chuan",
                                           "dang ky nam dat chuan")),
)

# Criterion headers beyond the names of dbt_project/seeds/criteria.csv (the one home of the
# official names, read by ``vocabulary.py``): short forms offices use. Numbers are per set.
# Abbreviations are written as header words give them (``&`` and ``-`` as spaces): ``GD&ĐT``
# is ``gd dt``, ``QP-AN`` is ``qp an``; ``Qui hoạch`` is a common spelling of ``Quy hoạch``.
# A name followed by more words is still that criterion (``HTCT & TCPL``: ``htct``), so a
# short form must never start another criterion's name (tests pin that each name of a set
# reads as its own criterion only).
CRITERION_SYNONYMS: dict[str, dict[int, tuple[str, ...]]] = {
    "2016-2020": {
        1: ("qui hoach",), 3: ("thuy loi phong chong thien tai",), 5: ("truong",),
        6: ("csvc van hoa", "csvc vh"),
        7: ("cho nong thon", "=cho", "ha tang thuong mai", "csht tmnt", "ht tmnt"),
        8: ("thong tin truyen thong", "buu dien", "tt tt", "tttt"),
        9: ("nha o", "nodc"), 11: ("ngheo", "ty le ho ngheo"), 12: ("viec lam",),
        13: ("to chuc sx", "tcsx"), 14: ("giao duc", "gd dt", "gd va dt", "gddt"),
        17: ("moi truong", "mt attp", "mt va attp"), 18: ("he thong chinh tri", "htct"),
        19: ("an ninh", "quoc phong an ninh", "an ninh trat tu", "quoc phong", "qp an",
             "an qp", "qpan", "anqp"),
    },
    "2021-2025": {
        1: ("qui hoach",), 3: ("thuy loi",), 5: ("truong",), 6: ("csvc van hoa", "csvc vh"),
        7: ("cho nong thon", "=cho", "ha tang thuong mai", "csht tmnt", "ht tmnt"),
        8: ("thong tin truyen thong", "tt tt", "tttt"),
        9: ("nha o", "nodc"), 11: ("ho ngheo", "ngheo", "ty le ngheo da chieu"),
        12: ("lao dong co viec lam",), 13: ("to chuc san xuat", "to chuc sx", "tcsx"),
        14: ("giao duc", "gd dt", "gd va dt", "gddt"),
        17: ("moi truong", "mt attp", "mt va attp"),
        18: ("he thong chinh tri", "htct"),
        19: ("an ninh", "quoc phong an ninh", "an ninh trat tu", "quoc phong", "qp an",
             "an qp", "qpan", "anqp"),
    },
    "2026-2030": {
        1: ("qui hoach",), 2: ("ha tang",),
        3: ("phat trien kinh te", "kinh te nong thon", "phat trien ktnt", "ktnt"),
        4: ("dao tao nguon nhan luc", "nguon nhan luc", "dao tao nnl", "nnl"),
        5: ("van hoa giao duc y te", "vh gd yt", "van hoa giao duc"),
        6: ("giam ngheo", "an sinh xa hoi", "asxh"),
        7: ("khoa hoc cong nghe", "chuyen doi so", "khcn"),
        8: ("moi truong",), 9: ("he thong chinh tri", "hanh chinh cong", "htct"),
        10: ("tiep can phap luat", "an ninh quoc phong", "quoc phong an ninh", "tcpl",
             "an qp", "qp an", "an ninh", "quoc phong"),
    },
}

# Criterion marks as offices type them, folded; phrases are compared whole. Words that could
# mean either ("có", "chưa", a crossed box) are left out on purpose: such a cell is reported,
# and a statistician who knows what an office meant adds it to the vocabulary file.
# Offices abbreviate the words of the template the way they abbreviate "Đạt" (`Đ`): `CĐ`
# (chưa đạt), `KĐ` (không đạt), `CBĐ` (cơ bản đạt); and type `v` for a tick.
MARKS: dict[str, tuple[str, ...]] = {
    "met": ("x", "✓", "✔", "√", "☑", "✅", "v", "dat", "d", "1", "true", "dat chuan",
            "da dat", "hoan thanh", "co"),
    # ``Chưa``, ``Không``, ``K``: "not yet", "no" in a grid of criteria met; the ballot crosses
    # and an empty box as a form's tick boxes show "no".
    "not_met": ("0", "-", "–", "—", "chua dat", "khong dat", "false", "chua dat chuan",
                "khong dat chuan", "cd", "kd", "chua", "khong", "k", "chua hoan thanh",
                "khong hoan thanh", "✗", "✘", "☐"),
    "basically_met": ("co ban dat", "cbd"),
}

# B02 rows named instead of coded, beyond the template's names (seeds/funding_sources.csv):
# how offices write the sources, folded, compared after bullets and numbering are removed.
FUNDING_NAMES: dict[str, tuple[str, ...]] = {
    "1": ("nstw", "von ngan sach trung uong", "ngan sach nha nuoc trung uong", "ngan sach tw",
          "von ngan sach tw", "von nstw", "von trung uong", "ngan sach trung uong ho tro",
          "von ngan sach trung uong ho tro"),
    "2": ("nsdp", "von ngan sach dia phuong", "ngan sach tinh huyen xa",
          "ngan sach nha nuoc dia phuong"),
    "3": ("long ghep", "von long ghep cac chuong trinh",
          "von long ghep tu cac chuong trinh du an khac", "von long ghep cac chuong trinh du an"),
    "4": ("tin dung", "von vay tin dung"),
    "5": ("doanh nghiep hop tac xa", "von doanh nghiep hop tac xa", "von doanh nghiep",
          "doanh nghiep", "doanh nghiep htx", "von doanh nghiep htx"),
    "6": ("nhan dan dong gop", "cong dong dan cu dong gop", "von cong dong dan cu",
          "dan gop", "von huy dong tu cong dong dan cu", "huy dong tu cong dong dan cu",
          "von huy dong tu cong dong", "huy dong tu cong dong", "von dong gop cua nhan dan",
          "dong gop cua nhan dan", "von dong gop cua cong dong dan cu",
          "dong gop cua cong dong dan cu", "von nhan dan dong gop", "nhan dan"),
    "6.1": ("dong gop bang tien mat", "tien"),
    "6.2": ("hien dat", "gia tri dat hien"),
    "6.3": ("ngay cong", "cong lao dong", "dong gop ngay cong", "ngay cong lao dong dong gop"),
    "6.4": ("hien vat", "hien vat khac"),
    "7": ("nguon khac", "von khac", "huy dong khac", "cac nguon von khac", "nguon von khac"),
}

# B02 rows naming a group of sources, as offices head them (the state budget: 1 and 2; money
# outside it: 3 to 7): a row so named, coded or not, is none of the template's sources.
FUNDING_GROUPS: frozenset[str] = frozenset({
    "von ngan sach nha nuoc", "ngan sach nha nuoc", "nsnn", "von nsnn", "von ngan sach",
    "nguon von ngan sach", "nguon von ngan sach nha nuoc", "nguon ngan sach nha nuoc",
    "von ngoai ngan sach", "ngoai ngan sach", "nguon von ngoai ngan sach",
    "von ngoai ngan sach nha nuoc", "nguon ngoai ngan sach", "von ngoai nsnn"})

# B04 and B06 rows named instead of coded, beyond the template's names (the seeds): how
# offices write the indicators (``indicator_names.py`` compares them word by word).
INDICATOR_NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "B04": {
        "XA_DAT_CHUAN_MOI": ("so xa dat chuan moi", "so xa dat chuan ntm moi"),
        "XA_NANG_CAO_MOI": ("so xa dat chuan nang cao moi", "so xa ntm nang cao moi"),
        "XA_KIEU_MAU_MOI": ("so xa dat chuan kieu mau moi", "so xa ntm kieu mau moi"),
        "TC_BINH_QUAN": ("tieu chi binh quan", "so tieu chi binh quan", "binh quan tieu chi",
                         "so tieu chi binh quan xa", "binh quan so tieu chi dat xa"),
        "XA_DUOI_10_TC": ("so xa dat duoi 10 tieu chi", "so xa duoi 10 tieu chi",
                          "so xa con duoi 10 tieu chi", "so xa con dat duoi 10 tieu chi"),
        "THON_DAT_CHUAN_MOI": ("so thon dat chuan ntm moi", "so thon ban dat chuan moi",
                               "so thon dat chuan moi"),
        "KDC_KIEU_MAU_MOI": ("so khu dan cu kieu mau moi", "khu dan cu kieu mau moi"),
        # Not "Sản phẩm OCOP" alone: without "mới" or "trong năm" it may be every product
        # so far (``Số sản phẩm OCOP lũy kế``), not the year's new ones.
        "OCOP_3SAO_MOI": ("so san pham ocop moi", "san pham ocop moi",
                          "so san pham ocop duoc cong nhan trong nam"),
        "THU_NHAP_BQ": ("thu nhap binh quan", "thu nhap binh quan nguoi nam",
                        "thu nhap binh quan dau nguoi nam", "thu nhap binh quan nguoi"),
        "TY_LE_HO_NGHEO": ("ho ngheo", "ty le ho ngheo da chieu"),
        "TY_LE_BHYT": ("ty le bhyt", "ty le tham gia bhyt", "ty le dan so tham gia bhyt",
                       "ty le nguoi dan tham gia bhyt", "ty le bao phu bhyt",
                       "ty le bao phu bao hiem y te", "ty le tham gia bao hiem y te"),
        "TY_LE_NUOC_SACH": ("ty le ho su dung nuoc sach theo quy chuan", "ty le nuoc sach",
                            "ty le ho dan su dung nuoc sach", "ty le ho dung nuoc sach"),
        "TY_LE_LD_DAO_TAO": ("ty le lao dong nong thon qua dao tao", "ty le ld qua dao tao",
                             "ty le lao dong co viec lam qua dao tao"),
        "TY_LE_RAC_THAI": ("ty le rac thai duoc thu gom xu ly",
                           "ty le chat thai ran sinh hoat duoc thu gom xu ly",
                           "ty le thu gom xu ly rac thai", "ty le rac thai duoc thu gom"),
    },
    # The district criteria by the names offices write: H3 as the 2016-2020 set names it
    # (the same criterion, numbered 3 in both sets).
    "B05": {
        "H3": ("thuy loi",),
    },
    "B06": {
        # "Tổng số xã trên địa bàn (tỉnh)": "trên địa bàn" is a filler (``indicator_names``).
        "SO_XA": ("tong so xa", "so xa trong don vi", "so xa toan huyen", "so xa toan tinh"),
        "SO_XA_DAT_CHUAN": ("so xa dat chuan ntm luy ke", "so xa da dat chuan ntm",
                            "so xa dat chuan ntm"),
        "SO_XA_DAT_CHUAN_MOI": ("so xa dat chuan ntm moi", "so xa dat chuan ntm trong nam",
                                "so xa dat chuan moi"),
        "SO_XA_NANG_CAO": ("so xa dat chuan nang cao", "so xa nang cao"),
        "SO_XA_KIEU_MAU": ("so xa dat chuan kieu mau", "so xa kieu mau"),
        "TONG_TC": ("tong so tieu chi dat", "tong so tieu chi"),
        "TC_BINH_QUAN": ("tieu chi binh quan", "binh quan tieu chi xa",
                         "so tieu chi binh quan xa", "binh quan so tieu chi dat xa"),
        "SO_HUYEN_DAT_CHUAN": ("so huyen dat chuan", "so huyen dat chuan ntm"),
        "SO_KDC_KIEU_MAU": ("so khu dan cu kieu mau",),
        "SO_THON_DAT_CHUAN": ("so thon dat chuan ntm", "so thon ban dat chuan ntm",
                              "so thon dat chuan"),
        "TONG_VON": ("tong von huy dong", "tong nguon von huy dong",
                     "tong von huy dong trong nam", "tong nguon luc huy dong",
                     "tong kinh phi huy dong"),
        "VON_CONG_DONG": ("von cong dong dan cu", "von huy dong tu cong dong dan cu",
                          "nguon luc huy dong tu cong dong", "von cong dong",
                          "huy dong tu cong dong", "huy dong tu cong dong dan cu",
                          "cong dong dan cu dong gop", "nhan dan dong gop",
                          "von nhan dan dong gop"),
        "OCOP_3_SAO": ("so san pham ocop 3 sao", "san pham ocop 3 sao"),
        "OCOP_4_SAO": ("so san pham ocop 4 sao", "san pham ocop 4 sao"),
        "OCOP_5_SAO": ("so san pham ocop 5 sao", "san pham ocop 5 sao"),
    },
}
