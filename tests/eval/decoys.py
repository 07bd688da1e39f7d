"""Decoy columns: values that look like personal information and are not. Truth: no entity.

Order numbers shaped like resident IDs but failing MOD 11-2, 11-digit SKUs, GUIDs, timestamps,
event and due dates (no spread of births), sparse codes shaped like foreign passports,
amounts, IMO ship numbers (with their check digit) and MMSI, container numbers, status words,
product names, bare city names, company names, and remarks without anyone in them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

import stdnum.iso6346

from tests.eval import checksums as ck
from tests.eval.values import Gen

STATUS = ("已支付", "待发货", "已发货", "已签收", "退款中", "已取消", "待审核", "已完成", "PAID", "SHIPPED", "CANCELLED")
PRODUCTS = ("华为 Mate 60 Pro 12GB+512GB", "小米手环8 NFC版", "飞鹤星飞帆奶粉3段 700g", "安踏跑步鞋 男款 42码",
            "格力空调 KFR-35GW 1.5匹", "得力中性笔 0.5mm 12支装", "iPhone 15 128GB 蓝色", "农夫山泉 550ml*24瓶",
            "三只松鼠每日坚果 750g", "美的电饭煲 MB-FB40", "联想小新Pro14 笔记本", "云南白药牙膏 180g")  # fmt: skip
CITIES = ("上海", "北京", "广州", "深圳市", "杭州市", "成都", "武汉市", "西安", "南京市", "苏州", "青岛", "厦门市",
          "重庆", "天津市", "长沙", "郑州市")  # fmt: skip
PORTS = ("CNSHA", "CNNGB", "CNSZX", "CNTAO", "SGSIN", "NLRTM", "USLAX", "DEHAM", "KRPUS")
CARRIERS = ("MSCU", "MAEU", "CSNU", "CBHU", "OOLU", "EGHU", "TGHU", "TCLU")
CLEAN_REMARKS = ("加急处理", "客户要求周末送货", "已开具电子发票", "包装破损，已补发", "无", "按合同第3条执行",
                 "订单{order}已合并发货，运费{amount}元", "退款{amount}元已原路返回", "第{n}批次抽检合格",
                 "请于{date}前完成对账", "货物已到{city}仓", "备用金{amount}元")  # fmt: skip


def _day(g: Gen, first: int = 2023) -> dt.date:
    start = dt.date(first, 1, 1)
    return start + dt.timedelta(days=g.rng.randrange((g.today - start).days))


def order_no_ric(g: Gen, variant: str) -> str:
    return ck.make_ric_decoy(g.rng, _day(g))


def order_no(g: Gen, variant: str) -> str:
    body = f"{_day(g):%Y%m%d}{ck.digits(g.rng, 10)}"
    return {"so": "SO" + body, "digits": body + ck.digits(g.rng, 2)}.get(variant, body)


def sku(g: Gen, variant: str) -> str:
    return "100" + ck.digits(g.rng, 8) if g.rng.random() < 0.6 else "2" + ck.digits(g.rng, 10)


def member_no(g: Gen, variant: str) -> str:
    # one letter and 8 digits: the shape of home-return and Taiwan permits without their header
    return g.rng.choice("MHCTL") + "".join(g.rng.choice("0123456789") for _ in range(8))


def guid(g: Gen, variant: str) -> str:
    value = str(uuid.UUID(int=g.rng.getrandbits(128), version=4))
    return {"upper": value.upper(), "braced": "{" + value + "}", "hex": value.replace("-", "")}.get(variant, value)


def timestamp(g: Gen, variant: str) -> str:
    moment = dt.datetime.combine(_day(g), dt.time()) + dt.timedelta(seconds=g.rng.randrange(86_400))
    if variant == "epoch":
        return str(int(moment.replace(tzinfo=dt.UTC).timestamp()))
    if variant == "epoch_ms":
        return str(int(moment.replace(tzinfo=dt.UTC).timestamp() * 1000) + g.rng.randrange(1000))
    return moment.strftime("%Y-%m-%dT%H:%M:%S+08:00" if variant == "iso_t" else "%Y-%m-%d %H:%M:%S")


def event_date(g: Gen, variant: str) -> str:
    return f"{_day(g):%Y-%m-%d}" if variant != "slash" else f"{_day(g):%Y/%m/%d}"


def due_date(g: Gen, variant: str) -> str:
    # contract ends, warranties, document expiries: dates spread over a decade, all still to come
    return f"{g.today + dt.timedelta(days=g.rng.randrange(1, 3650)):%Y-%m-%d}"


SPARSE_SHARE = (0.05, 0.3)  # share of rows a sparse decoy fills, random rows (corpus.py blanks the rest)


def sparse_code(g: Gen, variant: str) -> str:
    """A coupon or order code on some rows only: 9 digits or a letter and 8 digits, the shapes of
    foreign passports, on rows unrelated to the resident-ID column (the `complement` passport's decoy)."""
    share = float(g.style.setdefault("sparse", g.rng.uniform(*SPARSE_SHARE)))  # type: ignore[arg-type]
    if g.rng.random() >= share:
        return ""
    return ck.digits(g.rng, 9) if variant == "digits" else g.rng.choice("ABDFJNQRVWXYZ") + ck.digits(g.rng, 8)


def amount(g: Gen, variant: str) -> str:
    value = round(g.rng.lognormvariate(5, 1.2), 2)
    return {"yuan": f"¥{value:,.2f}", "int": str(int(value))}.get(variant, f"{value:.2f}")


def fx_rate(g: Gen, variant: str) -> str:
    return f"{g.rng.uniform(6.9, 7.35):.4f}"


def quantity(g: Gen, variant: str) -> str:
    return str(g.rng.choice((1, 1, 1, 2, 2, 3, 5, 10, 12, 24, 100)))


def imo(g: Gen, variant: str) -> str:
    return ck.make_imo(g.rng)


def mmsi(g: Gen, variant: str) -> str:
    return g.rng.choice(("412", "413", "414", "477", "563", "636")) + ck.digits(g.rng, 6)


def container(g: Gen, variant: str) -> str:
    body = g.rng.choice(CARRIERS) + ck.digits(g.rng, 6)
    value = body + stdnum.iso6346.calc_check_digit(body)
    assert stdnum.iso6346.is_valid(value), value
    return value


def status(g: Gen, variant: str) -> str:
    return g.rng.choice(STATUS)


def product(g: Gen, variant: str) -> str:
    return g.rng.choice(PRODUCTS)


def city(g: Gen, variant: str) -> str:
    return g.rng.choice(CITIES)


def port(g: Gen, variant: str) -> str:
    return g.rng.choice(PORTS)


def company(g: Gen, variant: str) -> str:
    return str(g.en.company() if variant == "en" else g.zh.company())


def clean_remark(g: Gen, variant: str) -> str:
    return g.rng.choice(CLEAN_REMARKS).format(
        order=order_no(g, "so"), amount=amount(g, ""), n=g.rng.randint(1, 40), date=_day(g), city=city(g, "")
    )


DECOYS: dict[str, Callable[[Gen, str], str]] = {
    "order_no_ric": order_no_ric, "order_no": order_no, "sku": sku, "member_no": member_no, "guid": guid, "timestamp": timestamp,
    "event_date": event_date, "due_date": due_date, "sparse_code": sparse_code, "amount": amount, "fx_rate": fx_rate, "quantity": quantity, "imo": imo,
    "mmsi": mmsi, "container": container, "status": status, "product": product, "city": city,
    "port": port, "company": company, "clean_remark": clean_remark,
}  # fmt: skip
VARIANTS: dict[str, tuple[str, ...]] = {
    "order_no": ("so", "digits", "plain"), "guid": ("lower", "upper", "braced", "hex"),
    "timestamp": ("iso_space", "iso_t", "epoch", "epoch_ms"), "event_date": ("iso", "slash"),
    "amount": ("plain", "yuan", "int"), "company": ("zh", "zh", "en"),
}  # fmt: skip
