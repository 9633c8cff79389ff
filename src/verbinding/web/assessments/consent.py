"""Giving the answers of one self-test to research, by the person's own choice.

The choice is separate from everything else and never preset. What the person agreed to
is kept as `CONSENT_TEXT_VERSION`: change the wording on the consent page and you change
the version, so every stored consent still says which words it answered.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext, gettext_lazy

from verbinding.web.assessments.models import ResearchConsent, SelfTest

CONSENT_TEXT_VERSION = "1"

# Wide bands on purpose: an exact age would make people easy to single out.
AGE_BANDS = ("16-24", "25-34", "35-44", "45-54", "55-64", "65+")
GENDERS = {
    "vrouw": gettext_lazy("Vrouw"),
    "man": gettext_lazy("Man"),
    "anders": gettext_lazy("Anders"),
}


class ConsentError(ValueError):
    """A choice we cannot store; the message is for the person, in their language."""


def consent_of(selftest: SelfTest) -> ResearchConsent | None:
    return ResearchConsent.objects.filter(selftest=selftest).first()


def give(selftest: SelfTest, *, age_band: str = "", gender: str = "") -> ResearchConsent:
    """Store (or renew, with today's wording) the consent of a submitted self-test."""
    if selftest.submitted_at is None:
        raise ConsentError(gettext("Rond eerst de zelftest af; daarna kun je kiezen."))
    if age_band not in ("", *AGE_BANDS) or gender not in ("", *GENDERS):
        raise ConsentError(
            gettext("Kies een leeftijdsgroep en gender uit de lijst, of laat ze leeg.")
        )
    with transaction.atomic():
        found = ResearchConsent.objects.select_for_update().filter(selftest=selftest).first()
        if found is not None and found.exported_at is not None:
            raise ConsentError(_already_exported())
        if found is not None:
            found.delete()  # a fresh row: the date and wording of this very choice
        return ResearchConsent.objects.create(
            selftest=selftest, text_version=CONSENT_TEXT_VERSION, age_band=age_band,
            gender=gender,
        )


def withdraw(selftest: SelfTest) -> None:
    """Delete the consent, unless an export has already taken the answers out."""
    with transaction.atomic():
        found = ResearchConsent.objects.select_for_update().filter(selftest=selftest).first()
        if found is None:
            return
        if found.exported_at is not None:
            raise ConsentError(_already_exported())
        found.delete()


def _already_exported() -> str:
    return gettext(
        "Je antwoorden zijn al anoniem gedeeld met onderzoek. Ze zijn niet meer aan jou "
        "te koppelen, dus je keuze kan niet meer veranderen."
    )
