"""What audience measurement holds about a person: nothing that points to them.

The daily counters hold no identifier at all. A visit (only with the "mesure_audience" consent)
is keyed by the random id of the browser's `psy_visit` cookie, which is never linked to an
account, an e-mail or an IP address: there is no way to find a signed-in person's visits, so
the export has nothing to show and erasure nothing to delete. The visitor deletes their visits
themselves by withdrawing the consent (cookie settings page): the cookie and its visits go at once.
"""

from django.utils.translation import gettext_lazy as _

from privacy.registry import Handler, register


def export_nothing(user) -> list:
    return []


register(
    Handler(
        key="audience",
        label=_("Mesure d’audience (aucune donnée rattachée à votre compte)"),
        export=export_nothing,
        order=320,
    )
)
