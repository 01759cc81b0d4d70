"""Help pages (CON-1): the frequently asked questions and the instruction videos, which staff edit in
the back office."""

from __future__ import annotations

from portal.tables import FaqItem, InstructionVideo


async def faq_items() -> list[FaqItem]:
    return await FaqItem.objects().order_by(FaqItem.position)


async def instruction_videos() -> list[InstructionVideo]:
    return await InstructionVideo.objects().order_by(InstructionVideo.position)
