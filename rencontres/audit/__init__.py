"""The audit trail: every organiser decision and every export of personal data.

`record(actor, action, ...)` is the one way in; see `rencontres.audit.log`.
"""
