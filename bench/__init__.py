"""`python -m bench` (`make bench`): measures the real app, served exactly as the tests serve it.

It prints counts and ratios measured in one run on this machine, not absolute claims.
"""
