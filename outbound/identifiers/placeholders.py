"""Cells that say "nothing here" (无, N/A, 未提供, （无）…): the classifier's vote treats them as
empty, and the full pass never keys or links them. One vocabulary for both (`classifiers.cells`,
`common.hashing`, `extract`)."""

from __future__ import annotations

# Cells that say "nothing here" are empty for the vote: a phone column whose missing numbers are
# written 无 must not look 30 % invalid. Compared after strip() and lower(), as written and with
# the brackets and punctuation around them taken away (`is_placeholder`: （无）, 无。, [null]).
NULL_TOKENS = frozenset(
    {"-", "--", "—", "——", "/", "\\", "n/a", "n／a", "na", "n.a.", "nan", "none", "null", "nil", "missing",
     "unknown", "not provided", "tbd", "无", "暂无", "空", "空白", "未知", "不详", "未填", "未填写", "未提供", "待补充",
     "待定", "待完善", "暂缺", "缺失", "不适用", "未登记", "未录入", "无数据", "没有", "保密",
     "\\n", "#n/a", "#null!", "#null", "(null)", "<null>",  # "\\n" is \N lower-cased (MySQL/PostgreSQL dumps); #N/A: Excel
     "合计", "总计", "小计", "共计", "总数", "制表", "制表人", "审核", "审核人", "total", "subtotal"}  # a report's footer rows
)  # fmt: skip
PLACEHOLDER_WRAPPING = "()（）[]【】<>《》\"'“”‘’。.，,；;：:！!？?"
_WRAPPING = frozenset(PLACEHOLDER_WRAPPING)
# Every first character a placeholder can have, in either case: a cell starting otherwise is none
# (a digit, a surname), told without lower-casing it (the vote asks this of every short value).
PLACEHOLDER_FIRST = frozenset({t[0] for t in NULL_TOKENS} | {t[0].upper() for t in NULL_TOKENS} | _WRAPPING)


def is_placeholder(text: str) -> bool:
    """Whether a stripped cell says "nothing here" (see NULL_TOKENS); full-width forms are the
    caller's to fold (`identifiers.fold_full_width`)."""
    t = text.lower()
    if t in NULL_TOKENS:
        return True
    return (t[:1] in _WRAPPING or t[-1:] in _WRAPPING) and t.strip(PLACEHOLDER_WRAPPING).strip() in NULL_TOKENS
