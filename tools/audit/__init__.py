"""`make audit`: the site checked by independent validators (see __main__.py)."""
