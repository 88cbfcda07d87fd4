"""The export is the parser's JSON plus ids and links, so an imported issue round-trips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archive.models import ContinuationLink, Issue, Publication
from archive.parsing import parse_page
from editorial.exporting import PARSER_KEYS, export_issue
from editorial.importing import import_issue
from tests.test_import import DATE, SAMPLE_ISSUE, source

pytestmark = pytest.mark.django_db

PAGE_ONE = """\
## 中共中央办公厅国务院办公厅 关于加强新就业群体服务管理的意见

(2025年10月29日)

新就业群体是社会主义劳动者的重要组成部分。

### 一、总体要求

坚持和加强党的全面领导，健全工作机制，强化统筹协调，注重综合服

务，加强思想政治引领。(下转03版)

## 开放合作 提升服务业国际竞争力影响力

### ——学习贯彻习近平总书记就服务业发展作出重要指示精神系列述评

服务业是国际经贸合作的重要领域。

敞开大门谋合作，拥抱世界赢发展。(新华社北京4月26日电)

### 委员履职“服务为民”

## 致敬环卫劳动者 保障权益送温暖

### 陈雍参加委员履职“服务为民”活动 带队走访慰问困难环卫工人

本报讯(记者 单 瑞)4月25日，自治区政协开展“致敬环卫劳动者 保障权益送温暖”活动。

## 书香沁政协 履职增动能

### ——自治区政协以读书活动厚植委员履职根基

本报记者 李 莹

春风送暖，书香正浓。

**理论引领 让读书成为履职“必修课”**

读书不仅是个人修养的需要，更是提升履职能力的必由之路。(下转02版)
"""

PAGE_TWO = """\
## 书香沁政协

(上接01版)

委员们在阅读中凝聚共识。
"""


@pytest.fixture
def imported(db):
    """Page 01 and 02 imported: one jump linked, one (to 03版) left unmatched."""
    publication = Publication.objects.create(name="某某报", slug="moumou")
    import_issue(publication, DATE, [(1, source(PAGE_ONE, "01.txt")), (2, source(PAGE_TWO, "02.txt"))])
    return Issue.objects.get()


def exported_articles(data: dict, page) -> list[dict]:
    """The page's articles with only the parser's keys, to compare with parse_page."""
    page_data = next(p for p in data["pages"] if p["number"] == page)
    return [{k: a[k] for k in PARSER_KEYS} for a in page_data["articles"]]


def test_export_articles_equal_parse_page_output(imported):
    data = json.loads(json.dumps(export_issue(imported), ensure_ascii=False))
    for number, text in ((1, PAGE_ONE), (2, PAGE_TWO)):
        parsed = json.loads(json.dumps(parse_page(text, page=number).to_json(), ensure_ascii=False))
        assert exported_articles(data, number) == parsed["articles"]
        page = next(p for p in data["pages"] if p["number"] == number)
        assert {k: page[k] for k in ("number", "name", "credits")} == parsed["page"]


def test_export_header_links_and_unmatched(imported):
    data = export_issue(imported)
    assert (data["publication"], data["date"], data["status"]) == ("moumou", "2026-04-27", "imported")
    assert [p["number"] for p in data["pages"]] == [1, 2]
    ids = {a["headline"]: a["id"] for p in data["pages"] for a in p["articles"]}
    assert data["links"] == [
        {"from": ids["书香沁政协 履职增动能"], "to": ids["书香沁政协"], "status": "auto"}
    ]
    first = ids["中共中央办公厅国务院办公厅 关于加强新就业群体服务管理的意见"]
    assert data["unmatched_markers"] == [{"article": first, "marker": "(下转03版)", "page": 3}]
    article = data["pages"][0]["articles"][0]
    assert (article["id"], article["page"]) == (first, 1)


def test_export_shows_editor_decisions_and_text(imported):
    ContinuationLink.objects.filter(status="auto").update(status="confirmed")
    article = imported.articles.get(headline="书香沁政协")
    article.section = ""
    article.body = [*article.body, {"kind": "caption", "text": "图为读书活动现场。"}]
    article.save()
    data = export_issue(imported)
    assert data["links"][0]["status"] == "confirmed"
    exported = next(a for a in data["pages"][1]["articles"] if a["id"] == article.pk)
    assert exported["section"] is None
    assert exported["paragraphs"][-1] == "图为读书活动现场。"


def test_export_query_count_does_not_grow_with_articles(imported, django_assert_max_num_queries):
    # One query per part: paper, pages, articles, bylines, markers, tags, errata, flags, links,
    # import records, publication events.
    with django_assert_max_num_queries(11) as captured:
        export_issue(imported)
    small = len(captured)
    extra = "\n".join(
        f"## 第{i}篇\n\n本报讯(记者 张{i})正文{i}。(下转0{i % 3 + 2}版)\n" for i in range(1, 10)
    )
    import_issue(imported.publication, DATE, [(3, source(extra, "03.txt"))])
    with django_assert_max_num_queries(small):
        export_issue(imported)


def test_export_round_trips_the_sample_issue(db):
    if not SAMPLE_ISSUE.is_dir():
        pytest.skip(f"{SAMPLE_ISSUE} not present")
    from archive.parsing import page_key_from_filename
    from editorial.textio import read_page_file

    publication = Publication.objects.create(name="某某报", slug="moumou")
    files = [
        (page_key_from_filename(p.name), read_page_file(p)) for p in sorted(Path(SAMPLE_ISSUE).glob("*.txt"))
    ]
    import_issue(publication, DATE, files)
    data = json.loads(json.dumps(export_issue(Issue.objects.get()), ensure_ascii=False))
    for key, page in files:
        parsed = json.loads(json.dumps(parse_page(page.text, page=key).to_json(), ensure_ascii=False))
        assert exported_articles(data, key) == parsed["articles"]
    assert len(data["links"]) == 4
    assert data["unmatched_markers"] == []
