"""AWS's published SLAs, and the figure AVL001 counts for one component.

Each component gets the Monthly Uptime Percentage AWS publishes in its SLA for
the way it is deployed (Multi-AZ or not, global tables or not...).
"""

from __future__ import annotations

from functools import cached_property
from typing import NamedTuple

from archlint.analysis.placement import copies, placement
from archlint.model.graph import Element
from archlint.model.kinds import KINDS, Kind, kinds_with
from archlint.model.record import Record, assign
from archlint.model.readers import word
from archlint.model.values import Percent
from archlint.registry import OptionError

COMPUTE_SLA = "https://aws.amazon.com/compute/sla/"


class Tier(Record, frozen=True):
    """One figure of an SLA: the deployment it applies to and its percentage."""

    __slots__ = ("name", "percent", "confirmed", "note")
    name: str
    percent: float
    confirmed: bool   # read on the stored AWS SLA page (else from AWS docs or other sources)
    note: str         # how the figure is used, when it is a proxy

    def __init__(self, name: str, percent: float, confirmed: bool, note: str = "") -> None:
        assign(self, "name", name)
        assign(self, "percent", percent)
        assign(self, "confirmed", confirmed)
        assign(self, "note", note)


class Sla(Record, frozen=True):
    """A service's published SLA: the kinds it covers and its tiers, first the default."""

    service: str
    kinds: tuple[str, ...]
    tiers: tuple[Tier, ...]
    url: str
    updated: str   # the SLA page's "last updated" year, when confirmed

    def __init__(self, service: str, kinds: tuple[str, ...], tiers: tuple[Tier, ...], url: str,
                 updated: str = "") -> None:
        assign(self, "service", service)
        assign(self, "kinds", kinds)
        assign(self, "tiers", tiers)
        assign(self, "url", url)
        assign(self, "updated", updated)

    def tier(self, name: str) -> Tier:
        return self._tiers.get(name, self.tiers[0])

    @cached_property   # asked once per component
    def _tiers(self) -> dict[str, Tier]:
        return {t.name: t for t in reversed(self.tiers)}   # the first of a name wins

    def figure(self, name: str) -> "Figure":
        """One copy's figure at the tier `tier(name)` gives: one shared value per tier,
        not a new figure and text for each of a graph's thousands of components."""
        return self._figures.get(name) or self._figures[self.tiers[0].name]

    @cached_property
    def _figures(self) -> dict[str, "Figure"]:
        return {name: Figure(t.percent / 100, f"{self.service} {t.name}", True, self, t)
                for name, t in self._tiers.items()}

    @cached_property   # asked once per component
    def multi_az(self) -> bool:
        return any("multi-az" in t.name.lower() for t in self.tiers)


def _t(name: str, percent: float, confirmed: bool = True, note: str = "") -> Tier:
    return Tier(name, percent, confirmed, note)


SLAS: tuple[Sla, ...] = (
    Sla("Amazon EC2", ("ec2", "eks", "elasticbeanstalk"),
        (_t("multi-AZ", 99.99), _t("single instance", 99.5, confirmed=False)),
        COMPUTE_SLA, "2022"),
    Sla("Amazon ECS / AWS Fargate", ("ecs", "fargate"),
        (_t("multi-AZ", 99.99),
         _t("single instance", 99.5, confirmed=False,
            note="the EC2 instance-level figure, as a proxy: no task-level figure is published")),
        COMPUTE_SLA, "2022"),
    Sla("Amazon EBS", ("ebs",), (_t("single volume", 99.9), _t("multi-AZ", 99.99)),
        "https://aws.amazon.com/ebs/sla/", "2022"),
    Sla("Amazon EFS", ("efs",), (_t("Standard", 99.99), _t("One Zone", 99.9)),
        "https://aws.amazon.com/efs/sla/", "2022"),
    Sla("Amazon RDS", ("rds",), (_t("Single-AZ", 99.5), _t("Multi-AZ", 99.95)),
        "https://aws.amazon.com/rds/sla/", "2024"),
    Sla("Amazon Aurora", ("aurora",), (_t("Single-AZ", 99.9), _t("Multi-AZ", 99.99)),
        "https://aws.amazon.com/rds/aurora/sla/", "2022"),
    Sla("Amazon DynamoDB", ("dynamodb",),
        (_t("standard table", 99.99, False), _t("global table", 99.999, False)),
        "https://aws.amazon.com/dynamodb/sla/"),
    Sla("Amazon S3", ("s3",),
        (_t("Standard", 99.9), _t("Standard-IA, One Zone-IA or Intelligent-Tiering", 99.0)),
        "https://aws.amazon.com/s3/sla/", "2023"),
    Sla("AWS Lambda", ("lambda",), (_t("Region", 99.95, False),),
        "https://aws.amazon.com/lambda/sla/"),
    Sla("Elastic Load Balancing", ("alb", "nlb", "elb", "clb"),
        (_t("multi-AZ", 99.99), _t("single AZ", 99.9)),
        "https://aws.amazon.com/elasticloadbalancing/sla/", "2022"),
    Sla("Amazon Route 53", ("route53",), (_t("DNS queries", 100.0, False),),
        "https://aws.amazon.com/route53/sla/"),
    Sla("Amazon CloudFront", ("cloudfront",), (_t("distribution", 99.9),),
        "https://aws.amazon.com/cloudfront/sla/", "2022"),
    Sla("Amazon SQS / SNS", ("sqs", "sns"), (_t("Region", 99.9, False),),
        "https://aws.amazon.com/messaging/sla/"),
    Sla("Amazon API Gateway", ("apigateway",), (_t("Region", 99.95),),
        "https://aws.amazon.com/api-gateway/sla/", "2022"),
    Sla("Amazon ElastiCache", ("elasticache",),
        (_t("single-AZ", 99.5, False), _t("Multi-AZ or Serverless", 99.99, False)),
        "https://aws.amazon.com/elasticache/sla/"),
    Sla("Amazon EKS (cluster API endpoint)", (), (_t("control plane", 99.95),),
        "https://aws.amazon.com/eks/sla/", "2022"),
    Sla("Amazon Kinesis Data Streams", ("kinesis",), (_t("Region", 99.9),),
        "https://aws.amazon.com/kinesis/sla/", "2024"),
    Sla("AWS Step Functions", ("stepfunctions",), (_t("Region", 99.9, False),),
        "https://aws.amazon.com/step-functions/sla/"),
    Sla("AWS Transit Gateway", ("transitgateway",), (_t("Region", 99.99, False),),
        "https://aws.amazon.com/transit-gateway/sla/"),
    Sla("AWS Site-to-Site VPN", ("vpn",), (_t("connection", 99.95),),
        "https://aws.amazon.com/vpn/site-to-site-vpn-sla/", "2022"),
)
SLA_BY_KIND: dict[str, Sla] = {kind: sla for sla in SLAS for kind in sla.kinds}
INFREQUENT_S3 = frozenset({"standard_ia", "onezone_ia", "one_zone_ia", "intelligent_tiering",
                           "ia"})


class Figure(NamedTuple):
    """A component's availability on a path and how it was reached. The text is
    written only when a finding shows it (a graph has thousands of figures; a
    named tuple is made 3x faster than a frozen dataclass)."""

    value: float          # 0 < value <= 1
    what: str = ""        # e.g. "Amazon RDS Single-AZ"; the whole text if not counted
    counted: bool = True  # False: no SLA figure (counted as 100%)
    sla: Sla | None = None
    tier: Tier | None = None
    copies: int = 1       # independent copies combined in parallel
    over: str = ""        # what the copies are spread over ("2 Regions", "3 AZs")
    single: float = 1.0   # one copy's figure, when copies > 1

    @property
    def text(self) -> str:
        """e.g. "Amazon RDS Single-AZ 99.5%"."""
        if not self.counted:
            return self.what
        if self.copies == 1:
            return f"{self.what} {pct(self.value)}"
        return (f"{self.what} {pct(self.single)} x{self.copies} in parallel over {self.over} "
                f"= {pct(self.value)}")


def pct(fraction: float) -> str:
    """0.99949 -> '99.949%': enough digits to compare with a target, no more."""
    for digits in range(4, 12):
        text = f"{fraction * 100:.{digits}f}".rstrip("0").rstrip(".")
        if fraction >= 1 or text != "100":
            return f"{text}%"
    return f"{fraction * 100!r}%"


_SPREAD_TIERS = frozenset(sla.service for sla in SLAS
                          if any(t.name == "single instance" for t in sla.tiers))
_LOAD_BALANCERS = frozenset(kinds_with("load_balancer"))
# Kinds whose tier `_tier_name` reads from the component; any other kind has one tier.
_TIER_READ = frozenset({"ebs", "rds", "aurora", "elasticache", "dynamodb", "efs", "s3",
                        *_LOAD_BALANCERS,
                        *(k for k, sla in SLA_BY_KIND.items() if sla.service in _SPREAD_TIERS)})


def _tier_name(element: Element, sla: Sla, n: int, azs: int | None) -> str:
    """Which of the service's SLA tiers this deployment falls under (`n` copies over
    `azs` AZs)."""
    kind = element.kind
    spread = n >= 2 and azs is not None and azs >= 2
    if kind == "ebs":
        return "multi-AZ" if spread else "single volume"
    if sla.service in _SPREAD_TIERS:   # EC2, ECS, Fargate...
        return "multi-AZ" if spread else "single instance"
    if kind in _LOAD_BALANCERS:
        return "single AZ" if azs == 1 else "multi-AZ"
    if kind == "rds":
        return "Multi-AZ" if element.get("multi_az") is True else "Single-AZ"
    if kind == "aurora":
        replicas = element.get("replicas")
        replicated = isinstance(replicas, int) and replicas >= 1 and azs != 1
        return "Multi-AZ" if element.get("multi_az") is True or replicated else "Single-AZ"
    if kind == "elasticache":
        managed = element.get("multi_az") is True or word(element.get("type")) == "serverless"
        return "Multi-AZ or Serverless" if managed else "single-AZ"
    if kind == "dynamodb":
        regions = element.get("regions")
        return "global table" if isinstance(regions, int) and regions >= 2 else "standard table"
    if kind == "efs":
        return "One Zone" if word(element.get("type")) in ("one_zone", "onezone") else "Standard"
    if kind == "s3":
        return sla.tiers[1].name if word(element.get("type")) in INFREQUENT_S3 else "Standard"
    return sla.tiers[0].name


def figure(element: Element | None, overrides: dict[str, float]) -> Figure:
    """The availability archlint counts for one component on a path."""
    if element is None:                          # a group's door: not a component
        return _NOT_COUNTED
    overridden = element.kind in overrides
    plan = _PLANS[overridden].get(element.kind) or _plan(element.kind, overridden)
    if plan.fixed is not None:                   # the same for every component of the kind
        return plan.fixed
    kind, sla = plan.kind, plan.sla
    if kind.sla:                                 # a provider outside AWS: its declared SLA
        declared = element.get("sla")
        if isinstance(declared, Percent):
            return Figure(declared.value / 100, f"{element.id} declared sla")
        return Figure(1.0, f"{element.id}: no sla declared", counted=False)
    n = copies(element) if plan.counted else 1
    azs = placement(element).azs if plan.placed else None
    if plan.single is not None:                  # a kind with one tier: one shared figure
        single = plan.single
    elif overridden:
        single = Figure(overrides[element.kind] / 100, f"{element.kind} per the sla option",
                        True, sla)
    else:
        assert sla is not None
        single = sla.figure(_tier_name(element, sla, n, azs))
    # Copies that fail independently, in parallel: several Regions of a stateless
    # service, or zonal copies over several AZs where the SLA has no multi-AZ tier.
    # (Most components have neither: `regions` is read only where written.)
    if not kind.stateful and "regions" in element.attrs:
        regions = element.get("regions")
        if isinstance(regions, int) and regions >= 2:
            a = single.value
            return Figure(1 - (1 - a) ** regions, single.what, True, sla, single.tier, regions,
                          f"{regions} Regions", a)
    if plan.zonal and azs and azs >= 2 and n >= 2:
        parallel, a = min(n, azs), single.value
        return Figure(1 - (1 - a) ** parallel, single.what, True, sla, single.tier, parallel,
                      f"{parallel} AZs", a)
    return single


_NOT_COUNTED = Figure(1.0, "", counted=False)


class _Plan(Record):
    """How `figure` judges the components of one kind (made once per kind)."""

    __slots__ = ("kind", "sla", "fixed", "zonal", "placed", "counted", "single")
    kind: Kind
    sla: Sla | None
    fixed: Figure | None   # the figure of every component of the kind, if nothing else counts
    zonal: bool            # copies over several AZs count in parallel (no multi-AZ tier)
    placed: bool           # its AZs are read (zonal, or the tier depends on them)
    counted: bool          # its copies are read too (load balancers, Aurora: AZs only)
    single: Figure | None   # one copy's figure, when it is the same for every component

    def __init__(self, kind: Kind, sla: Sla | None, fixed: Figure | None, zonal: bool, placed: bool,
                 counted: bool, single: Figure | None = None) -> None:
        self.kind, self.sla, self.fixed, self.zonal = kind, sla, fixed, zonal
        self.placed, self.counted, self.single = placed, counted, single


# Each kind's plan, without and with the `sla` option's figure: one dictionary look-up
# per component (cheaper than the cache's key of two).
_PLANS: tuple[dict[str, "_Plan"], dict[str, "_Plan"]] = ({}, {})


def _plan(name: str, overridden: bool) -> _Plan:
    """Worked out once per kind (and whether the `sla` option gives its figure), not
    for each of the thousands of components a large graph's entries reach."""
    plan = _PLANS[overridden][name] = _new_plan(name, overridden)
    return plan


def _new_plan(name: str, overridden: bool) -> _Plan:
    kind, sla = KINDS.get(name), SLA_BY_KIND.get(name)
    if kind is None or (not kind.sla and kind.category == "external"):
        return _Plan(kind, sla, _NOT_COUNTED, False, False, False)   # type: ignore[arg-type]
    if not kind.sla and not overridden and sla is None:
        return _Plan(kind, sla, Figure(1.0, f"{name}: no published SLA", counted=False),
                     False, False, False)
    # Copies in parallel over AZs count only where the SLA has no multi-AZ tier; the
    # tier itself depends on copies and AZs for compute, volumes and load balancers.
    zonal = not kind.managed_ha and not (sla and sla.multi_az)
    placed = zonal or (sla is not None and not overridden and _placed(name))
    counted = zonal or (placed and (name == "ebs" or sla.service in _SPREAD_TIERS))  # type: ignore[union-attr]
    single = None
    if sla is not None and not overridden and not kind.sla and name not in _TIER_READ:
        single = sla.figure(sla.tiers[0].name)   # `_tier_name`'s answer for such a kind
    return _Plan(kind, sla, None, zonal, placed, counted, single)


def _placed(kind: str) -> bool:
    """Whether `_tier_name` reads the copies or AZs of this kind (one with an SLA)."""
    return (kind in ("ebs", "aurora") or SLA_BY_KIND[kind].service in _SPREAD_TIERS
            or kind in _LOAD_BALANCERS)


def sla_table() -> str:
    """The SLA table as text for `archlint explain` and docs/rules.md."""
    lines = ["The SLA table (Monthly Uptime Percentage per tier):"]
    for sla in SLAS:
        tiers = ", ".join(f"{t.name} {t.percent:g}%" for t in sla.tiers)
        if all(t.confirmed for t in sla.tiers):
            basis = f"read on the SLA page, last updated {sla.updated}"
        elif any(t.confirmed for t in sla.tiers):
            unread = ", ".join(t.name for t in sla.tiers if not t.confirmed)
            basis = (f"read on the SLA page, last updated {sla.updated}; {unread}: from AWS "
                     "documentation, not read on the SLA page")
        else:
            basis = "from AWS documentation; the SLA page itself was not read"
        used = "" if sla.kinds else " (listed, not used: EKS workers are EC2 or Fargate)"
        notes = "".join(f" {t.name}: {t.note}." for t in sla.tiers if t.note)
        lines.append(f"- {sla.service}: {tiers}{used}. {sla.url} ({basis}).{notes}")
    lines.append("- NAT gateway and other services not listed: no SLA figure found; "
                 "give one with the `sla` option.")
    return "\n".join(lines)


def check_sla_option(table: dict) -> dict[str, float]:
    """The `sla` option ({kind: percent}) as {kind: float}: each key a known kind, each
    value a percent in (0, 100] (99.9, or "99.9%"). A typo would otherwise leave the
    kind at the table's figure (or none) without a word."""
    result: dict[str, float] = {}
    for key, value in table.items():
        kind = str(key).lower()
        if kind not in KINDS:
            from difflib import get_close_matches  # only for a mistake

            close = get_close_matches(kind, list(KINDS), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else "; `archlint kinds` lists them"
            raise OptionError(f"unknown kind {key!r}{hint}", str(key))
        percent = option_percent(value)
        if percent is None:
            raise OptionError(f"expected a percent such as 99.9 or \"99.9%\", not {value!r}",
                              str(key))
        if not 0 < percent <= 100:
            raise OptionError(f"expected a percent above 0 and at most 100, not {value!r}",
                              str(key))
        result[kind] = percent
    return result


def option_percent(value: object) -> float | None:
    """A percent given in the `sla` option: 99.9, "99.9%" or a `Percent`."""
    if isinstance(value, Percent):
        return value.value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str) and value.strip().endswith("%"):
        try:
            return float(value.strip()[:-1])
        except ValueError:
            return None
    return None
