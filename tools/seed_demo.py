# ruff: noqa: F821
# Run by tools/screenshots.py --seed inside `verbinding django shell`; `demo` is the demo user.
# Two submitted self-tests a month apart (first anxious, then more secure), with a mother.
import datetime as dt

from django.utils import timezone

from verbinding.measure.instrument import get_instrument
from verbinding.web.assessments import services
from verbinding.web.assessments.models import SelfTest


def _value(instrument, item_id, high_scales, high, low):
    scale = next(s.id for s in instrument.scales if item_id in s.items)
    wanted = high if scale in high_scales else low
    return 8 - wanted if instrument.item(item_id).reverse else wanted


def _take(high_scales, days_ago, high=6, low=2):
    selftest, _ = services.start_selftest(["moeder", "partner"], owner=demo)
    for assessment in selftest.assessments.all():
        instrument = get_instrument(assessment.instrument_id)
        for item in instrument.items:
            value = _value(instrument, item.id, high_scales, high, low)
            services.save_answer(assessment, item.id, value)
    services.submit_selftest(selftest)
    when = timezone.now() - dt.timedelta(days=days_ago)
    SelfTest.objects.filter(pk=selftest.pk).update(submitted_at=when, created_at=when)


if not SelfTest.objects.filter(owner=demo).exists():
    _take({"angstig", "chaotisch", "angst", "desorganisatie"}, 62, high=6, low=3)
    _take({"angstig", "angst"}, 33, high=5, low=3)
    _take({"veilig"}, 2, high=5, low=3)
