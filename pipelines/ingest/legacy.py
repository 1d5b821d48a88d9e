"""Legacy Vietnamese 8-bit encodings: TCVN3 (ABC) and VNI.

Before Unicode became mandatory for state bodies (Decision 72/2002/QĐ-TTg), offices typed
Vietnamese with 8-bit fonts: TCVN3 (.VnTime, .VnArial, ...) or VNI (VNI-Times, ...). Excel
stores such text as the Windows-1252 characters of the font's bytes, so old workbooks read
as garbled Latin-1 text: TCVN3 "Léc B×nh" or VNI "Loäc Bình" for "Lộc Bình". Every code
point these encodings use lies in 0xA1-0xFE, where Windows-1252 equals Latin-1, so a
garbled character is simply ``chr(byte)``.

No PyPI package carries these tables, so they are written out below.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

__all__ = [
    "ENCODINGS",
    "decode_cell",
    "decode_cells",
    "decode_legacy",
    "detect_legacy",
    "encode_legacy",
    "legacy_cells",
    "may_be_legacy",
]

ENCODINGS = ("tcvn3", "vni")

# Column order of the tables below: no tone, huyền (grave), hỏi (hook above), ngã (tilde),
# sắc (acute), nặng (dot below).
_TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
_BASES = "aăâeêioôơuưy"

# TCVN 5712:1993 "VN3" (the ABC / .VnTime fonts): one byte per lowercase letter. VN3 has
# no toned capitals: the .VnTimeH "uppercase" fonts draw the lowercase code points as
# capitals, so decoded text from those fonts comes out lowercase. VN3 also defines bare
# tone marks at 0xB0-0xB4; keyboards never produce them and 0xB0 is far more often a
# genuine degree sign, so they are deliberately not decoded.
_TCVN3_ROWS: dict[str, tuple[str, ...]] = {
    "a": ("a", "\xb5", "\xb6", "\xb7", "\xb8", "\xb9"),
    "ă": ("\xa8", "\xbb", "\xbc", "\xbd", "\xbe", "\xc6"),
    "â": ("\xa9", "\xc7", "\xc8", "\xc9", "\xca", "\xcb"),
    "e": ("e", "\xcc", "\xce", "\xcf", "\xd0", "\xd1"),
    "ê": ("\xaa", "\xd2", "\xd3", "\xd4", "\xd5", "\xd6"),
    "i": ("i", "\xd7", "\xd8", "\xdc", "\xdd", "\xde"),
    "o": ("o", "\xdf", "\xe1", "\xe2", "\xe3", "\xe4"),
    "ô": ("\xab", "\xe5", "\xe6", "\xe7", "\xe8", "\xe9"),
    "ơ": ("\xac", "\xea", "\xeb", "\xec", "\xed", "\xee"),
    "u": ("u", "\xef", "\xf1", "\xf2", "\xf3", "\xf4"),
    "ư": ("\xad", "\xf5", "\xf6", "\xf7", "\xf8", "\xf9"),
    "y": ("y", "\xfa", "\xfb", "\xfc", "\xfd", "\xfe"),
}
_TCVN3_OTHER: dict[str, str] = {
    "đ": "\xae",
    "Ă": "\xa1",
    "Â": "\xa2",
    "Ê": "\xa3",
    "Ô": "\xa4",
    "Ơ": "\xa5",
    "Ư": "\xa6",
    "Đ": "\xa7",
}

# VNI for Windows (VNI-Times fonts): a base letter followed by one or two "mark"
# characters; i/y-dot, ơ, ư and đ have single-byte forms. Capitals use the same scheme
# with the capital Latin-1 forms of every character ("Á" is "AÙ", "Ư" is "Ö"), which is
# exactly str.upper() of the lowercase form, so only lowercase is written out.
_VNI_ROWS: dict[str, tuple[str, ...]] = {
    "a": ("a", "a\xf8", "a\xfb", "a\xf5", "a\xf9", "a\xef"),
    "ă": ("a\xea", "a\xe8", "a\xfa", "a\xfc", "a\xe9", "a\xeb"),
    "â": ("a\xe2", "a\xe0", "a\xe5", "a\xe3", "a\xe1", "a\xe4"),
    "e": ("e", "e\xf8", "e\xfb", "e\xf5", "e\xf9", "e\xef"),
    "ê": ("e\xe2", "e\xe0", "e\xe5", "e\xe3", "e\xe1", "e\xe4"),
    "i": ("i", "\xec", "\xe6", "\xf3", "\xed", "\xf2"),
    "o": ("o", "o\xf8", "o\xfb", "o\xf5", "o\xf9", "o\xef"),
    "ô": ("o\xe2", "o\xe0", "o\xe5", "o\xe3", "o\xe1", "o\xe4"),
    "ơ": ("\xf4", "\xf4\xf8", "\xf4\xfb", "\xf4\xf5", "\xf4\xf9", "\xf4\xef"),
    "u": ("u", "u\xf8", "u\xfb", "u\xf5", "u\xf9", "u\xef"),
    "ư": ("\xf6", "\xf6\xf8", "\xf6\xfb", "\xf6\xf5", "\xf6\xf9", "\xf6\xef"),
    "y": ("y", "y\xf8", "y\xfb", "y\xf5", "y\xf9", "\xee"),
}
_VNI_OTHER: dict[str, str] = {"đ": "\xf1"}


def _letter(base: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + tone)


def _lowercase_table(rows: dict[str, tuple[str, ...]], other: dict[str, str]) -> dict[str, str]:
    """Unicode lowercase letter -> legacy string, without the plain ASCII vowels."""
    table = {
        _letter(base, tone): code
        for base, codes in rows.items()
        for tone, code in zip(_TONES, codes, strict=True)
        if code != base
    }
    table.update({k: v for k, v in other.items() if k.islower()})
    return table


# The 67 lowercase letters with diacritics (66 toned/modified vowels and đ) and capitals.
VIETNAMESE_LOWER: frozenset[str] = frozenset(
    _letter(base, tone) for base in _BASES for tone in _TONES
) - frozenset("aeiouy") | {"đ"}
VIETNAMESE_LETTERS: frozenset[str] = VIETNAMESE_LOWER | {c.upper() for c in VIETNAMESE_LOWER}


def _build_tcvn3() -> tuple[dict[str, str], dict[str, str]]:
    lower = _lowercase_table(_TCVN3_ROWS, _TCVN3_OTHER)
    encode = dict(lower)
    encode.update({k: v for k, v in _TCVN3_OTHER.items() if k.isupper()})
    for letter, code in lower.items():
        encode.setdefault(letter.upper(), code)  # toned capitals: lowercase code, as .VnTimeH
    decode = {code: letter for letter, code in lower.items()}
    decode.update({v: k for k, v in _TCVN3_OTHER.items()})
    return encode, decode


def _build_vni() -> tuple[dict[str, str], dict[str, str]]:
    lower = _lowercase_table(_VNI_ROWS, _VNI_OTHER)
    encode = dict(lower)
    encode.update({letter.upper(): code.upper() for letter, code in lower.items()})
    decode = {code: letter for letter, code in encode.items()}
    return encode, decode


_TCVN3_ENCODE, _TCVN3_DECODE = _build_tcvn3()
_VNI_ENCODE, _VNI_DECODE = _build_vni()
_TCVN3_DECODE_TABLE = {ord(code): letter for code, letter in _TCVN3_DECODE.items()}


def _check(encoding: str) -> str:
    key = encoding.lower().replace("-", "").replace("_", "")
    if key not in ENCODINGS:
        raise ValueError(f"unknown legacy encoding {encoding!r}; expected 'tcvn3' or 'vni'")
    return key


def encode_legacy(text: str, encoding: str) -> str:
    """Garble Unicode Vietnamese as a legacy-font workbook reads, to build realistic tests.

    In TCVN3 the toned capitals have no code of their own and become the lowercase code.
    Characters outside the Vietnamese alphabet are kept as they are.
    """
    table = _TCVN3_ENCODE if _check(encoding) == "tcvn3" else _VNI_ENCODE
    return "".join(table.get(c, c) for c in unicodedata.normalize("NFC", text))


def decode_legacy(text: str, encoding: str) -> str:
    """Turn legacy-garbled text back into NFC Unicode (the inverse of :func:`encode_legacy`).

    Every character the table knows is converted, so call it only on text known to be
    legacy; :func:`decode_cell` is the safe per-cell variant.
    """
    if _check(encoding) == "tcvn3":
        return text.translate(_TCVN3_DECODE_TABLE)
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        pair = text[i : i + 2]
        if len(pair) == 2:
            letter = _VNI_DECODE.get(pair)
            if letter is None and pair[0].isalpha() and pair[1].isalpha():
                # A capital base with a small mark (or the reverse) after case changes.
                fixed = pair[0] + (pair[1].upper() if pair[0].isupper() else pair[1].lower())
                letter = _VNI_DECODE.get(fixed)
            if letter is not None:
                out.append(letter)
                i += 2
                continue
        out.append(_VNI_DECODE.get(text[i], text[i]))
        i += 1
    return unicodedata.normalize("NFC", "".join(out))


# --------------------------------------------------------------------------- per cell

_LATIN1_VIETNAMESE = frozenset(c for c in VIETNAMESE_LETTERS if ord(c) <= 0xFF)
# Latin-1 characters that never occur in Unicode Vietnamese text (NBSP excluded).
_IMPOSSIBLE = frozenset(chr(i) for i in range(0xA1, 0x100)) - _LATIN1_VIETNAMESE
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_UNICODE_ONLY = (
    frozenset(c for c in VIETNAMESE_LETTERS if ord(c) > 0xFF)
    | _TONE_MARKS
    | {
        "\u0302",
        "\u0306",
        "\u031b",
    }
)
# VNI letter+mark pairs never found in Unicode Vietnamese ("aù", "eä", "oâ"...). Only
# "oà", "oã", "oá" also spell old-style Unicode ("hoà", "hoãn", "hoá") and are left out.
_VNI_SIGNATURE_PAIRS = frozenset(
    code for code in _VNI_DECODE if len(code) == 2 and code.lower() not in {"oà", "oã", "oá"}
)


def _has_legacy_signature(text: str, encoding: str) -> bool:
    """Tell whether text holds something Unicode Vietnamese cannot, for this encoding."""
    if not _IMPOSSIBLE.isdisjoint(text):
        return True
    return encoding == "vni" and any(
        text[i : i + 2] in _VNI_SIGNATURE_PAIRS for i in range(len(text) - 1)
    )


def _evidence_pattern() -> re.Pattern[str]:
    """Any character or VNI pair that ``_has_legacy_signature`` looks for, in one expression;
    pairs are grouped by their letter ("a[ùõø…]"), which ``re`` scans six times faster than
    110 literal alternatives."""
    marks: dict[str, set[str]] = {}
    for pair in _VNI_SIGNATURE_PAIRS:
        marks.setdefault(pair[0], set()).add(pair[1])
    classes = [re.escape(letter) + "[" + "".join(map(re.escape, sorted(m))) + "]"
               for letter, m in sorted(marks.items())]
    return re.compile("[" + "".join(map(re.escape, sorted(_IMPOSSIBLE))) + "]|"
                      + "|".join(classes))


_EVIDENCE = _evidence_pattern()


# Windows-1252 punctuation Excel may keep next to legacy text; it is not Vietnamese-only.
_CP1252_PUNCT = frozenset("‘’“”–—…•€™")


def decode_cell(text: str, encoding: str, *, mixed: bool = False) -> str:
    """Decode one cell of a sheet found to be legacy, leaving genuine Unicode cells alone.

    A cell holding any character beyond Latin-1 (such as "ư" or "ạ") was typed in Unicode
    and is returned unchanged. In a half-converted sheet (``mixed``: Unicode template,
    legacy names pasted in) a Latin-1 cell such as "Mã xã" may be either, so only cells
    holding a character impossible in Unicode Vietnamese (such as "×" or "·") are decoded.
    """
    if not all(ord(c) <= 0xFF or c in _CP1252_PUNCT for c in text):
        return text
    if mixed and not _has_legacy_signature(text, _check(encoding)):
        return text
    return decode_legacy(text, encoding)


def decode_cells(cells: Iterable[object], encoding: str) -> list[object]:
    """Decode the text cells of a legacy sheet or workbook; other cells pass through.

    The sheet counts as half converted when any cell holds Unicode-only Vietnamese.
    """
    items = list(cells)
    mixed = any(isinstance(c, str) and not _UNICODE_ONLY.isdisjoint(c) for c in items)
    return [decode_cell(c, encoding, mixed=mixed) if isinstance(c, str) else c for c in items]


# --------------------------------------------------------------------------- detection

_SEPARATORS = re.compile(r"[\s!-/:-@\[-`{-~‘’“”–—…•]+")

_NUCLEI = [
    *("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"),
    *("ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe"),
    *("oi", "ôi", "ơi", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ưu", "ươ"),
    *("yê", "iêu", "yêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "uya", "uyê", "uyu"),
    *("ươi", "ươu"),
]
_SYLLABLE = re.compile(
    r"(?:qu|gi|[bcdđfghjklmnprstvwxz']{0,4})"
    f"(?:{'|'.join(sorted(_NUCLEI, key=len, reverse=True))})"
    r"(?:ng|nh|ch|[cmnptk])?"
)


def _is_syllable(word: str) -> bool:
    """Rough test that a word has the shape of a Vietnamese syllable.

    Onset, a known vowel nucleus, an optional final, and at most one tone mark. This is
    enough to tell a correct decoding from a wrong one: decoding with the wrong table
    leaves stray symbols, stacks vowels or puts two tones on one word.
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(c in _TONE_MARKS for c in decomposed) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return _SYLLABLE.fullmatch(bare) is not None


def _is_evidence(word: str) -> bool:
    """Whether a word (no Unicode-only letter in it) holds something Unicode Vietnamese
    cannot and a letter: "×", "1½" are symbols next to numbers, not words."""
    return _has_legacy_signature(word, "vni") and any("a" <= c <= "z" for c in word.lower())


def _reads_well(word: str, encoding: str) -> bool:
    """Whether a word decodes in this encoding to a well-formed Vietnamese syllable."""
    decoded = decode_legacy(word, encoding)
    return _IMPOSSIBLE.isdisjoint(decoded) and _is_syllable(decoded)


_MODIFIED_VOWELS = frozenset("ăâêôơư")
_VOWELS = frozenset("aeiouy") | _MODIFIED_VOWELS


def _tone_in_place(syllable: str) -> bool:
    """Whether a syllable's tone sits on the vowel Vietnamese puts it on: a vowel with a
    hat, breve or horn (the ơ of ươ), the only vowel, the last vowel before a final
    consonant, else the one before the last (``hài``, ``múa``; ``hoà``, ``thuý``, ``hoè``
    as the old style writes them too). Keyboard drivers place the tone by these rules, so
    a wrong decoding shows in a misplaced tone (VNI ``Haï`` read as TCVN3 is ``Haù``).
    """
    bases: list[str] = []  # the letters without their tone
    toned: list[int] = []  # where a tone sits
    for c in unicodedata.normalize("NFD", syllable.lower()):
        if bases and c in _TONE_MARKS:
            toned.append(len(bases) - 1)
        elif bases and unicodedata.combining(c):
            bases[-1] = unicodedata.normalize("NFC", bases[-1] + c)
        else:
            bases.append(c)
    word = "".join(bases)
    start = 2 if word.startswith("qu") or (word.startswith("gi") and word[2:3] in _VOWELS) else 0
    while start < len(word) and word[start] not in _VOWELS:
        start += 1
    end = start
    while end < len(word) and word[end] in _VOWELS:
        end += 1
    nucleus = word[start:end]
    if not toned:
        return True
    modified = [k for k in range(start, end) if word[k] in _MODIFIED_VOWELS]
    if modified:
        return toned == modified[-1:]
    if len(nucleus) == 1 or end < len(word):
        return toned == [end - 1]
    return toned == [end - 2] or (nucleus[-2:] in ("oa", "oe", "uy") and toned == [end - 1])


def may_be_legacy(text: str) -> bool:
    """Whether some text holds anything legacy detection would count as evidence: a cheap
    test on a whole workbook's strings at once, before its cells are looked at one by one.

    Two character-class searches instead of ``_EVIDENCE``'s 110 alternatives (ten times
    faster on a workbook's shared strings): an impossible character, or a letter and mark
    that may form a VNI pair, checked against the pairs."""
    if _IMPOSSIBLE_CHAR.search(text) is not None:
        return True
    return not _VNI_SIGNATURE_PAIRS.isdisjoint(_PAIR_CANDIDATE.findall(text))


_IMPOSSIBLE_CHAR = re.compile("[" + "".join(map(re.escape, sorted(_IMPOSSIBLE))) + "]")
_PAIR_CANDIDATE = re.compile(
    "[" + "".join(map(re.escape, sorted({p[0] for p in _VNI_SIGNATURE_PAIRS}))) + "]"
    "[" + "".join(map(re.escape, sorted({p[1] for p in _VNI_SIGNATURE_PAIRS}))) + "]")


def detect_legacy(texts: Iterable[str]) -> str | None:
    """Tell whether the text cells of a sheet or workbook are TCVN3, VNI, or neither (None).

    Only words that Unicode Vietnamese cannot contain count as evidence: words with a
    character such as "×", "¸" or "ä", or with a VNI letter+mark pair such as "aù". Such
    a word supports an encoding when decoding it with that table gives a well-formed
    Vietnamese syllable, and counts against it otherwise.
    An encoding is returned only with several supporting words from at least two cells,
    little counter-evidence, a clear lead over the other encoding, and no majority of
    genuine Unicode Vietnamese words: a stray "×" or "°" never decides.
    """
    good = dict.fromkeys(ENCODINGS, 0)
    bad = dict.fromkeys(ENCODINGS, 0)
    cells: dict[str, set[tuple[str, int]]] = {e: set() for e in ENCODINGS}
    unicode_words = 0
    # A sheet repeats a few texts thousands of times ("x", "Đạt"): each distinct text is
    # judged once and weighted by how often it occurs. Pure ASCII carries no evidence
    # either way, so it is skipped without splitting.
    counts = Counter(t for t in texts if isinstance(t, str) and not t.isascii())
    # Almost every workbook is plain Unicode: one search over all its texts finds no word
    # that could count as evidence, and the per-word scoring below is skipped.
    if _EVIDENCE.search("\n".join(counts)) is None:
        return None
    for text, times in counts.items():
        for word in _SEPARATORS.split(text):
            if any(c in _UNICODE_ONLY for c in word):
                unicode_words += times
                continue
            if not _is_evidence(word):
                continue
            for encoding in ENCODINGS:
                if not _reads_well(word, encoding):
                    bad[encoding] += times
                else:
                    good[encoding] += times
                    # Two cells with the same text still count as two cells.
                    cells[encoding].update((text, k) for k in range(min(times, 2)))
    score = {e: good[e] - 2 * bad[e] for e in ENCODINGS}
    best, other = sorted(ENCODINGS, key=score.__getitem__, reverse=True)
    if (
        good[best] >= 3
        and len(cells[best]) >= 2
        and good[best] >= 2 * bad[best]
        and score[best] > score[other]
        and unicode_words <= 3 * good[best]
    ):
        return best
    return None


# --------------------------------------------------------------------------- a few cells


def legacy_cells(texts: Iterable[str]) -> tuple[str, dict[str, str]] | None:
    """The cells of a Unicode sheet that were typed in a legacy font: the encoding and each
    such text with its Unicode reading, or None.

    Offices fill the Unicode template and type or paste a line here and there in their old
    .VnTime or VNI-Times font (the unit line ``§¬n vÞ tÝnh: tû ®ång``, a bracket of a header,
    a title, a pasted name); Excel shows such a cell in its font, so a person reads
    ``Đơn vị tính: tỷ đồng``. Too few for :func:`detect_legacy`, those cells still carry
    words no Unicode text holds. A cell is converted when every such word in it decodes to a
    Vietnamese syllable in the encoding the sheet's words favour, with at least two such
    words in the sheet: a stray ``3×4m`` or ``25°C`` decodes to no syllable and is kept.
    With so few words, a syllable must also carry its tone where Vietnamese puts it
    (``_tone_in_place``), which tells TCVN3 from VNI where both give syllables.
    A cell that also holds Unicode Vietnamese (``Giá trị (tû ®ång)``: a font changed
    within the cell) has only those words converted.
    """
    words = {
        text: found
        for text in dict.fromkeys(texts)
        if isinstance(text, str) and not text.isascii()
        and (found := [w for w in _SEPARATORS.split(text)
                       if _UNICODE_ONLY.isdisjoint(w) and _is_evidence(w)])
    }
    reads = {e: {text: [_reads_well(w, e) and _tone_in_place(decode_legacy(w, e))
                        for w in found] for text, found in words.items()}
             for e in ENCODINGS}
    total = sum(map(len, words.values()))
    good = {e: sum(map(sum, reads[e].values())) for e in ENCODINGS}
    score = {e: good[e] - 2 * (total - good[e]) for e in ENCODINGS}  # as detect_legacy scores
    best, other = sorted(ENCODINGS, key=score.__getitem__, reverse=True)
    if good[best] < 2 or score[best] <= score[other]:
        return None
    converted = {text: _decode_words(text, words[text], best)
                 for text in words if all(reads[best][text])}
    return (best, converted) if converted else None


def _decode_words(text: str, words: list[str], encoding: str) -> str:
    """A cell's Unicode reading: the whole cell when it is all legacy, else only its words
    that are legacy (the cell's Unicode words are already read as typed)."""
    if all(ord(c) <= 0xFF or c in _CP1252_PUNCT for c in text):
        return decode_legacy(text, encoding)
    legacy = set(words)
    parts = re.split(f"({_SEPARATORS.pattern})", text)
    return "".join(decode_legacy(p, encoding) if k % 2 == 0 and p in legacy else p
                   for k, p in enumerate(parts))
