"""Wagtail admin values as people read them, for every app's inspect views and listings."""

from datetime import date, datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from wagtail.models import Revision

NOTHING = "—"


def readable(value):
    """Nothing as "—", booleans as oui/non, dates in the site's time zone and format, a revision as
    its title and date; anything else unchanged (Wagtail renders it)."""
    if value is None or value == "":
        return NOTHING
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, Revision):
        return f"{value.object_str} ({readable(value.created_at)})"
    return value


class ReadableValuesMixin:
    """Put first in the bases of a Wagtail InspectView."""

    def get_field_display_value(self, field_name, field):
        return readable(super().get_field_display_value(field_name, field))
