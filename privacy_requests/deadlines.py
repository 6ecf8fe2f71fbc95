"""The answer's deadline (article 12.3 GDPR): one month from receipt, extendable once by two further
months. Months are calendar months (EU regulation 1182/71 on periods): a month after 15 March is
15 April, and when the month has no such day the period ends on its last day (31 January → 28 or
29 February). The extension adds two months to the period that began at receipt: three months
from the receipt (31 January → 30 April), not two months from the first deadline (28 April)."""

from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from django.utils import timezone

ANSWER_MONTHS = 1
EXTENSION_MONTHS = 2


def _received_day(received_at: datetime | date) -> date:
    if isinstance(received_at, datetime):
        return timezone.localdate(received_at)
    return received_at


def due_date(received_at: datetime | date) -> date:
    """The last day to answer, the request being received at `received_at` (Paris day)."""
    return _received_day(received_at) + relativedelta(months=ANSWER_MONTHS)


def extended_due_date(received_at: datetime | date) -> date:
    """The last day once extended (three months from the receipt)."""
    return _received_day(received_at) + relativedelta(months=ANSWER_MONTHS + EXTENSION_MONTHS)
