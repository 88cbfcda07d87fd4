"""schema.org NewsArticle JSON-LD for an article page, safe to put inside a <script> element.

Imported text is data: json.dumps escapes quotes, and ``<``, ``>`` and ``&`` are written as \\u003C,
\\u003E and \\u0026 so that a headline containing ``</script>`` cannot close the element.
"""

from __future__ import annotations

import json

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def script_json(data) -> SafeString:
    """JSON for inside <script type="application/ld+json">: UTF-8 Chinese, nothing that ends the element."""
    return mark_safe(json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(SCRIPT_ESCAPES))


def news_article(story, absolute) -> dict:
    """The NewsArticle describing ``story``; ``absolute`` turns a path into a full URL."""
    lead, issue, publication = story.lead, story.issue, story.publication
    alternative = " ".join(t for t in (lead.kicker, lead.subtitle.lstrip("—").strip()) if t)
    authors = [
        {"@type": "Person", "name": b.contributor.name, "url": absolute(b.contributor.get_absolute_url())}
        for b in story.bylines
    ]
    if story.agency:
        authors.append(
            {
                "@type": "Organization",
                "name": story.agency.name,
                "url": absolute(story.agency.get_absolute_url()),
            }
        )
    paper = {"@type": "Newspaper", "name": publication.name, "url": absolute(publication.get_absolute_url())}
    part_of = {
        "@type": "PublicationIssue",
        "datePublished": issue.date.isoformat(),
        "url": absolute(issue.get_absolute_url()),
        "isPartOf": paper,
    }
    if issue.number:
        part_of["issueNumber"] = str(issue.number)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": lead.headline or story.title,
        "datePublished": issue.date.isoformat(),
        "dateModified": max(
            [part.updated_at for part in story.parts] + [c.approved_at for c in story.corrections]
        ).isoformat(),
        "inLanguage": "zh-CN",
        "url": absolute(lead.get_absolute_url()),
        "mainEntityOfPage": absolute(lead.get_absolute_url()),
        "printPage": story.page_labels,
        "isPartOf": part_of,
        "publisher": {"@type": "Organization", "name": publication.name},
    }
    if alternative:
        data["alternativeHeadline"] = alternative
    if authors:
        data["author"] = authors
    if issue.number:
        data["printEdition"] = f"总第{issue.number}期"
    sections = [p.name for p in story.pages if p.name]
    if sections:
        data["printSection"] = sections[0]
    if lead.section:
        data["articleSection"] = lead.section
    if story.corrections:
        data["correction"] = [correction_comment(c, lead, absolute) for c in story.corrections]
    return data


def correction_comment(correction, lead, absolute) -> dict:
    """An approved erratum as a schema.org CorrectionComment, anchored where the article page shows it."""
    return {
        "@type": "CorrectionComment",
        "text": f"{correction.note} 原刊：{correction.printed_text} 更正为：{correction.corrected_text}",
        "datePublished": timezone.localdate(correction.approved_at).isoformat(),
        "url": absolute(f"{lead.get_absolute_url()}#correction-{correction.pk}"),
    }


def news_article_json_ld(story, absolute) -> SafeString:
    return script_json(news_article(story, absolute))
