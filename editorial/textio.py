"""Read one newspaper page-text file safely, so the importer never stores mojibake.

Pages arrive as UTF-8 (with or without a byte-order mark) or as GB18030/GBK from older
typesetting systems. Anything else is rejected with a message an editor can act on.
This module is pure: callers pass the size limit (``settings.BAOKU_MAX_PAGE_BYTES``).
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
from dataclasses import dataclass

DEFAULT_MAX_BYTES = 2 * 1024 * 1024

# Share of non-whitespace characters that must be ordinary Chinese-text characters
# before a GB18030 decode is believed rather than taken for mis-decoded bytes.
MIN_PLAUSIBLE_SHARE = 0.9

# C0/C1 controls and DEL, except tab, newline, carriage return and form feed.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")

# Code point ranges that occur in real Chinese newspaper text.
_COMMON_RANGES = (
    (0x0020, 0x007E),  # ASCII printable
    (0x0391, 0x03C9),  # Greek (in GB2312)
    (0x0401, 0x0451),  # Cyrillic (in GB2312)
    (0x2000, 0x206F),  # general punctuation: — ‘ ’ “ ” …
    (0x2100, 0x22FF),  # letterlike symbols, Roman numerals, arrows, maths: ℃ Ⅳ → ≤
    (0x2460, 0x24FF),  # enclosed numbers: ① ⑴ ⒈
    (0x2500, 0x26FF),  # box drawing, shapes, misc symbols: ─ ■ ○ ★
    (0x3000, 0x303F),  # CJK symbols and punctuation: 、 。 《 》 「 」
    (0x3040, 0x30FF),  # kana (in GB2312)
    (0x3100, 0x312F),  # bopomofo
    (0x31A0, 0x31BF),  # bopomofo extended
    (0x3200, 0x33FF),  # enclosed CJK letters, CJK compatibility: ㈠ ㎡
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE10, 0xFE1F),  # vertical forms
    (0xFE30, 0xFE6F),  # CJK compatibility forms, small form variants
    (0xFF00, 0xFFEF),  # full-width and half-width forms: ， ！ （ ）
    (0x20000, 0x2FA1F),  # CJK extensions B onwards and compatibility supplement
)

_IDEOGRAPH_RANGES = (
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2FA1F),
)

# Latin-1 symbols and pinyin letters that GB2312 itself contains.
_COMMON_EXTRA = "¤§¨°±·×÷āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹɑɡ"


EMPTY = "文件是空的"


class PageFileError(Exception):
    """A page file the importer must refuse, with where and why for the editor."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}：{self.message}"
        return f"{self.path} 第{self.line}行：{self.message}"


@dataclass(frozen=True)
class PageText:
    """A decoded page with newlines normalised, plus what is needed to trace it back."""

    path: str
    text: str
    encoding: str  # "utf-8", "utf-8-sig" or "gb18030"
    sha256: str  # of the raw bytes, so re-imports of the same file can be spotted


def read_page_file(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> PageText:
    """Read and decode a page file without loading more than the limit into memory."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as handle:
            data = handle.read(max_bytes + 1)
            if len(data) > max_bytes:
                size = max(os.fstat(handle.fileno()).st_size, len(data))
                raise PageFileError(name, _too_big_message(size, max_bytes))
    except OSError as exc:
        raise PageFileError(name, f"无法读取文件：{exc.strerror or exc}") from exc
    return decode_page_bytes(data, name, max_bytes)


def decode_page_bytes(data: bytes, path: str = "<bytes>", max_bytes: int = DEFAULT_MAX_BYTES) -> PageText:
    """Turn raw page bytes into text, refusing anything an editor would need to fix."""
    if len(data) > max_bytes:
        raise PageFileError(path, _too_big_message(len(data), max_bytes))
    _reject_utf16(data, path)
    if not data:
        raise PageFileError(path, EMPTY)
    _reject_nul(data, path)
    text, encoding = _decode(data, path)
    text = normalise_newlines(text)
    _reject_controls(text, path)
    if not text.strip():
        message = EMPTY if not text else "文件只有空白，没有文字"
        raise PageFileError(path, message)
    digest = hashlib.sha256(data).hexdigest()
    return PageText(path=path, text=text, encoding=encoding, sha256=digest)


def normalise_newlines(text: str) -> str:
    """Make \\r\\n and lone \\r into \\n so line numbers and search agree across sources."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def line_of_offset(data: bytes, offset: int) -> int:
    """Give the 1-based line of a byte offset, counting \\n, \\r\\n and lone \\r breaks."""
    head = data[:offset]
    return 1 + head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n")


def _too_big_message(size: int, limit: int) -> str:
    """Describe an oversized file in units an editor reads at a glance."""
    shown, allowed = _human_size(size), _human_size(limit)
    if shown == allowed:
        shown, allowed = f"{size} 字节", f"{limit} 字节"
    return f"文件大小 {shown}，超过上限 {allowed}"


def _human_size(size: int) -> str:
    """Format a byte count as bytes, KB or MB with one decimal."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} 字节"


def _reject_utf16(data: bytes, path: str) -> None:
    """Refuse UTF-16 up front, since its NUL bytes would otherwise read as 'binary'."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise PageFileError(path, "不支持 UTF-16 编码，请把文件另存为 UTF-8")


def _reject_nul(data: bytes, path: str) -> None:
    """Refuse files with NUL bytes, which text never contains but images and PDFs do."""
    offset = data.find(b"\x00")
    if offset >= 0:
        line = line_of_offset(data, offset)
        raise PageFileError(path, "文件看起来不是文本（含有 NUL 字节），可能是图片或 PDF", line)


def _decode(data: bytes, path: str) -> tuple[str, str]:
    """Try UTF-8 (with or without BOM), then GB18030, and report the first bad byte."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            _reject_mixed(data[len(codecs.BOM_UTF8) :], path)  # a GB18030 line pasted into a UTF-8 file
            raise _undecodable(data, exc.start + len(codecs.BOM_UTF8), path) from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        bad_offset = exc.start
    _reject_mixed(data, path)
    text = _decode_gb18030(data)
    if text is None:
        raise _undecodable(data, bad_offset, path)
    return text, "gb18030"


# A line must hold this many ideographs when read as UTF-8 before it counts as a UTF-8 line inside a
# GB18030 file: a very short GB18030 run can be valid UTF-8 by chance ("一" is D2 BB).
MIN_UTF8_IDEOGRAPHS = 2


def encodings_by_line(data: bytes) -> tuple[list[int], list[int]]:
    """Sort the non-ASCII lines of a file that is not UTF-8 as a whole by the encoding they read in.

    GB18030 never uses a newline byte inside a character, so splitting the bytes on newlines is safe.
    Returns 1-based line numbers: (lines that read as Chinese in UTF-8, lines that only read as
    Chinese in GB18030). Lines that read as neither are left to the undecodable-byte error.
    """
    utf8, gb = [], []
    for number, raw in enumerate(normalise_newlines_bytes(data).split(b"\n"), start=1):
        if raw.isascii():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            if _decode_gb18030(raw) is not None:
                gb.append(number)
            continue
        if len(_IDEOGRAPH_RE.findall(line)) >= MIN_UTF8_IDEOGRAPHS and looks_like_chinese(line):
            utf8.append(number)
    return utf8, gb


def normalise_newlines_bytes(data: bytes) -> bytes:
    """The byte form of normalise_newlines, so line numbers agree with the decoded text."""
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def _reject_mixed(data: bytes, path: str) -> None:
    """Refuse a file that mixes UTF-8 and GB18030 lines: decoded whole, one of them turns to mojibake."""
    utf8, other = encodings_by_line(data)
    if not utf8 or not other:
        return
    # Name the odd one out: the first line in whichever encoding fewer lines use.
    if len(utf8) <= len(other):
        line, odd, rest, odd_lines = utf8[0], "UTF-8", "GB18030", utf8
    else:
        line, odd, rest, odd_lines = other[0], "GB18030", "UTF-8", other
    others = ""
    if len(odd_lines) > 1:
        shown = "、".join(str(n) for n in odd_lines[:5]) + ("等" if len(odd_lines) > 5 else "")
        others = f"（{odd} 编码的行：第{shown}行）"
    message = (
        f"编码混杂：第{line}行是 {odd} 编码，而文件其余各行是 {rest} 编码{others}。"
        f"按一种编码读入会把另一部分变成乱码，请把整个文件统一另存为 UTF-8 后重新导入"
    )
    raise PageFileError(path, message, line)


def _decode_gb18030(data: bytes) -> str | None:
    """Decode GB18030 only when the result reads like Chinese, as it decodes most bytes."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return text if looks_like_chinese(text) else None


def _undecodable(data: bytes, offset: int, path: str) -> PageFileError:
    """Build the error for bytes that are neither UTF-8 nor believable GB18030."""
    line = line_of_offset(data, offset)
    byte = f"0x{data[offset]:02X}"
    message = f"不是 UTF-8 或 GB18030 文本：无法解码的字节 {byte}；请把文件另存为 UTF-8"
    return PageFileError(path, message, line)


def looks_like_chinese(text: str) -> bool:
    """Tell real Chinese text from bytes that merely happen to decode as GB18030."""
    # Whitespace and control characters are left out; controls get their own, clearer error.
    counted = _SKIPPED_RE.sub("", text)
    if not _IDEOGRAPH_RE.search(counted):
        return False
    return len(_COMMON_RE.findall(counted)) >= MIN_PLAUSIBLE_SHARE * len(counted)


def _char_class(ranges: tuple[tuple[int, int], ...], extra: str = "") -> re.Pattern[str]:
    """Compile inclusive code point ranges into one regex character class."""
    parts = [re.escape(chr(low)) + "-" + re.escape(chr(high)) for low, high in ranges]
    return re.compile("[" + "".join(parts) + re.escape(extra) + "]")


_IDEOGRAPH_RE = _char_class(_IDEOGRAPH_RANGES)
_COMMON_RE = _char_class(_COMMON_RANGES, _COMMON_EXTRA)
_SKIPPED_RE = re.compile(r"\s|" + _CONTROL_RE.pattern)


def _reject_controls(text: str, path: str) -> None:
    """Refuse control characters, which corrupt display and search, naming their line."""
    match = _CONTROL_RE.search(text)
    if match:
        line = 1 + text.count("\n", 0, match.start())
        message = f"含有不允许的控制字符 U+{ord(match.group()):04X}"
        raise PageFileError(path, message, line)
