"""The practice's rules: invitations, consent, assignments, notes and the audit trail."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from verbinding.csvcells import safe_row
from verbinding.web.accounts.models import Role
from verbinding.web.assessments.models import hash_token, new_token
from verbinding.web.clinic.models import (
    SHARE_FIELDS,
    AuditEvent,
    Invitation,
    RetakeRequest,
    Sharing,
    TherapistNote,
)
from verbinding.web.practice import services as practice
from verbinding.web.practice.models import PlanItem, Source
from verbinding.web.textrules import text_problem

NOTE_MAX = 10_000


class InvitationError(ValueError):
    """An invitation link that cannot be used; the message is for the person who clicked."""


class InputError(ValueError):
    """A form value we refuse; the message says why, in plain words (Dutch or English)."""


def create_invitation(therapist: Any, label: str = "") -> tuple[Invitation, str]:
    """A new single-use invitation; the token is returned once and never stored."""
    if problem := text_problem(label.strip()):
        raise InputError(problem)
    token = new_token()
    invitation = Invitation.objects.create(
        therapist=therapist, token_hash=hash_token(token), label=label.strip()[:120]
    )
    return invitation, token


def invitation_for(token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_related("therapist")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None or invitation.therapist.role != Role.THERAPIST:
        raise InvitationError(
            _(
                "Deze uitnodiging kennen we niet. Kijk of je de hele link hebt gebruikt, of "
                "vraag je therapeut om een nieuwe."
            )
        )
    if invitation.used_at is not None:
        raise InvitationError(
            _(
                "Deze uitnodiging is al gebruikt. Elke uitnodiging werkt maar één keer; vraag "
                "je therapeut om een nieuwe als dat nodig is."
            )
        )
    if invitation.is_expired:
        raise InvitationError(
            _(
                "Deze uitnodiging is verlopen (een uitnodiging werkt 14 dagen). Vraag je "
                "therapeut om een nieuwe."
            )
        )
    return invitation


def parse_choices(data: Mapping[str, Any]) -> dict[str, bool]:
    """The consent checkboxes of a form: a field is on only if it was sent."""
    return {name: name in data for name in SHARE_FIELDS}


def accept_invitation(token: str, client: Any, choices: Mapping[str, bool]) -> Sharing:
    """Use the invitation once and start (or update) the sharing with its therapist."""
    with transaction.atomic():
        invitation = invitation_for(token)
        if invitation.therapist_id == client.pk:
            raise InvitationError(_("Je kunt je eigen uitnodiging niet aannemen."))
        claimed = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
            used_at=timezone.now(), used_by=client
        )
        if not claimed:  # someone else used it in the same moment
            raise InvitationError(_("Deze uitnodiging is al gebruikt."))
        sharing = Sharing.objects.active().filter(
            client=client, therapist=invitation.therapist
        ).first()
        if sharing is None:
            try:
                with transaction.atomic():
                    sharing = Sharing.objects.create(
                        client=client, therapist=invitation.therapist, **choices
                    )
            except IntegrityError:
                sharing = Sharing.objects.active().get(
                    client=client, therapist=invitation.therapist
                )
        update_sharing(sharing, choices)
    return sharing


def update_sharing(sharing: Sharing, choices: Mapping[str, bool]) -> None:
    for name in SHARE_FIELDS:
        setattr(sharing, name, bool(choices.get(name, False)))
    sharing.save(update_fields=[*SHARE_FIELDS, "updated_at"])


def end_sharing(sharing: Sharing) -> None:
    Sharing.objects.filter(pk=sharing.pk, ended_at__isnull=True).update(ended_at=timezone.now())


# What the audit trail stores (`AuditEvent.what`) is a record, written in Dutch when it
# happened and never changed. `describe` shows it in the reader's language.
_OVERVIEW = re.compile(r"^overzichtspagina \((?P<parts>.*)\)$")
_ASSIGNED = "oefening in je plan gezet: "


def _part_word(word: str) -> str:
    words = {
        "profielen": pgettext("audit part", "profielen"),
        "tekenen": pgettext("audit part", "tekenen"),
        "reacties": pgettext("audit part", "reacties"),
        "oefenen": pgettext("audit part", "oefenen"),
        "niets gedeeld": pgettext("audit part", "niets gedeeld"),
    }
    return words.get(word, word)


def describe(event: AuditEvent) -> str:
    """The stored description of `event` in the active language; unknown text as stored."""
    what = event.what
    overview = _OVERVIEW.match(what)
    if overview:
        parts = [_part_word(word) for word in overview["parts"].split(", ")]
        return _("overzichtspagina (%(parts)s)") % {"parts": ", ".join(parts)}
    if what.startswith(_ASSIGNED):
        return _("oefening in je plan gezet: %(title)s") % {"title": what[len(_ASSIGNED):]}
    known = {
        "dagboek": pgettext("audit", "dagboek"),
        "gevraagd de zelftest opnieuw te doen": _("gevraagd de zelftest opnieuw te doen"),
        "rapport van je laatste zelftest (pdf)": _("rapport van je laatste zelftest (pdf)"),
    }
    return known.get(what, what)


def record(actor: Any, client: Any, action: str, what: str) -> None:
    """Write one line of the audit trail: `actor` did `action` to `what` of `client`."""
    AuditEvent.objects.create(
        actor=actor, actor_email=actor.email, client=client, action=action, what=what
    )


def assign_exercise(sharing: Sharing, exercise_id: str) -> PlanItem:
    """Put an exercise in the client's plan, marked as coming from their therapist."""
    if practice.exercise_or_none(exercise_id) is None:
        raise InputError(_("Kies een oefening uit de lijst."))
    client = sharing.client
    with transaction.atomic():
        item = PlanItem.objects.filter(user=client, exercise_id=exercise_id).first()
        if item is None:
            item = practice.add_item(client, exercise_id)
            assert item is not None  # checked above that the exercise exists
        item.source, item.active = Source.THERAPIST, True
        item.save(update_fields=["source", "active"])
    return item


def ask_retake(sharing: Sharing) -> RetakeRequest:
    return RetakeRequest.objects.create(client=sharing.client, therapist=sharing.therapist)


def open_retake_requests(client: Any) -> list[RetakeRequest]:
    """Requests made after the client's latest submitted self-test, by therapists the
    client still shares with."""
    from verbinding.web.assessments.models import SelfTest

    latest = SelfTest.objects.submitted_by(client).last()
    sharing_with = Sharing.objects.active().filter(client=client).values("therapist")
    requests = RetakeRequest.objects.filter(
        client=client, therapist__in=sharing_with
    ).select_related("therapist")
    if latest is not None:
        requests = requests.filter(created_at__gt=latest.submitted_at)
    return list(requests)


def add_note(sharing: Sharing, text: str) -> TherapistNote:
    text = text.strip()
    if not text:
        raise InputError(_("Schrijf eerst iets op."))
    if problem := text_problem(text, multiline=True):
        raise InputError(problem)
    if len(text) > NOTE_MAX:
        raise InputError(
            _("Een notitie kan hoogstens %(most)d tekens lang zijn.") % {"most": NOTE_MAX}
        )
    return TherapistNote.objects.create(
        therapist=sharing.therapist, client=sharing.client, text=text
    )


def audit_csv(events: Iterable[AuditEvent]) -> str:
    """The whole trail as CSV. The rows are the record, as stored (in Dutch); only the
    header follows the reader's language."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(safe_row([
        pgettext("audit column", "tijdstip"),
        pgettext("audit column", "wie"),
        pgettext("audit column", "actie"),
        pgettext("audit column", "wat"),
        pgettext("audit column", "cliënt"),
    ]))
    with translation.override("nl"):  # the record itself, as it has always been written
        for event in events:
            writer.writerow(safe_row([
                timezone.localtime(event.at).isoformat(timespec="seconds"),
                event.actor_email,
                event.get_action_display(),
                event.what,
                event.client.email,
            ]))
    return out.getvalue()
