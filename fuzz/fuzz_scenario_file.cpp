// libFuzzer target: read_scenario_file on arbitrary bytes. For every file it
// accepts: the scenario passes validate(), the note is at most 4096 bytes, and
// write_scenario_file + read_scenario_file gives back an equal scenario and note.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "check.h"
#include "core/scenario_check.h"
#include "core/scenario_file.h"

using namespace infercalc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto file = read_scenario_file(text);
  if (!file) {
    if (file.error().message.empty()) fuzzcheck::fail("an error without a message");
    return 0;
  }
  if (auto e = validate(file->scenario)) fuzzcheck::fail("read_scenario_file accepted an invalid scenario", e->text());
  if (file->note.size() > 4096) fuzzcheck::fail("note longer than 4096 bytes");
  const std::string written = write_scenario_file(*file);
  auto back = read_scenario_file(written);
  if (!back) fuzzcheck::fail("a written scenario file is refused", written + "\n-> " + back.error().text());
  if (!(back->scenario == file->scenario)) fuzzcheck::fail("scenario file round trip changed the scenario", written);
  if (back->note != file->note) fuzzcheck::fail("scenario file round trip changed the note", written);
  if (write_scenario_file(*back) != written) fuzzcheck::fail("write_scenario_file is not canonical", written);
  return 0;
}
