#include "engine/batch/screen_summary.h"

#include <algorithm>
#include <charconv>
#include <exception>
#include <limits>
#include <optional>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace duixian::engine {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

const char* ClauseKindName(ClauseKind k) {
  switch (k) {
    case ClauseKind::kCondition: return "condition";
    case ClauseKind::kException: return "exception";
    case ClauseKind::kRequires: return "requires";
  }
  return "?";
}

int64_t SaturatingAdd(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r)) {
    return b > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
  }
  return r;
}

}  // namespace

int64_t ToFen(const Number& amount) {
  // Most amounts have two decimals at most already (a denominator dividing
  // 100): nothing to round. ToFen runs for every granted policy of every
  // firm, three times (results line, matrix row, summary).
  const Number::Int den = amount.denominator();
  std::optional<Number> rounded;
  if (den > 100 || 100 % static_cast<int>(den) != 0) {
    rounded = amount.RoundHalfUp(2);
    if (!rounded) {
      return amount.IsNegative() ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max();
    }
  }
  const Number& r = rounded ? *rounded : amount;
  // Two places at most: the denominator divides 100.
  Number::Int fen = r.numerator() * (100 / r.denominator());
  if (fen > std::numeric_limits<int64_t>::max()) return std::numeric_limits<int64_t>::max();
  if (fen < std::numeric_limits<int64_t>::min()) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(fen);
}

size_t WriteFenText(int64_t fen, char* out) {
  const bool negative = fen < 0;
  const uint64_t u = negative ? static_cast<uint64_t>(-(fen + 1)) + 1 : static_cast<uint64_t>(fen);
  char* p = out;
  if (negative) *p++ = '-';
  p = std::to_chars(p, out + kFenTextMax, u / 100).ptr;
  const uint64_t cents = u % 100;
  *p++ = '.';
  *p++ = static_cast<char>('0' + cents / 10);
  *p++ = static_cast<char>('0' + cents % 10);
  return static_cast<size_t>(p - out);
}

std::string FenToText(int64_t fen) {
  char text[kFenTextMax];
  return std::string(text, WriteFenText(fen, text));
}

BenefitKind BenefitKindOf(const PolicyInfo& policy) {
  for (const std::string& tag : policy.tags) {
    if (tag == "税收优惠" || tag == "稅收優惠" || absl::EqualsIgnoreCase(tag, "tax")) return BenefitKind::kTax;
  }
  return BenefitKind::kCash;
}

const char* BenefitKindName(BenefitKind kind) { return kind == BenefitKind::kTax ? "tax" : "cash"; }

ScreenSummary::ScreenSummary(const Program& program, std::vector<std::string> towns)
    : program_(program), towns_(std::move(towns)) {
  policies_.resize(program.policies.size());
  clause_begin_.push_back(0);
  for (const PolicyInfo& info : program.policies) clause_begin_.push_back(clause_begin_.back() + info.clauses.size());
  clauses_.resize(clause_begin_.back());
  town_totals_.resize(towns_.size() + 1);
  for (const PolicyInfo& p : program.policies) is_cash_.push_back(BenefitKindOf(p) == BenefitKind::kCash);
}

void ScreenSummary::AddDecision(const Decision& decision, int town) {
  ++inputs_;
  ++results_;
  const size_t town_index =
      town >= 0 && static_cast<size_t>(town) < towns_.size() ? static_cast<size_t>(town) : towns_.size();
  TownTotals& tt = town_totals_[town_index];
  ++tt.firms;
  bool any_eligible = false;
  firm_missing_.clear();
  // Raw pointers and counts read once: the loop runs 76 times a firm.
  const size_t count = std::min(decision.policies.size(), policies_.size());
  const PolicyDecision* const decisions = decision.policies.data();
  PolicyTotals* const policy_totals = policies_.data();
  const size_t* const clause_begin = clause_begin_.data();
  ClauseTotals* const clause_totals = clauses_.data();
  for (size_t i = 0; i < count; ++i) {
    const PolicyDecision& pd = decisions[i];
    PolicyTotals& pt = policy_totals[i];
    ++pt.counts[static_cast<int>(pd.verdict)];
    if (pd.verdict == Verdict::kEligible) {
      any_eligible = true;
      ++tt.eligible;
      if (pd.superseded_by >= 0) {
        ++pt.superseded;
      } else {
        // Granted. A policy without an amount grants nothing to sum.
        ++pt.granted;
        if (pd.benefit || !program_.policies[i].benefit) {
          const int64_t fen = pd.benefit ? ToFen(*pd.benefit) : 0;
          pt.benefit_fen = SaturatingAdd(pt.benefit_fen, fen);
          tt.benefit_fen = SaturatingAdd(tt.benefit_fen, fen);
          if (is_cash_[i]) tt.cash_fen = SaturatingAdd(tt.cash_fen, fen);
        } else {
          ++pt.benefit_unknown;
        }
      }
    }
    const size_t failing_count = pd.failing.size();
    if (failing_count != 0) {
      const int* const failing = pd.failing.data();
      const size_t first = clause_begin[i], clause_count = clause_begin[i + 1] - first;
      for (size_t k = 0; k < failing_count; ++k) {
        const size_t c = static_cast<size_t>(failing[k]);  // a negative index wraps past clause_count
        if (c >= clause_count) continue;
        ClauseTotals& ct = clause_totals[first + c];
        ++ct.stops;
        if (failing_count == 1) ++ct.alone;
      }
    }
    if (pd.verdict == Verdict::kUndetermined) {
      for (const MissingField& m : pd.missing) {
        auto it = std::find_if(firm_missing_.begin(), firm_missing_.end(),
                               [&](const std::pair<MissingField, int>& e) { return e.first == m; });
        if (it == firm_missing_.end()) {
          firm_missing_.emplace_back(m, 1);
        } else {
          ++it->second;
        }
      }
    }
  }
  if (any_eligible) {
    ++tt.with_eligible;
    ++firms_with_eligible_;
  }
  for (const auto& [m, verdicts] : firm_missing_) {
    MissingTotals& mt = missing_[{m.field, m.year.value_or(-1)}];
    ++mt.firms;
    mt.verdicts += static_cast<uint64_t>(verdicts);
  }
}

void ScreenSummary::Merge(const ScreenSummary& part) {
  inputs_ += part.inputs_;
  results_ += part.results_;
  errors_ += part.errors_;
  firms_with_eligible_ += part.firms_with_eligible_;
  for (size_t i = 0; i < policies_.size() && i < part.policies_.size(); ++i) {
    PolicyTotals& to = policies_[i];
    const PolicyTotals& from = part.policies_[i];
    for (int k = 0; k < 3; ++k) to.counts[k] += from.counts[k];
    to.granted += from.granted;
    to.superseded += from.superseded;
    to.benefit_unknown += from.benefit_unknown;
    to.benefit_fen = SaturatingAdd(to.benefit_fen, from.benefit_fen);
  }
  for (size_t c = 0; c < clauses_.size() && c < part.clauses_.size(); ++c) {
    clauses_[c].stops += part.clauses_[c].stops;
    clauses_[c].alone += part.clauses_[c].alone;
  }
  for (size_t i = 0; i < town_totals_.size() && i < part.town_totals_.size(); ++i) {
    TownTotals& to = town_totals_[i];
    const TownTotals& from = part.town_totals_[i];
    to.firms += from.firms;
    to.with_eligible += from.with_eligible;
    to.eligible += from.eligible;
    to.benefit_fen = SaturatingAdd(to.benefit_fen, from.benefit_fen);
    to.cash_fen = SaturatingAdd(to.cash_fen, from.cash_fen);
  }
  for (const auto& [key, m] : part.missing_) {
    MissingTotals& to = missing_[key];
    to.firms += m.firms;
    to.verdicts += m.verdicts;
  }
}

void ScreenSummary::Clear() {
  inputs_ = results_ = errors_ = firms_with_eligible_ = 0;
  for (PolicyTotals& p : policies_) {
    std::fill(std::begin(p.counts), std::end(p.counts), 0);
    p.granted = p.superseded = p.benefit_unknown = 0;
    p.benefit_fen = 0;
  }
  std::fill(clauses_.begin(), clauses_.end(), ClauseTotals());
  std::fill(town_totals_.begin(), town_totals_.end(), TownTotals());
  missing_.clear();
}

int64_t ScreenSummary::total_benefit_fen() const {
  int64_t total = 0;
  for (const PolicyTotals& p : policies_) total = SaturatingAdd(total, p.benefit_fen);
  return total;
}

std::string ScreenSummary::ToJson(const std::string& date) const {
  ordered_json root;
  root["format"] = "duixian.screen/1";
  root["date"] = date;
  root["policy_set"] = program_.digest;
  root["inputs"] = inputs_;
  root["results"] = results_;
  root["errors"] = errors_;
  root["firms_with_eligible"] = firms_with_eligible_;
  // Every policy is screened whatever its effective period (who would
  // qualify is worth knowing), but the budget counts only the policies in
  // force on the screening date.
  const std::optional<CivilDate> on = CivilDate::Parse(date);
  auto in_force = [&](const PolicyInfo& info) {
    return !info.effective || !on || (info.effective->start <= *on && *on <= info.effective->end);
  };
  int64_t total = 0, assumed_total = 0, cash_total = 0, tax_total = 0;
  int64_t budget = 0, not_in_force_total = 0;
  uint64_t unknown = 0, not_in_force = 0;
  for (size_t i = 0; i < policies_.size(); ++i) {
    const int64_t fen = policies_[i].benefit_fen;
    total = SaturatingAdd(total, fen);
    int64_t& kind_total = is_cash_[i] ? cash_total : tax_total;
    kind_total = SaturatingAdd(kind_total, fen);
    if (!program_.policies[i].assumed.empty()) assumed_total = SaturatingAdd(assumed_total, fen);
    if (!in_force(program_.policies[i])) {
      ++not_in_force;
      not_in_force_total = SaturatingAdd(not_in_force_total, fen);
    } else if (is_cash_[i]) {
      budget = SaturatingAdd(budget, fen);
    }
    unknown += policies_[i].benefit_unknown;
  }
  root["total_benefit"] = FenToText(total);
  root["total_benefit_assumed"] = FenToText(assumed_total);
  root["total_cash_benefit"] = FenToText(cash_total);
  root["total_tax_benefit"] = FenToText(tax_total);
  root["total_cash_benefit_in_force"] = FenToText(budget);
  root["policies_not_in_force"] = not_in_force;
  root["total_benefit_not_in_force"] = FenToText(not_in_force_total);
  root["benefit_unknown"] = unknown;
  ordered_json policies = ordered_json::array();
  for (size_t i = 0; i < policies_.size(); ++i) {
    const PolicyInfo& info = program_.policies[i];
    const PolicyTotals& pt = policies_[i];
    ordered_json p;
    p["id"] = info.id;
    p["title"] = info.title;
    p["department"] = info.department;
    p["eligible"] = pt.counts[0];
    p["ineligible"] = pt.counts[1];
    p["undetermined"] = pt.counts[2];
    p["granted"] = pt.granted;
    p["superseded"] = pt.superseded;
    p["benefit_unknown"] = pt.benefit_unknown;
    p["total_benefit"] = FenToText(pt.benefit_fen);
    p["benefit_kind"] = BenefitKindName(BenefitKindOf(info));
    p["in_force"] = in_force(info);
    p["effective"] = info.effective ? ordered_json{{"start", info.effective->start.ToString()},
                                                   {"end", info.effective->end.ToString()}}
                                    : ordered_json(nullptr);
    p["assumed"] = info.assumed;
    ordered_json clauses = ordered_json::array();
    for (size_t c = 0; c < info.clauses.size(); ++c) {
      clauses.push_back({{"label", info.clauses[c].label},
                         {"kind", ClauseKindName(info.clauses[c].kind)},
                         {"stops", clauses_[clause_begin_[i] + c].stops},
                         {"alone", clauses_[clause_begin_[i] + c].alone}});
    }
    p["clauses"] = std::move(clauses);
    policies.push_back(std::move(p));
  }
  root["policies"] = std::move(policies);
  ordered_json towns = ordered_json::array();
  for (size_t i = 0; i < town_totals_.size(); ++i) {
    const TownTotals& tt = town_totals_[i];
    if (tt.firms == 0) continue;
    towns.push_back({{"town", i < towns_.size() ? ordered_json(towns_[i]) : ordered_json(nullptr)},
                     {"firms", tt.firms},
                     {"with_eligible", tt.with_eligible},
                     {"eligible", tt.eligible},
                     {"total_benefit", FenToText(tt.benefit_fen)},
                     {"total_cash_benefit", FenToText(tt.cash_fen)}});
  }
  root["towns"] = std::move(towns);
  // Most firms first, then most verdicts, then by field and year.
  std::vector<std::pair<MissingKey, MissingTotals>> missing = MissingByField();
  std::stable_sort(missing.begin(), missing.end(), [](const auto& a, const auto& b) {
    if (a.second.firms != b.second.firms) return a.second.firms > b.second.firms;
    return a.second.verdicts > b.second.verdicts;
  });
  ordered_json mj = ordered_json::array();
  for (const auto& [key, mt] : missing) {
    ordered_json m;
    const auto& fields = program_.schema->fields();
    if (key.first >= 0 && static_cast<size_t>(key.first) < fields.size()) {
      m["field"] = fields[static_cast<size_t>(key.first)].name;
      m["label"] = fields[static_cast<size_t>(key.first)].label;
    }
    if (key.second >= 0) m["year"] = key.second;
    m["firms"] = mt.firms;
    m["verdicts"] = mt.verdicts;
    mj.push_back(std::move(m));
  }
  root["missing"] = std::move(mj);
  return root.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

std::vector<std::pair<ScreenSummary::MissingKey, ScreenSummary::MissingTotals>> ScreenSummary::MissingByField() const {
  std::vector<std::pair<MissingKey, MissingTotals>> missing(missing_.begin(), missing_.end());
  std::sort(missing.begin(), missing.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return missing;
}

std::string ScreenSummary::Serialize() const {
  json j;
  j["n"] = {inputs_, results_, errors_, firms_with_eligible_};
  json ps = json::array();
  for (size_t i = 0; i < policies_.size(); ++i) {
    const PolicyTotals& p = policies_[i];
    std::vector<uint64_t> stops, alone;
    for (size_t c = clause_begin_[i]; c < clause_begin_[i + 1]; ++c) {
      stops.push_back(clauses_[c].stops);
      alone.push_back(clauses_[c].alone);
    }
    ps.push_back({p.counts[0], p.counts[1], p.counts[2], p.granted, p.superseded, p.benefit_unknown,
                  p.benefit_fen, stops, alone});
  }
  j["p"] = std::move(ps);
  json ts = json::array();
  for (const TownTotals& t : town_totals_) {
    ts.push_back({t.firms, t.with_eligible, t.eligible, t.benefit_fen, t.cash_fen});
  }
  j["t"] = std::move(ts);
  json ms = json::array();
  for (const auto& [key, m] : MissingByField()) ms.push_back({key.first, key.second, m.firms, m.verdicts});
  j["m"] = std::move(ms);
  return j.dump();
}

bool ScreenSummary::Restore(const std::string& text) {
  try {
    json j = json::parse(text);
    const json& n = j.at("n");
    const json& ps = j.at("p");
    const json& ts = j.at("t");
    if (ps.size() != policies_.size() || ts.size() != town_totals_.size()) return false;
    for (size_t i = 0; i < policies_.size(); ++i) {
      const json& p = ps[i];
      PolicyTotals t;
      for (int k = 0; k < 3; ++k) t.counts[k] = p.at(static_cast<size_t>(k)).get<uint64_t>();
      t.granted = p.at(3).get<uint64_t>();
      t.superseded = p.at(4).get<uint64_t>();
      t.benefit_unknown = p.at(5).get<uint64_t>();
      t.benefit_fen = p.at(6).get<int64_t>();
      const std::vector<uint64_t> stops = p.at(7).get<std::vector<uint64_t>>();
      const std::vector<uint64_t> alone = p.at(8).get<std::vector<uint64_t>>();
      const size_t first = clause_begin_[i], clause_count = clause_begin_[i + 1] - first;
      if (stops.size() != clause_count || alone.size() != clause_count) return false;
      for (size_t c = 0; c < clause_count; ++c) clauses_[first + c] = ClauseTotals{stops[c], alone[c]};
      policies_[i] = t;
    }
    for (size_t i = 0; i < town_totals_.size(); ++i) {
      const json& t = ts[i];
      town_totals_[i] = TownTotals{t.at(0).get<uint64_t>(), t.at(1).get<uint64_t>(), t.at(2).get<uint64_t>(),
                                   t.at(3).get<int64_t>(), t.at(4).get<int64_t>()};
    }
    missing_.clear();
    for (const json& m : j.at("m")) {
      missing_[{m.at(0).get<int>(), m.at(1).get<int>()}] = MissingTotals{m.at(2).get<uint64_t>(),
                                                                         m.at(3).get<uint64_t>()};
    }
    inputs_ = n.at(0).get<uint64_t>();
    results_ = n.at(1).get<uint64_t>();
    errors_ = n.at(2).get<uint64_t>();
    firms_with_eligible_ = n.at(3).get<uint64_t>();
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace duixian::engine
