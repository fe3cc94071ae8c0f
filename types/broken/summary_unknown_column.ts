// Deliberately broken (kept as data for tests/test_types.py): the dashboard reads `rating_avg` from
// message_feedback_summary; the column is `average_rating`. tsc must refuse it.
import type { Tables } from "../../database.types"

export function average(summary: Tables<"message_feedback_summary">): number {
  return summary.rating_avg ?? 0
}
