// What-if advice as text lines for `duixian eval` (Chinese or English):
// "  差距：营业收入[2024]还差150万元（…）" and "  只需补充：…".
#ifndef DX_ENGINE_WHATIF_ADVICE_TEXT_H_
#define DX_ENGINE_WHATIF_ADVICE_TEXT_H_

#include <string>

#include "engine/eval/decision.h"
#include "engine/eval/program.h"

namespace duixian::engine::whatif {

// Appends the advice lines (each indented two spaces, ending in a newline);
// nothing when the decision carries none.
void AppendAdviceText(const Program& program, const PolicyDecision& decision, bool zh, std::string* out);

}  // namespace duixian::engine::whatif

#endif  // DX_ENGINE_WHATIF_ADVICE_TEXT_H_
