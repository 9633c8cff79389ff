"""The separate, unticked choice to give a self-test's answers to research."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from verbinding.web.assessments.consent import CONSENT_TEXT_VERSION
from verbinding.web.assessments.models import ResearchConsent, SelfTest
from web.selftest_helpers import answer_all, start

pytestmark = pytest.mark.django_db


def submitted(client: Client, targets: list[str] | None = None, name: str = "") -> SelfTest:
    selftest = start(client, targets, name)
    answer_all(client, selftest)
    assert client.post(f"/zelftest/{selftest.public_id}/afronden/").status_code == 302
    selftest.refresh_from_db()
    return selftest


def url(selftest: SelfTest) -> str:
    return f"/zelftest/{selftest.public_id}/onderzoek/"


def test_the_result_page_offers_research_and_the_choice_starts_unticked(anna: Client) -> None:
    selftest = submitted(anna)
    result = anna.get(f"/zelftest/{selftest.public_id}/uitslag/").content.decode()
    assert url(selftest) in result
    page = anna.get(url(selftest)).content.decode()
    assert 'name="agree" value="1"' in page and "checked" not in page
    assert "Mijn antwoorden anoniem bijdragen aan onderzoek" in page
    assert "intrekken" in page and "de naam van de persoon die je koos" in page
    assert ResearchConsent.objects.count() == 0


def test_consent_is_stored_with_its_text_version_and_can_be_withdrawn(anna: Client) -> None:
    selftest = submitted(anna)
    given = anna.post(url(selftest), {"action": "give", "agree": "1", "age_band": "35-44",
                                      "gender": "vrouw"})
    assert given.status_code == 302
    consent = ResearchConsent.objects.get(selftest=selftest)
    assert consent.text_version == CONSENT_TEXT_VERSION
    assert (consent.age_band, consent.gender) == ("35-44", "vrouw")
    assert "nog niet gedeeld" in anna.get(url(selftest)).content.decode()
    assert anna.post(url(selftest), {"action": "withdraw"}).status_code == 302
    assert not ResearchConsent.objects.exists()


def test_without_the_tick_nothing_is_stored_and_one_sentence_says_why(anna: Client) -> None:
    selftest = submitted(anna)
    response = anna.post(url(selftest), {"action": "give", "age_band": "35-44"})
    assert response.status_code == 400
    assert "Zet een vinkje" in response.content.decode()
    assert not ResearchConsent.objects.exists()


def test_a_tampered_age_band_is_refused_in_one_sentence(anna: Client) -> None:
    selftest = submitted(anna)
    response = anna.post(url(selftest), {"action": "give", "agree": "1", "age_band": "41"})
    assert response.status_code == 400
    assert "uit de lijst" in response.content.decode()
    assert not ResearchConsent.objects.exists()


def test_an_exported_consent_can_no_longer_be_withdrawn(anna: Client) -> None:
    selftest = submitted(anna)
    anna.post(url(selftest), {"action": "give", "agree": "1"})
    ResearchConsent.objects.update(exported_at=timezone.now())
    page = anna.get(url(selftest)).content.decode()
    assert "intrekken kan niet meer" in page and 'value="withdraw"' not in page
    response = anna.post(url(selftest), {"action": "withdraw"})
    assert response.status_code == 400
    assert ResearchConsent.objects.count() == 1


def test_another_person_cannot_consent_for_my_selftest(
    anna: Client, bram: Client, client_b: Client
) -> None:
    selftest = submitted(anna)
    for other in (bram, client_b):
        assert other.get(url(selftest)).status_code == 404
        assert other.post(url(selftest), {"action": "give", "agree": "1"}).status_code == 404
    anna.post(url(selftest), {"action": "give", "agree": "1"})
    for other in (bram, client_b):
        assert other.post(url(selftest), {"action": "withdraw"}).status_code == 404
    assert ResearchConsent.objects.count() == 1


def test_an_unfinished_selftest_cannot_be_given_to_research(anna: Client) -> None:
    selftest = start(anna)
    assert anna.post(url(selftest), {"action": "give", "agree": "1"}).status_code == 302
    assert not ResearchConsent.objects.exists()


def test_account_holders_choose_later_from_their_data_page(client_a: Client) -> None:
    selftest = submitted(client_a)
    assert selftest.owner is not None
    page = client_a.get("/account/mijn-gegevens/").content.decode()
    assert url(selftest) in page and "je draagt niet bij aan onderzoek" in page
    client_a.post(url(selftest), {"action": "give", "agree": "1"})
    assert "je draagt bij aan onderzoek" in client_a.get("/account/mijn-gegevens/").content.decode()
