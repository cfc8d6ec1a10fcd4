// A Decision as text for people: per policy the verdict, the benefit, and
// every clause with its outcome, its wording and the values it saw.
#ifndef DX_TOOLS_DUIXIAN_EXPLAIN_TEXT_H_
#define DX_TOOLS_DUIXIAN_EXPLAIN_TEXT_H_

#include <string>

#include "engine/eval/decision.h"
#include "engine/eval/program.h"

namespace duixian::cli {

std::string ExplainText(const engine::Program& program, const engine::Decision& d, bool zh);

}  // namespace duixian::cli

#endif  // DX_TOOLS_DUIXIAN_EXPLAIN_TEXT_H_
