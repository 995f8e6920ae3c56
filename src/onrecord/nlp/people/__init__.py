"""People: the names, titles and pronouns a document uses for the persons it mentions.

``names`` decides what a name is (and what is a place or a platform instead), ``roles`` reads
titles and role phrases against the shared lexicon, ``coref`` ties pronouns and role phrases
to the person meant, and ``extract`` builds the per-document people and their mentions.
"""
