"""Chinese names for the parser's flag and repair kinds: one place for every page that shows them."""

FLAG_KINDS = {
    "mixed_column": "疑似串栏",
    "doubled_char": "疑似重字",
    "unrepaired_break": "疑似断栏未拼接",
    "marker_without_page": "转版标记没写版次",
    "odd_name": "署名可疑",
    "zero_width": "含零宽字符",
}

REPAIR_KINDS = {"column_break": "断栏拼接"}


def flag_label(kind: str) -> str:
    """The flag kind as an editor reads it; a kind this table does not know yet is still said in Chinese."""
    return FLAG_KINDS.get(kind, f"其他可疑之处（{kind}）")


def repair_label(kind: str) -> str:
    """The repair kind as an editor reads it."""
    return REPAIR_KINDS.get(kind, f"其他修复（{kind}）")
