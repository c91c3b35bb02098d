"""The report's figure style: every figure is drawn in :data:`STYLE` and at most :data:`MAX_WIDTH_IN` wide, so that
shown across the report's column (about 960 px) no text is smaller than 10 px; legends sit where they cover no data
(beside or below the axes when the data fill them)."""

from __future__ import annotations

import functools

import matplotlib

#: text sizes (points) for figures shown about 960 px wide: at MAX_WIDTH_IN inches, 8 pt is 10 px on screen
STYLE = {"font.size": 10.0, "axes.titlesize": 10.0, "axes.labelsize": 10.0, "xtick.labelsize": 9.0,
         "ytick.labelsize": 9.0, "legend.fontsize": 9.0, "legend.title_fontsize": 9.0, "figure.titlesize": 11.0}
MAX_WIDTH_IN = 10.5


def styled(draw):
    """Draw the figure under :data:`STYLE` (text sizes are fixed when the text is made)."""

    @functools.wraps(draw)
    def wrapper(*args, **kwargs):
        with matplotlib.rc_context(STYLE):
            return draw(*args, **kwargs)

    return wrapper
