"""Tidy data behind each view: pure functions of a run's public frames (DESIGN.md §5).

Each function takes a `SimulationResult` (and, where it applies, the grey reference run) and
returns the DataFrame that one chart draws and that its "CSV" button downloads. Nothing here
reads agents' internals: only ``.timeseries``, ``.agents``, ``.milestones``, ``.flows`` and
``.summary``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ecosystem import START, TIMESERIES, SimulationResult

#: Views draw at most this many firms (the largest by committed capacity) to stay legible.
MAX_FIRMS_DRAWN = 12

#: The loss chain's stages in the order of the outputs' ``lost_to_<stage>_t`` columns (so a
#: stage the model adds appears here without an edit).
LOSS_STAGES: tuple[str, ...] = tuple(
    c.name.removeprefix("lost_to_").removesuffix("_t")
    for c in TIMESERIES
    if c.name.startswith("lost_to_")
)

MILESTONE_LABELS: dict[str, str] = {
    "construction_start_month": "construction start",
    "commissioning_month": "commissioning",
    "first_output_month": "first output",
    "qualification_month": "qualification",
    "nameplate_month": "nameplate output",
    "exit_month": "exit",
}

#: Nodes that are not agents but appear in ``.flows`` (outputs.FLOWS).
SUPPLY_NODES: dict[int, str] = {-1: "IREL (oxide)", -2: "Labour pool", -3: "Oxide imports"}


def month_date(month: int | np.ndarray | pd.Series) -> pd.Series | str:
    """First day of a model month as ``YYYY-MM-01`` (month 0 = December 2025)."""
    if not isinstance(month, np.ndarray | pd.Series):
        return _date_text(int(month))
    months = pd.Series(month)
    return pd.Series([_date_text(int(m)) for m in months], index=months.index, dtype=object)


def _date_text(month: int) -> str:
    total = START.year * 12 + START.month - 1 + month
    return f"{total // 12:04d}-{total % 12 + 1:02d}-01"


def month_label(month: int) -> str:
    """``Dec 2032`` for a model month."""
    return (START + pd.DateOffset(months=int(month))).strftime("%b %Y")


def ramp_frame(result: SimulationResult, reference: SimulationResult | None = None) -> pd.DataFrame:
    """National output, capacity and demand, with the twin's and the reference's output (t/yr).

    One row per month over the union of the run's and the reference's months (the reference
    covers the whole horizon while a stepped run is still short of it).
    """
    ts = result.timeseries
    frame = pd.DataFrame(
        {
            "month": ts["month"].astype("int64"),
            "production_t": ts["production_t"],
            "capacity_installed_t": ts["capacity_installed_t"],
            "capacity_committed_t": ts["capacity_committed_t"],
            "demand_t": ts["demand_t"],
        }
    )
    if result.twin is not None:
        tw = result.twin.timeseries
        frame = frame.merge(
            pd.DataFrame(
                {
                    "month": tw["month"].astype("int64"),
                    "twin_production_t": tw["production_t"],
                    "twin_capacity_installed_t": tw["capacity_installed_t"],
                }
            ),
            on="month",
            how="left",
        )
    if reference is not None:
        ref = reference.timeseries
        frame = frame.merge(
            pd.DataFrame(
                {
                    "month": ref["month"].astype("int64"),
                    "reference_production_t": ref["production_t"],
                    "reference_capacity_installed_t": ref["capacity_installed_t"],
                }
            ),
            on="month",
            how="outer",
        )
    frame = frame.sort_values("month").reset_index(drop=True)
    frame.insert(1, "date", month_date(frame["month"]))
    return frame


def expertise_frame(result: SimulationResult) -> pd.DataFrame:
    """Expertise gap (1 − know-how) and workforce skill per firm per month, plus the national line.

    Firms enter once they have begun building (before that their gap is not defined); skill is
    drawn once a firm employs anyone. The label of each firm says whether it is a beneficiary
    (with its L-rank) and who its technology partner is in the latest month.
    """
    agents = result.agents
    firms = agents[agents["agent_type"] == "manufacturer"]
    if firms.empty:
        return pd.DataFrame(
            columns=[
                "month",
                "date",
                "agent_id",
                "firm",
                "beneficiary",
                "partnered",
                "expertise_gap",
                "skill",
            ]
        )
    names = _agent_names(agents)
    committed = firms.groupby("agent_id")["capacity_committed_t"].max()
    chosen = committed[committed > 0].sort_values(ascending=False).index[:MAX_FIRMS_DRAWN]
    firms = firms[firms["agent_id"].isin(chosen)]
    latest = firms[firms["month"] == firms["month"].max()].set_index("agent_id")
    labels = {aid: _firm_label(row, names) for aid, row in latest.iterrows()}
    building = firms["capacity_committed_t"] > 0
    frame = pd.DataFrame(
        {
            "month": firms["month"].astype("int64"),
            "agent_id": firms["agent_id"],
            "firm": firms["agent_id"].map(labels),
            "beneficiary": firms["beneficiary"].astype(bool),
            "partnered": firms["partner_id"].notna(),
            "expertise_gap": np.where(building, 1.0 - firms["knowhow"], np.nan),
            "skill": np.where(firms["workforce"] > 0, firms["skill"], np.nan),
        }
    )
    ts = result.timeseries
    national = pd.DataFrame(
        {
            "month": ts["month"].astype("int64"),
            "agent_id": -100,
            "firm": "All firms (capacity-weighted)",
            "beneficiary": False,
            "partnered": False,
            "expertise_gap": ts["expertise_gap"],
            "skill": ts["workforce_skill"],
        }
    )
    frame = pd.concat([frame, national], ignore_index=True)
    frame.insert(1, "date", month_date(frame["month"]))
    return frame.reset_index(drop=True)


def loss_frame(result: SimulationResult) -> pd.DataFrame:
    """Output and the five losses of the chain, per month (t/yr); they sum to committed capacity."""
    ts = result.timeseries
    frame = pd.DataFrame({"month": ts["month"].astype("int64"), "production_t": ts["production_t"]})
    for stage in LOSS_STAGES:
        frame[f"lost_to_{stage}_t"] = ts[f"lost_to_{stage}_t"]
    frame["capacity_committed_t"] = ts["capacity_committed_t"]
    frame.insert(1, "date", month_date(frame["month"]))
    return frame


def binding_frame(result: SimulationResult) -> pd.DataFrame:
    """Each firm in the latest month: committed capacity, output and the stage that binds it."""
    agents = result.agents
    firms = agents[agents["agent_type"] == "manufacturer"]
    columns = [
        "month",
        "agent_id",
        "firm",
        "beneficiary",
        "capacity_committed_t",
        "capacity_installed_t",
        "production_t",
        "binding_constraint",
    ]
    if firms.empty:
        return pd.DataFrame(columns=columns)
    latest = firms[firms["month"] == firms["month"].max()]
    latest = latest[latest["capacity_committed_t"] > 0]
    latest = latest.sort_values("capacity_committed_t", ascending=False).head(3 * MAX_FIRMS_DRAWN)
    frame = pd.DataFrame(
        {
            "month": latest["month"].astype("int64"),
            "agent_id": latest["agent_id"],
            "firm": latest["name"],
            "beneficiary": latest["beneficiary"].astype(bool),
            "capacity_committed_t": latest["capacity_committed_t"],
            "capacity_installed_t": latest["capacity_installed_t"],
            "production_t": latest["production_t"],
            "binding_constraint": latest["binding_constraint"].fillna("none"),
        },
        columns=columns,
    )
    return frame.reset_index(drop=True)


def network_frames(result: SimulationResult) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes and edges of the knowledge network, summed over the months so far.

    Nodes sit in three columns: R&D centres and the labour pool on the left, firms in the
    middle (zig-zagged so that firm-to-firm poaching links stay visible), partners and oxide
    sources on the right. ``weight`` is an edge's amount relative to the largest edge of its
    kind, because the kinds have different units (know-how, workers, t/yr).
    """
    agents = result.agents
    flows = result.flows
    names = _agent_names(agents)
    types = agents.drop_duplicates("agent_id").set_index("agent_id")["agent_type"].to_dict()
    columns: dict[int, list[int]] = {0: [], 1: [], 2: []}
    for aid, kind in sorted(types.items()):
        if kind == "rnd_centre":
            columns[0].append(aid)
        elif kind == "manufacturer":
            columns[1].append(aid)
        elif kind == "partner":
            columns[2].append(aid)
    used = set(flows["source_id"]).union(flows["target_id"]) if not flows.empty else set()
    for aid, col in ((-2, 0), (-1, 2), (-3, 2)):
        if aid in used:
            columns[col].append(aid)
    rows = []
    for col, ids in columns.items():
        for i, aid in enumerate(ids):
            y = (i + 0.5) / max(len(ids), 1)
            x = col + (0.12 if (col == 1 and i % 2) else -0.12 if col == 1 else 0.0)
            rows.append(
                {
                    "agent_id": aid,
                    "name": names.get(aid, SUPPLY_NODES.get(aid, str(aid))),
                    "type": types.get(aid, "supply"),
                    "x": x,
                    "y": 1.0 - y,
                }
            )
    nodes = pd.DataFrame(rows, columns=["agent_id", "name", "type", "x", "y"])
    edge_cols = [
        "source_id",
        "target_id",
        "kind",
        "amount",
        "weight",
        "source",
        "target",
        "x",
        "y",
        "x2",
        "y2",
    ]
    if flows.empty or nodes.empty:
        return nodes, pd.DataFrame(columns=edge_cols)
    edges = flows.groupby(["source_id", "target_id", "kind"], as_index=False)["amount"].sum()
    edges = edges[edges["amount"] > 0]
    edges["weight"] = edges["amount"] / edges.groupby("kind")["amount"].transform("max")
    pos = nodes.set_index("agent_id")
    edges = edges[edges["source_id"].isin(pos.index) & edges["target_id"].isin(pos.index)]
    edges["source"] = edges["source_id"].map(pos["name"])
    edges["target"] = edges["target_id"].map(pos["name"])
    edges["x"] = edges["source_id"].map(pos["x"])
    edges["y"] = edges["source_id"].map(pos["y"])
    edges["x2"] = edges["target_id"].map(pos["x"])
    edges["y2"] = edges["target_id"].map(pos["y"])
    return nodes, edges[edge_cols].reset_index(drop=True)


def milestones_frame(result: SimulationResult) -> pd.DataFrame:
    """One row per firm and milestone reached (empty milestones are left out)."""
    ms = result.milestones
    rows = []
    for _, firm in ms.iterrows():
        for column, label in MILESTONE_LABELS.items():
            month = firm[column]
            if pd.notna(month):
                rows.append(
                    {
                        "agent_id": firm["agent_id"],
                        "firm": firm["name"],
                        "milestone": label,
                        "month": int(month),
                    }
                )
    frame = pd.DataFrame(rows, columns=["agent_id", "firm", "milestone", "month"])
    frame.insert(4, "date", month_date(frame["month"]) if len(frame) else pd.Series(dtype=str))
    return frame


def _agent_names(agents: pd.DataFrame) -> dict[int, str]:
    return agents.drop_duplicates("agent_id").set_index("agent_id")["name"].to_dict()


def _firm_label(row: pd.Series, names: dict[int, str]) -> str:
    tags = []
    if bool(row["beneficiary"]):
        rank = row["bid_rank"]
        tags.append(f"beneficiary L{int(rank)}" if pd.notna(rank) else "beneficiary")
    if pd.notna(row["partner_id"]):
        tags.append(f"partner: {names.get(int(row['partner_id']), int(row['partner_id']))}")
    return f"{row['name']} ({'; '.join(tags)})" if tags else str(row["name"])


__all__ = [
    "LOSS_STAGES",
    "MAX_FIRMS_DRAWN",
    "MILESTONE_LABELS",
    "binding_frame",
    "expertise_frame",
    "loss_frame",
    "milestones_frame",
    "month_date",
    "month_label",
    "network_frames",
    "ramp_frame",
]
