"""The editors' actions of bench/cluster.py, done in the Wagtail admin of one app process with
Debian's Chromium (Playwright), as an editor does them: sign in (the site's login form), open
the edit view, fill the fields, "Publier". Each publication returns the wall-clock time at which
the admin answered the publish POST (the transaction was committed by then).

The browser talks to the app process directly (http://localhost:<port>): the admin is never
cached, and Varnish passes it anyway. Wagtail's purges are sent by the task worker.
"""

import os
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bench.browser import signed_in_session

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
HOST = "localhost"
# The admin's date-time fields are in the site's time zone (settings.TIME_ZONE).
ADMIN_ZONE = ZoneInfo("Europe/Paris")


class AdminBrowser:
    def __init__(self, port: int, email: str, password: str):
        from playwright.sync_api import sync_playwright

        self.base_url = f"http://{HOST}:{port}"
        session = signed_in_session(port, email, password, headers={"Host": HOST})
        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-first-run"])
        context = self._browser.new_context(base_url=self.base_url, locale="fr-FR")
        context.add_cookies([{"name": "sessionid", "value": session, "url": self.base_url}])
        context.set_default_timeout(30_000)
        self.page = context.new_page()

    def publish_page(self, page_id: int, title: str) -> float:
        page = self.page
        page.goto(f"/admin/pages/{page_id}/edit/")
        page.fill("#id_title", title)
        return self._publish()

    def publish_next_version(self, version_id: int, summary: str) -> float:
        """The next version of a legal document: in force a minute ago, to be accepted again."""
        page = self.page
        page.goto(f"/admin/snippets/legal/policyversion/next/{version_id}/")
        page.locator("main form [type=submit]").first.click()
        page.wait_for_url("**/admin/snippets/legal/policyversion/edit/**")
        page.fill("#id_summary_of_changes", summary)
        page.check("#id_requires_reacceptance")
        effective = datetime.now(ADMIN_ZONE) - timedelta(minutes=1)
        page.fill("#id_effective_at", effective.strftime("%Y-%m-%d %H:%M"))
        return self._publish()

    def _publish(self) -> float:
        page = self.page
        page.locator("footer .w-dropdown-button .w-dropdown__toggle").first.click()
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            page.locator('button[name="action-publish"]').click()
        if answer.value.status != 302:
            raise RuntimeError(f"the admin refused the publication (HTTP {answer.value.status})")
        published_at = time.time()
        page.wait_for_load_state()
        return published_at

    def close(self) -> None:
        self._browser.close()
        self._playwright.stop()
