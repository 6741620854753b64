"""Decoding: the canonical grid rebuilt from labelled fragments (docs/decoding.md).

1. ``units``: continuations are merged into the label they continue; labels merged from two rows are
   cut, a box row's wrapped label is joined.
2. ``sections``: section headings split the units into one span per table.
3. ``labels``: in each span, row-label units are aligned to the template's rows by a monotonic
   alignment that maximises fuzzy label similarity (typos, split labels, notes, Traditional variants).
4. ``rows``: the value units after each matched label fill that row's columns in order; empty pipe
   cells count as blank cells only where the row needs them, the rest is colspan padding; digit runs
   glued together are split by the identities (``glued``); a row's numbers PDF text stacked over
   its lines (``stacked``) or interleaved line by line with the next row's (``interleaved``) are put
   back where the row identity holds. Values are never altered.
5. ``columns``: table 三's column identities decide among the readings its rows left tied.
6. ``orders``: table 三 printed in another order than row by row (one value, boxes by column, cut in
   two between its columns), read where every identity holds that way.
7. ``piles``: table 二's labels printed one after another, then their numbers: whose they are
   (``grid`` says which units are the grid's numbers and blank cells' marks).
8. ``active_order``: table 二 printed out of row order in PDF text: a number a place off, told by
   its shape, and the blocks' last column printed after the table.
9. ``review_order``: table 四 printed with some columns late (pdftotext under a vertical header),
   read where the fewest columns moved make every group add up (an order guess where none settles it).
10. ``tables``: each table as a whole, and ``reconstruct`` for a document.
"""
from .labels import label_similarities
from .tables import reconstruct

__all__ = ["label_similarities", "reconstruct"]
