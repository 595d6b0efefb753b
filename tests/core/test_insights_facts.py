"""Fact extraction: what a reader would underline in a privacy policy."""

from __future__ import annotations

from policyviewer.core.insights import extract_facts
from policyviewer.core.insights.commitments import commitment_key
from policyviewer.core.outline import parse_outline


def facts_of(text: str, kind: str) -> list:
    return [f for f in extract_facts(text) if f.kind == kind]


def values(text: str, kind: str) -> list[str]:
    return [f.value for f in facts_of(text, kind)]


def test_retention_period_with_what_it_applies_to() -> None:
    [fact] = facts_of("We retain log data for 30 days.", "retention")
    assert (fact.value, fact.subject) == ("30 days", "log data")
    [fact] = facts_of("Backups of your account are kept for two (2) years.", "retention")
    assert fact.value == "two (2) years"
    assert fact.subject == "backups of your account"


def test_other_periods_are_not_retention() -> None:
    text = ("We will process deletion requests within 30 days. We aim to respond to all "
            "inquiries within 5 business days. You can cancel the deletion for 7 days.")
    assert facts_of(text, "retention") == []
    durations = {f.value: f.subject for f in facts_of(text, "duration")}
    assert durations["30 days"] is not None
    assert durations["5 business days"] == "response time"
    assert durations["7 days"] == "grace period"


def test_deletion_after_a_period_is_retention() -> None:
    text = ("I will delete these logs within 72 hours. If you do not sign in for 6 months, "
            "your account will be deleted.")
    assert sorted(values(text, "retention")) == ["6 months", "72 hours"]


def test_relative_dates_and_ages_are_not_periods() -> None:
    text = "Updated 4 months ago. You must be 18 years or older to use the service."
    assert values(text, "duration") == values(text, "retention") == []
    assert values(text, "age") == ["18"]


def test_age_thresholds_in_their_usual_forms() -> None:
    assert values("We do not knowingly collect data from children under 13.", "age") == ["13"]
    assert values("You must be at least 16 years old.", "age") == ["16"]
    assert values("You must be over the age of eighteen (18).", "age") == ["18"]
    # A number near "children" that is not an age.
    assert values("We have helped 40 children's charities and 3 schools.", "age") == []


def test_named_third_parties_from_the_gazetteer_and_from_lists() -> None:
    text = ("Acme Privacy Policy. Acme (\"we\") runs acme.io. We engage vendors such as "
            "Zorblify, Quuxly and Stripe to run the service. We use Google Analytics to "
            "measure traffic. Questions? Write to privacy@acme.io.")
    found = values(text, "third_party")
    assert set(found) == {"Zorblify", "Quuxly", "Stripe", "Google Analytics"}


def test_no_third_parties_from_generic_words_laws_months_or_the_company() -> None:
    text = ("Acme Privacy Policy. Acme (\"we\") provides the Services. We share data with "
            "service providers, such as Privacy Policy Services, in May and under the GDPR "
            "and CCPA. Our partners include Acme Labs.")
    assert values(text, "third_party") == []
    assert set(values(text, "law")) == {"GDPR", "CCPA"}


def test_contacts_emails_and_a_postal_address_over_several_lines() -> None:
    text = ("Contact us at privacy@example.com or write to us at:\n\nExample Inc.\n"
            "605 Castro Street\nMountain View, CA 94041\n\nWe reply quickly.")
    contacts = {f.subject: f.value for f in facts_of(text, "contact")}
    assert contacts["email"] == "privacy@example.com"
    assert contacts["postal address"] == "605 Castro Street, Mountain View, CA 94041"


def test_effective_date_is_found_near_its_label() -> None:
    [date] = facts_of("Privacy Policy\nLast updated: May 1, 2024\n\nWe collect data.", "date")
    assert date.value == "May 1, 2024"


def test_commitments_and_what_is_not_one() -> None:
    text = ("We do not sell your personal information. We will never share your data with "
            "advertisers. We cannot guarantee the security of your data. You must not share "
            "your password. If you do not agree, do not use the service.")
    found = values(text, "commitment")
    assert found == ["We do not sell your personal information",
                     "We will never share your data with advertisers"]


def test_reworded_promises_have_the_same_key() -> None:
    same = ["We do not sell your personal information.",
            "We will never sell your personal data.",
            "We won’t sell personal information.",
            "Acme and its partners do not sell your personal data."]
    assert len({commitment_key(s) for s in same}) == 1
    assert commitment_key("We do not share your personal data.") != commitment_key(same[0])


def test_facts_know_their_section() -> None:
    text = ("Privacy Policy\n\n1. Data retention\n\nWe keep logs for 30 days.\n\n"
            "2. Children\n\nThe service is not for children under 16.\n")
    outline = parse_outline(text)
    by_kind = {f.kind: f for f in extract_facts(text, outline)}
    assert by_kind["retention"].section == "Data retention"
    assert by_kind["age"].section == "Children"
    assert text[by_kind["retention"].start : by_kind["retention"].end] == "30 days"


def test_spelling_variants_of_a_party_are_the_same_party() -> None:
    from policyviewer.core.insights.facts import normalize_party

    assert normalize_party("Apple Pay") == normalize_party("ApplePay")
    assert normalize_party("PayPal") == normalize_party("Paypal")
    assert normalize_party("Salesforce.com") == normalize_party("Salesforce, Inc.")
    assert normalize_party("Amazon Web Services") == normalize_party("AWS")
    assert normalize_party("Google") != normalize_party("Google Analytics")



def test_a_capitalised_function_word_is_not_a_third_party():
    # Mozilla's notice: "Except" opens the list item that names the payment processors.
    from policyviewer.core.importers import load_file
    from policyviewer.resources import resource_path

    doc = load_file(resource_path("samples", "mozilla", "2020-12-15.md"))
    parties = {f.value for f in extract_facts(doc.text) if f.kind == "third_party"}
    assert {"Braintree", "Bitpay"} <= parties
    assert "Except" not in parties


def test_a_postal_address_keeps_its_unit_or_box_and_stops_at_the_next_clause() -> None:
    # Kraken's list of contracting entities: "Unit 610, ...", "PO BOX 4301, ..." and an
    # address followed by ", operating through its Italian Branch, ...".
    text = ("If you reside in Australia, you are contracting with Acme Pty Limited, Unit 610, "
            "478 George Street, Sydney, NSW 2000, Australia. Otherwise you are contracting "
            "with Acme Markets Limited, Trinity Chambers, PO BOX 4301, Road Town, Tortola, "
            "British Virgin Islands. In Italy you are contracting with Acme Europe Limited, "
            "70 Sir John Rogerson’s Quay, Dublin 2, D02 R296, operating through its Italian "
            "Branch, Acme Europe Limited, Italian Branch, 21 Via San Marco, Milan, MI, 20121.")
    found = facts_of(text, "contact")
    assert [f.value for f in found] == [
        "Unit 610, 478 George Street, Sydney, NSW 2000, Australia",
        "PO BOX 4301, Road Town, Tortola, British Virgin Islands",
        "70 Sir John Rogerson’s Quay, Dublin 2, D02 R296",
        # Past the cut, the rest of the line is read: the number first, then "Via".
        "21 Via San Marco, Milan, MI, 20121"]
    assert all(text[f.start : f.end] == f.value for f in found)
    # A unit word ending a name, or on the line above, is not the address's.
    assert values("Write to Acme, Global Privacy Office 42 N. Chestnut St., Ventura, CA 93001.",
                  "contact") == ["42 N. Chestnut St., Ventura, CA 93001"]
    assert values("4th Floor Maxwell Roberts Building\n1 Church Street, Hamilton, HM11\n",
                  "contact") == ["1 Church Street, Hamilton, HM11"]


def test_a_numbered_heading_after_an_address_is_not_part_of_it() -> None:
    text = ("Personal Data Protection Commission\n10 Pasir Panjang Road,\n"
            "#03-01 Mapletree Business City Singapore 117438\n\n18. Full details of Data "
            "Controllers\n\nWe are Acme.")
    assert values(text, "contact") == [
        "10 Pasir Panjang Road, #03-01 Mapletree Business City Singapore 117438"]


def test_what_the_company_does_not_need_is_not_a_promise() -> None:
    text = ("Once anonymised, we do not require a legal basis as the information will no longer "
            "constitute personal information. We do not require your consent for this. "
            "We don't require you to give us your real name. We do not require our customers "
            "to keep payment details on file. We do not require your screen name to be real.")
    assert values(text, "commitment") == [
        "We don't require you to give us your real name",
        "We do not require our customers to keep payment details on file",
        "We do not require your screen name to be real"]


def test_a_retention_subject_is_a_whole_noun_phrase() -> None:
    def subjects(text: str) -> list:
        return [f.subject for f in facts_of(text, "retention")]

    # The noun phrase before a passive verb follows a relative word, not the words before it.
    assert subjects("We use your data for this purpose for the same amount of time that your "
                    "account is stored – for 2 months from the date of deactivation.") == [
        "account"]
    # The object of the last retention verb; none when it holds another period.
    assert subjects("Acme keeps it for as long as we keep your account - for 3 months.") == [
        "account"]
    assert subjects("Deleted listings are kept for 30 days.") == ["deleted listings"]
    assert subjects("We keep your account for 2 months after closure or after 5 years of "
                    "inactivity.") == ["account", None]
    # A long phrase is cut where its head ends, not after six words.
    assert subjects("We retain transactional information such as rides and payments for at "
                    "least 7 years.") == ["transactional information"]
    assert subjects("Veriff will retain your selfie and the picture of your ID for up to "
                    "3 years.") == ["selfie and the picture"]
    # An adverb is not a subject; a cut window does not start mid-word.
    assert subjects("If you ask that we delete data within your account or you close your "
                    "account all data is deleted permanently within 6 months.") == ["data"]
    assert subjects("If you close your account all data is deleted within 6 months.") == [None]
    long = "Our team reviews the settings once a year and, in addition to this, " * 3
    assert subjects(long + "the bulk of the query data is only stored for 24 hours.") == [
        "query data"]


def test_a_postal_address_ends_where_another_contact_or_column_starts() -> None:
    assert values("Write to Acme Ltd, 57 Southwark Street, London SE1 1RU, Phone: +44 20 3457 "
                  "0256.", "contact") == ["57 Southwark Street, London SE1 1RU"]
    assert values("Zendesk (55 Charlemont Place, Dublin, D02 F985 Ireland privacy@zendesk.com)",
                  "contact") == ["55 Charlemont Place, Dublin, D02 F985 Ireland",
                                 "privacy@zendesk.com"]
    assert values("Acme SA (at 22-24 Boulevard Royal L-2449, Luxembourg) processes data.",
                  "contact") == ["22-24 Boulevard Royal L-2449, Luxembourg"]
    # "St." before a line break is an abbreviation, not the address's end.
    assert values("Address: 3150 S. Delaware St.\nSan Mateo, California, 94403\n",
                  "contact") == ["3150 S. Delaware St, San Mateo, California, 94403"]
    # Two addresses side by side in a table laid out with spaces.
    table = ("Our US HQ                       Our EU Office\n"
             "88 Colin P. Kelly Jr. St.       Vijzelstraat 68-72\n"
             "San Francisco, CA 94107         1017 HL Amsterdam\n")
    assert values(table, "contact") == ["88 Colin P. Kelly Jr. St, San Francisco, CA 94107",
                                        "Vijzelstraat 68-72, 1017 HL Amsterdam"]


def test_an_address_spelled_with_or_without_abbreviations_is_the_same_contact() -> None:
    [a] = facts_of("Write to 201 Spear Street Suite 1100 San Francisco, CA 94105.", "contact")
    [b] = facts_of("Write to 201 Spear St Suite 1100 94105 San Francisco, USA.", "contact")
    [c] = facts_of("Write to 330 W 34th Street, New York, NY 10001.", "contact")
    [d] = facts_of("Write to 330 West 34th Street, New York, NY 10001.", "contact")
    assert a.key == b.key and c.key == d.key


def test_a_promise_is_its_own_clause_and_may_not_is_no_promise() -> None:
    text = ("While Acme does not make inferences based on your data, our partners may draw "
            "inferences. We do not sell your personal information for money, our sharing of it "
            "with partners may count as a sale. Acme may not "
            "use each data type for each purpose listed.")
    found = [f.value for f in extract_facts(text, own_names=("acme",)) if f.kind == "commitment"]
    assert found == [
        "Acme does not make inferences based on your data",
        "We do not sell your personal information for money"]


def test_an_address_written_with_semicolons_is_read_whole() -> None:
    assert values("Acme Asia Pte Ltd, 137 Amoy Street; Singapore 049965 (contact: support)",
                  "contact") == ["137 Amoy Street, Singapore 049965"]
    assert values("Acme; Willis Tower; 233 South Wacker Drive; 45th Floor; Chicago, IL 60606; "
                  "U.S.A.)", "contact") == ["233 South Wacker Drive, 45th Floor, Chicago, IL 60606"]
    # A following clause is not a part.
    assert values("Write to 100 Main Street, Springfield, IL 62701; We read all letters.",
                  "contact") == ["100 Main Street, Springfield, IL 62701"]


def test_an_email_address_written_against_robots_is_read() -> None:
    text = ("Email us at (privacy [at] acme [dot] com) or write to dpo ((at)) acme ((dot)) co "
            "((dot)) uk. We meet at [the] office.")
    assert values(text, "contact") == ["privacy@acme.com", "dpo@acme.co.uk"]


def test_a_role_after_an_address_is_not_part_of_it() -> None:
    text = ("  * Privacy Trust, Communications House, 26 York Street, London, W1U 6PZ\n\n"
            "EU Representative\n\n  * Privacy Officer, 168-172 Old Street, London EC1V 9BP, "
            "Attn: Legal\n")
    assert values(text, "contact") == ["26 York Street, London, W1U 6PZ",
                                       "168-172 Old Street, London EC1V 9BP"]


def test_a_promise_in_a_run_on_sentence_ends_within_its_clause_limit() -> None:
    # No clause end anywhere: each promise used to run to the end of the sentence, so
    # the promises of a long run-on sentence cost time quadratic in its length.
    from policyviewer.core.insights.commitments import MAX_CLAUSE_CHARS

    text = " and ".join(["we do not sell your data to anyone"] * 200) + "."
    found = facts_of(text, "commitment")
    assert len(found) == 200
    longest = max(f.end - f.start for f in found)
    assert MAX_CLAUSE_CHARS - 40 < longest <= MAX_CLAUSE_CHARS + 40
    assert all(not f.value.endswith((" ", "an", "se")) for f in found)  # cut between words


def test_the_email_cue_reads_a_local_part_of_at_most_64_characters() -> None:
    # Unbounded, a run "b.b.b..." before an "@" with no domain was retried from every
    # word in it (time quadratic in its length); no address has a longer local part.
    from policyviewer.core.insights.categories import cue_scan

    contact = categories_index("contact")
    assert cue_scan("write to " + "a" * 64 + "@example.com").counts[contact] == 1
    assert cue_scan("write to " + "a" * 65 + "@example.com").counts[contact] == 0


def categories_index(name: str) -> int:
    from policyviewer.core.insights.categories import CATEGORIES

    return CATEGORIES.index(name)


def test_the_company_name_cue_reads_bounded_runs() -> None:
    # A name could start at every capital of a long run ("AAAA...") and each start read
    # to the run's end; with the spaces after it read two ways, a 2 KB run took 14 s.
    from policyviewer.core.insights.facts import company_names

    assert "acme" in company_names("x" * 39 + "Acme (\u201cwe\u201d) runs this site.")
    assert "acme" not in company_names("x" * 40 + "Acme (\u201cwe\u201d) runs this site.")
    assert "acme" in company_names("Acme Inc. , ,  (  \"we\") runs this site.")  # gaps as before
    # At most 8 quote marks before "we" ("'" also ends a word: "AAA''''..." retried the
    # run of marks from each place in it, 23 s for 4 KB).
    assert "acme" in company_names("Acme " + "'" * 8 + "we run this site.")
    assert "acme" not in company_names("Acme " + "'" * 9 + "we run this site.")
