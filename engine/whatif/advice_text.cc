#include "engine/whatif/advice_text.h"

#include "absl/strings/str_cat.h"

namespace duixian::engine::whatif {

void AppendAdviceText(const Program& program, const PolicyDecision& pd, bool zh, std::string* out) {
  for (const NearMiss& nm : pd.near_misses) {
    absl::StrAppend(out, zh ? "  差距：" : "  to qualify: ", nm.alternative ? (zh ? "（或）" : "(or) ") : "",
                    zh ? nm.text_zh : nm.text_en, "\n");
  }
  if (pd.deciding) {
    absl::StrAppend(out, zh ? "  只需补充：" : "  supplying only these decides it: ");
    bool first = true;
    for (const FieldRequirement& r : pd.deciding->fields) {
      const FieldDef& f = program.schema->fields()[static_cast<size_t>(r.field)];
      std::string name = zh ? f.label : f.name;
      if (r.year) absl::StrAppend(&name, "[", *r.year, "]");
      absl::StrAppend(out, first ? "" : (zh ? "；" : "; "), name, zh ? "（符合条件：" : " (eligible if ",
                      zh ? r.condition_zh : r.condition_en, zh ? "）" : ")");
      first = false;
    }
    absl::StrAppend(out, "\n");
  }
}

}  // namespace duixian::engine::whatif
