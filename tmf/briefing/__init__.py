"""The briefing to take away: the current view as a PDF report or PPTX slides.

``briefing_content`` computes what the briefing says (pure, every text in the chosen
language); ``to_pdf`` and ``to_pptx`` draw it. The command line (``python -m tmf
briefing``) and the pages' download buttons call the same three functions.
"""

from tmf.briefing.content import Briefing, briefing_content
from tmf.briefing.pdf import to_pdf
from tmf.briefing.slides import to_pptx

__all__ = ["Briefing", "briefing_content", "to_pdf", "to_pptx"]
