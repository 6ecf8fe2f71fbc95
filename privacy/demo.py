"""Demo permissions: the data-protection officer reads the access log."""

from home.demo_support import DPO_GROUP, grant

from .models import AccessLogEntry


def load(*, stdout, options):
    grant(DPO_GROUP, [(AccessLogEntry, "view_accesslogentry")])
    return []
