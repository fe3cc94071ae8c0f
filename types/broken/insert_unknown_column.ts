// Deliberately broken (kept as data for tests/test_types.py): the conversation insert names a column,
// `topic`, that conversations does not have. tsc must refuse it.
import type { TablesInsert } from "../../database.types"

export const row: TablesInsert<"conversations"> = {
  tenant_id: "10000000-0000-4000-8000-000000000001",
  user_id: "20000000-0000-4000-8000-000000000001",
  topic: "Planning",
}
