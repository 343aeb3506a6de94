"""The team scan: answers files, combining respondents, the team profile the model scores, the report."""

from __future__ import annotations

import dataclasses
import datetime
import json

import pytest

from widgets import loading, scan, scoring, team, teamreport

DAY = datetime.date(2026, 12, 1)
HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


def respondent(levels: dict, name: str = "", role: str = "ambtenaar", comments: dict | None = None) -> team.Respondent:
    full = {factor: 3.0 for factor in scoring.FACTORS} | levels
    return team.Respondent(name, role, DAY, full, comments or {})


def test_one_respondent_is_a_team_of_one():
    one = respondent({"trust": 2.0, "pendulum": None}, "Anne")
    combined = team.combine([one], "Kempen")
    assert combined.levels["trust"] == 2.0 and combined.levels["pendulum"] == scoring.NEUTRAL_LEVEL
    assert combined.confidence["pendulum"] == "unknown" and combined.confidence["trust"] == "inferred"
    assert combined.lessons["pendulum"].dont_know == 1 and combined.lessons["trust"].spread == 0
    assert combined.discuss_first == []


def test_two_respondents_median_spread_and_flags():
    combined = team.combine([
        respondent({"diagnosis": 2.0, "benefits": 3.0, "trust": None}),
        respondent({"diagnosis": 5.0, "benefits": 4.0, "trust": 4.0}),
    ])
    diagnosis, benefits, trust = (combined.lessons[k] for k in ("diagnosis", "benefits", "trust"))
    assert (diagnosis.median, diagnosis.spread, diagnosis.discuss_first) == (3.5, 3.0, True)
    assert (benefits.median, benefits.spread, benefits.discuss_first) == (3.5, 1.0, False)
    assert (trust.median, trust.dont_know, trust.spread) == (4.0, 1, 0.0)
    assert combined.discuss_first == ["diagnosis"]


def test_thirty_respondents_against_hand_computed_figures():
    people = []
    for index in range(30):
        people.append(respondent({
            "diagnosis": (1.0, 3.0, 5.0)[index // 10],  # ten at each of 1, 3 and 5
            "pendulum": 2.0 if index < 15 else 3.0,  # fifteen at 2, fifteen at 3
            "trust": None if index == 0 else 4.0,  # one don't know, 29 at 4
            "quick_wins": 1.0 + (index % 5),  # six at each level
        }, f"R{index}"))
    combined = team.combine(people)
    got = {k: (s.median, s.spread, s.dont_know, s.discuss_first) for k, s in combined.lessons.items()}
    assert got["diagnosis"] == (3.0, 4.0, 0, True)
    assert got["pendulum"] == (2.5, 1.0, 0, False)
    assert got["trust"] == (4.0, 0.0, 1, False)
    assert got["quick_wins"] == (3.0, 4.0, 0, True)
    assert combined.discuss_first == ["diagnosis", "quick_wins"]


def test_at_most_fifty_respondents():
    with pytest.raises(team.TeamError, match="50"):
        team.combine([respondent({})] * 51)
    with pytest.raises(team.TeamError, match="no answers"):
        team.combine([])


def test_disagreement_widens_the_band_and_moves_the_chances():
    agree = team.combine([respondent({f: 3.0 for f in scoring.FACTORS})] * 10)
    split = team.combine([respondent({f: 1.0 for f in scoring.FACTORS})] * 5
                         + [respondent({f: 5.0 for f in scoring.FACTORS})] * 5)
    assert agree.levels == split.levels  # both medians are 3
    calm, torn = agree.profile.evaluate(), split.profile.evaluate()
    assert [p.momentum for p in calm.trajectory] == [p.momentum for p in torn.trajectory]
    assert torn.final.high - torn.final.low > calm.final.high - calm.final.low
    assert torn.outcome_probabilities != calm.outcome_probabilities


def test_an_answers_file_round_trips_with_dont_know_comments_and_a_hostile_name():
    one = respondent({"trust": None, "diagnosis": 1.5}, HOSTILE, "gemeentesecretaris",
                     {"diagnosis": 'geen "meting" \\ <b>gedaan</b>\nnieuwe regel'})
    text = loading.answers_text(one, "Kempen & co")
    back = loading.parse_answers(text, "anne.toml")
    assert (back.name, back.role, back.date, dict(back.levels), dict(back.comments)) == (
        one.name, one.role, one.date, dict(one.levels), dict(one.comments))
    assert back.cooperation == "Kempen & co" and back.source == "anne.toml"
    scenario = loading.parse_scenario_text(text, "anne.toml")  # an answers file is a scenario file
    assert scenario.codings["trust"].dont_know and scenario.confidence["trust"] == "unknown"


def test_a_team_file_round_trips_without_names_or_paths_unless_every_respondent_agreed():
    people = [dataclasses.replace(respondent({"trust": 2.0}, "Anne", comments={"trust": "zwak"}),
                                  source="/home/facilitator/Documenten/anne.toml", organisation="Bladel"),
              respondent({"trust": None}, "Bert", "raadslid")]
    combined = team.combine(people, "Kempen", DAY)
    text = loading.team_text(combined)
    assert "Anne" not in text and "Bert" not in text and "/home" not in text and "anne.toml" not in text
    again = loading.parse_team(text, "team.toml")
    assert again.name == "Kempen" and again.date == DAY and not again.named
    assert [(r.role, r.organisation, dict(r.levels), dict(r.comments), r.key) for r in again.respondents] == [
        (r.role, r.organisation, dict(r.levels), dict(r.comments), r.key) for r in combined.respondents]
    assert [r.name for r in again.respondents] == ["", ""]
    named = loading.parse_team(loading.team_text(team.combine(people, "Kempen", DAY, named=True)), "team.toml")
    assert named.named and [r.name for r in named.respondents] == ["Anne", "Bert"]
    assert "/home" not in loading.team_text(named)


def test_answers_are_known_by_their_content_not_their_file_name():
    anne, bert = respondent({"trust": 2.0}, "Anne"), respondent({"trust": 4.0}, "")
    assert anne.key != bert.key and anne.key == respondent({"trust": 2.0}, "Anne").key  # the hash, without an id
    with_id = dataclasses.replace(anne, id="r-1234")
    assert with_id.key == "r-1234" and dataclasses.replace(bert, id="r-1234").key == with_id.key
    taken = team.intake([("scan.toml", [anne]), ("scan.toml", [bert]), ("team.toml", [anne, bert])])
    assert taken.respondents == (anne, bert)
    assert dict(taken.same_names) == {"scan.toml": 2}
    assert [(d.source, d.first) for d in taken.duplicates] == [("team.toml", "scan.toml")] * 2


@pytest.mark.parametrize(("text", "reason"), [
    ("name = [", "not valid TOML"),
    ('name = "x"\n[factors.trust]\nlevel = 3\n', "factors.diagnosis"),
    ('name = "x"\nrole = "king"\n[factors]\n' + "".join(f"{f} = {{ level = 3 }}\n" for f in scoring.FACTORS), "role"),
    ('kind = "team"\nname = "x"\n', "respondents"),
    ("\x00\x01\x02", "TOML"),
    ('name = "x"\n[factors]\n' + "".join(f'{f} = {{ level = 3, dont_know = true }}\n' for f in scoring.FACTORS),
     "not both"),
])
def test_a_bad_file_among_good_ones_is_named_and_the_others_count(text, reason):
    good = loading.answers_text(respondent({"trust": 4.0}, "Anne"), "Kempen")
    combined, rejected = loading.read_team_or_answers({"anne.toml": good, "evil.toml": text})
    assert len(combined.respondents) == 1 and list(rejected) == ["evil.toml"]
    assert "evil.toml" in rejected["evil.toml"] and reason in rejected["evil.toml"]


def test_the_scan_module_keeps_files_apart_and_caps_the_team(tmp_path):
    scan.load(json.dumps(teamreport.case_bundle()))
    scan.clear()
    answer = json.loads(scan.answers(json.dumps({
        "cooperation": "Kempen", "respondent": "Anne", "role": "ambtenaar",
        "levels": {f: 2 for f in scoring.FACTORS}, "comments": {"diagnosis": "geen meting"}})))
    assert "diagnosis" not in answer["comments_asked"] and "benefits" in answer["comments_asked"]
    request = {"cooperation": "Kempen", "role": "ambtenaar", "levels": {f: 2 for f in scoring.FACTORS}}
    made = [json.loads(scan.answers(json.dumps(request)))["file"] for _ in range(50)]  # each with its own id
    files = [["scan.toml", text] for text in made] + [["bad.toml", "x = ["]]
    added = json.loads(scan.add(json.dumps({"files": files})))
    assert added["respondents"] == 50 and [r["name"] for r in added["rejected"]] == ["bad.toml"]
    extra = json.loads(scan.add(json.dumps({"files": [["one-more.toml", answer["file"]]]})))
    assert "50" in extra["rejected"][0]["reason"] and extra["rejected"][0]["name"] == "one-more.toml"
    again = json.loads(scan.add(json.dumps({"files": [["again.toml", made[0]]]})))  # already in: counted once
    assert again["respondents"] == 50 and not again["rejected"]
    view = json.loads(scan.team_view(json.dumps({"lang": "nl"})))
    assert view["name"] == "Kempen" and len(view["respondents"]) == 50
    expected = team.combine([loading.parse_answers(made[0], "x")] * 50).profile.evaluate()
    assert view["probabilities_at"] == dict(expected.outcome_probabilities)
    scan.clear()
    assert "no answers" in json.loads(scan.team_view("{}"))["error"]


def test_the_report_escapes_every_name_and_comment_and_has_every_section():
    bundle = teamreport.case_bundle()
    combined = team.combine([respondent({"trust": 1.0}, HOSTILE, comments={"trust": HOSTILE}),
                             respondent({"trust": 4.0}, "Bert", "bestuurder")], HOSTILE, DAY)
    for lang in ("nl", "en"):
        html = teamreport.render(combined, teamreport.context(bundle, lang), lang, previous=combined)
        assert "<script" not in html and "<img" not in html and "&lt;script&gt;" in html
        assert "http://" not in html and "https://" not in html and "src=" not in html.replace("src=x", "")
    english = teamreport.render(combined, teamreport.context(bundle, "en"), "en", previous=combined)
    for section in ("The team profile", "Discuss first", "The predicted trajectory", "Three levers, as actions",
                    "The nearest case of the source", "Since the earlier scan",
                    "Answers per role group and per organisation"):
        assert section in english
    named = dataclasses.replace(combined, named=True)
    html = teamreport.render(named, teamreport.context(bundle, "en"), "en")
    assert "Every answer" in html and "<script" not in html and "&lt;script&gt;alert" in html


def test_the_report_shows_role_groups_and_partners_never_a_name_unless_everyone_agreed():
    bundle = teamreport.case_bundle()
    people = [dataclasses.replace(respondent({"trust": level}, name, role, {"trust": f"toelichting {level:g}"}),
                                  organisation=organisation)
              for name, role, organisation, level in (
                  ("Anne", "ambtenaar", "Gemeente Bladel", 2.0), ("Bert", "ambtenaar", "Gemeente Bladel", 3.0),
                  ("Cor", "bestuurder", "Gemeente Eersel", 4.0), ("Dirk", "bestuurder", "Gemeente Eersel", 5.0),
                  ("Els", "raadslid", "Gemeente Reusel", 1.0))]
    combined = team.combine(people, "Kempen", DAY)
    html = teamreport.render(combined, teamreport.context(bundle, "nl"), "nl")
    for name in ("Anne", "Bert", "Cor", "Dirk", "Els"):
        assert name not in html
    assert "Antwoorden per rolgroep en per organisatie" in html and "Alle antwoorden" not in html
    assert "Gemeente Bladel (2)" in html and "Gemeente Eersel (2)" in html
    assert "Gemeente Reusel" not in html.split("Per gemeente of organisatie")[1]  # one respondent: not apart
    assert "ambtenaar (2)" in html and "raadslid (1)" not in html
    assert team.groups(combined, "organisation")["Gemeente Bladel"]["trust"] == 2.5
    assert "ambtenaar, Gemeente Bladel" in html  # a comment, by role and organisation
    named = teamreport.render(team.combine(people, "Kempen", DAY, named=True), teamreport.context(bundle, "nl"), "nl")
    assert "Alle antwoorden" in named and all(name in named for name in ("Anne", "Bert", "Cor", "Dirk", "Els"))


def test_the_questionnaire_asks_the_arrangement_and_the_organisation():
    for lang, words in (("nl", ("gemeenschappelijke regeling", "gemeente of organisatie")),
                        ("en", ("gemeenschappelijke regeling", "municipality or organisation"))):
        text = loading.scan_template_text(lang)
        assert 'organisation = ""' in text and all(word in text for word in words)
    filled = loading.scan_template_text("nl").replace('organisation = ""', 'organisation = "Gemeente Bladel"').replace(
        'name = ""', 'name = "Kempen"', 1)
    assert loading.parse_answers(filled.replace("dont_know = true", "level = 3"), "x").organisation == "Gemeente Bladel"
