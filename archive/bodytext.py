"""An article body as plain text an editor can read and type, and back; pure, no ORM.

The stored body is a list of blocks ``{"kind": "paragraph"|"subhead"|"caption", "text": "…"}``.
As text, one block is one line, blank lines are ignored:

- ``**小标题**`` alone on a line is a subhead, as in the import format;
- a line starting with ``【图注】`` is a photo caption (the rest of the line is its text);
- any other line is a paragraph, kept exactly as typed (leading full-width spaces included).

A paragraph that would otherwise read as markup (it starts with ``**``, ``【图注】``, a ``#``
heading mark or a backslash) is written with one leading backslash, which the reader removes again. So every valid
body round-trips: ``text_to_blocks(blocks_to_text(b)) == b``. Lines that look like the import
format's headings (``#``/``##``/``###``) or a half-open ``**`` are refused as unknown markup, so a
pasted page or a typo never silently becomes body text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PARAGRAPH, SUBHEAD, CAPTION = "paragraph", "subhead", "caption"
KINDS = (PARAGRAPH, SUBHEAD, CAPTION)
KIND_LABELS = {PARAGRAPH: "段落", SUBHEAD: "小标题", CAPTION: "图片说明"}

SUBHEAD_MARK = "**"
CAPTION_MARK = "【图注】"
ESCAPE = "\\"

HELP_TEXT = (
    "一段一行，空行不计。小标题单独一行写作 **小标题**；图片说明一行以 【图注】 开头；"
    "正文段落若本身以 **、【图注】、# 或 \\ 开头，请在行首多加一个 \\。"
)

_HEADING_RE = re.compile(r"^#+(\s|$|#)")
_LINE_BREAKS = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x0b|\x0c|\x1c|\x1d|\x1e|\x85")


@dataclass(frozen=True)
class BodyProblem:
    """One thing wrong with a body, where it is (line or block, from 1) and why, in Chinese."""

    where: int
    message: str
    line: bool = True

    def __str__(self) -> str:
        return f"第 {self.where} {'行' if self.line else '段'}：{self.message}"


class BodyTextError(ValueError):
    """The typed text cannot become a body; ``problems`` lists each line and why."""

    def __init__(self, problems: list[BodyProblem]):
        self.problems = problems
        super().__init__("；".join(str(p) for p in problems))


def _needs_escape(text: str) -> bool:
    """True when a paragraph's own text would be read back as markup."""
    bare = text.strip()
    return (
        text.startswith((CAPTION_MARK, ESCAPE))
        or bare.startswith(SUBHEAD_MARK)
        or bool(_HEADING_RE.match(bare))
    )


def block_to_line(block: dict) -> str:
    """One block as the line an editor sees."""
    kind, text = block["kind"], block["text"]
    if kind == SUBHEAD:
        return f"{SUBHEAD_MARK}{text}{SUBHEAD_MARK}"
    if kind == CAPTION:
        return f"{CAPTION_MARK}{text}"
    return ESCAPE + text if _needs_escape(text) else text


def blocks_to_text(blocks: list[dict]) -> str:
    """The body as editable text, one block per line."""
    return "\n".join(block_to_line(b) for b in blocks)


def salvage_blocks(value) -> list[dict]:
    """Best-effort blocks from a stored body that fails body_problems, so an editor can repair it.

    Strings become paragraphs, dicts keep their text (unknown kinds become paragraphs), text with
    line breaks is split, and anything else is dropped. A valid body is returned unchanged.
    """
    if not body_problems(value):
        return value
    items = value if isinstance(value, list) else [value] if isinstance(value, str) else []
    blocks = []
    for item in items:
        kind, text = PARAGRAPH, item
        if isinstance(item, dict):
            kind = item.get("kind") if item.get("kind") in KINDS else PARAGRAPH
            text = item.get("text")
        if not isinstance(text, str):
            continue
        blocks.extend({"kind": kind, "text": part} for part in _LINE_BREAKS.split(text) if part.strip())
    return blocks


def _line_to_block(line: str, number: int, problems: list[BodyProblem]) -> dict | None:
    if line.startswith(ESCAPE):
        return {"kind": PARAGRAPH, "text": line[1:]}
    if line.startswith(CAPTION_MARK):
        text = line[len(CAPTION_MARK) :]
        if not text.strip():
            problems.append(BodyProblem(number, f"“{CAPTION_MARK}”后面没有图片说明文字。"))
            return None
        return {"kind": CAPTION, "text": text}
    stripped = line.strip()
    starts, ends = stripped.startswith(SUBHEAD_MARK), stripped.endswith(SUBHEAD_MARK)
    if starts and ends and len(stripped) >= 2 * len(SUBHEAD_MARK):
        text = line.strip()[len(SUBHEAD_MARK) : -len(SUBHEAD_MARK)]
        if not text.strip():
            problems.append(BodyProblem(number, "小标题“****”中间没有文字。"))
            return None
        return {"kind": SUBHEAD, "text": text}
    if starts:
        problems.append(
            BodyProblem(number, "小标题标记不完整：以 ** 开头的行也要以 ** 结尾（若是正文，请在行首加 \\）。")
        )
        return None
    if _HEADING_RE.match(stripped):
        problems.append(
            BodyProblem(
                number,
                "正文里不能有“#”标题标记：引题、主题、副题请填在标题组的输入框里（若是正文，请在行首加 \\）。",
            )
        )
        return None
    return {"kind": PARAGRAPH, "text": line}


def text_to_blocks(text: str) -> list[dict]:
    """Parse the editor's text into blocks, or raise BodyTextError listing every bad line."""
    blocks: list[dict] = []
    problems: list[BodyProblem] = []
    for number, line in enumerate(_LINE_BREAKS.split(text or ""), start=1):
        if not line.strip():
            continue
        block = _line_to_block(line, number, problems)
        if block is not None:
            blocks.append(block)
    if not problems and not any(b["kind"] in (PARAGRAPH, CAPTION) for b in blocks):
        problems.append(BodyProblem(1, "正文不能为空：至少要有一段正文。"))
    if problems:
        raise BodyTextError(problems)
    return blocks


def body_problems(value) -> list[BodyProblem]:
    """What is wrong with a stored body structure (empty list allowed), one problem per bad block."""
    if not isinstance(value, list):
        return [BodyProblem(0, "正文的存储格式不对：应是段落列表。", line=False)]
    problems = []
    for index, block in enumerate(value, start=1):
        if not isinstance(block, dict) or set(block) != {"kind", "text"}:
            problems.append(BodyProblem(index, "应有且只有“类别”（kind）和“文字”（text）两项。", line=False))
            continue
        kind, text = block["kind"], block["text"]
        if kind not in KINDS:
            problems.append(BodyProblem(index, f"类别只能是段落、小标题或图片说明，不能是“{kind}”。", False))
        if not isinstance(text, str) or not text.strip():
            problems.append(BodyProblem(index, "文字不能为空。", line=False))
        elif _LINE_BREAKS.search(text):
            problems.append(BodyProblem(index, "一段文字里不能有换行；分段请拆成几段。", line=False))
    return problems
