"""The clinic in the browser: thin views over `services`, `dashboard` and `clientpage`.

Therapist pages fetch the client through `access.sharing_for`, which checks the active
sharing and the client's choice for that part; every view of client data writes one
audit line. Client pages fetch sharings through `access.own_sharing`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from verbinding.web.accounts.models import Role, User
from verbinding.web.assessments import renderers
from verbinding.web.assessments.models import SelfTest
from verbinding.web.clinic import clientpage, dashboard, instrumentcheck, services
from verbinding.web.clinic.access import (
    admin_required,
    own_client_record,
    own_sharing,
    sharing_for,
    therapist_required,
)
from verbinding.web.clinic.forms import TherapistForm
from verbinding.web.clinic.models import (
    SHARE_FIELDS,
    AuditEvent,
    ClientRecord,
    Invitation,
    Sharing,
)
from verbinding.web.clinic.models import AuditEvent as Event
from verbinding.web.downloads import private_download
from verbinding.web.journal.models import DiaryEntry
from verbinding.web.requests import UserRequest

PAGE = "clinic/"
AUDIT_PER_PAGE = 50


def _share_options(sharing: Sharing | None) -> list[dict[str, object]]:
    """The consent checkboxes with their labels and current (or default) state."""
    return [
        {
            "name": name,
            "label": Sharing.share_field(name).verbose_name,
            "checked": getattr(sharing, name) if sharing else Sharing.share_field(name).default,
        }
        for name in SHARE_FIELDS
    ]


@login_required
def home(request: UserRequest) -> HttpResponse:
    """/praktijk/: the dashboard for a therapist, the management page for an administrator."""
    if request.user.role == Role.ADMIN:
        return redirect("clinic:admin")
    return clients(request)


# --- therapist ------------------------------------------------------------------------


@therapist_required
@require_GET
def clients(request: UserRequest) -> HttpResponse:
    search = request.GET.get("zoek", "")[:100]
    page, rows = dashboard.dashboard_page(request.user, search, request.GET.get("pagina"))
    return render(request, PAGE + "dashboard.html", {
        "page": page, "rows": rows, "search": search, "quiet_days": dashboard.QUIET_DAYS,
    })


@therapist_required
@require_http_methods(["GET", "POST"])
def invitations(request: UserRequest) -> HttpResponse:
    new_link = error = ""
    if request.method == "POST":
        try:
            _invitation, token = services.create_invitation(
                request.user, request.POST.get("label", ""))
        except services.InputError as exc:
            error = str(exc)
        else:
            new_link = request.build_absolute_uri(reverse("clinic:invitation", args=[token]))
    made = Invitation.objects.filter(therapist=request.user).select_related("used_by")[:50]
    return render(request, PAGE + "invitations.html", {
        "invitations": made, "new_link": new_link, "now": timezone.now(), "error": error,
    }, status=400 if error else 200)


@therapist_required
@require_GET
def client_page(request: UserRequest, public_id: uuid.UUID) -> HttpResponse:
    sharing = sharing_for(request, public_id)
    services.record(request.user, sharing.client, Event.Action.VIEW,
                    clientpage.shared_parts(sharing))
    context = clientpage.client_context(sharing, timezone.localdate())
    return render(request, PAGE + "client.html", context)


@therapist_required
@require_GET
def client_diary(request: UserRequest, public_id: uuid.UUID) -> HttpResponse:
    sharing = sharing_for(request, public_id, "diary")
    services.record(request.user, sharing.client, Event.Action.VIEW, "dagboek")
    entries = DiaryEntry.objects.filter(user=sharing.client)[:100]
    return render(request, PAGE + "client_diary.html", {"sharing": sharing, "entries": entries})


@therapist_required
@require_POST
def assign(request: UserRequest, public_id: uuid.UUID) -> HttpResponse:
    sharing = sharing_for(request, public_id)
    exercise_id = request.POST.get("exercise", "")
    try:
        item = services.assign_exercise(sharing, exercise_id)
    except services.InputError as exc:
        messages.error(request, str(exc))
    else:
        # The audit trail is a record, kept in the site's own language (Dutch).
        with translation.override(settings.LANGUAGE_CODE):
            title = clientpage.exercise_title(item.exercise_id)
        services.record(request.user, sharing.client, Event.Action.CHANGE,
                        f"oefening in het plan van de cliënt gezet: {title}")
        messages.success(request, _("De oefening staat nu in het plan van je cliënt."))
    return redirect("clinic:client", sharing.public_id)


@therapist_required
@require_POST
def retake(request: UserRequest, public_id: uuid.UUID) -> HttpResponse:
    sharing = sharing_for(request, public_id)
    services.ask_retake(sharing)
    services.record(request.user, sharing.client, Event.Action.CHANGE,
                    "gevraagd de zelftest opnieuw te doen")
    messages.success(request, _("Je cliënt ziet je vraag om de zelftest opnieuw te doen."))
    return redirect("clinic:client", sharing.public_id)


@therapist_required
@require_POST
def add_note(request: UserRequest, public_id: uuid.UUID) -> HttpResponse:
    sharing = sharing_for(request, public_id)
    try:
        services.add_note(sharing, request.POST.get("text", ""))
    except services.InputError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Je notitie is bewaard. Alleen jij kunt hem lezen."))
    return redirect(reverse("clinic:client", args=[sharing.public_id]) + "#notities")


@therapist_required
@require_GET
def client_report(request: UserRequest, public_id: uuid.UUID) -> HttpResponse:
    sharing = sharing_for(request, public_id, "profiles")
    latest = SelfTest.objects.submitted_by(sharing.client).last()
    if latest is None:
        messages.info(request, _("Deze cliënt heeft nog geen zelftest afgerond."))
        return redirect("clinic:client", sharing.public_id)
    services.record(request.user, sharing.client, Event.Action.DOWNLOAD,
                    services.REPORT_DOWNLOADED)
    _name, media_type, content = renderers.render_pdf(latest)
    stamp = timezone.localdate(latest.submitted_at).isoformat()
    return private_download(content, f"verbindingsprofiel-{stamp}.pdf", media_type)


@therapist_required
@require_GET
def client_records(request: UserRequest) -> HttpResponse:
    """The therapist's client files: also of clients who stopped sharing or left."""
    files = ClientRecord.objects.filter(therapist=request.user).select_related("client")
    page = Paginator(files, AUDIT_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(request, PAGE + "client_records.html", {"page": page})


@therapist_required
@require_GET
def client_record(request: UserRequest, public_id: uuid.UUID) -> HttpResponse:
    """One file: the therapist's notes and the log about this client. Readable after the
    sharing ended; the client's own data is not on this page."""
    file = own_client_record(request, public_id)
    services.record(request.user, file.client, Event.Action.VIEW,
                    "dossier: notities en logboek", client_record=file)
    events = list(file.events.all()[:AUDIT_PER_PAGE])
    for event in events:
        event.described = services.describe(event)
    sharing = Sharing.objects.active().filter(
        therapist=request.user, client=file.client).first() if file.client else None
    return render(request, PAGE + "client_record.html", {
        "file": file, "notes": file.notes.all(), "events": events, "sharing": sharing,
    })


# --- client ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link a therapist gave: see what would be shared, and agree (or not)."""
    try:
        found = services.invitation_for(token)
    except services.InvitationError as exc:
        return render(request, PAGE + "invitation_problem.html", {"message": str(exc)},
                      status=410)
    if not request.user.is_authenticated:
        return render(request, PAGE + "invitation_login.html",
                      {"invitation": found, "next": request.path})
    if request.user.role != Role.CLIENT:
        message = _("Een uitnodiging is voor cliënten. Je bent ingelogd met een account van "
                    "de praktijk; log uit en open de link met het account van de cliënt.")
        return render(request, PAGE + "invitation_problem.html", {"message": message},
                      status=410)
    if request.method == "POST":
        choices = services.parse_choices(request.POST)
        try:
            sharing = services.accept_invitation(token, request.user, choices)
        except services.InvitationError as exc:
            return render(request, PAGE + "invitation_problem.html", {"message": str(exc)},
                          status=410)
        messages.success(request, _("Je deelt nu gegevens met %(name)s.")
                         % {"name": sharing.therapist.greeting_name})
        return redirect("clinic:sharing")
    return render(request, PAGE + "invitation.html", {
        "invitation": found, "options": _share_options(None),
    })


@login_required
@require_GET
def sharing_overview(request: UserRequest) -> HttpResponse:
    sharings = Sharing.objects.active().filter(client=request.user).select_related("therapist")
    # Who else looked: the person's own logins and consent changes are not that.
    events = list(
        AuditEvent.objects.filter(client=request.user).exclude(actor=request.user)
        .select_related("actor")[:50]
    )
    for event in events:
        event.described = services.describe(event)
    return render(request, PAGE + "sharing.html", {
        "sharings": [(s, _share_options(s)) for s in sharings],
        "events": events,
        "retakes": services.open_retake_requests(request.user),
    })


@login_required
@require_POST
def sharing_update(request: UserRequest, public_id: uuid.UUID) -> HttpResponse:
    sharing = own_sharing(request, public_id)
    services.update_sharing(sharing, services.parse_choices(request.POST))
    messages.success(request, _("Je keuzes zijn bewaard. Ze gelden meteen."))
    return redirect("clinic:sharing")


@login_required
@require_http_methods(["GET", "POST"])
def sharing_end(request: UserRequest, public_id: uuid.UUID) -> HttpResponse:
    """Ask once more, then end the sharing; the therapist loses access at once."""
    sharing = own_sharing(request, public_id)
    if request.method == "GET":
        return render(request, PAGE + "sharing_end.html", {"sharing": sharing})
    services.end_sharing(sharing)
    messages.success(
        request,
        _("%(name)s kan vanaf nu niets meer van je zien.")
        % {"name": sharing.therapist.greeting_name},
    )
    return redirect("clinic:sharing")


# --- clinic administrator -----------------------------------------------------------


@admin_required
@require_http_methods(["GET", "POST"])
def admin(request: UserRequest) -> HttpResponse:
    form = TherapistForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user, _link = form.save(request)
        messages.success(request, _("%(email)s is aangemaakt als therapeut. Er is een e-mail "
                                    "gestuurd om een wachtwoord te kiezen.")
                         % {"email": user.email})
        return redirect("clinic:admin")
    therapists = User.objects.filter(role=Role.THERAPIST).order_by("email")
    return render(request, PAGE + "admin.html", {"form": form, "therapists": therapists},
                  status=400 if form.errors else 200)


@admin_required
@require_GET
def instrument_check(request: UserRequest) -> HttpResponse:
    checks = [
        {"check": c, "scales": instrumentcheck.scale_rows(c)}
        for c in instrumentcheck.clinic_checks()
    ]
    return render(request, PAGE + "instrument_check.html", {
        "checks": checks, "minimum": instrumentcheck.MIN_RESPONDENTS,
        "step": instrumentcheck.NEW_FOR_REFRESH,
    })


@admin_required
@require_GET
def audit_log(request: UserRequest) -> HttpResponse:
    events = AuditEvent.objects.select_related("client", "client_record")
    page = Paginator(events, AUDIT_PER_PAGE).get_page(request.GET.get("pagina"))
    page.object_list = list(page.object_list)
    for event in page.object_list:
        event.described = services.describe(event)
        event.about = services.client_column(event)
    return render(request, PAGE + "audit.html", {"page": page})


@admin_required
@require_GET
def audit_export(request: UserRequest) -> HttpResponse:
    content = services.audit_csv(
        AuditEvent.objects.select_related("client", "client_record").iterator()
    )
    stamp = timezone.localdate().isoformat()
    return private_download(content.encode("utf-8"), f"logboek-{stamp}.csv",
                            "text/csv; charset=utf-8")
