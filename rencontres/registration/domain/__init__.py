class RegistrationError(Exception):
    """A rule of registration was broken; the message is translated, shown to the user."""
