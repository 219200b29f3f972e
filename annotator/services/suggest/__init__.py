"""Code suggestions: train, load, check and run models that score every code of a codebook for
a unit of text (a paragraph or a sentence), offline. See README "Code suggestions"."""
