#include "engine/whatif/advice_json.h"

#include "nlohmann/json.hpp"

namespace duixian::engine::whatif {
namespace {

using nlohmann::ordered_json;

// Exact decimal text, or a fraction "1/3" when the value has no finite decimal form.
std::string Exact(const Number& n) {
  if (n.IsTerminatingDecimal()) return n.ToString(40);
  Number::Int num = n.numerator(), den = n.denominator();
  auto text = [](Number::Int v) {
    bool neg = v < 0;
    unsigned __int128 u = neg ? static_cast<unsigned __int128>(-(v + 1)) + 1 : static_cast<unsigned __int128>(v);
    std::string s;
    do {
      s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(u % 10)));
      u /= 10;
    } while (u != 0);
    return neg ? "-" + s : s;
  };
  return text(num) + "/" + text(den);
}

ordered_json ScalarJson(const Scalar& v) {
  if (const bool* b = std::get_if<bool>(&v)) return *b;
  if (const std::string* s = std::get_if<std::string>(&v)) return *s;
  return nullptr;
}

const char* KindName(NearMiss::Kind k) {
  switch (k) {
    case NearMiss::Kind::kIncrease: return "increase";
    case NearMiss::Kind::kDecrease: return "decrease";
    case NearMiss::Kind::kWait: return "wait";
    case NearMiss::Kind::kAddRecords: return "add_records";
    case NearMiss::Kind::kAddAmount: return "add_amount";
    case NearMiss::Kind::kChoose: return "choose";
  }
  return "?";
}

}  // namespace

void AddAdviceJson(const Program& program, const PolicyDecision& pd, ordered_json* entry) {
  const PolicyInfo& info = program.policies[static_cast<size_t>(pd.policy)];
  if (!pd.near_misses.empty()) {
    ordered_json list = ordered_json::array();
    for (const NearMiss& nm : pd.near_misses) {
      ordered_json j;
      j["clause"] = info.clauses[static_cast<size_t>(nm.clause)].label;
      j["comparison"] = nm.comparison;
      j["kind"] = KindName(nm.kind);
      j["alternative"] = nm.alternative;
      if (nm.kind == NearMiss::Kind::kWait) {
        j["days"] = nm.days;
        j["until"] = nm.until.ToString();
      } else if (nm.kind == NearMiss::Kind::kChoose) {
        const FieldDef& f = program.schema->fields()[static_cast<size_t>(nm.field)];
        j["field"] = f.name;
        j["label"] = f.label;
        if (nm.year) j["year"] = *nm.year;
        j["current"] = ScalarJson(nm.now);
        ordered_json values = ordered_json::array();
        for (const Scalar& v : nm.values) values.push_back(ScalarJson(v));
        j["values"] = std::move(values);
        j["other_values"] = nm.other_values;
      } else if (nm.kind == NearMiss::Kind::kAddRecords || nm.kind == NearMiss::Kind::kAddAmount) {
        const FieldDef& f = program.schema->fields()[static_cast<size_t>(nm.field)];
        j["field"] = f.name;
        j["label"] = f.label;
        j["records"] = nm.records;
        if (nm.kind == NearMiss::Kind::kAddAmount) {
          j["value_field"] = f.record_fields[static_cast<size_t>(nm.value_field)].name;
        }
        j["where"] = nm.condition;
        j["current"] = Exact(nm.current);
        j["target"] = Exact(nm.target);
        j["change"] = Exact(nm.change);
      } else {
        const FieldDef& f = program.schema->fields()[static_cast<size_t>(nm.field)];
        j["field"] = f.name;
        j["label"] = f.label;
        if (nm.year) j["year"] = *nm.year;
        j["current"] = Exact(nm.current);
        j["target"] = Exact(nm.target);
        j["change"] = Exact(nm.change);
      }
      if (nm.quantity_now) {
        j["quantity"] = {{"now", Exact(*nm.quantity_now)},
                         {"required", Exact(*nm.quantity_required)},
                         {"ratio", nm.quantity_is_ratio}};
      }
      j["text"] = nm.text_zh;
      j["text_en"] = nm.text_en;
      list.push_back(std::move(j));
    }
    (*entry)["near_miss"] = std::move(list);
  }
  if (pd.deciding) {
    ordered_json list = ordered_json::array();
    for (const FieldRequirement& r : pd.deciding->fields) {
      const FieldDef& f = program.schema->fields()[static_cast<size_t>(r.field)];
      ordered_json j;
      j["field"] = f.name;
      j["label"] = f.label;
      if (r.year) j["year"] = *r.year;
      j["eligible_if"] = r.condition_zh;
      j["eligible_if_en"] = r.condition_en;
      j["example"] = r.example;
      list.push_back(std::move(j));
    }
    (*entry)["deciding"] = std::move(list);
  }
}

}  // namespace duixian::engine::whatif
