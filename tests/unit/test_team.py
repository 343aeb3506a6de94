"""The team scan: answers files, combining respondents, the team profile the model scores, the report."""

from __future__ import annotations

import dataclasses
import datetime
import json
import re

import pytest
from catalogue import english_left

from widgets import scoring
from widgets.browser import scan_page
from widgets.records import export, fields, loading, responses
from widgets.records.bundle import parse
from widgets.team import advice, answer_files, drawings, report

DAY = datetime.date(2026, 12, 1)
HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


def respondent(levels: dict, name: str = "", role: str = "ambtenaar", comments: dict | None = None) -> responses.Respondent:
    full = {factor: 3.0 for factor in scoring.FACTORS} | levels
    return responses.Respondent(name, role, DAY, full, comments or {})


def test_one_respondent_is_a_team_of_one():
    one = respondent({"trust": 2.0, "pendulum": None}, "Anne")
    combined = responses.combine([one], "Kempen")
    assert combined.levels["trust"] == 2.0 and combined.levels["pendulum"] == scoring.NEUTRAL_LEVEL
    assert combined.confidence["pendulum"] == "unknown" and combined.confidence["trust"] == "inferred"
    assert combined.lessons["pendulum"].dont_know == 1 and combined.lessons["trust"].spread == 0
    assert combined.discuss_first == []


def test_two_respondents_median_spread_and_flags():
    combined = responses.combine([
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
    combined = responses.combine(people)
    got = {k: (s.median, s.spread, s.dont_know, s.discuss_first) for k, s in combined.lessons.items()}
    assert got["diagnosis"] == (3.0, 4.0, 0, True)
    assert got["pendulum"] == (2.5, 1.0, 0, False)
    assert got["trust"] == (4.0, 0.0, 1, False)
    assert got["quick_wins"] == (3.0, 4.0, 0, True)
    assert combined.discuss_first == ["diagnosis", "quick_wins"]


def test_at_most_fifty_respondents():
    with pytest.raises(responses.TeamError, match="50"):
        responses.combine([respondent({})] * 51)
    with pytest.raises(responses.TeamError, match="no answers"):
        responses.combine([])


def test_disagreement_widens_the_band_and_moves_the_chances():
    agree = responses.combine([respondent({f: 3.0 for f in scoring.FACTORS})] * 10)
    split = responses.combine([respondent({f: 1.0 for f in scoring.FACTORS})] * 5
                         + [respondent({f: 5.0 for f in scoring.FACTORS})] * 5)
    assert agree.levels == split.levels  # both medians are 3
    calm, torn = agree.profile.evaluate(), split.profile.evaluate()
    assert torn.score == calm.score  # the level E comes from the medians; the draws from the answers
    assert torn.final.high - torn.final.low > calm.final.high - calm.final.low
    assert torn.outcome_probabilities != calm.outcome_probabilities


def test_an_answers_file_round_trips_with_dont_know_comments_and_a_hostile_name():
    one = respondent({"trust": None, "diagnosis": 1.5}, HOSTILE, "gemeentesecretaris",
                     {"diagnosis": 'geen "meting" \\ <b>gedaan</b>\nnieuwe regel'})
    text = answer_files.answers_text(one, "Kempen & co")
    back = answer_files.parse_answers(text, "anne.toml")
    assert (back.name, back.role, back.date, dict(back.levels), dict(back.comments)) == (
        one.name, one.role, one.date, dict(one.levels), dict(one.comments))
    assert back.cooperation == "Kempen & co" and back.source == "anne.toml"
    scenario = loading.parse_scenario_text(text, "anne.toml")  # an answers file is a scenario file
    assert scenario.codings["trust"].dont_know and scenario.confidence["trust"] == "unknown"


def test_a_team_file_round_trips_without_names_or_paths_unless_every_respondent_agreed():
    people = [dataclasses.replace(respondent({"trust": 2.0}, "Anne", comments={"trust": "zwak"}),
                                  source="/home/facilitator/Documenten/anne.toml", organisation="Bladel"),
              respondent({"trust": None}, "Bert", "raadslid")]
    combined = responses.combine(people, "Kempen", DAY)
    text = answer_files.team_text(combined)
    assert "Anne" not in text and "Bert" not in text and "/home" not in text and "anne.toml" not in text
    again = answer_files.parse_team(text, "team.toml")
    assert again.name == "Kempen" and again.date == DAY and not again.named
    assert [(r.role, r.organisation, dict(r.levels), dict(r.comments), r.key) for r in again.respondents] == [
        (r.role, r.organisation, dict(r.levels), dict(r.comments), r.key) for r in combined.respondents]
    assert [r.name for r in again.respondents] == ["", ""]
    named = answer_files.parse_team(answer_files.team_text(responses.combine(people, "Kempen", DAY, named=True)), "team.toml")
    assert named.named and [r.name for r in named.respondents] == ["Anne", "Bert"]
    assert "/home" not in answer_files.team_text(named)


def test_answers_are_known_by_their_content_not_their_file_name():
    anne, bert = respondent({"trust": 2.0}, "Anne"), respondent({"trust": 4.0}, "")
    assert anne.key != bert.key and anne.key == respondent({"trust": 2.0}, "Anne").key  # the hash, without an id
    with_id = dataclasses.replace(anne, id="r-1234")
    assert with_id.key == "r-1234" and dataclasses.replace(bert, id="r-1234").key == with_id.key
    taken = responses.intake([("scan.toml", [anne]), ("scan.toml", [bert]), ("team.toml", [anne, bert])])
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
    good = answer_files.answers_text(respondent({"trust": 4.0}, "Anne"), "Kempen")
    combined, rejected = answer_files.read_team_or_answers({"anne.toml": good, "evil.toml": text})
    assert len(combined.respondents) == 1 and list(rejected) == ["evil.toml"]
    assert "evil.toml" in rejected["evil.toml"] and reason in rejected["evil.toml"]


def test_the_scan_module_keeps_files_apart_and_caps_the_team(tmp_path):
    scan_page.load(json.dumps(export.from_data_files()))
    scan_page.clear()
    answer = json.loads(scan_page.answers(json.dumps({
        "cooperation": "Kempen", "respondent": "Anne", "role": "ambtenaar",
        "levels": {f: 2 for f in scoring.FACTORS}, "comments": {"diagnosis": "geen meting"}})))
    assert "diagnosis" not in answer["comments_asked"] and "benefits" in answer["comments_asked"]
    request = {"cooperation": "Kempen", "role": "ambtenaar", "levels": {f: 2 for f in scoring.FACTORS}}
    made = [json.loads(scan_page.answers(json.dumps(request)))["file"] for _ in range(50)]  # each with its own id
    files = [["scan.toml", text] for text in made] + [["bad.toml", "x = ["]]
    added = json.loads(scan_page.add(json.dumps({"files": files})))
    assert added["respondents"] == 50 and [r["name"] for r in added["rejected"]] == ["bad.toml"]
    extra = json.loads(scan_page.add(json.dumps({"files": [["one-more.toml", answer["file"]]]})))
    assert "50" in extra["rejected"][0]["reason"] and extra["rejected"][0]["name"] == "one-more.toml"
    again = json.loads(scan_page.add(json.dumps({"files": [["again.toml", made[0]]]})))  # already in: counted once
    assert again["respondents"] == 50 and not again["rejected"]
    view = json.loads(scan_page.team_view(json.dumps({"lang": "nl"})))
    assert view["name"] == "Kempen" and len(view["respondents"]) == 50
    expected = responses.combine([answer_files.parse_answers(made[0], "x")] * 50).profile.evaluate()
    assert view["probabilities_at"] == dict(expected.outcome_probabilities)
    scan_page.clear()
    assert "no answers" in json.loads(scan_page.team_view("{}"))["error"]


def test_the_report_escapes_every_name_and_comment_and_has_every_section():
    bundle = export.from_data_files()
    combined = responses.combine([respondent({"trust": 1.0}, HOSTILE, comments={"trust": HOSTILE}),
                             respondent({"trust": 4.0}, "Bert", "bestuurder")], HOSTILE, DAY)
    for lang in ("nl", "en"):
        html = report.render(combined, report.context(parse(bundle), lang), lang, previous=combined)
        assert "<script" not in html and "<img" not in html and "&lt;script&gt;" in html
        assert "http://" not in html and "https://" not in html and "src=" not in html.replace("src=x", "")
    english = report.render(combined, report.context(parse(bundle), "en"), "en", previous=combined)
    for section in ("The team profile", "Discuss first", "The predicted trajectory", "Three actions, with owner and term", "Summary for the college",
                    "The nearest case of the source", "Since the earlier scan",
                    "Answers per role group and per organisation"):
        assert section in english
    named = dataclasses.replace(combined, named=True)
    html = report.render(named, report.context(parse(bundle), "en"), "en")
    assert "Every answer" in html and "<script" not in html and "&lt;script&gt;alert" in html


def test_the_report_shows_role_groups_and_partners_never_a_name_unless_everyone_agreed():
    bundle = export.from_data_files()
    people = [dataclasses.replace(respondent({"trust": level}, name, role, {"trust": f"toelichting {level:g}"}),
                                  organisation=organisation)
              for name, role, organisation, level in (
                  ("Anne", "ambtenaar", "Gemeente Bladel", 2.0), ("Bert", "ambtenaar", "Gemeente Bladel", 3.0),
                  ("Cor", "bestuurder", "Gemeente Eersel", 4.0), ("Dirk", "bestuurder", "Gemeente Eersel", 5.0),
                  ("Els", "raadslid", "Gemeente Reusel", 1.0))]
    combined = responses.combine(people, "Kempen", DAY)
    html = report.render(combined, report.context(parse(bundle), "nl"), "nl")
    for name in ("Anne", "Bert", "Cor", "Dirk", "Els"):
        assert name not in html
    assert "Antwoorden per rolgroep en per organisatie" in html and "Alle antwoorden" not in html
    assert "Gemeente Bladel (2)" in html and "Gemeente Eersel (2)" in html
    partners = html.split("Per gemeente of organisatie")[1]
    assert "Gemeente Reusel" not in partners.split("</table>")[0]  # one respondent: not shown apart ...
    assert "niet apart getoond: Gemeente Reusel." in partners  # ... and the report says so
    assert "niet apart getoond: raadslid." in html
    assert "ambtenaar (2)" in html and "raadslid (1)" not in html
    assert responses.groups(combined, "organisation")["Gemeente Bladel"]["trust"] == 2.5
    assert "ambtenaar, Gemeente Bladel" in html  # a comment, by role and organisation
    named = report.render(responses.combine(people, "Kempen", DAY, named=True), report.context(parse(bundle), "nl"), "nl")
    assert "Alle antwoorden" in named and all(name in named for name in ("Anne", "Bert", "Cor", "Dirk", "Els"))


def test_the_questionnaire_asks_the_arrangement_and_the_organisation():
    for lang, words in (("nl", ("gemeenschappelijke regeling", "gemeente of organisatie")),
                        ("en", ("gemeenschappelijke regeling", "municipality or organisation"))):
        text = answer_files.scan_template_text(lang)
        assert 'organisation = ""' in text and all(word in text for word in words)
    filled = answer_files.scan_template_text("nl").replace('organisation = ""', 'organisation = "Gemeente Bladel"').replace(
        'name = ""', 'name = "Kempen"', 1)
    assert answer_files.parse_answers(filled.replace("dont_know = true", "level = 3"), "x").organisation == "Gemeente Bladel"


def split(levels: list, factor: str = "pendulum") -> responses.LessonSummary:
    return responses.combine([respondent({factor: level}) for level in levels]).lessons[factor]


def test_discuss_first_needs_a_split_team_not_one_dissenter_and_puts_the_most_disputed_first():
    assert not split([2.0, 4.0, 4.0]).discuss_first  # one dissenter two levels off: heard, not a split
    assert split([1.0, 2.0, 4.0]).discuss_first and split([2.0, 4.0]).discuss_first
    assert not split([3.0, 3.0, 3.0, 5.0]).discuss_first and split([2.0, 2.0, 4.0, 4.0]).discuss_first
    assert not split([2.0, 3.0, 3.0]).discuss_first  # within two levels
    people = [respondent({"diagnosis": d, "trust": t, "pendulum": p})
              for d, t, p in ((2.0, 1.0, 1.0), (3.0, 3.0, 3.0), (4.0, 5.0, 4.0))]
    combined = responses.combine(people)
    assert combined.discuss_first == ["trust", "pendulum", "diagnosis"]  # by disagreement, not lesson order
    assert combined.lessons["trust"].disagreement > combined.lessons["pendulum"].disagreement


def test_the_threat_of_herindeling_is_read_the_other_way_round():
    assert responses.asks_for_comment(5.0, "herindeling_threat") and responses.asks_for_comment(4.0, "herindeling_threat")
    assert not responses.asks_for_comment(1.0, "herindeling_threat") and not responses.asks_for_comment(2.0, "herindeling_threat")
    assert responses.asks_for_comment(2.0, "trust") and not responses.asks_for_comment(5.0, "trust")
    scan_page.load(json.dumps(export.from_data_files()))
    levels = {f: 3 for f in scoring.FACTORS} | {"herindeling_threat": 5}
    made = json.loads(scan_page.answers(json.dumps({"cooperation": "Kempen", "levels": levels})))
    assert made["comments_asked"] == ["herindeling_threat"]
    levels["herindeling_threat"] = 1
    assert json.loads(scan_page.answers(json.dumps({"cooperation": "Kempen", "levels": levels})))["comments_asked"] == []
    assert advice.change_text("herindeling_threat", 1.0, 2.0, "nl") == "1 niveau slechter"
    assert advice.change_text("herindeling_threat", 4.0, 2.0, "nl") == "2 niveaus beter"
    assert advice.change_text("trust", 2.0, 2.5, "nl") == "0,5 niveau beter"
    assert advice.change_text("trust", 3.0, 3.0, "en") == "the same"
    before = responses.combine([respondent({"herindeling_threat": 1.0})], "Kempen", DAY)
    after = responses.combine([respondent({"herindeling_threat": 2.0})], "Kempen", DAY)
    html = report.render(after, report.context(export.case_data(), "nl"), "nl", previous=before)
    table = html.split("Sinds de eerdere scan")[1].split("</table>")[0]
    assert "1 niveau slechter" in table and not re.search(r"<td>[+-]\d", table)


def test_only_dont_know_gives_no_chances_and_no_actions():
    nobody = responses.combine([responses.Respondent("", "ambtenaar", DAY, {f: None for f in scoring.FACTORS})], "Kempen", DAY)
    bundle = export.from_data_files()
    html = report.render(nobody, report.context(parse(bundle), "nl"), "nl")
    text = re.sub(r"<[^>]+>", " ", html.split("<style>")[0] + html.split("</style>")[1])
    assert "geen kansen: geen enkele deelnemer gaf een niveau" in text
    assert "%" not in text and "Van niveau" not in text and "procentpunt" not in text
    assert "Geen enkele deelnemer gaf een niveau" in text  # said plainly, instead of a lever
    scan_page.load(json.dumps(bundle))
    scan_page.clear()
    scan_page.add(json.dumps({"files": [["weetniet.toml", answer_files.answers_text(nobody.respondents[0], "Kempen")]]}))
    view = json.loads(scan_page.team_view(json.dumps({"lang": "nl"})))
    assert "%" not in view["summary"] and view["levers"] == [] and view["no_lever"]
    scan_page.clear()


def test_chances_from_a_handful_are_rounded_and_never_zero_or_a_hundred():
    bundle = export.from_data_files()
    for levels in (1.0, 5.0, 3.0):
        for count in (1, 2, 3, 9):
            people = [respondent({f: levels for f in scoring.FACTORS}, f"R{i}") for i in range(count)]
            combined = responses.combine(people, "Kempen", DAY)
            text = advice.chances_text(combined.profile.evaluate(), combined, "nl")
            shares = [int(n) for n in re.findall(r"(\d+)%", text)]
            assert shares and "100%" not in text and not re.search(r"(?<!\d)0%", text), text
            step = 10 if count < 3 else 5
            assert all(share % step == 0 for share in shares), text
            assert ("ruwe indicatie" in text) == (count < 3)
    thin = responses.combine([respondent({"trust": 4.0}, "A"), respondent({"trust": 5.0}, "B"),
                         respondent({"trust": None}, "C")], "Kempen", DAY)
    found = advice.advice(thin, thin.profile.evaluate(), "nl")
    assert "trust" in found.thin and all(a.factor != "trust" for a in found.actions)
    html = report.render(thin, report.context(parse(bundle), "nl"), "nl")
    assert "Te weinig antwoorden (minder dan drie) om een stap te wegen op: 9. Onderling vertrouwen" in html


def test_the_actions_are_the_next_rubric_line_with_the_gain_in_points_a_dutch_example_and_room_for_an_owner():
    bundle = export.from_data_files()
    people = [respondent({f: 2.0 for f in scoring.FACTORS} | {"herindeling_threat": 4.0}, f"R{i}") for i in range(3)]
    combined = responses.combine(people, "Kempen", DAY)
    context = report.context(parse(bundle), "nl")
    found = advice.advice(combined, combined.profile.evaluate(), "nl")
    html = report.render(combined, context, "nl")
    assert "momentum" not in html.split("Drie acties, met eigenaar en termijn")[1]  # the gain is in points
    if found.actions:  # what the model finds may change; how the report says it may not
        first = found.actions[0]
        block = html.split(context.titles[first.factor] + "</h3>")[1].split('<div class="lever">')[0]
        assert context.rubric[first.factor][scoring.whole_level(first.new) - 1].replace('"', "&quot;") in block
        assert "procentpunt kans op een goede afloop (bloeiend of voortgezet) na" in block
        assert "Eigenaar" in block and "Termijn" in block and "In het artikel:" in block
        example = bundle["evidence_nl"][first.factor]
        assert example and example.split(".")[0] in block and bundle["examples"][first.factor]["evidence"] not in block
        assert all(a.gain >= advice.NO_LEVER_BELOW and a.in_hand for a in found.actions)
    else:
        assert found.reason and found.reason in html
    assert all(a.factor != "herindeling_threat" for a in found.actions)  # not in the cooperation's own hands


def fixed_gains(monkeypatch, gain_of) -> None:
    """Make the model's levers gain what ``gain_of(lever)`` says (percentage points), ranked as the model ranks."""
    real = scoring.Profile.levers

    def levers(self, *args, **options):
        found = [dataclasses.replace(lever, gain=gain, gain_low=gain, gain_high=gain)
                 for lever in real(self, *args, **options) for gain in [gain_of(lever)]]
        return tuple(sorted(found, key=lambda lever: -lever.gain))

    monkeypatch.setattr(scoring.Profile, "levers", levers)


def test_when_no_lever_helps_the_report_says_so_and_why(monkeypatch):
    fixed_gains(monkeypatch, lambda lever: 0.3)
    low = responses.combine([respondent({f: 1.0 for f in scoring.FACTORS} | {"herindeling_threat": 5.0}, f"R{i}")
                        for i in range(3)], "Kempen", DAY)
    html = report.render(low, report.context(export.case_data(), "nl"), "nl")
    assert "Geen actie die helpt:" in html and "Het team scoort 11 lessen op niveau 2 of lager." in html
    assert "+0" not in html and "Van niveau" not in html


def test_the_summary_for_the_college_comes_first_with_three_actions_and_three_questions():
    people = [respondent({"trust": t, "pendulum": p, "quick_wins": q}, n)
              for n, t, p, q in (("A", 1.0, 2.0, None), ("B", 3.0, 2.0, 4.0), ("C", 5.0, 2.0, None))]
    combined = responses.combine(people, "Kempen", DAY)
    html = report.render(combined, report.context(export.case_data(), "nl"), "nl")
    summary = html.split('<section class="summary">')[1].split("</section>")[0]
    assert html.index('<section class="summary">') < html.index("Het teamprofiel")
    for heading in ("Bestuurlijke samenvatting", "Waar het team het over eens is", "Waar het team verdeeld is",
                    "Drie acties", "Drie vragen voor het overleg"):
        assert heading in summary
    asked = summary.split("Drie vragen voor het overleg")[1].split("</ol>")[0]
    assert asked.count("<li>") == 3 and "9. Onderling vertrouwen" in asked and '2 keer "weet niet"' in asked.replace("&quot;", '"')
    assert "Eensgezind en zwak: 4. Top-down én bottom-up" in summary
    assert "<ol><li><strong>" not in html  # no second numbering before the lessons' own numbers


def test_a_dutch_report_holds_no_english():
    people = [dataclasses.replace(respondent({"trust": t, "pendulum": p, "herindeling_threat": h}, n, role,
                                             {"pendulum": "Te laat betrokken."}), organisation=o)
              for n, role, o, t, p, h in (("A", "gemeentesecretaris", "Gemeente Bladel", 2.0, 1.0, 4.0),
                                          ("B", "bestuurder", "Gemeente Bladel", 4.0, 2.0, 2.0),
                                          ("C", "ambtenaar", "Gemeente Eersel", 3.5, 4.0, None))]
    combined = responses.combine(people, "Belastingsamenwerking Kempen", DAY)
    html = report.render(combined, report.context(export.case_data(), "nl"), "nl", previous=combined)
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", " ", html, flags=re.S))
    assert english_left(text) == []
    assert not re.search(r"\d\.\d", re.sub(r"Samen sterk [\d.]+", "", text)), "a decimal point in Dutch"
    english = report.render(combined, report.context(export.case_data(), "en"), "en")
    assert english_left(re.sub(r"<[^>]+>", " ", english))  # the check does find English where it is


def test_the_median_marker_keeps_clear_of_the_axis_numbers_and_is_in_the_legend():
    combined = responses.combine([respondent({"trust": 2.0}), respondent({"trust": 3.0}), respondent({"trust": 4.0})])
    svg = drawings.dots_svg(combined.lessons["trust"], combined, "nl")
    top = float(re.search(r'd="M[\d.]+ ([\d.]+) l-4 ([\d.]+)', svg).group(1))
    drop = float(re.search(r'd="M[\d.]+ ([\d.]+) l-4 ([\d.]+)', svg).group(2))
    numbers = [float(y) for y in re.findall(r'<text x="[\d.]+" y="([\d.]+)" font-size="8"', svg)]
    assert len(numbers) == 5 and all(top + drop < y - 8 for y in numbers)  # the triangle ends above the digits
    html = report.render(combined, report.context(export.case_data(), "nl"), "nl")
    legend = html.split('<p class="legend">')[1].split("</p>")[0]
    assert "mediaan (het driehoekje)" in legend


@pytest.mark.parametrize(("text", "said"), [
    ("name = " + "[" * 5000, "kapot.toml: geen geldig TOML; het bestand is niet meegeteld."),
    ('name = "x"\n[factors.trust]\nlevel = 3\n', "kapot.toml: de les factors.diagnosis ontbreekt"),
    ('name = "x"\nrespondent = "' + "x" * 300 + '"\n[factors]\n' + "".join(f"{f} = {{ level = 3 }}\n"
                                                                          for f in scoring.FACTORS),
     "kapot.toml: respondent is langer dan 200 tekens."),
    ('kind = "team"\nname = "x"\n', "kapot.toml: het teambestand bevat geen antwoorden."),
])
def test_the_page_refuses_a_hostile_file_in_dutch_naming_file_and_field_and_keeps_the_others(text, said):
    scan_page.load(json.dumps(export.from_data_files()))
    scan_page.clear()
    good = answer_files.answers_text(respondent({"trust": 4.0}, "Anne"), "Kempen")
    result = json.loads(scan_page.add(json.dumps({"files": [["anne.toml", good], ["kapot.toml", text]], "lang": "nl"})))
    assert result["respondents"] == 1 and [r["name"] for r in result["rejected"]] == ["kapot.toml"]
    assert result["rejected"][0]["reason"].startswith(said), result["rejected"][0]["reason"]
    scan_page.clear()


def test_every_case_the_report_quotes_has_dutch_evidence_and_the_loader_checks_it(tmp_path):
    bundle = export.from_data_files()
    for factor, example in bundle["examples"].items():
        dutch = bundle["evidence_nl"][factor]
        assert len(dutch) > 60 and dutch != example["evidence"], factor
        assert not english_left(dutch) and " de " in f" {dutch} ", (factor, dutch)  # Dutch, not English
    for case in loading.load_cases().values():  # every coding, not only those quoted today
        for factor, coding in case.codings.items():
            assert coding.evidence_nl and coding.evidence_nl != coding.evidence, (case.id, factor)
            assert not english_left(coding.evidence_nl), (case.id, factor, coding.evidence_nl)
    text = (loading.cases_dir() / "helden.toml").read_text(encoding="utf-8")
    at = text.index("[factors.diagnosis]")
    broken = text[:at] + text[at:].replace('evidence_nl = "', 'evidence_nl = 3 # "', 1)
    with pytest.raises(fields.DataError, match=r"factors\.diagnosis\.evidence_nl: must be text"):
        loading.parse_scenario(fields.parse_toml_text(broken, "helden.toml"), "helden.toml", as_case=True)


def test_the_dutch_team_view_holds_no_english():
    scan_page.load(json.dumps(export.from_data_files()))
    scan_page.clear()
    files = []
    for level, organisation in ((2, "Gemeente Bladel"), (3, "Gemeente Bladel"), (4, "Gemeente Eersel")):
        request = {"cooperation": "Kempen", "role": "ambtenaar", "organisation": organisation,
                   "levels": {f: level for f in scoring.FACTORS}, "comments": {"trust": "toelichting"}}
        made = json.loads(scan_page.answers(json.dumps(request)))
        files.append([made["name"], made["file"]])
    added = json.loads(scan_page.add(json.dumps({"files": files, "lang": "nl"})))
    view = json.loads(scan_page.team_view(json.dumps({"lang": "nl"})))
    scan_page.clear()

    def shown(value: object, key: str = "") -> list[str]:  # what the page shows, not the figures' inner keys
        if isinstance(value, str):
            return [] if key in ("role", "hovertemplate", "factor", "type", "mode", "hoverinfo") else [value]
        if isinstance(value, dict):
            return [text for k, item in value.items() if k != "meta" for text in shown(item, k)]
        if isinstance(value, list):
            return [text for item in value for text in shown(item, key)]
        return []

    text = " | ".join(shown(view) + [added["summary"]] + added["notes"])
    assert "gemeenteraadsverkiezingen" in text and "3 bestanden ingelezen; 3 deelnemers in de scan." in text
    assert [word for word in english_left(text) if word != "momentum"] == []  # "momentum" is Dutch as well


def test_fewer_than_three_actions_are_explained(monkeypatch):
    fixed_gains(monkeypatch, lambda lever: 6.0 if lever.factor == "trust" else 0.4)
    people = [respondent({"trust": 2.0}, f"R{i}") for i in range(3)]
    combined = responses.combine(people, "Kempen", DAY)
    html = report.render(combined, report.context(export.case_data(), "nl"), "nl")
    summary = html.split('<section class="summary">')[1].split("</section>")[0]
    if "9. Onderling vertrouwen</strong>" in summary:  # the model offers trust as a lever
        assert "+6 procentpunt" in summary and "Maar 1 stap van één niveau die in eigen hand ligt" in summary
    else:
        assert "Geen actie die helpt" in html or "Het model vindt geen enkele stap" in summary


def test_the_comparison_names_the_day_the_earlier_answers_were_given_and_other_comments_are_labelled():
    earlier = responses.combine([dataclasses.replace(respondent({"trust": 2.0}), date=datetime.date(2025, 11, 3))],
                           "Kempen", datetime.date(2026, 12, 7))  # the team file written a year later
    now = responses.combine([respondent({"trust": 3.0}, comments={"benefits": "Zichtbaar in de begroting."}),
                        respondent({"trust": 3.0}), respondent({"trust": 3.0})], "Kempen", DAY)
    html = report.render(now, report.context(export.case_data(), "nl"), "nl", previous=earlier)
    assert "Vergeleken met 2025-11-03" in html and "Vergeleken met 2026-12-07" not in html
    others = html.split("Toelichtingen bij de andere lessen</h3>")[1].split("</ul></li></ul>")[0]
    assert "2. Duidelijke, doorleefde voordelen" in others and "ambtenaar</strong>: Zichtbaar in de begroting." in others


def test_the_case_data_read_from_the_books_export_is_the_case_data_of_the_data_files():
    exported = parse(json.loads(json.dumps(export.from_data_files())))
    direct = export.case_data()
    assert exported == direct
    assert report.context(exported, "nl") == report.context(direct, "nl")
