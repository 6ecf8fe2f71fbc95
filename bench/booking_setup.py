"""Run by bench/booking_contention.py through `manage.py shell`: one slot, N people ready to book.

Prints one JSON line: the practitioner, the slot key and the people's e-mails.
"""

import json
import os

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from booking import selectors
from booking.models import Appointment, Schedule, WeeklyRange
from practitioners_directory.models import Practitioner, PractitionerPage

PASSWORD = "psyconsult-demo-2026"  # noqa: S105 - the published demo password
PREFIX = "bench-contention-"


def main() -> None:
    count = int(os.environ.get("BENCH_PEOPLE", "100"))
    with transaction.atomic():
        emails = [f"{PREFIX}{i:03d}@example.invalid" for i in range(count)]
        Appointment.objects.filter(person__email__startswith=PREFIX).delete()
        for email in emails:
            user, created = User.objects.get_or_create(
                email=email, defaults={"first_name": "Bench", "last_name": "Contention", "gender": "other"}
            )
            if created:
                user.set_password(PASSWORD)
                user.save()
                EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        live = (
            PractitionerPage.objects.live().exclude(practitioner=None).values_list("practitioner", flat=True)
        )
        practitioner = Practitioner.objects.filter(pk__in=live).order_by("pk").first()
        # Bookable when payments are on: a Stripe account that accepts charges (bench data only,
        # the booking POST under test never calls Stripe; the checkout page would).
        from payments.models import ConnectedAccount

        ConnectedAccount.objects.update_or_create(
            practitioner=practitioner,
            defaults={"stripe_account_id": f"acct_bench{practitioner.pk}", "charges_enabled": True},
        )
        schedule, _ = Schedule.objects.get_or_create(practitioner=practitioner)
        if not schedule.weekly_ranges.exists():
            for day in range(7):
                WeeklyRange.objects.create(
                    schedule=schedule, weekday=day, start_time="08:00", end_time="20:00"
                )
    slot = selectors.next_slots([practitioner])[practitioner.pk]
    # The profile's week that shows the slot (bench/cluster.py watches it through Varnish).
    pages = PractitionerPage.objects.live().filter(practitioner=practitioner)
    page = pages.filter(locale__language_code="fr").first()
    monday, _sunday = selectors.week_of(timezone.localdate(slot.start))
    profile = f"{page.url}?semaine={monday.isoformat()}" if page else ""
    plan = {"practitioner": practitioner.pk, "slot": slot.key, "emails": emails, "profile": profile}
    print(json.dumps(plan))


main()
