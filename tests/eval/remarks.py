"""Free-text remark columns with personal information embedded in sentences.

Each column has one main entity, present in most non-empty cells (65-90 %), and one or two
secondary ones in fewer cells (10-30 %). Truth: `entity` is the main one; `entities` lists every
entity that was embedded at least once, main first.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.eval import text_values as tv
from tests.eval import values as vv
from tests.eval.decoys import clean_remark
from tests.eval.values import Gen

TEMPLATES: dict[str, tuple[str, ...]] = {
    "CN_MOBILE": ("客户来电要求改期，回拨{v}", "联系电话：{v}", "收货人手机{v}白天不在家", "已短信通知{v}", "call back {v}"),
    "CN_RESIDENT_ID": ("已核验身份证{v}", "证件号码 {v} 与登记一致", "身份证号{v}实名认证通过", "ID {v} checked"),
    "EMAIL_ADDRESS": ("发票请发送至{v}", "客户邮箱{v}已发确认函", "Please send the invoice to {v}"),
    "LICENSE_PLATE": ("车牌{v}已入场", "访客车辆{v}停B2层", "{v}临时停车"),
    "PERSON_NAME": ("联系人{v}", "由{v}代收", "{v}女士来电", "经办人：{v}"),
    "ADDRESS": ("改送至{v}", "寄往{v}", "现住{v}"),
}
MAKERS: dict[str, Callable[[Gen], str]] = {
    "CN_MOBILE": lambda g: vv.mobile(g, "mixed"),
    "CN_RESIDENT_ID": lambda g: vv.resident_id(g, ""),
    "EMAIL_ADDRESS": lambda g: vv.email(g, ""),
    "LICENSE_PLATE": lambda g: vv.license_plate(g, ""),
    "PERSON_NAME": lambda g: tv.person_name(g, "zh"),
    "ADDRESS": lambda g: tv.address(g, "zh"),
}
MAINS = ("CN_MOBILE", "CN_RESIDENT_ID", "EMAIL_ADDRESS", "LICENSE_PLATE")


class RemarkColumn:
    """Generates the cells of one remark column and remembers which entities went in."""

    def __init__(self, g: Gen, main: str) -> None:
        self.main = main
        others = [e for e in TEMPLATES if e != main]
        self.secondary = g.rng.sample(others, g.rng.choice((1, 2)))
        self.p_main = g.rng.uniform(0.65, 0.9)
        self.p_secondary = g.rng.uniform(0.1, 0.3)
        self.seen: dict[str, int] = {}

    def _part(self, g: Gen, entity: str) -> str:
        self.seen[entity] = self.seen.get(entity, 0) + 1
        return g.rng.choice(TEMPLATES[entity]).format(v=MAKERS[entity](g))

    def cell(self, g: Gen) -> str:
        parts = [self._part(g, self.main)] if g.rng.random() < self.p_main else []
        parts += [self._part(g, e) for e in self.secondary if g.rng.random() < self.p_secondary]
        if not parts:
            return clean_remark(g, "")
        g.rng.shuffle(parts)
        return g.rng.choice(("；", "，", " ")).join(parts)

    @property
    def entities(self) -> tuple[str, ...]:
        return (self.main, *sorted(e for e in self.seen if e != self.main))
