"""The commands behind `python -m portal`; each calls the same domain code the web app uses."""

from __future__ import annotations

import argparse
import getpass
import sys

from portal.settings import get_settings


async def migrate() -> None:
    from piccolo.apps.migrations.commands.forwards import run_forwards

    response = await run_forwards(app_name="all")
    if not response.success:
        raise SystemExit(f"migrations failed: {response.message}")


def serve(host: str, port: int, workers: int) -> None:
    import uvicorn

    uvicorn.run("portal.app:asgi_app", factory=True, host=host, port=port, workers=workers, proxy_headers=True)


def install_links() -> None:
    """Commands write e-mails with links made from route names: they need the app's routes."""
    from portal.app import create_app

    create_app()  # installs its routes (portal.links.install)


async def run(args: argparse.Namespace) -> int:
    settings = get_settings()
    if args.command not in ("migrate", "seed-demo", "seed-bench", "serve"):
        install_links()
    if args.command == "migrate":
        await migrate()
        print("Database is up to date:", settings.database_url.split("@")[-1])
    elif args.command == "seed-demo":
        from portal.seed.demo import seed_demo

        created = await seed_demo(if_empty=args.if_empty)
        print("Demo data created." if created else "Demo data already present; nothing changed.")
    elif args.command == "seed-bench":
        from portal.seed.bench import seed_bench

        await seed_bench(total_aids=args.aids, per_organisation=args.per_org, history_per_aid=args.history)
    elif args.command == "logins":
        from portal.seed.demo import print_logins

        print_logins(settings.base_url)
    elif args.command == "onboard":
        from portal.domain.onboarding import onboard_from_cli

        await onboard_from_cli(args)
    elif args.command == "create-staff-user":
        from portal.domain.staff import StaffUserError, create_staff_user

        password = args.password or getpass.getpass("Password: ")
        try:
            await create_staff_user(args.username, args.email, password)
        except StaffUserError as error:
            print(error, file=sys.stderr)
            return 2
        print(f"Staff user {args.username} can now sign in at {settings.base_url}/admin/")
    elif args.command == "location-request":
        from portal.domain import location_requests

        try:
            if args.outcome == "done":
                done = await location_requests.carry_out(args.request_id, f"cli:{getpass.getuser()}")
                print(f"Location request {done.id} carried out; location {done.location} is up to date.")
            else:
                await location_requests.reject(args.request_id, args.note, f"cli:{getpass.getuser()}")
                print(f"Location request {args.request_id} rejected.")
        except (LookupError, location_requests.RequestNotOpen) as error:  # unknown, or handled already
            raise SystemExit(str(error)) from None
    elif args.command == "inspection-reminders":
        from portal.domain import mail
        from portal.domain.inspection_reminders import send_inspection_reminders

        done = await send_inspection_reminders()
        await mail.drain()  # the mails being sent now go out before the process ends
        print(f"Inspection reminders {done.month}: {done.sent} sent, {done.already} sent earlier this month, "
              f"{done.nothing_due} with nothing due.")
    elif args.command == "send-mail":
        from portal.domain.mail import retry_unsent

        print(f"{await retry_unsent()} mail(s) sent.")
    return 0
