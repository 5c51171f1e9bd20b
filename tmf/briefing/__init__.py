"""The briefing to take away: the current view as a PDF report or PPTX slides.

``briefing_view`` makes the view a briefing shows (checked weights, index, top N, language,
filters); ``briefing_content`` says what that view's current view (tmf.screening.current_view)
shows (pure, every text in the chosen language); ``to_pdf`` and ``to_pptx`` draw it. The
command line (``python -m tmf briefing``) and the pages' download buttons call the same functions.
"""

from tmf.briefing.content import Briefing, briefing_content, briefing_view
from tmf.briefing.pdf import to_pdf
from tmf.briefing.slides import to_pptx

__all__ = ["Briefing", "briefing_content", "briefing_view", "to_pdf", "to_pptx"]
