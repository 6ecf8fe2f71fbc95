from datetime import date, timedelta

from django import template
from django.utils import timezone

from accounts.models import TIME_ZONES
from pagecache import dependencies, expiry

from .. import rooms, selectors
from ..zones import viewer_zone

register = template.Library()
_ZONE_LABELS = dict(TIME_ZONES)
# Free slots change with time alone (a slot too close to be booked, a hold that lapses): a stored
# page showing them is at most this old (pagecache.expiry); bookings change it at once.
SLOTS_SHOWN_FOR = timedelta(seconds=60)


@register.filter
def zone_label(zone) -> str:
    """ "France métropolitaine (Paris)" for Europe/Paris, the IANA name for other zones."""
    key = getattr(zone, "key", str(zone))
    return str(_ZONE_LABELS.get(key, key))


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def next_slots_for(context, pages):
    """{practitioner id: next free slot} for a page of directory results (three queries)."""
    context["slot_zone"] = viewer_zone(context.get("request"))
    from practitioners_directory.models import Practitioner

    ids = [p.practitioner_id for p in pages if getattr(p, "practitioner_id", None)]
    dependencies.depends_on(context.get("request"), dependencies.ANY_SLOTS)
    expiry.expires_by(context.get("request"), timezone.now() + SLOTS_SHOWN_FOR)
    return selectors.next_slots(list(Practitioner.objects.filter(pk__in=ids))) if ids else {}


@register.inclusion_tag("booking/includes/profile_slots.html", takes_context=True)
def profile_slots(context, page):
    """A week of the profile's free slots; the week is in the URL (?semaine=YYYY-MM-DD)."""
    request = context.get("request")
    practitioner = page.practitioner
    if practitioner is not None:
        dependencies.depends_on(request, dependencies.slots_of(practitioner.pk))
    expiry.expires_by(request, timezone.now() + SLOTS_SHOWN_FOR)
    zone = viewer_zone(request)
    today = timezone.localdate(timezone.now(), zone)
    try:
        asked = date.fromisoformat(request.GET.get("semaine", "")) if request else today
    except ValueError:
        asked = today
    monday, _sunday = selectors.week_of(max(asked, today - timedelta(days=today.weekday())))
    # One bookable schedule for the whole block (the week, the next slot, the "bookable" flag).
    schedule = selectors.bookable_schedule(practitioner) if practitioner else None
    week = selectors.slots_by_day(practitioner, monday, zone, schedule=schedule) if schedule else []
    upcoming = None
    if schedule and not any(day["slots"] for day in week):
        upcoming = selectors.next_slots([practitioner]).get(practitioner.pk)
    return {
        "request": request,
        "page": page,
        "practitioner": practitioner,
        "zone": zone,
        "week": week,
        "monday": monday,
        "previous_week": monday - timedelta(days=7) if monday > today else None,
        "next_week": monday + timedelta(days=7),
        "upcoming": upcoming,
        "bookable": schedule is not None,
    }


@register.simple_tag
def room_link(appointment):
    """`{% room_link appointment as room %}`: the video room while it can be entered, or None."""
    return rooms.link(appointment)
