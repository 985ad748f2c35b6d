#pragma once
// A decoder for LZMA streams in the .lzma ("LZMA alone") format, which the build uses to
// embed the asset files (tools/embed_assets.py): LZMA packs the page's data about 15 %
// smaller than the gzip the web server applies to the wasm around it (docs/perf.md).
// Written from the LZMA specification (Igor Pavlov, LzmaSpec.cpp in the public-domain
// LZMA SDK, "lzma-specification.txt"); decodes what Python's lzma module writes with
// format=FORMAT_ALONE, with or without an end marker.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace infercalc {

// The decoded bytes of `stream`, which must decode to exactly `size` bytes; nullopt for
// a corrupt or truncated stream (never reads outside `stream`).
std::optional<std::string> lzma_decode(std::string_view stream, std::size_t size);

}  // namespace infercalc
