"""Cell values that are words, not numbers: person names, addresses, diagnoses.

Chinese names come from Faker zh_CN plus a few minority names written with the middle dot;
English columns mix Faker en_US names with passport-style pinyin. Addresses are composed from
real administrative divisions and road names (province, city, district, road, number, building,
unit, room) or taken from Faker zh_CN; English addresses from Faker en_US.
"""

from __future__ import annotations

from tests.eval.values import Gen

MINORITY_NAMES = ("阿卜杜拉·买买提", "古丽娜扎·艾力", "次仁·多吉", "阿依古丽·吐尔逊", "扎西·平措", "热依拉·阿不都")
PINYIN_SURNAMES = ("ZHANG", "WANG", "LI", "ZHAO", "CHEN", "LIU", "YANG", "HUANG", "ZHOU", "WU", "XU", "SUN", "MA", "ZHU", "HU", "GUO", "HE", "LIN")  # fmt: skip
PINYIN_GIVEN = ("WEI", "FANG", "NA", "MIN", "JING", "LEI", "QIANG", "JUN", "YANG", "YONG", "YAN", "JIE", "TAO", "MING", "CHAO", "XIUYING", "GUIYING", "HAOYU", "ZIHAN", "YUTONG")  # fmt: skip

# (province prefix, city, districts): real divisions; municipalities have no province part.
DIVISIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("", "北京市", ("朝阳区", "海淀区", "东城区", "丰台区")),
    ("", "上海市", ("浦东新区", "徐汇区", "静安区", "闵行区", "黄浦区")),
    ("", "天津市", ("和平区", "南开区", "滨海新区")),
    ("", "重庆市", ("渝中区", "江北区", "九龙坡区")),
    ("广东省", "广州市", ("天河区", "越秀区", "海珠区", "番禺区")),
    ("广东省", "深圳市", ("南山区", "福田区", "宝安区", "龙岗区")),
    ("浙江省", "杭州市", ("西湖区", "余杭区", "拱墅区", "滨江区")),
    ("江苏省", "南京市", ("鼓楼区", "玄武区", "江宁区")),
    ("江苏省", "苏州市", ("姑苏区", "吴中区", "昆山市")),
    ("四川省", "成都市", ("武侯区", "锦江区", "青羊区", "双流区")),
    ("湖北省", "武汉市", ("洪山区", "江汉区", "武昌区")),
    ("陕西省", "西安市", ("雁塔区", "碑林区", "未央区")),
    ("山东省", "青岛市", ("市南区", "崂山区", "黄岛区")),
    ("福建省", "厦门市", ("思明区", "湖里区", "集美区")),
    ("河南省", "郑州市", ("金水区", "二七区", "中原区")),
    ("湖南省", "长沙市", ("岳麓区", "芙蓉区", "天心区")),
    ("云南省", "大理白族自治州", ("大理市", "宾川县", "洱源县")),
    ("新疆维吾尔自治区", "乌鲁木齐市", ("天山区", "沙依巴克区")),
)
ROADS = ("中山路", "人民路", "解放路", "建设路", "南京东路", "淮海中路", "长安街", "科技园南路", "文三路",
         "天府大道", "珞喻路", "长江路", "延安西路", "深南大道", "学院路", "滨江大道", "五四路", "香港中路",
         "黄河路", "花园街", "东风大街", "和平里北街", "幸福巷")  # fmt: skip
ESTATES = ("阳光花园", "锦绣华庭", "翠苑小区", "金色家园", "万科城", "碧桂园", "和平新村", "世纪公寓", "龙湖春江郦城")
VILLAGES = ("王家村", "石桥村", "新华村", "东湖村", "李庄村")
TOWNS = ("城关镇", "柳林镇", "马坊镇", "新华镇")

DIAGNOSES_ZH = ("高血压", "2型糖尿病", "急性上呼吸道感染", "冠状动脉粥样硬化性心脏病", "慢性胃炎", "腰椎间盘突出症",
                "支气管哮喘", "甲状腺结节", "非酒精性脂肪性肝病", "社区获得性肺炎", "过敏性鼻炎", "左桡骨远端骨折",
                "抑郁症", "慢性乙型病毒性肝炎", "高脂血症", "类风湿关节炎", "偏头痛", "缺铁性贫血", "老年性白内障",
                "带状疱疹", "急性阑尾炎", "慢性阻塞性肺疾病", "脑梗死", "妊娠期糖尿病", "焦虑状态", "痛风")  # fmt: skip
ICD10 = (("I10", "原发性高血压"), ("E11.9", "2型糖尿病"), ("J06.9", "急性上呼吸道感染"), ("K29.5", "慢性胃炎"),
         ("M51.2", "腰椎间盘突出"), ("J45.9", "哮喘"), ("F32.9", "抑郁发作"), ("B18.1", "慢性乙型病毒性肝炎"),
         ("E78.5", "高脂血症"), ("I63.9", "脑梗死"), ("K35.8", "急性阑尾炎"), ("N18.3", "慢性肾脏病3期"))  # fmt: skip
DIAGNOSES_EN = ("Hypertension", "Type 2 diabetes mellitus", "Asthma", "Acute bronchitis", "Major depressive disorder",
                "Chronic hepatitis B", "Hyperlipidaemia", "Osteoarthritis of knee", "Migraine", "Iron deficiency anaemia",
                "Community-acquired pneumonia", "Gastro-oesophageal reflux disease")  # fmt: skip


def person_name(g: Gen, variant: str) -> str:
    if variant == "en":
        if g.rng.random() < 0.5:
            return g.en.name()
        given = g.rng.choice(PINYIN_GIVEN)
        return f"{g.rng.choice(PINYIN_SURNAMES)} {given}" if g.rng.random() < 0.5 else f"{given.title()} {g.rng.choice(PINYIN_SURNAMES).title()}"
    if g.rng.random() < 0.02:
        return g.rng.choice(MINORITY_NAMES)
    return str(g.zh.name())


def _composed_address(g: Gen) -> str:
    province, city, districts = g.rng.choice(DIVISIONS)
    district = g.rng.choice(districts)
    r = g.rng.random()
    if r < 0.12:
        rest = f"{g.rng.choice(TOWNS)}{g.rng.choice(VILLAGES)}{g.rng.randint(1, 12)}组{g.rng.randint(1, 80)}号"
    else:
        rest = f"{g.rng.choice(ROADS)}{g.rng.randint(1, 2000)}号"
        s = g.rng.random()
        if s < 0.35:
            rest += f"{g.rng.choice(ESTATES)}{g.rng.randint(1, 30)}栋{g.rng.randint(1, 6)}单元{g.rng.randint(1, 33)}{g.rng.randint(1, 4):02d}室"
        elif s < 0.55:
            rest = f"{g.rng.choice(ROADS)}{g.rng.randint(1, 900)}弄{g.rng.randint(1, 60)}号{g.rng.randint(101, 2604)}室"
        elif s < 0.7:
            rest += f"{g.rng.randint(1, 40)}号楼{g.rng.randint(101, 2804)}"
    start = g.rng.random()
    if start < 0.6:
        head = f"{province}{city}{district}"
    elif start < 0.85:
        head = f"{city}{district}"
    else:
        head = district
    return head + rest


def address(g: Gen, variant: str) -> str:
    if variant == "en":
        return g.en.address().replace("\n", ", ")
    if variant == "faker_zh" and g.rng.random() < 0.7:
        return str(g.zh.address())
    return _composed_address(g)


def health_info(g: Gen, variant: str) -> str:
    if variant == "en":
        return g.rng.choice(DIAGNOSES_EN)
    if variant == "icd":
        code, name = g.rng.choice(ICD10)
        return f"{code} {name}" if g.rng.random() < 0.7 else f"{name}（{code}）"
    first = g.rng.choice(DIAGNOSES_ZH)
    if g.rng.random() < 0.2:
        return f"{first}；{g.rng.choice(DIAGNOSES_ZH)}"
    return first
