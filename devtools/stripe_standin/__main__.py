"""`python -m devtools.stripe_standin --port 12111 --webhook-url http://127.0.0.1:8000/stripe/webhook/`"""

import argparse
import logging
import os
import signal
import threading

from .server import DEFAULT_WEBHOOK_SECRET, TEST_API_KEY, StandIn


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m devtools.stripe_standin", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=12111)
    parser.add_argument("--public-url", help="base URL the browser uses, if not http://HOST:PORT")
    parser.add_argument("--webhook-url", help="where events are posted (none: recorded only)")
    parser.add_argument(
        "--webhook-secret",
        default=os.environ.get("STRIPE_WEBHOOK_SECRET") or DEFAULT_WEBHOOK_SECRET,
        help="signing secret (default: $STRIPE_WEBHOOK_SECRET, else %(default)s)",
    )
    parser.add_argument(
        "--connect-webhook-url", help="endpoint for connected accounts' events (default: --webhook-url)"
    )
    parser.add_argument("--connect-webhook-secret", help="its secret (default: --webhook-secret)")
    parser.add_argument("--events", help="comma-separated event types to deliver (default: all)")
    parser.add_argument("--delivery", choices=["sync", "thread", "none"], default="sync")
    parser.add_argument("--delivery-delay", type=float, default=0.0, help="seconds, with --delivery thread")
    parser.add_argument("--state-file", help="JSON file keeping the state across restarts")
    parser.add_argument("--verbose", action="store_true", help="log every HTTP request")
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.INFO, format="[stripe-standin] %(message)s")
    standin = StandIn(
        host=args.host,
        port=args.port,
        public_url=args.public_url,
        webhook_url=args.webhook_url,
        webhook_secret=args.webhook_secret,
        connect_webhook_url=args.connect_webhook_url,
        connect_webhook_secret=args.connect_webhook_secret,
        enabled_events=args.events.split(",") if args.events else None,
        delivery=args.delivery,
        delivery_delay=args.delivery_delay,
        state_file=args.state_file,
        quiet=not args.verbose,
    ).start()
    logging.info("local Stripe on %s (overview: %s/)", standin.url, standin.url)
    logging.info("point the SDK at it: STRIPE_API_BASE=%s STRIPE_SECRET_KEY=%s", standin.url, TEST_API_KEY)
    for key, value in standin.settings_summary().items():
        logging.info("  %s: %s", key, value)

    stopping = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopping.set())
    stopping.wait()
    standin.stop()


if __name__ == "__main__":
    main()
