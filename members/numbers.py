"""Counts as the reader's language writes them."""

from django.utils.formats import number_format


def grouped(count):
    """`count` with the active language's thousands grouping: 1,914 in English, 1.914 in
    German, 1 914 in French. Only for quantities: years and other numbers that are
    names are never grouped."""
    return number_format(count, force_grouping=True)
