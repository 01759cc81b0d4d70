"""Authorisation of service requests (SRV-3) through the one approval workflow: none needed, approved,
rejected with a reason, nobody decides on their own request, a substitute while the authoriser is away,
the administrator when the authoriser was switched off or lost the right, two deciders at once, and the
e-mails, notifications and "Te autoriseren" along the way."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from portal.tables import Account, MailOutbox, Notification, ServiceAuthoriser, ServiceRequest, ServiceRequestEvent
from portal.i18n import local_today
from tests.helpers import csrf_token
from tests.service_requests.conftest import REPAIR, send, signed_in


async def nina_asks_a_repair(make_client, care) -> ServiceRequest:
    nina = await signed_in(make_client(), care.nurse)
    response = await send(nina, "HB5001", "repair", REPAIR)
    assert response.status_code == 303
    return await ServiceRequest.objects().get(ServiceRequest.asset == care.in_use.id)


async def decide(client, number: str, choice: str, reason: str = ""):
    token = await csrf_token(client, f"/acties/{number}")
    return await client.post(f"/acties/{number}/autorisatie", data={"_csrf_token": token, "besluit": choice, "reden": reason})


async def mails_to(address: str) -> list[str]:
    return [row["subject"] for row in await MailOutbox.select().where(MailOutbox.to_address == address)]


async def test_a_request_that_needs_authorisation_waits_and_the_authoriser_is_told(make_client, care):
    request = await nina_asks_a_repair(make_client, care)
    assert (request.status, request.authoriser) == ("awaiting_authorisation", care.leader.id)
    assert await mails_to("tom@delinde.nl") == [f"Aanvraag {request.number} wacht op uw autorisatie"]
    note = await Notification.objects().get(Notification.account == care.leader.id)
    assert note.link == f"/acties/{request.number}" and note.read_at is None
    tom = await signed_in(make_client(), care.leader)
    waiting = (await tom.get("/te-autoriseren")).text
    assert request.number in waiting and "Nina Verpleegkundige" in waiting
    counts = (await tom.get("/meldingen/teller", headers={"HX-Request": "true"})).text
    assert ">1</span>" in counts and "Te autoriseren" in counts
    # Opening the notification marks it read and leads to the request, which offers the decision.
    opened = await tom.get(f"/meldingen/{note.id}")
    assert opened.status_code == 303 and opened.headers["location"] == f"/acties/{request.number}"
    assert (await Notification.objects().get(Notification.id == note.id)).read_at is not None
    page = (await tom.get(f"/acties/{request.number}")).text
    assert "Deze aanvraag wacht op uw autorisatie" in page and "Goedkeuren" in page


async def test_without_an_authoriser_the_request_goes_to_hartingbank_at_once(make_client, care):
    nina = await signed_in(make_client(), care.nurse)
    response = await send(nina, "HB5001", "to_depot", {"depot": str(care.depot.id), "contact_phone": "030 1234567",
                                                       "requested_date": (local_today() + timedelta(days=4)).isoformat()})
    made = await ServiceRequest.objects().first()
    assert response.status_code == 303 and (made.status, made.authoriser) == ("submitted", None)
    assert await mails_to("tom@delinde.nl") == []


async def test_the_authoriser_approves_then_hartingbank_sees_it_and_the_requester_is_told(make_client, care):
    request = await nina_asks_a_repair(make_client, care)
    tom = await signed_in(make_client(), care.leader)
    response = await decide(tom, request.number, "goedkeuren")
    assert response.status_code == 303 and response.headers["location"] == "/te-autoriseren"
    done = await ServiceRequest.objects().get(ServiceRequest.id == request.id)
    assert done.status == "submitted" and done.authorised_at is not None
    trail = await ServiceRequestEvent.select().where(ServiceRequestEvent.service_request == request.id).order_by(
        ServiceRequestEvent.id)
    assert [(row["status"], row["by_account"]) for row in trail] == [
        ("awaiting_authorisation", care.nurse.id), ("submitted", care.leader.id)]
    assert f"Uw aanvraag {request.number} is goedgekeurd" in await mails_to("nina@delinde.nl")
    assert await Notification.count().where(Notification.account == care.nurse.id) == 1
    assert f'href="/acties/{request.number}"' not in (await tom.get("/te-autoriseren")).text


async def test_a_rejection_needs_a_reason_which_the_requester_sees(make_client, care):
    request = await nina_asks_a_repair(make_client, care)
    tom = await signed_in(make_client(), care.leader)
    refused = await decide(tom, request.number, "afwijzen")
    assert refused.status_code == 200 and "Vul de reden van de afwijzing in" in refused.text
    assert (await ServiceRequest.objects().get(ServiceRequest.id == request.id)).status == "awaiting_authorisation"
    await decide(tom, request.number, "afwijzen", "Het bed wordt volgende week vervangen.")
    rejected = await ServiceRequest.objects().get(ServiceRequest.id == request.id)
    assert rejected.status == "rejected"
    nina = await signed_in(make_client(), care.nurse)
    page = (await nina.get(f"/acties/{request.number}")).text
    assert "Afgewezen" in page and "Het bed wordt volgende week vervangen." in page
    assert f"Uw aanvraag {request.number} is afgewezen" in await mails_to("nina@delinde.nl")


async def test_only_those_who_may_decide_can_decide(make_client, care):
    request = await nina_asks_a_repair(make_client, care)
    # Mia may authorise services, but she is not Nina's authoriser for repairs.
    mia = await signed_in(make_client(), care.colleague)
    response = await decide(mia, request.number, "goedkeuren")
    assert response.status_code == 200 and "U kunt over deze aanvraag niet (meer) beslissen." in response.text
    # Neither is the administrator while Tom can decide.
    anja = await signed_in(make_client(), care.admin)
    assert "niet (meer) beslissen" in (await decide(anja, request.number, "goedkeuren")).text
    # Nina herself (role 4) has no right to authorise at all: the guard refuses.
    nina = await signed_in(make_client(), care.nurse)
    assert (await decide(nina, request.number, "goedkeuren")).status_code == 403
    assert (await ServiceRequest.objects().get(ServiceRequest.id == request.id)).status == "awaiting_authorisation"


async def test_nobody_decides_on_their_own_request(make_client, care):
    # Anja's repairs wait for Tom; with Tom switched off they fall to the administrators, but not to her.
    await ServiceAuthoriser(account=care.admin.id, kind="repair", authoriser=care.leader.id).save()
    anja = await signed_in(make_client(), care.admin)
    assert (await send(anja, "HB5001", "repair", REPAIR)).status_code == 303
    request = await ServiceRequest.objects().first()
    await Account.update({Account.active: False}).where(Account.id == care.leader.id)
    response = await decide(anja, request.number, "goedkeuren")
    assert "U kunt niet over uw eigen aanvraag beslissen." in response.text
    assert f'href="/acties/{request.number}"' not in (await anja.get("/te-autoriseren")).text
    assert (await ServiceRequest.objects().get(ServiceRequest.id == request.id)).status == "awaiting_authorisation"


async def test_a_decision_by_someone_of_another_organisation_is_not_found(make_client, care):
    request = await nina_asks_a_repair(make_client, care)
    stranger = await signed_in(make_client(), care.other_admin)
    assert (await stranger.get(f"/acties/{request.number}")).status_code == 404
    token = await csrf_token(stranger, "/mijn-account")
    response = await stranger.post(f"/acties/{request.number}/autorisatie",
                                   data={"_csrf_token": token, "besluit": "goedkeuren"})
    assert response.status_code == 404


async def test_a_substitute_decides_while_the_authoriser_is_away(make_client, care):
    today = local_today()
    await Account.update({Account.away_from: today - timedelta(days=1), Account.away_until: today + timedelta(days=7),
                          Account.substitute: care.colleague.id}).where(Account.id == care.leader.id)
    request = await nina_asks_a_repair(make_client, care)
    # Arriving while Tom is away, it goes to Mia, and she is told.
    assert request.authoriser == care.colleague.id
    assert await mails_to("mia@delinde.nl") == [f"Aanvraag {request.number} wacht op uw autorisatie"]
    mia = await signed_in(make_client(), care.colleague)
    assert (await decide(mia, request.number, "goedkeuren")).status_code == 303
    assert (await ServiceRequest.objects().get(ServiceRequest.id == request.id)).status == "submitted"


async def test_requests_already_waiting_become_visible_to_the_substitute_and_the_first_decision_wins(make_client, care):
    request = await nina_asks_a_repair(make_client, care)  # waits for Tom
    today = local_today()
    await Account.update({Account.away_from: today, Account.away_until: today + timedelta(days=3),
                          Account.substitute: care.colleague.id}).where(Account.id == care.leader.id)
    mia = await signed_in(make_client(), care.colleague)
    waiting = (await mia.get("/te-autoriseren")).text
    assert request.number in waiting and "Voor Tom Teamleider" in waiting
    tom = await signed_in(make_client(), care.leader)
    first, second = await asyncio.gather(decide(mia, request.number, "goedkeuren"),
                                         decide(tom, request.number, "afwijzen", "Niet nodig"))
    answers = sorted([first.status_code, second.status_code])
    assert answers == [200, 303], answers
    loser = first if first.status_code == 200 else second
    assert "Over deze aanvraag is al beslist." in loser.text or "niet (meer) beslissen" in loser.text
    decided = await ServiceRequestEvent.count().where(
        (ServiceRequestEvent.service_request == request.id) & ServiceRequestEvent.status.is_in(["submitted", "rejected"]))
    assert decided == 1


async def test_an_authoriser_switched_off_leaves_the_request_with_the_administrator(make_client, care):
    request = await nina_asks_a_repair(make_client, care)
    await Account.update({Account.active: False}).where(Account.id == care.leader.id)
    anja = await signed_in(make_client(), care.admin)
    waiting = (await anja.get("/te-autoriseren")).text
    assert request.number in waiting and "Tom Teamleider kan niet meer beslissen" in waiting
    assert (await decide(anja, request.number, "goedkeuren")).status_code == 303
    assert (await ServiceRequest.objects().get(ServiceRequest.id == request.id)).status == "submitted"


async def test_an_authoriser_whose_role_lost_the_right_leaves_it_with_the_administrator(make_client, care):
    request = await nina_asks_a_repair(make_client, care)
    await Account.update({Account.role: "2"}).where(Account.id == care.leader.id)  # role 2 cannot authorise
    anja = await signed_in(make_client(), care.admin)
    waiting = (await anja.get("/te-autoriseren")).text
    assert request.number in waiting and "Tom Teamleider kan niet meer beslissen" in waiting
    assert (await anja.get(f"/acties/{request.number}")).text.count("Goedkeuren") >= 1


async def test_a_decision_on_a_request_no_longer_waiting_is_refused(make_client, care):
    request = await nina_asks_a_repair(make_client, care)
    tom = await signed_in(make_client(), care.leader)
    await decide(tom, request.number, "goedkeuren")
    again = await decide(tom, request.number, "afwijzen", "Toch niet")
    assert again.status_code == 200 and "Over deze aanvraag is al beslist." in again.text
    assert (await ServiceRequest.objects().get(ServiceRequest.id == request.id)).status == "submitted"


async def test_the_email_link_signs_in_first_and_lands_on_the_request(make_client, care):
    request = await nina_asks_a_repair(make_client, care)
    mail_body = (await MailOutbox.objects().get(MailOutbox.to_address == "tom@delinde.nl")).body_text
    link = next(line for line in mail_body.splitlines() if "/acties/" in line).strip()
    path = link.removeprefix("http://testserver")
    assert path == f"/acties/{request.number}"
    visitor = make_client()
    response = await visitor.get(path)
    assert response.status_code == 303 and "volgende=%2Facties%2F" in response.headers["location"]
    token = await csrf_token(visitor, response.headers["location"])
    signed = await visitor.post("/inloggen", data={"_csrf_token": token, "email": "tom@delinde.nl",
                                                   "password": "Zorgvuldig#2026", "next": path})
    assert signed.headers["location"] == path
