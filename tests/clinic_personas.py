"""Personas for the clinic: Anna's therapist Tineke, another therapist Otto, and the
clinic administrator Ada, each logged in with a second factor (unless a test says not).

A pytest plugin (named in tests/conftest.py), so every test can use these fixtures."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from verbinding.web.accounts.models import Role, User
from verbinding.web.clinic import services


def verified_client(user: User) -> Client:
    """A browser session of `user` that has passed the second step already."""
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or (
        TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


def staff(email: str, name: str, role: str = Role.THERAPIST) -> User:
    return User.objects.create_user(email, PASSWORD, display_name=name, role=role)


@pytest.fixture
def tineke(db) -> User:
    return staff("tineke@praktijk.nl", "Tineke")


@pytest.fixture
def otto(db) -> User:
    return staff("otto@praktijk.nl", "Otto")


@pytest.fixture
def ada(db) -> User:
    return staff("ada@praktijk.nl", "Ada", Role.ADMIN)


@pytest.fixture
def tineke_client(tineke) -> Client:
    return verified_client(tineke)


@pytest.fixture
def otto_client(otto) -> Client:
    return verified_client(otto)


@pytest.fixture
def ada_client(ada) -> Client:
    return verified_client(ada)


def share(client_user: User, therapist: User, **choices: bool):
    """`client_user` accepts an invitation of `therapist` with `choices` (others default)."""
    _, token = services.create_invitation(therapist)
    wanted = {"share_profiles": True, "share_signs": True, "share_reactions": True,
              "share_practice": True, "share_diary": False}
    wanted.update({f"share_{k}": v for k, v in choices.items()})
    return services.accept_invitation(token, client_user, wanted)


@pytest.fixture
def anna_shares(user_a, tineke):
    """Anna shares everything but her diary with Tineke."""
    return share(user_a, tineke)
