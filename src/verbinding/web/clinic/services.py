"""The clinic's rules: invitations, consent, assignments, notes and the audit trail."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
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
    ClientRecord,
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
    record(therapist, None, AuditEvent.Action.INVITATION, "uitnodiging gemaakt")
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
        _set_choices(sharing, choices)
        file = open_client_record(invitation, client)
        record(client, client, AuditEvent.Action.INVITATION,
               f"uitnodiging aangenomen; gedeeld: {shared_words(sharing)}", client_record=file)
    return sharing


def client_record_for(therapist: Any, client: Any) -> ClientRecord:
    """The clinic's file on `client` with `therapist`, made the first time it is needed."""
    found = ClientRecord.objects.filter(therapist=therapist, client=client).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return ClientRecord.objects.create(therapist=therapist, client=client)
    except IntegrityError:  # made in the same moment by another request
        return ClientRecord.objects.get(therapist=therapist, client=client)


def open_client_record(invitation: Invitation, client: Any) -> ClientRecord:
    """The pair's record, open again, with the invitation's label if it had none yet."""
    file = client_record_for(invitation.therapist, client)
    file.closed_at = None
    file.label = file.label or invitation.label
    file.save(update_fields=["closed_at", "label"])
    return file


def _set_choices(sharing: Sharing, choices: Mapping[str, bool]) -> None:
    for name in SHARE_FIELDS:
        setattr(sharing, name, bool(choices.get(name, False)))
    sharing.save(update_fields=[*SHARE_FIELDS, "updated_at"])


def update_sharing(sharing: Sharing, choices: Mapping[str, bool]) -> None:
    """The client changes what the therapist sees; the clinic's log keeps each change."""
    with transaction.atomic():
        _set_choices(sharing, choices)
        record(sharing.client, sharing.client, AuditEvent.Action.CONSENT,
               f"keuzes gewijzigd; gedeeld: {shared_words(sharing)}",
               client_record=client_record_for(sharing.therapist, sharing.client))


def end_sharing(sharing: Sharing) -> None:
    """Stop at once; the clinic's file is closed (its retention counts from now) but kept."""
    now = timezone.now()
    with transaction.atomic():
        ended = Sharing.objects.filter(pk=sharing.pk, ended_at__isnull=True).update(ended_at=now)
        if not ended:
            return
        file = client_record_for(sharing.therapist, sharing.client)
        ClientRecord.objects.filter(pk=file.pk).update(closed_at=now)
        record(sharing.client, sharing.client, AuditEvent.Action.CONSENT, "delen gestopt",
               client_record=file)


# The words for each choice in the audit trail (a record, kept in Dutch).
SHARE_WORDS = {"share_profiles": "profielen", "share_signs": "tekenen",
               "share_reactions": "reacties", "share_practice": "oefenen",
               "share_diary": "dagboek"}


def shared_words(sharing: Sharing) -> str:
    return ", ".join(w for name, w in SHARE_WORDS.items() if getattr(sharing, name)) or "niets"


# What the audit trail stores (`AuditEvent.what`) is a record, written in Dutch when it
# happened and never changed. `describe` shows it in the reader's language.
_OVERVIEW = re.compile(r"^overzichtspagina \((?P<parts>.*)\)$")
_SHARED = re.compile(r"^(?P<head>uitnodiging aangenomen|keuzes gewijzigd); gedeeld: (?P<parts>.*)$")
_ASSIGNED = "oefening in het plan van de cliënt gezet: "
# Older lines spoke to the client ("je plan"); the log is the clinic's and speaks about
# the client, so those old records are shown in the same words as the new ones.
_ASSIGNED_BEFORE = "oefening in je plan gezet: "
REPORT_DOWNLOADED = "rapport van de laatste zelftest van de cliënt (pdf)"


def _part_word(word: str) -> str:
    words = {
        "profielen": pgettext("audit part", "profielen"),
        "tekenen": pgettext("audit part", "tekenen"),
        "reacties": pgettext("audit part", "reacties"),
        "oefenen": pgettext("audit part", "oefenen"),
        "niets gedeeld": pgettext("audit part", "niets gedeeld"),
        "dagboek": pgettext("audit part", "dagboek"),
        "niets": pgettext("audit part", "niets"),
    }
    return words.get(word, word)


def describe(event: AuditEvent) -> str:
    """The stored description of `event` in the active language; unknown text as stored."""
    what = event.what
    overview = _OVERVIEW.match(what)
    if overview:
        parts = [_part_word(word) for word in overview["parts"].split(", ")]
        return _("overzichtspagina (%(parts)s)") % {"parts": ", ".join(parts)}
    shared = _SHARED.match(what)
    if shared:
        listed = ", ".join(_part_word(word) for word in shared["parts"].split(", "))
        if shared["head"] == "keuzes gewijzigd":
            return _("keuzes gewijzigd; gedeeld: %(parts)s") % {"parts": listed}
        return _("uitnodiging aangenomen; gedeeld: %(parts)s") % {"parts": listed}
    for prefix in (_ASSIGNED, _ASSIGNED_BEFORE):
        if what.startswith(prefix):
            title = what[len(prefix):]
            return _("oefening in het plan van de cliënt gezet: %(title)s") % {"title": title}
    report = _("rapport van de laatste zelftest van de cliënt (pdf)")
    known = {
        "dagboek": pgettext("audit", "dagboek"),
        "gevraagd de zelftest opnieuw te doen": _("gevraagd de zelftest opnieuw te doen"),
        "rapport van je laatste zelftest (pdf)": report,
        REPORT_DOWNLOADED: report,
        "uitnodiging gemaakt": _("uitnodiging gemaakt"),
        "delen gestopt": _("delen gestopt"),
        "ingelogd": _("ingelogd"),
        "uitgelogd": _("uitgelogd"),
        "inloggen mislukt": _("inloggen mislukt"),
        "dossier: notities en logboek": _("dossier: notities en logboek"),
        "account verwijderd": _("account verwijderd"),
    }
    return known.get(what, what)


def record(
    actor: Any, client: Any, action: str, what: str, *,
    client_record: ClientRecord | None = None,
) -> None:
    """Write one line of the audit trail: `actor` did `action` to `what` of `client`.

    A therapist's line about a client goes into their client record, so the clinic
    keeps it after the sharing ends or the client's account is gone."""
    if client_record is None and client is not None and actor.role == Role.THERAPIST:
        client_record = client_record_for(actor, client)
    AuditEvent.objects.create(
        actor=actor, actor_email=actor.email, client=client, client_record=client_record,
        action=action, what=what,
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
        therapist=sharing.therapist,
        client_record=client_record_for(sharing.therapist, sharing.client), text=text,
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
    # The record itself, as it has always been written: in the site's own language.
    with translation.override(settings.LANGUAGE_CODE):
        for event in events:
            writer.writerow(safe_row([
                timezone.localtime(event.at).isoformat(timespec="seconds"),
                event.actor_email,
                event.get_action_display(),
                event.what,
                client_column(event),
            ]))
    return out.getvalue()


def client_column(event: AuditEvent) -> str:
    """Who the line is about: the client's address while the account exists, else the
    record's pseudonym (the account was deleted), else nothing (a login, say)."""
    if event.client is not None:
        return str(event.client.email)
    if event.client_record is not None:
        return event.client_record.reference
    return ""
