"""`python -m bench.accounts <admin e-mail> <n>` (run by bench.downloads with the data set's environment):
n more administrators of the admin's organisation with the same password, export0@… to export<n-1>@…,
so that concurrent downloads come from different people (the portal caps them per account)."""

from __future__ import annotations

import asyncio
import sys


async def main(admin_email: str, count: int) -> None:
    from portal.tables import Account

    admin = await Account.objects().where(Account.email == admin_email).first()
    if admin is None:
        raise SystemExit(f"no account {admin_email}")
    domain = admin_email.split("@", 1)[1]
    values = {key: value for key, value in admin.to_dict().items() if key not in ("id", "substitute")}
    for n in range(count):
        email = f"export{n}@{domain}"
        if not await Account.exists().where(Account.email == email):
            await Account(**{**values, "email": email, "name": f"Bench export {n}"}).save()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
