"""Calibration: the magnitudes and behaviour the simulation reproduces, as data tables.

What belongs here: case volumes (per province, per court), the case-type mix by court
role, procedures, durations, dispositions and their probabilities, the linkage
probabilities (appeals, enforcement, resumed enforcement), enforcement amounts, and the
per-court profiles that make courts differ. Nothing that draws random numbers for cases
(simulate.py does that) and nothing about export formats.

Sources of the magnitudes (approximate, rounded): Gansu courts received about 626,000
cases in 2024, China's about 46 million; the province split below is an estimate by
economic size (not published per-province figures) that sums to 46 million. Published
national averages: civil first instance ~65 days, criminal ~45, administrative ~100,
enforcement ~80; civil mediation+withdrawal 30–60 % of first-instance closures;
enforcement completed ~40 %, no-assets terminations ~40 %, recovery ~55 % of amounts
claimed. Gannan's per-court volumes and profiles are invented to tell a believable story
(合作 biggest and strong, 舟曲 slow, 临潭 with a backlog, 夏河 weak at enforcement, 玛曲
with few mediations); they are not published figures.
"""

from __future__ import annotations

import csv
import zlib
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

REFERENCE = Path(__file__).resolve().parent.parent / "warehouse" / "reference"

# ---------------------------------------------------------------- case types

TYPES = ("民初", "民特", "刑初", "行初", "财保", "执", "执恢", "执异", "执保",
         "民终", "刑终", "行终", "执复", "民申", "刑申", "行申")
T = {code: i for i, code in enumerate(TYPES)}
APPEAL_OF = {"民初": "民终", "刑初": "刑终", "行初": "行终"}
REVIEW_OF = {"民终": "民申", "刑终": "刑申", "行终": "行申"}

# Share of a court's own volume filed as independent (primary) cases, by role.
# Enforcement, preservation and appeals are derived from other cases (see LINKS).
PRIMARY_MIX = {
    "basic": {"民初": 0.565, "民特": 0.02, "刑初": 0.065, "行初": 0.009, "财保": 0.008},
    "intermediate": {"民初": 0.50, "刑初": 0.09, "行初": 0.08, "财保": 0.01},
    "high": {"民初": 0.55, "行初": 0.05},
}
# The derived types add roughly this much on top of the primary cases of a court.
DERIVED_FACTOR = 0.93

# Linkage probabilities (per origin case) and lags in days (median, sigma of a lognormal).
LINKS = {
    "execution_from_civil": 0.62,     # 民初/民特 closed as judgment or mediation → 执
    "execution_from_criminal": 0.08,  # 刑初 judgment with a fine or confiscation → 执
    "execution_lag": (75, 0.7),
    "resume_after_no_assets": 0.30,   # 执 closed 终本 → 执恢
    "resume_lag": (220, 0.7),
    "objection": 0.06,                # 执 → 执异
    "preservation": 0.025,            # 民初 → 执保
    "reconsideration": 0.15,          # 执异 dismissed → 执复 at the parent court
    "retrial_review": {"民终": 0.07, "刑终": 0.02, "行终": 0.10},  # → 民申/刑申/行申 at the parent
    "review_lag": (60, 0.6),
    "appeal_lag": (20, 0.5),          # after the 15-day appeal window
}
# Probability that a first-instance closure is appealed, by case type and disposition group.
APPEAL_PROB = {
    "民初": {"judgment": 0.30, "dismissal": 0.25},
    "刑初": {"judgment": 0.12},
    "行初": {"judgment": 0.55, "dismissal": 0.45},
}
APPEAL_PROB_FROM_INTERMEDIATE = {
    "民初": {"judgment": 0.50, "dismissal": 0.35},
    "刑初": {"judgment": 0.35},
    "行初": {"judgment": 0.60, "dismissal": 0.50},
}

# ---------------------------------------------------------------- procedures

PROCEDURE_MIX = {
    ("basic", "民初"): {"简易程序": 0.55, "小额诉讼程序": 0.17, "普通程序": 0.28},
    ("basic", "刑初"): {"速裁程序": 0.28, "简易程序": 0.34, "普通程序": 0.38},
    ("basic", "行初"): {"简易程序": 0.12, "普通程序": 0.88},
    ("basic", "民特"): {"特别程序": 1.0},
    ("intermediate", "民初"): {"普通程序": 1.0},
    ("intermediate", "刑初"): {"普通程序": 1.0},
    ("intermediate", "行初"): {"普通程序": 1.0},
    ("high", "民初"): {"普通程序": 1.0},
    ("high", "行初"): {"普通程序": 1.0},
}
# A case running over a short procedure's limit is usually converted to 普通程序.
CONVERTIBLE = {"简易程序", "小额诉讼程序", "速裁程序"}

# ---------------------------------------------------------------- durations

# Base duration in days (lognormal median, sigma) by (type, procedure or "").
DURATION = {
    ("民初", "小额诉讼程序"): (22, 0.70), ("民初", "简易程序"): (37, 0.75), ("民初", "普通程序"): (84, 0.70),
    ("民特", "特别程序"): (8, 0.80),
    ("刑初", "速裁程序"): (7, 0.40), ("刑初", "简易程序"): (15, 0.45), ("刑初", "普通程序"): (55, 0.60),
    ("行初", "简易程序"): (30, 0.50), ("行初", "普通程序"): (76, 0.65),
    ("民终", ""): (45, 0.55), ("刑终", ""): (35, 0.55), ("行终", ""): (50, 0.55),
    ("执异", ""): (11, 0.45), ("执复", ""): (40, 0.60), ("执保", ""): (10, 0.80), ("财保", ""): (6, 0.70),
    ("民申", ""): (60, 0.60), ("刑申", ""): (70, 0.60), ("行申", ""): (60, 0.60),
}
# Enforcement durations depend on the outcome: 终本 needs months of asset searches.
ENFORCEMENT_DURATION = {"enforced": (35, 0.95), "terminated_no_assets": (96, 0.35),
                        "termination": (60, 0.80), "not_enforced": (40, 0.70),
                        "dismissal": (30, 0.70), "other": (50, 0.80)}
# Litigation durations scale with the outcome (withdrawals end early, judgments late).
GROUP_FACTOR = {"withdrawal": 0.55, "mediation": 0.75, "judgment": 1.2, "dismissal": 0.8,
                "transfer": 0.4, "termination": 1.0, "upheld": 1.0, "reversed": 1.25,
                "remanded": 1.1, "appeal_withdrawn": 0.6, "retrial_granted": 1.2, "other": 1.0}
INTERMEDIATE_SLOWER = 1.35  # first instance at an intermediate court takes longer

EXCLUDED_SHARE = {"民初": 0.09, "行初": 0.08, "刑初": 0.03, "民终": 0.04, "执": 0.06, "执恢": 0.06}
EXCLUDED_DAYS = (15, 120)      # 公告, 鉴定, 管辖异议, 中止 …
UNNEEDED_EXTENSION = 0.02      # extensions approved but not used
# Longest extension a court approves (days) by type; a case still running after it is over the limit.
EXTENSION_CAP = {"民初": 183, "行初": 92, "刑初": 92, "民终": 92, "刑终": 61, "行终": 92, "执": 92, "执恢": 92}
EXTENSION_CAP_DEFAULT = 30
EXTENSION_MARGIN = (3, 30)
DECEMBER_PUSH = 0.30           # share of January–mid-February closings pulled into late December
WEEKEND_SHIFT = 0.85

# ---------------------------------------------------------------- dispositions

DISPOSITIONS = {
    "民初": {"判决": .42, "调解": .17, "调解结案": .03, "撤诉": .10, "准予撤诉": .13, "按撤诉处理": .05,
             "驳回起诉": .06, "移送管辖": .025, "终结诉讼": .01, "其他": .005},
    "民特": {"司法确认": .70, "判决": .08, "驳回申请": .12, "撤诉": .10},
    "刑初": {"判决": .94, "撤诉": .025, "终止审理": .025, "移送": .01},
    "行初": {"判决": .42, "驳回起诉": .22, "撤诉": .12, "准予撤诉": .16, "调解": .04, "移送管辖": .04},
    "民终": {"维持原判": .46, "驳回上诉维持原判": .08, "改判": .13, "发回重审": .07, "撤回上诉": .08,
             "准许撤回上诉": .05, "按撤回上诉处理": .03, "调解": .07, "终结诉讼": .01, "驳回起诉": .02},
    "刑终": {"维持原判": .62, "驳回上诉维持原判": .10, "改判": .10, "发回重审": .05, "撤回上诉": .07,
             "准许撤回上诉": .04, "按撤回上诉处理": .02},
    "行终": {"维持原判": .50, "驳回上诉维持原判": .15, "改判": .08, "发回重审": .05, "撤回上诉": .10,
             "准许撤回上诉": .06, "调解": .02, "驳回起诉": .04},
    "执": {"执行完毕": .40, "终结本次执行程序": .30, "终本": .10, "终结执行": .12, "不予执行": .02,
           "销案": .02, "驳回申请": .02, "其他": .02},
    "执恢": {"执行完毕": .45, "终结本次执行程序": .35, "终结执行": .15, "其他": .05},
    "执异": {"驳回申请": .55, "撤诉": .15, "准予撤诉": .05, "其他": .25},
    "执复": {"驳回申请": .70, "其他": .20, "撤诉": .10},
    "执保": {"执行完毕": .90, "终结执行": .07, "其他": .03},
    "财保": {"执行完毕": .85, "驳回申请": .05, "撤诉": .06, "终结执行": .04},
    "民申": {"驳回再审申请": .72, "裁定再审": .06, "提审": .02, "指令再审": .04, "撤诉": .12, "终结诉讼": .04},
}
DISPOSITIONS["刑申"] = DISPOSITIONS["民申"]
DISPOSITIONS["行申"] = DISPOSITIONS["民申"]

# Share of the amount claimed that is recovered, by outcome (uniform low, high).
RECOVERY = {"enforced": (0.97, 1.0), "terminated_no_assets": (0.02, 0.45), "termination": (0.3, 1.0),
            "not_enforced": (0.0, 0.1), "dismissal": (0.0, 0.0), "other": (0.0, 0.3)}
AMOUNT = {"basic": (26_000, 1.25), "intermediate": (420_000, 1.3), "high": (3_000_000, 1.2)}

# ---------------------------------------------------------------- causes (案由)

CAUSES = {
    "民初": {"民间借贷纠纷": 16, "买卖合同纠纷": 11, "离婚纠纷": 12, "金融借款合同纠纷": 8,
             "机动车交通事故责任纠纷": 7, "劳务合同纠纷": 5, "追索劳动报酬纠纷": 4, "信用卡纠纷": 5,
             "租赁合同纠纷": 4, "建设工程施工合同纠纷": 3, "物业服务合同纠纷": 3, "抚养纠纷": 2,
             "继承纠纷": 2, "生命权、身体权、健康权纠纷": 3, "排除妨害纠纷": 2, "房屋买卖合同纠纷": 2,
             "追偿权纠纷": 2, "土地承包经营权纠纷": 2, "服务合同纠纷": 2},
    "民特": {"申请司法确认调解协议": 8, "申请宣告失踪": 1, "申请认定公民无民事行为能力": 1,
             "申请实现担保物权": 1},
    "刑初": {"危险驾驶罪": 22, "盗窃罪": 14, "故意伤害罪": 10, "诈骗罪": 8, "帮助信息网络犯罪活动罪": 9,
             "交通肇事罪": 6, "开设赌场罪": 4, "寻衅滋事罪": 4, "非法采矿罪": 2, "滥伐林木罪": 2,
             "非法狩猎罪": 1, "掩饰、隐瞒犯罪所得罪": 3, "拒不支付劳动报酬罪": 1},
    "行初": {"行政处罚": 6, "行政强制": 3, "行政登记": 2, "行政许可": 2, "行政征收": 2, "行政补偿": 2,
             "政府信息公开": 2, "行政协议": 1, "行政复议": 1},
    "执异": {"执行异议": 3, "案外人执行异议": 1},
    "执保": {"财产保全": 1},
    "财保": {"诉前财产保全": 1},
    "执复": {"执行复议": 1},
}

# ---------------------------------------------------------------- divisions and judges

# Division of each case type, by role; a list means the cases are spread over them.
DIVISIONS = {
    "basic": {"民初": ["民事审判第一庭", "民事审判第二庭"], "民特": ["立案庭"], "财保": ["立案庭"],
              "刑初": ["刑事审判庭"], "行初": ["行政审判庭"], "执": ["执行局"], "执恢": ["执行局"],
              "执异": ["执行局"], "执保": ["执行局"]},
    "intermediate": {"民初": ["民事审判第一庭", "民事审判第二庭"], "民终": ["民事审判第一庭", "民事审判第二庭"],
                     "财保": ["立案庭"], "刑初": ["刑事审判第一庭"], "刑终": ["刑事审判第二庭"],
                     "行初": ["行政审判庭"], "行终": ["行政审判庭"], "执": ["执行局"], "执恢": ["执行局"],
                     "执异": ["执行局"], "执复": ["执行局"], "执保": ["执行局"]},
    "high": {"民初": ["民事审判第一庭", "民事审判第二庭"], "民终": ["民事审判第一庭", "民事审判第二庭"],
             "刑终": ["刑事审判第一庭"], "行初": ["行政审判庭"], "行终": ["行政审判庭"],
             "执": ["执行局"], "执恢": ["执行局"], "执异": ["执行局"], "执复": ["执行局"],
             "执保": ["执行局"], "财保": ["立案庭"], "民申": ["审判监督庭"], "刑申": ["审判监督庭"],
             "行申": ["审判监督庭"]},
}
CASES_PER_JUDGE = {"民事": 260, "刑事": 160, "行政": 110, "执行": 330, "立案": 500, "审判": 200}
SMALL_COURT_CIVIL = 1500  # below this annual volume a basic court has one civil division

# ---------------------------------------------------------------- volumes

GANSU_ANNUAL = 626_000
NATIONAL_ANNUAL = 46_000_000
# Estimated annual cases by province (thousands; Gansu fixed at the published 626).
PROVINCE_ANNUAL_K = {
    "京": 1000, "津": 450, "冀": 1650, "晋": 650, "内": 600, "辽": 1150, "吉": 800, "黑": 800,
    "沪": 1050, "苏": 2500, "浙": 2300, "皖": 1500, "闽": 1150, "赣": 950, "鲁": 2300, "豫": 2200,
    "鄂": 1250, "湘": 1300, "粤": 3600, "桂": 950, "琼": 300, "渝": 1000, "川": 1850, "黔": 950,
    "云": 1000, "藏": 40, "陕": 1000, "甘": 626, "青": 150, "宁": 220, "新": 550, "兵": 70,
}
LEAF_SHARE = 0.88          # of a province's cases, at basic (leaf) courts
INTERMEDIATE_OWN = 0.05    # an intermediate court's own first-instance volume / its children's
HIGH_OWN = 0.004           # a high court's own volume / its province's
GROWTH_PER_YEAR = 0.04     # caseloads grow a few percent a year (relative to 2024)


@dataclass(frozen=True)
class Profile:
    """How one court behaves. volume: own annual cases at scale 1 (derived types included)."""

    volume: float
    slow: float = 1.0        # duration multiplier
    fix: float = 0.55        # P(extension or conversion | base duration over the limit)
    backlog: float = 1.0     # multiplier of the pre-period long-pending backlog
    tail: float = 0.012      # share of cases with a very long life
    mediation: float = 1.0   # multiplier of the 民初 mediation+withdrawal share
    no_assets: float = 1.0   # multiplier of the 执 no-assets share
    recovery: float = 1.0    # multiplier of partial recoveries
    reversal: float = 1.0    # multiplier of reversed/remanded outcomes of this court's appeals
    weakness: str = ""       # the court's story in a bulletin, for the manifest


GANNAN = {
    "甘30": Profile(300, fix=0.58),
    "甘3001": Profile(1900, slow=0.92, fix=0.66, backlog=0.7, mediation=1.15, weakness="strong overall"),
    "甘3021": Profile(850, backlog=7.0, tail=0.04, weakness="many long-pending cases"),
    "甘3022": Profile(600),
    "甘3023": Profile(800, slow=1.35, fix=0.12, reversal=1.8, weakness="low within-limit rate"),
    "甘3024": Profile(380, slow=1.05),
    "甘3025": Profile(550, mediation=0.6, weakness="low mediation+withdrawal rate"),
    "甘3026": Profile(330, slow=0.95),
    "甘3027": Profile(800, no_assets=1.4, recovery=0.35, weakness="weak enforcement"),
}
WEAKNESSES = (
    ("low within-limit rate", {"slow": 1.3, "fix": 0.15}),
    ("many long-pending cases", {"backlog": 6.0, "tail": 0.04}),
    ("low mediation+withdrawal rate", {"mediation": 0.6}),
    ("weak enforcement", {"no_assets": 1.35, "recovery": 0.5}),
)


def court_rng(code: str, stream: int) -> np.random.Generator:
    """A generator that depends on the court only (not on --seed): court traits are stable."""
    return np.random.default_rng([zlib.crc32(code.encode("utf-8")), stream])


def _leaf_weight(court, capital_codes: set[str]) -> float:
    name = court.name
    if court.level == "special":
        w = 0.35 if court.synthetic else 1.5
    elif name.endswith("区人民法院"):
        w = 2.6 if court.parent in capital_codes else 1.6
    elif "自治县" in name or name.endswith("旗人民法院"):
        w = 0.75
    elif name.endswith("市人民法院") or "市第" in name:
        w = 1.3
    else:
        w = 1.0
    return w * float(np.exp(court_rng(court.code, 1).normal(0.0, 0.35)))


def annual_volumes(courts, kids: dict[str, list[str]], roles: dict[str, str]) -> dict[str, float]:
    """Own annual volume of every court at scale 1, province by province."""
    volumes: dict[str, float] = {}
    by_prov: dict[str, list] = {}
    for c in courts:
        by_prov.setdefault(c.province, []).append(c)
    for prov, members in by_prov.items():
        total = PROVINCE_ANNUAL_K.get(prov, 500) * 1000.0
        fixed = {c.code: GANNAN[c.code].volume for c in members if c.code in GANNAN}
        capital = {c.code for c in members if roles[c.code] == "intermediate" and c.code[1:] == "01"}
        leaves = [c for c in members if roles[c.code] == "basic" and c.code not in fixed]
        weights = {c.code: _leaf_weight(c, capital) for c in leaves}
        budget = max(LEAF_SHARE * total - sum(v for k, v in fixed.items() if roles[k] == "basic"), 0.0)
        wsum = sum(weights.values()) or 1.0
        for code, w in weights.items():
            volumes[code] = budget * w / wsum
        volumes.update(fixed)
        for c in members:
            if c.code in fixed or roles[c.code] == "basic":
                continue
            if roles[c.code] == "high":
                volumes[c.code] = HIGH_OWN * total
            else:
                below = sum(volumes.get(k, 0.0) for k in kids[c.code])
                volumes[c.code] = max(INTERMEDIATE_OWN * below, 150.0)
    return volumes


def court_profiles(courts, kids, roles) -> dict[str, Profile]:
    volumes = annual_volumes(courts, kids, roles)
    profiles = {}
    for c in courts:
        if c.code in GANNAN:
            profiles[c.code] = GANNAN[c.code]
            continue
        rng = court_rng(c.code, 2)
        p = Profile(
            volume=volumes[c.code],
            slow=float(np.exp(rng.normal(0, 0.1))),
            fix=float(rng.uniform(0.45, 0.68)),
            backlog=float(np.exp(rng.normal(0, 0.5))),
            mediation=float(np.exp(rng.normal(0, 0.12))),
            no_assets=float(np.exp(rng.normal(0, 0.08))),
            recovery=float(np.exp(rng.normal(0, 0.1))),
            reversal=float(np.exp(rng.normal(0, 0.2))),
        )
        if rng.random() < 0.12:
            label, traits = WEAKNESSES[int(rng.integers(len(WEAKNESSES)))]
            p = replace(p, weakness=label, **traits)
        profiles[c.code] = p
    return profiles


# ---------------------------------------------------------------- reference data


@lru_cache(maxsize=1)
def disposition_groups() -> dict[str, str]:
    with (REFERENCE / "dispositions.csv").open(encoding="utf-8", newline="") as fh:
        return {r["disposition"]: r["disposition_group"] for r in csv.DictReader(fh)}


@lru_cache(maxsize=1)
def time_limits() -> dict[tuple[str, str], tuple[int, str]]:
    """(case_type, procedure) → (value, unit); procedure "" holds the type's default."""
    out: dict[tuple[str, str], tuple[int, str]] = {}
    with (REFERENCE / "time_limits.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            limit = (int(r["limit_value"]), r["limit_unit"])
            out[(r["case_type"], r["procedure"])] = limit
            if r["is_default"] == "true":
                out[(r["case_type"], "")] = limit
    return out


@lru_cache(maxsize=1)
def case_categories() -> dict[str, str]:
    with (REFERENCE / "case_types.csv").open(encoding="utf-8", newline="") as fh:
        return {r["case_type"]: r["category"] for r in csv.DictReader(fh)}
