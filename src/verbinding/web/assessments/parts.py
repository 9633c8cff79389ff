"""The parts of a self-test as the forms and tables name them: a label per part, and
the form keys `a<position>-<item>` that say which part and item an answer belongs to.
"""

from __future__ import annotations

from django.utils.translation import gettext

from verbinding.web.assessments import targets
from verbinding.web.assessments.models import Answer, SelfTest
from verbinding.web.assessments.services import InputError


def part_labels(selftest: SelfTest) -> list[str]:
    labels = []
    for a in selftest.assessments.all():
        if a.instrument_id == targets.STYLES_INSTRUMENT:
            labels.append(gettext("De vier stijlen"))
        else:
            labels.append(targets.target_label(a.target, a.target_name))
    return labels


def answers_by_key(selftest: SelfTest) -> dict[str, int]:
    rows = Answer.objects.filter(assessment__selftest=selftest).values_list(
        "assessment__position", "item_id", "value"
    )
    return {f"a{position}-{item}": value for position, item, value in rows}


def split_key(key: str) -> tuple[int, str]:
    """A form key `a<position>-<item>` as (position, item); a tampered key is an InputError."""
    head, _, item_id = key.partition("-")
    if not head.startswith("a") or not head[1:].isdigit() or not item_id:
        raise InputError(gettext("Onbekende vraag. Laad de pagina opnieuw."))
    return int(head[1:]), item_id
