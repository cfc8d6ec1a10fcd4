#include "engine/batch/threshold_sweep.h"

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/batch/population_scan.h"
#include "engine/batch/screen_summary.h"
#include "engine/batch/sweep_report.h"
#include "engine/eval/evaluator.h"
#include "engine/whatif/graph_analysis.h"
#include "engine/whatif/program_slice.h"
#include "nlohmann/json.hpp"

namespace duixian::engine {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

struct Step {
  std::shared_ptr<const Program> program;
  SweepPoint point;
};

class SweepWorker : public ScanWorker {
 public:
  SweepWorker(const std::vector<Step>& steps, int target, const std::vector<int>& affected, CivilDate date)
      : steps_(steps), target_(target), affected_(affected), date_(date), points_(steps.size()) {
    for (const Step& s : steps) evaluators_.push_back(std::make_unique<Evaluator>(s.program));
  }
  void Firm(const ScanInput&, const FirmRecord& firm, std::string*) override {
    for (size_t i = 0; i < steps_.size(); ++i) {
      Decision d = evaluators_[i]->Evaluate(firm, date_, EvalMode::kVerdict);
      SweepPoint& p = points_[i];
      const PolicyDecision& t = d.policies[static_cast<size_t>(target_)];
      switch (t.verdict) {
        case Verdict::kEligible: ++p.eligible; break;
        case Verdict::kUndetermined: ++p.undetermined; break;
        case Verdict::kIneligible: ++p.ineligible; break;
      }
      if (t.verdict == Verdict::kEligible && t.superseded_by < 0) {
        ++p.granted;
        if (t.benefit) p.benefit_fen += ToFen(*t.benefit);
      }
      for (int a : affected_) {
        const PolicyDecision& pd = d.policies[static_cast<size_t>(a)];
        if (pd.benefit && pd.superseded_by < 0) p.affected_fen += ToFen(*pd.benefit);
      }
    }
  }
  const std::vector<Step>& steps_;
  int target_;
  const std::vector<int>& affected_;
  CivilDate date_;
  std::vector<std::unique_ptr<Evaluator>> evaluators_;
  std::vector<SweepPoint> points_;
};

absl::Status WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << text;
  f.close();
  if (!f) return absl::PermissionDeniedError(absl::StrCat("cannot write ", path.string()));
  return absl::OkStatus();
}

}  // namespace

std::optional<Number> ParseQuantityText(const std::string& text) {
  struct Unit { const char* suffix; int64_t num, den; };
  static constexpr Unit kUnits[] = {
      {"亿元", 100000000, 1}, {"万元", 10000, 1}, {"元", 1, 1}, {"亿", 100000000, 1}, {"万", 10000, 1},
      {"%", 1, 100}, {"‰", 1, 1000}, {"工作日", 1, 1}, {"个月", 1, 1}, {"月", 1, 1}, {"年", 1, 1},
      {"天", 1, 1}, {"日", 1, 1}, {"人", 1, 1}, {"名", 1, 1}, {"项", 1, 1}, {"件", 1, 1}, {"个", 1, 1}, {"家", 1, 1}};
  std::string digits = text;
  Number scale = Number::FromInt(1);
  for (const Unit& u : kUnits) {
    std::string suffix = u.suffix;
    if (digits.size() > suffix.size() && digits.compare(digits.size() - suffix.size(), suffix.size(), suffix) == 0) {
      digits.resize(digits.size() - suffix.size());
      scale = Number::Ratio(u.num, u.den);
      break;
    }
  }
  std::optional<Number> n = Number::Parse(digits);
  if (!n) return std::nullopt;
  return Number::Mul(*n, scale);
}

absl::StatusOr<SweepResult> SweepThreshold(std::shared_ptr<const Program> program, const SweepOptions& o) {
  const int policy = program->FindPolicy(o.policy);
  if (policy < 0) return absl::NotFoundError(absl::StrCat("no policy `", o.policy, "` in the policy set"));
  const PolicyInfo& info = program->policies[static_cast<size_t>(policy)];
  int clause = -1;
  std::vector<std::string> labels;
  for (size_t c = 0; c < info.clauses.size(); ++c) {
    labels.push_back(info.clauses[c].label);
    if (info.clauses[c].label == o.clause) clause = static_cast<int>(c);
  }
  if (clause < 0) {
    return absl::NotFoundError(absl::StrCat("policy ", o.policy, " has no clause `", o.clause,
                                            "` (its clauses: ", absl::StrJoin(labels, ", "), ")"));
  }
  std::vector<whatif::Threshold> all = whatif::ThresholdsOf(*program, info.clauses[static_cast<size_t>(clause)].node);
  if (all.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("clause ", o.clause, " of ", o.policy,
                                                   " compares with no number or date constant (",
                                                   info.clauses[static_cast<size_t>(clause)].text, ")"));
  }
  const whatif::Threshold* th = nullptr;
  auto listing = [&](const std::vector<const whatif::Threshold*>& ts) {
    std::string out;
    for (const whatif::Threshold* t : ts) absl::StrAppend(&out, "\n  --threshold ", t->text, "    in ", t->context);
    return out;
  };
  std::vector<const whatif::Threshold*> every;
  for (const whatif::Threshold& t : all) every.push_back(&t);
  if (!o.threshold.empty()) {
    // By its text as shown, else by value ("20000000" for 2000万元, "3" for 3年).
    std::vector<const whatif::Threshold*> matches;
    for (const whatif::Threshold& t : all) {
      if (t.text == o.threshold) matches = {&t};
    }
    if (matches.empty()) {
      std::optional<CivilDate> d = CivilDate::Parse(o.threshold);
      std::optional<Number> n = d ? std::nullopt : ParseQuantityText(o.threshold);
      for (const whatif::Threshold& t : all) {
        if (const CivilDate* td = std::get_if<CivilDate>(&t.value)) {
          if (d && *d == *td) matches.push_back(&t);
        } else if (n && std::get<Number>(t.value).Abs() == n->Abs()) {
          matches.push_back(&t);
        }
      }
    }
    if (matches.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("clause ", o.clause, " of ", o.policy, " has no threshold `",
                                                     o.threshold, "`; its thresholds:", listing(every)));
    }
    if (matches.size() > 1) {
      return absl::InvalidArgumentError(absl::StrCat("--threshold ", o.threshold, " matches ", matches.size(),
                                                     " thresholds of clause ", o.clause,
                                                     "; name one as shown:", listing(matches)));
    }
    th = matches[0];
  } else if (all.size() > 1) {
    return absl::InvalidArgumentError(absl::StrCat("clause ", o.clause, " of ", o.policy, " has ", all.size(),
                                                   " thresholds; choose one with --threshold:", listing(every)));
  } else {
    th = &all[0];
  }
  if (o.steps < 1 || o.steps > 1000) return absl::InvalidArgumentError("steps must be from 1 to 1000");

  // The values, both ends included.
  std::vector<Constant> values;
  std::vector<std::string> shown;
  const bool is_date = std::holds_alternative<CivilDate>(th->value);
  if (is_date) {
    std::optional<CivilDate> a = CivilDate::Parse(o.from), b = CivilDate::Parse(o.to);
    if (!a || !b) return absl::InvalidArgumentError("the threshold is a date: give --from and --to as YYYY-MM-DD");
    int64_t span = b->days_since_epoch() - a->days_since_epoch();
    for (int i = 0; i <= o.steps; ++i) {
      int64_t off = span * i / o.steps;  // toward zero: whole days
      CivilDate d = a->AddDays(static_cast<int32_t>(off));
      values.push_back(d);
      shown.push_back(d.ToString());
    }
  } else {
    std::optional<Number> a = ParseQuantityText(o.from), b = ParseQuantityText(o.to);
    if (!a || !b) {
      return absl::InvalidArgumentError(absl::StrCat("cannot read --from `", o.from, "` / --to `", o.to,
                                                     "` as numbers (units: 元 万元 亿元 % ‰ 人 项 年 个月 天 …)"));
    }
    const bool negative = std::get<Number>(th->value).IsNegative();  // `date - 3年` lowers to + (-3)
    for (int i = 0; i <= o.steps; ++i) {
      Number v = *Number::Add(*a, *Number::Div(*Number::Mul(*Number::Sub(*b, *a), Number::FromInt(i)),
                                               Number::FromInt(o.steps)));
      if (th->duration) v = *v.RoundHalfUp(0);
      Number stored = negative ? v.Negate() : v;
      values.push_back(stored);
      // Show like the original: same unit words.
      if (th->duration) {
        std::string unit = th->text.substr(std::get<Number>(th->value).Abs().ToString().size());
        shown.push_back(absl::StrCat(v.ToString(), unit));
      } else {
        NodeId cmp = kNoNode;
        for (NodeId id : program->graph.Cone(info.clauses[static_cast<size_t>(clause)].node)) {
          for (NodeId op : program->graph.operands(id)) {
            if (op == th->constant && whatif::IsComparison(program->graph.node(id).op)) cmp = id;
          }
        }
        whatif::Quantity q = whatif::Quantity::kPlain;
        if (cmp != kNoNode) {
          absl::Span<const NodeId> ops = program->graph.operands(cmp);
          q = whatif::InferQuantity(*program, ops[0] == th->constant ? ops[1] : ops[0]);
        }
        shown.push_back(whatif::FormatQuantity(v, q));
      }
    }
  }

  std::vector<int> affected;
  std::vector<int> keep = whatif::PoliciesAround(*program, policy, &affected);
  std::vector<int> slice_index(program->policies.size(), -1);
  for (size_t i = 0; i < keep.size(); ++i) slice_index[static_cast<size_t>(keep[i])] = static_cast<int>(i);
  std::vector<int> affected_slice;
  for (int a : affected) affected_slice.push_back(slice_index[static_cast<size_t>(a)]);
  std::vector<Step> steps;
  for (size_t i = 0; i < values.size(); ++i) {
    whatif::Substitution sub{policy, clause, th->constant, values[i], o.move_benefit};
    Step s{whatif::SliceProgram(*program, keep, sub), {}};
    s.point.threshold = shown[i];
    s.point.value = is_date ? std::get<CivilDate>(values[i]).ToString()
                            : (std::get<Number>(th->value).IsNegative() ? std::get<Number>(values[i]).Negate()
                                                                        : std::get<Number>(values[i]))
                                  .ToString(40);
    steps.push_back(std::move(s));
  }
  const int target = slice_index[static_cast<size_t>(policy)];

  std::vector<std::unique_ptr<SweepWorker>> owned;
  std::vector<ScanWorker*> workers;
  for (int t = 0; t < std::max(1, o.threads); ++t) {
    owned.push_back(std::make_unique<SweepWorker>(steps, target, affected_slice, o.date));
    workers.push_back(owned.back().get());
  }
  absl::StatusOr<ScanCounts> counts = ScanPopulation(*program->schema, o.firms, workers, nullptr);
  if (!counts.ok()) return counts.status();

  SweepResult r;
  r.current = th->text;
  for (int p : whatif::BenefitsReading(*program, keep, th->constant)) {
    const PolicyInfo& pi = program->policies[static_cast<size_t>(p)];
    r.benefits_reading.push_back({pi.id, pi.benefit->text, o.move_benefit && p == policy});
  }
  for (int a : affected) r.affected.push_back(program->policies[static_cast<size_t>(a)].id);
  for (size_t i = 0; i < steps.size(); ++i) {
    SweepPoint p = steps[i].point;
    for (const auto& w : owned) {
      const SweepPoint& q = w->points_[i];
      p.eligible += q.eligible;
      p.undetermined += q.undetermined;
      p.ineligible += q.ineligible;
      p.granted += q.granted;
      p.benefit_fen += q.benefit_fen;
      p.affected_fen += q.affected_fen;
    }
    r.points.push_back(std::move(p));
  }
  r.inputs = counts->inputs;
  r.results = counts->results;
  r.errors = counts->errors;
  r.seconds = counts->seconds;

  std::error_code ec;
  fs::create_directories(o.out_dir, ec);
  if (ec) return absl::PermissionDeniedError(absl::StrCat("cannot create ", o.out_dir, ": ", ec.message()));
  const fs::path dir(o.out_dir);
  std::string csv = "step,threshold,value,eligible,undetermined,ineligible,granted,benefit,benefit_affected\r\n";
  ordered_json j;
  j["format"] = "duixian.sweep/1";
  j["date"] = o.date.ToString();
  j["policy_set"] = program->digest;
  j["policy"] = {{"id", info.id}, {"title", info.title}};
  j["clause"] = {{"label", o.clause}, {"text", info.clauses[static_cast<size_t>(clause)].text}};
  j["threshold"] = th->text;
  j["affected"] = r.affected;
  ordered_json reading = ordered_json::array();
  for (const SweepResult::BenefitReading& b : r.benefits_reading) {
    reading.push_back({{"policy", b.policy}, {"benefit", b.benefit}, {"moved", b.moved}});
  }
  j["benefit_reads_threshold"] = std::move(reading);
  j["inputs"] = r.inputs;
  j["results"] = r.results;
  j["errors"] = r.errors;
  ordered_json pts = ordered_json::array();
  for (size_t i = 0; i < r.points.size(); ++i) {
    const SweepPoint& p = r.points[i];
    absl::StrAppend(&csv, i, ",", p.threshold, ",", p.value, ",", p.eligible, ",", p.undetermined, ",", p.ineligible,
                    ",", p.granted, ",", FenToText(p.benefit_fen), ",", FenToText(p.affected_fen), "\r\n");
    pts.push_back({{"threshold", p.threshold}, {"value", p.value}, {"eligible", p.eligible},
                   {"undetermined", p.undetermined}, {"ineligible", p.ineligible}, {"granted", p.granted},
                   {"benefit", FenToText(p.benefit_fen)}, {"benefit_affected", FenToText(p.affected_fen)}});
  }
  j["points"] = std::move(pts);
  std::string text = j.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
  if (absl::Status s = WriteFile(dir / "sweep.csv", "\xEF\xBB\xBF" + csv); !s.ok()) return s;
  if (absl::Status s = WriteFile(dir / "sweep.json", text); !s.ok()) return s;
  if (absl::Status s = WriteFile(dir / "report.html", RenderSweepReport(nlohmann::json::parse(text))); !s.ok()) {
    return s;
  }
  r.report = (dir / "report.html").string();
  return r;
}

}  // namespace duixian::engine
