// Structural questions about a rule graph that what-if analysis asks: does
// a node depend on another, is it monotone in it (and which way), can a
// linear path be inverted exactly, what quantity (money, ratio, count, date)
// does a node hold, and how to show it to a firm.
//
// `ValueOf` gives the value a node had in the firm's evaluation
// (Evaluator::LastValue); it is how the other operands of a path are held
// fixed. Stateless functions; thread-compatible.
#ifndef DX_ENGINE_WHATIF_GRAPH_ANALYSIS_H_
#define DX_ENGINE_WHATIF_GRAPH_ANALYSIS_H_

#include <functional>
#include <optional>
#include <string>

#include "engine/eval/program.h"
#include "engine/profile/firm_record.h"

namespace duixian::engine::whatif {

using ValueOf = std::function<std::optional<Scalar>(NodeId)>;

// True when `var` lies in the cone of `root` (root included).
bool DependsOn(const RuleGraph& graph, NodeId root, NodeId var);

// +1 when `node` never decreases as `var` grows (the other operands held at
// their values), -1 when it never increases, std::nullopt when neither can
// be shown (var under a non-monotone operation, or on both sides of a
// difference with opposite directions, or an operand value unknown).
std::optional<int> Direction(const RuleGraph& graph, NodeId node, NodeId var, const ValueOf& value);

// The value of `var` at which `node` equals `target`, exactly, when every
// operation on the path from node to var is + − × ÷ or negation with the
// other operand known and non-zero; std::nullopt otherwise.
std::optional<Number> InvertLinear(const RuleGraph& graph, NodeId node, NodeId var, const Number& target,
                                   const ValueOf& value);

// What a numeric node measures, inferred from the schema types it reads.
enum class Quantity { kPlain, kMoney, kRatio, kPersons, kItems, kDate };
Quantity InferQuantity(const Program& program, NodeId node);

// "2000万元", "3%", "50人", "12.5": a number shown as a quantity.
std::string FormatQuantity(const Number& n, Quantity q);
// The difference `gap` shown as a change of quantity `q`: "150万元",
// "0.4个百分点" (ratios), "3人"; `zh` false gives "0.4 percentage points".
std::string FormatChange(const Number& gap, Quantity q, bool zh);

// The expression as the graph has it, with schema labels: "营业收入[2024] >= 2000万元".
std::string ExprText(const Program& program, NodeId node);

// The grid a field changes on in advice: 1元 for money, 0.01 percentage
// point for percents, 1 for counts and integers, 0.01 for decimals.
Number FieldUnit(const FieldDef& field);

// The comparison `op` with its operands swapped (a < b ⇔ b > a), and negated (not a < b ⇔ a >= b).
Op SwapComparison(Op op);
Op NegateComparison(Op op);
bool IsComparison(Op op);

}  // namespace duixian::engine::whatif

#endif  // DX_ENGINE_WHATIF_GRAPH_ANALYSIS_H_
