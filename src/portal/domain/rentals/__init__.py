"""Huren (RENT-1…3): the rental catalogue is the shop's catalogue of kind RENT (portal.domain.shop.catalogue).

requests   "Huuraanvraag": the form on a product for rent, its checks, and the request into the basket
basket     the rental basket: the requests grouped by reference, quantities, removing
placing    "Huurorder(s) plaatsen": one rental order per reference, once, with budget approval
"""
