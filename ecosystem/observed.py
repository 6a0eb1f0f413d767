"""Observed-data mode (DESIGN.md §8): a TOML file of known facts that fixes parts of a run.

As facts become known — the award month, the winners with their capacities, bid rates and plant
dates, IREL's oxide output by fiscal year, and (for validation set-ups) firms' starting know-how,
workforce and capacity — they replace what the model would otherwise simulate. The schema is
`SCHEMA` (documented in ``docs/observed.md``, generated from it); every key is validated and an
error names the file, the line and the key in one line.

Firms are named by their archetype (``"metals group"``; repeats are numbered ``"metals group 2"``)
or by their index 0..n_firms-1, never by a real company's name.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ecosystem.archetypes import archetype_for
from ecosystem.fieldspec import ParameterError
from ecosystem.fiscal_years import fiscal_year_of, fy_label, fy_months, month_of, parse_fy
from ecosystem.params import Params
from ecosystem.scenarios import ScenarioError, read_toml

if TYPE_CHECKING:
    from ecosystem.agents.government import TenderOutcome


class ObservedError(ScenarioError):
    """An observed-data file is missing, malformed or states an impossible fact."""


#: The schema: (table, key, type, unit, meaning). ``month`` values are a month number
#: (0 = December 2025) or a date ``"YYYY-MM"``.
SCHEMA: tuple[tuple[str, str, str, str, str], ...] = (
    ("meta", "description", "string", "", "What the file records (not a fact)"),
    ("meta", "as_of", "string", "date", "When the facts were last checked (YYYY-MM)"),
    ("meta", "sources", "list of strings", "", "Where each fact comes from"),
    ("tender", "award_month", "month", "month", "Month the tender was awarded"),
    (
        "tender",
        "bidders",
        "list of firms",
        "",
        "Firms that bid (default: the winners); the others may still build outside the scheme",
    ),
    ("tender.winners", "firm", "firm", "", "Winner, in rank order (L1 first)"),
    ("tender.winners", "capacity_t", "number", "t/yr", "Capacity allocated"),
    ("tender.winners", "bid_rate_inr_per_kg", "number", "₹/kg", "SLI rate won (≤ the ceiling)"),
    (
        "tender.winners",
        "irel_share",
        "number",
        "share",
        "Share of IREL's oxide (if no winner gives one: irel_allocation_rule among L1..L3; "
        "if some do: 0 for the others)",
    ),
    (
        "tender.winners",
        "construction_start_month",
        "month",
        "month",
        "Month construction of the scheme plant began (default: the award)",
    ),
    (
        "tender.winners",
        "commissioning_month",
        "month",
        "month",
        "Month the scheme plant was commissioned (default: simulated)",
    ),
    (
        "irel",
        "output_t_per_yr",
        "table of fiscal year = number",
        "t NdPr oxide/yr",
        'IREL output by Indian fiscal year, e.g. { "2026-27" = 200.0 }; other years simulated',
    ),
    ("firms", "firm", "firm", "", "Firm whose starting state is known"),
    ("firms", "knowhow", "number", "share of frontier", "Know-how K at month 0"),
    ("firms", "novices", "number", "workers", "Novice workers at month 0"),
    ("firms", "trained", "number", "workers", "Trained workers at month 0"),
    ("firms", "experts", "number", "workers", "Expert workers at month 0"),
    ("firms", "capacity_t", "number", "t/yr", "Capacity outside the scheme at month 0"),
    (
        "firms",
        "capacity_built_share",
        "number",
        "share",
        "Share of that capacity built at month 0 (1 = installed; default 1)",
    ),
)
_KEYS: dict[str, set[str]] = {}
for _table, _key, *_ in SCHEMA:
    _KEYS.setdefault(_table, set()).add(_key)
_KEYS["tender"].add("winners")  # the [[tender.winners]] array lives in the [tender] table


@dataclass(frozen=True)
class Winner:
    """An observed winner of the tender."""

    firm: int
    capacity_t: float
    bid_rate_inr_per_kg: float
    irel_share: float | None = None
    construction_start_month: int | None = None
    commissioning_month: int | None = None


@dataclass(frozen=True)
class FirmStart:
    """A firm's observed starting state (None: simulated as usual)."""

    firm: int
    knowhow: float | None = None
    novices: float | None = None
    trained: float | None = None
    experts: float | None = None
    capacity_t: float | None = None
    capacity_built_share: float = 1.0


@dataclass(frozen=True)
class Observed:
    """Facts from an observed-data file, validated."""

    path: Path | None = None
    award_month: int | None = None
    bidders: tuple[int, ...] | None = None
    winners: tuple[Winner, ...] = ()
    irel_output: dict[int, float] = field(default_factory=dict)
    firms: tuple[FirmStart, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)

    def apply(self, params: Params) -> Params:
        """Parameters with the observed award month."""
        if self.award_month is None or self.award_month == params.award_month:
            return params
        return params.replace(award_month=self.award_month)

    def tender(self, params: Params) -> TenderOutcome | None:
        """The observed tender outcome (None when no winners are given)."""
        from ecosystem.agents.bidding import Bid
        from ecosystem.agents.government import TenderOutcome, irel_shares

        if not self.winners:
            return None
        bids = [Bid(w.firm, w.capacity_t, w.bid_rate_inr_per_kg) for w in self.winners]
        if any(w.irel_share is not None for w in self.winners):
            by_rule = [0.0] * len(bids)  # shares were given: the winners without one get none
        else:
            by_rule = irel_shares(bids, params.irel_beneficiaries, params.irel_allocation_rule)
        rows = tuple(
            (
                w.firm,
                rank + 1,
                w.capacity_t,
                w.bid_rate_inr_per_kg,
                w.irel_share if w.irel_share is not None else by_rule[rank],
            )
            for rank, w in enumerate(self.winners)
        )
        bidders = self.bidders if self.bidders is not None else tuple(w.firm for w in self.winners)
        return TenderOutcome(bidders, rows)

    def winner(self, firm_index: int) -> Winner | None:
        """The observed winner record of a firm, if any."""
        return next((w for w in self.winners if w.firm == firm_index), None)

    def firm_start(self, firm_index: int) -> FirmStart | None:
        """The observed starting state of a firm, if any."""
        return next((f for f in self.firms if f.firm == firm_index), None)

    def irel_t_per_yr(self, month: int) -> float | None:
        """Observed IREL output (t/yr) in the fiscal year of ``month``, or None."""
        return self.irel_output.get(fiscal_year_of(month)) if self.irel_output else None


# ---- loading and validation ------------------------------------------------------------------
def _split_where(where: str) -> tuple[str, int, str | None]:
    """Table, occurrence and key of a location.

    ``"tender.winners[2].firm"`` → ``("tender.winners", 2, "firm")``;
    ``"tender.award_month"`` → ``("tender", 0, "award_month")``.
    """
    indexed = re.match(r"^(.*?)\[(\d+)\](?:\.(.+))?$", where)
    if indexed:
        table, occurrence, rest = indexed.group(1), int(indexed.group(2)), indexed.group(3)
    else:
        occurrence, parts = 0, where.split(".")
        table, rest = "", where
        for k in range(len(parts), 0, -1):
            if ".".join(parts[:k]) in _KEYS:
                table, rest = ".".join(parts[:k]), ".".join(parts[k:])
                break
    return table, occurrence, rest.split(".")[0] if rest else None


def _locate(path: Path, where: str) -> str:
    """``path:line`` of a key named as ``table[i].key`` (the i-th ``[[table]]``) or ``table.key``.

    Falls back to the table's header line, then to the file alone.
    """
    table, occurrence, key = _split_where(where)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return str(path)
    header, seen, current = None, -1, ""
    for number, line in enumerate(lines, 1):
        text = line.split("#", 1)[0].strip()
        if text.startswith("["):
            current = text.strip("[]").strip()
            if table and current == table:
                seen += 1
                header = number if seen == occurrence else header
            elif not table and current == key:
                return f"{path}:{number}"
            continue
        inside = (current == table and seen == occurrence) if table else current == ""
        if key is not None and inside and text.split("=")[0].strip().strip('"') == key:
            return f"{path}:{number}"
    return f"{path}:{header}" if header else str(path)


class _Reader:
    """Validates values; errors are one line naming file, line and key (``table[i].key``)."""

    def __init__(self, path: Path, params: Params) -> None:
        self.path = path
        self.p = params
        self.names = [archetype_for(i)[1] for i in range(params.n_firms)]

    def fail(self, where: str, message: str) -> ObservedError:
        return ObservedError(f"{_locate(self.path, where)}: {where}: {message}")

    def table(self, data: Any, name: str, where: str) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(where, "must be a table")
        unknown = sorted(set(data) - _KEYS[name])
        if unknown:
            close = difflib.get_close_matches(unknown[0], sorted(_KEYS[name]), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            allowed = ", ".join(sorted(_KEYS[name]))
            raise self.fail(f"{where}.{unknown[0]}", f"unknown key (allowed: {allowed}){hint}")
        return data

    def number(self, value: Any, where: str, low: float, high: float) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(where, f"{value!r} must be a number")
        if not low <= value <= high:
            raise self.fail(where, f"{value!r} is outside {low:g}-{high:g}")
        return float(value)

    def month(self, value: Any, where: str) -> int:
        if isinstance(value, str):
            try:
                month = month_of(value)
            except ValueError as exc:
                raise self.fail(where, str(exc)) from None
        elif isinstance(value, int) and not isinstance(value, bool):
            month = value
        else:
            raise self.fail(where, f"{value!r} must be a month number or a date 'YYYY-MM'")
        if not 0 <= month <= self.p.horizon_months:
            raise self.fail(where, f"month {month} is outside the run (0-{self.p.horizon_months})")
        return month

    def firm(self, value: Any, where: str) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            if 0 <= value < len(self.names):
                return value
            raise self.fail(where, f"firm index {value} is outside 0-{len(self.names) - 1}")
        if isinstance(value, str) and value in self.names:
            return self.names.index(value)
        close = difflib.get_close_matches(str(value), self.names, n=2)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise self.fail(where, f"unknown firm {value!r} (an archetype name or an index){hint}")

    def optional(
        self, data: dict[str, Any], key: str, where: str, kind: str, *bounds: float
    ) -> Any:
        if key not in data:
            return None
        if kind == "month":
            return self.month(data[key], f"{where}.{key}")
        return self.number(data[key], f"{where}.{key}", *bounds)


def load_observed(path: str | Path, params: Params | None = None) -> Observed:
    """Read and validate an observed-data file against the run's parameters.

    Raises:
        ObservedError: missing or malformed file, unknown key, impossible value; the message
            names the file, the line and the key.
    """
    path = Path(path)
    if not path.is_file():
        raise ObservedError(f"{path}: no such observed-data file")
    params = params if params is not None else Params()
    r = _Reader(path, params)
    try:
        data = read_toml(path)
    except ScenarioError as exc:
        raise ObservedError(str(exc)) from None
    unknown = sorted(set(data) - {"meta", "tender", "irel", "firms"})
    if unknown:
        what = "table" if isinstance(data[unknown[0]], dict | list) else "key"
        raise r.fail(unknown[0], f"unknown {what} (allowed: [meta], [tender], [irel], [[firms]])")
    meta = r.table(data.get("meta", {}), "meta", "meta")
    award, bidders, winners = _tender(r, data.get("tender", {}))
    if award is not None:
        try:
            params.replace(award_month=award)
        except ParameterError as exc:
            raise r.fail("tender.award_month", str(exc)) from None
    _check_dates(r, winners, award if award is not None else params.award_month)
    return Observed(
        path=path,
        award_month=award,
        bidders=bidders,
        winners=winners,
        irel_output=_irel(r, data.get("irel", {})),
        firms=_firms(r, data.get("firms", [])),
        meta=dict(meta),
    )


def _check_dates(r: _Reader, winners: tuple[Winner, ...], award: int) -> None:
    """Construction starts at or after the award; commissioning at or after the start."""
    for i, w in enumerate(winners):
        where = f"tender.winners[{i}]"
        start = w.construction_start_month if w.construction_start_month is not None else award
        if start < award:
            raise r.fail(
                f"{where}.construction_start_month", f"{start} is before the award ({award})"
            )
        if w.commissioning_month is not None and w.commissioning_month < start:
            raise r.fail(
                f"{where}.commissioning_month",
                f"{w.commissioning_month} is before the construction start ({start})",
            )


def _tender(r: _Reader, data: Any) -> tuple[int | None, tuple[int, ...] | None, tuple[Winner, ...]]:
    data = r.table(data, "tender", "tender")
    award = r.optional(data, "award_month", "tender", "month")
    bidders = None
    if "bidders" in data:
        if not isinstance(data["bidders"], list):
            raise r.fail("tender.bidders", "must be a list of firms")
        bidders = tuple(r.firm(b, "tender.bidders") for b in data["bidders"])
        repeated = sorted({r.names[b] for b in bidders if bidders.count(b) > 1})
        if repeated:
            raise r.fail("tender.bidders", f"{repeated} listed more than once")
    raw = data.get("winners", [])
    if not isinstance(raw, list):
        raise r.fail("tender.winners", "must be an array of tables [[tender.winners]]")
    winners: list[Winner] = []
    for i, w in enumerate(raw):
        where = f"tender.winners[{i}]"
        w = r.table(w, "tender.winners", where)
        for key in ("firm", "capacity_t", "bid_rate_inr_per_kg"):
            if key not in w:
                raise r.fail(where, f"missing {key!r}")
        winner = Winner(
            firm=r.firm(w["firm"], f"{where}.firm"),
            capacity_t=r.number(w["capacity_t"], f"{where}.capacity_t", 1, 100000),
            bid_rate_inr_per_kg=r.number(
                w["bid_rate_inr_per_kg"],
                f"{where}.bid_rate_inr_per_kg",
                0,
                r.p.sli_ceiling_inr_per_kg,
            ),
            irel_share=r.optional(w, "irel_share", where, "number", 0, 1),
            construction_start_month=r.optional(w, "construction_start_month", where, "month"),
            commissioning_month=r.optional(w, "commissioning_month", where, "month"),
        )
        if any(x.firm == winner.firm for x in winners):
            raise r.fail(f"{where}.firm", f"firm {w['firm']!r} is listed twice")
        winners.append(winner)
    if len(winners) > r.p.n_firms:
        raise r.fail("tender.winners", f"{len(winners)} winners but only {r.p.n_firms} firms")
    total = sum(w.irel_share or 0.0 for w in winners)
    if total > 1.0 + 1e-9:
        raise r.fail("tender.winners[0].irel_share", f"IREL shares add up to {total:g} > 1")
    if bidders is not None:
        missing = [r.names[w.firm] for w in winners if w.firm not in bidders]
        if missing:
            raise r.fail("tender.bidders", f"winners {missing} are not among the bidders")
    return award, bidders, tuple(winners)


def _irel(r: _Reader, data: Any) -> dict[int, float]:
    data = r.table(data, "irel", "irel")
    table = data.get("output_t_per_yr", {})
    if not isinstance(table, dict):
        raise r.fail("irel.output_t_per_yr", 'must be a table like { "2026-27" = 200.0 }')
    out = {}
    for label, value in table.items():
        try:
            year = parse_fy(label)
        except ValueError as exc:
            raise r.fail("irel.output_t_per_yr", str(exc)) from None
        months = fy_months(year)
        if months.stop <= 0 or months.start > r.p.horizon_months:
            first, last = fiscal_year_of(0), fiscal_year_of(r.p.horizon_months)
            raise r.fail(
                f"irel.output_t_per_yr.{label}",
                f"fiscal year {label} is outside the run ({fy_label(first)} to {fy_label(last)})",
            )
        out[year] = r.number(value, f"irel.output_t_per_yr.{label}", 0, 100000)
    return out


#: Bounds of the numbers a [[firms]] entry may give.
_FIRM_LIMITS: dict[str, tuple[float, float]] = {
    "knowhow": (0.0, 1.0),
    "novices": (0.0, 1e6),
    "trained": (0.0, 1e6),
    "experts": (0.0, 1e6),
    "capacity_t": (0.0, 100000.0),
    "capacity_built_share": (0.0, 1.0),
}


def _firms(r: _Reader, data: Any) -> tuple[FirmStart, ...]:
    if not isinstance(data, list):
        raise r.fail("firms", "must be an array of tables [[firms]]")
    out: list[FirmStart] = []
    for i, f in enumerate(data):
        where = f"firms[{i}]"
        f = r.table(f, "firms", where)
        if "firm" not in f:
            raise r.fail(where, "missing 'firm'")
        values: dict[str, Any] = {"firm": r.firm(f["firm"], f"{where}.firm")}
        if any(x.firm == values["firm"] for x in out):
            raise r.fail(f"{where}.firm", f"firm {f['firm']!r} is listed twice")
        for key, (low, high) in _FIRM_LIMITS.items():
            if key in f:
                values[key] = r.number(f[key], f"{where}.{key}", low, high)
        out.append(FirmStart(**values))
    _check_workforce(r, out)
    return tuple(out)


def _check_workforce(r: _Reader, firms: list[FirmStart]) -> None:
    """The firms' starting workers cannot exceed the labour pool they are drawn from."""
    pool = r.p.labour_pool_novices + r.p.labour_pool_trained0
    total = sum((f.novices or 0.0) + (f.trained or 0.0) + (f.experts or 0.0) for f in firms)
    if total > pool:
        raise r.fail(
            "firms",
            f"the firms' starting workers add up to {total:,.0f}, more than the labour pool "
            f"({pool:,.0f} = labour_pool_novices + labour_pool_trained0)",
        )
