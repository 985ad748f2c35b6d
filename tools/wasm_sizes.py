#!/usr/bin/env python3
"""Where a .wasm's bytes are: each section's size (raw and deflated), the code by origin
(our code, Dear ImGui, libc++ templates, libc) and the largest functions. Function names
need a name section: link once more with --profiling-funcs, e.g. the link line of
build/web-build/src/app/CMakeFiles/infercalc-web.dir/link.txt with `-o /tmp/p/app.js
--profiling-funcs` (docs/perf.md). Standard library only.

Usage: tools/wasm_sizes.py APP.wasm [TOP]
"""
import collections
import re
import sys
import zlib

SECTIONS = {0: 'custom', 1: 'type', 2: 'import', 3: 'function', 4: 'table', 5: 'memory', 6: 'global',
            7: 'export', 8: 'start', 9: 'element', 10: 'code', 11: 'data', 12: 'datacount'}


def leb(b, i):
    result = shift = 0
    while True:
        x = b[i]
        i += 1
        result |= (x & 0x7f) << shift
        shift += 7
        if x < 0x80:
            return result, i


def skip_limits(b, j):
    flags, j = leb(b, j)
    _, j = leb(b, j)
    if flags & 1:
        _, j = leb(b, j)
    return j


def origin(name):
    if name.startswith(('infercalc', 'main', '(anonymous namespace)::iterate')):
        return 'infercalc'
    if name.startswith(('ImGui', 'Im', 'stb', '(anonymous namespace)::Im')) or 'ImGui' in name[:40]:
        return 'Dear ImGui'
    if 'std::__2' in name[:60]:
        return 'libc++ templates'
    if re.match(r'^[a-z_][a-z0-9_]*$', name):
        return 'libc, compiler-rt'
    return 'other'


def main(path, top):
    b = open(path, 'rb').read()
    if b[:4] != b'\0asm':
        sys.exit(f'{path}: not a wasm module')
    i, sections = 8, []
    while i < len(b):
        sid = b[i]
        n, i = leb(b, i + 1)
        sections.append((sid, i, n))
        i += n
    names, bodies, imported = {}, [], 0
    for sid, off, n in sections:
        if sid == 2:  # imports: functions among them come first in the index space
            count, j = leb(b, off)
            for _ in range(count):
                for _ in range(2):
                    length, j = leb(b, j)
                    j += length
                kind = b[j]
                j += 1
                if kind == 0:
                    _, j = leb(b, j)
                    imported += 1
                elif kind == 1:
                    j = skip_limits(b, j + 1)
                elif kind == 2:
                    j = skip_limits(b, j)
                else:
                    j += 2
        elif sid == 10:
            count, j = leb(b, off)
            for _ in range(count):
                length, j = leb(b, j)
                bodies.append(length)
                j += length
        elif sid == 0:
            length, j = leb(b, off)
            if b[j:j + length] == b'name':
                j += length
                while j < off + n:
                    sub = b[j]
                    size, j = leb(b, j + 1)
                    end = j + size
                    if sub == 1:
                        count, j = leb(b, j)
                        for _ in range(count):
                            index, j = leb(b, j)
                            length, j = leb(b, j)
                            names[index] = b[j:j + length].decode(errors='replace')
                            j += length
                    j = end
    print(f'{"section":10s} {"bytes":>9s} {"deflated":>9s}')
    for sid, off, n in sections:
        print(f'{SECTIONS.get(sid, sid):10s} {n:9d} {len(zlib.compress(b[off:off + n], 9)):9d}')
    funcs = sorted(((size, names.get(imported + k, f'function {imported + k}')) for k, size in enumerate(bodies)),
                   reverse=True)
    if names:
        by_origin = collections.Counter()
        for size, name in funcs:
            by_origin[origin(name)] += size
        print(f'\ncode bytes by origin ({len(funcs)} functions):')
        for name, size in by_origin.most_common():
            print(f'{size:9d} {name}')
    else:
        print('\n(no name section: link with --profiling-funcs for names)')
    print(f'\nlargest {top} functions:')
    for size, name in funcs[:top]:
        print(f'{size:9d} {name[:140]}')


if __name__ == '__main__':
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 30)
