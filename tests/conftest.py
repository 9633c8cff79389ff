"""Shared personas and helpers for the tests."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.fixture
def anna(db) -> Client:
    """A visitor who takes the self-test."""
    return Client()


@pytest.fixture
def bram(db) -> Client:
    """Another visitor, who must never see Anna's answers."""
    return Client()
