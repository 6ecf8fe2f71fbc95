"""Demo: the data-protection officer may lift restrictions and read post-mortem directives."""

from home.demo_support import DPO_GROUP, grant

from .models import PostMortemDirective, RestrictionEvent


def load(*, stdout, options):
    grant(
        DPO_GROUP,
        [(RestrictionEvent, "lift_restriction"), (PostMortemDirective, "view_postmortemdirective")],
    )
    return []
