"""Bylines, datelines and agencies as printed, turned into people and sources."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import patterns as P
from .types import Dateline, Person


@dataclass
class Credits:
    """What one byline-bearing piece of text says about who wrote it and from where."""

    people: list[Person] = field(default_factory=list)
    agency: str | None = None
    dateline: Dateline | None = None
    odd: list[str] = field(default_factory=list)  # tokens that could not be read as names


def _canon_role(org: str | None, role: str) -> str:
    return P.ROLE_CANON.get(role, role)


_DOTS = str.maketrans({dot: "·" for dot in P.NAME_DOTS})


def canon_name(name: str) -> str:
    """One spelling per person: the middle dot of a foreign name is always ·, whichever dot was printed."""
    return name.translate(_DOTS)


def is_foreign_name(token: str) -> bool:
    """A transliterated name with middle dots: 玛丽亚·席尔瓦, 让-皮埃尔•杜邦."""
    return bool(P.FOREIGN_NAME_RE.match(token))


def _pair_singles(singles: list[str], role: str, out: list[Person], odd: list[str]) -> None:
    """Join characters printed apart for alignment (单 瑞 -> 单瑞), two at a time."""
    for i in range(0, len(singles) - 1, 2):
        out.append(Person(singles[i] + singles[i + 1], role))
    if len(singles) % 2:
        odd.append(singles[-1])


def parse_people(text: str, default_role: str | None = "记者") -> Credits | None:
    """Read '记者 单 瑞 通讯员 李四' into people; None when the text is not a list of names."""
    result = Credits()
    role = default_role
    singles: list[str] = []
    tokens = [t for t in P.NAME_SEP_RE.split(text.strip(P.SPACE)) if t]
    if not tokens or P.ROLE_GENRE_RE.match(text.strip(P.SPACE)):
        return None
    for token in tokens:
        m = P.ROLE_PREFIX_RE.match(token)
        if m:
            _pair_singles(singles, role, result.people, result.odd)
            singles = []
            role = _canon_role(m.group("org"), m.group("role"))
            if m.group("org") and m.group("org") != "本报" and result.agency is None:
                result.agency = m.group("org")
            token = m.group("rest")
            if not token:
                continue
        if not P.NAME_TOKEN_RE.match(token) or role is None:
            return None
        if len(token) == 1:
            singles.append(token)
            continue
        if len(token) > 4 and not is_foreign_name(token):
            return None
        _pair_singles(singles, role, result.people, result.odd)
        singles = []
        result.people.append(Person(canon_name(token), role))
    _pair_singles(singles, role, result.people, result.odd)
    return result if result.people else None


# Short labels that open a piece and look like names to the pattern.
NOT_NAMES = frozenset(
    {"编者按", "编者", "按语", "导语", "引言", "前言", "题记", "摘要", "新春", "短评", "评论", "图片"}
)


def parse_author_names(text: str, role: str = "作者") -> Credits | None:
    """Read a line of bare names (张 华, 李明 王芳) as authors; None unless every token is clearly a name.

    A name is a padded pair of characters, an unpadded token of two or three, or a transliterated
    name with middle dots (玛丽亚·席尔瓦); four unpadded characters read more like a phrase (春风送暖).
    """
    tokens = [t for t in P.NAME_SEP_RE.split(text.strip(P.SPACE)) if t]
    if not tokens or len(tokens) > 8 or P.PHOTO_CREDIT_RE.search(text):
        return None
    if any(not (is_foreign_name(t) or (len(t) <= 3 and P.NAME_TOKEN_RE.match(t))) for t in tokens):
        return None
    if any(P.ROLE_PREFIX_RE.match(t) or t in NOT_NAMES for t in tokens):
        return None
    credits = parse_people(text, default_role=role)
    if credits is None or credits.odd:
        return None
    return credits


def _dateline(place: str | None, date: str | None) -> Dateline | None:
    if not place and not date:
        return None
    return Dateline(place or "", date or "")


def parse_byline_line(text: str) -> Credits | None:
    """Read a line that is only a byline (本报记者 李 莹, 新华社记者 张三, 文/张三); None otherwise."""
    body = P.BYLINE_DECORATION_RE.sub("", text.strip())
    default_role = None
    prefix = P.BYLINE_TEXT_PREFIX_RE.match(body)
    if prefix:
        body = body[prefix.end() :]
        default_role = "作者"
    body = body.removesuffix("报道").strip()
    if not body or len(body) > 60 or P.PHOTO_CREDIT_RE.search(body):
        return None
    if default_role is None and not P.ROLE_PREFIX_RE.match(body):
        return None
    return parse_people(body, default_role=default_role)


def parse_lead(text: str) -> tuple[Credits, int] | None:
    """Read the byline at the start of a first paragraph; return it and where the story text starts."""
    m = P.LEAD_BENBAO_REPORTS_RE.match(text)
    if m:
        people = parse_people(m.group("people"))
        if people is not None:
            people.agency = None
            return people, m.end()
    m = P.LEAD_BENBAO_RE.match(text)
    if m and (m.group("kind") == "讯" or m.group("date")):
        credits = Credits()
        if m.group("people"):
            people = parse_people(m.group("people"))
            if people is None:
                return None
            credits = people
            credits.agency = None
        credits.dateline = _dateline(m.group("place"), m.group("date"))
        return credits, m.end()
    m = P.LEAD_AGENCY_RE.match(text)
    if m:
        credits = Credits()
        if m.group("people"):
            people = parse_people(m.group("people"))
            if people is None:
                return None
            credits = people
        credits.agency = m.group("agency")
        credits.dateline = _dateline(m.group("place"), m.group("date"))
        return credits, m.end()
    m = P.LEAD_KNOWN_AGENCY_RE.match(text)
    if m:
        return Credits(agency=m.group("agency")), m.end()
    return None


def parse_tail(text: str) -> tuple[Credits, int] | None:
    """Read a byline in brackets at the end of a paragraph: (新华社北京4月26日电), （记者 张三）."""
    m = P.TAIL_RE.search(text)
    if not m:
        return None
    inner = m.group("inner").strip(P.SPACE)
    if P.PHOTO_CREDIT_RE.search(inner) or P.ROLE_GENRE_RE.match(inner):
        return None  # （新华社记者 某某摄） is a photo credit, （记者手记） a column tag
    d = P.DISPATCH_INNER_RE.match(inner)
    if d and d.group("agency") != "本报" and not d.group("agency").startswith("本报"):
        credits = Credits()
        if d.group("people"):
            people = parse_people(d.group("people").strip("（）() "))
            if people is None:
                return None
            credits = people
        credits.agency = d.group("agency")
        credits.dateline = _dateline(d.group("place"), d.group("date"))
        return credits, m.start()
    s = P.SOURCE_INNER_RE.match(inner)
    if s:
        return Credits(agency=s.group("agency")), m.start()
    if P.ROLE_PREFIX_RE.match(inner):
        people = parse_people(inner)
        if people is not None:
            return people, m.start()
    return None


def is_photo_credit(text: str) -> bool:
    """Tell a photo caption or credit (新华社记者 李 响摄) from a byline or body text."""
    stripped = text.strip()
    if P.CAPTION_START_RE.match(stripped) and len(stripped) < 200:
        return True
    if stripped.endswith(("。", "！", "？", "；")):
        return False
    return bool(P.PHOTO_CREDIT_RE.search(stripped) or P.PHOTO_SOURCE_RE.search(stripped))
