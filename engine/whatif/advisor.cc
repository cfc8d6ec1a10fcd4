#include "engine/whatif/advisor.h"

#include "engine/whatif/missing_set.h"
#include "engine/whatif/near_miss.h"

namespace duixian::engine::whatif {

void Advisor::Advise(const FirmRecord& firm, CivilDate date, Decision* decision) {
  probe_.Reset(firm, date);
  for (PolicyDecision& pd : decision->policies) {
    if (pd.verdict == Verdict::kIneligible) {
      pd.near_misses = FindNearMisses(probe_, pd);
    } else if (pd.verdict == Verdict::kUndetermined) {
      pd.deciding = FindDecidingSet(probe_, pd);
    }
  }
}

}  // namespace duixian::engine::whatif
