// `duixian fmt`: rewrite policy files in the canonical layout, or with
// --check only list the files that are not in it.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <system_error>

#include "dsl/format/formatter.h"
#include "tools/duixian/cli.h"

namespace duixian::cli {
namespace {

namespace fs = std::filesystem;

constexpr char kFmtHelp[] =
    "usage: duixian fmt [--check] PATH…\n\n"
    "Lays out .policy files in the one canonical form: items and blocks on their\n"
    "own lines and indented, one spacing between tokens, metadata and trailing\n"
    "comments aligned, full-width punctuation typed by an input method made\n"
    "ASCII (never inside quoted text). Line breaks inside expressions and test\n"
    "data stay where the author put them; keywords stay in the language they\n"
    "were written in; comments stay. The compiled rules and the policy-set\n"
    "digest never change. A file with syntax errors is reported and left alone.\n\n"
    "  PATH         a .policy file, or a folder (all .policy files below it);\n"
    "               `-` reads standard input and writes the result to standard output\n"
    "  --check      write nothing; list the files that would change and exit 1 if any\n";

// The .policy files named by the arguments, folders expanded in sorted order.
bool CollectFiles(const std::vector<std::string>& paths, std::vector<std::string>* files) {
  for (const std::string& p : paths) {
    std::error_code ec;
    if (p == "-") {
      files->push_back(p);
    } else if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::end(it);
           it.increment(ec)) {
        if (it->is_regular_file() && it->path().extension() == ".policy") {
          found.push_back(it->path().string());
        }
      }
      std::sort(found.begin(), found.end());
      files->insert(files->end(), found.begin(), found.end());
    } else if (fs::is_regular_file(p, ec)) {
      files->push_back(p);
    } else {
      std::cerr << "duixian fmt: cannot read " << p << ": no such file or folder\n";
      return false;
    }
  }
  return true;
}

bool ReadAll(std::istream& in, std::string* text) {
  std::ostringstream buf;
  buf << in.rdbuf();
  *text = buf.str();
  return !in.bad();
}

// Replaces `path` atomically: a crash leaves the old file or the new one.
bool WriteFile(const std::string& path, const std::string& text) {
  std::string tmp = path + ".fmt-tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) return false;
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) fs::remove(tmp, ec);
  return !ec;
}

// SourceManager normalises line endings and strips a BOM; compare like with
// like so a CRLF file counts as changed only when its layout differs.
std::string Canonical(std::string text) {
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out.push_back('\n');
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

}  // namespace

int RunFmt(int argc, char** argv) {
  Args args = ParseArgs(argc, argv, 2, {"lang", "color", "cjk-ambiguous-width", "diagnostics-format"},
                        {"help", "check"});
  if (args.Has("help")) {
    std::cout << kFmtHelp << kOutputHelp;
    return kExitOk;
  }
  OutputOptions out_options;
  if (!args.error.empty() || args.positional.empty()) {
    std::cerr << "duixian fmt: " << (args.error.empty() ? "name the files or folders to format" : args.error)
              << "\n" << kFmtHelp;
    return kExitUsage;
  }
  if (!ReadOutputOptions(args, &out_options)) return kExitUsage;
  std::vector<std::string> files;
  if (!CollectFiles(args.positional, &files)) return kExitFailure;
  const bool check = args.Has("check");

  int exit_code = kExitOk;
  for (const std::string& path : files) {
    std::string text;
    bool read_ok;
    if (path == "-") {
      read_ok = ReadAll(std::cin, &text);
    } else {
      std::ifstream in(path, std::ios::binary);
      read_ok = in && ReadAll(in, &text);
    }
    if (!read_ok) {
      std::cerr << "duixian fmt: cannot read " << path << "\n";
      exit_code = std::max(exit_code, kExitFailure);
      continue;
    }
    SourceManager sources;
    DiagnosticSink sink;
    const std::string shown = path == "-" ? "<stdin>" : path;
    absl::StatusOr<std::string> formatted = dsl::FormatSource(shown, text, sources, sink);
    if (!formatted.ok()) {
      PrintDiagnostics(sink.diagnostics(), sources, out_options);
      std::cerr << "duixian fmt: " << formatted.status().message() << "\n";
      bool internal = formatted.status().code() == absl::StatusCode::kInternal;
      exit_code = std::max(exit_code, internal ? kExitInternal : kExitFailure);
      if (path == "-" && !check) std::cout << text;  // a filter passes what it cannot format
      continue;
    }
    const bool changed = *formatted != Canonical(text);
    if (path == "-") {
      if (check) {
        if (changed) {
          std::cout << shown << "\n";
          exit_code = std::max(exit_code, kExitFailure);
        }
      } else {
        std::cout << *formatted;
      }
      continue;
    }
    if (!changed) continue;
    if (check) {
      std::cout << path << "\n";
      exit_code = std::max(exit_code, kExitFailure);
    } else if (!WriteFile(path, *formatted)) {
      std::cerr << "duixian fmt: cannot write " << path << "\n";
      exit_code = std::max(exit_code, kExitFailure);
    } else {
      std::cout << path << "\n";
    }
  }
  return exit_code;
}

}  // namespace duixian::cli
