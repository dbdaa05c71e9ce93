"""The public site: read-only pages and downloads of the registry, for anyone.

`urls.py` of the app maps every public URL to a view here, each wrapped in
`caching.public_page` (GET and HEAD only, one ETag, public or private caching).
"""
