"""What other apps listen to (notifications): payments knows nothing of its listeners.
Both are sent after the change is committed, once per change of state."""

from django.dispatch import Signal

payment_succeeded = Signal()  # payment: the money was taken (first time only)
refund_issued = Signal()  # refund: Stripe reports it succeeded (first time only)
