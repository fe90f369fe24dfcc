"""Fake personal and company names, vectorized.

What belongs here: the name material (common surnames with rough frequencies, given-name
characters, Tibetan names for courts in Tibetan areas, company-name parts) and samplers
that return numpy string arrays. Every name is generated; none is taken from a real case.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
# Rough weights: the first surnames are far more common.
_SURNAME_W = 1.0 / np.arange(1, len(SURNAMES) + 1) ** 0.8
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红梅建国志文海燕鹏飞辉斌宇浩凯晨阳晓东丹婷雪琳佳欣"
    "怡雨萱子涵博文俊杰振宇思远嘉豪梓轩一诺欣怡雅琪宏亮永福春生秋菊德胜学军建华金花彦龙旭东瑞霞晋"
)
TIBETAN = (
    "才让", "卓玛", "扎西", "多杰", "拉毛", "索南", "旦正", "尕藏", "完玛", "华尔旦", "东知", "仁青", "措毛",
    "贡保", "李加", "加措", "杨毛", "央金", "道吉", "桑杰", "周毛", "拉姆", "当周", "才旦", "更登", "洛桑",
    "达瓦", "吉毛", "闹吾", "切排",
)
FIRM_WORDS = (
    "鑫源", "恒通", "宏达", "华瑞", "永盛", "嘉禾", "金诚", "丰泽", "瑞祥", "天禾", "安顺", "兴隆", "博远",
    "凯达", "众信", "福瑞", "广汇", "润丰", "鼎盛", "新元", "雪域", "高原", "祥和", "康源",
)
FIRM_TRADES = ("商贸", "建筑工程", "农牧业开发", "运输", "小额贷款", "房地产开发", "物业管理", "餐饮管理",
               "建材", "旅游开发", "畜产品", "汽车销售")
FIRM_FORMS = ("有限公司", "有限责任公司", "股份有限公司")
AGENCIES = ("人民政府", "自然资源局", "公安局", "市场监督管理局", "人力资源和社会保障局", "住房和城乡建设局",
            "生态环境局", "林业和草原局")


@lru_cache(maxsize=16)
def _choices(items) -> np.ndarray:
    return np.array(list(items), dtype=object)


def _pick(rng: np.random.Generator, items, n: int, p=None) -> np.ndarray:
    arr = _choices(items)
    return arr[rng.choice(len(arr), size=n, p=p)]


_SURNAME_P = _SURNAME_W / _SURNAME_W.sum()


@lru_cache(maxsize=1)
def _given_names() -> np.ndarray:
    """Every given name: GIVEN[i] + GIVEN[j] at i * (L + 1) + j, GIVEN[i] alone at j = L."""
    chars = list(GIVEN) + [""]
    return np.array([a + b for a in GIVEN for b in chars], dtype=object)


def person_names(rng: np.random.Generator, n: int, tibetan_share=0.0) -> np.ndarray:
    """Han names of two or three characters; a share of Tibetan names of two to four
    (`tibetan_share`: one share, or one per name)."""
    sur = _pick(rng, SURNAMES, n, _SURNAME_P)
    g1 = rng.choice(len(GIVEN), size=n)
    g2 = rng.choice(len(GIVEN), size=n)
    two = rng.random(n) < 0.3
    names = sur + _given_names()[g1 * (len(GIVEN) + 1) + np.where(two, len(GIVEN), g2)]
    if np.any(np.asarray(tibetan_share) > 0):
        t1 = _pick(rng, TIBETAN, n)
        t2 = _pick(rng, TIBETAN, n)
        single = (rng.random(n) < 0.45) | (t1 == t2)
        tib = np.where(single, t1, t1 + t2)
        names = np.where(rng.random(n) < tibetan_share, tib, names)
    return names.astype(object)


def company_names(rng: np.random.Generator, n: int, place) -> np.ndarray:
    """Firm names of the place (one place, or one per name)."""
    return (place + _pick(rng, FIRM_WORDS, n) + _pick(rng, FIRM_TRADES, n) + _pick(rng, FIRM_FORMS, n)).astype(object)


def unique_person_names(rng: np.random.Generator, n: int, tibetan_share: float) -> list[str]:
    """n distinct names (judges of one court)."""
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < n:
        for name in person_names(rng, 2 * n + 4, tibetan_share):
            if name not in seen:
                seen.add(name)
                out.append(name)
                if len(out) == n:
                    break
    return out


def party_lists(rng: np.random.Generator, kind: np.ndarray, place, prosecutor, tibetan_share) -> np.ndarray:
    """当事人 strings, names separated by '；'. place, prosecutor and tibetan_share: one
    value, or one per case (the case's court).

    kind per case: 0 civil/enforcement (2–4 parties, some companies), 1 criminal
    (公诉机关 and 1–3 defendants), 2 administrative (plaintiff and a government agency).
    Names are drawn only for the parties a case has."""
    n = len(kind)
    if n == 0:
        return np.array([], dtype=object)
    place = np.broadcast_to(np.asarray(place, dtype=object), (n,))
    prosecutor = np.broadcast_to(np.asarray(prosecutor, dtype=object), (n,))
    share = np.broadcast_to(np.asarray(tibetan_share, dtype=float), (n,))
    criminal = kind == 1
    firm = ~criminal & (rng.random(n) < 0.18)
    count = rng.choice([2, 3, 4], size=n, p=[0.8, 0.15, 0.05])        # civil: parties
    defendants = rng.choice([1, 2, 3], size=n, p=[0.8, 0.15, 0.05])   # criminal: defendants

    def names(mask: np.ndarray) -> np.ndarray:
        out = np.full(n, "", dtype=object)
        out[mask] = person_names(rng, int(mask.sum()), share[mask])
        return out

    civil = kind == 0
    first = names(~firm)                                        # plaintiff, or the first defendant
    other = names(civil | (criminal & (defendants >= 2)))
    third = names((civil & (count >= 3)) | (criminal & (defendants >= 3)))
    fourth = names(civil & (count >= 4))
    if firm.any():
        first[firm] = company_names(rng, int(firm.sum()), place[firm])
    sep = "；"
    admin = kind == 2
    agency = np.full(n, "", dtype=object)
    agency[admin] = place[admin] + _pick(rng, AGENCIES, int(admin.sum()))
    # civil: first, other[, third[, fourth]]; criminal: prosecutor, first[, other[, third]];
    # administrative: first, agency.
    out = (np.where(criminal, prosecutor, first) + sep
           + np.where(civil, other, np.where(criminal, first, agency)))
    for mask, value in (((civil & (count >= 3)) | (criminal & (defendants >= 2)), np.where(civil, third, other)),
                        ((civil & (count >= 4)) | (criminal & (defendants >= 3)), np.where(civil, fourth, third))):
        out[mask] = out[mask] + sep + value[mask]
    return out
