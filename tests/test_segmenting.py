"""The shared segmentation module keeps the newsroom's terms whole."""

from archive.text import segmenting


def test_newsroom_terms_stay_whole():
    words = segmenting.cut("保障新就业群体权益，自治区政协召开会议")
    assert "新就业群体" in words
    assert "自治区政协" in words


def test_search_mode_also_yields_the_shorter_words_inside():
    words = segmenting.cut_for_search("发展服务业")
    assert "服务" in words and "服务业" in words


def test_punctuation_is_not_a_word():
    assert segmenting.cut("，。！") == []


def test_added_words_are_kept_whole():
    segmenting.add_words(["李莹"])
    assert "李莹" in segmenting.cut("记者李莹报道")
