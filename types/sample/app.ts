// How the app uses database.types.ts, compiled by `pytest -m types` with `tsc --noEmit --strict`.
// It mirrors the operations in sql/queries/app/ (what PostgREST runs for each call). `Api` is the slice of
// supabase-js's typed client the app calls, declared here so that the check needs no client package: with
// supabase-js the same types come from `createClient<Database>(url, key)`.
import type { Database, Tables, TablesInsert, TablesUpdate } from "../../database.types"

type Public = Database["public"]
type Relation = keyof Public["Tables"] | keyof Public["Views"]
type Fn = keyof Public["Functions"]

export interface Api {
  insert<T extends keyof Public["Tables"]>(table: T, row: TablesInsert<T>): Promise<Tables<T>>
  update<T extends keyof Public["Tables"]>(table: T, id: string, patch: TablesUpdate<T>): Promise<Tables<T>>
  select<T extends Relation>(relation: T, where: Partial<Tables<T>>): Promise<Tables<T>[]>
  rpc<F extends Fn>(fn: F, args: Public["Functions"][F]["Args"]): Promise<Public["Functions"][F]["Returns"]>
}

// The generator was asked for the `public` schema only: the frontend sees no other.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
export const onlyPublic: Same<keyof Database, "public"> = true

// POST /rest/v1/conversations: the app sends tenant, owner, title and model; the rest are defaults.
export async function createConversation(
  api: Api,
  tenantId: string,
  userId: string,
  title: string,
): Promise<Tables<"conversations">> {
  const row: TablesInsert<"conversations"> = { tenant_id: tenantId, user_id: userId, title, model: "gpt-4o" }
  const created = await api.insert("conversations", row)
  const archived: boolean = created.is_archived
  return archived ? api.update("conversations", created.id, { is_archived: false }) : created
}

// POST /rest/v1/messages: one part of a streamed response; tenant_id is set by the database's trigger.
export function appendMessage(api: Api, conversationId: string, content: string): Promise<Tables<"messages">> {
  return api.insert("messages", { conversation_id: conversationId, role: "assistant", content, output_tokens: 1 })
}

// GET /rest/v1/messages?conversation_id=eq.X&order=created_at.asc
export async function readMessages(api: Api, conversationId: string): Promise<{ role: string; text: string }[]> {
  const rows: Tables<"messages">[] = await api.select("messages", { conversation_id: conversationId })
  return rows.map((message) => ({ role: message.role, text: message.content }))
}

// POST /rest/v1/feedback?on_conflict=message_id,user_id: a rating with an optional comment.
export function submitFeedback(api: Api, messageId: string, rating: number, comment?: string) {
  const row: TablesInsert<"feedback"> = { message_id: messageId, rating, comment: comment ?? null }
  return api.insert("feedback", row)
}

// The feedback dashboard (service role): one message's summary row; every column of a view may be null.
export async function averageRating(api: Api, messageId: string): Promise<number> {
  const [summary]: Tables<"message_feedback_summary">[] = await api.select("message_feedback_summary", {
    message_id: messageId,
  })
  const count: number = summary?.feedback_count ?? 0
  return count === 0 ? 0 : (summary?.average_rating ?? 0)
}

// POST /rest/v1/rpc/increment_usage_metrics after each response: typed arguments, the day's row back.
export async function recordUsage(
  api: Api,
  tenantId: string,
  userId: string,
  tokens: { input: number; output: number },
  costUsd: number,
): Promise<number> {
  const args: Public["Functions"]["increment_usage_metrics"]["Args"] = {
    p_tenant_id: tenantId,
    p_user_id: userId,
    p_usage_date: new Date().toISOString().slice(0, 10),
    p_input_tokens: tokens.input,
    p_output_tokens: tokens.output,
    p_cost_usd: costUsd,
  }
  const day = await api.rpc("increment_usage_metrics", args)
  return day.request_count
}

// GET /rest/v1/current_day_usage: today's usage through the caller's RLS.
export async function tokensToday(api: Api, userId: string): Promise<number> {
  const rows = await api.select("current_day_usage", { user_id: userId })
  return rows.reduce((sum, row) => sum + (row.total_tokens ?? 0), 0)
}
