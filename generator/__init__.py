"""A static site generator for the bilingual activation-functions lesson."""
