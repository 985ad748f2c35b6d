// The UI's languages: English (the keys) and Korean (assets/i18n/ko.json, embedded at
// build time keyed by a hash of the English, as ko.tr; its Hangul is what the Korean font
// subset keeps, see tools/i18n_glyphs.py).
// Every string on screen goes through tr("English text"); a key without a
// translation shows in English. Printf-style keys keep their conversions, in order,
// in the translation (checked at build time).
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace infercalc::ui {

enum class Language : uint8_t { English, Korean };

inline constexpr Language kAllLanguages[] = {Language::English, Language::Korean};

const char* code(Language l);         // "en", "ko": the spelling settings and links use
const char* native_name(Language l);  // "English", "한국어": what the switch shows
// "ko", "ko-KR", "en-US" (a BCP 47 tag such as navigator.language) -> the language, or nullopt.
std::optional<Language> parse_language(std::string_view tag);

void set_language(Language l);
Language language();

// The current language's text for `english` (a string literal: translations are
// cached by its address), or `english` itself.
const char* tr(const char* english);
// The Korean text for `english` whatever the current language (font building).
const char* korean(const char* english);

}  // namespace infercalc::ui
