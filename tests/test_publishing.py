"""Publishing: the workflow's states, the gate and its override, one event per step, constant queries."""

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Article, ContinuationLink, ContinuationMarker, Issue, Page, Publication, Status
from editorial import workflow
from editorial.models import ArticleFlag, PublicationEvent
from editorial.roles import CHIEF, EDITOR, make_staff
from editorial.workflow import TransitionRefused

pytestmark = pytest.mark.django_db
DATE = dt.date(2026, 4, 27)


def make_issue(articles=2, date=DATE, slug="moumou", clean=True) -> Issue:
    """An issue of one page in review; unless clean, one unlinked jump, one proposed link and a flag."""
    pub, _ = Publication.objects.get_or_create(slug=slug, defaults={"name": f"报{slug}"})
    issue = Issue.objects.create(publication=pub, date=date, status=Status.REVIEW)
    page = Page.objects.create(issue=issue, number=1, name="要闻")
    Article.objects.bulk_create(
        Article(
            issue=issue, page=page, order=n, headline=f"稿件{n}", body=[{"kind": "paragraph", "text": "正文"}]
        )
        for n in range(1, articles + 1)
    )
    if not clean:
        first, second = Article.objects.filter(issue=issue).order_by("order")[:2]
        second.flags = [{"kind": "doubled_char", "text": "不不"}]
        Article.objects.filter(pk=second.pk).update(flags=second.flags)
        ArticleFlag.objects.sync_for([second])
        ContinuationMarker.objects.create(article=first, kind="jump", text="(下转03版)", page_number=3)
        jump = ContinuationMarker.objects.create(
            article=first, kind="jump", text="(下转02版)", page_number=2, order=2
        )
        back = ContinuationMarker.objects.create(
            article=second, kind="back", text="(上接01版)", page_number=1
        )
        ContinuationLink.objects.create(jump=jump, back=back, status=ContinuationLink.Status.PROPOSED)
    return issue


def user_in(role, name=None):
    user, _ = make_staff(name or f"u-{role}", role, "x-pass-9876")
    return get_user_model().objects.get(pk=user.pk)  # fresh, so the permission cache is empty


def test_the_gate_lists_every_reason_in_chinese():
    issue = make_issue(clean=False)
    problems = workflow.publication_problems(issue)
    assert problems == [
        "有 1 个转版标记尚未关联：01版《稿件1》(下转03版)",
        "有 1 个转版关联待确认：01版《稿件1》(下转02版)",
        "有 1 篇文章的待核查标记尚未处理：01版《稿件2》",
    ]
    with pytest.raises(TransitionRefused) as refused:
        workflow.publish(issue, user_in(CHIEF))
    assert refused.value.reasons == problems
    issue.refresh_from_db()
    assert issue.status == Status.REVIEW and not PublicationEvent.objects.exists()
    assert not Article.objects.published().exists()


def test_the_gate_names_a_few_and_counts_the_rest():
    issue = make_issue(articles=8)
    Article.objects.filter(issue=issue).update(flags=[{"kind": "x", "text": "y"}])
    ArticleFlag.objects.sync_for(Article.objects.filter(issue=issue))
    (problem,) = workflow.publication_problems(issue)
    assert problem.startswith("有 8 篇文章的待核查标记尚未处理：01版《稿件1》、01版《稿件2》")
    assert problem.endswith("等 8 处") and problem.count("《") == workflow.EXAMPLES


def test_a_chief_overrides_with_a_reason_and_it_is_recorded():
    issue = make_issue(clean=False)
    chief = user_in(CHIEF)
    event = workflow.publish(issue, chief, override_reason="  突发新闻，转版稍后补链  ")
    issue.refresh_from_db()
    assert issue.status == Status.PUBLISHED and issue.is_published
    assert (event.user, event.action, event.override_reason) == (chief, "publish", "突发新闻，转版稍后补链")
    assert len(event.problems) == 3 and event.overridden
    assert Article.objects.published().count() == 2


def test_an_editor_may_neither_publish_nor_override():
    issue = make_issue()
    editor = user_in(EDITOR)
    with pytest.raises(TransitionRefused, match="没有发布期次的权限"):
        workflow.publish(issue, editor)
    dirty = make_issue(clean=False, slug="other")
    with pytest.raises(TransitionRefused, match="没有发布期次的权限"):
        workflow.publish(dirty, editor, override_reason="我想发")
    assert not Issue.objects.published().exists()


def test_first_publication_time_is_kept_through_withdraw_and_republish():
    issue = make_issue()
    first = workflow.publish(issue)
    issue.refresh_from_db()
    assert issue.published_at == issue.last_published_at == first.at
    workflow.withdraw(issue)
    assert issue.status == Status.WITHDRAWN and issue.published_at == first.at
    assert not Article.objects.published().exists()
    again = workflow.publish(issue)
    assert issue.published_at == first.at and issue.last_published_at == again.at > first.at
    workflow.return_to_review(issue)
    assert issue.status == Status.REVIEW and issue.published_at == first.at
    actions = list(issue.publication_events.order_by("pk").values_list("action", "from_status", "to_status"))
    assert actions == [
        ("publish", "review", "published"),
        ("withdraw", "published", "withdrawn"),
        ("publish", "withdrawn", "published"),
        ("return_to_review", "published", "review"),
    ]


@pytest.mark.parametrize(
    ("status", "step", "allowed"),
    [
        (Status.IMPORTED, workflow.send_to_review, True),
        (Status.REVIEW, workflow.send_to_review, False),
        (Status.IMPORTED, workflow.publish, False),
        (Status.PUBLISHED, workflow.publish, False),
        (Status.REVIEW, workflow.withdraw, False),
        (Status.IMPORTED, workflow.return_to_review, False),
        (Status.PUBLISHED, workflow.return_to_review, True),
    ],
)
def test_only_the_arrows_of_the_state_diagram_are_taken(status, step, allowed):
    issue = make_issue()
    Issue.objects.filter(pk=issue.pk).update(status=status)
    issue.refresh_from_db()
    if allowed:
        step(issue)
        assert issue.status != status
    else:
        with pytest.raises(TransitionRefused, match=f"当前状态是“{status.label}”"):
            step(issue)
        issue.refresh_from_db()
        assert issue.status == status


def test_every_step_bumps_the_issue_version():
    issue = make_issue()
    workflow.publish(issue)
    assert issue.version == 2
    workflow.withdraw(issue)
    assert issue.version == 3


def publish_queries(articles: int) -> int:
    issue = make_issue(articles=articles, date=DATE + dt.timedelta(days=articles))
    with CaptureQueriesContext(connection) as ctx:
        workflow.publish(issue)
    assert Article.objects.published().filter(issue=issue).count() == articles
    return len(ctx.captured_queries)


def test_publishing_takes_the_same_few_queries_whatever_the_issue_size():
    small, large = publish_queries(3), publish_queries(600)
    assert small == large <= 8
    assert PublicationEvent.objects.count() == 2  # one row per publication, none per article
    assert not Article.history.filter(history_change_reason__contains="状态").exists()


def test_many_issues_move_in_the_same_few_queries_and_refusals_are_kept_apart():
    clean = [make_issue(date=DATE + dt.timedelta(days=n)) for n in range(5)]
    dirty = make_issue(clean=False, date=DATE - dt.timedelta(days=1))
    with CaptureQueriesContext(connection) as ctx:
        outcome = workflow.take_step([i.pk for i in [*clean, dirty]], "publish")
    # lock, 2 counts, 2 example lists, update, insert, and the savepoint pair: none per issue or article
    assert len(ctx.captured_queries) <= 9
    assert sorted(outcome.done) == sorted(i.pk for i in clean)
    assert list(outcome.refused) == [dirty.pk] and len(outcome.refused[dirty.pk]) == 3
    assert Issue.objects.published().count() == 5


# Commands


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_publish_issue_command_refuses_with_the_reasons_then_forces_with_a_reason():
    issue = make_issue(clean=False)
    Issue.objects.filter(pk=issue.pk).update(status=Status.IMPORTED)
    args = ["publish_issue", "--publication", "moumou", "--date", "2026-04-27"]
    with pytest.raises(CommandError) as refused:
        run(*args)
    assert "未发布" in str(refused.value) and "(下转03版)" in str(refused.value)
    assert "--force" in str(refused.value)
    issue.refresh_from_db()
    assert issue.status == Status.IMPORTED  # not even sent to review
    with pytest.raises(CommandError, match="--reason"):
        run(*args, "--force")
    out = run(*args, "--force", "--reason", "领导同意先发")
    assert "已发布" in out and "领导同意先发" in out
    event = PublicationEvent.objects.get(action="publish")
    assert event.user is None and event.override_reason == "领导同意先发"
    assert "无需再次发布" in run(*args)  # running it again is harmless
    assert PublicationEvent.objects.filter(action="publish").count() == 1


def test_publish_issue_command_exits_non_zero_from_the_shell(tmp_path):
    make_issue(clean=False)
    with pytest.raises(SystemExit) as exited:
        call_command_from_argv("publish_issue", "--publication", "moumou", "--date", "2026-04-27")
    assert exited.value.code != 0


def call_command_from_argv(*args):
    from django.core.management import ManagementUtility

    ManagementUtility(["manage.py", *args]).execute()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--publication", "moumou", "--date", "2026-02-30"], "格式不对"),
        (["--publication", "nosuch", "--date", "2026-04-27"], "找不到"),
    ],
)
def test_publish_issue_command_bad_input_is_a_chinese_error(args, message):
    make_issue()
    with pytest.raises(CommandError, match=message):
        run("publish_issue", *args)


def test_create_editor_with_password_and_role():
    out = run("create_editor", "xiaowang", "--role", "值班主任", "--password", "Zhiban-2026!")
    user = get_user_model().objects.get(username="xiaowang")
    assert "已创建" in out and "值班主任" in out
    assert user.is_staff and not user.is_superuser and user.check_password("Zhiban-2026!")
    assert user.has_perm("archive.publish_issue")
    run("create_editor", "xiaowang", "--role", "校对", "--password", "Jiaodui-2026!")
    user = get_user_model().objects.get(username="xiaowang")
    assert list(user.groups.values_list("name", flat=True)) == ["校对"]
    assert not user.has_perm("archive.publish_issue")


def test_create_editor_prompts_for_the_password(monkeypatch):
    answers = iter(["Bianji-2026!", "Bianji-2026!"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    run("create_editor", "xiaoli", "--role", "编辑")
    assert get_user_model().objects.get(username="xiaoli").check_password("Bianji-2026!")


def test_create_editor_refuses_mismatched_or_weak_passwords(monkeypatch):
    answers = iter(["Bianji-2026!", "different"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    with pytest.raises(CommandError, match="不一致"):
        run("create_editor", "xiaoli", "--role", "编辑")
    with pytest.raises(CommandError, match="密码不合格"):
        run("create_editor", "xiaoli", "--role", "编辑", "--password", "123")
    assert not get_user_model().objects.exists()


# Two editors at once (PostgreSQL: real row locks on two connections)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks across two connections")
@pytest.mark.django_db(transaction=True)
def test_a_step_waits_for_an_issue_save_in_progress_and_neither_is_lost():
    import threading
    import time

    from django.db import connections, transaction

    from editorial.admin.issues import IssueForm

    issue = make_issue()
    locked, published, errors = threading.Event(), threading.Event(), []

    def editor():
        try:
            with transaction.atomic():
                data = {"publication": issue.publication_id, "date": "2026-04-27", "number": 5, "version": 1}
                form = IssueForm(data=data, instance=Issue.objects.get(pk=issue.pk))
                assert form.is_valid(), form.errors  # takes the row lock
                locked.set()
                time.sleep(0.5)
                assert not published.is_set(), "the publication did not wait for the save"
                form.save()
        except Exception as error:  # reported to the test below
            errors.append(error)
        finally:
            connections.close_all()

    def publisher():
        try:
            locked.wait(5)
            workflow.publish(Issue.objects.get(pk=issue.pk))
            published.set()
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=editor), threading.Thread(target=publisher)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert not errors, errors
    issue.refresh_from_db()
    assert (issue.number, issue.status, issue.version) == (5, Status.PUBLISHED, 3)
