"""A reader in a real browser (Debian's Chromium via Playwright): the journey, links, accessibility, layout.

Run on SQLite only (CI time); skipped with a message where no Chromium can be installed
(bin/install-browser installs it from Debian). Screenshots are kept in test-artifacts/browser/.
"""

import os
from io import StringIO
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from archive.models import Article, ContinuationLink, Correction, Issue, Status, Tag

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "browser"
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
SAMPLE = Path(settings.BASE_DIR) / "samples" / "moumou" / "2026-04-27"

ON_SQLITE = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
HAS_CHROMIUM = os.access(CHROMIUM, os.X_OK)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not ON_SQLITE, reason="browser tests run on the SQLite pass only, to keep CI time down"
    ),
    pytest.mark.skipif(
        not HAS_CHROMIUM,
        reason="no Chromium at /usr/bin/chromium: run bin/install-browser (Debian's chromium package)",
    ),
]

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (requirements.txt)"
)
axe_api = pytest.importorskip(
    "axe_playwright_python.sync_playwright", reason="axe-playwright-python is not installed"
)


@pytest.fixture(scope="module")
def browser():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def demo_issue(transactional_db):
    """The bundled sample issue through the real importer, published."""
    call_command(
        "import_pages",
        "--publication",
        "moumou",
        "--create-publication",
        "某某报",
        "--date",
        "2026-04-27",
        str(SAMPLE),
        stdout=StringIO(),
        stderr=StringIO(),
    )
    issue = Issue.objects.get(publication__slug="moumou")
    Issue.objects.filter(pk=issue.pk).update(status=Status.PUBLISHED)
    return issue


@pytest.fixture
def page_at(browser):
    pages = []

    def open_page(width="desktop"):
        w, h = WIDTHS[width]
        page = browser.new_page(viewport={"width": w, "height": h}, locale="zh-CN")
        pages.append(page)
        return page

    yield open_page
    for page in pages:
        page.close()


def shoot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def check_page(page, base):
    """What every public page must be: zh-CN, one h1, landmarks, a skip link, working links, no serious axe issue."""
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert page.locator("h1").count() == 1
    for landmark in ("main", "header", "footer", "nav"):
        assert page.locator(landmark).count() >= 1, landmark
    results = axe_api.Axe().run(page)
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], serious
    hrefs = set(page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"))
    for href in sorted(hrefs):
        url = urljoin(page.url, href)
        if urlsplit(url).netloc != urlsplit(base).netloc:
            continue
        status = page.request.get(url.split("#", 1)[0]).status
        assert status < 400, (page.url, href, status)


def test_reader_journey_home_to_continued_article_and_back(live_server, demo_issue, page_at):
    base = live_server.url
    link = (
        ContinuationLink.objects.followed()
        .filter(jump__article__issue=demo_issue)
        .select_related("jump__article__page", "back__article__page")
        .order_by("jump__article__page__number", "jump__article__order")
        .first()
    )
    assert link is not None, "the sample issue has a linked continued piece"
    lead, rest = link.jump.article, link.back.article
    # Tags, a person and an erratum on the piece, so their links and markup are checked too.
    lead.tagged.create(tag=Tag.objects.create(name="政协"))
    rest.tagged.create(tag=Tag.objects.create(name="银川市", kind=Tag.Kind.PLACE))
    chief = User.objects.create_user("chief", password="pw")
    Correction.objects.create(
        article=rest,
        note="本文第二部分有一处文字错误，特此更正。",
        printed_text="原刊文字",
        corrected_text="更正文字",
        status="approved",
        approved_by=chief,
        approved_at=timezone.now(),
    )

    for width in WIDTHS:
        page = page_at(width)
        page.goto(base + "/")
        check_page(page, base)
        shoot(page, f"1-home-{width}")

        page.get_by_role("link", name="某某报", exact=True).first.click()  # click 1: the paper's calendar
        page.wait_for_url("**/moumou/")
        check_page(page, base)
        shoot(page, f"2-calendar-{width}")

        page.get_by_role("link", name="2026年4月27日").click()  # click 2: a day with an issue
        page.wait_for_url("**/moumou/2026-04-27/")
        check_page(page, base)
        shoot(page, f"3-issue-{width}")

        page.locator("nav[aria-label='版面导航']").get_by_role(
            "link", name=f"{lead.page.label}版"
        ).first.click()
        page.wait_for_url(f"**/moumou/2026-04-27/{lead.page.label}/")  # click 3: the page
        check_page(page, base)
        shoot(page, f"4-page-{width}")

        page.locator(f"#headline-{lead.pk} a").click()  # click 4: the continued article
        page.wait_for_url(f"**/article/{lead.pk}/")
        check_page(page, base)
        body = page.locator("main").inner_text()
        assert lead.body[0]["text"][:20] in body and rest.body[-1]["text"][:20] in body  # read whole
        assert "2026-04-27(" in page.locator(".citation").inner_text()
        assert f",{rest.page.label})" in page.locator(".citation").inner_text()  # cited with every page
        assert "特此更正" in page.locator(".corrections").inner_text()
        assert page.locator("nav.tags").get_by_role("link", name="银川市").count() == 1
        shoot(page, f"5-article-{width}")

        page.get_by_role("link", name=f"（下转{rest.page.label}版）").click()  # jump to the second part
        assert page.url.endswith(f"#part-{rest.pk}")
        assert page.locator(f"#part-{rest.pk}").is_visible()
        shoot(page, f"6-second-part-{width}")
        page.get_by_role("link", name=f"（上接{lead.page.label}版）").click()  # and back
        assert page.url.endswith(f"#part-{lead.pk}")

        with page.expect_download() as download:
            page.get_by_role("link", name="下载纯文本").click()
        text = Path(download.value.path()).read_text(encoding="utf-8")
        assert rest.body[-1]["text"][:20] in text and "引用：" in text

        feed = page.locator("link[rel=alternate][type='application/atom+xml']").first.get_attribute("href")
        assert page.request.get(urljoin(base, feed)).status == 200


def test_phone_layout_is_stable_and_focus_is_visible(live_server, demo_issue, page_at):
    base = live_server.url
    article = Article.objects.filter(issue=demo_issue).order_by("page__number", "order").first()
    page = page_at("phone")
    for path in (
        "/",
        "/moumou/",
        "/moumou/2026-04-27/",
        "/moumou/2026-04-27/01/",
        article.get_absolute_url(),
    ):
        page.goto(base + path)
        shift = page.evaluate(
            """() => new Promise(resolve => {
                let total = 0;
                new PerformanceObserver(list => {
                    for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value;
                }).observe({type: 'layout-shift', buffered: true});
                setTimeout(() => resolve(total), 400);
            })"""
        )
        assert shift < 0.05, (path, shift)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box["y"] >= 0
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    shoot(page, "7-skip-link-phone")


def test_print_stylesheet_keeps_the_article_only(live_server, demo_issue, page_at):
    article = Article.objects.filter(issue=demo_issue).first()
    page = page_at("desktop")
    page.goto(live_server.url + article.get_absolute_url())
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    assert page.locator(".pager").first.is_hidden()
    assert page.locator(".citation").is_visible()
    assert page.locator("h1").is_visible()
