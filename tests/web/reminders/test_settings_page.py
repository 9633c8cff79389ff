"""The reminder settings page: choosing times, e-mail on or off, the feed link, access."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from verbinding.web.reminders.models import ReminderDelivery, ReminderSettings

URL = "/herinneringen/"


def post(client: Client, **extra: object) -> object:
    data: dict[str, object] = {"card_time": ["08:00", "13:00", "", "21:00"], "practice_0": "19:30"}
    data.update(extra)
    return client.post(URL, data)


def test_an_outsider_is_sent_to_the_login_page(outsider: Client) -> None:
    response = outsider.get(URL)
    assert response.status_code == 302
    assert "/account/inloggen/" in response["Location"]
    assert outsider.post("/herinneringen/nieuwe-link/").status_code == 302


def test_the_page_explains_and_offers_the_choices(client_a: Client) -> None:
    response = client_a.get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('name="card_time"') == 8
    assert 'name="practice_6"' in page and "Zondag" in page
    assert "Maak mijn agenda-link" in page
    assert not ReminderSettings.objects.exists()  # looking does not write


def test_it_saves_times_sorted_and_makes_a_feed_link(client_a: Client, user_a) -> None:
    response = post(client_a, card_time=["21:00", "8:00", "", "13:00", "13:00"], email_enabled="1")
    assert response.status_code == 302
    saved = ReminderSettings.objects.get(user=user_a)
    assert saved.card_times == ["08:00", "13:00", "21:00"]
    assert saved.practice_slots == [{"weekday": 0, "time": "19:30"}]
    assert saved.email_enabled is True
    assert saved.feed_token and saved.feed_token_hash
    page = client_a.get(URL).content.decode()
    assert "Je herinneringen zijn bewaard." in page
    assert f"/agenda/{saved.feed_token}.ics" in page
    assert "http://testserver/agenda/" in page and "webcal://testserver/agenda/" in page
    assert "Google Agenda" in page and "Apple Agenda" in page and "Outlook" in page


def test_leaving_the_box_unticked_turns_email_off(client_a: Client, user_a) -> None:
    post(client_a, email_enabled="1")
    post(client_a)
    assert ReminderSettings.objects.get(user=user_a).email_enabled is False


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"card_time": ["25:99"]}, "Dit is geen tijd die we kennen"),
        ({"practice_3": "7 uur"}, "Dit is geen tijd die we kennen"),
        ({"practice_9": "10:00"}, "een dag in het formulier die niet bestaat"),
        ({"practice_zondag": "10:00"}, "een dag in het formulier die niet bestaat"),
        ({"card_time": ["08:00"] * 9}, "hoogstens 8 tijden"),
        ({"email_enabled": "ja graag"}, "Het formulier kwam niet goed bij ons aan"),
        ({"is_staff": "1"}, "Het formulier kwam niet goed bij ons aan"),
    ],
)
def test_bad_input_is_refused_with_a_dutch_message_and_nothing_written(
    client_a: Client, user_a, extra: dict[str, object], message: str
) -> None:
    post(client_a)
    before = ReminderSettings.objects.get(user=user_a)
    response = post(client_a, **{"email_enabled": "1", **extra})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "nog niet bewaard" in page
    after = ReminderSettings.objects.get(user=user_a)
    assert (after.card_times, after.practice_slots, after.email_enabled) == (
        before.card_times,
        before.practice_slots,
        before.email_enabled,
    )


def test_a_bad_first_save_creates_nothing(client_a: Client) -> None:
    assert post(client_a, card_time=["25:99"]).status_code == 400
    assert not ReminderSettings.objects.exists()


def test_a_bad_time_is_shown_back_at_its_place(client_a: Client) -> None:
    page = post(client_a, card_time=["08:00", "25:99"]).content.decode()
    assert 'value="25:99"' in page
    assert 'aria-invalid="true"' in page


def test_another_user_never_sees_or_changes_my_settings(
    client_a: Client, client_b: Client, user_a
) -> None:
    post(client_a, card_time=["06:45"], email_enabled="1")
    token = ReminderSettings.objects.get(user=user_a).feed_token
    page_b = client_b.get(URL).content.decode()
    assert "06:45" not in page_b and token not in page_b
    post(client_b, card_time=["22:00"])
    assert ReminderSettings.objects.get(user=user_a).card_times == ["06:45"]
    client_b.post("/herinneringen/nieuwe-link/")
    assert ReminderSettings.objects.get(user=user_a).feed_token == token


def test_posting_without_the_csrf_token_is_refused(csrf_client_a: Client) -> None:
    response = csrf_client_a.post(URL, {"card_time": ["08:00"]})
    assert response.status_code == 403
    assert not ReminderSettings.objects.exists()


def test_the_page_lists_my_last_ten_deliveries_only(client_a: Client, user_a, user_b) -> None:
    start = dt.datetime(2025, 3, 3, 7, 0, tzinfo=dt.UTC)
    for i in range(12):
        ReminderDelivery.objects.create(
            user=user_a, moment=start + dt.timedelta(hours=i), kind="card", status="sent"
        )
    ReminderDelivery.objects.create(
        user=user_a, moment=start + dt.timedelta(days=2), kind="practice", status="failed"
    )
    ReminderDelivery.objects.create(user=user_b, moment=start, kind="practice", status="failed")
    page = client_a.get(URL).content.decode()
    assert page.count("<tr>") == 1 + 10  # header row and ten deliveries
    assert page.count("Niet gelukt") == 1
    assert "Verstuurd" in page
