// duixian-lint.json: per-project rule levels and calendar settings.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "dsl/lint/lint.h"
#include "nlohmann/json.hpp"

namespace duixian::dsl {
namespace {

absl::Status Bad(const std::string& origin, const std::string& what) {
  return absl::InvalidArgumentError(absl::StrCat(origin, ": ", what));
}

}  // namespace

absl::StatusOr<LintConfig> ParseLintConfig(std::string_view json_text, const std::string& origin) {
  nlohmann::json j = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Bad(origin, "not valid JSON");
  if (!j.is_object()) return Bad(origin, "must be a JSON object");
  LintConfig config;
  for (const auto& [key, value] : j.items()) {
    if (key == "rules") {
      if (!value.is_object()) return Bad(origin, "\"rules\" must be an object of code: level");
      for (const auto& [code_name, level] : value.items()) {
        DiagCode code{};
        if (!ParseCode(code_name, &code) || !IsLintCode(code)) {
          return Bad(origin, absl::StrCat("rules: `", code_name, "` is not a lint rule (see docs/lint.md)"));
        }
        std::string l = level.is_string() ? level.get<std::string>() : "";
        if (l == "off") {
          config.levels[code] = RuleLevel::kOff;
        } else if (l == "warning") {
          config.levels[code] = RuleLevel::kWarning;
        } else if (l == "error") {
          config.levels[code] = RuleLevel::kError;
        } else {
          return Bad(origin, absl::StrCat("rules.", code_name, ": level must be \"off\", \"warning\" or \"error\""));
        }
      }
    } else if (key == "calendar") {
      if (!value.is_object()) return Bad(origin, "\"calendar\" must be an object");
      for (const auto& [ckey, cvalue] : value.items()) {
        if (ckey == "count_first_day" && cvalue.is_boolean()) {
          config.count_first_day = cvalue.get<bool>();
        } else if (ckey == "min_working_days" && cvalue.is_number_integer() && cvalue.get<int>() > 0) {
          config.min_working_days = cvalue.get<int>();
        } else {
          return Bad(origin, absl::StrCat("calendar.", ckey,
                                          ": expected count_first_day (true/false) or min_working_days (> 0)"));
        }
      }
    } else if (key != "$comment") {
      return Bad(origin, absl::StrCat("unknown key \"", key, "\" (expected rules, calendar)"));
    }
  }
  return config;
}

absl::StatusOr<LintConfig> LoadLintConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ParseLintConfig(ss.str(), path);
}

std::string FindLintConfig(const std::string& start) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path dir = fs::weakly_canonical(fs::path(start), ec);
  if (ec) return "";
  if (!fs::is_directory(dir, ec)) dir = dir.parent_path();
  for (; !dir.empty(); dir = dir.parent_path()) {
    fs::path candidate = dir / "duixian-lint.json";
    if (fs::exists(candidate, ec)) return candidate.string();
    if (dir == dir.root_path()) break;
  }
  return "";
}

}  // namespace duixian::dsl
