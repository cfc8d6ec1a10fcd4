// Compiles a policy set: parse every file, resolve names against the
// firm-profile schema and the shared definitions, check types and units, and
// lower all policies into one engine::Program with a shared rule graph. The
// inline `test` blocks are checked too and returned ready to run.
//
//   absl::StatusOr<Compilation> c = CompileDirectory("policies");
//   if (c.ok() && c->program) { engine::Evaluator ev(c->program); … }
//
// Problems in the policies are diagnostics in Compilation::diagnostics; a
// non-OK status means the set could not be read at all (missing schema, an
// unreadable file).
#ifndef DX_DSL_COMPILER_H_
#define DX_DSL_COMPILER_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/diag/diagnostic.h"
#include "common/source/source_manager.h"
#include "dsl/ast/ast.h"
#include "dsl/parse/parser.h"
#include "engine/eval/decision.h"
#include "engine/eval/program.h"
#include "engine/profile/firm_record.h"

namespace duixian::dsl {

// One inline `test` block, with its partial profile decoded.
struct PolicyTestCase {
  int policy = -1;  // index into Program::policies
  std::string name;
  std::string location;  // "path:line"
  engine::FirmRecord firm;
  engine::CivilDate date;
  ast::ExpectedVerdict verdict = ast::ExpectedVerdict::kNone;
  std::vector<std::string> because;           // clause labels
  std::vector<engine::MissingField> missing;  // year unset: any year of the field
  std::optional<engine::Number> benefit;
};

struct Compilation {
  std::unique_ptr<SourceManager> sources;
  DiagnosticSink diagnostics;
  std::shared_ptr<const engine::Schema> schema;
  std::shared_ptr<const engine::HolidayCalendar> calendar;
  // Null when any error was reported.
  std::shared_ptr<const engine::Program> program;
  std::vector<PolicyTestCase> tests;
  std::vector<ast::PolicyFile> files;
  // Modules of the files the caller named (CompilePaths), as opposed to
  // those loaded only because they are imported.
  std::vector<std::string> named_modules;
};

// Limits on what a policy set may ask of the compiler (defaults and reasons
// in docs/reliability.md). Past one, a diagnostic names the file, the place
// and the limit; hostile or broken input never crashes the compiler,
// exhausts its stack or keeps it busy for long.
struct CompileLimits {
  size_t max_file_bytes = 1u << 20;            // one policy file (E0112)
  ParseLimits parse;                           // expression nesting (E0108)
  int max_clauses = 256;                       // clauses of one policy, exceptions and requires included (E0409)
  uint64_t max_elaboration_steps = 5'000'000;  // the whole set, definitions expanded (E0410)
  int max_elaboration_depth = 1024;            // one expression, definitions expanded (E0411)
};

struct SourceInput {
  std::string module;  // "common", "kj/rd-post-subsidy"
  std::string path;    // shown in diagnostics
  std::string text;
};

// `root` holds schema.json, calendar.json and the .policy files (searched
// recursively); if `root` lacks schema.json, its parents are searched (so a
// department folder can be compiled with the shared files above it).
absl::StatusOr<Compilation> CompileDirectory(const std::string& root, const CompileLimits& limits = {});

// Like CompileDirectory for several folders and single .policy files: the
// shared files are found at or above the first path; imports are loaded
// from there.
absl::StatusOr<Compilation> CompilePaths(const std::vector<std::string>& paths, const CompileLimits& limits = {});

// For tests and embedders: compile in-memory sources.
Compilation CompileSources(std::shared_ptr<const engine::Schema> schema,
                           std::shared_ptr<const engine::HolidayCalendar> calendar,
                           std::vector<SourceInput> inputs, const CompileLimits& limits = {});

}  // namespace duixian::dsl

#endif  // DX_DSL_COMPILER_H_
