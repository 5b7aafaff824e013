import codecs

import pytest

from tee_audit.textio import BinaryFile, decode


def test_utf8_plain():
    decoded = decode("key = 'ü'\n".encode("utf-8"))
    assert decoded.text == "key = 'ü'\n"
    assert decoded.problem == ""


def test_utf8_bom_removed():
    assert decode(codecs.BOM_UTF8 + b"FROM alpine\n").text == "FROM alpine\n"


def test_utf16_with_bom():
    data = codecs.BOM_UTF16_LE + "print('hi')\n".encode("utf-16-le")
    assert decode(data).text == "print('hi')\n"


def test_pep263_cookie_honoured():
    data = "# -*- coding: latin-1 -*-\nname = 'café'\n".encode("latin-1")
    decoded = decode(data, python=True)
    assert decoded.text.endswith("name = 'café'\n")
    assert decoded.problem == ""


def test_cookie_ignored_for_non_python():
    data = "# coding: latin-1\ncafé\n".encode("latin-1")
    decoded = decode(data)
    assert decoded.problem.startswith("invalid utf-8 at byte offset 21")


def test_invalid_utf8_keeps_text_and_offset():
    decoded = decode(b"ok = 1\nbad = '\xff'\n")
    assert "ok = 1" in decoded.text
    assert "byte offset 14" in decoded.problem


def test_nul_bytes_mean_binary():
    with pytest.raises(BinaryFile):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
