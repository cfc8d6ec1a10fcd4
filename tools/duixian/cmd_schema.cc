#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "engine/profile/schema.h"
#include "tools/duixian/cli.h"

namespace duixian::cli {

int RunSchema(int argc, char** argv) {
  Args args = ParseArgs(argc, argv, 2, {"policies"}, {"help", "json-schema"});
  if (args.Has("help")) {
    std::cout << "usage: duixian schema [--policies DIR] [--json-schema]\n\n"
                 "Prints the firm-profile fields (English name, Chinese label, type, source)\n"
                 "of DIR/schema.json (default: policies), or with --json-schema a JSON Schema\n"
                 "(draft 2020-12) of a firm file, for validating exports.\n";
    return kExitOk;
  }
  if (!args.error.empty() || !args.positional.empty()) {
    std::cerr << "duixian schema: " << (args.error.empty() ? "unexpected argument" : args.error) << "\n";
    return kExitUsage;
  }
  std::filesystem::path path = std::filesystem::path(args.Get("policies", "policies")) / "schema.json";
  std::ifstream in(path);
  if (!in) {
    std::cerr << "duixian schema: cannot read " << path.string() << "\n";
    return kExitFailure;
  }
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<engine::Schema> schema = engine::Schema::FromJson(text.str(), path.string());
  if (!schema.ok()) {
    std::cerr << "duixian schema: " << schema.status().message() << "\n";
    return kExitFailure;
  }
  if (args.Has("json-schema")) {
    std::cout << schema->ToJsonSchema() << "\n";
    return kExitOk;
  }
  for (const engine::FieldDef& f : schema->fields()) {
    std::cout << f.name << "\t" << f.label << "\t" << engine::FieldTypeName(f.type) << (f.yearly ? "[year]" : "")
              << "\t" << f.source << "\n";
    for (const engine::FieldDef& r : f.record_fields) {
      std::cout << "  ." << r.name << "\t" << r.label << "\t" << engine::FieldTypeName(r.type) << "\n";
    }
  }
  return kExitOk;
}

}  // namespace duixian::cli
