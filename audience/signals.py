"""Refusing or withdrawing audience measurement takes effect in the same response: consent sends
`decision_applied` once it has written the decision (consent knows nothing of this app)."""

from django.dispatch import receiver

from consent.signals import decision_applied

from . import services


@receiver(decision_applied)
def forget_on_refusal(sender, *, request, response, result, **kwargs):
    if services.GROUP in result.refused:
        services.forget_visitor(request=request, response=response)
