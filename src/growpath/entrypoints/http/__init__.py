"""What the pages and the JSON API share: who is asking, ids, request schemas and form models.

Neither ``entrypoints.web`` nor ``entrypoints.api`` imports the other; both import from here.
"""
