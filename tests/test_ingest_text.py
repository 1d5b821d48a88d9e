import unicodedata

import pytest

from pipelines.ingest.text import (
    fold,
    header_key,
    is_note_label,
    is_subtotal_text,
    is_total_label,
    nfc,
)


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def test_nfc_composes_nfd_input() -> None:
    assert nfc(nfd("Lộc Bình")) == "Lộc Bình"
    assert len(nfc(nfd("ộ"))) == 1


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Mã xã", "ma xa"),
        (nfd("Mã xã"), "ma xa"),
        ("MÃ XÃ", "ma xa"),
        ("  Mã\n  xã\t", "ma xa"),
        ("Mã\u00a0xã", "ma xa"),
        ("Mã\u2007\u202fxã", "ma xa"),
        ("Đồng Hỷ", "dong hy"),
        ("\u00d0ạt", "dat"),  # Latin eth typed for Đ
        (nfd("ĐỒNG HỶ"), "dong hy"),
        ("Thủy lợi", "thuy loi"),
        ("Mã\u200bxã", "ma xa"),
        (None, ""),
        ("", ""),
        (2019, "2019"),
        (12.5, "12.5"),
    ],
)
def test_fold(raw: object, expected: str) -> None:
    assert fold(raw) == expected


def test_fold_covers_every_vietnamese_letter() -> None:
    letters = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    for letter in letters + letters.upper():
        assert fold(letter).isascii(), letter
        assert fold(nfd(letter)) == fold(letter)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Mã  xã\n", "ma xa"),
        ("MÃ XÃ", "ma xa"),
        (nfd("Mã xã"), "ma xa"),
        ("Mã xã:", "ma xa"),
        ("Mã xã (*)", "ma xa"),
        ("Giá trị (triệu đồng)", "gia tri (trieu dong)"),
        ("Giá trị ( Triệu  đồng )", "gia tri (trieu dong)"),
        ("GIÁ TRỊ\n(TỶ ĐỒNG)", "gia tri (ty dong)"),
        ("Tỷ lệ (%)", "ty le (%)"),
        ("Tr.đ", "tr.d"),
        ("Tiêu chí/xã", "tieu chi xa"),
        ("Tiêu chí / xã", "tieu chi xa"),
        ("TC_1", "tc 1"),
        ("Số tiêu chí đạt", "so tieu chi dat"),
        (None, ""),
    ],
)
def test_header_key(raw: object, expected: str) -> None:
    assert header_key(raw) == expected


@pytest.mark.parametrize(
    "label",
    [
        "Tổng cộng",
        "Cộng",
        "Tổng số",
        "Tổng",
        "TỔNG CỘNG:",
        "Tổng cộng:",
        "tổng cộng",
        nfd("TỔNG CỘNG"),
        nfd("Tổng số"),
        "  Tổng   cộng  ",
        "Tổng cộng toàn huyện",
        "Tổng số toàn tỉnh",
        "Cộng toàn huyện",
        "CỘNG:",
        "Cộng (1+2+3)",
        "Tổng các xã",
        "Tổng số:",
        "TỔNG SỐ (15 xã)",
        "Toàn huyện",
        nfd("TOÀN TỈNH:"),
        "Toàn thị xã",
    ],
)
def test_is_total_label_true(label: str) -> None:
    assert is_total_label(label)


@pytest.mark.parametrize(
    "label",
    [
        "Xã Cộng Hòa",
        "Cộng Hòa",
        "Cộng đồng dân cư",
        nfd("Cộng đồng dân cư"),
        "CỘNG ĐỒNG DÂN CƯ",
        "Tổng hợp",
        "Tổng số tiêu chí đạt",
        "Tổng vốn huy động",
        "Xã Tân Lập",
        "Toàn Thắng",
        "Xã Toàn Thắng",
        "Ngân sách trung ương",
        "Số tiêu chí đạt",
        "",
        None,
        6,
    ],
)
def test_is_total_label_false(label: object) -> None:
    assert not is_total_label(label)


@pytest.mark.parametrize(
    "label",
    [
        "Ghi chú:",
        "Ghi chú",
        "GHI CHÚ:",
        nfd("Ghi chú:"),
        "* Ghi chú: số liệu ước",
        "Người lập biểu",
        "NGƯỜI LẬP BIỂU",
        "Người lập",
        "Thủ trưởng đơn vị",
        "Kế toán",
        "TM. UBND HUYỆN",
        "TM. ỦY BAN NHÂN DÂN",
        "T/M Ủy ban nhân dân",
        "T/M UBND xã",
        "Chủ tịch",
        "CHỦ TỊCH",
        "KT. CHỦ TỊCH",
        "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        "Nơi nhận:",
        "(Ký, ghi rõ họ tên)",
        "(Ký tên, đóng dấu)",
        "Lộc Bình, ngày 15 tháng 01 năm 2021",
        "..., ngày 15 tháng 01 năm 2021",
        "………, ngày … tháng … năm 2021",
        nfd("Đồng Hỷ, ngày 5 tháng 1 năm 2020"),
        "Xác nhận của UBND huyện",
        "XÁC NHẬN CỦA PHÒNG NÔNG NGHIỆP",
    ],
)
def test_is_note_label_true(label: str) -> None:
    assert is_note_label(label)


@pytest.mark.parametrize(
    "label",
    [
        "Xã Tân Lập",
        "Tân Lập",
        "Kỳ Sơn",
        "Xã Kỳ Anh",
        "Tam Kỳ",
        "Ngày công lao động",
        "Ngày công nhận",
        "Thu nhập bình quân đầu người",
        "Tỷ lệ hộ nghèo",
        "Tổng cộng",
        "Cộng đồng dân cư",
        "Chợ nông thôn",
        "",
        None,
    ],
)
def test_is_note_label_false(label: object) -> None:
    assert not is_note_label(label)


@pytest.mark.parametrize("label", ["Cộng huyện Lộc Bình", nfd("TỔNG THỊ XÃ CAO BẰNG"),
                                   "Cộng nhóm I", "Cộng TP Lạng Sơn",
                                   "Tổng vốn ngân sách (1+2)", "Tổng (I + II):",
                                   # parts of a source added up: never the sheet's total
                                   "Cộng (6.1+6.2)", nfd("Tổng cộng (6.1 + 6.2 + 6.3):")])
def test_a_groups_subtotal(label: str) -> None:
    assert is_subtotal_text(label) and not is_total_label(label)


@pytest.mark.parametrize("label", ["Cộng Hòa", "Cộng Thành", "Tổng cộng", "Cộng đồng dân cư",
                                   "Tổng số huyện đạt chuẩn", "Cộng đồng dân cư (6.1+6.2)",
                                   "Tổng vốn (tỷ đồng)"])
def test_not_a_groups_subtotal(label: str) -> None:
    assert not is_subtotal_text(label)
