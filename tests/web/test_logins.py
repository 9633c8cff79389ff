"""Sessions on the server: logging out, a new password and "overal uitloggen" end every
copy of a cookie at once; practice accounts time out; a person sees their sessions; the
database holds nothing that opens or reads a session."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from clinic_personas import share, verified_client
from conftest import PASSWORD
from verbinding.web.assessments.models import hash_token
from verbinding.web.logins.models import BrowserSession
from verbinding.web.logins.store import key_hash
from web.selftest_helpers import answer_all, resume_token, start

pytestmark = pytest.mark.django_db

COOKIE = settings.SESSION_COOKIE_NAME
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"


def copy_of(client: Client) -> Client:
    """Another browser holding a copy of `client`'s session cookie (a stolen cookie)."""
    thief = Client()
    thief.cookies[COOKIE] = client.cookies[COOKIE].value
    return thief


def login(email: str, **meta: str) -> Client:
    client = Client(**meta)
    response = client.post("/account/inloggen/", {"username": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_logout_ends_every_copy_of_the_session(client_a):
    thief = copy_of(client_a)
    assert thief.get("/mijn/").status_code == 200
    assert client_a.post("/account/uitloggen/").status_code == 302
    assert thief.get("/mijn/").status_code == 302
    assert thief.get("/account/mijn-gegevens.json").status_code == 302


def test_logout_ends_a_therapists_copied_cookie_past_the_second_factor(user_a, tineke):
    therapist = verified_client(tineke)
    sharing = share(user_a, tineke)
    thief = copy_of(therapist)
    client_page = f"/praktijk/clienten/{sharing.public_id}/"
    assert thief.get(client_page).status_code == 200
    therapist.post("/account/uitloggen/")
    response = thief.get(client_page)
    assert response.status_code == 302 and response["Location"].startswith("/account/inloggen/")


def test_a_new_password_from_a_reset_ends_every_session_of_the_account(user_a):
    browsers = [login(user_a.email), login(user_a.email)]
    user_a.refresh_from_db()  # the reset token signs the last login
    uid = urlsafe_base64_encode(force_bytes(user_a.pk))
    token = default_token_generator.make_token(user_a)
    reset = Client()
    form = reset.get(f"/account/nieuw-wachtwoord/{uid}/{token}/", follow=True)
    new = {"new_password1": "zachte-landing-2026", "new_password2": "zachte-landing-2026"}
    assert reset.post(form.redirect_chain[-1][0], new).status_code == 302
    assert not BrowserSession.objects.filter(user=user_a).exists()
    assert all(b.get("/mijn/").status_code == 302 for b in browsers)


def test_a_changed_password_ends_the_other_sessions_at_once(user_a):
    other = login(user_a.email)
    user_a.set_password("zachte-landing-2026")
    user_a.save()
    assert not BrowserSession.objects.filter(user=user_a).exists()
    assert other.get("/mijn/").status_code == 302


def test_log_out_everywhere_ends_all_sessions_of_the_account(user_a, user_b):
    here, phone, bas = login(user_a.email), login(user_a.email), login(user_b.email)
    assert here.post("/account/sessies/overal-uitloggen/").status_code == 302
    assert here.get("/mijn/").status_code == 302
    assert phone.get("/mijn/").status_code == 302
    assert bas.get("/mijn/").status_code == 200  # another account is left alone


def test_the_session_list_shows_browsers_in_plain_words_and_ends_one(user_a, user_b):
    here = login(user_a.email, REMOTE_ADDR="203.0.113.57")
    phone = login(user_a.email, HTTP_USER_AGENT=FIREFOX)
    login(user_b.email)
    page = here.get("/account/sessies/").content.decode()
    assert "Firefox op Windows" in page and "deze browser" in page
    assert "203.0.113.0/24" in page and "203.0.113.57" not in page
    assert page.count("Deze sessie beëindigen") == 1  # Bas's session is not listed
    theirs = BrowserSession.objects.get(user=user_a, browser="Firefox")
    assert here.post(f"/account/sessies/{theirs.public_id}/beeindigen/").status_code == 302
    assert phone.get("/mijn/").status_code == 302
    assert here.get("/mijn/").status_code == 200


def test_nobody_ends_someone_elses_session(user_a, user_b):
    anna = login(user_a.email)
    bas = login(user_b.email)
    annas = BrowserSession.objects.get(user=user_a)
    assert bas.post(f"/account/sessies/{annas.public_id}/beeindigen/").status_code == 404
    assert anna.get("/mijn/").status_code == 200


def _age_session(user, **ago: timedelta) -> None:
    BrowserSession.objects.filter(user=user).update(
        **{field: timezone.now() - delta for field, delta in ago.items()}
    )


def test_a_therapist_is_logged_out_after_half_an_hour_idle(tineke):
    therapist = verified_client(tineke)
    assert therapist.get("/praktijk/").status_code == 200
    _age_session(tineke, last_seen=timedelta(minutes=settings.STAFF_SESSION_IDLE_MINUTES + 1))
    response = therapist.get("/praktijk/")
    assert response.status_code == 302 and response["Location"].startswith("/account/inloggen/")
    assert not BrowserSession.objects.filter(user=tineke).exists()


def test_a_therapist_is_logged_out_after_twelve_hours_however_active(tineke):
    therapist = verified_client(tineke)
    _age_session(tineke, created_at=timedelta(hours=settings.STAFF_SESSION_MAX_HOURS, minutes=1))
    response = therapist.get("/praktijk/")
    assert response.status_code == 302 and response["Location"].startswith("/account/inloggen/")
    assert "lang ingelogd" in therapist.get(response["Location"]).content.decode()


def test_a_client_is_not_held_to_the_clinic_timeouts(client_a, user_a):
    _age_session(user_a, last_seen=timedelta(hours=2), created_at=timedelta(days=3))
    assert client_a.get("/mijn/").status_code == 200


def test_the_database_holds_neither_the_cookie_nor_a_readable_resume_link(anna):
    selftest = start(anna)
    token = resume_token(anna, selftest)
    key = anna.cookies[COOKIE].value
    row = BrowserSession.objects.get()
    assert row.key_hash == key_hash(key) and key not in row.key_hash
    for secret in (token, hash_token(token), str(selftest.public_id), "selftests"):
        assert secret not in row.data
    # The row alone does not open the session: its hash as a cookie is refused.
    stranger = Client()
    stranger.cookies[COOKIE] = row.key_hash
    assert stranger.get(f"/zelftest/{selftest.public_id}/").status_code == 404


def test_eighty_self_tests_in_one_browser_all_keep_working(user_a):
    browser = login(user_a.email)
    browser.post("/account/uitloggen/")
    made = [start(browser) for _ in range(80)]
    # A browser drops a cookie over 4 KB (with the login and every link in it): the
    # test client does not, so the size is checked here.
    assert len(browser.cookies[COOKIE].value) < 4096
    assert browser.post("/account/inloggen/",
                        {"username": user_a.email, "password": PASSWORD}).status_code == 302
    for selftest in (made[0], made[40], made[-1]):
        assert browser.get(f"/zelftest/{selftest.public_id}/").status_code == 200
    assert all(f"/zelftest/verder/{resume_token(browser, s)}/" for s in made[:3])
    assert browser.get("/mijn/").content.decode().count("Bewaar de zelftest van") == 80
    answer_all(browser, made[-1])
    assert browser.get("/mijn/").status_code == 200  # still logged in
