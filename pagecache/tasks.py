from django_tasks import task

from . import frontend


@task()
def ban_slot_pages(practitioner_id: int) -> int:
    """Bans the pages showing this practitioner's slots in Varnish; returns how many."""
    bans = frontend.slot_page_bans(practitioner_id)
    for host, url_regex in bans:
        status = frontend.send_ban(host, url_regex)
        if status != 200:
            frontend.logger.warning("Varnish refused the ban of %s %s (HTTP %s)", host, url_regex, status)
    return len(bans)
