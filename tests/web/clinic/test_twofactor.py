"""Two-factor login: set up at first login, asked at every login, recovery codes."""

from __future__ import annotations

import re

from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def _log_in(email: str) -> Client:
    client = Client()
    response = client.post("/account/inloggen/", {"username": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_a_new_therapist_sets_up_the_app_at_first_login(tineke) -> None:
    client = _log_in(tineke.email)
    response = client.get("/praktijk/")
    assert response.status_code == 302
    assert response["Location"].startswith("/praktijk/tweestaps/")
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Tweestapsverificatie instellen" in html
    assert "<svg" in html  # the QR code, drawn here, no outside service
    device = TOTPDevice.objects.get(user=tineke, confirmed=False)
    key = re.search(r'<code class="key">([A-Z2-7 ]+)</code>', html).group(1)
    assert key.replace(" ", "")  # a manual key for phones that cannot scan

    done = client.post("/praktijk/tweestaps/", {"code": _code(device), "next": "/praktijk/"})
    assert done.status_code == 200
    assert "Je herstelcodes" in done.content.decode()
    assert StaticToken.objects.filter(device__user=tineke).count() == 10
    assert client.get("/praktijk/").status_code == 200


def test_a_wrong_code_keeps_the_door_shut(tineke) -> None:
    client = _log_in(tineke.email)
    client.get("/praktijk/tweestaps/")
    response = client.post("/praktijk/tweestaps/", {"code": "000000"})
    assert response.status_code == 400
    assert "klopt niet" in response.content.decode()
    assert not TOTPDevice.objects.get(user=tineke).confirmed
    assert client.get("/praktijk/").status_code == 302


def test_a_therapist_with_an_app_gives_a_code_at_every_login(tineke, transactional_db) -> None:
    # Outside a test transaction, as in production: PostgreSQL refuses FOR UPDATE there.
    device = TOTPDevice.objects.create(user=tineke, name="app", confirmed=True)
    client = _log_in(tineke.email)
    page = client.get("/praktijk/tweestaps/?next=/praktijk/uitnodigingen/")
    assert "Je code" in page.content.decode()
    response = client.post("/praktijk/tweestaps/",
                           {"code": _code(device), "next": "/praktijk/uitnodigingen/"})
    assert response.status_code == 302
    assert response["Location"] == "/praktijk/uitnodigingen/"
    assert client.get("/praktijk/uitnodigingen/").status_code == 200


def test_a_recovery_code_works_once(tineke_client, tineke, transactional_db) -> None:
    page = tineke_client.post("/praktijk/herstelcodes/")
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", page.content.decode())
    assert len(codes) == 10
    client = _log_in(tineke.email)
    assert client.post("/praktijk/tweestaps/", {"code": codes[0]}).status_code == 302
    again = _log_in(tineke.email)
    assert again.post("/praktijk/tweestaps/", {"code": codes[0]}).status_code == 400


def test_new_recovery_codes_need_the_second_step_first(tineke) -> None:
    TOTPDevice.objects.create(user=tineke, name="app", confirmed=True)
    client = _log_in(tineke.email)
    response = client.post("/praktijk/herstelcodes/")
    assert response.status_code == 302
    assert response["Location"].startswith("/praktijk/tweestaps/")
    assert not StaticToken.objects.exists()


def test_a_half_logged_in_therapist_reaches_no_page_but_logout(tineke) -> None:
    client = _log_in(tineke.email)
    for path in ("/mijn/", "/praktijk/", "/oefenen/", "/account/", "/api/v1/instruments"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/praktijk/tweestaps/"), path
    assert client.post("/account/uitloggen/").status_code == 302


def test_clients_never_see_the_two_factor_step(client_a) -> None:
    assert client_a.get("/mijn/").status_code == 200
    assert client_a.get("/praktijk/tweestaps/").status_code == 302


def test_after_both_steps_a_therapist_starts_at_the_clinic(tineke) -> None:
    device = TOTPDevice.objects.create(user=tineke, name="app", confirmed=True)
    client = Client()
    response = client.post("/account/inloggen/", {"username": tineke.email,
                                                  "password": PASSWORD})
    assert response["Location"] == "/praktijk/"
    response = client.get("/praktijk/")
    assert response["Location"] == "/praktijk/tweestaps/?next=%2Fpraktijk%2F"
    done = client.post("/praktijk/tweestaps/", {"code": _code(device), "next": "/praktijk/"})
    assert done["Location"] == "/praktijk/"


def test_a_client_still_starts_at_their_overview(user_a) -> None:
    response = Client().post("/account/inloggen/", {"username": user_a.email,
                                                    "password": PASSWORD})
    assert response["Location"] == "/mijn/"
