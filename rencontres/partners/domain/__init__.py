class PartnerError(Exception):
    """A rule of the partners' area was broken; the message is translated, shown to the user."""
