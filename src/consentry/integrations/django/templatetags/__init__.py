"""Template libraries of the Consentry Django app."""
