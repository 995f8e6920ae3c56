"""The web's pages, one module per part of the record, each registering an HTML page and its
JSON (and, for lists, CSV) twin over the same data function (see ``common.Site.twin``)."""
