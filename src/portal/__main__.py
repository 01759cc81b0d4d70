"""Command line: `python -m portal <command>`. Run `python -m portal --help` for the list."""

from __future__ import annotations

import argparse
import asyncio
import sys

from portal import cli


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m portal", description="Mijn HartingBank commands")
    commands = parser.add_subparsers(dest="command", required=True)

    commands.add_parser("migrate", help="apply all database migrations")

    serve = commands.add_parser("serve", help="serve the portal with uvicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)

    seed = commands.add_parser("seed-demo", help="fill the database with the demo organisations")
    seed.add_argument("--if-empty", action="store_true", help="do nothing when organisations exist already")

    bench = commands.add_parser("seed-bench", help="build a large data set for benchmarks")
    bench.add_argument("--aids", type=int, default=100_000, help="number of aids in all (up to 1,000,000)")
    bench.add_argument("--per-org", type=int, default=100_000, help="aids of the largest organisation")
    bench.add_argument("--history", type=float, default=5.0, help="history events per aid on average")

    commands.add_parser("logins", help="print the demo logins")

    onboard = commands.add_parser("onboard", help="register a new customer and invite its first administrator")
    onboard.add_argument("--organisation", required=True, help="name of the organisation")
    onboard.add_argument("--customer-number", required=True)
    onboard.add_argument(
        "--location", action="append", required=True, metavar="NAME;ADDRESS;POSTCODE;CITY[;DEPT1,DEPT2,…]",
        help="a location with its departments; repeat for more",
    )
    onboard.add_argument("--admin-name", required=True)
    onboard.add_argument("--admin-email", required=True)

    staff = commands.add_parser("create-staff-user", help="create a HartingBank staff user for /admin")
    staff.add_argument("--username", required=True)
    staff.add_argument("--email", required=True)
    staff.add_argument("--password", help="asked for when left out")

    commands.add_parser("inspection-reminders",
                        help="the monthly mail of aids due for inspection (run it daily or monthly; once a month per account)")

    commands.add_parser("send-mail", help="send queued, failed and kept mails when SMTP is configured")

    location = commands.add_parser("location-request", help="carry out or reject a customer's location request")
    location.add_argument("request_id", type=int)
    location.add_argument("outcome", choices=["done", "rejected"])
    location.add_argument("--note", default="", help="shown to the customer with a rejection")

    args = parser.parse_args(argv)
    if args.command == "serve":
        cli.serve(args.host, args.port, args.workers)
        return 0
    return asyncio.run(cli.run(args))


if __name__ == "__main__":
    sys.exit(main())
