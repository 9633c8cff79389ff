"""The research choice in a real browser: found on the result page, unticked, stored."""

from __future__ import annotations

import pytest
from django.utils import timezone

from verbinding.web.accounts.models import User
from verbinding.web.assessments.models import ResearchConsent
from waiting import until
from web.practice.helpers import submitted_selftest

from .conftest import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "rustig-ademhalen-42"


def test_choosing_to_contribute_from_the_result_page(browser, live_server, viewport) -> None:
    user = User.objects.create_user("lotte@example.nl", PASSWORD, display_name="Lotte",
                                    email_verified_at=timezone.now())
    selftest = submitted_selftest(user, {"veilig"}, ["moeder"], language="nl")
    page = browser.new_context(viewport=viewport).new_page()
    page.goto(live_server.url + "/account/inloggen/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Fijn dat je er bent, Lotte").wait_for()

    page.goto(f"{live_server.url}/zelftest/{selftest.public_id}/uitslag/")
    page.get_by_role("link", name="Lees wat we delen en kies zelf").click()
    page.get_by_role("heading", name="Wat we nooit delen").wait_for()
    box = page.get_by_label("Mijn antwoorden anoniem bijdragen aan onderzoek")
    assert not box.is_checked()
    shoot(page, "onderzoek-toestemming")
    box.check()
    page.get_by_label("Leeftijdsgroep (mag je leeg laten)").select_option("35-44")
    page.get_by_role("button", name="Bewaar mijn keuze").click()
    page.get_by_role("button", name="Trek mijn toestemming in").wait_for()
    shoot(page, "onderzoek-gegeven")
    until(lambda: ResearchConsent.objects.filter(selftest=selftest).exists(), "the consent")
