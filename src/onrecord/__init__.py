"""onrecord: a sourced, queryable record of who said and promised what, from news coverage."""

__version__ = "0.1.0"
