"""Controls generated from `Params.fields()`: labels, units, ranges and sources are never retyped.

Every parameter gets a control chosen by its type (switch, choice, slider with a number box),
grouped by the field's group. The main levers of the issue are shown open; every other
parameter sits in collapsed groups below (rendered only when opened). Hovering a label shows
the unit, range, default and source, or "assumption" where no source exists (also marked †).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import reacton.ipyvuetify as rv
import solara

from ecosystem import GROUPS, FieldSpec, Params

#: The levers the issue names, in reading order; the groups come from the fields themselves.
MAIN_LEVERS: tuple[str, ...] = (
    "scheme_enabled",
    "sli_ceiling_inr_per_kg",
    "sli_pool_cr",
    "capex_subsidy_pool_cr",
    "n_beneficiaries",
    "bid_capacity_min_t",
    "bid_capacity_max_t",
    "rnd_skilling_pool_cr",
    "foreign_partners_allowed",
    "partner_willingness_japan",
    "partner_willingness_korea",
    "partner_willingness_germany",
    "learning_rate",
    "demand_growth_per_yr",
    "assembly_share_growth_per_yr",
    "irel_oxide_capacity_t_per_yr",
    "irel_expansion_t_per_yr",
    "china_shock",
    "shock_start_month",
    "shock_months",
    "shock_severity",
)

ASSUMPTION_MARK = "†"
TOOLTIP_STYLE = "white-space: pre-line; max-width: 380px; font-size: 13px; line-height: 1.45"
OnValue = Callable[[str, Any], Any]


def caption(spec: FieldSpec) -> str:
    """A control's label: the field's label, its unit, and † if it rests on an assumption."""
    text = spec.label
    if spec.unit and spec.type is not bool:
        text += f" ({spec.unit})"
    if spec.assumption:
        text += f" {ASSUMPTION_MARK}"
    return text


def tooltip_text(spec: FieldSpec) -> str:
    """What hovering a control shows: name, unit, range, default, source or assumption, note."""
    lines = [spec.name]
    if spec.unit:
        lines.append(f"Unit: {spec.unit}")
    lines.append(f"Range: {spec.range_text}")
    lines.append(f"Default: {format_value(spec.default)}")
    if spec.assumption:
        lines.append(f"Source: {ASSUMPTION_MARK} assumption (no published source)")
        if spec.sources:
            lines.append(f"cf. {spec.source_text}")
    else:
        lines.append(f"Source: {spec.source_text}")
    if spec.note:
        lines.append(f"Note: {spec.note}")
    return "\n".join(lines)


def format_value(value: Any) -> str:
    """A parameter value as a user reads it (``true``, ``2,150``, ``0.15``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:,.6g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def slider_step(spec: FieldSpec, value: float) -> float:
    """A round slider step: about 1/200 of the range, fine enough to land on ``value``."""
    if spec.type is int:
        return 1
    assert spec.low is not None and spec.high is not None  # numeric fields have a range
    span = float(spec.high) - float(spec.low)
    if span <= 0:
        return 1.0
    step = 10 ** math.floor(math.log10(span / 200))
    for candidate in (step * 5, step * 2, step):
        if span / candidate <= 400:
            step = candidate
            break
    for _ in range(8):  # refine until the default and the current value sit on the grid
        if all(abs(v / step - round(v / step)) < 1e-6 for v in (value, spec.default, spec.low)):
            break
        step /= 10
    return float(f"{step:.10g}")


def groups_of(names: list[str] | tuple[str, ...]) -> list[tuple[str, list[FieldSpec]]]:
    """Fields by group, groups in `GROUPS` order, fields in the order given."""
    specs = Params.fields()
    return [
        (group, [specs[n] for n in names if specs[n].group == group])
        for group in GROUPS
        if any(specs[n].group == group for n in names)
    ]


def other_parameters() -> list[str]:
    """Every field that is not a main lever, in declaration order."""
    return [name for name in Params.fields() if name not in MAIN_LEVERS]


@solara.component
def Label(spec: FieldSpec):
    """The control's caption with the tooltip (unit, range, source or assumption)."""
    tip = rv.Html(tag="div", style_=TOOLTIP_STYLE, children=[tooltip_text(spec)])
    with solara.Tooltip(tip):
        rv.Html(tag="div", class_="lever-label text-caption", children=[caption(spec)])


def plain(value: Any) -> str:
    """A value as typed in a box and read back by the command line's rules (no separators)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.10g}"
    return str(value)


ERROR_STYLE = "color: #B00020; font-size: 12px; line-height: 1.3"


@solara.component
def TextBox(value: Any, on_text: Callable[[str], bool], classes: list[str], width: str = "100px"):
    """A box that commits on Enter or leaving it; a refused text is replaced by ``value``.

    ``on_text(text)`` returns False when it refused the text (it shows the message itself).
    """
    # What is typed is the box's own state (bound to the widget), replaced only when the
    # applied value changes. A box whose v_model were not bound would lose the typed text
    # whenever an ancestor re-renders (a run finishing, the busy sign): reacton sets every
    # widget's properties back to the element's on each reconciliation of its subtree.
    text, set_text = solara.use_state_or_update(plain(value))
    latest = solara.use_ref((value, on_text))
    latest.current = (value, on_text)

    def commit(widget: Any = None, *_args: Any) -> None:
        applied, handler = latest.current
        typed = "" if widget is None or widget.v_model is None else str(widget.v_model)
        if typed == plain(applied):
            return
        if not handler(typed):
            set_text(plain(applied))  # the box shows the value the run uses
            if widget is not None:
                widget.v_model = plain(applied)

    field = rv.TextField(
        v_model=text,
        on_v_model=set_text,
        dense=True,
        hide_details=True,
        class_=" ".join(classes),
        style_=f"max-width: {width}; flex: 0 0 {width}; margin-top: 0; padding-top: 0",
    )
    rv.use_event(field, "keyup.enter", commit)
    rv.use_event(field, "blur", commit)
    return field


@solara.component
def NumberControl(spec: FieldSpec, value: float, on_value: OnValue, on_text: OnValue):
    """A slider over the field's range (commits on release) and a box for an exact value."""
    shown, set_shown = solara.use_state_or_update(value)
    step = slider_step(spec, value)

    def commit(new: Any) -> None:
        if new is None:
            return
        # a slider's float arithmetic (0.2 + 0.005 = 0.20500000000000002) rounded to its grid
        on_value(spec.name, int(round(new)) if spec.type is int else float(f"{new:.10g}"))

    assert spec.low is not None and spec.high is not None  # numeric fields have a range
    with solara.Row(gap="8px", style={"align-items": "center"}) as main:
        slider = rv.Slider(
            v_model=shown,
            on_v_model=set_shown,
            min=spec.low,
            max=spec.high,
            step=step,
            thumb_label=True,
            hide_details=True,
            dense=True,
            class_="lever-slider",
            style_="flex: 1 1 auto; min-width: 150px",
        )
        rv.use_event(slider, "change", lambda *args: commit(args[-1]))
        TextBox(value, lambda text: bool(on_text(spec.name, text)), ["lever-input"])
    return main


@solara.component
def ParamControl(
    spec: FieldSpec,
    value: Any,
    on_value: OnValue,
    on_text: OnValue | None = None,
    base: Any = None,
    error: str | None = None,
):
    """One parameter's control, chosen by its type.

    ``base`` is the scenario's value: a changed lever is highlighted and gets its own reset.
    ``error`` is the message of the last value refused for it, shown under the control.
    """
    changed = base is not None and value != base
    style = {"padding": "2px 0 2px 6px", "border-left": "3px solid transparent"}
    if changed:
        style.update({"border-left": "3px solid #B35900", "background": "#FFF4E5"})
    classes = ["lever", f"lever-{spec.name}", *(["lever-changed"] if changed else [])]
    text_handler: OnValue = on_text or (lambda name, text: on_value(name, text))
    with solara.Column(gap="0px", classes=classes, style=style):
        with solara.Row(gap="4px", style={"align-items": "center"}):
            if spec.type is bool:
                with solara.Tooltip(
                    rv.Html(tag="div", style_=TOOLTIP_STYLE, children=[tooltip_text(spec)])
                ):
                    solara.Switch(
                        label=caption(spec),
                        value=bool(value),
                        on_value=lambda v: on_value(spec.name, bool(v)),
                        classes=["mt-0"],
                    )
            else:
                Label(spec)
            if changed:
                with solara.Tooltip(f"Back to the scenario's value, {format_value(base)}"):
                    solara.Button(
                        "↺ reset",
                        text=True,
                        small=True,
                        on_click=lambda: on_value(spec.name, base),
                        classes=["lever-reset"],
                        style={"padding": "0 4px", "margin-left": "auto", "min-width": "0"},
                    )
        if spec.choices is not None and spec.type is not bool:
            solara.Select(
                "",
                values=list(spec.choices),
                value=value,
                on_value=lambda v: on_value(spec.name, v),
                dense=True,
            )
        elif spec.type is not bool:
            NumberControl(spec, value, on_value, text_handler)
        if error:
            rv.Html(tag="div", class_="lever-error", style_=ERROR_STYLE, children=[error])


@solara.component
def Collapsible(title: str, children: list = [], open: bool = False, classes: list[str] = []):  # noqa: B006
    """A titled section whose content is only rendered while it is open."""
    is_open, set_open = solara.use_state(open)
    with solara.Column(gap="0px", classes=["collapsible", *classes]) as main:
        solara.Button(
            ("▾ " if is_open else "▸ ") + title,
            text=True,
            small=True,
            on_click=lambda: set_open(not is_open),
            classes=["collapsible-title"],
            style={"justify-content": "flex-start", "text-transform": "none", "font-weight": "600"},
        )
        if is_open:
            with solara.Column(gap="0px", style={"padding-left": "8px"}):
                for child in children:
                    solara.display(child)
    return main


@solara.component
def ParameterPanel(
    params: Params,
    on_value: OnValue,
    on_text: OnValue | None = None,
    base: Params | None = None,
    error: tuple[str, str] | None = None,
):
    """Main levers (open) and every other parameter (collapsed), both grouped by group.

    ``base``: the scenario's parameters (changed levers are highlighted); ``error``: the
    (parameter, message) of the last refused value.
    """
    values = params.to_dict()
    bases = base.to_dict() if base is not None else {}

    def control(s: FieldSpec):
        message = error[1] if error is not None and error[0] == s.name else None
        return ParamControl(s, values[s.name], on_value, on_text, bases.get(s.name), message)

    solara.Text("Main levers", classes=["text-subtitle-2"])
    for group, specs in groups_of(MAIN_LEVERS):
        Collapsible(
            group.capitalize(),
            open=True,
            classes=[f"levers-{group.replace(' ', '-')}"],
            children=[control(s) for s in specs],
        )
    solara.Text("All other parameters", classes=["text-subtitle-2"], style={"margin-top": "8px"})
    for group, specs in groups_of(other_parameters()):
        changed = sum(values[s.name] != bases.get(s.name, values[s.name]) for s in specs)
        Collapsible(
            f"{group.capitalize()} ({len(specs)}{f', {changed} changed' if changed else ''})",
            classes=[f"params-{group.replace(' ', '-')}"],
            open=error is not None and any(s.name == error[0] for s in specs),
            children=[control(s) for s in specs],
        )
    solara.Text(
        f"{ASSUMPTION_MARK} assumption: no published source. Hover a label for its unit, "
        "range, default and source.",
        classes=["text-caption"],
    )


__all__ = [
    "ASSUMPTION_MARK",
    "MAIN_LEVERS",
    "Collapsible",
    "ParamControl",
    "ParameterPanel",
    "TextBox",
    "caption",
    "format_value",
    "groups_of",
    "other_parameters",
    "plain",
    "slider_step",
    "tooltip_text",
]
