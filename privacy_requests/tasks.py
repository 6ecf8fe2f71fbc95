"""Background jobs: the e-mails about a request (built from its row when the job runs, so the
task table holds an id, never an address)."""

import logging

from django_tasks import task

from . import emails
from .models import DataSubjectRequest

logger = logging.getLogger(__name__)

BUILDERS = {
    "acknowledgement": emails.acknowledgement,
    "extension": emails.extension,
    "refusal": emails.refusal,
}


@task()
def send_request_email(request_id: int, kind: str) -> bool:
    dsr = DataSubjectRequest.objects.filter(pk=request_id).first()
    if dsr is None or not dsr.requester_email:
        # Erased meanwhile, or a letter without an address: the DPO answers by post.
        logger.info("privacy_requests: no address for request %s (%s e-mail not sent)", request_id, kind)
        return False
    BUILDERS[kind](dsr).send()
    return True
