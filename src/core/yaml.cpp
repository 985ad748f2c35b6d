#include "core/yaml.h"

#include <cctype>
#include <utility>

#include "core/json.h"

namespace infercalc::yaml {
namespace {

// Plain scalars are limited to characters that never start or mean YAML syntax, and
// to words YAML 1.1 would not read as a bool, null or number.
bool plain_safe(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.' && c != '/') return false;
  if (s[0] == '-' || s[0] == '.' || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  static const char* const kWords[] = {"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True",
                                       "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
                                       "null", "Null", "NULL", "~"};
  for (const char* w : kWords)
    if (s == w) return false;
  return true;
}

void emit(const Node& n, int indent, std::string& out);

void emit_value_after_key(const Node& v, int indent, std::string& out) {
  if (v.kind == Node::Kind::Scalar) {
    out += " " + v.text + "\n";
  } else if (v.kind == Node::Kind::Map && v.keys.empty()) {
    out += " {}\n";
  } else if (v.kind == Node::Kind::List && v.list.empty()) {
    out += " []\n";
  } else {
    out += "\n";
    emit(v, indent + 2, out);
  }
}

void emit(const Node& n, int indent, std::string& out) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  if (n.kind == Node::Kind::Map) {
    for (std::size_t i = 0; i < n.keys.size(); ++i) {
      out += pad + quote(n.keys[i]) + ":";
      emit_value_after_key(n.values[i], indent, out);
    }
  } else if (n.kind == Node::Kind::List) {
    for (const Node& item : n.list) {
      if (item.kind == Node::Kind::Scalar) {
        out += pad + "- " + item.text + "\n";
        continue;
      }
      std::string inner;
      emit(item, indent + 2, inner);
      if (inner.empty()) {
        out += pad + (item.kind == Node::Kind::Map ? "- {}\n" : "- []\n");
        continue;
      }
      // "- " takes the place of the first item line's indentation.
      out += pad + "- " + inner.substr(static_cast<std::size_t>(indent) + 2);
    }
  } else {
    out += pad + n.text + "\n";
  }
}

}  // namespace

Node& Node::set(const std::string& key, Node value) {
  keys.push_back(key);
  values.push_back(std::move(value));
  return values.back();
}

Node& Node::push(Node value) {
  list.push_back(std::move(value));
  return list.back();
}

Node map() { return Node{}; }
Node list() {
  Node n;
  n.kind = Node::Kind::List;
  return n;
}
Node str(const std::string& s) {
  Node n;
  n.kind = Node::Kind::Scalar;
  n.text = quote(s);
  return n;
}
Node num(double v) {
  Node n;
  n.kind = Node::Kind::Scalar;
  n.text = json::number(v);
  return n;
}
Node integer(long long v) {
  Node n;
  n.kind = Node::Kind::Scalar;
  n.text = std::to_string(v);
  return n;
}
Node boolean(bool v) {
  Node n;
  n.kind = Node::Kind::Scalar;
  n.text = v ? "true" : "false";
  return n;
}
Node strings(const std::vector<std::string>& items) {
  Node n = list();
  for (const std::string& s : items) n.push(str(s));
  return n;
}

std::string quote(const std::string& s) { return plain_safe(s) ? s : json::quote(s); }

std::string write(const Node& doc) {
  std::string out;
  emit(doc, 0, out);
  return out;
}

}  // namespace infercalc::yaml
