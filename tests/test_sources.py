"""Every parameter source resolves to an entry of the repository's bibliography or register."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ecosystem import (
    Design,
    Evidence,
    Params,
    Reference,
    SourceError,
    resolve_source,
    source_register,
)
from ecosystem.sources import cite, load
from experiments.sources_doc import sources_markdown
from experiments.validation.observations import calibrated_from

ROOT = Path(__file__).resolve().parent.parent
OUTSIDE = ("facts.md", "DESIGN.md", "shared/")


def _all_sources():
    return [(name, src) for name, spec in Params.fields().items() for src in spec.sources]


def test_every_params_source_resolves_to_an_entry_in_the_repository():
    sources = _all_sources()
    assert len(sources) > 80
    kinds = set()
    for name, src in sources:
        entry = resolve_source(src.ref)
        assert isinstance(entry, Reference | Evidence | Design), (name, src.ref)
        kinds.add(type(entry))
    assert kinds == {Reference, Evidence, Design}


def test_no_params_source_points_outside_the_repository():
    for name, spec in Params.fields().items():
        texts = [spec.note, *(f"{s.ref} {s.value}" for s in spec.sources)]
        for text in texts:
            for word in OUTSIDE:
                assert word not in text, f"{name}: {text!r} cites {word}"


def test_evidence_rows_cite_known_references_and_references_say_where_to_find_them():
    reg = source_register()
    keys = {r.key for r in reg.references}
    for e in reg.evidence:
        assert set(e.refs) <= keys, e.id
        assert e.kind in ("sourced", "derived", "assumption")
        assert e.refs or e.kind != "sourced", e.id
        assert len(e.says) > 20, e.id
    for r in reg.references:
        assert r.author and r.title and r.date and r.where, r.key
        assert not r.doi or re.fullmatch(r"10\.\d{4,9}/\S+", r.doi), r.key
    assert len({e.id for e in reg.evidence}) == len(reg.evidence)


def test_rows_match_by_section_and_case_insensitive_prefix():
    assert cite("2", "shock effects").id == "2.17"
    assert cite("2", "SHOCK EFFECTS in india").id == "2.17"
    assert cite("4", "Shin-Etsu").id == "4.12"
    # punctuation between words does not matter; detail after the name is allowed
    assert cite("4", "Shin-Etsu Vietnam: process copied from its Japanese plant").id == "4.12"
    # the full row name of the facts, and an exact name that is also a prefix of another row
    assert cite("2", "NdPr oxide price").id == "2.12"
    assert cite("2", "NdPr oxide price, more points").id == "2.13"
    assert cite("1", "capital subsidy").id == "1.13"
    # a row name followed by detail
    assert cite("4", "workforce ~100-260 jobs per 1,000 t/yr (crew)").id == "4.7"
    # aliases used by older call sites
    assert cite("1", "approved 26 Nov 2025").id == "1.1"
    assert cite("5", "Nagy et al. 2013").id == "5.4"


def test_unmatched_or_ambiguous_row_fails_loudly_naming_it():
    with pytest.raises(SourceError, match="no such row at all"):
        cite("2", "no such row at all")
    with pytest.raises(SourceError, match="ambiguous"):
        cite("2", "China's share of")
    # the right name in the wrong section does not match
    with pytest.raises(SourceError, match="section 1"):
        cite("1", "NdPr oxide price")


def test_a_register_citing_a_missing_reference_is_refused(tmp_path):
    refs = tmp_path / "references.toml"
    refs.write_text(
        '[[reference]]\nkey = "A"\nauthor = "x"\ntitle = "t"\ndate = "2020"\nwhere = "w"\n',
        encoding="utf-8",
    )
    ev = tmp_path / "evidence.toml"
    ev.write_text(
        '[[evidence]]\nid = "1.1"\nrow = "r"\nsays = "something sourced"\nrefs = ["B"]\n',
        encoding="utf-8",
    )
    with pytest.raises(SourceError, match="unknown references: B"):
        load(refs, ev)
    ev.write_text(
        '[[evidence]]\nid = "1.1"\nrow = "r"\nsays = "x"\nrefs = ["A"]\n'
        '[[evidence]]\nid = "1.1"\nrow = "s"\nsays = "y"\nrefs = ["A"]\n',
        encoding="utf-8",
    )
    with pytest.raises(SourceError, match="duplicate evidence id: 1.1"):
        load(refs, ev)


def test_sources_page_has_an_anchor_for_every_entry_a_parameter_cites():
    text = sources_markdown()
    for name, src in _all_sources():
        anchor = resolve_source(src.ref).anchor
        assert f'<a id="{anchor}"></a>' in text, (name, src.ref)
    assert "10.1371/journal.pone.0052669" in text


def test_calibration_and_parameter_pages_link_the_sources_page():
    calibration = (ROOT / "docs" / "calibration.md").read_text(encoding="utf-8")
    parameters = (ROOT / "docs" / "parameters.md").read_text(encoding="utf-8")
    assert "](sources.md)" in calibration
    assert "](sources.md#ev-1-10)" in parameters
    for text in (calibration, parameters):
        assert "facts.md" not in text and "DESIGN.md §" not in text


def test_validation_rows_in_legacy_and_register_form_find_the_same_parameters():
    legacy = calibrated_from("facts.md §4: build-outs by experienced makers")
    assert legacy == calibrated_from("evidence 4.10: build-outs by experienced makers")
    assert "construction_base_months" in legacy
    assert calibrated_from("facts.md §5: Nagy et al. 2013") == ["learning_rate"]
