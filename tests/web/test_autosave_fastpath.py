"""The autosave's one statement checks what the slow path checks: who may write, which
part, which item, which value, and whether the part is still open. Every refusal writes
nothing, and the view then answers exactly as before (404 or a message)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from verbinding.web.assessments import access, services
from verbinding.web.assessments.models import Answer, Assessment, SelfTest

from .selftest_helpers import screens, start

pytestmark = pytest.mark.django_db


def first_question(selftest: SelfTest, instrument: str):
    return next(
        q for s in screens(selftest) for q in s.questions
        if Assessment.objects.get(selftest=selftest, position=q.position).instrument_id
        == instrument
    )


def token_of(client: Client, selftest: SelfTest) -> str:
    return client.session[access.LINKS_KEY][str(selftest.public_id)]


def test_the_statement_writes_only_what_the_slow_path_would_accept(anna: Client) -> None:
    selftest = start(anna, targets=["moeder"])
    token = token_of(anna, selftest)
    styles = first_question(selftest, "vier-stijlen")
    relation = first_question(selftest, "relatie")

    def save(position: int, item: str, value: object, **who) -> bool:
        who = who or {"token": token, "owner_id": None}
        return services.save_answer_if_open(selftest.public_id, position, item, value, **who)

    assert save(styles.position, styles.item_id, "5")
    assert save(styles.position, styles.item_id, 6)  # replaces, never a second row
    assert list(Answer.objects.values_list("item_id", "value")) == [(styles.item_id, 6)]

    refused = [
        save(styles.position, styles.item_id, "8"),  # outside the scale
        save(styles.position, styles.item_id, "4.5"),
        save(styles.position, styles.item_id, None),
        save(styles.position, "NOPE", "4"),  # no such item
        save(relation.position, styles.item_id, "4"),  # an item of another part
        save(styles.position, relation.item_id, "4"),
        save(99, styles.item_id, "4"),  # no such part
        save(40000, styles.item_id, "4"),  # beyond the column's range
        save(styles.position, styles.item_id, "4", token="wrong-token", owner_id=None),
        save(styles.position, styles.item_id, "4", token=None, owner_id=None),
    ]
    assert not any(refused)
    assert list(Answer.objects.values_list("item_id", "value")) == [(styles.item_id, 6)]

    Assessment.objects.filter(selftest=selftest).update(submitted_at=timezone.now())
    assert not save(styles.position, styles.item_id, "2")
    assert Answer.objects.get().value == 6


def test_an_owner_saves_without_the_link_and_nobody_else_does(
    client_a: Client, client_b: Client, user_a, user_b
) -> None:
    selftest = start(client_a)
    styles = first_question(selftest, "vier-stijlen")
    assert SelfTest.objects.get(pk=selftest.pk).owner_id == user_a.pk
    args = (selftest.public_id, styles.position, styles.item_id, "3")
    assert not services.save_answer_if_open(*args, token=None, owner_id=user_b.pk)
    assert services.save_answer_if_open(*args, token=None, owner_id=user_a.pk)
    assert Answer.objects.get().value == 3

    # Through the view: the owner in a new browser (no link in its session) may save …
    fresh = Client()
    fresh.force_login(user_a)
    url = f"/zelftest/{selftest.public_id}/antwoord/"
    assert fresh.post(url, {"key": styles.key, styles.key: "2"}).status_code == 200
    # … someone else logged in gets the same 404 as for a self-test that does not exist.
    assert client_b.post(url, {"key": styles.key, styles.key: "7"}).status_code == 404
    assert Answer.objects.get().value == 2


def test_an_item_of_another_part_is_a_message_not_a_write(anna: Client) -> None:
    selftest = start(anna, targets=["moeder"])
    styles = first_question(selftest, "vier-stijlen")
    relation = first_question(selftest, "relatie")
    key = f"a{relation.position}-{styles.item_id}"
    response = anna.post(f"/zelftest/{selftest.public_id}/antwoord/", {"key": key, key: "4"})
    assert response.status_code == 422
    assert "Onbekende vraag" in response.content.decode()
    assert Answer.objects.count() == 0


def test_a_selftest_read_by_plain_sql_equals_the_orm_one(anna: Client) -> None:
    selftest = start(anna)
    SelfTest.objects.filter(pk=selftest.pk).update(submitted_at=timezone.now())
    from_orm = SelfTest.objects.get(pk=selftest.pk)
    from_sql = access._selftest_row(selftest.public_id)
    assert from_sql is not None
    fields = [f.attname for f in SelfTest._meta.concrete_fields]
    assert [getattr(from_sql, f) for f in fields] == [getattr(from_orm, f) for f in fields]
    assert from_sql.public_id == selftest.public_id and from_sql.submitted_at.tzinfo
    assert not from_sql._state.adding and from_sql._state.db == "default"
