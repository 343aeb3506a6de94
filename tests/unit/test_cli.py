"""The samensterk command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from widgets import cli, scoring
from widgets.records import loading, scenario_files
from widgets.team import answer_files

TRAJECTORY_KEYS = {"year", "momentum", "low", "high"}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_score_beemster_json_is_one_object_with_every_key():
    done = subprocess.run(
        [sys.executable, "-m", "widgets", "score", "beemster", "--json"],
        capture_output=True, text=True, check=True,
    )
    result = json.loads(done.stdout)
    assert isinstance(result, dict)
    assert {"score", "outcome", "documented_outcome", "trajectory", "levers", "contributions", "factors"} <= set(result)
    assert result["documented_outcome"] == loading.load_case("beemster").outcome
    assert result["outcome"] in scoring.OUTCOMES
    assert len(result["trajectory"]) == scoring.DEFAULT_HORIZON + 1
    for point in result["trajectory"]:
        assert TRAJECTORY_KEYS <= set(point)
        assert point["low"] <= point["momentum"] <= point["high"]
    gains = [lever["gain"] for lever in result["levers"]]
    assert gains == sorted(gains, reverse=True)
    assert {"factor", "gain"} <= set(result["levers"][0])
    assert set(result["contributions"]) == set(scoring.FACTORS) == set(result["factors"])
    assert result["factors"] == loading.load_case("beemster").levels


def test_set_and_years_change_the_result(capsys):
    _, plain, _ = run(capsys, "score", "beemster", "--json")
    code, changed, _ = run(
        capsys, "score", "beemster", "--json", "--years", "12",
        *[arg for key in loading.load_case("beemster").lacked for arg in ("--set", f"{key}=5")],  # every lesson it lacked
    )
    assert code == 0
    before, after = json.loads(plain), json.loads(changed)
    assert after["factors"]["leadership"] == 5 and after["factors"]["quick_wins"] == 5
    assert len(after["trajectory"]) == 13
    assert after["trajectory"][8]["momentum"] > before["trajectory"][8]["momentum"]
    assert after["score"] > before["score"] and after["outcome"] != before["outcome"]


@pytest.mark.parametrize("case_id", ["land-van-cuyk", "beemster", "lith-maasdonk"])
def test_score_compares_with_the_documented_outcome_in_the_same_year(capsys, case_id):
    """The prediction is read where the source dates the outcome (its last dated year), the
    same year the case page uses, and the predicted outcome is the likeliest class."""
    case = loading.load_case(case_id)
    _, out, _ = run(capsys, "score", case_id, "--json")
    result = json.loads(out)
    point = case.evaluate().at(case.last_dated_year)
    assert result["documented_year"] == case.last_dated_year
    assert result["predicted_then"] == point.outcome
    assert result["predicted_then"] == max(result["probabilities_then"], key=result["probabilities_then"].get)
    assert result["outcome"] == max(result["outcome_probabilities"], key=result["outcome_probabilities"].get)
    _, text, _ = run(capsys, "score", case_id)
    assert f"In {case.last_dated_year}, the last year the source dates: predicted {point.outcome}" in text
    _, dutch, _ = run(capsys, "score", case_id, "--lang", "nl")
    assert f"In {case.last_dated_year}, het laatste jaar dat de bron dateert" in dutch


def test_levers_list_the_threat_apart_as_not_in_the_cooperations_hands(capsys):
    _, out, _ = run(capsys, "score", "krimpenerwaard", "--json")
    levers = json.loads(out)["levers"]
    assert [lever["factor"] for lever in levers if not lever["in_hand"]] == ["herindeling_threat"]
    for lever in levers:
        assert lever["gain_low"] <= lever["gain"] <= lever["gain_high"]
    _, text, _ = run(capsys, "score", "krimpenerwaard")
    threat_line = next(line for line in text.splitlines() if "Merger threat" in line and " to " in line)
    assert "not in the cooperation's own hands" in threat_line


def test_text_report_names_the_outcome_and_levers(capsys):
    code, out, _ = run(capsys, "score", "kempen")
    assert code == 0
    case = loading.load_case("kempen")
    assert case.name in out and "Predicted outcome" in out and "Levers" in out


def test_factors_and_cases_list_everything(capsys):
    _, out, _ = run(capsys, "factors", "--json")
    factors = json.loads(out)
    assert [f["key"] for f in factors] == list(scoring.FACTORS)
    assert all(len(f["rubric"]) == 5 and f["direction"] in {"positive", "negative"} for f in factors)
    _, out, _ = run(capsys, "cases", "--json")
    assert [c["id"] for c in json.loads(out)] == list(loading.CASE_IDS)
    _, out, _ = run(capsys, "cases")
    assert all(case_id in out for case_id in loading.CASE_IDS)
    _, out, _ = run(capsys, "factors")
    assert all(key in out for key in scoring.FACTORS)


def test_a_template_can_be_edited_and_scored(capsys, tmp_path):
    _, template, _ = run(capsys, "template")
    path = tmp_path / "region.toml"
    path.write_text(template.replace("level = 3", "level = 4", 1), encoding="utf-8")
    code, out, _ = run(capsys, "score", str(path), "--json")
    result = json.loads(out)
    assert code == 0 and result["factors"]["diagnosis"] == 4 and result["documented_outcome"] is None


def test_a_hostile_region_name_is_printed_as_text(capsys, tmp_path):
    scenario = scenario_files.new_scenario("Evil\x1b[31m <script>alert(1)</script>")
    path = scenario_files.save_scenario(scenario, tmp_path / "evil.toml")
    code, out, _ = run(capsys, "score", str(path))
    assert code == 0 and "\x1b" not in out and "\\x1b[31m <script>" in out


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["score", "atlantis"], "atlantis"),
        (["score", "beemster", "--set", "charisma=3"], "charisma"),
        (["score", "beemster", "--set", "trust=7"], "trust"),
        (["score", "beemster", "--set", "trust=nan"], "trust"),
        (["score", "beemster", "--set", "trust=high"], "trust"),
        (["score", "beemster", "--set", "trust"], "KEY=LEVEL"),
        (["score", "beemster", "--years", "0"], "years"),
        (["score", "beemster", "--years", "x"], "years"),
        (["score", "no-such-file.toml"], "no such file"),
        (["frobnicate"], "frobnicate"),
        ([], "command"),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_problem(capsys, argv, named):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("samensterk: error:")
    assert named in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ("name = [broken", "syntax"),
        ('name = "x"\n[factors.trust]\nlevel = 3\n', "factors.diagnosis"),
    ],
)
def test_a_bad_file_exits_2_naming_file_and_field(tmp_path, content, named):
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "widgets", "score", str(path)], capture_output=True, text=True
    )
    assert done.returncode == 2 and done.stdout == ""
    assert str(path) in done.stderr and named in done.stderr
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1


def test_the_console_script_is_installed():
    done = subprocess.run(
        [str(__import__("pathlib").Path(sys.executable).parent / "samensterk"), "cases"],
        capture_output=True, text=True, check=True,
    )
    assert "beemster" in done.stdout


def test_a_reader_that_stops_early_gets_no_traceback():
    """`samensterk factors | head -1`: the pipe closes before the output is written."""
    process = subprocess.Popen(
        [sys.executable, "-m", "widgets", "factors", "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    process.stdout.close()  # before the command has even started writing
    _, err = process.communicate(timeout=60)
    assert process.returncode == cli.EXIT_BROKEN_PIPE
    assert err.decode() == ""


def scan_answers(capsys, tmp_path, name: str, level: int, comment: str = "") -> str:
    """One respondent's answers file, made from ``template --scan`` as a respondent would."""
    _, template, _ = run(capsys, "template", "--scan", "--lang", "nl")
    text = template.replace('name = ""', 'name = "Kempen"', 1).replace('respondent = ""', f'respondent = "{name}"', 1)
    text = text.replace("dont_know = true", f"level = {level}")
    if comment:
        text = text.replace('comment = ""', f'comment = "{comment}"', 1)
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_scan_template_speaks_dutch_and_asks_every_lesson(capsys):
    _, template, _ = run(capsys, "template", "--scan", "--lang", "nl")
    assert "Scherpe diagnose" in template and "Rollen: bestuurder, gemeentesecretaris" in template
    lines = template.splitlines()
    assert lines.count("dont_know = true") == len(scoring.FACTORS)
    assert all(f"[factors.{factor}]" in lines for factor in scoring.FACTORS)


def test_combine_names_a_broken_file_and_writes_the_team_of_the_others(capsys, tmp_path):
    files = [scan_answers(capsys, tmp_path, "Jan", 2), scan_answers(capsys, tmp_path, "Piet", 4)]
    broken = tmp_path / "kapot.toml"
    broken.write_text("name = [\n", encoding="utf-8")
    team_file = tmp_path / "team.toml"
    code, out, err = run(capsys, "combine", *files, str(broken), "-o", str(team_file))
    # The others are written, but a file given was left out: the exit code says so.
    assert code == cli.EXIT_PARTIAL and "kapot.toml" in err and "2 respondents" in out and "Traceback" not in err
    combined = answer_files.parse_team(team_file.read_text(encoding="utf-8"), "team.toml")
    assert [r.name for r in combined.respondents] == ["", ""]  # names only when every respondent agreed
    assert str(tmp_path) not in team_file.read_text(encoding="utf-8")  # never a path of the facilitator's computer
    assert all(summary.median == 3 for summary in combined.lessons.values())
    code, out, err = run(capsys, "combine", *files, "--names", "-o", str(team_file))
    assert code == 0 and err == ""
    assert [r.name for r in answer_files.parse_team(team_file.read_text(encoding="utf-8"), "t").respondents] == ["Jan", "Piet"]


def test_combine_counts_the_same_answers_once_and_says_so_in_dutch(capsys, tmp_path):
    jan, piet = scan_answers(capsys, tmp_path, "Jan", 2), scan_answers(capsys, tmp_path, "Piet", 4)
    team_file = tmp_path / "team.toml"
    assert run(capsys, "combine", jan, piet, "-o", str(team_file))[0] == 0
    # The team file beside the answers it holds, and Jan's file twice: still two respondents.
    again = tmp_path / "again.toml"
    code, out, err = run(capsys, "combine", jan, piet, str(team_file), jan, "--lang", "nl", "-o", str(again))
    assert code == 0 and out.strip() == f"2 deelnemers -> {again}"
    assert "team.toml" in err and "één keer meegeteld" in err
    assert len(answer_files.parse_team(again.read_text(encoding="utf-8"), "t").respondents) == 2


def test_two_files_with_the_same_name_both_count(capsys, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    (first / "scan.toml").write_text(Path(scan_answers(capsys, tmp_path, "x", 2)).read_text().replace('"x"', '""'))
    (second / "scan.toml").write_text(Path(scan_answers(capsys, tmp_path, "y", 4)).read_text().replace('"y"', '""'))
    output = tmp_path / "team.toml"
    code, out, err = run(capsys, "combine", str(first / "scan.toml"), str(second / "scan.toml"), "--lang", "nl",
                         "-o", str(output))
    assert code == 0 and "2 deelnemers" in out
    assert len(answer_files.parse_team(output.read_text(encoding="utf-8"), "t").respondents) == 2


def test_combine_refuses_to_mix_arrangements(capsys, tmp_path):
    belasting = scan_answers(capsys, tmp_path, "Jan", 2)
    ict = tmp_path / "ict.toml"
    ict.write_text(Path(scan_answers(capsys, tmp_path, "Piet", 4)).read_text().replace(
        'name = "Kempen"', 'name = "ICT Kempen"'), encoding="utf-8")
    output = tmp_path / "team.toml"
    code, out, err = run(capsys, "combine", belasting, str(ict), "--lang", "nl", "-o", str(output))
    assert code == cli.EXIT_PARTIAL and "1 deelnemer ->" in out
    assert "ict.toml" in err and "één scan per samenwerking" in err and "Traceback" not in err


def test_dutch_refusals_name_the_file_and_the_field(capsys, tmp_path):
    broken = tmp_path / "kapot.toml"
    broken.write_text('name = "x"\n[factors.trust]\nlevel = 3\n', encoding="utf-8")
    code, _, err = run(capsys, "combine", str(broken), "--lang", "nl", "-o", str(tmp_path / "team.toml"))
    assert code == 2 and "kapot.toml" in err and "factors.diagnosis" in err and "ontbreekt" in err
    assert "missing" not in err and "error" not in err


def test_combine_with_no_readable_file_fails_with_the_reason(capsys, tmp_path):
    broken = tmp_path / "kapot.toml"
    broken.write_text("name = [\n", encoding="utf-8")
    code, _, err = run(capsys, "combine", str(broken), "-o", str(tmp_path / "team.toml"))
    assert code == 2 and "kapot.toml" in err and "Traceback" not in err
    assert not (tmp_path / "team.toml").exists()


def test_report_writes_one_escaped_html_file_in_dutch(capsys, tmp_path):
    files = [scan_answers(capsys, tmp_path, "Jan", 1, comment="<script>alert(1)</script>"),
             scan_answers(capsys, tmp_path, "Piet", 4)]
    output = tmp_path / "rapport.html"
    code, out, _ = run(capsys, "report", *files, "--lang", "nl", "-o", str(output))
    html = output.read_text(encoding="utf-8")
    assert code == 0 and "2" in out
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Eerst bespreken" in html and "Antwoorden per rolgroep en per organisatie" in html


def test_the_scan_template_says_that_a_high_threat_is_bad(capsys):
    _, template, _ = run(capsys, "template", "--scan", "--lang", "nl")
    threat = template.split("[factors.quick_wins]")[1].split("[factors.herindeling_threat]")[0]
    assert "LET OP: hier is een HOOG niveau SLECHT" in threat and "licht een niveau 4 of 5 toe" in threat
    _, english, _ = run(capsys, "template", "--scan", "--lang", "en")
    assert "here a HIGH level is BAD" in english


def test_score_scores_a_team_file(capsys, tmp_path):
    files = [scan_answers(capsys, tmp_path, "Jan", 2), scan_answers(capsys, tmp_path, "Piet", 4)]
    team_file = tmp_path / "team.toml"
    assert run(capsys, "combine", *files, "-o", str(team_file))[0] == 0
    code, out, err = run(capsys, "score", str(team_file), "--json")
    assert code == 0 and err == ""
    result = json.loads(out)
    assert result["name"] == "Kempen" and result["factors"] == {f: 3.0 for f in scoring.FACTORS}
    assert set(result["outcome_probabilities"]) == {"thriving", "continuing", "stagnating", "collapsed"}
    code, out, err = run(capsys, "score", str(team_file), "--set", "trust=5", "--lang", "nl")
    assert code == 0 and "Kempen" in out and "Traceback" not in err


def test_combine_with_an_unreadable_or_too_large_file_writes_the_others_and_exits_non_zero(capsys, tmp_path):
    jan = scan_answers(capsys, tmp_path, "Jan", 2)
    huge = tmp_path / "groot.toml"
    huge.write_text("# " + "x" * (cli.MAX_FILE_BYTES + 10), encoding="utf-8")
    missing = tmp_path / "weg.toml"
    output = tmp_path / "team.toml"
    code, out, err = run(capsys, "combine", jan, str(huge), str(missing), "--lang", "nl", "-o", str(output))
    assert code == cli.EXIT_PARTIAL and "1 deelnemer ->" in out and output.exists()
    assert "groot.toml: groter dan 1 MB" in err and "weg.toml: het bestand kan niet worden gelezen" in err
    assert "Traceback" not in err
    code, out, err = run(capsys, "combine", str(huge), str(missing), "-o", str(tmp_path / "none.toml"))
    assert code == 2 and "groot.toml: larger than 1 MB" in err and "weg.toml" in err
    assert not (tmp_path / "none.toml").exists()


def test_hostile_text_in_a_name_or_comment_is_kept_as_text(capsys, tmp_path):
    hostile = '<script>alert(1)</script> \\" ]] [x]'
    jan = Path(scan_answers(capsys, tmp_path, "Jan", 1))
    text = jan.read_text(encoding="utf-8").replace('respondent = "Jan"', 'respondent = "<img src=x onerror=alert(1)>"')
    text = text.replace('comment = ""', 'comment = "' + hostile + '"', 1)
    jan.write_text(text, encoding="utf-8")
    output = tmp_path / "rapport.html"
    code, _, err = run(capsys, "report", str(jan), "--lang", "nl", "-o", str(output))
    html = output.read_text(encoding="utf-8")
    assert code == 0 and "<script" not in html and "<img" not in html and "&lt;script&gt;" in html
    bad = tmp_path / "kapot.toml"
    bad.write_text('name = "x"\nrespondent = ' + "[" * 5000, encoding="utf-8")
    code, _, err = run(capsys, "report", str(bad), "--lang", "nl", "-o", str(tmp_path / "r2.html"))
    assert code == 2 and "kapot.toml" in err and "Traceback" not in err
