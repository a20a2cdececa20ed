"""The event coder on sentences written for these tests: categories, PLOVER types, roles, status,
dates, splitting and merging, and what is not an event."""

from __future__ import annotations

import pytest

from steppe.extract.events import extract_events
from steppe.extract.gazetteer import load_gazetteer
from steppe.extract.lexicon import load_lexicon
from steppe.extract.merge import merge_events


def code(text: str, published: str | None = "2024-06-15") -> list[dict]:
    events = merge_events(extract_events(text, published, load_gazetteer(), load_lexicon()))
    return [e.record("t") for e in events]


def one(text: str, published: str | None = "2024-06-15", category: str | None = None) -> dict:
    evs = [e for e in code(text, published) if category is None or e["category"] == category]
    assert len(evs) == 1, evs
    return evs[0]


def codes(entities: list[dict]) -> list[str]:
    return sorted(e["code"] for e in entities)


@pytest.mark.parametrize("text,category,etype,actor,recipient", [
    ("Baykar delivered Bayraktar TB2 drones to the Kyrgyz border service in March.",
     "arms_transfer", "AID", ["TUR"], ["KGZ"]),
    ("Kazakhstan bought Turkish Anka drones last year.", "arms_transfer", "AID", ["TUR"], ["KAZ"]),
    ("Azerbaijan and Türkiye held joint military exercises near Baku on 10 May 2024.",
     "exercise", "COOPERATE", ["AZE", "TUR"], []),
    ("Uzbekistan and Türkiye signed a memorandum on defence industry cooperation in Ankara.",
     "agreement", "SUPPORT", ["TUR", "UZB"], []),
    ("Russia's foreign ministry criticised Azerbaijan on Monday over the closure of a news agency.",
     "criticism", "ACCUSE", ["RUS"], ["AZE"]),
    ("President Ilham Aliev visited Tashkent on 21 August 2023.", "meeting", "CONSULT", ["AZE"], ["UZB"]),
    ("Iran opened a factory producing Ababil-2 drones in Dushanbe in May 2022.",
     "defence_industry", "COOPERATE", ["IRN"], ["TJK"]),
    ("The Organization of Turkic States granted observer status to Hungary in 2018.",
     "institutional", "SUPPORT", ["OTS"], ["HUN"]),
    ("Moscow imposed sanctions on Georgian wine producers in 2006.", "pressure", "SANCTION", ["RUS"], ["GEO"]),
    ("Azerbaijani forces shelled Armenian positions on Tuesday.", "conflict", "ASSAULT", ["AZE"], ["ARM"]),
])
def test_events_category_type_and_roles(text, category, etype, actor, recipient):
    ev = one(text, category=category)
    assert ev["event_type"] == etype
    assert codes(ev["actor"]) == actor
    assert codes(ev["recipient"]) == recipient
    assert ev["evidence"] == text


@pytest.mark.parametrize("text,status,etype", [
    ("Kazakhstan plans to hold joint drills with Uzbekistan in September.", "future", "AGREE"),
    ("Azerbaijan offered to host the next meeting of defence ministers.", "future", "AGREE"),
    ("Kyrgyzstan is expected to sign a defence agreement with Türkiye next year.", "future", "AGREE"),
    ("Turkmenistan did not sign the declaration on military cooperation with Russia.", "negated", "REJECT"),
    ("Kazakhstan refused to join the exercises led by Russia.", "negated", "REJECT"),
])
def test_events_status(text, status, etype):
    evs = code(text)
    assert evs, text
    assert evs[0]["status"] == status and evs[0]["event_type"] == etype


def test_events_hypothetical_and_opinion_are_not_events():
    assert code("Closer ties with Ankara could draw Russian criticism in the future.") == []
    assert code("Jane Doe, an analyst at a think tank, said the bloc is becoming a military alliance.") == []
    assert code("Turkish influence in Central Asia is growing.") == []


def test_events_statement_needs_an_official_speaker():
    ev = one("Kazakh President Kassym-Jomart Tokayev praised the Organization of Turkic States on Friday.")
    assert ev["category"] == "statement" and ev["event_type"] == "SUPPORT"
    assert codes(ev["actor"]) == ["KAZ"] and codes(ev["recipient"]) == ["OTS"]


def test_events_one_actor_several_partners_split():
    evs = code("Türkiye sold Bayraktar drones to Kyrgyzstan and Turkmenistan in 2021.")
    pairs = sorted((codes(e["actor"])[0], codes(e["recipient"])[0]) for e in evs if e["category"] == "arms_transfer")
    assert pairs == [("TUR", "KGZ"), ("TUR", "TKM")]


def test_events_repeated_mentions_merged_within_a_document():
    text = ("The Organization of Turkic States held a summit in Bishkek on 6 November 2024. "
            "At the summit, leaders discussed transport.\n\nThe Bishkek summit was the eleventh.")
    meetings = [e for e in code(text) if e["category"] == "meeting"]
    assert len(meetings) == 1 and meetings[0]["date"] == "2024-11-06"


def test_events_dates_relative_to_publication():
    assert one("Uzbekistan and Kazakhstan signed an allied treaty last week.", "2022-12-29")["date"] == "2022-12"
    assert one("Tajikistan and Iran held talks on Friday.", "2024-06-15")["date"] == "2024-06-14"
    assert one("Kyrgyzstan received Akinci drones in October.", "2024-06-15",
               category="arms_transfer")["date"] == "2023-10"
    assert one("Azerbaijan and Uzbekistan signed a treaty this year.", "2024-06-15")["date"] == "2024"


def test_events_date_of_the_paragraph_carries_to_the_next_sentence():
    text = ("The OTS held its summit in Astana on 3 November 2023. During the summit, President Ilham Aliyev "
            "called for deeper cooperation in the defence industry.")
    request = one(text, category="statement")
    assert request["event_type"] == "REQUEST" and request["date"] == "2023-11-03"


def test_events_actor_spelling_variants_and_metonyms():
    for text in ("Mirziyoev met Tokayev in Tashkent in 2023.", "Mirziyoyev met Toqaev in Tashkent in 2023."):
        assert codes(one(text)["actor"]) == ["KAZ", "UZB"]
    ev = one("Ankara and Baku signed a protocol on intelligence cooperation in 2021.")
    assert codes(ev["actor"]) == ["AZE", "TUR"] and ev["category"] == "agreement"
    assert one("The Turkic Council was renamed in 2021.")["actor"][0]["code"] == "OTS"


def test_events_contract_fields():
    ev = one("Türkiye delivered Akinci drones to Azerbaijan in September 2021.", category="arms_transfer")
    for key in ("doc", "category", "event_type", "mode", "context", "actor", "recipient", "date", "status",
                "location", "evidence", "confidence"):
        assert key in ev
    assert ev["context"] == ["military"] and 0 < ev["confidence"] <= 1
    assert ev["actor"][0] == {"code": "TUR", "name": "Türkiye", "sector": "GOV"}


@pytest.mark.parametrize("text,category,actor,recipient", [
    # an origin adjective right before the weapon names the supplier
    ("Kyrgyzstan bought Turkish UAVs in 2022.", "arms_transfer", ["TUR"], ["KGZ"]),
    # the organisation a joint act is held under takes part in it
    ("Kazakh and Kyrgyz troops held drills under CSTO auspices in May.", "exercise", ["CSTO", "KAZ", "KGZ"], []),
    ("Uzbekistan will host naval drills under the banner of the SCO next year.", "exercise", ["SCO", "UZB"], []),
    # licensed production: the licensor acts, the producer receives
    ("Kazakhstan bought Turkish drones and now holds a licence to assemble them locally.",
     "defence_industry", ["TUR"], ["KAZ"]),
    # a foreign plant hosted by a state
    ("Tajikistan, which borders Afghanistan, houses Iranian drone production lines.",
     "defence_industry", ["IRN"], ["TJK"]),
    # what a visitor signs, it signs with its host
    ("The Turkish president travelled to Baku to sign three agreements.", "agreement", ["AZE", "TUR"], []),
    # a joint gathering in the opening adjunct includes the main clause's subject
    ("During a joint news conference with Japan's prime minister, the Kazakh president praised investors.",
     "meeting", ["JPN", "KAZ"], []),
    # a subject pronoun opening a clause refers to the subject before it, and a joint act with one named
    # party is done with the partner of the relation the sentence is about
    ("Uzbekistan deepened ties with China in 2019 when it signed a pact on border security.",
     "agreement", ["CHN", "UZB"], []),
    ("Uzbekistan took part in 2019 in a forum in Moscow when it signed a pact on border security.",
     "agreement", ["UZB"], []),
])
def test_events_roles_from_the_sentence_around_the_trigger(text, category, actor, recipient):
    evs = [e for e in code(text) if e["category"] == category]
    assert evs, code(text)
    assert codes(evs[0]["actor"]) == actor
    assert codes(evs[0]["recipient"]) == recipient


def test_events_bilateral_meetings_split_per_partner():
    evs = code("The Turkish leader held bilateral meetings with the presidents of Azerbaijan and Hungary.")
    assert sorted(codes(e["actor"]) for e in evs if e["category"] == "meeting") == [["AZE", "TUR"], ["HUN", "TUR"]]
    talks = code("The Turkish leader held talks with the presidents of Azerbaijan and Hungary.")
    assert [codes(e["actor"]) for e in talks if e["category"] == "meeting"] == [["AZE", "HUN", "TUR"]]


def test_events_organisation_descriptions_and_series():
    text = ("The Shanghai Cooperation Organisation met in Astana. Russia's foreign minister described the "
            "organisation as “a pillar of a fair world order”. Kyrgyzstan offered to host the next summit.")
    evs = code(text, "2024-07-05")
    said = [e for e in evs if e["category"] == "statement"]
    assert said and codes(said[0]["recipient"]) == ["SCO"]
    host = [e for e in evs if e["category"] == "meeting" and e["status"] == "future"]
    assert host and codes(host[0]["actor"]) == ["KGZ", "SCO"]


def test_events_gathering_month_carries_to_later_mentions():
    text = ("Leaders of the Organization of Turkic States met in Astana on 3 November 2023. "
            "The 2023 Astana summit adopted a statement on transport links. "
            "During the summit, the Turkish president praised the host.")
    evs = code(text, "2024-02-01")
    assert all(e["date"] and e["date"].startswith("2023-11") for e in evs), [(e["date"], e["evidence"]) for e in evs]


def test_events_quotes_and_other_relative_clauses_do_not_date_the_event():
    ev = one("Tokayev visited Ankara, calling the trip “the highlight of this year”.", "2025-06-01",
             category="meeting")
    assert ev["date"] is None or ev["date"] != "2025"
    ev = one("Kazakhstan renamed its border agency, which operated between 1995 and 2001.", "2025-06-01")
    assert ev["date"] != "1995"


@pytest.mark.parametrize("text,actor", [
    # a people named with the state it lives in acts for that state's population
    ("Ethnic Uzbeks in southern Kyrgyzstan demanded language rights on Monday.", ["KGZ"]),
    # compound modifiers name a backer or a bloc, not the party
    ("EU-member Hungary refused to approve the sanctions package on Tuesday.", ["HUN"]),
    ("Kazakh-led units shelled positions near the Tajik border on Friday.", ["KAZ"]),
])
def test_events_actor_modifiers_and_peoples(text, actor):
    evs = code(text)
    assert evs and codes(evs[0]["actor"]) == actor, evs


def test_events_a_light_verb_reaches_every_item_of_a_list():
    evs = code("Last year Uzbekistan and Kyrgyzstan concluded border treaties, trade protocols, and joint "
               "military exercises with Tajikistan.")
    cats = {e["category"] for e in evs}
    assert {"agreement", "exercise"} <= cats, evs
    drills = [e for e in evs if e["category"] == "exercise"][0]
    assert codes(drills["actor"]) == ["KGZ", "TJK", "UZB"]


def test_events_each_subject_acts_separately_and_deals_for_a_party():
    evs = code("Turkmenistan and Tajikistan each signed trade agreements with China on Tuesday.")
    pairs = sorted(codes(e["actor"]) for e in evs if e["category"] in ("economic", "agreement"))
    assert pairs == [["CHN", "TJK"], ["CHN", "TKM"]], evs
    ev = one("Last month the Turkish president approved a US$ 2 billion deal for Azerbaijan to buy gas turbines.",
             category="economic")
    assert codes(ev["actor"]) == ["AZE", "TUR"]


def test_events_plural_references_resolve_inside_the_sentence():
    ev = one("Iran and Tajikistan agreed in 2022 to expand their military cooperation.", category="agreement")
    assert codes(ev["actor"]) == ["IRN", "TJK"]
    text = ("Kazakhstan and China signed a transit deal. "
            "The leaders of the Collective Security Treaty Organization will meet in Minsk next month.")
    meet = [e for e in code(text) if e["category"] == "meeting"]
    assert meet and codes(meet[0]["actor"]) == ["CSTO"], meet


def test_events_reduced_relatives_are_not_the_main_act():
    ev = one("Washington imposed sanctions on three Kyrgyz firms accused of helping Russia evade export controls.")
    assert ev["event_type"] == "SANCTION" and codes(ev["recipient"]) == ["KGZ"]


def test_events_anchors_parades_and_summit_hosts():
    assert not [e for e in code("Transit routes gained weight since Russia's invasion of Ukraine.")
                if e["category"] == "conflict"]
    assert not code("Kazakh commandos marched with Kyrgyz units in the parade.")
    ev = one("The Chinese president hosted the leaders of Kazakhstan, Kyrgyzstan and Tajikistan in Xi'an on Friday.",
             category="meeting")
    assert codes(ev["actor"]) == ["CHN", "KAZ", "KGZ", "TJK"] and ev["recipient"] == []


def test_events_a_bare_definite_meeting_refers_back():
    evs = code("Erdogan met Aliyev in Ankara on Monday. The meeting came a day after Azerbaijan launched "
               "a military operation in Karabakh.")
    assert len([e for e in evs if e["category"] == "meeting"]) == 1
    assert [e for e in evs if e["category"] == "conflict"]


def test_events_charters_are_institutional_and_reduced_passives_count():
    ev = one("While the SCO Charter adopted in 2002 names no enemy, it binds its members.", category="institutional")
    assert codes(ev["actor"]) == ["SCO"] and ev["date"] == "2002"
    evs = code("The CSTO met in Moscow in 2019. The next summit in Bishkek in 2020 focused on the adoption of a "
               "new statute.")
    assert [e for e in evs if e["category"] == "institutional" and e["date"] == "2020"], evs


def test_events_cataphoric_its_and_ambiguous_plurals():
    evs = code("Since its founding in 2001, the Shanghai Cooperation Organisation has grown to ten members.")
    assert evs and all(codes(e["actor"]) == ["SCO"] for e in evs), evs
    ev = one("On 3 March Germany's economy minister suspended export permits for tank parts to Qatar.")
    assert ev["event_type"] == "SANCTION"


def test_events_talks_with_named_parties_in_an_adjunct_and_deliveries_taken():
    ev = one("The plan was announced after talks between Tokayev and Mirziyoyev in Tashkent.", category="meeting")
    assert codes(ev["actor"]) == ["KAZ", "UZB"]
    ev = one("Kyrgyzstan took delivery of Turkish Aksungur drones in 2024.")
    assert codes(ev["actor"]) == ["TUR"] and codes(ev["recipient"]) == ["KGZ"]


@pytest.mark.parametrize("text", [
    "If Azerbaijan joins the CSTO, the balance in the region would shift.",
    "The question is whether Uzbekistan will sign the treaty with Russia.",
])
def test_events_conditions_opening_a_clause_make_no_event(text):
    assert code(text) == []


def test_events_ranges_purposes_and_second_verb_phrases():
    ev = one("Leaders of the Organization of Turkic States adopted a road map on transport for 2023–2027 in "
             "Astana on 3 November 2023.", "2023-11-04", category="agreement")
    assert ev["date"] == "2023-11-03"
    evs = code("The presidents of Kyrgyzstan and Tajikistan are expected to meet next week to agree on the border.",
               "2025-03-01")
    assert evs and all(e["status"] == "future" for e in evs), evs
    text = ("Leaders of the Organization of Turkic States met in Gabala on Tuesday. The leaders signed the Gabala "
            "Declaration and admitted the Turkish Cypriot administration as an observer.")
    agreement = [e for e in code(text) if e["category"] == "agreement"][0]
    assert codes(agreement["actor"]) == ["OTS"]


def test_events_attempts_engagement_and_people_of_a_place():
    ev = one("Gunmen in Khujand attempted to assassinate a Tajik provincial governor on Monday.")
    assert ev["event_type"] == "ASSAULT" and ev["status"] == "occurred"
    ev = one("Armenian units were engaged in heavy shelling against Azerbaijani villages, Baku said.",
             category="conflict")
    assert codes(ev["actor"]) == ["ARM"]
    ev = one("Residents of the Kyrgyz town of Batken threatened to block the road unless the checkpoint reopened.",
             category="pressure")
    assert codes(ev["actor"]) == ["KGZ"]


def test_events_arriving_troops_cancelled_talks_and_purposes():
    ev = one("Kazakh peacekeeping troops arrived in Lebanon on Friday.")
    assert ev["category"] == "military_aid" and codes(ev["recipient"]) == ["LBN"]
    evs = code("Uzbekistan called off the talks with Tajikistan on Monday.")
    assert [e["event_type"] for e in evs] == ["SANCTION"], evs
    evs = code("The Kyrgyz prime minister resigned on Friday to allow early elections to take place.")
    assert [e["event_type"] for e in evs] == ["RETREAT"], evs
    evs = code("Ankara said Russian forces must leave the region to allow aid to reach civilians.")
    assert [e["event_type"] for e in evs] == ["REQUEST"], evs


def test_events_undertaking_to_act_and_undertaking_drills():
    ev = one("Azerbaijan and Kazakhstan agreed to undertake joint naval exercises in the Caspian this month.")
    assert ev["category"] == "exercise" and ev["status"] == "future"
    ev = one("Turkey undertook to supply the drones to Kyrgyzstan.")
    assert ev["category"] == "arms_transfer" and ev["status"] == "future"


def test_events_brokers_owners_of_objects_and_years_named_by_when():
    ev = one("Georgia and Azerbaijan signed a transit agreement under Turkish supervision in May.")
    assert codes(ev["actor"]) == ["AZE", "GEO", "TUR"]
    ev = one("Tokayev initiated the format of the Consultative Meeting of Central Asia in 2018.",
             category="institutional")
    assert codes(ev["recipient"]) == ["CAC"]
    ev = one("The region had no common body until 2019, when the first OTS summit was held in Baku.",
             category="meeting")
    assert ev["date"] == "2019"


def test_events_gatherings_named_as_bodies_and_the_news_peg_of_an_undated_article():
    text = ("On 12-13 March 2025, the 4th Consultative Meeting of Heads of State of Central Asia took place in "
            "Dushanbe.\n\nBACKGROUND: The format was first proposed in 2017.\n\n"
            "The presidents decided to create a permanent secretariat. The Dushanbe summit also drew criticism "
            "in Russian media.")
    evs = code(text, published=None)
    meeting = [e for e in evs if e["category"] == "meeting"]
    assert meeting and meeting[0]["date"] == "2025-03-12"
    dated = {e["category"]: e["date"] for e in evs}
    assert dated.get("institutional", "")[:7] == "2025-03" and dated.get("criticism", "")[:7] == "2025-03", evs
    # with a dateline the peg is not used: the publication date is the article's "now"
    evs = code(text, published="2026-05-01")
    assert not [e for e in evs if e["category"] == "institutional" and (e["date"] or "")[:7] == "2025-03"]


@pytest.mark.parametrize("text,actor,recipient", [
    ("Japan lent $500 million to Kazakhstan in 2024.", ["JPN"], ["KAZ"]),
    ("Turkey will invest $2 billion in Uzbekistan's energy sector.", ["TUR"], ["UZB"]),
    ("Kyrgyzstan secured $300 million in Chinese investment last year.", ["CHN"], ["KGZ"]),
])
def test_events_money_moves_from_investor_to_host(text, actor, recipient):
    ev = one(text, category="economic")
    assert codes(ev["actor"]) == actor and codes(ev["recipient"]) == recipient


def test_events_the_speakers_own_channel_is_no_party():
    ev = one("Erdogan praised the Kazakh president on his social media accounts on Friday.")
    assert codes(ev["recipient"]) == ["KAZ"], ev
    ev = one("Aliyev thanked Tokayev for the invitation, President Mirziyoyev wrote on his website.",
             category="statement")
    assert "UZB" not in codes(ev["recipient"]), ev


def test_events_asides_in_speech_and_follow_up_gatherings():
    ev = one("Uzbekistan's president spoke of the vital role of defence firms – and Türkiye – in building "
             "Uzbek industry.", category="statement")
    assert codes(ev["recipient"]) == ["TUR"], ev
    evs = code("The OTS leaders met in Baku on Monday. Azerbaijan is expected to host a follow-up in 2026.")
    host = [e for e in evs if e["status"] == "future"]
    assert host and codes(host[0]["actor"]) == ["AZE", "OTS"], evs


def test_events_speech_after_an_opening_adjunct_and_threats_by_intent():
    evs = code("During a joint press conference with the Turkish president in May, the Russian president expressed "
               "interest in retaking the disputed airbase in Georgia.")
    threat = [e for e in evs if e["event_type"] == "THREATEN"]
    assert threat and codes(threat[0]["actor"]) == ["RUS"] and codes(threat[0]["recipient"]) == ["GEO"], evs
    assert [e for e in evs if e["category"] == "meeting"]


def test_events_groups_in_a_state_act_for_it_but_an_adjective_noun_phrase_does_not():
    ev = one("Opposition groups in Zimbabwe demanded new elections on Monday.")
    assert codes(ev["actor"]) == ["ZWE"]
    # Afghanistan is where an intervention would happen, not the party Uzbekistan rejects
    ev = one("Any military intervention in Afghanistan was rejected by Uzbekistan on Monday.")
    assert codes(ev["actor"]) == ["UZB"] and codes(ev["recipient"]) == [], ev


def test_events_the_listed_forms_of_a_cooperation_are_what_its_parties_did():
    text = ("Security ties have grown fast between Turkmenistan and Uzbekistan. In the defence sphere, "
            "cooperation has developed through joint exercises, intelligence sharing and the development of "
            "the defence industry.")
    evs = code(text)
    cats = sorted(e["category"] for e in evs if codes(e["actor"]) == ["TKM", "UZB"])
    assert cats == ["defence_industry", "exercise", "intelligence"], evs
    # a plain mention of the nouns, with no relation developing through them, is no event
    assert code("Joint exercises and intelligence sharing are common among allies.") == []


def test_events_an_unnamed_antecedent_of_who_is_no_earlier_party():
    evs = code("Uzbekistan condemned the gunmen who attacked a border post in Tajikistan on Monday.")
    assert not [e for e in evs if e["category"] == "conflict" and "UZB" in codes(e["actor"])], evs


def test_events_two_dated_statements_with_different_verbs_stay_two():
    text = ("At the 2024 summit in Bishkek, Aliyev declared that the OTS was the main vector of Azerbaijani policy. "
            "At this summit as well, Aliyev repeated his call, saying that cooperation with the OTS was of "
            "tremendous importance.")
    evs = [e for e in code(text) if e["category"] == "statement"]
    assert len(evs) == 2, evs
    text = ("Aliyev praised the OTS in Bishkek in 2024. In Bishkek in 2024, Aliyev also praised the OTS for its unity.")
    assert len([e for e in code(text) if e["category"] == "statement"]) == 1


def test_events_an_urging_after_a_gathering_noun_is_no_purpose_of_the_gathering():
    evs = code("“Security is our shared duty,” Tokayev said during the 2024 Bishkek summit, urging members of "
               "the OTS to deepen defence cooperation.")
    req = [e for e in evs if e["event_type"] == "REQUEST"]
    assert req and codes(req[0]["actor"]) == ["KAZ"] and req[0]["date"] == "2024", evs


def test_events_bilateral_meetings_beside_a_summit_and_subject_pronouns_owning_nothing():
    text = ("On May 3, Ankara hosted a summit of Turkic states. It marked the first time such a summit had been "
            "held in Ankara and it followed Erdogan's bilateral meetings with the leaders of Uzbekistan and "
            "Kazakhstan.")
    pairs = sorted(tuple(codes(e["actor"])) for e in code(text) if e["category"] == "meeting")
    assert ("KAZ", "TUR") in pairs and ("TUR", "UZB") in pairs, pairs


def test_events_a_visit_after_a_documents_topic_and_exchanges_of_fire():
    evs = code("Uzbekistan and Azerbaijan signed a memorandum on intelligence sharing during President Aliyev's visit "
               "to Tashkent on Tuesday.")
    visit = [e for e in evs if e["category"] == "meeting"]
    assert visit and codes(visit[0]["actor"]) == ["AZE"] and codes(visit[0]["recipient"]) == ["UZB"], evs
    ev = one("Kyrgyz border guards exchanged fire with Tajik troops near Batken on Saturday.")
    assert ev["event_type"] == "ASSAULT" and codes(ev["actor"]) == ["KGZ"] and codes(ev["recipient"]) == ["TJK"]


@pytest.mark.parametrize("text,actor,recipient", [
    ("Azerbaijan will not join the Collective Security Treaty Organization, Aliyev told reporters.", ["AZE"],
     ["CSTO"]),
    ("Turkmenistan declined to sign the OTS security declaration on Friday.", ["TKM"], ["OTS"]),
])
def test_events_the_one_refusing_acts(text, actor, recipient):
    ev = one(text)
    assert ev["event_type"] == "REJECT" and codes(ev["actor"]) == actor and codes(ev["recipient"]) == recipient, ev


def test_events_a_sum_of_aid_is_one_act():
    ev = one("The European Union announced 12 million euros in border security assistance for Kyrgyzstan.")
    assert ev["category"] == "military_aid" and codes(ev["actor"]) == ["EU"] and codes(ev["recipient"]) == ["KGZ"]


def test_events_parties_named_in_an_aside_and_visits_hosted_by_the_place():
    ev = one("The drills, which involved 1,500 troops from Turkey and Azerbaijan, ended on Thursday.")
    assert ev["category"] == "exercise" and codes(ev["actor"]) == ["AZE", "TUR"]
    ev = one("Erdogan arrived in Astana on Monday for a two-day state visit.")
    assert codes(ev["actor"]) == ["TUR"] and codes(ev["recipient"]) == ["KAZ"]


def test_events_admissions_organisation_summits_called_off_talks_and_decided_deployments():
    evs = code("The Organization of Turkic States admitted Turkmenistan as a full member at its summit in Gabala.")
    inst = [e for e in evs if e["category"] == "institutional"]
    meet = [e for e in evs if e["category"] == "meeting"]
    assert inst and codes(inst[0]["actor"]) == ["OTS"] and codes(inst[0]["recipient"]) == ["TKM"], evs
    assert meet and codes(meet[0]["actor"]) == ["OTS"], evs
    evs = code("Uzbekistan suspended talks with Russia on a gas deal on Monday.")
    assert [(e["event_type"], codes(e["recipient"])) for e in evs] == [("SANCTION", ["RUS"])], evs
    ev = one("Turkey's parliament approved the deployment of troops to Azerbaijan for another year.")
    assert codes(ev["actor"]) == ["TUR"] and codes(ev["recipient"]) == ["AZE"]
    assert not [e for e in code("Israel reimposed blockades after the shooting deaths of two soldiers.")
                if e["category"] == "conflict"]


def test_events_an_offered_loan_is_a_planned_loan_to_the_one_offered():
    ev = one("Beijing offered Kyrgyzstan a $200 million loan for border infrastructure.")
    assert (ev["category"], ev["status"]) == ("economic", "future")
    assert codes(ev["actor"]) == ["CHN"] and codes(ev["recipient"]) == ["KGZ"]


def test_events_signatories_at_a_summit_and_contracts_with_defence_firms():
    evs = code("Xi Jinping and the five Central Asian leaders signed the Astana Declaration at the second "
               "China–Central Asia summit in June 2025.", "2025-07-01")
    meeting = [e for e in evs if e["category"] == "meeting"]
    assert meeting and codes(meeting[0]["actor"]) == ["CHN", "KAZ", "KGZ", "TJK", "TKM", "UZB"], evs
    ev = one("Kazakhstan has signed a contract with Turkish defence firm Aselsan to produce night-vision equipment.")
    assert ev["category"] == "defence_industry" and codes(ev["actor"]) == ["KAZ", "TUR"]
    ev = one("Uzbekistan signed a deal with Boeing to buy 787 airliners.")
    assert ev["category"] == "economic"


def test_events_destroyed_targets_gerund_objects_and_words_of_names():
    ev = one("Azerbaijan's defence ministry said its forces destroyed an Armenian ammunition depot on Monday.")
    assert ev["event_type"] == "ASSAULT" and codes(ev["actor"]) == ["AZE"] and codes(ev["recipient"]) == ["ARM"]
    assert not [e for e in code("The admission of Russia in 2004 destroyed the organisation.")
                if e["category"] == "conflict"]
    ev = one("The United States imposed sanctions on two Kyrgyz banks for helping Russia evade export controls.")
    assert codes(ev["recipient"]) == ["KGZ"]
    evs = code("China and Tajikistan agreed to build a border post, according to Radio Free Europe.")
    assert all(e["event_type"] != "CONCEDE" for e in evs), evs


def test_events_quoted_positions_counterparts_and_signed_plans():
    ev = one('"We will never allow our territory to be used against our neighbours," Turkmen Foreign Minister '
             'Rashid Meredov told the UN General Assembly.')
    assert (ev["category"], ev["event_type"], codes(ev["actor"])) == ("statement", "REJECT", ["TKM"])
    ev = one("Kazakh Defence Minister Ruslan Zhaksylykov and his Turkish counterpart signed a military cooperation "
             "plan for 2026.")
    assert ev["category"] == "agreement" and codes(ev["actor"]) == ["KAZ", "TUR"]


def test_events_demanded_contents_gathering_subjects_concern_and_two_acts_of_one_sentence():
    evs = code("At the Gabala summit on 7 October, OTS leaders adopted a declaration calling for closer "
               "defence-industrial cooperation.")
    assert sorted(e["category"] for e in evs) == ["agreement", "meeting"], evs
    text = ("The OTS met in Gabala on Tuesday. The summit also approved the creation of a Turkic Investment Fund "
            "and granted Turkmenistan observer status.")
    inst = sorted((codes(e["actor"]), codes(e["recipient"])) for e in code(text) if e["category"] == "institutional")
    assert inst == [(["OTS"], []), (["OTS"], ["TKM"])], inst
    ev = one("Moscow has expressed concern over the growing Turkish military presence in the region.")
    assert (ev["event_type"], codes(ev["actor"]), codes(ev["recipient"])) == ("ACCUSE", ["RUS"], ["TUR"])


def test_events_the_body_a_state_is_admitted_to_admits_it():
    ev = one("Kazakhstan was admitted to the OTS Defence Industry Cooperation Platform in July.")
    assert codes(ev["actor"]) == ["OTS"] and codes(ev["recipient"]) == ["KAZ"]


def test_events_phone_calls_planned_visits_and_dates_of_a_reduced_relative():
    ev = one("Erdogan and Aliyev spoke by phone on Sunday about the Zangezur corridor.", "2026-03-16")
    assert (ev["category"], ev["mode"], codes(ev["actor"])) == ("meeting", "phone", ["AZE", "TUR"])
    evs = code("Azerbaijan and Kazakhstan are expected to sign a defence agreement during Aliyev's visit to Astana "
               "in April.", "2026-03-16")
    visit = [e for e in evs if e["category"] == "meeting"]
    assert visit and visit[0]["status"] == "future" and visit[0]["date"] == "2026-04", evs
    ev = one("Kyrgyzstan accused Tajikistan of violating the border agreement signed last year.", "2026-03-16")
    assert ev["date"] != "2025", ev


def test_events_a_foreign_force_drills_with_its_host():
    ev = one("Azerbaijani troops took part in the Anadolu Kartali air force exercise in Konya in June.", "2025-09-01")
    assert codes(ev["actor"]) == ["AZE", "TUR"]
    ev = one("Kazakh and Kyrgyz troops held joint drills near Almaty in May.", "2025-09-01")
    assert codes(ev["actor"]) == ["KAZ", "KGZ"]
