"""Sentence tables for blame said without a verb of blame (stance.extraction.rules.implied)
and for whom a fault or an accusation names, through the real parser and the gaza profile.

The sentences are written for these tests. Every table has cases that must yield no blame:
the owner speaking of itself, a negated or imagined evaluation, a passive counterfactual,
a fault only recorded or explained away.
"""

import pytest

import stance
from stance.extraction.rules import NAMED_RULES


def blames(text, profile="gaza"):
    return {(s.party, s.target) for s in stance.extract(text, date="2024-06-01", profile=profile)
            if s.kind == "blame"}


def positions(text):
    return {(s.party, s.issue, s.stance) for s in stance.extract(text, date="2024-06-01")
            if s.kind == "position"}


@pytest.mark.parametrize("text, expected", [
    ("Because of Hamas's refusal to release the hostages, Israel has decided to halt the talks, "
     "the prime minister's office said.", {("israel", "hamas")}),
    ("Netanyahu said Hamas's insistence on a complete withdrawal had stalled the talks.", {("israel", "hamas")}),
    # the owner speaking of its own refusal, or a verb reporting it: a position, no blame
    ("Hamas reiterated its refusal to disarm.", set()),
    ("Hamas said its refusal to disarm was final.", set()),
    ("Qatar confirmed Hamas's rejection of the plan.", set()),
    ("Netanyahu said its refusal had stalled the talks.", set()),  # whose refusal is not named
    # "from" names who rejects, not whose fault it is
    ("The plan drew a sharp rejection from Israel, Hamas said.", set()),
])
def test_a_noun_of_refusal_or_insistence_blames_its_owner(text, expected):
    assert blames(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Blinken said Hamas is making unrealistic demands.", {("usa", "hamas")}),
    ("Hamas said Israel had put forward conditions that are impossible.", {("hamas", "israel")}),
    ("Israel called the Hamas demands excessive.", {("israel", "hamas")}),
    ("Hamas said Israel's position was unacceptable.", {("hamas", "israel")}),
    ("Israel said Hamas's claim to want a deal was not in good faith.", {("israel", "hamas")}),
    ("Hamas said Israel's demands are not unrealistic.", set()),  # negated
    ("Israel rejected the demands as unacceptable.", set()),  # no owner named
    ("Hamas said Israel would not submit to unrealistic demands.", set()),  # not Israel's demands
])
def test_an_evaluation_of_the_other_sides_demand_blames_its_owner(text, expected):
    assert blames(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a party that is no principal is still a side whose demands can be blamed; a mediator is not
    ("Kinshasa said Rwanda's demands were unacceptable.", {("drc", "rwanda")}),
    ("Kinshasa said Qatar's demands were unacceptable.", set()),
])
def test_evaluated_demands_blame_any_side_but_a_mediator(text, expected):
    assert blames(text, "drc_m23") == expected


def test_a_mediators_demands_called_unacceptable_are_no_blame_for_the_impasse():
    assert blames("Hezbollah called the US demands unacceptable.", "hezbollah") == set()
    assert blames("Hezbollah called the Israeli demands unacceptable.", "hezbollah") == {("hezbollah", "israel")}


@pytest.mark.parametrize("text, expected", [
    ("Qatar said it is still waiting for the Israeli response.", {("qatar", "israel")}),
    ("Hamas said it is still waiting for the Israeli response.", set()),  # a side: routine
    ("Mediators are awaiting Hamas's reply to the proposal, Egypt said.", {("egypt", "hamas")}),
    ("The ball is now in Hamas's court, Blinken said.", {("usa", "hamas")}),
    ("Egypt said Israel should respond to the proposal.", {("egypt", "israel")}),
    ("Israel said it was waiting for the weather to clear.", set()),
    ("Qatar said it would wait for the next round of talks.", set()),
])
def test_waiting_on_the_other_side_blames_the_one_awaited(text, expected):
    assert blames(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Blinken said Hamas could have accepted the deal weeks ago.", {("usa", "hamas")}),
    ("Hamas said Israel should have agreed to a ceasefire in May.", {("hamas", "israel")}),
    ("Hamas said the hostages could have been returned alive.", set()),  # passive, no party
    ("Israel said it could have done more.", set()),  # the speaker itself
    ("Hamas said Israel could not have accepted the deal.", set()),  # negated
])
def test_what_a_party_could_have_done_blames_it(text, expected):
    assert blames(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Had Israel been serious, a deal would have been reached long ago, Hamas said.", {("hamas", "israel")}),
    ("If Israel had been serious, a deal would have been reached, Hamas said.", {("hamas", "israel")}),
    ("If Israel is serious, a deal can be reached, Hamas said.", set()),  # still open
    ("Had we been ready, we would have signed, Hamas said.", set()),
])
def test_a_condition_contrary_to_fact_blames_whoever_failed_it(text, expected):
    assert blames(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Hamas warned that Israel's attacks could jeopardize the truce.", {("hamas", "israel")}),
    ("Israel's strikes threaten to derail the ceasefire, Hamas said.", {("hamas", "israel")}),
    ("Hamas said Israel went back on its commitments.", {("hamas", "israel")}),
    ("Hamas said it would not go back on its commitments.", set()),
])
def test_a_consequence_or_a_reneging_blames_its_author(text, expected):
    assert blames(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Hamas will pay a very heavy price for this, Netanyahu said.", {("israel", "hamas")}),
    ("Israel vowed that Hamas would pay a heavy price for the killing of the hostages.", {("israel", "hamas")}),
    ("Netanyahu said Hamas will pay a heavy price.", set()),  # a threat, for nothing named
    ("We will pay a heavy price for this deal, Netanyahu said.", set()),
])
def test_a_price_to_pay_for_something_blames_who_pays_it(text, expected):
    assert blames(text) == expected


def test_what_a_party_is_to_pay_a_price_for_is_no_position():
    assert positions("Israel vowed that Hamas would pay a heavy price for the killing of the hostages.") == set()


@pytest.mark.parametrize("text, expected", [
    ("Egypt said the talks have been halted until Israel can demonstrate its seriousness.", {("egypt", "israel")}),
    ("Qatar said it will not resume mediation unless Hamas shows willingness to negotiate.", {("qatar", "hamas")}),
    ("Israel showed willingness to negotiate, Egypt said.", set()),  # shown: no fault
])
def test_holding_back_until_a_party_shows_seriousness_blames_it(text, expected):
    assert blames(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Witkoff blasted Hamas for its unrealistic demands.", {("usa", "hamas")}),
    ("Witkoff praised Hamas for its flexibility.", set()),
    ("Hamas said the main obstacle is that Israel insists on staying in the corridor.", {("hamas", "israel")}),
])
def test_sharp_criticism_and_an_obstacle_named_in_a_clause(text, expected):
    assert blames(text) == expected


def test_what_a_party_could_have_accepted_is_not_its_acceptance():
    assert positions("Blinken said Hamas could have accepted the deal weeks ago.") == set()


@pytest.mark.parametrize("text, expected", [
    ("Hamas said Israel is not ready for a deal.", {("hamas", "israel")}),
    ("Qatar said Israel was not serious about a ceasefire.", {("qatar", "israel")}),
    ("Hamas said it is not ready to accept the deal.", set()),
    ("If Israel is not ready, Hamas will walk away, the group said.", set()),  # imagined
])
def test_a_party_not_ready_or_not_serious_is_blamed(text, expected):
    assert blames(text) == expected


def test_not_being_ready_oneself_keeps_the_position():
    assert positions("Hamas said it is not ready to accept the deal.") == {("hamas", "deal", "reject")}


@pytest.mark.parametrize("text, expected", [
    ("Israel and Hamas met in Cairo, each side accusing the other of stalling.",
     {("israel", "hamas"), ("hamas", "israel")}),
    ("Since the truce began, there have been accusations of breaches by both sides.",
     {("israel", "hamas"), ("hamas", "israel")}),
    ("There were accusations by Israel against Hamas.", {("israel", "hamas")}),
    ("Israel and Hamas met in Cairo, each side presenting its proposal.", set()),
])
def test_mutual_blame_said_with_each_side_or_an_accusation_noun(text, expected):
    assert blames(text) == expected


@pytest.mark.parametrize("text, expected", [
    # "the group" after a sentence about the mediator is not the mediator
    ("Qatar said talks would resume next week. An Israeli official accused the group of "
     "sabotaging the talks.", set()),
    ("Hamas said the talks had failed. An Israeli official accused the group of sabotaging the talks.",
     {("israel", "hamas")}),
    ("Netanyahu criticized Hamas's response.", {("israel", "hamas")}),
    ("Netanyahu praised Hamas's response.", set()),
])
def test_who_an_accusation_or_criticism_blames(text, expected):
    assert blames(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Hamas said the one responsible for the failure of the talks is Israel.", {("hamas", "israel")}),
    ("Hamas said Israel was procrastinating.", {("hamas", "israel")}),
    ("Hamas said Netanyahu had decided to overturn the ceasefire agreement.", {("hamas", "israel")}),
    ("Hamas said Israel has not yet fully implemented the agreement.", {("hamas", "israel")}),
    # a fault only recorded, explained away, evaluated in an act, or the speaker's own
    ("Hamas reported dozens of violations of the truce.", set()),
    ("Hamas blamed the delay on technical reasons.", set()),
    ("Egypt rejected the plan, labeling it a violation of international law.", set()),
    ("Trump said we will not put up with procrastination.", set()),
    ("Hamas said it has not yet implemented the agreement.", set()),
])
def test_who_a_fault_names(text, expected):
    assert blames(text) == expected


def test_the_implied_blame_rules_are_named_rules():
    names = {"implied.owned-fault", "implied.evaluated", "implied.awaited", "implied.counterfactual",
             "implied.unready", "implied.unfulfilled", "implied.punished", "implied.unproven"}
    assert names <= set(NAMED_RULES)
    assert NAMED_RULES["implied.awaited"].fires("cue.blame.awaited")
