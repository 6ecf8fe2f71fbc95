from django import template

from ..models import Stage

register = template.Library()


@register.inclusion_tag("audience/includes/beacon.html", takes_context=True)
def audience_beacon(context, stage=""):
    """The beacon script and, for visitors without JavaScript, the pixel. `stage`: the booking
    funnel's step this page is ("search", "profile", "booking", "confirmed"), if any."""
    request = context.get("request")
    stages = {
        "search": Stage.SEARCH,
        "profile": Stage.PROFILE,
        "booking": Stage.BOOKING,
        "confirmed": Stage.CONFIRMED,
    }
    return {"path": request.path if request else "", "stage": stages.get(stage, "")}
