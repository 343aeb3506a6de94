"""Loading, checking and saving factors, cases and scenario files."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from widgets import scoring
from widgets.records import coding, fields, loading, scenario_files
from widgets.records.fields import DataError
from widgets.views import i18n

VALID_SCENARIO = """
name = "Test region"
[factors]
""" + "".join(f"{name} = {{ level = 3 }}\n" for name in scoring.FACTORS)


def write(tmp_path: Path, text: str, name: str = "region.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_eleven_factors_load_in_lesson_order():
    factors = loading.load_factors()
    assert tuple(f.key for f in factors) == scoring.FACTORS
    assert [f.lesson for f in factors] == list(range(1, 12))
    for factor in factors:
        assert len(factor.rubric) == 5
        assert factor.label_en and factor.label_nl and factor.sections
    assert {f.key for f in factors if f.direction == "negative"} == set(scoring.NEGATIVE_FACTORS)


def test_every_case_loads_with_evidence_for_every_factor():
    cases = loading.load_cases()
    assert tuple(cases) == loading.CASE_IDS
    for case in cases.values():
        assert set(case.codings) == set(scoring.FACTORS)
        assert case.start is not None and case.end is not None and case.start <= case.end
        for entry in case.codings.values():
            assert entry.evidence.strip() and entry.section.strip()
        assert case.outcome is None or case.outcome_justification.strip()


def test_the_data_folder_is_the_repository_one_in_a_source_checkout():
    assert loading.data_dir() == Path(loading.__file__).resolve().parents[2] / "data"


def test_a_valid_scenario_loads_with_defaults(tmp_path):
    scenario = loading.load_scenario(write(tmp_path, VALID_SCENARIO))
    assert scenario.name == "Test region"
    assert scenario.levels == {name: 3.0 for name in scoring.FACTORS}
    assert set(scenario.confidence.values()) == {coding.SCENARIO_CONFIDENCE}
    assert scenario.outcome is None


@pytest.mark.parametrize(
    ("text", "field", "allowed"),
    [
        (VALID_SCENARIO.replace("trust = { level = 3 }", "trust = { level = 6 }"), "factors.trust.level", "1 to 5"),
        (VALID_SCENARIO.replace("trust = { level = 3 }", "trust = { level = nan }"), "factors.trust.level", "1 to 5"),
        (VALID_SCENARIO.replace("trust = { level = 3 }", "trust = { level = inf }"), "factors.trust.level", "1 to 5"),
        (VALID_SCENARIO.replace("trust = { level = 3 }", 'trust = { level = "high" }'), "factors.trust.level", "1 to 5"),
        (VALID_SCENARIO.replace("trust = { level = 3 }", "trust = { level = true }"), "factors.trust.level", "1 to 5"),
        (VALID_SCENARIO.replace("trust = { level = 3 }\n", ""), "factors.trust", "missing"),
        (VALID_SCENARIO + "charisma = { level = 3 }\n", "factors.charisma", "allowed"),
        (VALID_SCENARIO.replace("trust = { level = 3 }", "trust = { level = 3, mood = 1 }"), "factors.trust.mood", "allowed"),
        (VALID_SCENARIO.replace("trust = { level = 3 }", 'trust = { level = 3, confidence = "sure" }'), "factors.trust.confidence", "documented"),
        ("colour = 'red'\n" + VALID_SCENARIO, "colour", "allowed"),
        (VALID_SCENARIO.replace('name = "Test region"', "name = 12"), "name", "text"),
        (VALID_SCENARIO.replace('name = "Test region"', 'name = ""'), "name", "empty"),
        (VALID_SCENARIO.replace('name = "Test region"', ""), "name", "missing"),
        ('name = "x"\nfactors = 3\n', "factors", "table"),
        ('name = "x"\n', "factors", "missing"),
        ("start = 20.5\n" + VALID_SCENARIO, "start", "whole number"),
        (VALID_SCENARIO + '[outcome]\ndocumented = "great"\n', "outcome.documented", "thriving"),
        ("name = [unclosed\n", "syntax", "TOML"),
    ],
)
def test_a_bad_scenario_is_rejected_naming_file_field_and_what_is_allowed(tmp_path, text, field, allowed):
    path = write(tmp_path, text)
    with pytest.raises(DataError) as caught:
        loading.load_scenario(path)
    message = str(caught.value)
    assert caught.value.field == field
    assert str(path) in message and field in message and allowed in message


def test_an_unreadable_file_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        loading.load_scenario(tmp_path / "missing.toml")
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00name")
    with pytest.raises(DataError, match="UTF-8"):
        loading.load_scenario(binary)


def test_an_unknown_case_is_named():
    with pytest.raises(DataError, match="atlantis"):
        loading.load_case("atlantis")


def test_a_case_file_needs_its_descriptive_fields(tmp_path):
    document = fields.read_toml(loading.case_path("kempen"))
    del document["summary"]
    with pytest.raises(DataError, match="summary: missing"):
        loading.parse_scenario(document, "kempen.toml", as_case=True)


def test_bad_factor_definitions_are_rejected():
    document = fields.read_toml(loading.data_dir() / "factors.toml")
    document["trust"]["rubric"] = document["trust"]["rubric"][:4]
    with pytest.raises(DataError, match="trust.rubric"):
        loading.parse_factors(document, "factors.toml")
    document = fields.read_toml(loading.data_dir() / "factors.toml")
    document["trust"]["direction"] = "negative"
    with pytest.raises(DataError, match="trust.direction"):
        loading.parse_factors(document, "factors.toml")


@pytest.mark.parametrize("case_id", loading.CASE_IDS)
def test_a_case_survives_a_save_and_load_unchanged(tmp_path, case_id):
    case = loading.load_case(case_id)
    path = scenario_files.save_scenario(case, tmp_path / f"{case_id}.toml")
    assert loading.load_scenario(path) == case


hostile_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=60,
).filter(lambda text: text.strip())


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.one_of(hostile_text, st.sampled_from(['<script>alert(1)</script>', '"; rm -rf / #', "a\nb = 1\n[x]"])),
    levels=st.fixed_dictionaries({f: st.floats(1, 5, allow_nan=False) for f in scoring.FACTORS}),
    evidence=hostile_text,
)
def test_any_scenario_round_trips_losslessly(tmp_path, name, levels, evidence):
    scenario = scenario_files.new_scenario(name).with_levels(levels)
    codings = dict(scenario.codings)
    codings["trust"] = coding.Coding(levels["trust"], "unknown", "", evidence)
    scenario = coding.Scenario(name=name, codings=codings, start=2026)
    path = scenario_files.save_scenario(scenario, tmp_path / "round.toml")
    again = loading.load_scenario(path)
    assert again == scenario
    assert all(math.isclose(again.levels[f], levels[f], rel_tol=0, abs_tol=0) for f in scoring.FACTORS)


def test_a_failed_save_keeps_the_existing_file(tmp_path):
    path = write(tmp_path, VALID_SCENARIO)
    before = path.read_bytes()
    broken = loading.load_scenario(path).with_levels({"trust": 9.0})
    with pytest.raises(DataError, match="factors.trust.level"):
        scenario_files.save_scenario(broken, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["region.toml"]


def test_the_template_is_a_valid_scenario_with_every_factor_at_3(tmp_path):
    text = scenario_files.template_text()
    for factor in loading.load_factors():
        assert factor.rubric[0].split()[0] in text
    scenario = loading.load_scenario(write(tmp_path, text))
    assert scenario.levels == {name: 3.0 for name in scoring.FACTORS}


# ------------------------------------------------------ observations and counterfactuals


def case_document(case_id: str = "beemster") -> dict:
    return fields.read_toml(loading.case_path(case_id))


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (lambda d: d["observations"][0].update(state="booming"), "observations[0].state", "thriving"),
        (lambda d: d["observations"][0].update(year=d["start"] - 1), "observations[0].year", "before the start"),
        (lambda d: d["observations"][0].update(year=d["end"] + 1), "observations[0].year", "after the end"),
        (lambda d: d["observations"][0].pop("section"), "observations[0].section", "missing"),
        (lambda d: d["observations"][0].update(confidence="unknown"), "observations[0].confidence", "documented"),
        (lambda d: d["observations"].append(dict(d["observations"][0])), "observations[3].year", "second observation"),
        (lambda d: d["counterfactuals"][0]["set"].update(charisma=4), "counterfactuals[0].set.charisma", "unknown factor"),
        (lambda d: d["counterfactuals"][0]["set"].update(trust=7), "counterfactuals[0].set.trust", "1 to 5"),
        (lambda d: d["counterfactuals"][0].update(expect="saves"), "counterfactuals[0].expect", "improves"),
        (lambda d: d["outcome"].update(documented="thriving"), "outcome.documented", "last observation"),
        (lambda d: d["outcome"].pop("confidence"), "outcome.confidence", "missing"),
        (lambda d: d.pop("observations"), "observations", "at least one"),
    ],
)
def test_bad_observations_are_rejected_naming_file_and_field(change, field, message):
    document = case_document()
    change(document)
    with pytest.raises(DataError) as caught:
        loading.parse_scenario(document, "beemster.toml", as_case=True)
    assert caught.value.field == field and "beemster.toml" in str(caught.value) and message in str(caught.value)


def test_every_case_has_dated_observations_within_its_period():
    for case in loading.load_cases().values():
        assert case.observations and case.outcome_confidence in coding.OBSERVATION_CONFIDENCES
        for observation in case.observations:
            assert case.start <= observation.year <= case.end and observation.evidence.strip()
        for counterfactual in case.counterfactuals:
            assert set(counterfactual.levels) <= set(scoring.FACTORS)


def test_the_case_list_is_the_data_folder_in_the_order_of_the_source():
    files = {path.stem for path in loading.cases_dir().glob("*.toml")}
    assert set(loading.case_ids()) == files
    assert [loading.load_case(c).order for c in loading.case_ids()] == sorted(
        loading.load_case(c).order for c in files)


def test_the_factors_direction_is_checked_against_the_model():
    document = fields.read_toml(loading.data_dir() / "factors.toml")
    document["herindeling_threat"]["direction"] = "positive"
    with pytest.raises(DataError, match="herindeling_threat.direction: must be negative, as in the model"):
        loading.parse_factors(document, "factors.toml")


def test_every_factor_speaks_english_and_dutch():
    for factor in loading.load_factors():
        for lang in i18n.LANGUAGES:
            assert factor.label(lang).strip() and factor.summary_in(lang).strip()
            assert len(factor.rubric_in(lang)) == 5 and all(line.strip() for line in factor.rubric_in(lang))
        assert factor.rubric_nl != factor.rubric and factor.summary_nl != factor.summary
