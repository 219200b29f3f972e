"""Code suggestions, the pure part: outline labels of a report, text features, sequence
decoding over a document's paragraphs, explanations. No I/O, no Qt, no database."""
