"""The PDF/UA tagging WeasyPrint 70 leaves out, added to its output with pikepdf.

* **Table header scope.** WeasyPrint tags ``<th>`` as ``TH`` and lists each data cell's headers
  (``/Headers``), but writes no ``/Scope``, so a screen reader cannot tell a column header
  from a row header. Each ``TH`` gets ``/A << /O /Table /Scope /Column >>`` or ``/Row``, read
  from the cells WeasyPrint paired with it, which it took from the HTML's ``scope``: a header
  named by a cell in its own row is a row header, one named by a cell in another row a column
  header. A header no cell names is a column header in ``<thead>`` or in a row of headers
  only, otherwise a row header.
* **Running headers and footers.** WeasyPrint marks the text of page margin boxes (the
  marking, the ICB, the short title, "Page n of N") as tagged content whose structure
  elements hang outside the structure tree. That text is repeated on every page, so it is
  re-marked as a pagination artefact (``/Artifact << /Type /Pagination >>``) and dropped from
  the parent tree: screen readers skip it, and no content points at an element that is not in
  the document.
"""

from __future__ import annotations

import io
import logging
import re

# pikepdf announces its logger bridge at INFO on import; a worker's log needs its warnings only.
logging.getLogger("pikepdf._core").setLevel(logging.WARNING)

import pikepdf  # noqa: E402
from pikepdf import Array, Dictionary, Name  # noqa: E402

PAGINATION = Dictionary(Type=Name.Pagination)
ARTEFACT = b"/Artifact <</Type /Pagination>> BDC"
# How WeasyPrint opens tagged content: "/Span\n<</MCID 0>>\nBDC".
MARKED = re.compile(rb"/[A-Za-z]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")


def _kids(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _structure(root) -> tuple[set, list]:
    """The object ids of every structure element in the tree, and the elements in order."""
    seen: set = set()
    elements: list = []
    stack = list(reversed(_kids(root)))
    while stack:
        node = stack.pop()
        if not isinstance(node, Dictionary) or "/S" not in node:
            continue  # a marked-content id, a marked-content or object reference
        key = node.objgen
        if key in seen:
            continue
        seen.add(key)
        elements.append(node)
        stack.extend(reversed(_kids(node)))
    return seen, elements


def _row(cell):
    parent = cell.get("/P")
    return parent.objgen if parent is not None else None


def _scope_table_headers(elements: list) -> None:
    headers = {}
    for element in elements:
        if element.S == Name.TH and "/ID" in element:
            headers[bytes(element.ID)] = element
    named_in_row: dict = {}
    for element in elements:
        if element.S != Name.TD or "/A" not in element:
            continue
        for header_id in element.A.get("/Headers", Array()):
            header = headers.get(bytes(header_id))
            if header is not None:
                same_row = _row(header) == _row(element)
                named_in_row.setdefault(header.objgen, set()).add(same_row)
    for element in elements:
        if element.S != Name.TH:
            continue
        seen = named_in_row.get(element.objgen)
        if seen:
            scope = Name.Row if True in seen else Name.Column
        else:
            row = element.get("/P")
            group = row.get("/P") if row is not None else None
            in_thead = group is not None and group.get("/S") == Name.THead
            only_headers = row is not None and all(
                not isinstance(kid, Dictionary) or kid.get("/S") != Name.TD for kid in _kids(row)
            )
            scope = Name.Column if in_thead or only_headers else Name.Row
        attributes = element.get("/A")
        if not isinstance(attributes, Dictionary):
            attributes = Dictionary(O=Name.Table)
            element.A = attributes
        attributes.O = Name.Table
        attributes.Scope = scope


def _artefact_orphans(pdf: pikepdf.Pdf, in_tree: set) -> None:
    tree = pdf.Root.StructTreeRoot.ParentTree
    nums = tree.Nums
    by_page = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for page in pdf.pages:
        key = page.obj.get("/StructParents")
        marked = by_page.get(int(key)) if key is not None else None
        if not isinstance(marked, Array):
            continue
        orphans = {
            mcid
            for mcid, element in enumerate(marked)
            if isinstance(element, Dictionary) and element.objgen not in in_tree
        }
        if not orphans:
            continue
        page.Contents = pdf.make_stream(_rewrite(page, orphans))
        for mcid in orphans:
            marked[mcid] = None


def _rewrite(page, orphans: set[int]) -> bytes:
    """The page's content with the orphans' marked content re-marked as artefacts. Rewriting
    the bytes is quick (a long report has hundreds of pages); when the count of rewritten
    sequences does not match, the content stream is parsed instead."""
    contents = page.obj.Contents
    parts = contents if isinstance(contents, Array) else [contents]
    data = b"\n".join(part.read_bytes() for part in parts)
    rewritten = 0

    def artefact(match):
        nonlocal rewritten
        if int(match.group(1)) in orphans:
            rewritten += 1
            return ARTEFACT
        return match.group(0)

    result = MARKED.sub(artefact, data)
    if rewritten == len(orphans):
        return result
    operations = pikepdf.parse_content_stream(page)
    for i, (operands, operator) in enumerate(operations):
        if str(operator) != "BDC" or len(operands) != 2:
            continue
        properties = operands[1]
        if isinstance(properties, Dictionary) and int(properties.get("/MCID", -1)) in orphans:
            operations[i] = pikepdf.ContentStreamInstruction(
                [Name.Artifact, PAGINATION], pikepdf.Operator("BDC")
            )
    return pikepdf.unparse_content_stream(operations)


def complete_tags(pdf_bytes: bytes) -> bytes:
    """``pdf_bytes`` with table header scopes and running heads marked as artefacts."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return pdf_bytes
        in_tree, elements = _structure(root)
        _scope_table_headers(elements)
        _artefact_orphans(pdf, in_tree)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()
