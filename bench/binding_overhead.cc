// Per-call cost of evaluating through libduixian's C++ API and C ABI against
// calling the engine directly (the CLI's path: decode, evaluate,
// DecisionToJson), for one firm at a time and for a batch of firms. Verdict
// mode, one-line JSON: the screening case, where overhead shows most.
//
//   binding_overhead POLICY_DIR FIRMS.jsonl DATE SINGLE_CALLS ROUNDS
//
// Prints one line per door: door, single-call µs (thread CPU, wall), batch
// µs per firm (thread CPU, wall), result bytes of one batch. Run by
// bench/binding_overhead.sh next to the Python and Java doors.
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "dsl/compiler.h"
#include "duixian/duixian.h"
#include "duixian/duixian.hpp"
#include "engine/eval/decision_json.h"
#include "engine/eval/evaluator.h"
#include "engine/profile/firm_decoder.h"

namespace {

double Now(clockid_t clock) {
  timespec ts;
  clock_gettime(clock, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

struct Timing {
  double cpu_us = 0, wall_us = 0;
};

void Keep(Timing* best, double c0, double w0, double per) {
  best->cpu_us = std::min(best->cpu_us, (Now(CLOCK_THREAD_CPUTIME_ID) - c0) / per);
  best->wall_us = std::min(best->wall_us, (Now(CLOCK_MONOTONIC) - w0) / per);
}

// One way in: evaluate one firm (returns the JSON size), evaluate a batch
// (returns the total JSON size).
struct Door {
  const char* name;
  std::function<size_t(const std::string&)> single;
  std::function<size_t(const std::vector<std::string>&)> batch;
  Timing single_best{1e300, 1e300}, batch_best{1e300, 1e300};
  size_t bytes = 0;
};

void Report(const Door& d) {
  std::printf("%s\t%.2f\t%.2f\t%.2f\t%.2f\t%zu\n", d.name, d.single_best.cpu_us, d.single_best.wall_us,
              d.batch_best.cpu_us, d.batch_best.wall_us, d.bytes);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::cerr << "usage: binding_overhead POLICY_DIR FIRMS.jsonl DATE SINGLE_CALLS ROUNDS\n";
    return 2;
  }
  const std::string dir = argv[1], date = argv[3];
  const int single_calls = std::stoi(argv[4]), rounds = std::stoi(argv[5]);
  std::vector<std::string> firms;
  {
    std::ifstream in(argv[2]);
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) firms.push_back(line);
    }
  }
  const std::string& one = firms.at(0);
  const double n = static_cast<double>(firms.size());
  std::vector<Door> doors;

  // Direct: the engine as tools/duixian/cmd_eval.cc drives it.
  absl::StatusOr<duixian::dsl::Compilation> c = duixian::dsl::CompileDirectory(dir);
  if (!c.ok() || !c->program) return 1;
  duixian::engine::Evaluator ev(c->program);
  duixian::engine::CivilDate d = *duixian::engine::CivilDate::Parse(date);
  auto direct = [&](const std::string& text) {
    duixian::engine::FirmDecodeResult r = duixian::engine::DecodeFirmJson(*c->schema, text, "firm");
    if (!r.record) return std::string();
    return duixian::engine::DecisionToJson(*c->program, ev.Evaluate(*r.record, d, duixian::engine::EvalMode::kVerdict),
                                           -1);
  };
  doors.push_back({"c++ engine (direct)", [&](const std::string& f) { return direct(f).size(); },
                   [&](const std::vector<std::string>& fs) {
                     size_t bytes = 0;
                     for (const std::string& f : fs) bytes += direct(f).size();
                     return bytes;
                   }});

  // C++ API (libduixian.so).
  auto set = duixian::PolicySet::LoadDirectory(dir);
  duixian::EvalOptions o{date, duixian::Mode::kVerdict, -1};
  doors.push_back({"c++ api", [&](const std::string& f) { return set->Evaluate(f, o).size(); },
                   [&](const std::vector<std::string>& fs) {
                     std::vector<std::string_view> views(fs.begin(), fs.end());
                     size_t bytes = 0;
                     for (const duixian::BatchItem& item : set->EvaluateBatch(views, o)) bytes += item.json.size();
                     return bytes;
                   }});

  // C ABI.
  duixian_policy_set* cset = nullptr;
  if (duixian_policy_set_load_dir(dir.c_str(), &cset, nullptr, nullptr) != DUIXIAN_OK) return 1;
  doors.push_back({"c abi",
                   [&](const std::string& f) {
                     char* out = nullptr;
                     duixian_evaluate(cset, f.data(), f.size(), nullptr, date.c_str(), DUIXIAN_EVAL_COMPACT, &out,
                                      nullptr);
                     size_t bytes = out ? std::strlen(out) : 0;
                     duixian_free(out);
                     return bytes;
                   },
                   [&](const std::vector<std::string>& fs) {
                     std::vector<const char*> ptrs;
                     std::vector<size_t> lens;
                     for (const std::string& f : fs) {
                       ptrs.push_back(f.c_str());
                       lens.push_back(f.size());
                     }
                     duixian_batch* b = nullptr;
                     duixian_evaluate_batch(cset, ptrs.data(), lens.data(), nullptr, ptrs.size(), date.c_str(),
                                            DUIXIAN_EVAL_COMPACT, &b, nullptr);
                     size_t bytes = 0;
                     for (size_t i = 0; i < duixian_batch_size(b); ++i) bytes += std::strlen(duixian_batch_text(b, i));
                     duixian_batch_free(b);
                     return bytes;
                   }});

  // Rounds alternate between the doors so drift in machine load hits all
  // of them alike; each door keeps its best round. Round 0 warms up.
  for (int r = 0; r <= rounds; ++r) {
    for (Door& door : doors) {
      double c0 = Now(CLOCK_THREAD_CPUTIME_ID), w0 = Now(CLOCK_MONOTONIC);
      for (int i = 0; i < single_calls; ++i) door.single(one);
      if (r > 0) Keep(&door.single_best, c0, w0, single_calls);
      c0 = Now(CLOCK_THREAD_CPUTIME_ID), w0 = Now(CLOCK_MONOTONIC);
      door.bytes = door.batch(firms);
      if (r > 0) Keep(&door.batch_best, c0, w0, n);
    }
  }
  for (const Door& door : doors) Report(door);
  duixian_policy_set_free(cset);
  return 0;
}
