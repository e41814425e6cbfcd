class PrivacyError(Exception):
    """A request the privacy rules refuse; its message is translated, for the person."""
