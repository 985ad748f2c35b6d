#!/usr/bin/env python3
"""Reads the Korean UI strings (assets/i18n/ko.json) at build time and writes:
  - the text whose glyphs the Hangul font subset must keep (for fontTools.subset --text-file),
  - a C++ header with the same code points as Dear ImGui glyph ranges (kHangulRanges),
  - with --catalog FILE, the catalogue the app embeds: each translation keyed by a hash of
    its English text instead of the text (src/app/i18n.cpp; the English keys were 6.7 KB
    of the page's LZMA-packed data, docs/perf.md).
Fails when a translation drops or reorders a printf conversion of its English key
(the UI passes the same arguments to both). With --sources, also lists tr("...")
strings of the UI sources that have no translation: an error, before anything is written
(so the next build runs it again).

Other files whose Korean is drawn as is (the seed article's labels in
assets/seed_table.csv) add their Hangul with --text.

usage: i18n_glyphs.py KO_JSON OUT_TEXT OUT_HEADER [--text FILE...] [--sources FILE...] [--catalog FILE]
"""
import json
import re
import sys

CONVERSION = re.compile(r"%(?:%|[-+ #0']*(?:\d+\$)?\d*(?:\.\d+)?(?:ll|l|z|h)?[diufFeEgGxXsScp])")
TR_CALL = re.compile(r'\btr\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+)\)')
LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"')


def is_korean(ch):
    c = ord(ch)
    return 0x1100 <= c <= 0x11FF or 0x3000 <= c <= 0x303F or 0x3130 <= c <= 0x318F or 0xAC00 <= c <= 0xD7A3


def c_string(body):
    """Decodes a C++ string literal body (escapes \\n, \\", \\xNN byte sequences) to text."""
    out = bytearray()
    i = 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out += ch.encode("utf-8")
            i += 1
            continue
        nxt = body[i + 1]
        if nxt == "x":
            m = re.match(r"[0-9a-fA-F]{1,2}", body[i + 2:])
            out.append(int(m.group(0), 16))
            i += 2 + len(m.group(0))
            continue
        out += {"n": b"\n", "t": b"\t", '"': b'"', "\\": b"\\", "'": b"'"}.get(nxt, nxt.encode())
        i += 2
    return out.decode("utf-8", errors="replace")


def text_hash(text):
    """FNV-1a, 32 bits, over the UTF-8 bytes: the same as text_hash() in src/app/i18n.cpp."""
    h = 0x811C9DC5
    for b in text.encode("utf-8"):
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def varint(n):
    """LEB128: 7 bits a byte, low bits first, the top bit set on all bytes but the last."""
    out = bytearray()
    while True:
        out.append((n & 0x7F) | (0x80 if n > 0x7F else 0))
        n >>= 7
        if not n:
            return bytes(out)


def catalog(table):
    """The catalogue src/app/i18n.cpp reads (korean_catalog()), laid out for LZMA (the
    page's UI stream, tools/embed_assets.py; docs/perf.md "Download size"):
      - varint: the number of records N; varint: the number of Hangul syllables S;
      - the S syllables of the translations, ascending, each as a varint of its distance
        from the previous one (the first from 0);
      - the N hashes of the English texts (FNV-1a, text_hash()), ascending, each as a
        varint of its distance from the previous one (the first from 0);
      - the N translations in the hashes' order, each ending with a NUL, in UTF-8 except
        that a Hangul syllable is two bytes, 0xF0 | (i >> 8) then i & 0xFF, i its index
        among the S syllables (0xF0-0xF7 begin only 4-byte UTF-8, which no translation
        may hold).
    Two keys with the same hash are an error (a reworded key clears it); an English text
    outside the table matches a key with odds of about len(table) / 2**32 (1.3e-7 for
    557 keys)."""
    by_hash = {}
    for key, value in table.items():
        h = text_hash(key)
        if h in by_hash:
            raise SystemExit(f"i18n_glyphs.py: {key!r} and {by_hash[h][0]!r} have the same hash {h:08x}: reword one")
        if "\0" in value:
            raise SystemExit(f"i18n_glyphs.py: {key!r}: a NUL in the translation")
        if any(ord(c) > 0xFFFF for c in value):
            raise SystemExit(f"i18n_glyphs.py: {key!r}: a character beyond U+FFFF in the translation")
        by_hash[h] = (key, value)
    hashes = sorted(by_hash)
    syllables = sorted({c for _, v in by_hash.values() for c in v if 0xAC00 <= ord(c) <= 0xD7A3})
    if len(syllables) > 0x800:
        raise SystemExit(f"i18n_glyphs.py: {len(syllables)} Hangul syllables: the catalogue codes at most 2048")
    index = {c: i for i, c in enumerate(syllables)}
    out = bytearray(varint(len(hashes)) + varint(len(syllables)))
    previous = 0
    for c in syllables:
        out += varint(ord(c) - previous)
        previous = ord(c)
    previous = 0
    for h in hashes:
        out += varint(h - previous)
        previous = h
    for h in hashes:
        for c in by_hash[h][1]:
            out += bytes([0xF0 | index[c] >> 8, index[c] & 0xFF]) if c in index else c.encode("utf-8")
        out += b"\0"
    return bytes(out)


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    ko_path, out_text, out_header = argv[1:4]
    def files_after(flag):
        if flag not in argv:
            return []
        rest = argv[argv.index(flag) + 1:]
        return [f for f in rest[:next((i for i, a in enumerate(rest) if a.startswith("--")), len(rest))]]

    sources = files_after("--sources")
    catalog_out = files_after("--catalog")
    texts = []
    for path in files_after("--text"):
        with open(path, encoding="utf-8") as f:
            texts.append(f.read())
    with open(ko_path, encoding="utf-8") as f:
        table = json.load(f)
    errors = []
    for key, value in table.items():
        if not isinstance(value, str):
            errors.append(f"{key!r}: translation is not a string")
            continue
        if CONVERSION.findall(key) != CONVERSION.findall(value):
            errors.append(f"{key!r}: conversions {CONVERSION.findall(key)} became {CONVERSION.findall(value)}")
    # Every tr("...") of the UI sources needs its Korean: the Korean UI translates all of
    # it (a missing one would show English in the middle of Korean text).
    missing = []
    for path in sources:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for m in TR_CALL.finditer(text):
            key = "".join(c_string(b) for b in LITERAL.findall(m.group(1)))
            if key not in table and key not in missing:
                missing.append(key)
    for key in missing:
        errors.append(f"no Korean for {key!r}: add it")
    if errors:
        for e in errors:
            print(f"{ko_path}: {e}", file=sys.stderr)
        return 1

    def write_if_changed(path, text):
        try:
            with open(path, encoding="utf-8") as f:
                if f.read() == text:
                    return
        except OSError:
            pass
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)

    if catalog_out:
        data = catalog({k: v for k, v in table.items() if v})
        try:
            with open(catalog_out[0], "rb") as f:
                same = f.read() == data
        except OSError:
            same = False
        if not same:
            with open(catalog_out[0], "wb") as f:
                f.write(data)

    chars = sorted({ch for v in list(table.values()) + texts for ch in v if is_korean(ch)})
    write_if_changed(out_text, "".join(chars) + "\n")
    ranges = []
    for ch in chars:
        c = ord(ch)
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    pairs = "".join(f"0x{lo:04X}, 0x{hi:04X}, " for lo, hi in ranges)
    write_if_changed(out_header, "// Generated by tools/i18n_glyphs.py from assets/i18n/ko.json. Do not edit.\n"
                     f"// {len(chars)} code points in {len(ranges)} ranges.\n"
                     "#pragma once\n#include <imgui.h>\nnamespace infercalc::ui {\n"
                     f"inline constexpr ImWchar kHangulRanges[] = {{{pairs}0}};\n}}\n")

    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
