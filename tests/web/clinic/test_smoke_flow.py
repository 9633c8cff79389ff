"""The whole clinic journey through Django's client: invite, consent, look, revoke."""

from __future__ import annotations

import re

from verbinding.web.clinic.models import AuditEvent, Sharing
from web.selftest_helpers import answer_all, leaning, start


def test_it_runs_from_invitation_to_revoked_consent(tineke_client, client_a, user_a, tineke):
    response = tineke_client.post("/praktijk/uitnodigingen/", {"label": "A. uit groep 2"})
    assert response.status_code == 200
    link = re.search(r'value="(http://testserver/uitnodiging/[^"]+/)"', response.content.decode())
    assert link, response.content.decode()[:3000]
    path = link.group(1).replace("http://testserver", "")

    page = client_a.get(path)
    assert page.status_code == 200
    assert "Tineke wil met je meekijken" in page.content.decode()

    selftest = start(client_a, ["moeder"])
    answer_all(client_a, selftest, leaning({"angstig"}))
    client_a.post(f"/zelftest/{selftest.public_id}/afronden/")

    response = client_a.post(path, {"share_profiles": "1", "share_practice": "1"})
    assert response.status_code == 302
    sharing = Sharing.objects.get(client=user_a)
    shared = (sharing.share_profiles, sharing.share_signs, sharing.share_diary)
    assert shared == (True, False, False)

    dashboard = tineke_client.get("/praktijk/")
    assert "Anna" in dashboard.content.decode()
    client_page = tineke_client.get(f"/praktijk/clienten/{sharing.public_id}/")
    assert client_page.status_code == 200
    assert "Profielen" in client_page.content.decode()
    assert AuditEvent.objects.filter(client=user_a, actor=tineke).count() == 1

    assert client_a.get("/mijn/delen/").status_code == 200
    client_a.post(f"/mijn/delen/{sharing.public_id}/stoppen/")
    assert tineke_client.get(f"/praktijk/clienten/{sharing.public_id}/").status_code == 404
    assert "Anna" not in tineke_client.get("/praktijk/").content.decode()
