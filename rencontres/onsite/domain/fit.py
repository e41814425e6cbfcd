"""Font sizes that make a text fit its box on a badge, whatever its length and script.

WeasyPrint cannot shrink text to fit, so the size is estimated from the text's width in
ems: wide East Asian characters count one em, combining marks nothing, other letters a bit
more than half an em (Noto Sans). The estimate errs on the wide side, and the template lets
a line break anywhere, so that a text is never cut even when the estimate is a little short.
"""

import math
import unicodedata

PT_PER_MM = 72 / 25.4
LINE_HEIGHT = 1.15  # the badges' CSS line-height
# What a line takes in fact: the fallback fonts' taller ascent and descent make lines of
# Chinese 1.2 times their size, and of Arabic 1.22.
LINE_BOX = 1.25
# Word wrapping leaves the end of lines empty: count on this share of the width.
WRAPPED_FILL = 0.82


def em_width(text, bold=False):
    width = 0.0
    for char in text:
        if unicodedata.combining(char):
            continue
        if unicodedata.east_asian_width(char) in ("W", "F"):
            width += 1.0
        elif char.isupper():
            width += 0.7
        elif char == " ":
            width += 0.28
        else:
            width += 0.58
    return width * (1.08 if bold else 1.0)


def fit(text, width_mm, height_mm, max_pt, min_pt=5.0, bold=False):
    """`(size, lines)`: the largest size (pt, by half points, at most `max_pt`) at which
    `text` fits the box, and the number of lines it then takes."""
    width = width_mm * PT_PER_MM
    height = height_mm * PT_PER_MM
    ems = max(em_width(text, bold), 1.0)
    size = max_pt
    while size > min_pt:
        one_line = ems * size <= width
        lines = 1 if one_line else math.ceil(ems * size / (width * WRAPPED_FILL))
        if lines * size * LINE_BOX <= height:
            return size, lines
        size -= 0.5
    return min_pt, math.ceil(ems * min_pt / (width * WRAPPED_FILL))
