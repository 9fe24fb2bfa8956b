// The card rules Lark enforces on send/reply/patch, so a card that would fail in production fails here too
// (lark-platform.md §4): schema "2.0", ≤ 30 KB, ≤ 200 components, forms with named fields and a submit button.
import { LarkApiError, LarkCode } from './lark-errors';

export interface CardLimits { maxBytes: number; sizeCode: number; invalidCode: number; label: string }
export const MESSAGE_CARD_LIMITS: CardLimits = { maxBytes: 30 * 1024, sizeCode: LarkCode.contentTooLong, invalidCode: LarkCode.cardInvalid, label: 'card content invalid' };
export const TEXT_MAX_BYTES = 150 * 1024;
const MAX_COMPONENTS = 200;

/** Components that post data back; inside a form each needs a card-unique `name` ("否则数据会发送失败", form-container doc). */
const INTERACTIVE = new Set(['input', 'select_static', 'multi_select_static', 'select_person', 'multi_select_person',
  'date_picker', 'picker_time', 'picker_datetime', 'checker', 'button', 'overflow', 'select_img']);
/** Arrays that hold child components in 1.0 and 2.0 cards. */
const CHILD_KEYS = ['elements', 'columns', 'actions'] as const;

type Node = Record<string, unknown>;

/** Validates a card given as its JSON string; returns the parsed card or throws the code Lark would answer. */
export function checkCardJson(content: string, limits: CardLimits = MESSAGE_CARD_LIMITS): Node {
  const bytes = Buffer.byteLength(content, 'utf8');
  if (bytes > limits.maxBytes) {
    throw new LarkApiError(400, limits.sizeCode, `card content is ${bytes} bytes; the limit is ${limits.maxBytes}`);
  }
  let card: unknown;
  try { card = JSON.parse(content); } catch { throw invalid(limits, 'content is not valid JSON'); }
  checkCard(card, limits);
  return card as Node;
}

export function checkCard(card: unknown, limits: CardLimits = MESSAGE_CARD_LIMITS): void {
  if (!isNode(card)) throw invalid(limits, 'card must be a JSON object');
  if (card.schema !== '2.0') throw invalid(limits, `schema must be "2.0" (got ${JSON.stringify(card.schema)})`);
  const body = card.body === undefined ? {} : card.body;
  if (!isNode(body)) throw invalid(limits, 'body must be an object');
  const root = Array.isArray(body.elements) ? body.elements : [];
  const all = collect(root);
  if (all.length > MAX_COMPONENTS) {
    throw invalid(limits, `card has ${all.length} components; JSON 2.0 allows at most ${MAX_COMPONENTS}`);
  }
  for (const { node, depth } of all) {
    if (node.tag === 'form' && depth > 0) throw invalid(limits, 'a form must sit directly in body.elements, not inside another container');
  }
  for (const form of root.filter((n): n is Node => isNode(n) && n.tag === 'form')) checkForm(form, limits);
  checkUnique(all.map((c) => c.node), limits);
}

function checkForm(form: Node, limits: CardLimits): void {
  const label = typeof form.name === 'string' ? `form "${form.name}"` : 'form';
  const inside = collect(childrenOf(form)).map((c) => c.node);
  if (inside.some((n) => n.tag === 'form')) throw invalid(limits, `${label} contains another form`);
  for (const n of inside) {
    if (INTERACTIVE.has(String(n.tag)) && (typeof n.name !== 'string' || n.name === '')) {
      throw invalid(limits, `${label}: a ${String(n.tag)} has no name; every interactive component in a form needs a unique name`);
    }
  }
  if (!inside.some((n) => n.tag === 'button' && n.form_action_type === 'submit')) {
    throw invalid(limits, `${label} has no button with form_action_type "submit"`);
  }
}

function checkUnique(nodes: Node[], limits: CardLimits): void {
  const names = new Set<string>();
  const ids = new Set<string>();
  for (const n of nodes) {
    if (INTERACTIVE.has(String(n.tag)) && typeof n.name === 'string') {
      if (names.has(n.name)) throw invalid(limits, `component name "${n.name}" is used twice; names must be unique in the card`);
      names.add(n.name);
    }
    if (typeof n.element_id === 'string') {
      // element_id: letters, digits, _, starting with a letter, ≤ 20 chars, unique (card JSON 2.0 structure doc).
      if (!/^[A-Za-z][A-Za-z0-9_]{0,19}$/.test(n.element_id)) throw invalid(limits, `element_id "${n.element_id}" is malformed`);
      if (ids.has(n.element_id)) throw invalid(limits, `element_id "${n.element_id}" is used twice`);
      ids.add(n.element_id);
    }
  }
}

/** Every component, depth-first, counting each element of elements/columns/actions at any depth. */
function collect(list: unknown[], depth = 0, out: { node: Node; depth: number }[] = []): { node: Node; depth: number }[] {
  for (const item of list) {
    if (!isNode(item)) continue;
    out.push({ node: item, depth });
    collect(childrenOf(item), depth + 1, out);
  }
  return out;
}

function childrenOf(node: Node): unknown[] {
  return CHILD_KEYS.flatMap((k) => (Array.isArray(node[k]) ? (node[k] as unknown[]) : []));
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function invalid(limits: CardLimits, why: string): LarkApiError {
  return new LarkApiError(400, limits.invalidCode, `${limits.label}: ${why}`);
}
