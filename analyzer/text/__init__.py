"""Facts about text that every stage shares: Unicode script ranges, Hangul syllable arithmetic, log-odds.

Also how a note is normalised before any stage reads it (normalize.py). Imports nothing else of the analyzer, so
discover, extract, segment, align, dialect, detect and report may all use it.
"""
