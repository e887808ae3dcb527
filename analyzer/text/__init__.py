"""Facts about text that every stage shares: Unicode script ranges, Hangul syllable arithmetic, log-odds.

Imports nothing else of the analyzer, so discover, extract, segment, align, dialect and detect may all use it.
"""
