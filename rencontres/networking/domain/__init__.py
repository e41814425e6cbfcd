"""Domain rules of B2B meetings, as plain functions that views, tasks and tests call."""


class NetworkingError(Exception):
    """A rule of B2B meetings was broken; the message is translated and shown as is."""
