"""Chinese names for the kinds of repairs and flags the parser records, in one place for every screen."""

REPAIR_LABELS = {
    "column_break": "断栏拼接",
}

FLAG_LABELS = {
    "unrepaired_break": "疑似断栏未拼接",
    "marker_without_page": "转版标记没有版次",
    "odd_name": "署名可疑",
    "doubled_char": "叠字",
    "mixed_column": "疑似串栏",
}


def repair_label(kind: str) -> str:
    return REPAIR_LABELS.get(kind, f"其他修复（{kind}）")


def flag_label(kind: str) -> str:
    return FLAG_LABELS.get(kind, f"其他可疑之处（{kind}）")
