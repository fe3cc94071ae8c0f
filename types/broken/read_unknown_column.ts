// Deliberately broken (kept as data for tests/test_types.py): the app reads `body` from a message row;
// the column is `content`. tsc must refuse it.
import type { Tables } from "../../database.types"

export function texts(rows: Tables<"messages">[]): string[] {
  return rows.map((message) => message.body)
}
