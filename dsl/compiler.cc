#include "dsl/compiler.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/hash/sha256.h"
#include "dsl/parse/parser.h"
#include "dsl/sema/elaborator.h"
#include "dsl/sema/test_data.h"

namespace duixian::dsl {
namespace {

namespace fs = std::filesystem;

// Reads at most `max_bytes` + 1 bytes: enough for the compiler to tell that
// a file is over the limit without holding all of a huge file.
absl::StatusOr<std::string> ReadFile(const fs::path& path, size_t max_bytes = SIZE_MAX - 1) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path.string()));
  std::string text;
  char buf[1 << 16];
  while (text.size() <= max_bytes && in.read(buf, sizeof buf).gcount() > 0) {
    text.append(buf, static_cast<size_t>(in.gcount()));
  }
  if (in.bad()) return absl::DataLossError(absl::StrCat("cannot read ", path.string()));
  if (text.size() > max_bytes + 1) text.resize(max_bytes + 1);
  return text;
}

// Errors after which the parser's tree is a guess (as opposed to problems it
// reports and recovers from exactly: full-width punctuation, bad dates, units).
bool IsSyntaxError(DiagCode code) {
  switch (code) {
    case DiagCode::kE0101:
    case DiagCode::kE0102:
    case DiagCode::kE0103:
    case DiagCode::kE0105:
    case DiagCode::kE0108:
    case DiagCode::kE0109:
    case DiagCode::kE0112:
      return true;
    default:
      return false;
  }
}

struct Unit {
  ParseResult parsed;
  std::string path;
};

// Loads modules named by imports from the base folder, on demand.
using ModuleLoader = std::function<std::optional<SourceInput>(const std::string& module)>;

Compilation CompileImpl(std::shared_ptr<const engine::Schema> schema,
                        std::shared_ptr<const engine::HolidayCalendar> calendar,
                        std::vector<SourceInput> inputs, const ModuleLoader& loader,
                        const CompileLimits& limits) {
  Compilation c;
  c.sources = std::make_unique<SourceManager>();
  c.schema = schema;
  c.calendar = calendar;

  // Parse every file, then whatever they import that was not given.
  std::vector<Unit> units;
  std::map<std::string, size_t> by_module;
  std::vector<SourceInput> queue = std::move(inputs);
  for (size_t i = 0; i < queue.size(); ++i) {
    SourceInput in = queue[i];
    if (by_module.count(in.module)) continue;
    Unit u;
    if (in.text.size() > limits.max_file_bytes) {
      // Not parsed, not kept: the module exists (imports of it resolve) but
      // is empty.
      FileId id = c.sources->AddBuffer(in.path, "");
      c.diagnostics.Report(DiagCode::kE0112, SourceRange{id, 0, 0}, {{"limit", std::to_string(limits.max_file_bytes)}})
          .Emit();
      u.parsed.file.file = id;
      u.parsed.file.module = in.module;
      u.path = in.path;
      by_module[in.module] = units.size();
      units.push_back(std::move(u));
      continue;
    }
    FileId id = c.sources->AddBuffer(in.path, std::move(in.text));
    u.parsed = ParseFile(c.sources->file(id), in.module, c.diagnostics, limits.parse);
    u.path = in.path;
    by_module[in.module] = units.size();
    for (const ast::ImportDecl& imp : u.parsed.file.imports) {
      if (by_module.count(imp.module)) continue;
      bool queued = std::any_of(queue.begin(), queue.end(),
                                [&](const SourceInput& q) { return q.module == imp.module; });
      if (queued) continue;
      if (loader) {
        if (std::optional<SourceInput> more = loader(imp.module)) queue.push_back(std::move(*more));
      }
    }
    units.push_back(std::move(u));
  }

  // A file the parser had to recover from holds a guessed tree: semantic
  // problems found in it are mostly echoes of the syntax error, so they are
  // dropped; those in other files are kept.
  std::set<FileId> broken;
  for (const Diagnostic& d : c.diagnostics.diagnostics()) {
    if (IsSyntaxError(d.code)) broken.insert(d.primary.file);
  }
  DiagnosticSink sink;  // semantic diagnostics, merged at the end

  // Visible definitions per file: its own, then its imports' (transitively).
  std::vector<DefineTable> visible(units.size());
  for (size_t i = 0; i < units.size(); ++i) {
    const ast::PolicyFile& f = units[i].parsed.file;
    for (const ast::ImportDecl& imp : f.imports) {
      if (!by_module.count(imp.module)) {
        std::vector<std::string> modules;
        for (const auto& [m, idx] : by_module) modules.push_back(m);
        std::string near = Elaborator::Suggest(imp.module, modules);
        auto b = sink.Report(DiagCode::kE0203, imp.span, {{"name", imp.module}});
        if (!near.empty()) {
          std::move(b).Help({absl::StrCat("did you mean `", near, "`?"), absl::StrCat("是不是 `", near, "`？")});
        }
        std::move(b).Emit();
      }
    }
    std::set<size_t> reach = {i};
    std::vector<size_t> stack = {i};
    while (!stack.empty()) {
      size_t u = stack.back();
      stack.pop_back();
      for (const ast::ImportDecl& imp : units[u].parsed.file.imports) {
        auto it = by_module.find(imp.module);
        if (it != by_module.end() && reach.insert(it->second).second) stack.push_back(it->second);
      }
    }
    // Own definitions first so they shadow imported ones.
    for (const ast::DefineDecl& d : f.defines) {
      auto [it, added] = visible[i].defines.emplace(d.name, &d);
      if (!added) {
        sink.Report(DiagCode::kE0207, d.name_span, {{"name", d.name}})
            .Label(it->second->name_span, {"first defined here", "首次定义在这里"})
            .Emit();
      }
    }
    for (size_t u : reach) {
      if (u == i) continue;
      for (const ast::DefineDecl& d : units[u].parsed.file.defines) {
        auto [it, inserted] = visible[i].defines.emplace(d.name, &d);
        // Redefining an imported name would silently shadow the shared
        // definition: a shared clause copied by hand.
        // (a copy of it->second: C++17 lambdas cannot capture a structured binding; clang refuses)
        const ast::DefineDecl* existing = it->second;
        if (!inserted && existing != &d &&
            std::any_of(f.defines.begin(), f.defines.end(), [&](const ast::DefineDecl& own) { return &own == existing; })) {
          sink.Report(DiagCode::kE0207, it->second->name_span, {{"name", d.name}})
              .Note({absl::StrCat("`", d.name, "` is already defined in imported module `", units[u].parsed.file.module, "`"),
                     absl::StrCat("导入的模块 `", units[u].parsed.file.module, "` 已定义 `", d.name, "`")})
              .Help({"use the shared definition instead of redefining it", "直接使用共用定义，不要重复定义"})
              .Emit();
        }
      }
    }
  }

  // Policy ids across the whole set.
  absl::flat_hash_map<std::string, int> policy_index;
  std::vector<std::pair<size_t, const ast::PolicyDecl*>> policies;
  for (size_t i = 0; i < units.size(); ++i) {
    for (const ast::PolicyDecl& p : units[i].parsed.file.policies) {
      auto seen = policy_index.find(p.id);
      if (seen != policy_index.end()) {
        sink.Report(DiagCode::kE0205, p.id_span, {{"name", p.id}})
            .Label(policies[static_cast<size_t>(seen->second)].second->id_span,
                   {"first defined here", "首次定义在这里"})
            .Emit();
        continue;
      }
      policy_index[p.id] = static_cast<int>(policies.size());
      policies.emplace_back(i, &p);
      if (p.clauses.size() > static_cast<size_t>(limits.max_clauses)) {
        sink.Report(DiagCode::kE0409, p.id_span,
                    {{"name", p.id}, {"count", std::to_string(p.clauses.size())},
                     {"limit", std::to_string(limits.max_clauses)}})
            .Emit();
      }
    }
  }

  auto program = std::make_shared<engine::Program>();
  program->schema = schema;
  program->calendar = calendar;
  engine::GraphBuilder graph;
  Elaborator elab(*schema, *c.sources, sink, graph, program->observables);
  elab.set_policy_index(&policy_index);
  ElaborationBudget budget;
  budget.max_steps = limits.max_elaboration_steps;
  budget.max_depth = limits.max_elaboration_depth;
  elab.set_budget(&budget);
  for (size_t i = 0; i < units.size(); ++i) {
    for (const ast::DefineDecl& d : units[i].parsed.file.defines) elab.CheckDefine(d, visible[i]);
  }
  std::vector<std::vector<int>> requires_edges(policies.size());
  program->policies.resize(policies.size());
  for (size_t k = 0; k < policies.size(); ++k) {
    elab.LowerPolicy(*policies[k].second, visible[policies[k].first], program->policies[k],
                     &requires_edges[k]);
    program->policy_index[policies[k].second->id] = static_cast<int>(k);
  }

  // Policies may not require each other in a cycle.
  std::vector<int> state(policies.size(), 0);  // 0 new, 1 on stack, 2 done
  std::vector<int> path;
  std::function<bool(int)> dfs = [&](int v) {
    state[static_cast<size_t>(v)] = 1;
    path.push_back(v);
    for (int w : requires_edges[static_cast<size_t>(v)]) {
      if (state[static_cast<size_t>(w)] == 1) {
        std::vector<std::string> names;
        auto from = std::find(path.begin(), path.end(), w);
        for (auto it = from; it != path.end(); ++it) names.push_back(policies[static_cast<size_t>(*it)].second->id);
        names.push_back(policies[static_cast<size_t>(w)].second->id);
        const ast::PolicyDecl* p = policies[static_cast<size_t>(v)].second;
        sink.Report(DiagCode::kE0401, p->id_span, {{"cycle", absl::StrJoin(names, " → ")}}).Emit();
        return true;
      }
      if (state[static_cast<size_t>(w)] == 0 && dfs(w)) return true;
    }
    state[static_cast<size_t>(v)] = 2;
    path.pop_back();
    return false;
  };
  for (size_t k = 0; k < policies.size(); ++k) {
    path.clear();
    if (state[k] == 0) dfs(static_cast<int>(k));
  }

  // Inline tests.
  for (size_t k = 0; k < policies.size(); ++k) {
    const ast::PolicyDecl& p = *policies[k].second;
    const engine::PolicyInfo& info = program->policies[k];
    for (const ast::TestDecl& t : p.tests) {
      PolicyTestCase tc;
      tc.policy = static_cast<int>(k);
      tc.name = t.name;
      const SourceFile& file = c.sources->file(t.span.file);
      tc.location = absl::StrCat(file.path(), ":", file.Locate(t.span.begin).line);
      std::optional<engine::FirmRecord> firm = BuildTestFirm(t.given, *schema, sink);
      if (firm) tc.firm = std::move(*firm);
      tc.firm.set_id(t.name);
      if (t.on) {
        tc.date = *t.on;
      } else if (p.window) {
        tc.date = p.window->start;
      } else if (p.effective) {
        tc.date = p.effective->start;
      } else if (p.reference_year) {
        tc.date = *engine::CivilDate::FromYmd(*p.reference_year + 1, 1, 1);
      } else {
        sink.Report(DiagCode::kE0402, t.span,
                    {{"name", p.id},
                     {"what", "date for this test (`on YYYY-MM-DD`)"},
                     {"what_zh", "本测试的评估日（`评估日 YYYY-MM-DD`）"}})
            .Emit();
      }
      tc.verdict = t.verdict;
      for (const ast::NamedSpan& b : t.because) {
        bool known = std::any_of(info.clauses.begin(), info.clauses.end(),
                                 [&](const engine::ClauseInfo& ci) { return ci.label == b.name; });
        if (!known) {
          std::vector<std::string> labels;
          for (const engine::ClauseInfo& ci : info.clauses) labels.push_back(ci.label);
          std::string near = Elaborator::Suggest(b.name, labels);
          auto d = sink.Report(DiagCode::kE0208, b.span, {{"name", b.name}});
          if (!near.empty()) {
            std::move(d).Help({absl::StrCat("did you mean `", near, "`?"), absl::StrCat("是不是 `", near, "`？")});
          }
          std::move(d).Emit();
        }
        tc.because.push_back(b.name);
      }
      for (const ast::MissingRef& m : t.missing) {
        int idx = schema->IndexOf(m.field);
        if (idx < 0) {
          sink.Report(DiagCode::kE0201, m.span, {{"name", m.field}}).Emit();
          continue;
        }
        tc.missing.push_back({idx, m.year});
      }
      if (t.benefit) {
        if (!p.benefit) {
          sink.Report(DiagCode::kE0405, t.benefit->span).Emit();
        } else {
          tc.benefit = elab.ConstantMoney(*t.benefit);
        }
      }
      c.tests.push_back(std::move(tc));
    }
  }

  // The digest: schema, calendar and every file's significant tokens, by module.
  Sha256 hash;
  hash.Update("duixian-policy-set/1\n");
  hash.Update(schema->CanonicalText());
  hash.Update("\n--calendar--\n");
  hash.Update(calendar->CanonicalText());
  for (const auto& [module, idx] : by_module) {
    hash.Update(absl::StrCat("\n--module ", module, "--\n"));
    hash.Update(units[idx].parsed.canonical_tokens);
  }
  program->digest = hash.FinishHex();
  program->graph = std::move(graph).Finish();

  for (Unit& u : units) c.files.push_back(std::move(u.parsed.file));
  for (const Diagnostic& d : sink.diagnostics()) {
    if (broken.count(d.primary.file) == 0) c.diagnostics.Add(d);
  }
  if (!c.diagnostics.has_errors() && !sink.has_errors()) c.program = std::move(program);
  return c;
}

}  // namespace

Compilation CompileSources(std::shared_ptr<const engine::Schema> schema,
                           std::shared_ptr<const engine::HolidayCalendar> calendar,
                           std::vector<SourceInput> inputs, const CompileLimits& limits) {
  return CompileImpl(std::move(schema), std::move(calendar), std::move(inputs), nullptr, limits);
}

absl::StatusOr<Compilation> CompileDirectory(const std::string& root_arg, const CompileLimits& limits) {
  return CompilePaths({root_arg}, limits);
}

absl::StatusOr<Compilation> CompilePaths(const std::vector<std::string>& path_args, const CompileLimits& limits) {
  if (path_args.empty()) return absl::InvalidArgumentError("no policy folder or file given");
  std::error_code ec;
  std::vector<fs::path> roots;
  for (const std::string& arg : path_args) {
    fs::path p = fs::weakly_canonical(fs::path(arg), ec);
    if (ec || !fs::exists(p)) return absl::NotFoundError(absl::StrCat("no such directory: ", arg));
    if (!fs::is_directory(p) && p.extension() != ".policy") {
      return absl::InvalidArgumentError(absl::StrCat("not a directory or .policy file: ", arg));
    }
    roots.push_back(p);
  }
  // The shared files (schema, calendar, imported modules) sit in the first
  // folder at or above the first path that has a schema.json.
  const std::string& root_arg = path_args[0];
  fs::path base = fs::is_directory(roots[0]) ? roots[0] : roots[0].parent_path();
  for (int up = 0; up < 4 && !fs::exists(base / "schema.json"); ++up) base = base.parent_path();
  if (!fs::exists(base / "schema.json")) {
    return absl::NotFoundError(absl::StrCat("no schema.json in ", root_arg, " or the folders above it"));
  }
  absl::StatusOr<std::string> schema_text = ReadFile(base / "schema.json");
  if (!schema_text.ok()) return schema_text.status();
  absl::StatusOr<engine::Schema> schema = engine::Schema::FromJson(*schema_text, (base / "schema.json").string());
  if (!schema.ok()) return schema.status();
  absl::StatusOr<std::string> cal_text = ReadFile(base / "calendar.json");
  if (!cal_text.ok()) return cal_text.status();
  absl::StatusOr<engine::HolidayCalendar> calendar = engine::HolidayCalendar::FromJson(*cal_text);
  if (!calendar.ok()) {
    return absl::InvalidArgumentError(absl::StrCat((base / "calendar.json").string(), ": ", calendar.status().message()));
  }

  // Paths are shown relative to the working directory when possible.
  auto display = [](const fs::path& p) {
    std::error_code e;
    fs::path rel = fs::relative(p, fs::current_path(e), e);
    return (e || rel.empty() || rel.string().rfind("..", 0) == 0) ? p.string() : rel.string();
  };
  auto module_of = [&](const fs::path& p) {
    fs::path rel = fs::relative(p, base);
    rel.replace_extension();
    return rel.generic_string();
  };
  std::vector<fs::path> files;
  for (const fs::path& root : roots) {
    if (!fs::is_directory(root)) {
      files.push_back(root);
      continue;
    }
    for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (it->is_regular_file() && it->path().extension() == ".policy") files.push_back(it->path());
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  std::vector<SourceInput> inputs;
  std::vector<std::string> named;
  for (const fs::path& p : files) {
    absl::StatusOr<std::string> text = ReadFile(p, limits.max_file_bytes);
    if (!text.ok()) return text.status();
    named.push_back(module_of(p));
    inputs.push_back({module_of(p), display(p), std::move(*text)});
  }
  ModuleLoader loader = [&](const std::string& module) -> std::optional<SourceInput> {
    fs::path p = base / (module + ".policy");
    absl::StatusOr<std::string> text = ReadFile(p, limits.max_file_bytes);
    if (!text.ok()) return std::nullopt;
    return SourceInput{module, display(p), std::move(*text)};
  };
  Compilation c = CompileImpl(std::make_shared<engine::Schema>(std::move(*schema)),
                              std::make_shared<engine::HolidayCalendar>(std::move(*calendar)),
                              std::move(inputs), loader, limits);
  c.named_modules = std::move(named);
  return c;
}

}  // namespace duixian::dsl
