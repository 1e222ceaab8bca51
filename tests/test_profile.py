"""Negotiation profiles: the built-ins match the spec, broken files get clear messages, dated aliases."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
import yaml

from stance.errors import ProfileError
from stance.profile import builtin_profiles, check_profile, load_profile
from stance.profile_schema import ROLES

GAZA_PARTIES = ("israel", "hamas", "qatar", "egypt", "usa", "pa", "un", "hostage_families",
                "israeli_opposition")
GAZA_ISSUES = ("ceasefire", "truce", "deal", "withdrawal", "hostages", "prisoners", "governance",
               "displaced_return", "aid", "disarmament")

VALID = {
    "id": "testland",
    "name": "Test talks",
    "principals": ["north", "south"],
    "parties": [
        {"id": "north", "name": "North", "role": "party", "aliases": ["Northland", "the northerners"]},
        {"id": "south", "name": "South", "role": "party",
         "aliases": ["Southland", {"text": "President Sol", "from": "2024-01-01", "until": "2024-12-31"}]},
        {"id": "broker", "name": "Broker", "role": "mediator", "aliases": ["Brokerland"]},
    ],
    "issues": [
        {"id": "ceasefire", "label": "Ceasefire", "terms": ["ceasefire",
                                                            {"pattern": [{"LOWER": "end"}, {"LOWER": "war"}]}]},
        {"id": "border", "label": "Border", "terms": ["border"]},
    ],
}


def changed(**edits) -> dict:
    """A deep copy of VALID with top-level keys replaced (None removes the key)."""
    data = copy.deepcopy(VALID)
    for key, value in edits.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def party(index: int, **edits) -> list:
    parties = copy.deepcopy(VALID["parties"])
    parties[index].update(edits)
    return parties


def write_yaml(tmp_path, data, name="profile.yaml"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False),
                    encoding="utf-8")
    return path


# --- built-in profiles ------------------------------------------------------------------------

def test_builtin_profiles():
    assert {"gaza", "hezbollah"} <= set(builtin_profiles())


def test_gaza_has_exactly_the_spec_parties():
    assert sorted(load_profile("gaza").party_ids) == sorted(GAZA_PARTIES)


def test_gaza_has_exactly_the_spec_issues():
    assert sorted(load_profile("gaza").issue_ids) == sorted(GAZA_ISSUES)


def test_gaza_principals_are_israel_and_hamas():
    assert load_profile("gaza").principals == ("israel", "hamas")


def test_hezbollah_loads():
    prof = load_profile("hezbollah")
    assert prof.id == "hezbollah"
    assert {"israel", "hezbollah"} <= set(prof.party_ids)
    assert prof.issue_ids


@pytest.mark.parametrize("name", ["gaza", "hezbollah"])
def test_builtin_profiles_check_clean(name):
    prof = load_profile(name)
    assert check_profile(prof.path) == []
    assert all(p.role in ROLES and p.aliases for p in prof.parties)
    assert all(i.terms for i in prof.issues)


def test_unknown_profile_id_lists_the_builtins():
    with pytest.raises(ProfileError) as info:
        load_profile("atlantis")
    message = str(info.value)
    assert "unknown profile 'atlantis'" in message
    for name in builtin_profiles():
        assert name in message


def test_missing_profile_file():
    with pytest.raises(ProfileError, match="profile file not found"):
        load_profile("no/such/profile.yaml")


# --- dated aliases ----------------------------------------------------------------------------

def test_trump_names_the_usa_only_from_2024_11_06():
    usa = load_profile("gaza").party("usa")
    (trump,) = [t for t in usa.aliases if t.text == "Trump"]
    assert trump.start == dt.date(2024, 11, 6)
    assert not trump.applies_on(dt.date(2024, 11, 5))
    assert not trump.applies_on(dt.date(2020, 1, 1))
    assert trump.applies_on(dt.date(2024, 11, 6))
    assert trump.applies_on(dt.date(2025, 3, 1))
    assert trump.applies_on(None)  # undated text: every alias applies


def test_alias_with_an_end_date():
    usa = load_profile("gaza").party("usa")
    (elect,) = [t for t in usa.aliases if t.text == "President-elect"]
    assert elect.applies_on(dt.date(2025, 1, 20))
    assert not elect.applies_on(dt.date(2025, 1, 21))
    assert not elect.applies_on(dt.date(2024, 11, 5))


def test_undated_aliases_always_apply():
    usa = load_profile("gaza").party("usa")
    (biden,) = [t for t in usa.aliases if t.text == "Biden"]
    assert biden.applies_on(dt.date(1990, 1, 1)) and biden.applies_on(dt.date(2030, 1, 1))


# --- profile files ----------------------------------------------------------------------------

def test_a_valid_yaml_profile_loads(tmp_path):
    prof = load_profile(write_yaml(tmp_path, VALID))
    assert prof.id == "testland"
    assert prof.party_ids == ("north", "south", "broker")
    assert prof.issue_ids == ("ceasefire", "border")
    sol = prof.party("south").aliases[1]
    assert (sol.text, sol.start, sol.until) == ("President Sol", dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert prof.issues[0].terms[1].pattern is not None


def test_a_json_profile_works(tmp_path, run_cli):
    path = tmp_path / "testland.json"
    path.write_text(json.dumps(VALID), encoding="utf-8")
    prof = load_profile(path)
    assert prof.party_ids == ("north", "south", "broker")
    assert prof == load_profile(write_yaml(tmp_path, VALID))  # same data, same profile
    code, out, err = run_cli(["profile", "check", path])
    assert code == 0, out + err
    assert "ok: profile 'testland', 3 parties (5 aliases), 2 issues" in out


def test_a_json_profile_drives_ingest(tmp_path, run_cli):
    path = tmp_path / "testland.json"
    path.write_text(json.dumps(VALID), encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("date: 2024-05-02\n\nNorthland rejected a ceasefire on Thursday, officials said.\n",
                       encoding="utf-8")
    db = tmp_path / "s.db"
    code, out, err = run_cli(["ingest", article, "--profile", path, "--db", db, "--quiet"])
    assert code == 0, err
    code, out, err = run_cli(["export", "-", "--db", db])
    rows = out.splitlines()[1:]
    assert rows and all(",north," in r for r in rows), out


def test_profile_check_of_a_valid_file(tmp_path, run_cli):
    code, out, _ = run_cli(["profile", "check", write_yaml(tmp_path, VALID)])
    assert code == 0
    assert out.endswith("ok: profile 'testland', 3 parties (5 aliases), 2 issues\n")


def test_profile_check_of_a_missing_file(tmp_path, run_cli):
    code, out, err = run_cli(["profile", "check", tmp_path / "nope.yaml"])
    assert code == 1
    assert out.strip().endswith("no such file")


# --- broken profiles --------------------------------------------------------------------------

BROKEN = {
    "invalid YAML": ("id: x\nparties: [north, {id: south\n", "not valid YAML"),
    "not a mapping": ("- just\n- a list\n", "a profile is a mapping"),
    "missing parties": (changed(parties=None), "'parties' must be a non-empty list"),
    "empty issues": (changed(issues=[]), "'issues' must be a non-empty list"),
    "bad id": (changed(id="Test Land"), "'id' must be a lowercase identifier"),
    "duplicate party id": (changed(parties=party(1, id="north")), "parties[1]: duplicate id 'north'"),
    "bad role": (changed(parties=party(0, role="villain")),
                 "parties[0] (north): role must be one of party, mediator, other"),
    "no aliases": (changed(parties=party(0, aliases=[])), "parties[0] (north): 'aliases' must be a non-empty list"),
    "unknown key": (changed(colour="red"), "unknown key 'colour'"),
    "unknown party key": (changed(parties=party(2, nickname="B")), "parties[2]: unknown key 'nickname'"),
    "bad token pattern": (changed(parties=party(0, aliases=[{"pattern": [{"LOWERR": "north"}]}])),
                          "parties[0] (north).aliases[0]: bad pattern"),
    "pattern not a list": (changed(parties=party(0, aliases=[{"pattern": "north"}])),
                           "a pattern is a non-empty list of token mappings"),
    "text and pattern": (changed(parties=party(0, aliases=[{"text": "N", "pattern": [{"LOWER": "n"}]}])),
                         "give exactly one of 'text' or 'pattern'"),
    "bad from date": (changed(parties=party(0, aliases=[{"text": "Nort", "from": "soon"}])),
                      "parties[0] (north).aliases[0]: 'from' must be a date YYYY-MM-DD, got 'soon'"),
    "bad until date": (changed(parties=party(0, aliases=[{"text": "Nort", "until": "2024-02-30"}])),
                       "'until' must be a date YYYY-MM-DD, got '2024-02-30'"),
    "unknown principal": (changed(principals=["north", "atlantis"]), "principals: 'atlantis' is not a party id"),
    "bad cue role": (changed(cues=[{"id": "x", "role": "shout", "lemmas": ["shout"]}]),
                     "cues[0]: role must be one of"),
}


@pytest.mark.parametrize("data, message", BROKEN.values(), ids=BROKEN.keys())
def test_check_profile_names_the_problem(tmp_path, data, message):
    problems = check_profile(write_yaml(tmp_path, data))
    assert problems, "a broken profile passed the check"
    assert any(message in p for p in problems), problems
    assert all("\n" not in p for p in problems)


@pytest.mark.parametrize("data, message", BROKEN.values(), ids=BROKEN.keys())
def test_profile_check_command_on_broken_profiles(tmp_path, run_cli, data, message):
    path = write_yaml(tmp_path, data)
    code, out, err = run_cli(["profile", "check", path])
    assert code == 1
    assert "Traceback" not in err
    assert message in out
    assert all(line.startswith(str(path)) for line in out.splitlines()), out
    assert "ok:" not in out


def test_loading_a_broken_profile_is_a_profile_error(tmp_path):
    path = write_yaml(tmp_path, changed(parties=party(0, role="villain")))
    with pytest.raises(ProfileError, match="invalid profile: parties\\[0\\] \\(north\\): role must be"):
        load_profile(path)


def test_ingest_with_a_broken_profile_writes_nothing(tmp_path, run_cli, seeds_dir):
    path = write_yaml(tmp_path, changed(principals=["atlantis"]))
    db = tmp_path / "s.db"
    code, out, err = run_cli(["ingest", seeds_dir, "--profile", path, "--db", db])
    assert code == 2
    assert err.count("\n") == 1 and "atlantis" in err
    assert not db.exists()
