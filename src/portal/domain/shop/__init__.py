"""Kopen (SHOP-1…8): catalogue and search, basket, checkout with budget approval, orders and templates."""
