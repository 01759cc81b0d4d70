"""Joining the parts of a background PDF into one file, part by part and page by page.

pypdf's PdfWriter keeps every page of every part until it writes the file (476 parts of labels grew the
server by more than a gigabyte). This writer copies each page with the objects it uses straight to the
output file and keeps only numbers: the byte offset of every object and the object number of every page.
Memory holds one part at a time. Runs in a worker process (see pool).
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Any, BinaryIO

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

# Page attributes a page may inherit from its page tree (PDF 32000-1, 7.7.3.4): copied onto the page
# itself, because the page gets a new parent.
INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
CATALOG, PAGES = 1, 2


class StreamingPdfMerger:
    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.offsets: dict[int, int] = {}
        self.pages: list[int] = []
        self.next_number = PAGES + 1
        out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")

    def add(self, path: Path) -> None:
        """Every page of the PDF at `path`, with what it uses. The part is read once and let go."""
        reader = PdfReader(str(path))
        numbers: dict[tuple[int, int], int] = {}
        waiting: deque[tuple[int, int]] = deque()

        def renumber(ref: IndirectObject) -> IndirectObject:
            key = (ref.idnum, ref.generation)
            if key not in numbers:
                numbers[key] = self._number()
                waiting.append(key)
            return IndirectObject(numbers[key], 0, None)  # type: ignore[arg-type]

        def convert(value: Any) -> Any:
            if isinstance(value, IndirectObject):
                return renumber(value)
            if isinstance(value, DictionaryObject):  # streams included: their data is copied as it is
                for key, item in list(dict.items(value)):
                    dict.__setitem__(value, key, convert(item))
            elif isinstance(value, ArrayObject):
                for index, item in enumerate(list.__iter__(value)):
                    list.__setitem__(value, index, convert(item))
            return value

        for page in reader.pages:
            for name in INHERITED:
                if name not in page and (inherited := page.get_inherited(name, None)) is not None:
                    page[NameObject(name)] = inherited
            if "/Parent" in page:
                del page["/Parent"]
            assert page.indirect_reference is not None
            ref = page.indirect_reference
            number = renumber(ref).idnum
            waiting.remove((ref.idnum, ref.generation))
            convert(page)
            page[NameObject("/Parent")] = IndirectObject(PAGES, 0, None)  # type: ignore[arg-type]
            self._write(number, page)
            self.pages.append(number)
            while waiting:
                idnum, generation = waiting.popleft()
                value = reader.get_object(IndirectObject(idnum, generation, reader))
                self._write(numbers[(idnum, generation)], convert(value))

    def finish(self) -> int:
        """The page tree, the catalogue and the cross-reference table; returns the number of pages."""
        kids = " ".join(f"{number} 0 R" for number in self.pages)
        self._write_raw(PAGES, f"<< /Type /Pages /Kids [{kids}] /Count {len(self.pages)} >>".encode())
        self._write_raw(CATALOG, f"<< /Type /Catalog /Pages {PAGES} 0 R >>".encode())
        start = self.out.tell()
        size = self.next_number
        lines = [f"xref\n0 {size}\n", "0000000000 65535 f \n"]
        lines += [f"{self.offsets[number]:010d} 00000 n \n" for number in range(1, size)]
        self.out.write("".join(lines).encode())
        self.out.write(f"trailer\n<< /Size {size} /Root {CATALOG} 0 R >>\nstartxref\n{start}\n%%EOF\n".encode())
        return len(self.pages)

    def _number(self) -> int:
        number = self.next_number
        self.next_number += 1
        return number

    def _write(self, number: int, value: Any) -> None:
        self.offsets[number] = self.out.tell()
        self.out.write(f"{number} 0 obj\n".encode())
        value.write_to_stream(self.out)
        self.out.write(b"\nendobj\n")

    def _write_raw(self, number: int, body: bytes) -> None:
        self.offsets[number] = self.out.tell()
        self.out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")


def merge_pdfs(parts: list[Path], target: Path) -> int:
    """The parts, in order, as one PDF at `target`; returns its number of pages."""
    with target.open("wb") as out:
        merger = StreamingPdfMerger(out)
        for part in parts:
            merger.add(part)
        return merger.finish()
