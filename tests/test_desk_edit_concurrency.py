"""Two editors saving the same article at once: one UPDATE ... WHERE version = ... wins, the other is refused."""

import threading

import pytest
from django.db import connection, transaction

from archive.models import Article
from editorial.revisions import StaleEdit, save_article
from tests.desk_edit_support import make_article


@pytest.mark.django_db
def test_stale_version_writes_nothing():
    article = make_article()
    first, second = Article.objects.get(pk=article.pk), Article.objects.get(pk=article.pk)
    first.headline, second.headline = "甲改的标题", "乙改的标题"
    save_article(first, 1, ["headline"], None, "甲")
    with pytest.raises(StaleEdit):
        save_article(second, 1, ["headline"], None, "乙")
    article.refresh_from_db()
    assert (article.headline, article.version) == ("甲改的标题", 2)
    assert list(article.history.order_by("history_id").values_list("history_change_reason", flat=True)) == [
        "导入",
        "甲",
    ]


@pytest.mark.django_db(transaction=True)
def test_two_connections_one_save_is_refused():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: SQLite locks the whole file, so two writers never overlap in one UPDATE"
        )
    article = make_article()
    first_wrote, second_started = threading.Event(), threading.Event()
    outcome: dict[str, str] = {}

    def editor(name: str, headline: str):
        try:
            mine = Article.objects.get(pk=article.pk)  # both forms were loaded at version 1
            mine.headline = headline
            if name == "乙":
                assert first_wrote.wait(10)
                second_started.set()
            with transaction.atomic():
                try:
                    save_article(mine, 1, ["headline"], None, f"{name}改标题")
                    outcome[name] = "saved"
                except StaleEdit:
                    outcome[name] = "refused"
                if name == "甲":
                    # Hold the row lock (transaction open) until the other editor's UPDATE is waiting on it.
                    first_wrote.set()
                    assert second_started.wait(10)
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT pg_sleep(0.5)")
        except Exception as error:  # reported below; a thread's exception would otherwise vanish
            outcome[name] = f"error: {error!r}"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=editor, args=args) for args in (("甲", "甲的标题"), ("乙", "乙的标题"))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcome == {"甲": "saved", "乙": "refused"}
    article.refresh_from_db()
    assert (article.headline, article.version) == ("甲的标题", 2)
    reasons = list(article.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert reasons == ["导入", "甲改标题"]
