#include "tools/duixian/cli.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"

namespace duixian::cli {

const char kOutputHelp[] =
    "  --lang zh|en                 language of messages (default zh)\n"
    "  --diagnostics-format human|short|json   (check/test/doc: --format json is the same as json)\n"
    "  --color auto|always|never    colour diagnostics (auto: on a terminal, unless NO_COLOR)\n"
    "  --cjk-ambiguous-width 1|2    width of ambiguous characters such as “ ” (default 1)\n";

bool Args::Has(const std::string& flag) const {
  return std::find(flags.begin(), flags.end(), flag) != flags.end();
}

std::string Args::Get(const std::string& name, const std::string& fallback) const {
  auto it = options.find(name);
  return it == options.end() ? fallback : it->second;
}

Args ParseArgs(int argc, char** argv, int first, const std::vector<std::string>& value_options,
               const std::vector<std::string>& flag_options) {
  Args a;
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--", 0) != 0 || arg == "--") {
      a.positional.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2), value;
    bool has_value = false;
    size_t eq = name.find('=');
    if (eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    if (std::find(value_options.begin(), value_options.end(), name) != value_options.end()) {
      if (!has_value) {
        if (i + 1 >= argc) {
          a.error = absl::StrCat("option --", name, " needs a value");
          return a;
        }
        value = argv[++i];
      }
      a.options[name] = value;
    } else if (std::find(flag_options.begin(), flag_options.end(), name) != flag_options.end() && !has_value) {
      a.flags.push_back(name);
    } else {
      a.error = absl::StrCat("unknown option --", name);
      return a;
    }
  }
  return a;
}

bool RequireOptions(const char* command, const Args& args, const std::vector<std::string>& required) {
  for (const std::string& name : required) {
    if (args.Get(name).empty()) {
      std::cerr << "duixian " << command << ": --" << name << " is required\n";
      return false;
    }
  }
  if (!args.positional.empty()) {
    std::cerr << "duixian " << command << ": unexpected argument `" << args.positional[0] << "`\n";
    return false;
  }
  return true;
}

bool ReadOutputOptions(const Args& args, OutputOptions* out) {
  std::string lang = args.Get("lang", "zh");
  if (lang != "zh" && lang != "en") {
    std::cerr << "duixian: --lang must be zh or en, not `" << lang << "`\n";
    return false;
  }
  out->render.lang = lang == "en" ? Lang::kEn : Lang::kZh;
  std::string color = args.Get("color", "auto");
  if (color == "always") {
    out->render.color = true;
  } else if (color == "never") {
    out->render.color = false;
  } else if (color == "auto") {
    out->render.color = isatty(STDERR_FILENO) && std::getenv("NO_COLOR") == nullptr;
  } else {
    std::cerr << "duixian: --color must be auto, always or never\n";
    return false;
  }
  std::string width = args.Get("cjk-ambiguous-width", "1");
  if (width != "1" && width != "2") {
    std::cerr << "duixian: --cjk-ambiguous-width must be 1 or 2\n";
    return false;
  }
  out->render.ambiguous_wide = width == "2";
  out->diagnostics_format = args.Get("diagnostics-format", "human");
  // `check --format json` is the same as `--diagnostics-format json`.
  std::string format = args.Get("format", "");
  if (format == "json") out->diagnostics_format = "json";
  if (out->diagnostics_format != "human" && out->diagnostics_format != "short" &&
      out->diagnostics_format != "json") {
    std::cerr << "duixian: --diagnostics-format must be human, short or json\n";
    return false;
  }
  return true;
}

void PrintDiagnostics(const std::vector<Diagnostic>& diags, const SourceManager& sources,
                      const OutputOptions& o) {
  if (o.diagnostics_format == "json") {
    std::cerr << RenderJson(diags, sources, o.render) << "\n";
    return;
  }
  for (const Diagnostic& d : diags) {
    std::cerr << (o.diagnostics_format == "short" ? RenderShort(d, sources, o.render)
                                                  : RenderText(d, sources, o.render));
    if (o.diagnostics_format == "human") std::cerr << "\n";
  }
}

void PrintDiagnostics(const dsl::Compilation& c, const OutputOptions& o) {
  PrintDiagnostics(c.diagnostics.diagnostics(), *c.sources, o);
}

std::optional<std::string> PolicyDirArgument(const char* command, const Args& args) {
  if (!args.error.empty() || args.positional.size() > 1) {
    std::cerr << "duixian " << command << ": " << (args.error.empty() ? "at most one directory" : args.error)
              << "\n";
    return std::nullopt;
  }
  return args.positional.empty() ? std::string("policies") : args.positional[0];
}

std::optional<dsl::Compilation> CompilePolicies(const char* command, const std::string& dir,
                                                const OutputOptions& out, bool require_program) {
  absl::StatusOr<dsl::Compilation> c = dsl::CompileDirectory(dir);
  if (!c.ok()) {
    std::cerr << "duixian " << command << ": " << c.status().message() << "\n";
    return std::nullopt;
  }
  // For `check` the diagnostics are the output (an empty JSON array included);
  // other commands print them only when there are some.
  if (!require_program || !c->diagnostics.diagnostics().empty()) PrintDiagnostics(*c, out);
  if (require_program && !c->program) {
    std::cerr << "duixian " << command << ": the policies do not compile ("
              << DiagnosticSummary(*c, out.render.lang) << ")\n";
    return std::nullopt;
  }
  return std::move(*c);
}

std::string DiagnosticSummary(const dsl::Compilation& c, Lang lang) {
  size_t e = c.diagnostics.error_count(), w = c.diagnostics.warning_count();
  if (lang == Lang::kZh) return absl::StrCat(e, " 个错误，", w, " 个警告");
  return absl::StrCat(e, " error", e == 1 ? "" : "s", ", ", w, " warning", w == 1 ? "" : "s");
}

}  // namespace duixian::cli
