"""The documentation: generated files are current and complete; the hand-written parts say what
the project promises (seven ODD elements, a two-command quick start)."""

import re
import shutil
from pathlib import Path

import pytest

from ecosystem import outputs
from ecosystem.params import Params
from experiments import refdocs as docs

ROOT = docs.ROOT
ODD_ELEMENTS = (
    "1. Purpose and patterns",
    "2. Entities, state variables and scales",
    "3. Process overview and scheduling",
    "4. Design concepts",
    "5. Initialization",
    "6. Input data",
    "7. Submodels",
)
DESIGN_CONCEPTS = (
    "Basic principles",
    "Emergence",
    "Adaptation",
    "Objectives",
    "Learning",
    "Prediction",
    "Sensing",
    "Interaction",
    "Stochasticity",
    "Collectives",
    "Observation",
)
OUTPUT_TABLES = {
    "TIMESERIES": "Time series",
    "AGENTS": "Agents",
    "MILESTONES": "Milestones",
    "FLOWS": "Flows",
    "SUMMARY": "Summary",
    "FISCAL_YEARS": "Fiscal years",
}


def read(relative: str | Path) -> str:
    return (ROOT / relative).read_text(encoding="utf-8")


def section(text: str, heading: str) -> str:
    """The body of the level-2 section whose heading starts with ``heading``."""
    match = re.search(rf"^## {re.escape(heading)}.*?$(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"no section '## {heading}'"
    return match.group(1)


def odd_table() -> str:
    text = read(docs.ODD_MD)
    return text.split(docs.BEGIN, 1)[1].split(docs.END, 1)[0]


# ----------------------------------------------------------------------------- generated files
@pytest.mark.parametrize(
    "relative",
    [docs.PARAMETERS_MD, docs.OUTPUTS_MD, docs.ODD_MD, docs.OBSERVED_MD],
    ids=lambda p: p.name,
)
def test_generated_file_is_current(relative):
    expected = docs.expected_files(ROOT)[ROOT / relative]
    assert read(relative) == expected, (
        f"{relative} is out of date with the code: run `make docs` (python -m experiments.refdocs)"
    )


def test_check_mode_passes_on_the_repository(capsys):
    assert docs.main(["--check"]) == 0


def test_check_mode_fails_on_a_stale_file_and_writing_fixes_it(tmp_path):
    (tmp_path / "docs").mkdir()
    for relative in (docs.PARAMETERS_MD, docs.OUTPUTS_MD, docs.ODD_MD, docs.SOURCES_MD):
        shutil.copy(ROOT / relative, tmp_path / relative)
    stale = tmp_path / docs.PARAMETERS_MD
    stale.write_text(stale.read_text(encoding="utf-8").replace("learning_rate", "x"), "utf-8")
    assert docs.main(["--check"], root=tmp_path) == 1
    assert docs.stale_files(tmp_path) == [stale]
    assert docs.main([], root=tmp_path) == 0
    assert docs.stale_files(tmp_path) == []
    assert stale.read_text(encoding="utf-8") == read(docs.PARAMETERS_MD)


def test_generation_is_deterministic():
    assert docs.parameters_markdown() == docs.parameters_markdown()
    assert docs.outputs_markdown() == docs.outputs_markdown()
    assert not re.search(r"20\d\d-\d\d-\d\dT|\d\d:\d\d:\d\d", docs.parameters_markdown())


# ----------------------------------------------------------------------------- completeness
def test_every_parameter_is_in_parameters_md():
    text = read(docs.PARAMETERS_MD)
    missing = [name for name in Params.fields() if f"| `{name}` |" not in text]
    assert not missing, f"missing from docs/parameters.md: {missing}"


def test_every_parameter_is_in_the_odd_table():
    table = odd_table()
    missing = [name for name in Params.fields() if f"| `{name}` |" not in table]
    assert not missing, f"missing from the parameter table of docs/ODD.md: {missing}"


def test_parameter_rows_show_default_range_role_and_source():
    text = read(docs.PARAMETERS_MD)
    for name, spec in Params.fields().items():
        row = next(line for line in text.splitlines() if line.startswith(f"| `{name}` |"))
        assert docs.format_value(spec.default) in row
        assert docs.cell(spec.range_text) in row
        assert f"| {spec.role} |" in row
        assert ("assumption" in row) if spec.assumption else spec.sources[0].ref in row


def test_parameters_are_grouped_by_group():
    text = read(docs.PARAMETERS_MD)
    groups = {spec.group for spec in Params.fields().values()}
    for group in groups:
        assert re.search(rf"^## {group.capitalize()} \(\d+\)$", text, re.M), group


def test_every_output_column_is_in_outputs_md():
    text = read(docs.OUTPUTS_MD)
    assert f"**{outputs.SCHEMA_VERSION}**" in text
    for attr, heading in OUTPUT_TABLES.items():
        body = section(text, heading)
        missing = [c.name for c in getattr(outputs, attr) if f"| `{c.name}` |" not in body]
        assert not missing, f"{attr} columns missing from docs/outputs.md: {missing}"


def test_every_output_table_of_the_schema_is_documented():
    documented = {attr for attr, _, _ in docs.OUTPUT_TABLES}
    tables = {
        name
        for name, value in vars(outputs).items()
        if name.isupper()
        and isinstance(value, tuple)
        and value
        and all(isinstance(c, outputs.Column) for c in value)
    }
    assert tables <= documented, f"undocumented output tables: {sorted(tables - documented)}"


# ----------------------------------------------------------------------------- splicing
def test_splice_replaces_only_the_block():
    text = f"intro\n{docs.BEGIN}\nold\n{docs.END}\noutro\n"
    out = docs.splice(text, "new")
    assert out == f"intro\n{docs.BEGIN}\n\nnew\n\n{docs.END}\noutro\n"
    assert docs.splice(out, "new") == out


@pytest.mark.parametrize(
    "text",
    [
        "no markers",
        f"{docs.BEGIN} only",
        f"{docs.END}\n{docs.BEGIN}",
        f"{docs.BEGIN}{docs.END}{docs.BEGIN}{docs.END}",
    ],
)
def test_splice_refuses_missing_or_misplaced_markers(text):
    with pytest.raises(ValueError):
        docs.splice(text, "block")


def test_table_cells_escape_pipes():
    assert docs.cell("equal | rank") == "equal \\| rank"
    assert docs.cell("") == "–"


# ----------------------------------------------------------------------------- hand-written parts
def test_odd_has_the_seven_elements_in_order():
    text = read(docs.ODD_MD)
    positions = []
    for element in ODD_ELEMENTS:
        match = re.search(rf"^## {re.escape(element)}\s*$", text, re.M)
        assert match, f"docs/ODD.md lacks the heading '## {element}'"
        positions.append(match.start())
    assert positions == sorted(positions)


def test_odd_answers_every_design_concept():
    body = section(read(docs.ODD_MD), "4. Design concepts")
    missing = [c for c in DESIGN_CONCEPTS if f"**{c}.**" not in body]
    assert not missing, f"design concepts not answered: {missing}"


def test_odd_names_the_inspiring_companies_but_the_model_does_not():
    text = read(docs.ODD_MD)
    companies = (
        "Vedanta",
        "JSW",
        "Sona Comstar",
        "Mahindra",
        "Bharat Forge",
        "Uno Minda",
        "Midwest",
    )
    assert all(c in text for c in companies)
    from ecosystem.archetypes import ARCHETYPES

    for arch in ARCHETYPES:
        assert not any(c.lower() in arch.name.lower() for c in companies)
        assert arch.name in text


def test_readme_quick_start_is_exactly_two_commands():
    body = section(read("README.md"), "Quick start")
    block = re.search(r"```(?:bash|sh)?\n(.*?)```", body, re.S)
    assert block, "README's Quick start has no code block"
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines()]
    assert [c for c in commands if c] == ["make app", "make test"]
    assert "http://127.0.0.1:8765" in body


def test_readme_points_to_the_docs():
    text = read("README.md")
    for path in ("docs/ODD.md", "docs/parameters.md", "docs/outputs.md", "benchmarks/README.md"):
        assert path in text
    assert "make run" in text and "not a forecast" in text
