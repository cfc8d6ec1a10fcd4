// Evaluates firm files against a policy set through the C++ API (one batch
// call) and prints the results exactly as `duixian eval --format json` does.
//
//   evaluate_cpp POLICY_DIR YYYY-MM-DD FIRM.json…
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <duixian/duixian.hpp>

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: " << argv[0] << " POLICY_DIR YYYY-MM-DD FIRM.json...\n";
    return 2;
  }
  try {
    std::shared_ptr<const duixian::PolicySet> set = duixian::PolicySet::LoadDirectory(argv[1]);
    std::vector<std::string> texts, paths;
    int status = 0;
    for (int i = 3; i < argc; ++i) {
      std::ifstream in(argv[i], std::ios::binary);
      if (!in) {
        std::cerr << argv[i] << ": cannot read the file\n";
        status = 1;
        continue;
      }
      std::stringstream text;
      text << in.rdbuf();
      texts.push_back(text.str());
      paths.push_back(argv[i]);
    }
    std::vector<std::string_view> firms(texts.begin(), texts.end()), names(paths.begin(), paths.end());
    std::vector<duixian::BatchItem> results = set->EvaluateBatch(firms, {argv[2]}, names);
    bool many = argc > 4, first = true;
    if (many) std::cout << "[\n";
    for (const duixian::BatchItem& r : results) {
      if (r.status != duixian::Status::kOk) {
        std::cerr << "error: " << r.error << "\n";
        status = 1;
        continue;
      }
      std::cout << (first ? "" : ",\n") << r.json;
      first = false;
    }
    std::cout << (many ? "\n]\n" : "\n");
    return status;
  } catch (const duixian::Error& e) {
    std::cerr << duixian::StatusName(e.status()) << ": " << e.what() << "\n";
    for (const duixian::DiagnosticInfo& d : e.diagnostics()) {
      std::cerr << d.file << ":" << d.line << ":" << d.column << ": " << d.code << " " << d.message << "\n";
    }
    return 1;
  }
}
