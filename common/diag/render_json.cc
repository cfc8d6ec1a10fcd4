// Machine-readable diagnostics. Each element of the array:
//   {"code": "E0201", "severity": "error"|"warning"|"note",
//    "message": <in options.lang>, "message_en": ..., "message_zh": ...,
//    "file": path | null,
//    "start": {"byte", "line", "column"} | null, "end": {...} | null,
//    "labels": [{"primary", "file", "start", "end", "message", "message_en",
//                "message_zh"}],     // primary label first, if it has text
//    "notes": [{"message", "message_en", "message_zh"}], "helps": [...],
//    "fixits": [{"file", "start", "end", "replacement",
//                "applicability": "machine-applicable"|"maybe-incorrect"}]}
// Bytes are 0-based offsets into the normalised text; lines and code-point
// columns are 1-based. Ranges are clamped into their file.
#include <algorithm>
#include <string>

#include "common/diag/render.h"
#include "nlohmann/json.hpp"

namespace duixian {
namespace {

// ordered_json keeps the documented key order, easier to read in CI logs.
using json = nlohmann::ordered_json;

const char* SeverityKey(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kNote:
      return "note";
  }
  return "error";
}

json Text(const LocalizedText& text, Lang lang) {
  return json{{"message", Pick(text, lang)},
              {"message_en", text.en},
              {"message_zh", text.zh}};
}

json Position(const SourceFile& file, uint32_t byte) {
  const SourceFile::Location loc = file.Locate(byte);
  return json{{"byte", byte}, {"line", loc.line}, {"column", loc.column}};
}

// Sets file/start/end on `out`; nulls when the range names no loaded file.
void PutRange(const SourceManager& sources, const SourceRange& range,
              json* out) {
  if (range.file < 0 || static_cast<size_t>(range.file) >= sources.size()) {
    (*out)["file"] = nullptr;
    (*out)["start"] = nullptr;
    (*out)["end"] = nullptr;
    return;
  }
  const SourceFile& file = sources.file(range.file);
  const auto size = static_cast<uint32_t>(file.text().size());
  const uint32_t begin = std::min(range.begin, size);
  const uint32_t end = std::clamp(range.end, begin, size);
  (*out)["file"] = file.path();
  (*out)["start"] = Position(file, begin);
  (*out)["end"] = Position(file, end);
}

json One(const Diagnostic& diag, const SourceManager& sources, Lang lang) {
  json out = json::object();
  out["code"] = std::string(CodeName(diag.code));
  out["severity"] = SeverityKey(diag.severity);
  out["message"] = Pick(diag.message, lang);
  out["message_en"] = diag.message.en;
  out["message_zh"] = diag.message.zh;
  PutRange(sources, diag.primary, &out);

  json labels = json::array();
  auto add_label = [&](const SourceRange& range, const LocalizedText& text,
                       bool primary) {
    json label = Text(text, lang);
    label["primary"] = primary;
    PutRange(sources, range, &label);
    labels.push_back(std::move(label));
  };
  if (!diag.primary_label.en.empty() || !diag.primary_label.zh.empty()) {
    add_label(diag.primary, diag.primary_label, true);
  }
  for (const Label& label : diag.secondary) {
    add_label(label.range, label.text, false);
  }
  out["labels"] = std::move(labels);

  json notes = json::array();
  for (const LocalizedText& note : diag.notes) {
    notes.push_back(Text(note, lang));
  }
  out["notes"] = std::move(notes);
  json helps = json::array();
  for (const LocalizedText& help : diag.helps) {
    helps.push_back(Text(help, lang));
  }
  out["helps"] = std::move(helps);

  json fixits = json::array();
  for (const FixIt& fix : diag.fixits) {
    json item = json::object();
    PutRange(sources, fix.range, &item);
    item["replacement"] = fix.replacement;
    item["applicability"] =
        fix.applicability == FixIt::Applicability::kMachineApplicable
            ? "machine-applicable"
            : "maybe-incorrect";
    fixits.push_back(std::move(item));
  }
  out["fixits"] = std::move(fixits);
  return out;
}

}  // namespace

std::string RenderJson(const std::vector<Diagnostic>& diags,
                       const SourceManager& sources,
                       const RenderOptions& options) {
  try {
    json out = json::array();
    for (const Diagnostic& diag : diags) {
      out.push_back(One(diag, sources, options.lang));
    }
    // `replace` turns invalid UTF-8 (possible in AddBuffer text) into U+FFFD
    // instead of throwing.
    return out.dump(2, ' ', false, json::error_handler_t::replace);
  } catch (...) {  // bad_alloc; the renderer never throws
    return "[]";
  }
}

}  // namespace duixian
