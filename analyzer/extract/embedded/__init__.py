"""Metadata blocks that several image formats embed (EXIF, IPTC-IIM, Photoshop resources, XMP).

Format readers under `formats/` find the blocks; the parsers here turn them into notes.
"""
