import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.ingest.legacy import (
    _EVIDENCE,
    ENCODINGS,
    VIETNAMESE_LETTERS,
    VIETNAMESE_LOWER,
    decode_cell,
    decode_cells,
    decode_legacy,
    detect_legacy,
    encode_legacy,
    may_be_legacy,
)


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


LOWER = "àảãáạăằẳẵắặâầẩẫấậèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵđ"
# TCVN3 capitals with a code of their own; other capitals decode to lowercase.
TCVN3_CAPITALS = "ĂÂÊÔƠƯĐ"

NAMES = [
    "Xã Lộc Bình",
    "Huyện Đồng Hỷ",
    "Nguyễn Thị Ánh",
    "Thủy lợi và phòng, chống thiên tai",
    "Ủy ban nhân dân tỉnh Lạng Sơn",
    "Trường học; Cơ sở vật chất văn hóa",
    "Thông tin và Truyền thông",
    "Người lập biểu",
    "Tổng cộng",
    "Quốc phòng và An ninh",
    "Giao thông, Điện, Chợ nông thôn",
    "Hộ nghèo đa chiều",
    "Khuất Xá, Tú Đoạn, Yên Khoái, Xuân Dương",
]


def tcvn3_expected(text: str) -> str:
    """What a TCVN3 round trip can give back: toned capitals come back lowercase."""
    return "".join(
        c.lower() if c in VIETNAMESE_LETTERS and c.isupper() and c not in TCVN3_CAPITALS else c
        for c in nfc(text)
    )


# --------------------------------------------------------------------------- tables


def test_alphabet_has_134_letters() -> None:
    assert len(VIETNAMESE_LOWER) == 67
    assert len(VIETNAMESE_LETTERS) == 134
    assert set(LOWER) == VIETNAMESE_LOWER


def test_tcvn3_matches_tcvn_5712_vn3() -> None:
    # Reference bytes from glibc iconv's TCVN5712-1 for the same letters, read as Latin-1.
    expected = "µ¶·¸¹¨»¼½¾Æ©ÇÈÉÊËÌÎÏÐÑªÒÓÔÕÖ×ØÜÝÞßáâãä«åæçèé¬êëìíîïñòóô\xadõö÷øùúûüýþ®¡¢£¤¥¦§"
    assert encode_legacy(LOWER + TCVN3_CAPITALS, "tcvn3") == expected


@pytest.mark.parametrize(
    ("letters", "encoded"),
    [
        # order: acute, grave, hook, tilde, dot below
        ("ÁÀẢÃẠ", "AÙAØAÛAÕAÏ"),
        ("ẤẦẨẪẬ", "AÁAÀAÅAÃAÄ"),
        ("ẮẰẲẴẶ", "AÉAÈAÚAÜAË"),
        ("ẾỀỂỄỆ", "EÁEÀEÅEÃEÄ"),
        ("ÍÌỈĨỊ", "ÍÌÆÓÒ"),
        ("ỚỜỞỠỢ", "ÔÙÔØÔÛÔÕÔÏ"),
        ("ỨỪỬỮỰ", "ÖÙÖØÖÛÖÕÖÏ"),
        ("ÝỲỶỸỴ", "YÙYØYÛYÕÎ"),
        ("ĂÂÊÔƠƯĐ", "AÊAÂEÂOÂÔÖÑ"),
        ("áàảãạ", "aùaøaûaõaï"),
        ("íìỉĩị", "íìæóò"),
        ("ơưđỵ", "ôöñî"),
    ],
)
def test_vni_letters(letters: str, encoded: str) -> None:
    assert encode_legacy(letters, "vni") == encoded
    assert decode_legacy(encoded, "vni") == letters


@pytest.mark.parametrize(
    ("text", "encoding", "garbled"),
    [
        ("Lộc Bình", "tcvn3", "Léc B×nh"),
        ("Thôn", "tcvn3", "Th«n"),
        ("Lộc Bình", "vni", "Loäc Bình"),
        ("Thôn", "vni", "Thoân"),
        ("Đường", "tcvn3", "§\xadêng"),
        ("Đường", "vni", "Ñöôøng"),
    ],
)
def test_known_garbling(text: str, encoding: str, garbled: str) -> None:
    assert encode_legacy(text, encoding) == garbled
    assert decode_legacy(garbled, encoding) == text


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_every_letter_encodes_to_latin1_without_collisions(encoding: str) -> None:
    letters = sorted(VIETNAMESE_LOWER) if encoding == "tcvn3" else sorted(VIETNAMESE_LETTERS)
    codes = [encode_legacy(c, encoding) for c in letters]
    assert all(0xA0 < ord(ch) <= 0xFF or ch.isascii() for code in codes for ch in code)
    assert len(set(codes)) == len(codes)


# --------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("letter", sorted(VIETNAMESE_LOWER))
def test_round_trip_every_lowercase_letter(encoding: str, letter: str) -> None:
    assert decode_legacy(encode_legacy(letter, encoding), encoding) == letter
    assert decode_legacy(encode_legacy(nfd(letter), encoding), encoding) == letter


@pytest.mark.parametrize("letter", sorted(c for c in VIETNAMESE_LETTERS if c.isupper()))
def test_round_trip_every_capital(letter: str) -> None:
    assert decode_legacy(encode_legacy(letter, "vni"), "vni") == letter
    assert decode_legacy(encode_legacy(letter, "tcvn3"), "tcvn3") == tcvn3_expected(letter)


def test_tcvn3_toned_capitals_come_back_lowercase() -> None:
    assert decode_legacy(encode_legacy("Ánh", "tcvn3"), "tcvn3") == "ánh"
    assert decode_legacy(encode_legacy("Đông Âu", "tcvn3"), "tcvn3") == "Đông Âu"


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("text", NAMES)
def test_round_trip_names(encoding: str, text: str) -> None:
    expected = text if encoding == "vni" else tcvn3_expected(text)
    garbled = encode_legacy(text, encoding)
    assert garbled != text
    assert all(ord(c) <= 0xFF for c in garbled)
    assert decode_legacy(garbled, encoding) == expected
    assert decode_legacy(encode_legacy(nfd(text), encoding), encoding) == expected
    assert decode_legacy(encode_legacy(text.upper(), encoding), encoding) == (
        text.upper() if encoding == "vni" else tcvn3_expected(text.upper())
    )


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_non_vietnamese_text_passes_through(encoding: str) -> None:
    text = "STT 1-19, TC1; HTX (2020) 12.345,6 UBND"
    assert encode_legacy(text, encoding) == text
    assert decode_legacy(text, encoding) == text


def test_vni_decode_tolerates_case_changed_marks() -> None:
    # Excel's UPPER()/LOWER() applied to VNI text changes the marks' case too.
    assert decode_legacy("Aùnh", "vni") == "Ánh"
    assert decode_legacy("aÙnh", "vni") == "ánh"


def test_unknown_encoding() -> None:
    with pytest.raises(ValueError, match="unknown"):
        encode_legacy("x", "viscii")
    with pytest.raises(ValueError, match="unknown"):
        decode_legacy("x", "utf-8")
    assert decode_legacy("Th«n", "TCVN3") == "Thôn"


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_decode_cell_leaves_unicode_cells_alone(encoding: str) -> None:
    assert decode_cell("Xã Lộc Bình", encoding) == "Xã Lộc Bình"
    assert decode_cell(nfd("Thái Bình"), encoding) == nfd("Thái Bình")
    assert decode_cell(encode_legacy("Xã Lộc Bình", encoding), encoding) == "Xã Lộc Bình"
    assert (
        decode_cell(encode_legacy("Xã Lộc Bình", encoding), encoding, mixed=True) == "Xã Lộc Bình"
    )


def test_decode_cell_mixed_keeps_ambiguous_latin1_cells() -> None:
    # "Mã xã" could be Unicode or TCVN3 ("Mó xó"): only a pure legacy sheet decodes it.
    assert decode_cell("Mã xã", "tcvn3") == "Mó xó"
    assert decode_cell("Mã xã", "tcvn3", mixed=True) == "Mã xã"


# --------------------------------------------------------------------------- detection

B01_SHEET = [
    "ỦY BAN NHÂN DÂN HUYỆN LỘC BÌNH",
    "Biểu B01: Kết quả thực hiện Bộ tiêu chí quốc gia về xã nông thôn mới năm 2018",
    "STT",
    "Mã xã",
    "Tên xã",
    "TC1",
    "TC2",
    "Số tiêu chí đạt",
    "Năm đạt chuẩn NTM",
    "Ghi chú",
    "Xã Tú Đoạn",
    "Xã Khuất Xá",
    "Xã Tĩnh Bắc",
    "Xã Đông Quan",
    "Xã Yên Khoái",
    "Đạt",
    "Chưa đạt",
    "Tổng cộng",
    "Ghi chú: số liệu đến 31/12/2018",
    "Người lập biểu",
    "Lộc Bình, ngày 15 tháng 01 năm 2019",
    "TM. ỦY BAN NHÂN DÂN",
]
B02_SHEET = [
    "Biểu B02: Nguồn vốn huy động",
    "Mã nguồn",
    "Nguồn vốn",
    "Giá trị (triệu đồng)",
    "Ngân sách trung ương",
    "Ngân sách địa phương",
    "Vốn lồng ghép",
    "Vốn tín dụng",
    "Doanh nghiệp, hợp tác xã",
    "Cộng đồng dân cư",
    "Hiến đất",
    "Ngày công lao động",
    "Khác",
]
THONGTIN_SHEET = [
    "Cấp báo cáo",
    "Huyện",
    "Mã tỉnh",
    "Tên tỉnh",
    "Lạng Sơn",
    "Mã huyện",
    "Tên huyện",
    "Lộc Bình",
    "Năm báo cáo",
    "Ngày lập",
    "Lần gửi",
    "Bộ tiêu chí",
    "Năm đạt chuẩn huyện NTM",
]
SHEETS = {"B01": B01_SHEET, "B02": B02_SHEET, "ThongTin": THONGTIN_SHEET}


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("sheet", sorted(SHEETS))
def test_detect_legacy_sheets(encoding: str, sheet: str) -> None:
    cells = [encode_legacy(text, encoding) for text in SHEETS[sheet]]
    assert detect_legacy(cells) == encoding
    # calamine hands over numbers and empty cells too
    assert detect_legacy([None, 2018, 4.0, "", *cells]) == encoding  # type: ignore[list-item]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_detect_legacy_capital_sheet(encoding: str) -> None:
    cells = [encode_legacy(text.upper(), encoding) for text in B01_SHEET]
    assert detect_legacy(cells) == encoding


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_detect_legacy_commune_names_only(encoding: str) -> None:
    names = ["Xã Tú Đoạn", "Xã Khuất Xá", "Xã Tĩnh Bắc", "Xã Đông Quan", "Xã Hữu Lân"]
    assert detect_legacy(encode_legacy(n, encoding) for n in names) == encoding


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_detect_legacy_half_converted_sheet(encoding: str) -> None:
    # Unicode template headers, commune names pasted from an old TCVN3/VNI list.
    headers = B01_SHEET[:10]
    names = [
        "Xã Tú Đoạn",
        "Xã Khuất Xá",
        "Xã Tĩnh Bắc",
        "Xã Đông Quan",
        "Xã Hữu Lân",
        "Xã Lợi Bác",
        "Xã Nam Quan",
        "Xã Mẫu Sơn",
        "Xã Đồng Bục",
        "Xã Xuân Dương",
    ]
    cells = headers + [encode_legacy(n, encoding) for n in names]
    assert detect_legacy(cells) == encoding
    assert decode_cells(cells, encoding) == headers + [
        n if encoding == "vni" else tcvn3_expected(n) for n in names
    ]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_decode_cells_whole_legacy_sheet(encoding: str) -> None:
    cells: list[object] = [encode_legacy(t, encoding) for t in B01_SHEET]
    expected = [t if encoding == "vni" else tcvn3_expected(t) for t in B01_SHEET]
    assert decode_cells([None, 4, *cells], encoding) == [None, 4, *expected]


@pytest.mark.parametrize("sheet", sorted(SHEETS))
def test_detect_legacy_ignores_unicode(sheet: str) -> None:
    cells = SHEETS[sheet]
    assert detect_legacy(cells) is None
    assert detect_legacy([nfd(c) for c in cells]) is None
    assert detect_legacy([c.upper() for c in cells]) is None
    assert detect_legacy([nfd(c.upper()) for c in cells]) is None


@pytest.mark.parametrize(
    "cells",
    [
        [],
        ["STT", "Code", "Name", "Total", "Notes", "Funding source", "Value (million VND)"],
        ["1", "2.445", "12,97", "1.234,5", "(1.234)", "100%", "44211"],
        ["Diện tích 3×4 m", "Nhiệt độ 25°C", "Xã Lộc Bình", "Xã Tân Lập"],
        ["×", "°", "2×3", "25°C", "§ 2", "½", "m²", "± 5%", "« trích dẫn »"],
        ["Mã xã", "Tên xã", "Müller GmbH", "Peña", "Café Ümit", "Straße"],
        ["Thái Bình", "Tây Ninh", "Hà Giang", "Cà Mau", "Bà Rịa"],
        ["Léc"],  # possible as Unicode too; no impossible character
        [encode_legacy("Ủy ban nhân dân tỉnh Lạng Sơn", "tcvn3")],  # one cell: unsure
        [encode_legacy("Xã Lộc Bình", "vni")],
    ],
)
def test_detect_legacy_negative(cells: list[str]) -> None:
    assert detect_legacy(cells) is None


def test_detect_legacy_stray_symbols_in_unicode_sheet() -> None:
    cells = [*B01_SHEET, "3×4", "Nhiệt độ 25°C", "Kích thước 2×3 m"]
    assert detect_legacy(cells) is None


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_detect_legacy_tells_encodings_apart(encoding: str) -> None:
    other = "vni" if encoding == "tcvn3" else "tcvn3"
    cells = [encode_legacy(text, encoding) for text in B01_SHEET + B02_SHEET]
    assert detect_legacy(cells) == encoding
    decoded = [decode_legacy(c, encoding) for c in cells]
    assert decoded != [decode_legacy(c, other) for c in cells]


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text(alphabet=st.sampled_from(
    "aeouyAEOUYôöÔÖ ÀÁÂÃÄÅÈÉÊËÏÕØÙÚÛÜàáâãäåèéêëïõøùúûü×¸µ¶·ạưđĐ xyz"), max_size=60))
def test_the_quick_evidence_test_agrees_with_the_full_pattern(text):
    """may_be_legacy is a faster way to ask what _EVIDENCE.search asks, never a different
    question."""
    assert may_be_legacy(text) == (_EVIDENCE.search(text) is not None)
