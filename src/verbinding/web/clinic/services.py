"""The practice's rules: invitations, consent, assignments, notes and the audit trail."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

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

NOTE_MAX = 10_000


class InvitationError(ValueError):
    """An invitation link that cannot be used; the message is for the person who clicked."""


class InputError(ValueError):
    """A form value we refuse; the message says why, in plain Dutch."""


def create_invitation(therapist: Any, label: str = "") -> tuple[Invitation, str]:
    """A new single-use invitation; the token is returned once and never stored."""
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
            "Deze uitnodiging kennen we niet. Kijk of je de hele link hebt gebruikt, of vraag "
            "je therapeut om een nieuwe."
        )
    if invitation.used_at is not None:
        raise InvitationError(
            "Deze uitnodiging is al gebruikt. Elke uitnodiging werkt maar één keer; vraag je "
            "therapeut om een nieuwe als dat nodig is."
        )
    if invitation.is_expired:
        raise InvitationError(
            "Deze uitnodiging is verlopen (een uitnodiging werkt 14 dagen). Vraag je "
            "therapeut om een nieuwe."
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
            raise InvitationError("Je kunt je eigen uitnodiging niet aannemen.")
        claimed = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
            used_at=timezone.now(), used_by=client
        )
        if not claimed:  # someone else used it in the same moment
            raise InvitationError("Deze uitnodiging is al gebruikt.")
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


def record(actor: Any, client: Any, action: str, what: str) -> None:
    """Write one line of the audit trail: `actor` did `action` to `what` of `client`."""
    AuditEvent.objects.create(
        actor=actor, actor_email=actor.email, client=client, action=action, what=what
    )


def assign_exercise(sharing: Sharing, exercise_id: str) -> PlanItem:
    """Put an exercise in the client's plan, marked as coming from their therapist."""
    if practice.exercise_or_none(exercise_id) is None:
        raise InputError("Kies een oefening uit de lijst.")
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
        raise InputError("Schrijf eerst iets op.")
    if len(text) > NOTE_MAX:
        raise InputError(f"Een notitie kan hoogstens {NOTE_MAX} tekens lang zijn.")
    return TherapistNote.objects.create(
        therapist=sharing.therapist, client=sharing.client, text=text
    )


def audit_csv(events: Iterable[AuditEvent]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["tijdstip", "wie", "actie", "wat", "cliënt"])
    for event in events:
        writer.writerow([
            timezone.localtime(event.at).isoformat(timespec="seconds"),
            event.actor_email,
            event.get_action_display(),
            event.what,
            event.client.email,
        ])
    return out.getvalue()
