#!/usr/bin/env python3
"""Draws the page's PNG icons (manifest: 192 and 512 px) from web/favicon.svg.

The favicon is a few rounded rectangles (<rect x y width height rx fill>), so the
icons are drawn here, with the standard library only, instead of by an SVG renderer:
the web build needs no ImageMagick and no librsvg (issue 9: `convert` without an SVG
delegate failed on a fresh Debian 12).

Each pixel's coverage of a rectangle comes from its signed distance to the rounded
rectangle (exact for straight edges, a close approximation on the corners), quantised
to 16 levels so the image fits in a palette: an 8-bit indexed PNG with a tRNS chunk,
as small as the ImageMagick PNG8 files it replaces.

Usage: draw_icons.py SVG SIZE OUT.png
"""
import math
import os
import struct
import sys
import xml.etree.ElementTree as ET
import zlib

LEVELS = 16  # coverage steps: enough for smooth edges, few enough colours for a palette


def parse_rects(svg_path):
    root = ET.parse(svg_path).getroot()
    vb = [float(v) for v in root.get("viewBox").split()]
    rects = []
    for el in root.iter():
        if el.tag.rsplit("}", 1)[-1] != "rect":
            continue
        fill = el.get("fill")
        if not fill or not fill.startswith("#") or len(fill) != 7:
            sys.exit(f"draw_icons: {svg_path}: only <rect fill=\"#rrggbb\"> is supported, got fill={fill!r}")
        rects.append({
            "x": float(el.get("x", 0)), "y": float(el.get("y", 0)),
            "w": float(el.get("width")), "h": float(el.get("height")),
            "r": float(el.get("rx", 0)),
            "rgb": tuple(int(fill[i:i + 2], 16) for i in (1, 3, 5)),
        })
    if not rects:
        sys.exit(f"draw_icons: {svg_path}: no <rect> elements")
    return vb, rects


def coverage(px, py, rect, scale):
    """Fraction (0..1) of the pixel centred at (px, py), in viewBox units, inside rect."""
    hw, hh, r = rect["w"] / 2, rect["h"] / 2, rect["r"]
    qx = abs(px - (rect["x"] + hw)) - (hw - r)
    qy = abs(py - (rect["y"] + hh)) - (hh - r)
    outside = math.hypot(max(qx, 0.0), max(qy, 0.0))
    dist = outside + min(max(qx, qy), 0.0) - r  # signed distance, viewBox units
    return min(max(0.5 - dist * scale, 0.0), 1.0)


def draw(svg_path, size):
    (vx, vy, vw, vh), rects = parse_rects(svg_path)
    scale = size / vw  # pixels per viewBox unit (the favicon is square)
    pixels = []
    for j in range(size):
        py = vy + (j + 0.5) / scale
        row = []
        for i in range(size):
            px = vx + (i + 0.5) / scale
            r = g = b = a = 0.0  # premultiplied, "over" compositing in painting order
            for rect in rects:
                c = round(coverage(px, py, rect, scale) * LEVELS) / LEVELS
                if c == 0.0:
                    continue
                cr, cg, cb = rect["rgb"]
                r, g, b = cr * c + r * (1 - c), cg * c + g * (1 - c), cb * c + b * (1 - c)
                a = c + a * (1 - c)
            if a == 0.0:
                row.append((0, 0, 0, 0))
            else:
                row.append((round(r / a), round(g / a), round(b / a), round(a * 255)))
        pixels.append(row)
    return pixels


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def encode(pixels):
    size = len(pixels)
    palette = sorted({p for row in pixels for p in row}, key=lambda p: (p[3] != 0, p))
    if len(palette) > 256:
        sys.exit(f"draw_icons: {len(palette)} colours do not fit a palette")
    index = {p: i for i, p in enumerate(palette)}
    raw = b"".join(b"\x00" + bytes(index[p] for p in row) for row in pixels)
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 3, 0, 0, 0))
            + chunk(b"PLTE", b"".join(bytes(p[:3]) for p in palette))
            + chunk(b"tRNS", bytes(p[3] for p in palette))
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: draw_icons.py SVG SIZE OUT.png")
    svg, size, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    data = encode(draw(svg, size))
    with open(out + ".tmp", "wb") as f:
        f.write(data)
    os.replace(out + ".tmp", out)


if __name__ == "__main__":
    main()
