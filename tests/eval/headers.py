"""Column headers as exporters write them: Chinese, English, pinyin abbreviation, or meaningless.

`obfuscated` headers (`c07`, `col_7`, `f12`, `field_3`) carry no hint at all, so a column under
one must be recognised from its values. Decoys get headers of their own kind, never a PI hint.
"""

from __future__ import annotations

import random

KINDS = ("zh", "en", "pinyin", "obfuscated")
KIND_WEIGHTS = (0.3, 0.3, 0.15, 0.25)

HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    "PERSON_NAME": {"zh": ("姓名", "客户姓名", "联系人", "收件人", "旅客姓名"), "en": ("name", "customer_name", "guest_name", "full_name", "contact"), "pinyin": ("xm", "khxm", "lxr", "xingming")},
    "CN_RESIDENT_ID": {"zh": ("身份证号", "证件号码", "身份证号码", "公民身份号码"), "en": ("id_no", "id_card", "national_id", "IDNumber"), "pinyin": ("sfzh", "sfzhm", "zjhm")},
    "PASSPORT_NUMBER": {"zh": ("护照号", "护照号码"), "en": ("passport_no", "passport_number", "PassportNo"), "pinyin": ("hzh", "hzhm")},
    "HK_MACAO_PERMIT": {"zh": ("港澳通行证号", "往来港澳通行证", "回乡证号"), "en": ("hk_macao_permit", "permit_no", "hrp_no"), "pinyin": ("gatxz", "gatxzh")},
    "TAIWAN_PERMIT": {"zh": ("台湾通行证号", "往来台湾通行证", "台胞证号"), "en": ("taiwan_permit", "tw_permit_no", "mtp_no"), "pinyin": ("twtxz", "tbzh")},
    "CN_MOBILE": {"zh": ("手机号", "手机号码", "联系电话", "手机"), "en": ("mobile", "phone", "cell_phone", "mobile_no"), "pinyin": ("sjh", "sjhm", "lxdh")},
    "PHONE_NUMBER": {"zh": ("座机", "固定电话", "办公电话", "联系电话"), "en": ("landline", "office_phone", "tel", "phone_number"), "pinyin": ("gddh", "bgdh", "dh")},
    "EMAIL_ADDRESS": {"zh": ("邮箱", "电子邮件", "电子邮箱"), "en": ("email", "e_mail", "mail_address"), "pinyin": ("yx", "dzyx", "youxiang")},
    "ADDRESS": {"zh": ("地址", "家庭住址", "收货地址", "联系地址"), "en": ("address", "home_address", "shipping_address", "addr"), "pinyin": ("dz", "jtzz", "shdz", "dizhi")},
    "BANK_CARD": {"zh": ("银行卡号", "卡号", "收款账号"), "en": ("bank_card", "card_no", "account_no"), "pinyin": ("yhkh", "yhk", "yhzh")},
    "IP_ADDRESS": {"zh": ("IP地址", "登录IP", "来源IP"), "en": ("ip", "client_ip", "login_ip", "remote_addr"), "pinyin": ("ipdz", "dlip")},
    "DEVICE_ID": {"zh": ("设备号", "设备标识", "MAC地址", "串号"), "en": ("imei", "device_id", "mac", "hw_addr"), "pinyin": ("sbh", "sbbs")},
    "LICENSE_PLATE": {"zh": ("车牌号", "车牌号码", "车牌"), "en": ("plate", "license_plate", "plate_no"), "pinyin": ("cph", "cphm")},
    "GEO_COORDINATE": {"zh": ("经纬度", "坐标", "定位"), "en": ("location", "gps", "coords"), "pinyin": ("jwd", "zb")},
    "GEO_LAT": {"zh": ("纬度",), "en": ("lat", "latitude"), "pinyin": ("wd",)},
    "GEO_LON": {"zh": ("经度",), "en": ("lng", "lon", "longitude"), "pinyin": ("jd",)},
    "DATE_OF_BIRTH": {"zh": ("出生日期", "生日", "出生年月日"), "en": ("birth_date", "dob", "birthday", "date_of_birth"), "pinyin": ("csrq", "sr")},
    "HEALTH_INFO": {"zh": ("诊断", "诊断结果", "病情", "既往病史"), "en": ("diagnosis", "medical_condition", "dx"), "pinyin": ("zd", "zdjg", "jws")},
    "CN_USCC": {"zh": ("统一社会信用代码", "信用代码", "企业代码"), "en": ("uscc", "credit_code", "org_code"), "pinyin": ("tyshxydm", "xydm")},
    "REMARK": {"zh": ("备注", "客服备注", "说明", "留言"), "en": ("remark", "notes", "comment", "memo"), "pinyin": ("bz", "bzxx")},
    # decoys
    "order_no_ric": {"zh": ("订单号", "流水号", "单据编号"), "en": ("order_no", "serial_no", "txn_id"), "pinyin": ("ddh", "lsh")},
    "order_no": {"zh": ("订单编号", "交易单号"), "en": ("order_id", "trade_no"), "pinyin": ("ddbh", "jydh")},
    "sku": {"zh": ("商品编码", "商品ID"), "en": ("sku", "sku_id", "item_id"), "pinyin": ("spbm",)},
    "member_no": {"zh": ("会员号", "会员编号"), "en": ("member_id", "member_no"), "pinyin": ("hyh",)},
    "guid": {"zh": ("请求ID", "追踪号"), "en": ("guid", "uuid", "trace_id", "request_id"), "pinyin": ("qqid",)},
    "timestamp": {"zh": ("创建时间", "下单时间", "更新时间"), "en": ("created_at", "updated_at", "ts"), "pinyin": ("cjsj", "xdsj")},
    "event_date": {"zh": ("下单日期", "入住日期", "离店日期"), "en": ("order_date", "check_in", "ship_date"), "pinyin": ("xdrq", "rzrq")},
    "due_date": {"zh": ("到期日", "合同截止日期", "有效期至"), "en": ("due_date", "expires_on", "valid_until"), "pinyin": ("dqr", "yxqz")},
    "sparse_code": {"zh": ("优惠券码", "补单号"), "en": ("coupon_code", "reissue_no"), "pinyin": ("yhqm", "bdh")},
    "amount": {"zh": ("金额", "订单金额", "实付"), "en": ("amount", "total", "price"), "pinyin": ("je", "sfje")},
    "fx_rate": {"zh": ("汇率",), "en": ("fx_rate", "exchange_rate"), "pinyin": ("hl",)},
    "quantity": {"zh": ("数量", "件数"), "en": ("qty", "quantity"), "pinyin": ("sl",)},
    "imo": {"zh": ("IMO编号", "船舶识别号"), "en": ("imo", "imo_no", "vessel_imo"), "pinyin": ("cbsbh",)},
    "mmsi": {"zh": ("水上移动业务标识",), "en": ("mmsi", "vessel_mmsi"), "pinyin": ("mmsi_h",)},
    "container": {"zh": ("箱号", "集装箱号"), "en": ("container_no", "cntr"), "pinyin": ("xh",)},
    "status": {"zh": ("状态", "订单状态"), "en": ("status", "state"), "pinyin": ("zt", "ddzt")},
    "product": {"zh": ("商品名称", "品名"), "en": ("product", "item_name"), "pinyin": ("spmc", "pm")},
    "city": {"zh": ("城市", "所在城市", "目的地"), "en": ("city", "destination"), "pinyin": ("cs", "szcs")},
    "port": {"zh": ("港口", "装货港"), "en": ("port", "pol", "pod"), "pinyin": ("gk",)},
    "company": {"zh": ("公司名称", "单位名称", "供应商"), "en": ("company", "employer", "supplier"), "pinyin": ("gsmc", "dwmc")},
    "clean_remark": {"zh": ("备注", "说明", "处理意见"), "en": ("remark", "note"), "pinyin": ("bz", "clyj")},
}  # fmt: skip


def obfuscated(rng: random.Random, position: int) -> str:
    return rng.choice((f"c{position:02d}", f"col_{position}", f"f{position}", f"field_{position}", f"x{position}"))


def pick_kind(rng: random.Random, allowed: tuple[str, ...] = KINDS) -> str:
    weights = [w for k, w in zip(KINDS, KIND_WEIGHTS, strict=True) if k in allowed]
    return rng.choices([k for k in KINDS if k in allowed], weights=weights)[0]


def header(rng: random.Random, key: str, kind: str, position: int, taken: set[str]) -> str:
    """A header for column `key` of kind `kind`, unique within the file (`taken` is updated)."""
    if kind == "obfuscated":
        name = obfuscated(rng, position)
    else:
        options = [h for h in HEADERS[key][kind] if h not in taken] or [f"{HEADERS[key][kind][0]}_{position}"]
        name = rng.choice(options)
    taken.add(name)
    return name
