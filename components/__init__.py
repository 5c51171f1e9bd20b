"""UI builders: pure functions returning figures/decks/frames, plus one-line renderers."""
