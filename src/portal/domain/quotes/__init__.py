"""Quotes (SHOP-9): a basket sent as "Offerte aanvragen" through the checkout's two steps, HartingBank's
answer in /admin (a price per line, a validity date, a note), "Mijn offertes" with its details, and
"Bestellen", which puts the quote's products in the basket at the quoted prices."""
