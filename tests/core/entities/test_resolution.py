"""Corpus-level entity resolution: surnames, titles, variants, label consensus, and why."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from gui.core.entities.alias_reasons import OWN_NAME_WHY
from gui.core.entities.resolution import MentionForm, Resolution, ResolvedEntity, Row, resolve
from gui.core.entities.titles import Sex, split_title


def person(doc: str, text: str, count: int = 1) -> MentionForm:
    return MentionForm(doc, text, "PERSON", count)


def named(resolution: Resolution, name: str) -> ResolvedEntity:
    (entity,) = [entity for entity in resolution.entities if entity.name == name]
    return entity


def why(entity: ResolvedEntity, text: str) -> str:
    (alias,) = [alias for alias in entity.aliases if alias.text == text]
    return alias.why


# The Blairs: Tony is "Mr", Cherie is "Mrs"; each is named alone in some documents.
BLAIRS = [
    person("tony", "Tony Blair", 2), person("tony", "Mr Blair", 3), person("tony", "Blair", 2),
    person("budget", "Tony Blair"), person("budget", "Mr Blair"),
    person("cherie", "Cherie Blair"), person("cherie", "Mrs Blair", 2),
    person("both", "Tony Blair"), person("both", "Cherie Blair"), person("both", "Mrs Blair"),
    person("both", "Mr Blair"),
    person("wife", "Mrs Blair"),
    person("pm", "Mr Blair"),
]


def test_a_surname_joins_the_full_name_of_its_document() -> None:
    resolution = resolve(BLAIRS)
    tony = resolution.entity_of("tony", "Blair")
    assert tony.name == "Tony Blair"
    assert resolution.entity_of("tony", "Mr Blair") is tony
    assert why(tony, "Blair") == "surname of 'Tony Blair' in the same document"


def test_tony_and_cherie_blair_stay_two_people_and_mrs_blair_goes_to_cherie() -> None:
    resolution = resolve(BLAIRS)
    tony, cherie = named(resolution, "Tony Blair"), named(resolution, "Cherie Blair")
    assert tony is not cherie
    # Beside both of them, the title decides.
    assert resolution.entity_of("both", "Mrs Blair") is cherie
    assert resolution.entity_of("both", "Mr Blair") is tony
    # Alone, the corpus decides: Cherie is the only Blair known as "Mrs", Tony the only "Mr".
    assert resolution.entity_of("wife", "Mrs Blair") is cherie
    assert resolution.entity_of("pm", "Mr Blair") is tony
    assert "only 'Blair' full name in the corpus that fits 'Mrs'" in why(cherie, "Mrs Blair")
    assert "'Mrs' fits only 'Cherie Blair' of the 'Blair' full names in the same document" in why(
        cherie, "Mrs Blair")


def test_a_gendered_title_never_joins_someone_of_the_other_sex_in_its_document() -> None:
    # Tony Blair is "Mr" in two documents: this one "Mrs Blair" beside him is someone else.
    resolution = resolve([*BLAIRS, person("visit", "Tony Blair"), person("visit", "Mrs Blair")])
    assert resolution.entity_of("visit", "Mrs Blair").name == "Cherie Blair"


def test_a_bare_surname_shared_by_two_full_names_joins_neither() -> None:
    resolution = resolve([*BLAIRS, person("lone", "Blair")])
    lone = resolution.entity_of("lone", "Blair")
    assert lone.key == "blair"
    assert why(lone, "Blair") == "not joined: the corpus names 'Cherie Blair' and 'Tony Blair'"


def test_a_bare_surname_follows_its_titled_form_in_the_same_document() -> None:
    resolution = resolve([*BLAIRS, person("speech", "Mr Blair"), person("speech", "Blair")])
    assert resolution.entity_of("speech", "Blair").name == "Tony Blair"


def test_the_documents_settle_a_surname_that_one_full_name_dominates() -> None:
    mentions = [row for i in range(9) for row in (person(f"t{i}", "Tony Blair"), person(f"t{i}", "Blair"))]
    mentions += [person("c", "Cherie Blair"), person("c", "Blair"), person("alone", "Blair")]
    resolution = resolve(mentions)
    assert resolution.entity_of("alone", "Blair").name == "Tony Blair"
    assert ("'Blair' stands beside 'Tony Blair' in 9 of the 10 documents naming one 'Blair' in full"
            in why(named(resolution, "Tony Blair"), "Blair"))
    assert resolution.entity_of("c", "Blair").name == "Cherie Blair"


def test_sir_and_dame_go_with_a_first_name_in_their_document() -> None:
    resolution = resolve([person("a", "Sir Alex Ferguson"), person("a", "Sir Alex"), person("a", "Ferguson"),
                          person("b", "Dame Kelly Holmes"), person("b", "Dame Kelly")])
    ferguson = resolution.entity_of("a", "Sir Alex")
    assert ferguson.name == "Alex Ferguson" and resolution.entity_of("a", "Ferguson") is ferguson
    assert why(ferguson, "Sir Alex") == (
        "title 'Sir' dropped; first name of 'Alex Ferguson' in the same document")
    assert resolution.entity_of("b", "Dame Kelly").name == "Kelly Holmes"


def test_a_shorter_name_joins_the_one_longer_name_ending_with_it_in_its_document() -> None:
    resolution = resolve([person("a", "Osama Bin Laden"), person("a", "Bin Laden", 3),
                          person("b", "Bin Laden")])
    osama = resolution.entity_of("a", "Bin Laden")
    assert osama.name == "Osama Bin Laden"
    assert why(osama, "Bin Laden") == "the end of 'Osama Bin Laden' in the same document"
    assert resolution.entity_of("b", "Bin Laden").name == "Bin Laden"  # alone: not joined


def test_in_its_document_a_title_picks_the_one_known_to_be_of_its_sex() -> None:
    resolution = resolve([person("a", "Laura Bush"), person("a", "Mrs Bush"),
                          person("b", "George Bush"), person("b", "Laura Bush"), person("b", "Mrs Bush")])
    assert resolution.entity_of("b", "Mrs Bush").name == "Laura Bush"


def test_john_and_michael_howard_stay_two_people() -> None:
    resolution = resolve([
        person("aus", "John Howard"), person("aus", "Mr Howard", 2),
        person("uk", "Michael Howard"), person("uk", "Howard", 3),
        person("either", "Mr Howard"),
    ])
    john, michael = named(resolution, "John Howard"), named(resolution, "Michael Howard")
    assert john is not michael
    assert resolution.entity_of("aus", "Mr Howard") is john
    assert resolution.entity_of("uk", "Howard") is michael
    either = resolution.entity_of("either", "Mr Howard")
    assert either.key == "howard"
    assert why(either, "Mr Howard") == (
        "title 'Mr' dropped; not joined: the corpus names 'John Howard' and 'Michael Howard'")


def test_full_names_are_never_merged_into_each_other() -> None:
    resolution = resolve([person("a", "Hillary Clinton"), person("a", "Bill Clinton"),
                          person("a", "Clinton")])
    assert len(resolution.entities) == 3
    assert resolution.entity_of("a", "Clinton").key == "clinton"


def test_possessives_the_case_and_spaces_join_with_their_reasons() -> None:
    resolution = resolve([
        MentionForm("a", "the BBC", "ORG", 2), MentionForm("b", "BBC", "ORG", 5),
        MentionForm("c", "BBC's", "ORG"), MentionForm("c", "bbc", "ORG"),
        person("d", "Tony  Blair"), person("d", "Tony Blair's"), person("e", "Tony Blair", 3),
        person("f", "Prime Minister Tony Blair"),
    ])
    bbc = named(resolution, "BBC")
    assert (bbc.mentions, bbc.documents) == (9, 3)
    assert why(bbc, "BBC") == OWN_NAME_WHY
    assert why(bbc, "the BBC") == "'the' dropped"
    assert why(bbc, "BBC's") == "possessive"
    assert why(bbc, "bbc") == "case variant"
    tony = named(resolution, "Tony Blair")
    assert why(tony, "Tony  Blair") == "space variant"
    assert why(tony, "Tony Blair's") == "possessive"
    assert why(tony, "Prime Minister Tony Blair") == "title 'Prime Minister' dropped"
    assert len(resolution.entities) == 2


def test_one_form_with_two_labels_is_one_entity_labelled_by_consensus() -> None:
    mentions = [MentionForm("a", "Yukos", "PERSON", 150), MentionForm("b", "Yukos", "PERSON", 32),
                MentionForm("b", "Yukos", "ORG", 12), MentionForm("c", "Menatep", "ORG", 4)]
    resolution = resolve(mentions)
    yukos = named(resolution, "Yukos")
    assert yukos.label == "PERSON"
    assert yukos.label_counts == (("PERSON", 182), ("ORG", 12))
    assert yukos.label_summary() == "Yukos — PERSON 182 · ORG 12"
    assert yukos.disputed and not named(resolution, "Menatep").disputed
    assert resolution.entity_of("b", "Yukos") is yukos
    assert list(resolution.disagreeing(mentions)) == [MentionForm("b", "Yukos", "ORG", 12)]


def test_a_person_surname_does_not_join_a_name_that_is_mostly_something_else() -> None:
    resolution = resolve([MentionForm("a", "Jordan", "GPE", 9), person("b", "Michael Jordan"),
                          person("c", "Jordan")])
    assert named(resolution, "Jordan").label == "GPE"
    assert resolution.entity_of("c", "Jordan").name == "Jordan"


def test_in_its_document_a_surname_tagged_person_there_joins_its_full_name() -> None:
    resolution = resolve([MentionForm("a", "Jordan", "GPE", 9), person("b", "Michael Jordan"),
                          person("b", "Jordan", 2)])
    assert resolution.entity_of("b", "Jordan").name == "Michael Jordan"
    assert resolution.entity_of("a", "Jordan").name == "Jordan"


def test_unjoined_surnames_with_both_sexes_of_title_keep_their_titles() -> None:
    resolution = resolve([person("a", "Mr Smith"), person("b", "Mrs Smith"), person("c", "Smith")])
    assert {entity.name for entity in resolution.entities} == {"Mr Smith", "Mrs Smith", "Smith"}
    alone = resolve([person("a", "Mr Smith"), person("c", "Smith")])
    assert [entity.name for entity in alone.entities] == ["Smith"]
    assert why(alone.entities[0], "Mr Smith") == "title 'Mr' dropped"


def test_titles_are_recognised_before_a_capitalised_word_only() -> None:
    assert split_title("Prime Minister Tony Blair") == ("Prime Minister", "Tony Blair", None)
    assert split_title("Mrs Blair") == ("Mrs", "Blair", Sex.FEMALE)
    assert split_title("Dr. Mrs Smith") == ("Dr. Mrs", "Smith", Sex.FEMALE)
    assert split_title("Gen. Franks") == ("Gen.", "Franks", None)
    assert split_title("Lord of the Rings") == ("", "Lord of the Rings", None)
    assert split_title("Chancellor") == ("", "Chancellor", None)
    assert split_title("General Motors") == ("", "General Motors", None)


# Properties ------------------------------------------------------------------------------------

FIRSTS = ["Tony", "Cherie", "John", "Michael"]
SURNAMES = ["Blair", "Howard", "Smith"]
TEXTS = st.one_of(
    st.builds(lambda f, s: f"{f} {s}", st.sampled_from(FIRSTS), st.sampled_from(SURNAMES)),
    st.builds(lambda t, s: f"{t}{s}", st.sampled_from(["", "Mr ", "Mrs ", "Dr ", "the "]),
              st.sampled_from(SURNAMES)),
    st.builds(lambda s, e: s + e, st.sampled_from([*SURNAMES, "BBC", "Yukos"]), st.sampled_from(["", "'s"])),
)
ROWS = st.lists(
    st.tuples(st.sampled_from("abcdef"), TEXTS, st.sampled_from(["PERSON", "PERSON", "ORG", "GPE"]),
              st.integers(1, 5)),
    max_size=40,
)


def outcome(resolution: Resolution, mentions: list[Row]) -> tuple[object, ...]:
    """Everything a resolution says about these mentions, in a form that compares."""
    return resolution.entities, tuple(resolution.entity_of(doc, text).key for doc, text, _, _ in mentions)


@given(ROWS, st.randoms(use_true_random=False))
def test_the_order_of_the_input_does_not_matter(mentions: list[Row], rng: random.Random) -> None:
    shuffled = mentions[:]
    rng.shuffle(shuffled)
    assert outcome(resolve(shuffled), mentions) == outcome(resolve(mentions), mentions)


@given(ROWS, ROWS)
def test_merging_two_corpora_does_not_depend_on_which_comes_first(first: list[Row],
                                                                  second: list[Row]) -> None:
    both = first + second
    assert outcome(resolve(second + first), both) == outcome(resolve(both), both)


@given(ROWS)
def test_a_count_split_over_two_rows_is_the_same_as_one_row(mentions: list[Row]) -> None:
    split = [row for doc, text, label, count in mentions
             for row in ([(doc, text, label, count)] if count == 1 else
                         [(doc, text, label, 1), (doc, text, label, count - 1)])]
    assert outcome(resolve(split), mentions) == outcome(resolve(mentions), mentions)


@given(ROWS)
def test_every_mention_belongs_to_exactly_one_entity(mentions: list[Row]) -> None:
    resolution = resolve(mentions)
    keys = [entity.key for entity in resolution.entities]
    assert len(keys) == len(set(keys))
    assert sum(entity.mentions for entity in resolution.entities) == sum(row[3] for row in mentions)
    for doc, text, _, _ in mentions:
        entity = resolution.entity_of(doc, text)
        assert text in {alias.text for alias in entity.aliases}
    for entity in resolution.entities:  # the counts add up, alias by alias and label by label
        assert sum(alias.mentions for alias in entity.aliases) == entity.mentions
        assert sum(count for _, count in entity.label_counts) == entity.mentions
        assert entity.label == entity.label_counts[0][0]
        documents = {doc for doc, text, _, _ in mentions if resolution.entity_of(doc, text) is entity}
        assert entity.documents == len(documents)
