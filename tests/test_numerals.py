"""Page numbers, Chinese numerals and dates as newspapers print them."""

import datetime as dt

import pytest

from archive.parsing import page_key, page_key_from_filename, split_page_key
from archive.parsing.numerals import cn_to_int, parse_cn_date


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("三", 3),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十一", 21),
        ("一〇三", 103),
        ("０３", 3),
        ("x", None),
    ],
)
def test_cn_to_int(text, value):
    assert cn_to_int(text) == value


@pytest.mark.parametrize(
    ("text", "key"),
    [("03", 3), ("3", 3), ("三", 3), ("A3", "A3"), ("Ａ０３", "A3"), ("a3", "A3"), ("0", None), ("版", None)],
)
def test_page_key(text, key):
    assert page_key(text) == key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("01.txt", 1),
        ("pages/2026-04-27_p03.txt", 3),
        ("某某报-03版.txt", 3),
        ("A3.txt", "A3"),
        ("page12.txt", 12),
        ("front.txt", None),
    ],
)
def test_page_key_from_filename(name, key):
    assert page_key_from_filename(name) == key


def test_split_page_key_round_trip():
    assert split_page_key(3) == ("", 3)
    assert split_page_key("A3") == ("A", 3)
    with pytest.raises(ValueError):
        split_page_key("three")


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2025年10月29日", dt.date(2025, 10, 29)),
        ("二〇二五年十月二十九日", dt.date(2025, 10, 29)),
        ("2025年2月30日", None),
        ("去年10月", None),
    ],
)
def test_parse_cn_date(text, date):
    assert parse_cn_date(text) == date


def test_page_label_reads_every_printed_form_and_writes_one():
    from archive.parsing import PageLabel

    assert str(PageLabel.parse("3")) == "03"
    assert str(PageLabel.parse("三")) == "03"
    assert str(PageLabel.parse("Ａ０３")) == "A3"
    assert PageLabel.parse("A3").display == "A3版"
    assert PageLabel.parse("A3").key == "A3" and PageLabel.parse(3).key == 3
    assert PageLabel.parse("0") is None and PageLabel.parse("1000") is None and PageLabel.parse("X") is None


def test_page_label_from_filename_and_the_key_helpers_agree():
    from archive.parsing import PageLabel

    assert PageLabel.from_filename("pages/2026-04-27_p03.txt") == PageLabel("", 3)
    assert PageLabel.from_filename("A3.txt") == PageLabel("A", 3)
    assert PageLabel.from_filename("front.txt") is None
    assert split_page_key(PageLabel("A", 3)) == ("A", 3)
    assert page_key(PageLabel("", 7)) == 7


def test_parsed_page_and_markers_carry_page_labels_but_print_keys():
    from archive.parsing import PageLabel, parse_page

    page = parse_page("## 标题\n\n正文没有写完（下转A3版）\n", page="a1")
    assert page.number == PageLabel("A", 1)
    assert page.articles[0].continues_to == PageLabel("A", 3)
    data = page.to_json()
    assert data["page"]["number"] == "A1"
    assert data["articles"][0]["continues_to"] == "A3"
    assert data["articles"][0]["markers"][0]["page"] == "A3"
    with pytest.raises(ValueError):
        parse_page("正文。", page="第一千版")
