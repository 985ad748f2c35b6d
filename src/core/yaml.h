// A small YAML writer for the deployment manifests (core/manifest.h): block maps and
// lists, scalars that YAML reads back as the same type (strings that could read as a
// number, bool or null, or hold special characters, are double-quoted JSON-style,
// which YAML 1.1 and 1.2 both accept). Documents are separated by "---".
#pragma once
#include <string>
#include <vector>

namespace infercalc::yaml {

struct Node {
  enum class Kind { Scalar, Map, List } kind = Kind::Map;
  std::string text;  // Scalar: written as is (already a YAML scalar)
  // Map entries as two vectors in step: a std::pair<std::string, Node> member would need
  // Node complete, which clang with libstdc++ refuses (the fuzz build).
  std::vector<std::string> keys;
  std::vector<Node> values;
  std::vector<Node> list;

  Node& set(const std::string& key, Node value);  // appends; returns the stored value
  Node& push(Node value);
};

Node map();
Node list();
Node str(const std::string& s);  // a string, quoted when needed
Node num(double v);
Node integer(long long v);
Node boolean(bool v);
Node strings(const std::vector<std::string>& items);  // a list of strings

// The scalar text for a string: plain when safe, else "double-quoted".
std::string quote(const std::string& s);

// One document (no leading "---"), ending with a newline.
std::string write(const Node& doc);

}  // namespace infercalc::yaml
