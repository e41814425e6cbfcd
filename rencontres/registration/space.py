"""Panels that other apps add to the personal space ("My agenda", "My B2B meetings"…).

Each panel is a template included with `registration` and `edition` in its context; add
yours in your AppConfig.ready(): `add_panel("program/_my_agenda.html", 20)`.
"""

PANELS = []


def add_panel(template_name, order):
    if all(existing[0] != template_name for existing in PANELS):
        PANELS.append((template_name, order))
        PANELS.sort(key=lambda panel: panel[1])


def panels():
    return [template_name for template_name, _order in PANELS]
