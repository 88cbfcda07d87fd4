"""Continuation matching: by headline, not by order; weak fits proposed; editors' decisions left alone."""

from __future__ import annotations

import pytest

from archive.models import Article, ContinuationLink, ContinuationMarker, Issue
from editorial.importing import ImportRefused, import_parsed
from editorial.linking import continuation_chain, dice, headline_fit, link_issue, normalise_title
from tests.test_import import DATE, page_input, parsed_article

LinkStatus = ContinuationLink.Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def publication():
    """The paper every test imports into."""
    from archive.models import Publication

    return Publication.objects.create(name="某某报", slug="moumou")


def marker_of(headline: str, kind: str) -> ContinuationMarker:
    """The one marker of this kind on the article with this headline."""
    return ContinuationMarker.objects.get(article__headline=headline, kind=kind)


def link_state() -> list[tuple]:
    """Every link row, to compare before and after a re-link."""
    return list(ContinuationLink.objects.order_by("pk").values_list("pk", "jump", "back", "status"))


def link_of(marker: ContinuationMarker) -> ContinuationLink | None:
    """The marker's active link, read fresh."""
    return ContinuationMarker.objects.with_links().get(pk=marker.pk).active_link


def partner(marker: ContinuationMarker) -> Article | None:
    """The article on the other side of the marker's active link."""
    link = link_of(marker)
    return None if link is None else marker.partner_of(link).article


# Pure scoring


def test_normalise_title_folds_width_and_drops_punctuation():
    assert normalise_title("“书香”沁政协，履职 增动能！") == normalise_title('"书香"沁政协,履职增动能!')
    assert normalise_title("ＡＢＣ１２３　政协") == "abc123政协"


def test_dice_scores_shared_bigrams():
    assert dice("书香政协", "书香政协") == 1.0
    assert dice("书香政协", "环卫工人") == 0.0
    assert 0 < dice("书香沁政协", "书香政协") < 1


def test_shortened_headline_counts_as_contained():
    first = Article(headline="让阅读成为习惯 让书香溢满政协", kicker="", subtitle="")
    second = Article(headline="让阅读成为习惯", kicker="", subtitle="")
    assert headline_fit(first, second)[1] is True
    unrelated = Article(headline="环卫工人", kicker="", subtitle="")
    assert headline_fit(first, unrelated) == (0.0, False)


# Linking in the database


def three_jumps_to_page_two(publication, page_two_order=("培训班", "阅读", "书香")):
    """The sample's shape: three pieces on 01版 jump to 02版, whose back lines come in another order."""
    one = page_input(
        1,
        [
            parsed_article(
                "书香沁政协 履职增动能", subtitle_lines=["——自治区政协以读书活动厚植委员履职根基"], to=[2]
            ),
            parsed_article("让阅读成为习惯 让书香溢满政协 自治区政协文史委开展委员读书活动", to=[2]),
            parsed_article("自治区政协第八期委员学习培训班结业", to=[2]),
        ],
    )
    backs = {
        "培训班": parsed_article("自治区政协第八期委员学习培训班结业", from_=[1]),
        "阅读": parsed_article("让阅读成为习惯", from_=[1]),
        "书香": parsed_article("书香沁政协", from_=[1]),
    }
    two = page_input(2, [backs[k] for k in page_two_order])
    return import_parsed(publication, DATE, [one, two])


def test_jumps_are_matched_by_headline_not_by_order(publication):
    summary = three_jumps_to_page_two(publication)
    assert summary.unmatched_markers == 0
    for headline, continuation in [
        ("书香沁政协 履职增动能", "书香沁政协"),
        ("让阅读成为习惯 让书香溢满政协 自治区政协文史委开展委员读书活动", "让阅读成为习惯"),
    ]:
        jump, back = marker_of(headline, "jump"), marker_of(continuation, "back")
        link = link_of(jump)
        assert (link.jump, link.back, link.status) == (jump, back, LinkStatus.AUTO)
    training = Article.objects.filter(headline="自治区政协第八期委员学习培训班结业")
    first, second = training.order_by("page__number")
    assert partner(marker_of_article(first, "jump")) == second


def marker_of_article(article: Article, kind: str) -> ContinuationMarker:
    """The one marker of this kind on an article."""
    return article.markers.get(kind=kind)


def test_every_order_of_backs_gives_the_same_pairs(publication):
    three_jumps_to_page_two(publication, ("书香", "培训班", "阅读"))
    pairs = {
        (link.jump.article.headline, link.back.article.headline) for link in ContinuationLink.objects.all()
    }
    assert ("书香沁政协 履职增动能", "书香沁政协") in pairs
    assert ("让阅读成为习惯 让书香溢满政协 自治区政协文史委开展委员读书活动", "让阅读成为习惯") in pairs


def test_weak_fit_is_only_proposed(publication):
    one = page_input(1, [parsed_article("致敬环卫劳动者 保障权益送温暖", to=[3])])
    three = page_input(3, [parsed_article("", from_=[1])])
    import_parsed(publication, DATE, [one, three])
    link = ContinuationLink.objects.get()
    assert link.status == LinkStatus.PROPOSED
    assert link.back.article.page.number == 3


def test_back_line_must_name_the_jump_page(publication):
    one = page_input(1, [parsed_article("书香沁政协", to=[2])])
    two = page_input(2, [parsed_article("书香沁政协", from_=[5])])
    summary = import_parsed(publication, DATE, [one, two])
    assert summary.unmatched_markers == 2
    assert not ContinuationLink.objects.exists()


def test_two_equally_good_continuations_are_not_linked_automatically(publication):
    one = page_input(1, [parsed_article("书香沁政协", to=[2])])
    two = page_input(2, [parsed_article("书香沁政协", from_=[1]), parsed_article("书香沁政协", from_=[1])])
    summary = import_parsed(publication, DATE, [one, two])
    assert ContinuationLink.objects.get().status == LinkStatus.PROPOSED
    assert summary.unmatched_markers == 1  # the second back line


def test_lettered_pages_link(publication):
    one = page_input("A1", [parsed_article("书香沁政协 履职增动能", to=["A3"])])
    three = page_input("A3", [parsed_article("书香沁政协", from_=["A1"])])
    assert import_parsed(publication, DATE, [one, three]).unmatched_markers == 0
    assert ContinuationLink.objects.get().status == LinkStatus.AUTO


def test_relinking_is_idempotent_and_leaves_decisions_alone(publication):
    three_jumps_to_page_two(publication)
    issue = Issue.objects.get()
    confirmed = link_of(marker_of("书香沁政协 履职增动能", "jump"))
    confirmed.confirm(None)
    rejected = link_of(marker_of("让阅读成为习惯", "back"))
    rejected.reject(None)
    before = link_state()
    reading = [rejected.jump, marker_of("让阅读成为习惯", "back")]

    assert link_issue(issue) == reading  # free again, but the rejected pair is not proposed again
    assert link_issue(issue) == reading

    assert link_state() == before
    confirmed.refresh_from_db()
    assert confirmed.status == LinkStatus.CONFIRMED


def test_a_rejected_pair_is_not_proposed_again(publication):
    one = page_input(1, [parsed_article("书香沁政协", to=[2]), parsed_article("完全不同的文章", to=[2])])
    two = page_input(2, [parsed_article("书香沁政协", from_=[1])])
    import_parsed(publication, DATE, [one, two])
    good_jump = marker_of("书香沁政协", "jump")
    first = link_of(good_jump)
    first.reject(None)  # the editor rejects the pair; both markers are free again

    unmatched = link_issue(Issue.objects.get())

    first.refresh_from_db()
    assert first.status == LinkStatus.REJECTED
    second = link_of(first.back)
    assert second.jump.article.headline == "完全不同的文章"
    assert second.status == LinkStatus.PROPOSED
    assert unmatched == [good_jump]


def test_unmatched_markers_are_returned_in_page_order(publication):
    one = page_input(1, [parsed_article("甲", to=[3]), parsed_article("乙", to=[4])])
    two = page_input(2, [parsed_article("丙", from_=[9])])
    import_parsed(publication, DATE, [one, two])
    unmatched = link_issue(Issue.objects.get())
    assert [m.text for m in unmatched] == ["(下转03版)", "(下转04版)", "(上接09版)"]


# Reading a chain


def test_continuation_chain_follows_auto_and_confirmed_links_both_ways(publication):
    one = page_input(1, [parsed_article("书香沁政协 履职增动能", to=[2])])
    two = page_input(2, [parsed_article("书香沁政协", from_=[1], to=[3])])
    three = page_input(3, [parsed_article("书香沁政协", from_=[2])])
    import_parsed(publication, DATE, [one, two, three])
    parts = list(Article.objects.order_by("page__number"))
    ids = [p.pk for p in parts]

    for part in parts:
        assert continuation_chain(part) == ids

    ContinuationLink.objects.filter(jump__article=parts[1]).update(status=LinkStatus.PROPOSED)
    assert continuation_chain(parts[0]) == ids[:2]
    assert continuation_chain(parts[2]) == ids[2:]


def test_continuation_chain_survives_a_cycle(publication):
    one = page_input(1, [parsed_article("书香沁政协", to=[2], from_=[2])])
    two = page_input(2, [parsed_article("书香沁政协", to=[1], from_=[1])])
    import_parsed(publication, DATE, [one, two])
    first, second = Article.objects.order_by("page__number")
    assert continuation_chain(first) in ([first.pk, second.pk], [second.pk, first.pk])
    assert len(continuation_chain(second)) == 2


def test_a_decision_survives_a_reimport_that_changes_the_headline(publication):
    one = page_input(1, [parsed_article("书香沁政协 履职增动能", to=[2])])
    two = page_input(2, [parsed_article("书香沁政协", from_=[1])], text="v1")
    import_parsed(publication, DATE, [one, two])
    ContinuationLink.objects.get().confirm(None)
    back_id = ContinuationLink.objects.get().back_id

    renamed = page_input(2, [parsed_article("书香沁政协履职", from_=[1])], text="v2")
    import_parsed(publication, DATE, [renamed])

    link = ContinuationLink.objects.with_markers().get()
    assert (link.status, link.back.article.headline) == (LinkStatus.CONFIRMED, "书香沁政协履职")
    assert link.back_id == back_id  # the marker was updated in place, not replaced


def test_a_reimport_that_would_drop_a_decision_is_refused_not_lost(publication):
    one = page_input(1, [parsed_article("书香沁政协 履职增动能", to=[2])])
    two = page_input(2, [parsed_article("书香沁政协", from_=[1])], text="v1")
    import_parsed(publication, DATE, [one, two])
    ContinuationLink.objects.get().confirm(None)

    other = page_input(2, [parsed_article("另一篇文章", ("完全不同的正文。",), from_=[1])], text="v2")
    with pytest.raises(ImportRefused) as info:
        import_parsed(publication, DATE, [other])
    assert "02版" in str(info.value) and "《书香沁政协》" in str(info.value)
    assert ContinuationLink.objects.get().status == LinkStatus.CONFIRMED
