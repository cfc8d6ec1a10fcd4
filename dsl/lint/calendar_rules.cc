// Calendar (L03xx): the application window against the official working-day
// calendar (policies/calendar.json), the effective period and the reference
// year.
#include "absl/strings/str_cat.h"
#include "dsl/lint/internal/context.h"

namespace duixian::dsl::lint_internal {
namespace {

std::string Period(const ast::Period& p) { return absl::StrCat(p.start.ToString(), " .. ", p.end.ToString()); }

}  // namespace

void CheckCalendar(LintContext& ctx) {
  const engine::HolidayCalendar& cal = ctx.calendar();
  for (const LintedPolicy& lp : ctx.policies()) {
    const ast::PolicyDecl& p = *lp.decl;
    if (!p.window) continue;
    const ast::Period& w = *p.window;
    // Working days in the window; the first day counts only when the project
    // says so (the calendar.count_first_day setting).
    engine::CivilDate first = w.start;
    if (!ctx.config().count_first_day) first = engine::CivilDate::FromDays(w.start.days_since_epoch() + 1);
    absl::StatusOr<int> days = cal.CountWorkingDays(first, w.end);
    if (days.ok() && *days < ctx.config().min_working_days) {
      ctx.Report(p.id, DiagCode::kL0301, w.span,
                 {{"days", std::to_string(*days)}, {"min", std::to_string(ctx.config().min_working_days)}})
          .Note({absl::StrCat("counted with the official holiday and make-up-day calendar, first day ",
                              ctx.config().count_first_day ? "included" : "excluded"),
                 absl::StrCat("按国务院节假日及调休安排计算，", ctx.config().count_first_day ? "含" : "不含", "首日")})
          .Emit();
    }
    if (p.effective) {
      const ast::Period& e = *p.effective;
      if (w.start < e.start || w.end > e.end) {
        ctx.Report(p.id, DiagCode::kL0302, w.span, {{"window", Period(w)}, {"effective", Period(e)}})
            .Label(e.span, {"effective period", "有效期"})
            .Emit();
      }
    }
    if (p.reference_year) {
      int year = *p.reference_year;
      // Data of the reference year is complete only after it ends, and a
      // window years later asks for stale figures.
      if (year >= w.start.year() || year < w.start.year() - 3) {
        ctx.Report(p.id, DiagCode::kL0303, p.reference_span, {{"year", std::to_string(year)}, {"window", Period(w)}})
            .Note({year >= w.start.year() ? "the reference year's figures are not final before it ends"
                                          : "the reference year is more than three years before the window",
                   year >= w.start.year() ? "基准年度结束前，其年度数据尚未确定" : "基准年度比申报期早三年以上"})
            .Label(w.span, {"application window", "申报期"})
            .Emit();
      }
    }
  }
}

}  // namespace duixian::dsl::lint_internal
