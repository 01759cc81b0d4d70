"""The commands behind `python -m portal`; each calls the same domain code the web app uses."""

from __future__ import annotations

import argparse
import getpass

from portal.settings import get_settings


async def migrate() -> None:
    from piccolo.apps.migrations.commands.forwards import run_forwards

    response = await run_forwards(app_name="all")
    if not response.success:
        raise SystemExit(f"migrations failed: {response.message}")


def serve(host: str, port: int, workers: int) -> None:
    import uvicorn

    uvicorn.run("portal.app:asgi_app", factory=True, host=host, port=port, workers=workers, proxy_headers=True)


async def run(args: argparse.Namespace) -> int:
    settings = get_settings()
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
        from portal.domain.staff import create_staff_user

        password = args.password or getpass.getpass("Password: ")
        await create_staff_user(args.username, args.email, password)
        print(f"Staff user {args.username} can now sign in at {settings.base_url}/admin/")
    elif args.command == "send-mail":
        from portal.domain.mail import retry_unsent

        print(f"{await retry_unsent()} mail(s) sent.")
    return 0
