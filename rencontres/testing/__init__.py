"""Test data built in a few queries, for tests that do not need the whole demo.

`factories` has one factory_boy factory per main model; `small_edition()` builds an upcoming
edition shaped like the demonstration one (registration and sign-up open, the usual
categories, a two-day program with workshops, Cafés and B2B blocks) at a fraction of its size.
Only tests use this package; it is shipped with the code so that every app's tests share it.
"""

from .factories import small_edition

__all__ = ["small_edition"]
