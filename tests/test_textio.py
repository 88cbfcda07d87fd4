"""Tests for reading page-text files: encodings accepted, and refusals an editor can act on."""

import codecs
import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from editorial.textio import (
    DEFAULT_MAX_BYTES,
    PageFileError,
    PageText,
    decode_page_bytes,
    looks_like_chinese,
    read_page_file,
)

PAGE = "第一版　要闻\n国务院召开常务会议，部署下一阶段经济工作。\n记者 王小明（北京）报道：“会议指出……”\n"
GBK_ONLY = "朱镕基、张喆与李堃出席會議，臺灣同胞代表發言。\n"


def refusal(data: bytes, path: str = "page.txt", **kwargs) -> PageFileError:
    """Decode bytes that must be refused and hand back the error for inspection."""
    with pytest.raises(PageFileError) as info:
        decode_page_bytes(data, path, **kwargs)
    return info.value


# Accepted encodings


def test_utf8_page_is_decoded_as_utf8():
    page = decode_page_bytes(PAGE.encode("utf-8"), "p.txt")
    assert page == PageText(
        path="p.txt",
        text=PAGE,
        encoding="utf-8",
        sha256=hashlib.sha256(PAGE.encode("utf-8")).hexdigest(),
    )


def test_utf8_with_bom_is_reported_and_bom_is_stripped():
    data = codecs.BOM_UTF8 + PAGE.encode("utf-8")
    page = decode_page_bytes(data)
    assert page.encoding == "utf-8-sig"
    assert page.text == PAGE
    assert not page.text.startswith("\ufeff")
    assert page.sha256 == hashlib.sha256(data).hexdigest()


def test_gb18030_page_is_decoded():
    page = decode_page_bytes(PAGE.encode("gb18030"))
    assert page.encoding == "gb18030"
    assert page.text == PAGE


def test_gbk_only_characters_are_decoded_via_gb18030():
    for codec in ("gbk", "gb18030"):
        page = decode_page_bytes(GBK_ONLY.encode(codec))
        assert page.encoding == "gb18030"
        assert page.text == GBK_ONLY


def test_gb18030_four_byte_ideograph_is_decoded():
    text = "𠀀字库扩展B测试，第二版。\n"  # U+20000 needs a four-byte GB18030 sequence
    data = text.encode("gb18030")
    assert len(data) > len(text.encode("gbk", errors="ignore"))
    assert decode_page_bytes(data).text == text


def test_crlf_and_lone_cr_become_lf():
    data = "第一行\r\n第二行\r第三行\n".encode()
    page = decode_page_bytes(data)
    assert page.text == "第一行\n第二行\n第三行\n"
    assert page.sha256 == hashlib.sha256(data).hexdigest()


def test_crlf_is_normalised_in_gb18030_too():
    page = decode_page_bytes("标题\r\n正文\r\n".encode("gb18030"))
    assert (page.encoding, page.text) == ("gb18030", "标题\n正文\n")


def test_tab_and_form_feed_are_allowed():
    page = decode_page_bytes("栏目\t第一版\f第二版\n".encode())
    assert page.text == "栏目\t第一版\f第二版\n"


@given(st.text(alphabet=st.sampled_from("报纸新闻第版一二三，。、“”《》 ABC123\n\r"), min_size=1))
def test_any_chinese_text_round_trips_in_both_encodings(text):
    if not text.strip():
        return
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    assert decode_page_bytes(text.encode("utf-8")).text == expected
    data = text.encode("gb18030")
    if looks_like_chinese(text) and not _is_utf8(data):
        assert decode_page_bytes(data).text == expected


def _is_utf8(data: bytes) -> bool:
    """Very short GB18030 byte runs can also be valid UTF-8 ("一" is D2 BB), and UTF-8 wins."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# Refusals


def test_empty_file_is_refused_without_line():
    err = refusal(b"")
    assert err.message == "文件是空的"
    assert err.line is None
    assert str(err) == "page.txt：文件是空的"


def test_bom_only_file_counts_as_empty():
    assert refusal(codecs.BOM_UTF8).message == "文件是空的"


def test_whitespace_only_file_is_refused():
    err = refusal(" \r\n\t\n　\n".encode())
    assert err.message == "文件只有空白，没有文字"
    assert str(err) == "page.txt：文件只有空白，没有文字"


def test_nul_byte_is_refused_as_binary_with_its_line():
    err = refusal(b"line one\nline two\nbad\x00byte\n", "scan.txt")
    assert err.line == 3
    assert "不是文本" in err.message
    assert str(err) == "scan.txt 第3行：文件看起来不是文本（含有 NUL 字节），可能是图片或 PDF"


def test_nul_line_counts_crlf_breaks_once():
    assert refusal(b"a\r\nb\r\n\x00").line == 3


def test_png_header_is_refused_as_binary():
    err = refusal(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "不是文本" in err.message
    assert err.line == 3


def test_oversized_data_is_refused_with_sizes():
    err = refusal("新闻".encode() * 10, max_bytes=50)
    assert err.message == "文件大小 60 字节，超过上限 50 字节"
    assert err.line is None


def test_oversize_message_uses_megabytes():
    err = refusal(b"a" * (5 * 1024 * 1024 + 300_000))
    assert err.message == "文件大小 5.3 MB，超过上限 2.0 MB"


def test_oversize_message_falls_back_to_bytes_when_rounding_hides_the_difference():
    err = refusal(b"a" * (DEFAULT_MAX_BYTES + 1))
    assert err.message == f"文件大小 {DEFAULT_MAX_BYTES + 1} 字节，超过上限 {DEFAULT_MAX_BYTES} 字节"


def test_data_exactly_at_the_limit_is_accepted():
    assert decode_page_bytes(b"x" * 10, max_bytes=10).text == "x" * 10


@pytest.mark.parametrize("bom", [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
def test_utf16_is_refused_with_advice(bom):
    codec = "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"
    err = refusal(bom + "abc 新闻".encode(codec))
    assert err.message == "不支持 UTF-16 编码，请把文件另存为 UTF-8"
    assert "不是文本" not in str(err)


def test_high_bytes_that_are_not_chinese_are_refused():
    err = refusal(bytes(range(128, 256)) * 4, "latin.txt")
    assert err.line == 1
    assert "不是 UTF-8 或 GB18030" in err.message
    assert "0x80" in err.message
    assert str(err).startswith("latin.txt 第1行：不是 UTF-8 或 GB18030 文本")


def test_undecodable_line_is_where_utf8_first_fails():
    data = "第一行\n第二行\n".encode() + b"caf\xe9 au lait\n"
    err = refusal(data, "menu.txt")
    assert err.line == 3
    assert "0xE9" in err.message
    assert str(err).startswith("menu.txt 第3行：")


def test_bad_bytes_after_utf8_bom_are_located():
    err = refusal(codecs.BOM_UTF8 + b"ok\n\xff\n")
    assert err.line == 2
    assert "0xFF" in err.message


def test_valid_gb18030_that_is_not_chinese_is_refused():
    data = "안녕하세요 세계 뉴스".encode("gb18030")  # decodes, but contains no ideograph
    assert data.decode("gb18030")
    err = refusal(data)
    assert err.line == 1
    assert "不是 UTF-8 或 GB18030" in err.message


def test_private_use_area_gb18030_is_refused():
    data = b"\xaa\xa1" * 20 + "新闻".encode("gb18030")  # user-defined area maps to private use
    assert data.decode("gb18030")
    assert refusal(data).line == 1


@pytest.mark.parametrize("char", ["\x07", "\x0b", "\x1b", "\x7f", "\x85"])
def test_control_characters_are_refused_with_line(char):
    err = refusal(f"第一行\n第二行\r\n第三{char}行\n".encode(), "ctl.txt")
    assert err.line == 3
    assert f"U+{ord(char):04X}" in err.message
    assert str(err).startswith("ctl.txt 第3行：含有不允许的控制字符")


def test_control_character_in_gb18030_is_refused():
    err = refusal("标题\n正文\x1a\n".encode("gb18030"))
    assert (err.line, "U+001A" in err.message) == (2, True)


# Plausibility check


def test_looks_like_chinese_needs_an_ideograph():
    assert looks_like_chinese("新闻，ABC 123。")
    assert not looks_like_chinese("，。！")
    assert not looks_like_chinese("")


def test_looks_like_chinese_rejects_mostly_foreign_script():
    assert not looks_like_chinese("新" + "한" * 10)
    assert looks_like_chinese("新闻报道" * 3 + "한")


# Reading from disk


def test_read_page_file_reads_and_names_the_path(tmp_path):
    path = tmp_path / "p01.txt"
    path.write_bytes(PAGE.replace("\n", "\r\n").encode("gb18030"))
    page = read_page_file(path)
    assert page.path == str(path)
    assert page.encoding == "gb18030"
    assert page.text == PAGE
    assert page.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_read_page_file_accepts_str_path(tmp_path):
    path = tmp_path / "p02.txt"
    path.write_bytes(codecs.BOM_UTF8 + PAGE.encode())
    page = read_page_file(str(path))
    assert (page.encoding, page.text) == ("utf-8-sig", PAGE)


def test_read_page_file_refuses_oversize_with_full_size(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 5000)
    with pytest.raises(PageFileError) as info:
        read_page_file(path, max_bytes=1024)
    assert str(info.value) == f"{path}：文件大小 4.9 KB，超过上限 1.0 KB"


def test_read_page_file_errors_carry_path_and_line(tmp_path):
    path = tmp_path / "bin.txt"
    path.write_bytes(b"ok\nok\nok\nok\n\x00")
    with pytest.raises(PageFileError) as info:
        read_page_file(path)
    assert info.value.path == str(path)
    assert info.value.line == 5
    assert str(info.value).startswith(f"{path} 第5行：")


def test_read_page_file_missing_file_is_a_page_error(tmp_path):
    path = tmp_path / "missing.txt"
    with pytest.raises(PageFileError) as info:
        read_page_file(path)
    assert info.value.path == str(path)
    assert "无法读取文件" in info.value.message


def test_read_page_file_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(PageFileError, match="文件是空的"):
        read_page_file(path)


# Mixed encodings: one file, lines in two encodings


def _mixed(lines: list[str], odd: set[int], odd_codec: str, rest_codec: str) -> bytes:
    """Encode 1-based lines in ``odd`` with one codec and every other line with the other."""
    return b"\n".join(
        line.encode(odd_codec if number in odd else rest_codec) for number, line in enumerate(lines, start=1)
    )


MIXED_PAGE = [
    "## 老街区改造启动",
    "",
    "本报讯（记者 林 晓）某某区启动老街区改造。",
    "",
    "这一段是另一种编码保存的文字。",
    "",
]


def test_gb18030_file_with_one_utf8_line_is_refused_naming_the_line():
    data = _mixed(MIXED_PAGE, {5}, "utf-8", "gb18030")
    assert data.decode("gb18030", errors="replace") != "\n".join(MIXED_PAGE)  # read whole, line 5 is mojibake
    err = refusal(data, "02.txt")
    assert err.line == 5
    assert "编码混杂：第5行是 UTF-8 编码，而文件其余各行是 GB18030 编码" in err.message
    assert str(err).startswith("02.txt 第5行：编码混杂")


def test_a_utf8_line_that_decodes_as_gb18030_mojibake_is_refused():
    """这一段是后来补的 in UTF-8 is valid GB18030 too (杩欎竴娈垫槸…): it used to be stored like that."""
    lines = ["## 标题", "第一段用国标码保存。", "这一段是后来补的", ""]
    data = _mixed(lines, {3}, "utf-8", "gb18030")
    assert data.decode("gb18030").splitlines()[2] == "杩欎竴娈垫槸鍚庢潵琛ョ殑"  # what was stored before
    err = refusal(data)
    assert err.line == 3 and "第3行是 UTF-8 编码" in err.message


def test_utf8_file_with_one_gb18030_line_is_refused_naming_that_line():
    data = _mixed(MIXED_PAGE, {3}, "gb18030", "utf-8")
    err = refusal(data)
    assert err.line == 3
    assert "第3行是 GB18030 编码，而文件其余各行是 UTF-8 编码" in err.message


def test_several_odd_lines_are_all_named():
    lines = ["## 标题"] + [f"第{n}段正文，内容齐全。" for n in range(1, 9)]
    data = _mixed(lines, {3, 6}, "utf-8", "gb18030")
    err = refusal(data)
    assert err.line == 3 and "第3、6行" in err.message


def test_crlf_mixed_file_counts_lines_like_the_text():
    data = _mixed(MIXED_PAGE, {5}, "utf-8", "gb18030").replace(b"\n", b"\r\n")
    assert refusal(data).line == 5


def test_gb18030_line_that_is_valid_utf8_by_chance_is_not_called_mixed():
    """ "一" in GB18030 is D2 BB, valid UTF-8 for a Cyrillic letter: not a UTF-8 line of Chinese."""
    text = "## 一\n国务院召开常务会议，部署下一阶段经济工作。\n一\n"
    data = text.encode("gb18030")
    page = decode_page_bytes(data)
    assert (page.encoding, page.text) == ("gb18030", text)


def test_utf8_file_with_bom_and_one_gb18030_line_is_refused_as_mixed():
    data = codecs.BOM_UTF8 + _mixed(MIXED_PAGE, {3}, "gb18030", "utf-8")
    err = refusal(data)
    assert err.line == 3 and "第3行是 GB18030 编码" in err.message
