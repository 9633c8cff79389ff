"""Awaiting a condition instead of sleeping a fixed time.

A busy machine may take longer for anything; a test waits for what it needs to see, up to a
generous deadline, and checks again often, so it is as fast as the machine allows."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def until(check: Callable[[], T], what: str, seconds: float = 30.0) -> T:
    """Call `check` until it returns something truthy and return that; fail naming `what`
    when `seconds` pass without it."""
    deadline = time.monotonic() + seconds
    while True:
        outcome = check()
        if outcome:
            return outcome
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds:.0f} s for {what}")
        time.sleep(0.02)
