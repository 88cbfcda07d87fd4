"""The shared segmentation module keeps the newsroom's terms whole, and its fast path is jieba's.

``cut``/``cut_for_search`` send blocks without user-dictionary words to rjieba and the rest to
jieba; the identity tests below compare that hybrid with jieba alone (same tokenizer, same user
dictionary, words added at run time included) on every paragraph the repository has and on
generated mixes of them.
"""

import json
from pathlib import Path

import pytest
import rjieba
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.text import segmenting

ROOT = Path(__file__).resolve().parent.parent

# Words the archive might teach: names, organisations, places, terms with digits and Latin.
ARCHIVE_WORDS = [
    "李莹",
    "陈雍",
    "范文杰",
    "严玉华",
    "书香政协",
    "某某区民政局",
    "某某湾新区",
    "委员读书活动",
    "COVID-19",
    "G20峰会",
    "3.5亿",
    "5G基站",
    "www.example.gov.cn",
    "银川市政协",
]
# Enough made-up names to pass segmenting.RECENT_LIMIT, so the compiled pattern is exercised too.
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"
NAMES = [s + g1 + g2 for s in SURNAMES for g1, g2 in zip(GIVEN, GIVEN[3:] + GIVEN[:3], strict=True)]


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _paragraphs() -> list[str]:
    texts = [p.read_text(encoding="utf-8-sig") for p in sorted((ROOT / "samples").glob("**/*.txt"))]
    texts += [p.read_text(encoding="utf-8-sig") for p in sorted((ROOT / "tests/golden").glob("*/input.txt"))]
    lines = [line for text in texts for line in text.splitlines() if line.strip()]
    for path in sorted((ROOT / "tests/golden").glob("*/expected.json")):
        lines += [s for s in _strings(json.loads(path.read_text(encoding="utf-8"))) if len(s) > 1]
    return sorted(set(lines))


PARAGRAPHS = _paragraphs()


@pytest.fixture(scope="module")
def seg():
    """A segmenter of its own (the process's one is shared with other tests), with archive words."""
    s = segmenting.Segmenter()
    s.add_words(ARCHIVE_WORDS, tag="nt")
    s.add_words(NAMES, tag="nr")
    return s


def assert_same_as_jieba(seg, text):
    assert seg.cut(text) == seg.jieba_cut(text), text
    assert seg.cut_for_search(text) == seg.jieba_cut_for_search(text), text


def test_newsroom_terms_stay_whole():
    words = segmenting.cut("保障新就业群体权益，自治区政协召开会议")
    assert "新就业群体" in words
    assert "自治区政协" in words


def test_search_mode_also_yields_the_shorter_words_inside():
    words = segmenting.cut_for_search("发展服务业")
    assert "服务" in words and "服务业" in words


def test_punctuation_is_not_a_word():
    assert segmenting.cut("，。！") == []
    assert segmenting.cut("") == segmenting.cut_for_search(None) == []


def test_added_words_are_kept_whole():
    segmenting.add_words(["李莹"])
    assert "李莹" in segmenting.cut("记者李莹报道")


def test_the_corpus_is_there():
    assert len(PARAGRAPHS) > 500
    assert any("自治区政协" in p for p in PARAGRAPHS)


def test_every_sample_and_golden_paragraph_cuts_as_jieba_does(seg):
    assert len(seg.tokenizer.user_words) > segmenting.RECENT_LIMIT
    for paragraph in PARAGRAPHS:
        assert_same_as_jieba(seg, paragraph)


def test_whole_pages_cut_as_jieba_does(seg):
    for path in sorted((ROOT / "samples").glob("**/*.txt")):
        assert_same_as_jieba(seg, path.read_text(encoding="utf-8-sig"))


# Pieces that stress the places where the engines could part: Latin runs joined by - _ . (rjieba
# keeps COVID-19 whole, jieba does not), decimals and percentages, full-width digits and rare Han
# outside jieba's blocks (one token per character in jieba), spaces, newlines and punctuation.
TRICKY = [
    "COVID-19",
    "a_b",
    "www.example.gov.cn",
    "3.5%",
    "0.7.8",
    "12.5亿元",
    "v2.0版",
    "G20",
    "C++",
    "AT&T",
    "１２３",
    "㐀",
    "\u9fd6",
    "鿿",
    "Ⅻ",
    "②",
    " ",
    "\u3000",
    "\n",
    "\r\n",
    "，",
    "。",
    "——",
    "·",
    "-",
    ".",
    "_",
    "%",
]
piece = st.one_of(
    st.sampled_from(PARAGRAPHS)
    .flatmap(lambda p: st.tuples(st.just(p), st.integers(0, len(p)), st.integers(0, 40)))
    .map(lambda t: t[0][t[1] : t[1] + t[2]]),
    st.sampled_from(ARCHIVE_WORDS + NAMES[:20]),
    st.sampled_from(TRICKY),
    st.from_regex(r"[0-9]{1,6}", fullmatch=True),
    st.from_regex(r"[A-Za-z]{1,8}", fullmatch=True),
    st.text(alphabet="0123456789abcXY.-_%+#&新就业群体自治区政协委员会客室李莹", max_size=12),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(piece, min_size=1, max_size=12).map("".join))
def test_generated_mixes_cut_as_jieba_does(seg, text):
    assert_same_as_jieba(seg, text)


def test_words_added_at_run_time_cut_as_jieba_does():
    s = segmenting.Segmenter()
    text = "\n".join(p for p in PARAGRAPHS if "政协" in p)
    assert_same_as_jieba(s, text)
    s.add_words(["书香政协", "读书活动"])  # a few: checked as recent words
    assert s.blocks("书香政协读书活动") == [("书香政协读书活动", "jieba")]
    assert_same_as_jieba(s, text)
    s.add_words(NAMES)  # many: compiled into the pattern at the next cut
    assert_same_as_jieba(s, text)
    assert "书香政协" in s.cut("推进书香政协建设")


def test_blocks_without_dictionary_words_go_to_rjieba(seg, monkeypatch):
    calls = []

    def counting(text):
        calls.append(text)
        return rjieba.cut(text)

    monkeypatch.setattr(segmenting, "_rjieba_cut", counting)
    text = "今天天气很好，我们去公园散步。"
    assert seg.blocks(text) == [("今天天气很好", "rjieba"), ("我们去公园散步", "rjieba")]
    assert seg.cut(text) == seg.jieba_cut(text)
    assert calls == ["今天天气很好\n我们去公园散步"]  # one call for both blocks

    # Across the sample pages most blocks, and so most of the text, are cut by rjieba.
    engines = [engine for p in PARAGRAPHS for _, engine in seg.blocks(p)]
    assert engines.count("rjieba") > 0.8 * len(engines)


def test_a_block_with_a_dictionary_word_goes_to_jieba_and_keeps_it_whole(seg, monkeypatch):
    calls = []
    monkeypatch.setattr(segmenting, "_rjieba_cut", lambda text: calls.append(text) or rjieba.cut(text))
    text = "委员会客室开放，某某区民政局发布通知"
    assert seg.blocks(text) == [("委员会客室开放", "jieba"), ("某某区民政局发布通知", "jieba")]
    words = seg.cut(text)
    assert "委员会客室" in words and "某某区民政局" in words
    assert calls == []
    # rjieba alone, without the user dictionary, would have cut both apart.
    assert "委员会客室" not in rjieba.cut(text) and "某某区民政局" not in rjieba.cut(text)


def test_latin_joined_by_hyphen_goes_to_jieba():
    """rjieba keeps COVID-19 whole where jieba cuts it: such blocks must not reach rjieba."""
    s = segmenting.segmenter()
    assert rjieba.cut("COVID-19疫情") != s.tokenizer.lcut("COVID-19疫情")
    assert s.blocks("COVID-19疫情，增长3.5%") == [("COVID-19疫情", "jieba"), ("增长3.5%", "rjieba")]
    assert segmenting.cut("COVID-19疫情") == segmenting.jieba_cut("COVID-19疫情")


def test_adding_words_leaves_other_text_scored_as_before():
    s = segmenting.Segmenter(user_dictionary=None)
    total = s.tokenizer.total
    s.add_words([*NAMES, "新就业群体"])
    assert s.tokenizer.total == total
    # A word jieba already cuts whole keeps its frequency (jieba would raise it) and is no user word.
    before = s.tokenizer.FREQ["服务业"]
    s.add_words(["服务业"], tag="n")
    assert s.tokenizer.FREQ["服务业"] == before and "服务业" not in s.tokenizer.user_words
