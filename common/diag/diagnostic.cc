#include "common/diag/diagnostic.h"

#include <algorithm>
#include <iterator>

namespace duixian {
namespace {

struct CatalogueEntry {
  DiagCode code;
  std::string_view name;
  Severity severity;
  std::string_view en;
  std::string_view zh;
};

// Same order as the enum, so an entry is found by the code's value.
constexpr CatalogueEntry kCatalogue[] = {
#define DX_DIAG(CODE, SEVERITY, EN, ZH) \
  {DiagCode::k##CODE, #CODE, Severity::SEVERITY, EN, ZH},
#include "common/diag/kinds.def"
#undef DX_DIAG
};

constexpr size_t kCatalogueSize = std::size(kCatalogue);

constexpr bool InEnumOrder() {
  for (size_t i = 0; i < kCatalogueSize; ++i) {
    if (static_cast<size_t>(kCatalogue[i].code) != i) return false;
  }
  return true;
}
static_assert(InEnumOrder(), "catalogue must be indexable by DiagCode");

const CatalogueEntry* Find(DiagCode code) {
  const auto i = static_cast<size_t>(code);
  return i < kCatalogueSize ? &kCatalogue[i] : nullptr;
}

char AsciiUpper(char c) { return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c; }

// Replaces each `{key}` found in args; unknown placeholders stay verbatim,
// and substituted values are not rescanned (they may contain braces).
std::string Fill(std::string_view tmpl, const DiagArgs& args) {
  std::string out;
  out.reserve(tmpl.size() + 16);
  size_t i = 0;
  while (i < tmpl.size()) {
    const size_t open = tmpl.find('{', i);
    if (open == std::string_view::npos) break;
    const size_t close = tmpl.find('}', open + 1);
    if (close == std::string_view::npos) break;
    out.append(tmpl.substr(i, open - i));
    const std::string_view key = tmpl.substr(open + 1, close - open - 1);
    const std::string* value = nullptr;
    for (const auto& [name, text] : args) {
      if (name == key) {
        value = &text;
        break;
      }
    }
    if (value != nullptr) {
      out.append(*value);
    } else {
      out.append(tmpl.substr(open, close - open + 1));
    }
    i = close + 1;
  }
  out.append(tmpl.substr(std::min(i, tmpl.size())));
  return out;
}

}  // namespace

std::string_view CodeName(DiagCode code) {
  const CatalogueEntry* entry = Find(code);
  return entry != nullptr ? entry->name : std::string_view("E????");
}

bool ParseCode(std::string_view name, DiagCode* code) {
  for (const CatalogueEntry& entry : kCatalogue) {
    if (entry.name.size() != name.size()) continue;
    bool same = true;
    for (size_t i = 0; i < name.size() && same; ++i) {
      same = AsciiUpper(name[i]) == entry.name[i];
    }
    if (same) {
      if (code != nullptr) *code = entry.code;
      return true;
    }
  }
  return false;
}

Severity DefaultSeverity(DiagCode code) {
  const CatalogueEntry* entry = Find(code);
  return entry != nullptr ? entry->severity : Severity::kError;
}

LocalizedText FormatMessage(DiagCode code, const DiagArgs& args) {
  const CatalogueEntry* entry = Find(code);
  if (entry == nullptr) return {};
  // An argument `key_zh` replaces `key` in the Chinese text, so values such
  // as type names can be given in both languages.
  DiagArgs zh_args;
  zh_args.reserve(args.size());
  for (const auto& [key, value] : args) {
    bool is_zh_variant = key.size() > 3 && key.compare(key.size() - 3, 3, "_zh") == 0;
    if (is_zh_variant) continue;
    std::string zh_value = value;
    for (const auto& [k2, v2] : args) {
      if (k2 == key + "_zh") zh_value = v2;
    }
    zh_args.emplace_back(key, std::move(zh_value));
  }
  return {Fill(entry->en, args), Fill(entry->zh, zh_args)};
}

size_t DiagCodeCount() { return kCatalogueSize; }

DiagCode DiagCodeAt(size_t i) {
  return i < kCatalogueSize ? kCatalogue[i].code : DiagCode{};
}

DiagnosticBuilder&& DiagnosticBuilder::PrimaryLabel(LocalizedText text) && {
  diag_.primary_label = std::move(text);
  return std::move(*this);
}

DiagnosticBuilder&& DiagnosticBuilder::Label(SourceRange range,
                                             LocalizedText text) && {
  diag_.secondary.push_back({range, std::move(text)});
  return std::move(*this);
}

DiagnosticBuilder&& DiagnosticBuilder::Note(LocalizedText text) && {
  diag_.notes.push_back(std::move(text));
  return std::move(*this);
}

DiagnosticBuilder&& DiagnosticBuilder::Help(LocalizedText text) && {
  diag_.helps.push_back(std::move(text));
  return std::move(*this);
}

DiagnosticBuilder&& DiagnosticBuilder::Fix(
    SourceRange range, std::string replacement,
    FixIt::Applicability applicability) && {
  diag_.fixits.push_back({range, std::move(replacement), applicability});
  return std::move(*this);
}

void DiagnosticBuilder::Emit() && {
  if (sink_ != nullptr) sink_->Add(std::move(diag_));
  sink_ = nullptr;  // a second Emit() adds nothing
}

DiagnosticBuilder DiagnosticSink::Report(DiagCode code, SourceRange primary,
                                         const DiagArgs& args) {
  Diagnostic diag;
  diag.code = code;
  diag.severity = DefaultSeverity(code);
  diag.message = FormatMessage(code, args);
  diag.primary = primary;
  return DiagnosticBuilder(this, std::move(diag));
}

void DiagnosticSink::Add(Diagnostic diag) {
  if (diag.severity == Severity::kError) ++errors_;
  if (diag.severity == Severity::kWarning) ++warnings_;
  diags_.push_back(std::move(diag));
}

}  // namespace duixian
