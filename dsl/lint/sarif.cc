// SARIF 2.1.0 output (OASIS Static Analysis Results Interchange Format), so
// editors and code-scanning in CI show lint findings inline. Columns are
// counted in code points (run.columnKind = unicodeCodePoints), the unit the
// rest of duixian uses; rule help points at docs/lint.md.
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "dsl/lint/lint.h"
#include "nlohmann/json.hpp"

namespace duixian::dsl {
namespace {

using json = nlohmann::ordered_json;

const char* Level(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
  }
  return "warning";
}

// A physicalLocation, or null when the range names no loaded file.
json Physical(const SourceManager& sources, const SourceRange& r) {
  if (!r.valid() || static_cast<size_t>(r.file) >= sources.size()) return nullptr;
  const SourceFile& f = sources.file(r.file);
  const SourceFile::Location b = f.Locate(r.begin);
  const SourceFile::Location e = f.Locate(r.end > r.begin ? r.end : r.begin);
  json region{{"startLine", b.line}, {"startColumn", b.column}, {"endLine", e.line}, {"endColumn", e.column}};
  return json{{"artifactLocation", {{"uri", f.path()}}}, {"region", region}};
}

}  // namespace

std::string RenderSarif(const std::vector<Diagnostic>& findings, const SourceManager& sources,
                        const RenderOptions& options) {
  json rules = json::array();
  for (const LintRuleInfo& rule : LintRules()) {
    const std::string id(CodeName(rule.code));
    const LocalizedText text = FormatMessage(rule.code, {});
    rules.push_back(json{
        {"id", id},
        {"name", absl::StrCat(rule.family, "/", id)},
        {"shortDescription", {{"text", Pick(text, options.lang)}}},
        {"fullDescription", {{"text", absl::StrCat(text.en, " / ", text.zh)}}},
        {"helpUri", absl::StrCat("docs/lint.md#", absl::AsciiStrToLower(id))},
        {"defaultConfiguration", {{"level", Level(DefaultSeverity(rule.code))}}},
        {"properties", {{"family", rule.family}}},
    });
  }
  json results = json::array();
  for (const Diagnostic& d : findings) {
    const std::string id(CodeName(d.code));
    int index = 0;
    for (const LintRuleInfo& rule : LintRules()) {
      if (rule.code == d.code) break;
      ++index;
    }
    json result{{"ruleId", id},
                {"ruleIndex", index},
                {"level", Level(d.severity)},
                {"message", {{"text", Pick(d.message, options.lang)}}}};
    json locations = json::array();
    if (json p = Physical(sources, d.primary); !p.is_null()) locations.push_back(json{{"physicalLocation", p}});
    result["locations"] = locations;
    json related = json::array();
    int id_counter = 0;
    for (const Label& l : d.secondary) {
      json p = Physical(sources, l.range);
      if (p.is_null()) continue;
      related.push_back(json{{"id", id_counter++}, {"physicalLocation", p}, {"message", {{"text", Pick(l.text, options.lang)}}}});
    }
    if (!related.empty()) result["relatedLocations"] = related;
    json props{{"message_en", d.message.en}, {"message_zh", d.message.zh}};
    json notes = json::array();
    for (const LocalizedText& n : d.notes) notes.push_back(Pick(n, options.lang));
    for (const LocalizedText& h : d.helps) notes.push_back(Pick(h, options.lang));
    if (!notes.empty()) props["notes"] = notes;
    result["properties"] = props;
    results.push_back(std::move(result));
  }
  json log{
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", json::array({json{
                   {"tool", {{"driver", {{"name", "duixian-lint"},
                                         {"informationUri", "docs/lint.md"},
                                         {"version", "0.1.0"},
                                         {"rules", rules}}}}},
                   {"columnKind", "unicodeCodePoints"},
                   {"results", results},
               }})},
  };
  return log.dump(2);
}

}  // namespace duixian::dsl
