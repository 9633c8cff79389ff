"""A synthetic caseload: many clients with many submitted self-tests, made in bulk.

For the dashboard's query-count test, its benchmark and screenshots. Scores come from
the real scoring code on a handful of answer patterns, so every stored result has the
shape and bands a real one has.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from verbinding.measure.instrument import shipped_instrument, version_label
from verbinding.web.accounts.models import User
from verbinding.web.assessments import plan, scoring
from verbinding.web.assessments.models import Assessment, Result, SelfTest, hash_token, new_token
from verbinding.web.clinic.models import Sharing

PATTERNS = 16
FIRST_NAMES = ("Anna", "Bram", "Chris", "Dewi", "Eva", "Fenna", "Gijs", "Hanna", "Ilse", "Joris",
               "Kim", "Lotte", "Mees", "Noor", "Olaf", "Pien", "Quinten", "Roos", "Sem", "Tess")


Scored = tuple[dict[str, Any], dict[str, Any]]


def _patterns(instrument_id: str, rng: random.Random) -> list[Scored]:
    instrument = shipped_instrument(instrument_id)
    found = []
    for _ in range(PATTERNS):
        lean = {s.id: rng.randint(1, 7) for s in instrument.scales}
        answers = {}
        for scale in instrument.scales:
            for item_id in scale.items:
                value = max(1, min(7, lean[scale.id] + rng.randint(-1, 1)))
                answers[item_id] = 8 - value if instrument.item(item_id).reverse else value
        found.append(scoring.score(instrument, answers))
    return found


def make_caseload(
    therapist: User, clients: int = 1000, results_per_client: int = 12, seed: int = 7
) -> list[User]:
    """`clients` new clients sharing everything with `therapist`, each with
    `results_per_client` submitted self-tests (styles plus 'in het algemeen'), a month apart."""
    rng = random.Random(seed)
    styles = _patterns(plan.STYLES_INSTRUMENT, rng)
    general = _patterns(plan.RELATION_INSTRUMENT, rng)
    versions = {
        i: version_label(shipped_instrument(i))
        for i in (plan.STYLES_INSTRUMENT, plan.RELATION_INSTRUMENT)
    }
    now = timezone.now()
    stamp = int(now.timestamp())
    with transaction.atomic():
        users = User.objects.bulk_create(
            User(email=f"client{stamp}-{n}@example.nl", display_name=f"{FIRST_NAMES[n % 20]} {n}",
                 password="!")
            for n in range(clients)
        )
        Sharing.objects.bulk_create(Sharing(client=u, therapist=therapist) for u in users)
        tests = SelfTest.objects.bulk_create(
            SelfTest(token_hash=hash_token(new_token()), owner=u,
                     submitted_at=now - dt.timedelta(days=30 * (results_per_client - k)))
            for u in users for k in range(results_per_client)
        )
        parts = Assessment.objects.bulk_create(
            Assessment(selftest=t, position=position, instrument_id=instrument_id,
                       instrument_version=versions[instrument_id], target=target,
                       submitted_at=t.submitted_at)
            for t in tests
            for position, instrument_id, target in (
                (0, plan.STYLES_INSTRUMENT, ""), (1, plan.RELATION_INSTRUMENT, "algemeen"))
        )
        results = [
            Result(assessment=a, scores=chosen[0], profile=chosen[1],
                   instrument_version=a.instrument_version,
                   scoring_version=scoring.SCORING_VERSION)
            for a in parts
            for chosen in [rng.choice(styles if a.position == 0 else general)]
        ]
        for result in results:  # bulk_create skips save(), which keeps the reading
            result.read_now()
        Result.objects.bulk_create(results)
    _refresh_planner_statistics()
    return users


def _refresh_planner_statistics() -> None:
    """After a bulk load, PostgreSQL's planner goes by statistics from before it until
    autovacuum comes round, and may then join 24,000 results by scanning whole tables over
    and over: minutes for a query that takes milliseconds (seen in CI, depending on when
    autovacuum had last looked). Analyse the loaded tables at once, as one does after
    loading data; inside a transaction ANALYZE counts that transaction's own new rows."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (User, Sharing, SelfTest, Assessment, Result):
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')
