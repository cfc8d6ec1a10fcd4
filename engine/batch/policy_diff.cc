#include "engine/batch/policy_diff.h"

#include <array>
#include <filesystem>
#include <fstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/batch/diff_report.h"
#include "engine/batch/population_scan.h"
#include "engine/batch/screen_summary.h"
#include "engine/eval/evaluator.h"
#include "nlohmann/json.hpp"

namespace duixian::engine {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

// A verdict, or the policy not being in that version.
enum State : int { kAbsent = 0, kEligible = 1, kUndetermined = 2, kIneligible = 3 };
constexpr const char* kStateNames[] = {"absent", "eligible", "undetermined", "ineligible"};
constexpr int kSections = 21;  // A..T, then unknown

State StateOf(Verdict v) {
  switch (v) {
    case Verdict::kEligible: return kEligible;
    case Verdict::kUndetermined: return kUndetermined;
    case Verdict::kIneligible: return kIneligible;
  }
  return kAbsent;
}

bool SameLayout(const FieldDef& a, const FieldDef& b) {
  if (a.type != b.type || a.yearly != b.yearly || a.record_fields.size() != b.record_fields.size()) return false;
  for (size_t i = 0; i < a.record_fields.size(); ++i) {
    if (a.record_fields[i].name != b.record_fields[i].name || !SameLayout(a.record_fields[i], b.record_fields[i])) {
      return false;
    }
  }
  return true;
}

// Carries a record decoded with the `after` schema over to the `before` one.
struct SchemaBridge {
  bool identical = true;
  std::vector<int> from_after;  // before field → after field, -1 when not carried

  SchemaBridge(const Schema& before, const Schema& after) {
    identical = before.CanonicalText() == after.CanonicalText();
    for (const FieldDef& f : before.fields()) {
      int a = after.IndexOf(f.name);
      if (a >= 0 && !SameLayout(f, after.fields()[static_cast<size_t>(a)])) a = -1;
      from_after.push_back(a);
    }
  }
  FirmRecord Carry(const FirmRecord& firm) const {
    FirmRecord out(from_after.size());
    for (size_t i = 0; i < from_after.size(); ++i) {
      if (from_after[i] >= 0) out.mutable_value(i) = firm.value(static_cast<size_t>(from_after[i]));
    }
    out.set_id(firm.id());
    return out;
  }
};

struct PolicyTotals {
  uint64_t trans[4][4] = {};
  int64_t fen_before = 0, fen_after = 0;
};

struct GroupTotals {
  uint64_t firms = 0, firms_gaining = 0, firms_losing = 0, gained = 0, lost = 0;
  int64_t fen_before = 0, fen_after = 0;
  void Add(const GroupTotals& o) {
    firms += o.firms;
    firms_gaining += o.firms_gaining;
    firms_losing += o.firms_losing;
    gained += o.gained;
    lost += o.lost;
    fen_before += o.fen_before;
    fen_after += o.fen_after;
  }
};

struct Context {
  std::shared_ptr<const Program> before, after;
  SchemaBridge bridge;
  CivilDate date;
  // The union of both versions' policies: after's order, then removed ones.
  std::vector<int> before_index, after_index;  // per union entry, -1 when absent
  int town_field = -1, industry_field = -1;
  size_t towns = 0;
};

int Section(const std::string& code) {
  if (code.empty()) return kSections - 1;
  char c = code[0];
  if (c >= '0' && c <= '9' && code.size() >= 2 && code[1] >= '0' && code[1] <= '9') {
    c = IndustrySection((code[0] - '0') * 10 + (code[1] - '0'));
  }
  return c >= 'A' && c <= 'T' ? c - 'A' : kSections - 1;
}

class DiffWorker : public ScanWorker {
 public:
  explicit DiffWorker(const Context& ctx)
      : ctx_(ctx), before_(ctx.before), after_(ctx.after), policies_(ctx.before_index.size()),
        towns_(ctx.towns + 1), sections_(kSections) {}

  void Firm(const ScanInput& in, const FirmRecord& firm, std::string* out) override {
    Decision a = after_.Evaluate(firm, ctx_.date, EvalMode::kVerdict);
    Decision b = ctx_.bridge.identical
                     ? before_.Evaluate(firm, ctx_.date, EvalMode::kVerdict)
                     : before_.Evaluate(ctx_.bridge.Carry(firm), ctx_.date, EvalMode::kVerdict);
    GroupTotals g;
    g.firms = 1;
    ordered_json gained = ordered_json::array(), lost = ordered_json::array(), changed = ordered_json::object();
    for (size_t u = 0; u < policies_.size(); ++u) {
      State sb = kAbsent, sa = kAbsent;
      int64_t fb = 0, fa = 0;
      if (int i = ctx_.before_index[u]; i >= 0) {
        const PolicyDecision& pd = b.policies[static_cast<size_t>(i)];
        sb = StateOf(pd.verdict);
        if (pd.benefit && pd.superseded_by < 0) fb = ToFen(*pd.benefit);
      }
      if (int i = ctx_.after_index[u]; i >= 0) {
        const PolicyDecision& pd = a.policies[static_cast<size_t>(i)];
        sa = StateOf(pd.verdict);
        if (pd.benefit && pd.superseded_by < 0) fa = ToFen(*pd.benefit);
      }
      // A policy missing from one version is no more a change for a firm
      // that does not qualify for it anyway.
      if ((sb == kAbsent && sa == kIneligible) || (sb == kIneligible && sa == kAbsent)) sa = sb;
      PolicyTotals& t = policies_[u];
      ++t.trans[sb][sa];
      t.fen_before += fb;
      t.fen_after += fa;
      g.fen_before += fb;
      g.fen_after += fa;
      if (sb == sa) continue;
      const std::string& id = (ctx_.after_index[u] >= 0 ? ctx_.after->policies[static_cast<size_t>(ctx_.after_index[u])]
                                                        : ctx_.before->policies[static_cast<size_t>(ctx_.before_index[u])])
                                  .id;
      if (sa == kEligible) {
        ++g.gained;
        gained.push_back(id);
      } else if (sb == kEligible) {
        ++g.lost;
        lost.push_back(id);
      }
      changed[id] = absl::StrCat(kStateNames[sb], " -> ", kStateNames[sa]);
    }
    g.firms_gaining = g.gained > 0;
    g.firms_losing = g.lost > 0;
    int town = TownOf(firm);
    int section = SectionOf(firm);
    towns_[static_cast<size_t>(town)].Add(g);
    sections_[static_cast<size_t>(section)].Add(g);
    total_.Add(g);
    if (changed.empty() && g.fen_before == g.fen_after) return;
    ++changed_firms_;
    ordered_json line;
    line["n"] = in.n;
    line["file"] = *in.file;
    if (in.line > 0) line["line"] = in.line;
    line["firm"] = firm.id();
    line["town"] = town < static_cast<int>(ctx_.towns)
                       ? ordered_json(ctx_.after->schema->fields()[static_cast<size_t>(ctx_.town_field)]
                                          .enum_values[static_cast<size_t>(town)])
                       : ordered_json(nullptr);
    line["gained"] = std::move(gained);
    line["lost"] = std::move(lost);
    line["changed"] = std::move(changed);
    line["benefit_before"] = FenToText(g.fen_before);
    line["benefit_after"] = FenToText(g.fen_after);
    absl::StrAppend(out, line.dump(-1, ' ', false, ordered_json::error_handler_t::replace), "\n");
  }

  int TownOf(const FirmRecord& firm) const {
    if (ctx_.town_field < 0 || firm.IsMissing(static_cast<size_t>(ctx_.town_field))) return static_cast<int>(ctx_.towns);
    const FieldValue& v = firm.value(static_cast<size_t>(ctx_.town_field));
    const Scalar* s = std::get_if<Scalar>(&v);
    const std::string* t = s ? std::get_if<std::string>(s) : nullptr;
    int i = t ? ctx_.after->schema->fields()[static_cast<size_t>(ctx_.town_field)].EnumIndex(*t) : -1;
    return i < 0 ? static_cast<int>(ctx_.towns) : i;
  }
  int SectionOf(const FirmRecord& firm) const {
    if (ctx_.industry_field < 0 || firm.IsMissing(static_cast<size_t>(ctx_.industry_field))) return kSections - 1;
    const Scalar* s = std::get_if<Scalar>(&firm.value(static_cast<size_t>(ctx_.industry_field)));
    const std::string* t = s ? std::get_if<std::string>(s) : nullptr;
    return t ? Section(*t) : kSections - 1;
  }

  const Context& ctx_;
  Evaluator before_, after_;
  std::vector<PolicyTotals> policies_;
  std::vector<GroupTotals> towns_;
  std::vector<GroupTotals> sections_;
  GroupTotals total_;
  uint64_t changed_firms_ = 0;
};

void GroupJson(const GroupTotals& g, ordered_json* j) {
  (*j)["firms"] = g.firms;
  (*j)["firms_gaining"] = g.firms_gaining;
  (*j)["firms_losing"] = g.firms_losing;
  (*j)["gained"] = g.gained;
  (*j)["lost"] = g.lost;
  (*j)["benefit_before"] = FenToText(g.fen_before);
  (*j)["benefit_after"] = FenToText(g.fen_after);
  (*j)["benefit_change"] = FenToText(g.fen_after - g.fen_before);
}

absl::Status WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << text;
  f.close();
  if (!f) return absl::PermissionDeniedError(absl::StrCat("cannot write ", path.string()));
  return absl::OkStatus();
}

}  // namespace

const char* IndustrySectionName(char section) {
  static constexpr const char* kNames[] = {
      "农、林、牧、渔业", "采矿业", "制造业", "电力、热力、燃气及水生产和供应业", "建筑业", "批发和零售业",
      "交通运输、仓储和邮政业", "住宿和餐饮业", "信息传输、软件和信息技术服务业", "金融业", "房地产业",
      "租赁和商务服务业", "科学研究和技术服务业", "水利、环境和公共设施管理业", "居民服务、修理和其他服务业",
      "教育", "卫生和社会工作", "文化、体育和娱乐业", "公共管理、社会保障和社会组织", "国际组织"};
  if (section < 'A' || section > 'T') return "";
  return kNames[section - 'A'];
}

absl::StatusOr<DiffStats> DiffPolicySets(std::shared_ptr<const Program> before,
                                         std::shared_ptr<const Program> after, const DiffOptions& options) {
  Context ctx{before, after, SchemaBridge(*before->schema, *after->schema), options.date, {}, {}, -1, -1, 0};
  for (size_t i = 0; i < after->policies.size(); ++i) {
    ctx.after_index.push_back(static_cast<int>(i));
    ctx.before_index.push_back(before->FindPolicy(after->policies[i].id));
  }
  for (size_t i = 0; i < before->policies.size(); ++i) {
    if (after->FindPolicy(before->policies[i].id) >= 0) continue;
    ctx.after_index.push_back(-1);
    ctx.before_index.push_back(static_cast<int>(i));
  }
  ctx.town_field = after->schema->IndexOf("town");
  if (ctx.town_field >= 0) ctx.towns = after->schema->fields()[static_cast<size_t>(ctx.town_field)].enum_values.size();
  ctx.industry_field = after->schema->IndexOf("industry_code");

  std::error_code ec;
  fs::create_directories(options.out_dir, ec);
  if (ec) return absl::PermissionDeniedError(absl::StrCat("cannot create ", options.out_dir, ": ", ec.message()));
  const fs::path dir(options.out_dir);
  std::ofstream changes(dir / "changes.jsonl", std::ios::binary | std::ios::trunc);
  if (!changes) return absl::PermissionDeniedError(absl::StrCat("cannot write ", (dir / "changes.jsonl").string()));

  std::vector<std::unique_ptr<DiffWorker>> owned;
  std::vector<ScanWorker*> workers;
  for (int t = 0; t < std::max(1, options.threads); ++t) {
    owned.push_back(std::make_unique<DiffWorker>(ctx));
    workers.push_back(owned.back().get());
  }
  absl::StatusOr<ScanCounts> counts =
      ScanPopulation(*after->schema, options.firms, workers, [&](std::string_view s) {
        changes.write(s.data(), static_cast<std::streamsize>(s.size()));
        return changes ? absl::OkStatus() : absl::DataLossError("cannot write changes.jsonl");
      });
  if (!counts.ok()) return counts.status();
  changes.close();
  if (!changes) return absl::DataLossError("cannot write changes.jsonl");

  // Merge the workers' totals (sums, so the thread count does not matter).
  std::vector<PolicyTotals> policies(ctx.after_index.size());
  std::vector<GroupTotals> towns(ctx.towns + 1), sections(kSections);
  GroupTotals total;
  uint64_t changed = 0;
  for (const auto& w : owned) {
    for (size_t u = 0; u < policies.size(); ++u) {
      for (int i = 0; i < 4; ++i) {
        for (int j = 0; j < 4; ++j) policies[u].trans[i][j] += w->policies_[u].trans[i][j];
      }
      policies[u].fen_before += w->policies_[u].fen_before;
      policies[u].fen_after += w->policies_[u].fen_after;
    }
    for (size_t t = 0; t < towns.size(); ++t) towns[t].Add(w->towns_[t]);
    for (size_t s = 0; s < sections.size(); ++s) sections[s].Add(w->sections_[s]);
    total.Add(w->total_);
    changed += w->changed_firms_;
  }

  ordered_json j;
  j["format"] = "duixian.diff/1";
  j["date"] = options.date.ToString();
  j["before"] = {{"policies", options.before_label}, {"policy_set", before->digest}};
  j["after"] = {{"policies", options.after_label}, {"policy_set", after->digest}};
  j["inputs"] = counts->inputs;
  j["results"] = counts->results;
  j["errors"] = counts->errors;
  j["firms_changed"] = changed;
  j["firms_gaining"] = total.firms_gaining;
  j["firms_losing"] = total.firms_losing;
  j["total_benefit_before"] = FenToText(total.fen_before);
  j["total_benefit_after"] = FenToText(total.fen_after);
  j["total_benefit_change"] = FenToText(total.fen_after - total.fen_before);
  ordered_json plist = ordered_json::array();
  for (size_t u = 0; u < policies.size(); ++u) {
    const PolicyTotals& t = policies[u];
    const PolicyInfo& info = ctx.after_index[u] >= 0 ? after->policies[static_cast<size_t>(ctx.after_index[u])]
                                                     : before->policies[static_cast<size_t>(ctx.before_index[u])];
    uint64_t count_before[4] = {}, count_after[4] = {}, gained = 0, lost = 0;
    ordered_json trans = ordered_json::object();
    for (int i = 0; i < 4; ++i) {
      for (int k = 0; k < 4; ++k) {
        count_before[i] += t.trans[i][k];
        count_after[k] += t.trans[i][k];
        if (i != kEligible && k == kEligible) gained += t.trans[i][k];
        if (i == kEligible && k != kEligible) lost += t.trans[i][k];
        if (i != k && t.trans[i][k] > 0) trans[absl::StrCat(kStateNames[i], " -> ", kStateNames[k])] = t.trans[i][k];
      }
    }
    ordered_json p;
    p["id"] = info.id;
    p["title"] = info.title;
    p["in"] = ctx.before_index[u] < 0 ? "after" : ctx.after_index[u] < 0 ? "before" : "both";
    p["eligible_before"] = count_before[kEligible];
    p["eligible_after"] = count_after[kEligible];
    p["undetermined_before"] = count_before[kUndetermined];
    p["undetermined_after"] = count_after[kUndetermined];
    p["gained"] = gained;
    p["lost"] = lost;
    p["benefit_before"] = FenToText(t.fen_before);
    p["benefit_after"] = FenToText(t.fen_after);
    p["benefit_change"] = FenToText(t.fen_after - t.fen_before);
    p["transitions"] = std::move(trans);
    plist.push_back(std::move(p));
  }
  j["policies"] = std::move(plist);
  ordered_json tlist = ordered_json::array();
  for (size_t t = 0; t < towns.size(); ++t) {
    if (towns[t].firms == 0) continue;
    ordered_json e;
    e["town"] = t < ctx.towns ? ordered_json(after->schema->fields()[static_cast<size_t>(ctx.town_field)].enum_values[t])
                              : ordered_json(nullptr);
    GroupJson(towns[t], &e);
    tlist.push_back(std::move(e));
  }
  j["towns"] = std::move(tlist);
  ordered_json slist = ordered_json::array();
  for (int s = 0; s < kSections; ++s) {
    if (sections[static_cast<size_t>(s)].firms == 0) continue;
    ordered_json e;
    char letter = static_cast<char>('A' + s);
    e["section"] = s < kSections - 1 ? ordered_json(std::string(1, letter)) : ordered_json(nullptr);
    e["name"] = s < kSections - 1 ? IndustrySectionName(letter) : "行业代码缺失或无法识别";
    GroupJson(sections[static_cast<size_t>(s)], &e);
    slist.push_back(std::move(e));
  }
  j["industries"] = std::move(slist);

  std::string text = j.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
  if (absl::Status s = WriteFile(dir / "diff.json", text); !s.ok()) return s;
  if (absl::Status s = WriteFile(dir / "report.html", RenderDiffReport(nlohmann::json::parse(text))); !s.ok()) {
    return s;
  }
  DiffStats stats;
  stats.inputs = counts->inputs;
  stats.results = counts->results;
  stats.errors = counts->errors;
  stats.firms_changed = changed;
  stats.firms_gaining = total.firms_gaining;
  stats.firms_losing = total.firms_losing;
  stats.benefit_before = FenToText(total.fen_before);
  stats.benefit_after = FenToText(total.fen_after);
  stats.benefit_change = FenToText(total.fen_after - total.fen_before);
  stats.report = (dir / "report.html").string();
  stats.seconds = counts->seconds;
  return stats;
}

}  // namespace duixian::engine
