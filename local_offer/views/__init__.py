from urllib.parse import urlencode


def page_query(params) -> str:
    """The current query string without the page number, ready for `?{query}page=N`."""
    pairs = [(key, value) for key, values in params.lists() if key != "page" for value in values]
    query = urlencode([(key, value) for key, value in pairs if value])
    return query + "&" if query else ""
