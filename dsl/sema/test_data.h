// Turns the `given { … }` block of a policy test into a FirmRecord, checking
// every value against the schema (E0201 unknown field, E0309 wrong value).
#ifndef DX_DSL_SEMA_TEST_DATA_H_
#define DX_DSL_SEMA_TEST_DATA_H_

#include <optional>

#include "common/diag/diagnostic.h"
#include "dsl/ast/ast.h"
#include "engine/profile/firm_record.h"
#include "engine/profile/schema.h"

namespace duixian::dsl {

// std::nullopt when a problem was reported.
std::optional<engine::FirmRecord> BuildTestFirm(const ast::DataValue& given,
                                                const engine::Schema& schema,
                                                DiagnosticSink& sink);

}  // namespace duixian::dsl

#endif  // DX_DSL_SEMA_TEST_DATA_H_
