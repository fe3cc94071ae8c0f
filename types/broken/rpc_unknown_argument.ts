// Deliberately broken (kept as data for tests/test_types.py): increment_usage_metrics is called with
// `p_tokens` for an argument it does not take. tsc must refuse it.
import type { Database } from "../../database.types"

type Args = Database["public"]["Functions"]["increment_usage_metrics"]["Args"]

export const args: Args = {
  p_tenant_id: "10000000-0000-4000-8000-000000000001",
  p_user_id: "20000000-0000-4000-8000-000000000001",
  p_usage_date: "2025-01-01",
  p_input_tokens: 10,
  p_output_tokens: 20,
  p_cost_usd: 0.001,
  p_tokens: 30,
}
