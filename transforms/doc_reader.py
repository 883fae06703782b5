"""Read a Word 97-2003 (.doc) narrative: its text, then the .docx narrative's path.

olefile (PyPI, BSD) opens the OLE container; the text is decoded here from the
``WordDocument`` stream with the piece table ([MS-DOC] 2.4.1):

- the FIB at the stream's start: ``wIdent`` 0xA5EC, flag ``fWhichTblStm`` (which of
  ``0Table``/``1Table`` holds the tables), ``fEncrypted``, ``ccpText`` (characters of the main
  text; footnotes, headers and comments follow it and are not read) and ``fcClx``/``lcbClx``
  (where the CLX lies in the table stream);
- the CLX: any Prc blocks (0x01, their size), then the Pcdt (0x02, its size, a PlcPcd of n+1
  character positions and n 8-byte piece descriptors);
- a piece whose ``fc`` has bit 30 (fCompressed) is 8-bit text at ``(fc & ~bit30) / 2``
  (cp1252), any other UTF-16LE at ``fc``.

Word's marks become lines: paragraph ends (\\r), line and page breaks, and table cell/row ends
(\\x07) — a .doc table is read as one line per cell, not as a ruled table (its rows cannot be
told from empty cells without the paragraph properties); field codes (between \\x13 and \\x14)
are dropped, their results kept.
"""

from __future__ import annotations

import io
import re
import struct

import olefile

from budgetwatch.sources.containers import UnreadableOfficeError
from budgetwatch.transforms.docx_reader import read_narrative
from budgetwatch.transforms.workbook_reader import OfficeRead

_IDENT = 0xA5EC
_FC_CLX = 0x01A2  # fibRgFcLcb97.fcClx, then lcbClx (fixed offsets from Word 97 on)
_CCP_TEXT = 0x004C
_COMPRESSED = 0x40000000
_FIELD_CODE = re.compile("\x13[^\x13\x14\x15]*(?:\x14|(\x15))")
_BREAKS = re.compile("[\r\x07\x0b\x0c]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")


def _damaged(source_file: str, why: str) -> UnreadableOfficeError:
    return UnreadableOfficeError(source_file, 0, f"damaged Word 97 (.doc) file: {why}: not read")


def _pieces(clx: bytes) -> list[tuple[int, int, int]]:
    """(first cp, last cp, fc) of each piece of the CLX's piece table."""
    at = 0
    while at < len(clx) and clx[at] == 0x01:  # Prc: skip its grpprl
        at += 3 + struct.unpack_from("<h", clx, at + 1)[0]
    if at >= len(clx) or clx[at] != 0x02:
        raise ValueError("no piece table (Pcdt) in the CLX")
    size = struct.unpack_from("<I", clx, at + 1)[0]
    plc = clx[at + 5 : at + 5 + size]
    n = (len(plc) - 4) // 12
    if n <= 0 or len(plc) != 4 + 12 * n:
        raise ValueError("piece table of a wrong size")
    cps = struct.unpack_from(f"<{n + 1}I", plc)
    return [
        (cps[i], cps[i + 1], struct.unpack_from("<I", plc, 4 * (n + 1) + 8 * i + 2)[0])
        for i in range(n)
    ]


def doc_text(data: bytes, source_file: str) -> str:
    """The main text of a .doc. Raises UnreadableOfficeError naming the file."""
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
        if not ole.exists("WordDocument"):
            raise ValueError("no WordDocument stream (not a Word document)")
        word = ole.openstream("WordDocument").read()
        ident, flags = struct.unpack_from("<H8xH", word, 0)
        if ident != _IDENT:
            raise ValueError(f"FIB identifier {ident:#06x}, not 0xa5ec")
        if flags & 0x0100:
            raise UnreadableOfficeError(
                source_file,
                0,
                "password-protected (encrypted) Word "
                "document: not read; save it without a password",
            )
        table = ole.openstream("1Table" if flags & 0x0200 else "0Table").read()
        ccp_text = struct.unpack_from("<I", word, _CCP_TEXT)[0]
        fc_clx, lcb_clx = struct.unpack_from("<II", word, _FC_CLX)
        if fc_clx + lcb_clx > len(table) or lcb_clx == 0:
            raise ValueError("the piece table lies outside the table stream")
        text = []
        for first, last, fc in _pieces(table[fc_clx : fc_clx + lcb_clx]):
            last = min(last, ccp_text)
            if last <= first:
                continue
            if fc & _COMPRESSED:
                start = (fc & ~_COMPRESSED) // 2
                raw = word[start : start + last - first]
                chars = raw.decode("cp1252", errors="replace")
            else:
                raw = word[fc : fc + 2 * (last - first)]
                chars = raw.decode("utf-16-le", errors="replace")
            if len(chars) != last - first:
                raise ValueError("a text piece lies outside the WordDocument stream")
            text.append(chars)
    except UnreadableOfficeError:
        raise
    except (OSError, ValueError, struct.error, IndexError) as exc:
        raise _damaged(source_file, str(exc)) from None
    return "".join(text)


def doc_paragraphs(data: bytes, source_file: str) -> list[str]:
    """The .doc's text as its lines (paragraphs, breaks and table cells), stripped, non-empty."""
    text = _FIELD_CODE.sub(lambda m: m.group(1) or "", doc_text(data, source_file))
    lines = (_CONTROL.sub("", line).strip() for line in _BREAKS.split(text))
    return [line for line in lines if line]


def read_doc(data: bytes, source_file: str) -> OfficeRead:
    """.doc bytes → the IR of its lines, as a .docx narrative's. Raises UnreadableOfficeError."""
    return read_narrative(doc_paragraphs(data, source_file))
