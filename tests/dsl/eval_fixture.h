// Shared fixture for language tests: compiles policy text against the real
// schema and calendar, decodes firm JSON, evaluates.
#ifndef DX_TESTS_DSL_EVAL_FIXTURE_H_
#define DX_TESTS_DSL_EVAL_FIXTURE_H_

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "common/diag/render.h"
#include "dsl/compiler.h"
#include "engine/eval/evaluator.h"
#include "engine/profile/firm_decoder.h"

namespace duixian::testing_internal {

inline std::string ReadSourceFile(const std::string& relative) {
  std::ifstream in(std::string(DX_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::shared_ptr<const engine::Schema> TestSchema() {
  static std::shared_ptr<const engine::Schema> schema = [] {
    auto s = engine::Schema::FromJson(ReadSourceFile("policies/schema.json"), "schema.json");
    EXPECT_TRUE(s.ok()) << s.status();
    return std::make_shared<const engine::Schema>(std::move(*s));
  }();
  return schema;
}

inline std::shared_ptr<const engine::HolidayCalendar> TestCalendar() {
  static std::shared_ptr<const engine::HolidayCalendar> cal = [] {
    auto c = engine::HolidayCalendar::FromJson(ReadSourceFile("policies/calendar.json"));
    EXPECT_TRUE(c.ok()) << c.status();
    return std::make_shared<const engine::HolidayCalendar>(std::move(*c));
  }();
  return cal;
}

// Compiles `files` (module name = path without ".policy"); `common` is the
// real policies/common.policy unless a file of that module is given.
inline dsl::Compilation CompileTexts(std::vector<std::pair<std::string, std::string>> files,
                                     bool with_common = true) {
  std::vector<dsl::SourceInput> inputs;
  bool has_common = false;
  for (auto& [path, text] : files) {
    std::string module = path.substr(0, path.rfind('.'));
    has_common = has_common || module == "common";
    // Files that use the shared definitions import them unless they say otherwise.
    bool imports = text.rfind("import", 0) == 0 || text.find("\nimport") != std::string::npos;
    inputs.push_back({module, path, (with_common && !imports && module != "common" ? "import common\n" : "") + text});
  }
  if (with_common && !has_common) {
    inputs.push_back({"common", "common.policy", ReadSourceFile("policies/common.policy")});
  }
  return dsl::CompileSources(TestSchema(), TestCalendar(), std::move(inputs));
}

inline std::string AllDiagnostics(const dsl::Compilation& c) {
  std::string out;
  RenderOptions o;
  o.lang = Lang::kEn;
  for (const Diagnostic& d : c.diagnostics.diagnostics()) out += RenderText(d, *c.sources, o);
  return out;
}

inline engine::FirmRecord Firm(const std::string& json) {
  engine::FirmDecodeResult r = engine::DecodeFirmJson(*TestSchema(), json, "firm.json");
  EXPECT_FALSE(r.error.has_value()) << (r.error ? r.error->ToString() : "");
  return r.record ? *r.record : engine::FirmRecord(TestSchema()->fields().size());
}

// Evaluates one policy of a compiled set for a firm.
inline engine::PolicyDecision EvalPolicy(const dsl::Compilation& c, const std::string& policy_id,
                                         const std::string& firm_json, const std::string& date,
                                         engine::EvalMode mode = engine::EvalMode::kExplain) {
  EXPECT_TRUE(c.program != nullptr) << AllDiagnostics(c);
  if (!c.program) return {};
  engine::Evaluator ev(c.program);
  engine::Decision d = ev.Evaluate(Firm(firm_json), *engine::CivilDate::Parse(date), mode);
  int index = c.program->FindPolicy(policy_id);
  EXPECT_GE(index, 0) << policy_id;
  return index < 0 ? engine::PolicyDecision{} : d.policies[static_cast<size_t>(index)];
}

inline std::vector<std::string> FailingLabels(const dsl::Compilation& c, const engine::PolicyDecision& d) {
  std::vector<std::string> out;
  for (int f : d.failing) out.push_back(c.program->policies[static_cast<size_t>(d.policy)].clauses[static_cast<size_t>(f)].label);
  return out;
}

inline std::vector<std::string> MissingNames(const dsl::Compilation& c, const engine::PolicyDecision& d) {
  std::vector<std::string> out;
  for (const engine::MissingField& m : d.missing) {
    std::string s = c.program->schema->fields()[static_cast<size_t>(m.field)].name;
    if (m.year) s += "[" + std::to_string(*m.year) + "]";
    out.push_back(s);
  }
  return out;
}

}  // namespace duixian::testing_internal

#endif  // DX_TESTS_DSL_EVAL_FIXTURE_H_
