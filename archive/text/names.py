"""What may be a contributor's name: a person or an agency, never a role word such as 记者 or 本报.

Pure and shared: the Contributor model validates and constrains with it, and the importer (or any
other code that creates contributors) calls :func:`role_word_problem` before writing.
"""

from __future__ import annotations

import re

# Words that say what someone did or which paper speaks, not who they are.
ROLE_WORDS = frozenset(
    {
        "记者",
        "本报记者",
        "见习记者",
        "特约记者",
        "首席记者",
        "通讯员",
        "本报通讯员",
        "实习生",
        "作者",
        "编者",
        "编辑",
        "责任编辑",
        "本版编辑",
        "责编",
        "校对",
        "美编",
        "摄影",
        "摄",
        "本报",
        "本报讯",
        "本台",
        "新华社记者",
        "特约通讯员",
    }
)

_SPACES = re.compile(r"\s+")


def role_word_problem(name: str) -> str | None:
    """Why ``name`` cannot be a contributor, in Chinese for the editor, or None when it can.

    Alignment spaces are ignored, so ``记 者`` is caught like ``记者``.
    """
    bare = _SPACES.sub("", name or "")
    if not bare:
        return "名字不能为空。"
    if bare in ROLE_WORDS:
        return f"“{bare}”是身份或报社称呼，不是人名或机构名。"
    return None


def is_role_word(name: str) -> bool:
    """True when ``name`` is a role word rather than a person or agency."""
    bare = _SPACES.sub("", name or "")
    return bare in ROLE_WORDS
