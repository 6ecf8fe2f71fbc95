from zoneinfo import ZoneInfo

DEFAULT_ZONE = "Europe/Paris"


def viewer_zone(request) -> ZoneInfo:
    """The signed-in person's chosen zone, else Paris (the zone's name is always written)."""
    user = getattr(request, "user", None)
    name = getattr(user, "time_zone", "") if getattr(user, "is_authenticated", False) else ""
    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    except (ValueError, KeyError):
        return ZoneInfo(DEFAULT_ZONE)
