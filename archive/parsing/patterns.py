"""Regular expressions and word lists for the printed forms described in shared/domain.md."""

from __future__ import annotations

import re

CJK = "\u4e00-\u9fff\u3400-\u4dbf"
# Every space a page can carry between words: ASCII, full-width, no-break, and the typographic spaces
# (en, em, thin…) that PDF extraction produces. Listed one by one so the string also works for str.strip.
SPACE = " \t\u3000\u00a0" + "".join(chr(c) for c in range(0x2000, 0x200B)) + "\u202f\u205f"
# Middle dots between the parts of a transliterated foreign name: 玛丽亚·席尔瓦, 玛丽亚・席尔瓦.
NAME_DOTS = "·・•‧"

# Punctuation after which a paragraph is complete; anything else at a paragraph end may be a column break.
# A dash (——) or colon leads into what follows and an ellipsis trails off: both end a paragraph.
CLOSING = set('。！？…⋯；：”」』）】〕〗］—―⸺.!?;:)"’')

AGENCIES = (
    "新华社",
    "中新社",
    "中国新闻社",
    "人民日报",
    "光明日报",
    "经济日报",
    "解放军报",
    "中国日报",
    "中国青年报",
    "工人日报",
    "农民日报",
    "法治日报",
    "科技日报",
    "人民政协报",
    "央视新闻",
    "央视网",
    "央广网",
    "中央广播电视总台",
    "人民网",
    "新华网",
    "中国新闻网",
    "光明网",
    "澎湃新闻",
    "环球时报",
    "国际在线",
)
_AGENCY_ALT = "|".join(sorted(AGENCIES, key=len, reverse=True))
# An unknown paper or agency before a place-and-date dateline: 宁夏日报银川4月25日电.
_GENERIC_AGENCY = rf"[{CJK}]{{2,8}}?(?:通讯社|新闻社|日报|晚报|时报|商报|青年报|电视台|广播电台|新闻网)"

ROLE_CANON = {
    "本报记者": "记者",
    "本报见习记者": "见习记者",
    "本报特约记者": "特约记者",
    "本报通讯员": "通讯员",
    "特约记者": "特约记者",
    "见习记者": "见习记者",
    "实习记者": "实习记者",
    "首席记者": "首席记者",
    "摄影记者": "摄影记者",
    "记者": "记者",
    "通讯员": "通讯员",
    "实习生": "实习生",
    "特约撰稿人": "特约撰稿人",
    "撰稿人": "作者",
    "作者": "作者",
    "撰文": "作者",
    "编译": "编译",
    "整理": "整理",
}
_ROLE_ALT = "|".join(sorted({k.removeprefix("本报") for k in ROLE_CANON}, key=len, reverse=True))

# A role word at the start of a token, optionally after 本报 or an agency: 本报记者, 新华社记者, 记者姜洁.
ROLE_PREFIX_RE = re.compile(rf"^(?P<org>本报|{_AGENCY_ALT})?(?P<role>{_ROLE_ALT})[：:]?(?P<rest>.*)$")

_PART = rf"[{CJK}]{{1,10}}(?:[-－][{CJK}]{{1,8}})?"
FOREIGN_NAME_RE = re.compile(rf"^{_PART}(?:[{NAME_DOTS}]{_PART}){{1,4}}$")
NAME_TOKEN_RE = re.compile(rf"^(?:[{CJK}]{{1,8}}|{_PART}(?:[{NAME_DOTS}]{_PART}){{1,4}})$")
NAME_SEP_RE = re.compile(rf"[{SPACE}、，,]+")

DATE_MD = r"(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})月)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})日"
_PLACE = rf"[{CJK}]{{1,12}}?"

# Leads at the start of a story's first paragraph.
LEAD_BENBAO_RE = re.compile(
    rf"^本报(?P<place>{_PLACE})?(?P<date>{DATE_MD})?(?P<kind>讯|电)[{SPACE}]*"
    rf"(?:[（(](?P<people>[^（）()]{{1,60}})[）)])?"
)
# 本报讯 记者张三 通讯员李四报道：… (names without brackets, closed by 报道).
LEAD_BENBAO_REPORTS_RE = re.compile(
    rf"^本报讯[{SPACE}]*(?P<people>(?:本报)?(?:{_ROLE_ALT})[^，。；：:（）()]{{1,40}}?)[{SPACE}]*报道[：:，,]?"
)
LEAD_AGENCY_RE = re.compile(
    rf"^(?P<agency>{_AGENCY_ALT}|{_GENERIC_AGENCY})(?P<place>{_PLACE})?(?P<date>{DATE_MD})电[{SPACE}]*"
    rf"(?:[（(](?P<people>[^（）()]{{1,60}})[）)])?"
)
LEAD_KNOWN_AGENCY_RE = re.compile(rf"^(?:据)?(?P<agency>{_AGENCY_ALT})(?:电|讯)")

# Tails at the end of a story: (新华社北京4月26日电), （据新华社电）, （记者 张三）.
TAIL_RE = re.compile(r"[（(](?P<inner>[^（）()]{2,60})[）)][" + SPACE + r"]*$")
DISPATCH_INNER_RE = re.compile(
    rf"^(?:据)?(?P<agency>{_AGENCY_ALT}|{_GENERIC_AGENCY})(?P<place>{_PLACE})?(?P<date>{DATE_MD})?电"
    rf"(?:[{SPACE}]*(?P<people>.+))?$"
)
SOURCE_INNER_RE = re.compile(rf"^(?:据|来源[：:][{SPACE}]*)(?P<agency>{_AGENCY_ALT})(?:报道|消息|电)?$")

# Genre words that follow a role word in a column label, not a name: （记者手记）, 记者观察, 通讯员来信.
ROLE_GENRE_RE = re.compile(
    rf"^[（(【〖\[]?(?:本报)?(?:{_ROLE_ALT})(?:手记|札记|笔记|随笔|日记|观察|调查|探访|体验|感言|视角|追踪|连线|来信|走基层)"
    rf"[）)】〗\]]?$"
)
# A short column tag printed in brackets under a title: （国际论坛）, （记者手记）, （人民时评）. It ends
# with a genre word, so a note such as （本文有删节） stays text.
TAG_GENRES = (
    "论坛|观察|手记|札记|时评|短评|快评|评论|评论员文章|社论|随笔|视点|视角|声音|纵横|漫谈|杂谈|走笔|速写"
    "|特写|调查|访谈|专访|侧记|纪实|综述|述评|连线|观点|时论|新论|锐评|热评"
)
BRACKETED_TAG_RE = re.compile(rf"^[（(][{CJK}]{{0,8}}(?:{TAG_GENRES})[）)]$")

BYLINE_DECORATION_RE = re.compile(rf"^(?:[□■◎●◆▲◇○△☆★][{SPACE}]*)+")
BYLINE_TEXT_PREFIX_RE = re.compile(rf"^(?:文图|文/图|图文|文)[{SPACE}]*[/／｜|：:][{SPACE}]*")

_NAME_PIECE = rf"(?:{_PART}(?:[{NAME_DOTS}]{_PART}){{1,4}}|[{CJK}·]{{1,4}})"
PHOTO_CREDIT_RE = re.compile(
    # Start only where a word starts (never inside a run of spaces), and never give spaces back:
    # a long run of spaces would otherwise cost time quadratic in its length.
    rf"(?:^|(?<=[{SPACE}。！？）)]))(?![{SPACE}])"
    rf"(?:(?:本报|{_AGENCY_ALT})?(?:特约|见习)?(?:摄影)?(?:记者|通讯员)?[{SPACE}]*+)?"
    rf"{_NAME_PIECE}(?:[{SPACE}]++{_NAME_PIECE}){{0,5}}[{SPACE}]*+(?:摄影?|供图|制图)$"
)
PHOTO_SOURCE_RE = re.compile(
    rf"(?:[（(](?:{_AGENCY_ALT})发[^（）()]*[）)]|(?:{_AGENCY_ALT})发$|资料图片|图片来源)"
)
CAPTION_START_RE = re.compile(r"^(?:图为|图：|图:|上图|下图|左图|右图|▲|△)")

CREDIT_ROLES = (
    "责任编辑",
    "本版责编",
    "本版编辑",
    "本版统筹",
    "责任校对",
    "美术编辑",
    "版式设计",
    "图片编辑",
    "责编",
    "编辑",
    "校对",
    "美编",
    "版式",
    "设计",
    "制图",
    "统筹",
    "监制",
    "组版",
    "排版",
)
_CREDIT_ALT = "|".join(sorted(CREDIT_ROLES, key=len, reverse=True))
CREDIT_SEGMENT_RE = re.compile(rf"(?P<role>{_CREDIT_ALT})[{SPACE}]*[：:]")
# Each role's names run up to the next role word; the parts are possessive so a long line that is
# not a credits line fails in linear time instead of trying every way to share out the names.
_CREDIT_ROLE = rf"(?:{_CREDIT_ALT})[{SPACE}]*+[：:]"
CREDIT_LINE_RE = re.compile(
    rf"^[（(]?[{SPACE}]*+(?:{_CREDIT_ROLE}(?:(?!{_CREDIT_ROLE})[{CJK}·{SPACE}、，,])++)++[）)]?$"
)

PAGE_HEADER_RE = re.compile(
    rf"^第?[{SPACE}]*(?P<page>[A-ZＡ-Ｚ]?[0-9０-９]{{1,3}}|[一二三四五六七八九十]{{1,3}})[{SPACE}]*版"
    rf"[{SPACE}]*[：:·・|｜\-—]?[{SPACE}]*(?P<name>[{CJK}]{{2,8}})$"
)

# Masthead lines above the first article: the date, weekday, running number (总第N期), lunar date.
# Atomic items: once a part is read it is not split again, so a line such as 农历某某农历某某… that is
# not a masthead fails in linear time (it used to take exponential time).
MASTHEAD_RE = re.compile(
    rf"^(?:[{SPACE}]*+(?>\d{{4}}[年\-./]\d{{1,2}}[月\-./]\d{{1,2}}日?|星期[一二三四五六日天]|周[一二三四五六日]"
    rf"|总?第[\d,，]+期|农历[{CJK}]{{2,12}}|[{CJK}]{{2,10}}报))++[{SPACE}]*+$"
)

_PAGE = r"(?P<page>[A-Za-zＡ-Ｚａ-ｚ]?[0-9０-９]{1,3}|[一二三四五六七八九十〇零]{1,4})"
JUMP_RE = re.compile(
    rf"[（(【\[〔［][{SPACE}]*(?P<down>下)?转[{SPACE}]*第?[{SPACE}]*{_PAGE}?[{SPACE}]*(?P<ban>版)?[{SPACE}]*[）)】\]〕］]"
)
BACK_RE = re.compile(
    rf"[（(【\[〔［][{SPACE}]*(?P<up>上)?接[{SPACE}]*(?P<di>第)?[{SPACE}]*{_PAGE}?[{SPACE}]*(?P<ban>版)?[{SPACE}]*[）)】\]〕］]"
)

DOC_DATE_LINE_RE = re.compile(r"^[（(](?P<inner>[^（）()]+)[）)]$")

ENUMERATED_RE = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、．.](?!\d)"
    r"|第[一二三四五六七八九十\d]+[章节部分条、]|[一二三四五六七八九十]+是|[●■◆▲•·◎○□])"
)

# Characters that are almost never doubled in good text, with the contexts where doubling is legitimate.
DOUBLED_OK = {
    "不": None,
    "也": None,
    "又": None,
    "而": None,
    "很": None,
    "已": None,
    "被": None,
    "都": re.compile(r"[首国古故定建迁陪旧]都都"),
    "并": re.compile(r"[合兼吞归]并并"),
    "更": re.compile(r"[变三五打]更更"),
    "才": re.compile(r"[人天英奇干口刚方将秀]才才"),
    "的": re.compile(r"[目有端标]的的|的的确"),
    "了": re.compile(r"了了(?:解|之|然|结|却|不起|断|得|如指掌)"),
    "是": re.compile(r"是是(?:非|否)"),
    "在": re.compile(r"[实存所现内外潜自健]在在"),
    "和": re.compile(r"[平温缓总共调祥附暖]和和|和和(?:美|气|睦|谐)"),
    "与": re.compile(r"[参给赋授寄]与与"),
}
