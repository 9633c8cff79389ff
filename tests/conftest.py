"""Shared personas and helpers for the tests."""

from __future__ import annotations

import pytest
from django.test import Client

# Therapists and the clinic administrator, for every test that needs them.
pytest_plugins = ["clinic_personas"]


@pytest.fixture(autouse=True)
def dutch_unless_asked():
    """Each test starts in Dutch: a request in an earlier test may have left English active
    in this thread (the language middleware activates per request)."""
    from django.utils import translation

    translation.activate("nl")
    yield
    translation.deactivate()


@pytest.fixture
def anna(db) -> Client:
    """A visitor who takes the self-test."""
    return Client()


@pytest.fixture
def bram(db) -> Client:
    """Another visitor, who must never see Anna's answers."""
    return Client()


# People with accounts (the practice companion). Nearly every view test uses all three:
# A owns the data, B is another user who must get a 404, the outsider is not logged in.
PASSWORD = "rustig-ademhalen-42"


@pytest.fixture
def user_a(db):
    from django.utils import timezone

    from verbinding.web.accounts.models import User

    # Anna and Bas confirmed their address long ago (tests of unverified accounts make
    # their own).
    return User.objects.create_user("anna@example.nl", PASSWORD, display_name="Anna",
                                    email_verified_at=timezone.now())


@pytest.fixture
def user_b(db):
    from django.utils import timezone

    from verbinding.web.accounts.models import User

    return User.objects.create_user("bas@example.nl", PASSWORD, display_name="Bas",
                                    email_verified_at=timezone.now())


@pytest.fixture
def client_a(user_a) -> Client:
    client = Client()
    client.force_login(user_a)
    return client


@pytest.fixture
def client_b(user_b) -> Client:
    client = Client()
    client.force_login(user_b)
    return client


@pytest.fixture
def outsider(db) -> Client:
    """Not logged in."""
    return Client()


@pytest.fixture
def csrf_client_a(user_a) -> Client:
    """Like client_a, but enforcing CSRF as a real browser session would."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_a)
    return client
