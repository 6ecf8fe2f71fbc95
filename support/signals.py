"""Withdrawing the chat's consent closes the visitor's open chat sockets at once, in every tab:
consent sends `decision_applied` once it has written the decision (it knows nothing of this app)."""

from django.dispatch import receiver

from consent.signals import decision_applied

from . import selectors, services


@receiver(decision_applied)
def close_chat_on_refusal(sender, *, request, response, result, **kwargs):
    if selectors.CHAT_GROUP in result.refused:
        services.close_visitor_sockets(selectors.visitor_key(request.COOKIES.get(selectors.VISITOR_COOKIE)))
