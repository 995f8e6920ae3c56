"""Time: the dates a document states and the date it was written.

``rules`` holds the registry of temporal-expression rules, ``calendar`` the arithmetic they
share, ``timex`` resolves expressions against the document date, ``datelines`` finds the
dateline that dates (and places) an article.
"""
